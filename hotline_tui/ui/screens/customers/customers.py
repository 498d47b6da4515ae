"""Customer units (S1, S2, S3): find a unit by name, phone, dongle or serial number,
view and edit it and its contacts, see its history, and work the review list.

Every read and write runs in a service call off the UI thread; restricted files
show the minimum view to non-managers and each opening is logged (S2).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static

from hotline_tui.i18n import _
from hotline_tui.services.customers import contacts as svc
from hotline_tui.services.customers import records
from hotline_tui.services.customers.contacts import CATEGORIES
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.customers.detail import contact_rows, history_cells, unit_panel
from hotline_tui.ui.widgets.customers.first_visit import SaleAndFirstVisit
from hotline_tui.ui.widgets.customers.forms import (
    UNIT_FIELDS,
    ContactDialog,
    ContactLeftDialog,
    CustomerDialog,
)
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable


class CustomersScreen(SaleAndFirstVisit, HotlineScreen):
    LIVE_KINDS = frozenset({"customer", "contact", "customer_product"})
    _relist: Any = None
    _relisting = False

    def live_changed(self, event: object) -> None:
        """Another desk changed a unit: the list shown is asked again, in place."""
        if self._relist is not None:
            self._relisting = True  # the file open beside the list stays open
            self._relist()

    BINDINGS = [
        Binding("slash", "find", "Find", id="customers.find"),
        Binding("v", "review", "Review list", id="customers.review"),
        Binding("n", "new_unit", "New unit", id="customers.new"),
        Binding("e", "edit_unit", "Edit unit", id="customers.edit"),
        Binding("c", "mark_checked", "Mark checked", id="customers.checked"),
        Binding("a", "add_contact", "Add contact", id="customers.contact_add"),
        Binding("k", "edit_contact", "Edit contact", id="customers.contact_edit"),
        Binding("l", "contact_left", "Contact left", id="customers.contact_left"),
        Binding("s", "register_sale", "Sale", id="customers.sale"),
        Binding("f", "first_visit", "First visit", id="customers.first_visit"),
        Binding("h", "needs", "Needs", id="customers.needs"),
        Binding("x", "destroy", "Destroy file", id="customers.destroy"),
        Binding("d", "dial", "Dial", id="customers.dial"),
    ]
    DEFAULT_CSS = """
    CustomersScreen #customer-search { margin: 0 1; }
    CustomersScreen #customers-body { height: 1fr; }
    CustomersScreen #customer-list { width: 60; height: 1fr; }
    CustomersScreen #customer-pane { width: 1fr; padding: 0 1; }
    CustomersScreen #customer-detail { height: auto; }
    CustomersScreen #contact-table { height: 4; }
    CustomersScreen #history-table { height: auto; max-height: 14; }
    CustomersScreen .section { text-style: bold; margin: 1 0 0 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.units: list[Any] = []
        self.file: records.CustomerFile | None = None

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("Customers"), classes="title", id="customers-title")
        yield Input(
            placeholder=_(
                "Find a unit: name, phone, dongle or serial number, then Enter; "
                "Tab to the list and its keys"
            ),
            id="customer-search",
        )
        with Horizontal(id="customers-body"):
            yield PlainTable(id="customer-list", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="customer-pane"):
                yield Static(_("Choose a unit and press Enter to open it."), id="customer-detail")
                with Vertical(id="customer-sections"):
                    yield Static(_("Contacts"), classes="section")
                    yield PlainTable(id="contact-table", cursor_type="row")
                    yield Static(
                        _("Calls, dispatches, callbacks and complaints"), classes="section"
                    )
                    yield PlainTable(id="history-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        units = self.query_one("#customer-list", DataTable)
        units.add_column(_("Unit"), key="name", width=30)
        units.add_column(_("Category"), key="category", width=8)
        units.add_column(_("Checked"), key="checked", width=11)
        contacts = self.query_one("#contact-table", DataTable)
        # What matters first stays visible in the narrow pane at 120 columns:
        # who the contact is and whether they left; when a history item is due.
        for label in ("Name", "Status", "Mobile", "Phone", "Position"):
            contacts.add_column(_(label))
        history = self.query_one("#history-table", DataTable)
        for label in ("Kind", "Time", "Status", "Due"):
            history.add_column(_(label))
        history.add_column(_("Summary"), width=30)
        history.add_column(_("Reference"))
        self.query_one("#customer-sections").display = False
        self.query_one("#customer-search", Input).focus()
        self.action_review(focus=False)  # S1: the records due for checking, until a search

    # -- finding -----------------------------------------------------------------
    def action_find(self) -> None:
        self.query_one("#customer-search", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "customer-search":
            return
        text = event.value.strip()
        if not text:
            return
        self._relist = lambda: self.call_service(
            svc.search_customers, text, 50, self.ctx, done=self._refound, group="customers-find"
        )
        self.call_service(
            svc.search_customers, text, 50, self.ctx, done=self._found, group="customers-find"
        )

    def _refound(self, units: list[Any]) -> None:
        self.show_units(units, _("Found {n} units", n=len(units)), focus=False)

    def _found(self, units: list[Any]) -> None:
        self.show_units(units, _("Found {n} units", n=len(units)))
        if len(units) == 1:
            self.open_unit(units[0].id)

    def action_review(self, focus: bool = True) -> None:
        """S1: units not checked for the review period, oldest first."""
        self._relist = lambda: self.action_review(focus=False)
        self.call_service(
            records.due_for_review,
            self.ctx,
            done=lambda units: self.show_units(
                units,
                _(
                    "Due for review (S1): {n} units not checked for {m} months",
                    n=len(units),
                    m=self.ctx.policy.customer_review_months,
                ),
                focus=focus,
            ),
            group="customers-find",
        )

    def show_units(self, units: list[Any], title: str, focus: bool = True) -> None:
        self.units = units
        live, self._relisting = self._relisting, False
        if (
            not live
            and self.file is not None
            and self.file.view.customer.id not in {u.id for u in units}
        ):
            self.close_file()  # never show one unit's file beside another unit's list
        self.query_one("#customers-title", Static).update(title)
        table = self.query_one("#customer-list", PlainTable)
        rows = []
        for u in units:
            checked = self.ctx.local(u.checked_at).format("YYYY-MM-DD") if u.checked_at else "—"
            rows.append((str(u.id), [u.name, _(CATEGORIES.get(u.category, u.category)), checked]))
        table.sync_rows(rows)  # in place: the cursor stays on its unit
        if units and focus:
            table.focus()
        elif not units:
            self.notify(_("No unit found"), severity="warning")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "customer-list" and event.row_key.value:
            self.open_unit(int(event.row_key.value))

    # -- one unit ----------------------------------------------------------------
    def open_unit(self, customer_id: int) -> None:
        """Open the file: the service logs restricted openings (S2)."""
        self.call_service(records.open_customer_file, self.ctx, customer_id, done=self.show_file)

    def close_file(self) -> None:
        self.file = None
        self.query_one("#customer-detail", Static).update(
            _("Choose a unit and press Enter to open it.")
        )
        self.query_one("#customer-sections").display = False

    def reopen(self, _result: Any = None) -> None:
        if self.file is not None:
            self.open_unit(self.file.view.customer.id)

    def show_file(self, file: records.CustomerFile) -> None:
        self.file = file
        self.query_one("#customer-detail", Static).update(unit_panel(self.ctx, file))
        self.query_one("#customer-sections").display = True
        contacts = self.query_one("#contact-table", DataTable)
        contacts.clear()
        for contact_id, cells in contact_rows(file):
            contacts.add_row(*cells, key=str(contact_id))
        contacts.styles.height = contacts.row_count + 2  # header + rows + scrollbar
        history = self.query_one("#history-table", DataTable)
        history.clear()
        for row in file.history.rows:
            history.add_row(*history_cells(self.ctx, row), key=f"{row.kind}:{row.id}")

    def _full_file(self) -> records.CustomerFile | None:
        """The open file, if the operator may change it (a minimum view may not be saved)."""
        if self.file is None:
            self.notify(_("Open a unit first"), severity="warning")
            return None
        if not self.file.view.full:
            self.notify(_("Restricted file: only a manager may change it (S2)"), severity="warning")
            return None
        return self.file

    def action_destroy(self) -> None:
        """S2: anyone may ask with a reason; a manager other than the asker approves."""
        from hotline_tui.services.customers import destruction as destroy
        from hotline_tui.ui.screens.calls.intake_dialogs import YesNoDialog
        from hotline_tui.ui.screens.duty.handover_dialogs import TextPrompt

        file = self._full_file()
        if file is None:
            return
        c, ctx = file.view.customer, self.ctx
        if c.destroy_reason and ctx.can("customer.destroy"):
            question = _(
                "Destroy {name} for good? Asked because: {why}", name=c.name, why=c.destroy_reason
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self.call_service(
                        destroy.approve_destruction,
                        ctx,
                        c.id,
                        done=lambda _c: (self.notify(_("Customer file destroyed")), self.reopen()),
                    )

            self.app.push_screen(YesNoDialog(question), answered)
            return

        def reason_given(reason: str | None) -> None:
            if reason:
                self.call_service(
                    destroy.request_destruction,
                    ctx,
                    c.id,
                    reason,
                    done=lambda _c: (
                        self.notify(_("Destruction asked for; a manager must approve it")),
                        self.reopen(),
                    ),
                )

        self.app.push_screen(TextPrompt(_("Why is this file to be destroyed?")), reason_given)

    def _contact_under_cursor(self) -> Any | None:
        table = self.query_one("#contact-table", DataTable)
        if self.file is None or not table.row_count:
            self.notify(_("Choose a contact first"), severity="warning")
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next(c for c in self.file.view.contacts if str(c.id) == key)

    # -- changes -----------------------------------------------------------------
    # Each dialog runs its service itself and closes only once it succeeded, so a
    # refused save marks the field and keeps what was typed; the callback gets the result.
    def action_dial(self) -> None:
        """Ring the operator's phone, then the contact's (AMI Originate; docs/TELEPHONY.md)."""
        from hotline_tui.services.calls.dial_out import dial_number

        contact = self._contact_under_cursor()
        if contact is None:
            return
        number = contact.mobile or contact.phone
        if not number:
            self.notify(_("No phone number for this contact"), severity="warning")
            return
        self.call_service(
            dial_number,
            self.ctx,
            number,
            done=lambda n: self.notify(_("Dialling {number}", number=n)),
        )

    def action_new_unit(self) -> None:
        ctx = self.ctx

        def saved(unit: Any | None) -> None:
            if unit is not None:
                self._saved()
                self.open_unit(unit.id)

        self.app.push_screen(
            CustomerDialog(_("New customer unit"), submit=lambda v: svc.create_customer(ctx, **v)),
            saved,
        )

    def action_edit_unit(self) -> None:
        file = self._full_file()
        if file is None:
            return
        c = file.view.customer
        values = {name: getattr(c, name, "") for name, _label in UNIT_FIELDS}
        values.update(category=c.category, confidentiality=c.confidentiality)
        values["specialist_no"] = c.specialist.agent_no if c.specialist_id else ""  # S1

        ctx = self.ctx

        def saved(unit: Any | None) -> None:
            if unit is not None:
                self._saved()
                self.reopen()
                self._refresh_row(unit)

        self.app.push_screen(
            CustomerDialog(
                _("Edit {name}", name=c.name),
                values,
                submit=lambda v: svc.update_customer(ctx, c.id, **v),
            ),
            saved,
        )

    def action_mark_checked(self) -> None:
        file = self._full_file()
        if file is not None:
            self.call_service(
                records.mark_checked,
                self.ctx,
                file.view.customer.id,
                done=lambda unit: (
                    self.notify(_("Checked today: off the review list (S1)")),
                    self.reopen(),
                    self._refresh_row(unit),
                ),
            )

    def action_add_contact(self) -> None:
        file = self._full_file()
        if file is None:
            return

        ctx, customer_id = self.ctx, file.view.customer.id
        self.app.push_screen(
            ContactDialog(
                _("New contact"), submit=lambda v: svc.add_contact(ctx, customer_id, **v)
            ),
            self._saved_and_reopen,
        )

    def action_edit_contact(self) -> None:
        if self._full_file() is None:
            return
        contact = self._contact_under_cursor()
        if contact is None:
            return
        values = {k: getattr(contact, k) for k in ("name", "title", "position", "phone")}
        values.update(mobile=contact.mobile, email=contact.email, im=contact.im)

        ctx = self.ctx
        self.app.push_screen(
            ContactDialog(
                _("Edit {name}", name=contact.name),
                values,
                submit=lambda v: svc.update_contact(ctx, contact.id, **v),
            ),
            self._saved_and_reopen,
        )

    def action_contact_left(self) -> None:
        """S1: mark the contact under the cursor as left and name the successor."""
        if self.file is None:
            self.notify(_("Open a unit first"), severity="warning")
            return
        contact = self._contact_under_cursor()
        if contact is None:
            return
        if contact.left_company:
            self.notify(_("{name} is already marked as left", name=contact.name))
            return
        others = [
            (c.name, c.id)
            for c in self.file.view.contacts
            if c.id != contact.id and not c.left_company
        ]

        ctx = self.ctx

        def submit(values: dict[str, Any]) -> Any:
            new = {"name": values["name"].strip(), "mobile": values["mobile"].strip()}
            return records.replace_contact(
                ctx, contact.id, values["replacement_id"], new if new["name"] else None
            )

        self.app.push_screen(
            ContactLeftDialog(contact.name, others, submit=submit), self._saved_and_reopen
        )

    # -- after a change ------------------------------------------------------------
    def _saved(self) -> None:
        self.notify(_("Saved"))

    def _saved_and_reopen(self, result: Any = None) -> None:
        if result is not None:  # None: the dialog was cancelled
            self._saved()
            self.reopen()

    def _refresh_row(self, unit: Any) -> None:
        table = self.query_one("#customer-list", DataTable)
        key = str(unit.id)
        if key not in {k.value for k in table.rows}:
            return
        table.update_cell(key, "name", unit.name)
        table.update_cell(key, "category", _(CATEGORIES.get(unit.category, unit.category)))
        if unit.checked_at:
            table.update_cell(key, "checked", self.ctx.local(unit.checked_at).format("YYYY-MM-DD"))
