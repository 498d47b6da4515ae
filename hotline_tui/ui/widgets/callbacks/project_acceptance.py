"""F3 from the callbacks screen: a project was accepted, schedule its final
callback. Find the unit by name (or phone, dongle, serial number: the same
search as the customers screen), pick it, give the acceptance date (today by
default, in the center's zone), Ctrl+S saves. A refused save keeps what was
typed and says why; the service checks the date again."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.callbacks.care import record_project_acceptance_on
from hotline_tui.services.customers.contacts import search_customers
from hotline_tui.store.models import Callback
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.calls.script_runner import form_row


class ProjectAcceptanceDialog(HotlineModal[Callback]):
    """Unit search, the match list, the acceptance date; closes with the F3 callback."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="callbacks.accepted.save", priority=True),
    ]
    DEFAULT_CSS = """
    ProjectAcceptanceDialog { align: center middle; }
    ProjectAcceptanceDialog > Vertical { width: 90; height: auto; max-height: 90%;
        border: round $primary; padding: 0 2; background: $surface; }
    ProjectAcceptanceDialog .form-row { height: auto; margin: 1 0 0 0; }
    ProjectAcceptanceDialog .form-row Label { width: 14; }
    ProjectAcceptanceDialog .form-row Input { width: 1fr; }
    ProjectAcceptanceDialog OptionList { height: auto; max-height: 10; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.units: list[Any] = []
        self.chosen: Any = None

    def compose(self) -> ComposeResult:
        today = self.ctx.local(self.ctx.now()).format("YYYY-MM-DD")
        with Vertical():
            yield Static(_("Project accepted: schedule the final callback (F3)"), classes="title")
            find = _("Name, phone, dongle or serial number; Enter searches")
            yield form_row(_("Customer"), Input(placeholder=find, id="pa-search", compact=True))
            yield OptionList(id="pa-units")
            yield Static(_("No unit chosen yet"), id="pa-unit", classes="hint")
            yield form_row(
                _("Accepted on"), Input(today, placeholder="YYYY-MM-DD", id="pa-date", compact=True)
            )
            yield Static("", id="pa-error", classes="error")
            yield Static(
                _("Enter searches, Down and Enter pick the unit, Ctrl+S saves, Esc cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#pa-units", OptionList).display = False
        self.query_one("#pa-search", Input).focus()

    def _error(self, message: str) -> None:
        self.query_one("#pa-error", Static).update(escape(message))

    # -- finding the unit ------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "pa-date":
            self.action_save()
        elif event.value.strip():
            self.call_service(
                search_customers, event.value, done=self._found, group="pa-find", exclusive=True
            )

    def _found(self, units: list[Any]) -> None:
        self.units = units
        self.chosen = None  # a new search: the unit is chosen again from its answers
        self.query_one("#pa-unit", Static).update(_("No unit chosen yet"))
        options = self.query_one("#pa-units", OptionList)
        options.clear_options()
        options.add_options(
            Option(escape(f"{u.name}  #{u.id}  {u.address}".strip()), id=str(i))
            for i, u in enumerate(units)
        )
        options.display = bool(units)
        if not units:
            self._error(_("No unit matches"))
        elif len(units) == 1:
            self._choose(units[0])
        else:
            self._error("")
            options.highlighted = 0
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(self.units[int(event.option.id or 0)])

    def _choose(self, unit: Any) -> None:
        self.chosen = unit
        self._error("")
        self.query_one("#pa-unit", Static).update(escape(_("Unit: {name}", name=unit.name)))
        self.query_one("#pa-date", Input).focus()

    # -- saving ----------------------------------------------------------------------
    def action_save(self) -> None:
        if self.chosen is None:
            self._error(_("Find and choose the unit first"))
            self.query_one("#pa-search", Input).focus()
            return
        self.call_service(
            record_project_acceptance_on,
            self.ctx,
            self.chosen.id,
            self.query_one("#pa-date", Input).value,
            done=self.dismiss,
            failed=self._refused,
        )

    def _refused(self, exc: HotlineError) -> None:
        """What was typed stays; the message says what to change."""
        self._error(str(exc))
        self.query_one("#pa-date", Input).focus()
