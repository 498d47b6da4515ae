"""The dispatch screen's dialogs: a reason, an engineer picker with loads (D2),
an appointment with a working-day aware time input (D3), the sign-off (D4),
the vendor escalation (D5) and the QA sample (D6).

Each dialog only collects and checks input; the screen calls the service.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, DataTable, Input, Label, Static

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.dispatch.queries import EngineerLoad
from hotline_tui.ui.support import FormModal, HotlineModal
from hotline_tui.ui.widgets.plain_table import PlainTable

DAY_KINDS = {
    "workday": N_("working day"),
    "weekend": N_("weekend: the customer's office is usually closed"),
    "holiday": N_("public holiday: the customer's office is usually closed"),
    "adjusted_workday": N_("adjusted working weekend (调休)"),
}
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


class FormDialog(FormModal[dict[str, Any]]):
    """A small form: labelled inputs, ctrl+s or enter on the last field to submit."""

    BINDINGS = [Binding("ctrl+s", "submit", "Save", id="dispatch.form.save")]
    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical { width: 80; height: auto; border: round $primary; padding: 1 2;
        background: $surface; }
    FormDialog .error { height: auto; }
    """

    def __init__(self, title: str, fields: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields  # (name, label msgid, initial value)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="title")
            for name, label, value in self.fields:
                yield Label(_(label))
                yield Input(value=value, id=f"f-{name}")
            yield from self.extra()
            yield Static("", id="form-error", classes="error")
            yield Static(_("Enter: next field / save · Esc: cancel"), classes="hint")

    def extra(self) -> ComposeResult:
        return iter(())

    def values(self) -> dict[str, Any]:
        return {name: self.query_one(f"#f-{name}", Input).value for name, _l, _v in self.fields}

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        """Refuse empty fields here; the service checks everything again."""
        for name, label, _v in self.fields:
            if not str(values[name]).strip():
                raise ValidationError(name, "{field} is required", field=_(label))
        return values

    def submit_form(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        try:
            self.dismiss(self.check(self.values()))
        except ValidationError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            field = self.query(f"#f-{exc.field}")
            if field:
                field.first().focus()


class ReasonDialog(FormDialog):
    """One line of text: a reason, a note."""

    def __init__(self, title: str, label: str = N_("Reason")) -> None:
        super().__init__(title, [("text", label, "")])


class SignOffDialog(FormDialog):
    """D4: who signed the sheet, what was done, the cause and its prevention as
    explained, that the customer checked the result (a tick), and their opinion."""

    def __init__(self, title: str, contact: str) -> None:
        super().__init__(
            title,
            [
                ("signer", N_("Signed by (customer)"), contact),
                ("work_done", N_("Work done"), ""),
                ("cause", N_("Cause explained"), ""),
                ("prevention", N_("How to prevent it"), ""),
                ("customer_opinion", N_("Customer's opinion"), ""),
            ],
        )

    def extra(self) -> ComposeResult:
        from textual.widgets import Checkbox

        yield Checkbox(_("Customer checked the result"), id="f-customer_checked")

    def values(self) -> dict[str, Any]:
        from textual.widgets import Checkbox

        out = super().values()
        out["customer_checked"] = self.query_one("#f-customer_checked", Checkbox).value
        return out

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        values = super().check(values)
        if not values["customer_checked"]:
            raise ValidationError(
                "customer_checked", "Have the customer try the system and check the result first"
            )
        return values


class EscalateDialog(FormDialog):
    """D5: the vendor's case reference and what was reported."""

    def __init__(self, title: str) -> None:
        super().__init__(
            title,
            [
                ("vendor_ref", N_("Vendor case reference"), ""),
                ("note", N_("Reported to vendor"), ""),
            ],
        )


def describe_time(when: datetime, cal: BusinessCalendar) -> str:
    """ "Mon 2026-11-30 14:00 · working day" in the center's zone (D3, W1)."""
    local = cal.local(when)
    kind = _(DAY_KINDS[cal.day_kind(local.date())])
    return f"{_(WEEKDAYS[local.weekday()])} {local.format('YYYY-MM-DD HH:mm')} · {kind}"


class AppointmentDialog(FormDialog):
    """D3: a visit time typed as +1 14:00, 11-25 09:30, 2026-11-25 or today 15:00,
    or picked with the arrow keys (up/down: a working day, page up/down: half an
    hour), previewed with its weekday and day kind; a reschedule adds reason and
    consent."""

    BINDINGS = [
        Binding("down", "step(1, 0)", "Next working day", id="dispatch.when.next_day"),
        Binding("up", "step(-1, 0)", "Previous working day", id="dispatch.when.prev_day"),
        Binding("pagedown", "step(0, 30)", "30 min later", id="dispatch.when.later"),
        Binding("pageup", "step(0, -30)", "30 min earlier", id="dispatch.when.earlier"),
    ]

    def __init__(
        self, title: str, cal: BusinessCalendar, now: datetime, *, reschedule: bool = False
    ) -> None:
        fields = [("when", N_("Visit time"), "")]
        if reschedule:
            fields.append(("reason", N_("Why the time changes"), ""))
        super().__init__(title, fields)
        self.cal, self.now, self.reschedule = cal, now, reschedule

    def extra(self) -> ComposeResult:
        yield Static(
            _(
                "+1 = next working day, +2 14:00, 11-25 09:30, 2026-11-25, today 15:00;"
                " ↑↓ working day, PgUp/PgDn half an hour"
            ),
            classes="hint",
        )
        yield Static("", id="when-preview")
        if self.reschedule:
            yield Checkbox(_("The customer agreed to the new time"), True, id="agreed")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "f-when":
            return
        preview = self.query_one("#when-preview", Static)
        if not event.value.strip():
            preview.update("")
            return
        try:
            preview.update("→ " + describe_time(self.parse(event.value), self.cal))
        except ValidationError as exc:
            preview.update(f"[red]{exc}[/]")

    def parse(self, text: str) -> datetime:
        return flow.parse_appointment(text, self.now, self.cal)

    def action_step(self, days: int, minutes: int) -> None:
        """Move the visit time by working days or minutes (W1), from what is typed."""
        field = self.query_one("#f-when", Input)
        try:
            current = self.parse(field.value) if field.value.strip() else None
        except ValidationError:
            current = None
        when = flow.step_appointment(current, self.now, self.cal, days=days, minutes=minutes)
        field.value = self.cal.local(when).format("YYYY-MM-DD HH:mm")
        field.cursor_position = len(field.value)
        field.focus()

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        values = super().check(values)
        values["when"] = self.parse(values["when"])
        if self.reschedule:
            values["agreed"] = self.query_one("#agreed", Checkbox).value
        return values


class AssignDialog(HotlineModal[int]):
    """D2: pick a field engineer, seeing each one's open orders and today's visits."""

    BINDINGS = [Binding("enter", "pick", "Assign", id="dispatch.assign.pick")]
    DEFAULT_CSS = """
    AssignDialog { align: center middle; }
    AssignDialog > Vertical { width: 80; height: auto; max-height: 24; border: round $primary;
        padding: 1 2; background: $surface; }
    """

    def __init__(self, title: str, loads: list[EngineerLoad], day: date | None = None) -> None:
        super().__init__()
        self.dialog_title, self.loads, self.day = title, loads, day

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.dialog_title, classes="title")
            yield PlainTable(id="engineers", cursor_type="row")
            yield Static(_("Enter: assign · Esc: cancel"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Agent no."), key="no")
        table.add_column(_("Field engineer"), key="name")
        table.add_column(_("Open orders"), key="open")
        visits = _("Visits on {day}", day=f"{self.day:%m-%d}") if self.day else _("Visits today")
        table.add_column(visits, key="today")
        for e in self.loads:
            table.add_row(
                e.agent_no, e.name, str(e.open_orders), str(e.appointments), key=str(e.id)
            )
        table.styles.height = min(len(self.loads) + 1, 16)  # no blank rows under a short list
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_pick()

    def action_pick(self) -> None:
        table = self.query_one(DataTable)
        if self.loads and table.cursor_row is not None:
            self.dismiss(self.loads[table.cursor_row].id)


class ConfirmListDialog(HotlineModal[bool]):
    """D6: the suggested QA sample, accepted with Enter."""

    BINDINGS = [Binding("enter", "accept", "Accept", id="dispatch.qa.accept")]
    DEFAULT_CSS = """
    ConfirmListDialog { align: center middle; }
    ConfirmListDialog > Vertical { width: 90; height: auto; max-height: 30;
        border: round $primary; padding: 1 2; background: $surface; }
    """

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.dialog_title, self.lines = title, lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.dialog_title, classes="title")
            yield Static("\n".join(self.lines), id="confirm-lines")
            yield Static(_("Enter: accept · Esc: cancel"), classes="hint")

    def action_accept(self) -> None:
        self.dismiss(True)
