"""The first-visit dialog (S3): walk the first-visit script with y/n and Space,
record each need with its department, Ctrl+S hands the answers back.

The dialog only collects; the screen calls services.customer_first_visit, which
checks everything again (a need without a department is refused there too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.markup import escape
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain.scripts import ScriptRun
from hotline_tui.i18n import _
from hotline_tui.services.customers import contacts as svc
from hotline_tui.services.customers import first_visit
from hotline_tui.services.customers.first_visit import DEPARTMENTS
from hotline_tui.shipped import call_scripts
from hotline_tui.ui.support import HotlineModal, ScreenMixin
from hotline_tui.ui.widgets.calls.script_panel import ScriptPanel
from hotline_tui.ui.widgets.calls.script_runner import ScriptRunner, form_row, script_bindings
from hotline_tui.ui.widgets.customers.forms import SaleDialog, sale_time
from hotline_tui.ui.widgets.plain_table import PlainTable


class FirstVisitDialog(ScriptRunner, HotlineModal[dict[str, Any]]):
    """S3: script on top, reason field, needs with departments below."""

    BINDINGS = [
        *script_bindings("customers.visit"),
        Binding("ctrl+s", "save", "Save", id="customers.visit.save", priority=True),
        *[
            Binding(str(i), f"department({i})", show=False, id=f"customers.visit.department.{i}")
            for i in range(1, len(DEPARTMENTS) + 1)
        ],
    ]
    AUTO_FOCUS = None  # keys answer the script; Tab reaches the fields
    DEFAULT_CSS = """
    FirstVisitDialog { align: center middle; }
    FirstVisitDialog > Vertical { width: 96; height: auto; max-height: 95%;
        border: round $primary; padding: 0 2; background: $surface; }
    FirstVisitDialog ScriptPanel { max-height: 18; }
    FirstVisitDialog .form-row { height: auto; margin: 1 0 0 0; }
    FirstVisitDialog .form-row Label { width: 12; }
    FirstVisitDialog #fv-need { width: 1fr; }
    FirstVisitDialog #fv-reason { width: 1fr; }
    FirstVisitDialog #fv-needs { height: auto; color: $text; }
    """

    def __init__(self, title: str, run: ScriptRun, values: Mapping[str, object]) -> None:
        super().__init__()
        self.form_title, self.run_, self.values = title, run, values
        self.needs: list[dict[str, str]] = []
        self.reason_id = "fv-reason"
        self.pending_no = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="title")
            yield ScriptPanel(id="fv-script")
            reason = _("Why the answer is no (F6)")
            yield form_row(_("Reason"), Input(placeholder=reason, id="fv-reason", compact=True))
            need = _("Type the need, Enter, then its department")
            yield form_row(_("Need"), Input(placeholder=need, id="fv-need", compact=True))
            departments = "  ".join(
                f"{i}={_(label)}" for i, label in enumerate(DEPARTMENTS.values(), 1)
            )
            yield Static(_("Department: {list}", list=departments), id="fv-depts", classes="hint")
            yield Static("", id="fv-needs")
            yield Static("", id="fv-error", classes="error")
            yield Static(
                _("Y/N answer, Space next line, Tab to the fields, Ctrl+S save, Esc cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._refresh()
        self.call_after_refresh(self.set_focus, None)  # keys answer; Tab reaches the fields

    def _refresh(self) -> None:
        self.query_one(ScriptPanel).show(self.run_, self.values)
        lines = [
            f"{i}. {escape(n['text'])}  → {_(DEPARTMENTS[n['department']])}"
            for i, n in enumerate(self.needs, 1)
        ]
        self.query_one("#fv-needs", Static).update("\n".join(lines))

    def _error(self, message: str) -> None:
        self.query_one("#fv-error", Static).update(message)

    # -- the script (Y/N/Space: ScriptRunner) ----------------------------------------
    def _answered(self) -> None:
        if self.run_.current == "record_needs":
            self.query_one("#fv-need", Input).focus()

    # -- needs (S3: each with the department it belongs to) --------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == self.reason_id:
            self.reason_submitted()
        elif event.input.id == "fv-need":
            self.set_focus(None)  # the digit keys now pick the department
            if event.value.strip():
                self._error(_("Press the number of the department this need belongs to"))

    def action_department(self, n: int) -> None:
        """S3: the need typed goes to department n (the list under the field)."""
        need = self.query_one("#fv-need", Input)
        if not need.value.strip():
            return
        dept = list(DEPARTMENTS)[n - 1]
        self.needs.append({"text": need.value.strip(), "department": dept})
        need.value = ""
        self._error("")
        self._refresh()
        need.focus()

    def action_save(self) -> None:
        pending = self.query_one("#fv-need", Input).value.strip()
        if pending:
            self._error(_("Choose the department of the need being typed (S3)"))
            self.set_focus(None)
            return
        if self.run_.answers.get("needs", {}).get("answer") == "yes" and not self.needs:
            self._error(_("The customer has needs: record each with its department (S3)"))
            self.query_one("#fv-need", Input).focus()
            return
        if "verify_record" not in self.run_.answers:
            self._error(_("Verify the record with the customer first (S3)"))
            return
        self.dismiss({"answers": dict(self.run_.answers), "needs": list(self.needs)})


class NeedsDialog(HotlineModal[int]):
    """S3: needs recorded on first visits, by hand-over deadline (next working day's
    start), with the department each belongs to; Enter opens the unit."""

    DEFAULT_CSS = """
    NeedsDialog { align: center middle; }
    NeedsDialog > Vertical { width: 110; height: auto; max-height: 90%;
        border: round $primary; padding: 0 1; background: $surface; }
    NeedsDialog DataTable { height: auto; max-height: 24; }
    """

    def __init__(self, needs: list[dict[str, Any]]) -> None:
        super().__init__()
        self.needs = needs

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                _("Needs from first visits (S3): hand over by the next working day's start"),
                classes="title",
            )
            yield PlainTable(id="needs-table", cursor_type="row", zebra_stripes=True)
            if not self.needs:
                yield Static(_("No needs recorded in the last 7 days."))
            yield Static(_("Enter: open the unit · Esc: close"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Hand over by"))
        table.add_column(_("Department"))
        table.add_column(_("Unit"))
        table.add_column(_("Need"), width=40)
        now = self.ctx.now()
        for i, n in enumerate(self.needs):
            due = RichText(self.ctx.local(n["handover_due"]).format("MM-DD HH:mm"))
            if n["handover_due"] < now:
                due.stylize("bold red")
            table.add_row(due, _(DEPARTMENTS[n["department"]]), n["unit"], n["text"], key=str(i))
        table.styles.height = table.row_count + 1  # header and rows, no empty band below
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self.needs[int(event.row_key.value)]["customer_id"])


class SaleAndFirstVisit(ScreenMixin):
    """The customers screen's S3 actions (a mixin: the screen provides `file`,
    `ctx`, `call_service`, `_full_file` and `reopen`)."""

    def action_register_sale(self) -> None:
        """S3: record a sale; the first-visit task is due within policy.first_visit_days."""
        file = self._full_file()
        if file is None:
            return
        unit = file.view.customer

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            try:
                sold_at = sale_time(self.ctx, values["sold_on"])
            except ValueError:
                self.notify(_("Type the date as YYYY-MM-DD"), severity="error")
                return
            self.call_service(
                svc.register_sale,
                self.ctx,
                unit.id,
                sold_at,
                done=lambda task: (
                    self.notify(
                        _(
                            "First visit due by {due} (S3)",
                            due=self.ctx.local(task.due_at).format("YYYY-MM-DD HH:mm"),
                        )
                    ),
                    self.reopen(),
                ),
            )

        today = self.ctx.local(self.ctx.now()).format("YYYY-MM-DD")
        self.app.push_screen(SaleDialog(unit.name, today), save)

    def action_needs(self) -> None:
        """S3: the needs recorded on first visits, for hand-over to the departments."""

        def opened(customer_id: int | None) -> None:
            if customer_id:
                self.open_unit(customer_id)

        self.call_service(
            first_visit.pending_needs,
            self.ctx,
            done=lambda needs: self.app.push_screen(NeedsDialog(needs), opened),
        )

    def action_first_visit(self) -> None:
        """S3: work the open first-visit task with its script."""
        file = self._full_file()
        if file is None:
            return
        task = file.first_visit
        if task is None:
            self.notify(_("No open first-visit task for this unit"), severity="warning")
            return
        contact = next((k for k in file.view.contacts if k.id == task.contact_id), None)
        values = {
            "agent_no": self.ctx.actor.agent_no,
            "center": self.ctx.settings.center_name,
            "name": contact.name if contact else "",
            "title": contact.title if contact else "",
        }
        run = ScriptRun(call_scripts()[first_visit.SCRIPT_ID])

        def save(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            self.call_service(
                first_visit.complete_first_visit,
                self.ctx,
                task.id,
                result["answers"],
                result["needs"],
                expected_version=task.version,
                done=lambda done: (
                    self.notify(
                        _(
                            "First visit recorded; {n} needs to hand over",
                            n=len(done.answers["needs"]),
                        )
                    ),
                    self.reopen(),
                ),
            )

        title = _("First visit: {name}", name=file.view.customer.name)
        self.app.push_screen(FirstVisitDialog(title, run, values), save)
