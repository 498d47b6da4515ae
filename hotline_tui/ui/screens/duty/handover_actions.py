"""What the handover screen's keys do (R2-R4, H10): accept or question an item,
answer a question, acknowledge a note-only handover, sign in for duty, mark
away and back, write the end-of-duty note.

A mixin of `HandoverScreen` (ui/screens/handover.py), which gives it `ctx`,
`view`, `_current()` and `action_reload()`; the screen file keeps the layout
and what is shown, this one what each key does.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from hotline_tui.i18n import _
from hotline_tui.services.duty import handover as svc
from hotline_tui.services.duty import sessions as duty
from hotline_tui.ui.duty_header import refresh_duty_header
from hotline_tui.ui.screens.duty.handover_dialogs import EndOfDuty, TextPrompt
from hotline_tui.ui.support import ScreenMixin


class HandoverActions(ScreenMixin):
    """The key actions of the handover screen (its BINDINGS name them)."""

    view: svc.HandoverView | None

    def _done(self, message: str) -> Any:
        def after(_result: object) -> None:
            self.notify(message)
            self.action_reload()

        return after

    def action_accept(self) -> None:
        item = self._current()
        if item is None or item.status == "accepted":
            self.notify(_("Choose an item still to accept"), severity="warning")
            return
        self.call_service(svc.accept_item, self.ctx, item.id, done=self._accepted)

    def _accepted(self, h: Any) -> None:
        if h.status == "completed":
            at = self.ctx.local(h.completed_at).format("HH:mm")
            self.notify(_("Handover complete at {at}", at=at), title=_("Handover"))
        table = self.query_one("#handover-items", DataTable)
        if table.cursor_row is not None and self.view and table.cursor_row < len(self.view.items):
            table.move_cursor(row=table.cursor_row + 1)
        self.action_reload()

    def action_flag(self) -> None:
        item = self._current()
        if item is None or item.status == "accepted":
            self.notify(_("Choose an item still to accept"), severity="warning")
            return

        def asked(question: str | None) -> None:
            if question is not None:
                self.call_service(
                    svc.flag_item,
                    self.ctx,
                    item.id,
                    question,
                    done=self._done(_("Question sent to the outgoing operator")),
                )

        self.app.push_screen(TextPrompt(_("Question for the outgoing operator")), asked)

    def _unanswered(self) -> list:
        return [
            q
            for q in (self.view.questions if self.view else [])
            if not (q.extra or {}).get("answer")
        ]

    def action_answer(self) -> None:
        """R3: the outgoing operator answers the oldest open question."""
        waiting = self._unanswered()
        if not waiting:
            return
        q = waiting[0]

        def given(answer: str | None) -> None:
            if answer is not None:
                self.call_service(
                    duty.answer_question, self.ctx, q.id, answer, done=self._done(_("Answer sent"))
                )

        title = _("Question on {item}: {q}", item=q.summary, q=q.question)
        self.app.push_screen(TextPrompt(title), given)

    def action_acknowledge(self) -> None:
        """R3: complete the open handovers (a note only, or every item accepted)."""
        still_open = [h for h in (self.view.handovers if self.view else []) if h.status == "open"]
        if not still_open:
            self.notify(_("Nothing to acknowledge"), severity="warning")
            return
        for h in still_open:
            self.call_service(svc.acknowledge, self.ctx, h.id, done=self._accepted)

    def action_sign_in(self) -> None:
        def signed(start: svc.DutyStart) -> None:
            text = _("Signed in for duty off roster") if start.off_roster else ""
            self.notify(text or _("Signed in for duty"), title=_("Duty"))
            self.action_reload()
            refresh_duty_header(self.app)

        self.call_service(svc.sign_in_for_duty, self.ctx, done=signed)

    def action_away(self) -> None:
        def given(reason: str | None) -> None:
            if reason is not None:
                self.call_service(
                    duty.mark_away, self.ctx, reason, done=self._done(_("Marked away"))
                )

        self.app.push_screen(TextPrompt(_("Why do you leave the desk? (R4)")), given)

    def action_back_at_desk(self) -> None:
        self.call_service(duty.mark_back, self.ctx, done=self._done(_("Back at the desk")))

    def action_checklist(self) -> None:
        """R5: the start (or, once done, the end) of duty checklist."""
        from hotline_tui.ui.widgets.duty.duty_checklist import ChecklistDialog

        self.app.push_screen(ChecklistDialog())

    def _ended(self, result: object) -> None:
        """Signed out: the end of duty checklist follows (R5)."""
        from hotline_tui.ui.widgets.duty.duty_checklist import ChecklistDialog

        self._done(_("Handover note saved; you are signed out of duty"))(result)
        self.app.push_screen(ChecklistDialog("end"))

    def action_end_duty(self) -> None:
        def written(result: tuple[str, dict[str, str]] | None) -> None:
            if result is not None:
                note, notes = result
                self.call_service(
                    duty.end_of_duty,
                    self.ctx,
                    note,
                    notes,
                    done=self._ended,
                )

        self.app.push_screen(EndOfDuty(), written)
