"""After sign-in: program-change requests of this operator close to their promised
date with no delay announced yet (H17: a slip is told to the customer before it
is due). A worker, so the desk comes up first."""

from __future__ import annotations

import logging
from typing import Any

from hotline_tui.i18n import _
from hotline_tui.ui.workers import in_connection

log = logging.getLogger(__name__)


def remind_late_changes(app: Any) -> None:
    ctx = app.ctx
    if ctx is None or not ctx.can("change.follow"):
        return

    def work() -> None:
        from hotline_tui.services.calls.change_requests import late_checks

        try:
            checks = in_connection(late_checks, ctx)
        except Exception:
            log.exception("program-change reminder failed")
            return
        mine = [c for c in checks if c.requested_by_id == ctx.actor.id or ctx.can("change.review")]
        if mine:
            refs = ", ".join(f"{c.ref_no} ({c.promised_on})" for c in mine[:5])
            app.call_from_thread(
                app.notify,
                _(
                    "Program changes due soon: {refs}. Will one be late? Tell the customer "
                    "now (Enter on it in the open items, Ctrl+L)",
                    refs=refs,
                ),
                title=_("Program change"),
                severity="warning",
                timeout=15,
            )

    app.run_worker(work, thread=True, group="change-reminder")
