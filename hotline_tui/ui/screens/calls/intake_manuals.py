"""The intake keys the service manuals add: "is that clear?" after the
explanation (H5), call back now for a caller who cannot hear us (H12), a
suggestion thanked and forwarded to a department (H15).

A mixin of `IntakeScreen` (before `OutcomeKeys`), which owns the form and the run.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from hotline_tui.i18n import _
from hotline_tui.services.calls import outcomes
from hotline_tui.ui.screens.calls.intake_dialogs import DIALOG_CSS, _Dialog


class SuggestionDialog(_Dialog):
    """H15: the set phrase to say, and the department the suggestion goes to."""

    DEFAULT_CSS = DIALOG_CSS + "\nSuggestionDialog { align: center middle; }"

    def compose(self) -> ComposeResult:
        with Vertical(classes="intake-dialog"):
            yield Label(_("Customer's suggestion or opinion"), classes="title")
            yield Static("[b]" + escape(outcomes.SUGGESTION_PHRASE) + "[/b]")
            yield Input(placeholder=_("Department it goes to"), id="sg-department")
            yield Static(_("Enter records and forwards it, Esc cancels"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())


class ManualKeys:
    """Ctrl+Y / Ctrl+X answer "is that clear?"; Ctrl+K calls back now; Ctrl+W a suggestion."""

    run: Any
    call_id: int | None
    form: Any
    _refused: Any
    _outcome: Any
    _refresh_script: Any

    def action_clear(self, yes: bool) -> None:
        """H5: the customer has (not) fully understood; "no" goes back to explaining."""
        step = self.run.step
        if step is not None and step.is_question and not self.run.needs_reason(yes):
            self.run.answer(yes)
            if self.call_id is not None:  # H5: kept on the call's timeline
                self.call_service(outcomes.record_clarity, self.ctx, self.call_id, yes)
        elif yes and self.run.held:  # explained again: ask again
            self.run.advance()
        else:
            self.notify(_("Nothing to confirm yet: explain the solution first"), severity="warning")
            return
        self._refresh_script()

    def action_call_back_now(self) -> None:
        """H12: the caller cannot hear us: end, record, call back at once."""
        self._outcome(outcomes.call_back_now)

    def action_change_request(self) -> None:
        """H17: a confirmed software bug goes up as a program-change request."""
        from hotline_tui.services.calls.change_requests import request_change

        if self.call_id is None:
            return
        form = self.form()

        def failed(exc: Any) -> None:
            if getattr(exc, "field", "") == "steps":
                exc.field = "recent_ops"
            self._refused(exc)

        self.call_service(
            request_change,
            self.ctx,
            self.call_id,
            steps=form["recent_ops"],
            error_message=form["error_message"],
            done=lambda cr: self.notify(
                _("Program-change request {ref} sent to the manager", ref=cr.ref_no)
            ),
            failed=failed,
        )

    def action_suggestion(self) -> None:
        """H15: record, thank with the set phrase, forward to the department."""
        self.app.push_screen(
            SuggestionDialog(),
            lambda dept: dept and self._outcome(outcomes.record_suggestion, department=dept),
        )
