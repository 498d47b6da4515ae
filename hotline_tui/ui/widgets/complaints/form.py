"""The complaint registration form (C6): every field of the paper form, each
with its own error line, so a refusal from the service shows beside the field
it names. The form calls the service itself and closes with the new complaint.
"""

from __future__ import annotations

from typing import Any

import pendulum
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.domain.scripts import ScriptRun, load_scripts
from hotline_tui.i18n import N_, _
from hotline_tui.paths import DATA_DIR
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.complaints import handling as svc
from hotline_tui.store.models import Complaint
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.calls.script_panel import ScriptPanel

TIME_FORMAT = "YYYY-MM-DD HH:mm"

#: (field, label msgid, kind): the C6 form in the paper form's order.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("source", N_("Source"), "source"),
    ("received_at", N_("Complaint time"), "input"),
    ("complainant_unit", N_("Complainant unit"), "input"),
    ("complainant", N_("Complainant"), "input"),
    ("phone", N_("Phone"), "input"),
    ("email", N_("E-mail"), "input"),
    ("unit_address", N_("Unit address"), "input"),
    ("department", N_("Department complained about"), "input"),
    ("person", N_("Person complained about (agent no.)"), "input"),
    ("level", N_("Level"), "level"),
    ("category", N_("Category"), "category"),
    ("product", N_("Product"), "input"),
    ("version_text", N_("Version"), "input"),
    ("modules", N_("Modules"), "input"),
)
#: Service field names that the form shows under another name.
ALIASES = {"person_id": "person", "customer_id": "complainant_unit", "call_id": "description"}


def register_from_form(ctx: ServiceContext, values: dict[str, Any]) -> Complaint:
    """Resolve the typed agent number and time, then register (runs in a worker)."""
    data = dict(values)
    agent_no = str(data.pop("person", "") or "").strip()
    if agent_no:
        person = svc.find_staff(agent_no)
        if person is None:
            raise ValidationError("person", "No staff member with agent number {no}", no=agent_no)
        data["person_id"] = person.id
    return svc.register_complaint(ctx, **data)


def parse_local_time(text: str, tz: str) -> pendulum.DateTime:
    """ "2026-11-23 09:30" in the center's zone (W2)."""
    try:
        return pendulum.from_format(text.strip(), TIME_FORMAT, tz=tz)
    except (ValueError, TypeError):
        raise ValidationError("received_at", "Type the time as 2026-11-23 09:30") from None


