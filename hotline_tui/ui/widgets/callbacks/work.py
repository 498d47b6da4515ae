"""Working one callback through its branching script (F6): Y/N answer the
question, a "no" asks for its reason, Space goes past a line to say, P turns a
new or unsolved problem into a hotline call (F5), U logs an unreachable try,
C opens a complaint, Ctrl+S finishes. The dialog collects; the screen calls the
services, which check everything again."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from hotline_tui.domain.scripts import ScriptRun, open_problems, question_words
from hotline_tui.i18n import _, language
from hotline_tui.services.callbacks.calls import open_call_from_callback
from hotline_tui.services.callbacks.followups import CHANNELS, KINDS
from hotline_tui.services.callbacks.queries import CallbackDetail
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.calls.script_panel import ScriptPanel
from hotline_tui.ui.widgets.calls.script_runner import ScriptRunner, form_row, script_bindings


class SymptomDialog(HotlineModal[str]):
    """F5: the new problem in the customer's words, for the hotline call."""

    DEFAULT_CSS = """
    SymptomDialog { align: center middle; }
    SymptomDialog > Vertical { width: 80; height: auto; border: round $primary;
        padding: 0 2; background: $surface; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New hotline call from this callback (F5)"), classes="title")
            yield Input(self.text, placeholder=_("The problem, as the customer describes it"))
            yield Static(_("Enter opens the call, Esc cancels"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())


class CallbackWorkDialog(ScriptRunner, HotlineModal[dict[str, Any]]):
    """The script on top, the reason field below, what happened so far."""

    BINDINGS = [
        *script_bindings("callbacks.work"),
        Binding("p", "new_call", "New problem", id="callbacks.work.new_call"),
        Binding("u", "unreachable", "Unreachable", id="callbacks.work.unreachable"),
        Binding("c", "complaint", "Complaint", id="callbacks.work.complaint"),
        Binding("ctrl+s", "finish", "Finish", id="callbacks.work.finish", priority=True),
        Binding("i", "care_variant('event_invite')", "Event invitation", id="callbacks.work.event"),
        Binding(
            "m", "care_variant('materials_sent')", "Materials sent", id="callbacks.work.materials"
        ),
    ]
    AUTO_FOCUS = None  # keys answer the script; Tab reaches the field
    DEFAULT_CSS = """
    CallbackWorkDialog { align: center middle; }
    CallbackWorkDialog > Vertical { width: 100; height: auto; max-height: 95%;
        border: round $primary; padding: 0 2; background: $surface; }
    CallbackWorkDialog ScriptPanel { max-height: 20; }
    CallbackWorkDialog .form-row { height: auto; margin: 1 0 0 0; }
    CallbackWorkDialog .form-row Label { width: 12; }
    CallbackWorkDialog #cw-reason { width: 1fr; }
    """

    def __init__(self, detail: CallbackDetail, run: ScriptRun) -> None:
        super().__init__()
        self.detail, self.run_ = detail, run
        self.reason_id = "cw-reason"
        self.pending_no = False
        self.new_call = detail.new_call
        self.version = detail.row.version  # F5 bumps it; finish sends the current one

    def compose(self) -> ComposeResult:
        row = self.detail.row
        head = _(
            "{kind} · {customer} · {contact} {phone} · {channel}",
            kind=_(KINDS.get(row.kind, row.kind)),
            customer=row.customer or "—",
            contact=row.contact,
            phone=row.phone,
            channel=_(CHANNELS.get(row.channel, row.channel)),
        )
        with Vertical():
            yield Static(escape(head), classes="title", id="cw-head")
            yield Static(escape(self._history()), id="cw-history", classes="hint")
            if self.detail.row.channel in ("qq", "email") and self.detail.row.kind == "F1":
                yield Static(escape(self._written()), id="cw-written", classes="hint")
            yield ScriptPanel(id="cw-script")
            yield form_row(
                _("Reason"), Input(placeholder=_("Why the answer is no (F6)"), id="cw-reason")
            )
            yield Static("", id="cw-answers")
            yield Static("", id="cw-error", classes="error")
            yield Static(
                _("Y/N answer, Space next line, P new problem, U unreachable, Ctrl+S finish"),
                classes="hint",
            )

    def _written(self) -> str:
        """F1 by QQ or e-mail: the written follow-up to copy, then the answers as replied."""
        from hotline_tui.domain.scripts import written_message
        from hotline_tui.services.callbacks.followups import scripts

        text = written_message(scripts()["callback_written"], language(), self.detail.values)
        return _("Send by QQ or e-mail, then record the reply below:") + "\n" + text

    def _history(self) -> str:
        """What this callback follows up and the tries so far."""
        d = self.detail
        parts = [_("Follows {source}", source=d.source)] if d.source else []
        for at, result, note in d.attempts:
            when = self.ctx.local(at).format("MM-DD HH:mm")
            word = _("Unreachable") if result == "unreachable" else _("Reached")
            parts.append(f"{when} {word}" + (f" ({note})" if note else ""))
        return " · ".join(parts)

    def on_mount(self) -> None:
        self._refresh()
        self.call_after_refresh(self.set_focus, None)

    def on_screen_resume(self) -> None:
        """Back from a dialog (P, C): the keys drive the script again, unless a "no"
        is still waiting for its reason."""
        if not self.pending_no:
            self.call_after_refresh(self.set_focus, None)

    def _refresh(self) -> None:
        self.query_one(ScriptPanel).show(self.run_, self.detail.values)
        lines = []
        for step, entry in self.run_.answers.items():  # F6: the question in words
            word = _("Yes") if entry["answer"] == "yes" else _("No")
            why = f" — {entry['reason']}" if entry.get("reason") else ""
            question = question_words(self.run_.script, step, language())
            lines.append(f"{question} {word}{why}")
        if self.new_call:
            lines.append(_("New hotline call {ticket} (F5)", ticket=self.new_call))
        self.query_one("#cw-answers", Static).update(escape("\n".join(lines)))

    def _error(self, message: str) -> None:
        self.query_one("#cw-error", Static).update(escape(message))

    # -- the script (Y/N/Space: ScriptRunner) ------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == self.reason_id:
            self.reason_submitted()
        else:
            self.set_focus(None)

    # -- F5, unreachable, complaint, finish -------------------------------------------
    def _last_reason(self) -> str:
        reasons = [a["reason"] for a in self.run_.answers.values() if a.get("reason")]
        return reasons[-1] if reasons else ""

    def action_new_call(self) -> None:
        if self.new_call:
            self._error(
                _("This callback already opened hotline call {ticket}", ticket=self.new_call)
            )
            return

        def opened(call: Any) -> None:
            self.new_call = call.ticket_no
            self.version += 1
            self.notify(_("New hotline call {ticket} (F5)", ticket=call.ticket_no))
            self._refresh()

        def got(symptom: str | None) -> None:
            if symptom:
                self.call_service(
                    open_call_from_callback,
                    self.ctx,
                    self.detail.row.id,
                    symptom,
                    done=opened,
                    failed=lambda exc: self._error(str(exc)),
                )

        self.app.push_screen(SymptomDialog(self._last_reason()), got)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The care variants (F4) only on a periodic care call."""
        if action == "care_variant":
            return self.detail.row.kind == "F4"
        return True

    def action_care_variant(self, flag: str) -> None:
        """F4: this care call is an event invitation or a "materials sent" call."""
        others = {"event_invite", "materials_sent"} - {flag}
        self.run_.flags -= others
        self.run_.flags ^= {flag}
        self._refresh()

    def action_unreachable(self) -> None:
        note = self.query_one("#cw-reason", Input).value.strip()
        self.dismiss({"action": "unreachable", "note": note, "version": self.version})

    def action_complaint(self) -> None:
        self.dismiss({"action": "complaint"})

    def action_finish(self) -> None:
        if self.pending_no:
            self._error(_("Record the reason for this answer"))
            self.query_one("#cw-reason", Input).focus()
            return
        if not self.run_.answers:
            self._error(_("Work through the script before finishing"))
            return
        note = self.query_one("#cw-reason", Input).value.strip()
        answers = dict(self.run_.answers)
        declined = ""
        if open_problems(self.run_.script, answers) and not self.new_call:
            if not note:  # F5: a new hotline call, or why none is needed
                self._error(
                    _(
                        "The customer still has a problem: press P for a new hotline call, "
                        "or type why none is needed and press Ctrl+S again"
                    )
                )
                self.query_one("#cw-reason", Input).focus()
                return
            declined, note = note, ""
        self.dismiss(
            {
                "action": "finish",
                "answers": answers,
                "note": note,
                "version": self.version,
                "no_new_call_reason": declined,
            }
        )
