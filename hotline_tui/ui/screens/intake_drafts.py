"""Draft safety for the intake (issue 4, item 8): after sign-in, a draft left
by a crash or a killed terminal is offered back; yes reopens the intake with it,
no discards it. The intake screen saves the draft as the operator types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import _
from hotline_tui.services.drafts import discard_draft, load_draft
from hotline_tui.ui.screens.intake_dialogs import YesNoDialog
from hotline_tui.ui.workers import in_connection


@dataclass
class DraftRestore:
    """Handed to the intake screen through `app.open_item` to restore a draft."""

    data: dict[str, Any]


def offer_draft(app: Any) -> None:
    """After sign-in: a draft left by a crash or a kill is offered back."""
    ctx = app.ctx
    if ctx is None or not ctx.can("call.take"):
        return

    def work() -> None:
        try:
            data = in_connection(load_draft, ctx)
        except HotlineError:
            return
        if data:
            app.call_from_thread(_ask_restore, app, data)

    app.run_worker(work, thread=True, group="draft-offer")


def _ask_restore(app: Any, data: dict[str, Any]) -> None:
    def answered(yes: bool | None) -> None:
        if yes:
            app.open_item = DraftRestore(data)
            app.action_open("intake")
        elif yes is False:
            app.run_worker(lambda: in_connection(discard_draft, app.ctx), thread=True)

    question = _(
        "An unfinished call ({ticket}) was saved as a draft. Restore it?",
        ticket=data.get("ticket_no") or "—",
    )
    app.push_screen(YesNoDialog(question), answered)