class ComplaintForm(HotlineModal[Complaint]):
    """C6: register a complaint; `prefill` comes from a call or a callback."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Register", id="complaint.form.save"),
        Binding("ctrl+n", "script_next", "Next line", id="complaint.form.next", priority=True),
    ]
    DEFAULT_CSS = """
    ComplaintForm { align: center middle; }
    ComplaintForm > Vertical { width: 110; max-height: 34; border: round $primary;
        padding: 0 1; background: $surface; }
    ComplaintForm Grid { grid-size: 2; grid-gutter: 1 2; grid-rows: auto; height: auto; }
    ComplaintForm .cell { height: auto; }
    ComplaintForm .field-error { color: $error; height: auto; display: none; }
    ComplaintForm .field-error.-shown { display: block; }
    ComplaintForm Input { background: $boost; }
    ComplaintForm Input:focus { background: $primary 30%; }
    ComplaintForm TextArea { height: 4; }
    ComplaintForm #script-steps { display: none; }  /* the line to say, not the whole list */
    """

    def __init__(self, prefill: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.prefill = dict(prefill or {})
        # C9: the complaint script beside the form; the category picks the standard answer
        self.run = ScriptRun(load_scripts(DATA_DIR / "scripts")["complaint"])
        if self.prefill.get("category"):
            self.run.flags = {str(self.prefill["category"])}

    def compose(self) -> ComposeResult:
        p = self.prefill
        now = self.ctx.local(self.ctx.now()).format(TIME_FORMAT)
        with Vertical():
            yield Static(_("Register a complaint (C6)"), classes="title")
            if p.get("from_ticket"):
                yield Static(_("From call {no}", no=p["from_ticket"]), classes="hint")
            with VerticalScroll():
                yield ScriptPanel(id="complaint-script")
                with Grid():
                    for name, label, kind in FIELDS:
                        with Vertical(classes="cell"):
                            yield Label(_(label))
                            yield self._widget(name, kind, p, now)
                            yield Static("", id=f"err-{name}", classes="field-error")
                yield Label(_("Description"))
                yield TextArea(str(p.get("description", "")), id="f-description")
                yield Static("", id="err-description", classes="field-error")
            yield Static(
                _("Receiver: {who}", who=f"{self.ctx.actor.agent_no} {self.ctx.actor.name}"),
                classes="hint",
            )
            yield Static("", id="form-error", classes="error")
            yield Static(
                _("Ctrl+S: register · Ctrl+N: next script line · Tab: next field · Esc: cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        """The first field has the focus: the first keystrokes go into the form."""
        self._show_script()
        self.query_one(f"#f-{FIELDS[0][0]}").focus()

    def _show_script(self) -> None:
        values = {
            "agent_no": self.ctx.actor.agent_no,
            "center": self.ctx.settings.center_name,
            "name": self.prefill.get("complainant", ""),
        }
        self.query_one(ScriptPanel).show(self.run, values)

    def on_select_changed(self, event: Select.Changed) -> None:
        """C9: the chosen category's standard answer becomes the "solve" line."""
        if event.select.id == "f-category":
            value = event.value
            self.run.flags = set() if value is Select.NULL else {str(value)}
            self._show_script()

    def action_script_next(self) -> None:
        if self.run.done:
            self.run = ScriptRun(self.run.script, flags=self.run.flags)
        else:
            self.run.advance()
        self._show_script()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field."""
        event.stop()
        self.focus_next()

    def _widget(self, name: str, kind: str, p: dict[str, Any], now: str) -> Any:
        if kind == "source":
            options = [(_(label), code) for code, label in flow.SOURCES.items()]
            return Select(
                options,
                value=p.get("source", "direct"),
                allow_blank=False,
                compact=True,
                id=f"f-{name}",
            )
        if kind in ("level", "category"):
            choices = flow.LEVELS if kind == "level" else flow.CATEGORIES
            options = [(_(label), code) for code, label in choices.items()]
            value = p.get(name, "general" if kind == "level" else Select.NULL)
            return Select(options, value=value, prompt=_("Choose…"), compact=True, id=f"f-{name}")
        value = now if name == "received_at" else str(p.get(name, "") or "")
        return Input(value=value, compact=True, id=f"f-{name}")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, _label, _kind in FIELDS:
            widget = self.query_one(f"#f-{name}")
            if isinstance(widget, Select):
                out[name] = None if widget.value is Select.NULL else widget.value
            else:
                out[name] = widget.value
        out["description"] = self.query_one("#f-description", TextArea).text
        out["received_at"] = parse_local_time(out["received_at"], self.ctx.tz)
        for key in ("customer_id", "call_id", "callback_id"):
            if self.prefill.get(key):
                out[key] = self.prefill[key]
        return out

    def clear_errors(self) -> None:
        for err in self.query(".field-error"):
            err.update("")
            err.remove_class("-shown")
        self.query_one("#form-error", Static).update("")

    def show_error(self, exc: HotlineError) -> None:
        """Put the message beside the field it names and go there."""
        field = ALIASES.get(getattr(exc, "field", ""), getattr(exc, "field", ""))
        target = self.query(f"#err-{field}") if field else None
        if target:
            target.first().update(str(exc))
            target.first().add_class("-shown")
            self.query_one(f"#f-{field}").focus()
        else:
            self.query_one("#form-error", Static).update(str(exc))

    def action_submit(self) -> None:
        self.clear_errors()
        try:
            values = self.values()
        except ValidationError as exc:
            self.show_error(exc)
            return
        self.call_service(
            register_from_form, self.ctx, values, done=self.dismiss, failed=self.show_error
        )
