"""Leaving a call (Esc) loses nothing (H14): what is typed goes onto the call and
into its own draft, and the call stays open on the desk; only a call with
nothing entered may be written off as "no conversation", and only when the
operator says so.

A mixin of `IntakeScreen`, which owns the form and the call.
"""

from __future__ import annotations

import logging
from typing import Any

from hotline_tui.i18n import _
from hotline_tui.services.calls import outcomes
from hotline_tui.services.calls.drafts import discard_draft, keep_call
from hotline_tui.ui.screens.calls.intake_dialogs import YesNoDialog

log = logging.getLogger("hotline_tui.ui")
#: The form's typed fields (kept in step with intake.INPUTS and intake.AREAS).
TYPED = (
    "caller_phone",
    "product",
    "version_text",
    "modules",
    "dongle_no",
    "recent_ops",
    "error_message",
    "symptom",
    "resolution",
)


class LeavingKeepsTheCall:
    """Esc on the call screen."""

    # Provided by IntakeScreen (a Textual Screen).
    call_id: int | None
    ticket_no: str
    status: str
    customer_id: int | None
    drafts_held: bool

    def action_leave(self) -> None:
        """Back to the desk, the call kept as it is (on the call and in its draft).
        Only a call with nothing entered may be written off, and only when the
        operator says so."""
        if self.call_id is None:
            self.app.action_open("desk")
            return
        f = self.form()
        typed = any(str(f[k]).strip() for k in TYPED) or self.customer_id
        if typed or self.status != "open":
            self._keep_and_leave()
            return

        def answered(yes: bool | None) -> None:
            if yes is None:
                return  # Esc: back to the form
            if yes:
                self.drafts_held = True
                self.call_service(outcomes.abandon_call, self.ctx, self.call_id, "empty")
                self.call_service(discard_draft, self.ctx, self.draft_kind, group="draft")
            self.app.action_open("desk")

        question = _(
            "Nothing was entered for {ticket}. End it as a call with no conversation?",
            ticket=self.ticket_no,
        )
        self.app.push_screen(YesNoDialog(question), answered)

    def _keep_and_leave(self) -> None:
        """The save runs in an app worker: it outlives this screen."""
        from hotline_tui.ui.workers import in_connection

        ctx, call_id = self.ctx, self.call_id
        data = {**self.form(), "ticket_no": self.ticket_no}
        self.drafts_held = True  # no later timer overwrites what is saved here

        app = self.app

        def work() -> None:
            try:
                in_connection(keep_call, ctx, call_id, data)
            except Exception:
                log.exception("keeping the call failed")
                return
            app.call_from_thread(_desk_reload, app)

        self.app.run_worker(work, thread=True, group="keep-call")
        self.app.action_open("desk")


def _desk_reload(app: Any) -> None:
    """The kept call's caller and symptom show on the desk at once."""
    from hotline_tui.ui.screens.calls.desk import DeskScreen

    if isinstance(app.screen, DeskScreen):
        app.screen.action_reload()
