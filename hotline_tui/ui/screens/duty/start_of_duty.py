"""What follows a sign-in, once the desk shows the operator's promises:
start of duty (R2, R3: sign in for duty, the handover to take over, overdue
handovers for the manager), a call's draft left by a crash offered back
(docs/DESIGN.md, drafts), and the specialist's care calls (F4).

Each runs in a thread worker that imports its own services, and a screen is
imported only when there is something to show, so the desk comes up first
and the event loop stays free (cold start, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import logging
from typing import Any

from hotline_tui.domain.errors import HotlineError
from hotline_tui.domain.permissions import OPERATOR, SPECIALIST
from hotline_tui.i18n import _
from hotline_tui.ui.duty_header import refresh_duty_header
from hotline_tui.ui.workers import in_connection

HEADER_REFRESH_SECONDS = 60.0
__all__ = ["refresh_duty_header", "run_after_sign_in"]
log = logging.getLogger(__name__)


def run_after_sign_in(app: Any) -> None:
    """Start every after-sign-in task (each is a worker; none blocks the desk)."""
    from hotline_tui.ui.change_reminder import remind_late_changes

    for hook in (start_of_duty, offer_draft, schedule_care_after_sign_in, remind_late_changes):
        hook(app)


# -- start of duty (R2, R3) ---------------------------------------------------------


def sign_in_if_rostered(ctx) -> tuple[Any, str, list[str]]:
    """(the duty started or None, the header's duty line, overdue handovers' names)."""
    from hotline_tui.services.duty import board as handover_board
    from hotline_tui.services.duty import handover as svc
    from hotline_tui.services.duty import roster

    start = None
    if ctx.can("duty.sign_in") and svc.rostered_shift(ctx.actor.id, ctx.now()) is not None:
        start = svc.sign_in_for_duty(ctx)
    late = []
    if ctx.can("handover.board"):  # R3: the manager sees overdue handovers at once
        late = handover_board.overdue_names(ctx)
    return start, roster.duty_line(ctx.settings, ctx.now()), late


def start_of_duty(app: Any) -> None:
    """After every sign-in: rostered → sign in for duty and show the handover (R2, R3)."""
    ctx = app.ctx
    if ctx is None:
        return
    if not getattr(app, "_duty_header_timer", None):
        app._duty_header_timer = app.set_interval(
            HEADER_REFRESH_SECONDS, lambda: refresh_duty_header(app)
        )

    def done(result: tuple[Any, str, list[str]]) -> None:
        start, line, late = result
        app.update_header(duty=line)
        if late:
            app.notify(
                _(
                    "Handover overdue (R3): {names}; F6 shows the duty board",
                    names=", ".join(dict.fromkeys(late)),
                ),
                title=_("Duty"),
                severity="warning",
            )
        if start is None:
            if ctx.actor.has_role(OPERATOR):
                app.notify(
                    _("You are not on the roster now: F6 then D signs you in off-roster"),
                    title=_("Duty"),
                )
            return
        if any(h.status == "open" for h in start.handovers):  # items, or a note only (R3)
            from hotline_tui.ui.screens.duty.handover import HandoverScreen

            app.push_screen(HandoverScreen())
        else:
            app.notify(_("Signed in for duty: nothing to take over"), title=_("Duty"))
        # R5: the start-of-duty checklist, ticked on the duty screen
        app.notify(
            _(
                "Start of duty: open the CRM console, QQ/WeChat and the remote tool, "
                "silence private phones; F6 then L to tick them"
            ),
            title=_("Duty checklist"),
            timeout=12,
        )

    def work() -> None:
        try:
            result = in_connection(sign_in_if_rostered, ctx)
        except HotlineError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error")
            return
        except Exception as exc:
            log.exception("start of duty failed")
            why = _("Something went wrong: {what}", what=type(exc).__name__)
            app.call_from_thread(app.notify, why, severity="error")
            return
        app.call_from_thread(done, result)

    app.run_worker(work, thread=True, group="start-of-duty")


# -- a draft left by a crash (docs/DESIGN.md, drafts) ------------------------------------------------


def offer_draft(app: Any) -> None:
    """After sign-in: a draft left by a crash or a kill is offered back."""
    ctx = app.ctx
    if ctx is None or not ctx.can("call.take"):
        return

    def work() -> None:
        from hotline_tui.services.calls.drafts import intake_drafts

        try:
            drafts = in_connection(intake_drafts, ctx)
        except Exception:
            log.exception("loading the draft failed")
            return
        if drafts:  # the newest; the others reopen with their calls from the desk
            kind, data = drafts[0]
            app.call_from_thread(_ask_restore, app, data, kind)

    app.run_worker(work, thread=True, group="draft-offer")


def _ask_restore(app: Any, data: dict[str, Any], kind: str = "intake") -> None:
    from hotline_tui.services.calls.drafts import discard_draft
    from hotline_tui.ui.screens.calls.intake import IntakeScreen
    from hotline_tui.ui.screens.calls.intake_dialogs import YesNoDialog
    from hotline_tui.ui.screens.calls.intake_drafts import DraftRestore

    if isinstance(app.screen, IntakeScreen):
        return  # already taking a call: the draft stays, its call reopens from the desk

    def answered(yes: bool | None) -> None:
        if yes:
            app.open_item = DraftRestore(data, kind)
            app.action_open("intake")
        elif yes is False:
            app.run_worker(lambda: _quietly(discard_draft, app.ctx, kind), thread=True)

    question = _(
        "An unfinished call ({ticket}) was saved as a draft. Restore it?",
        ticket=data.get("ticket_no") or "—",
    )
    app.push_screen(YesNoDialog(question), answered)


def _quietly(fn: Any, *args: Any) -> None:
    try:
        in_connection(fn, *args)
    except Exception:
        log.exception("%s failed", getattr(fn, "__name__", fn))


# -- the specialist's care calls (F4) -------------------------------------------------


def schedule_care_after_sign_in(app: Any) -> None:
    """F4: the specialist who owns the care calls finds them made at sign-in, without
    opening F8. A failure is logged and shown, and F8 tries again when it opens."""
    ctx = app.ctx
    if ctx is None or not ctx.actor.has_role(SPECIALIST) or not ctx.can("callback.schedule"):
        return
    if getattr(app, "care_scheduled", False):  # F8 was opened first and ran it
        return
    app.care_scheduled = True  # F8 need not run it again this session

    def work() -> None:
        from hotline_tui.services.callbacks.care import schedule_care_callbacks

        try:
            res = in_connection(schedule_care_callbacks, ctx)
        except Exception as exc:
            log.exception("care schedule after sign-in failed")
            app.care_scheduled = False
            why = exc if isinstance(exc, HotlineError) else type(exc).__name__
            app.call_from_thread(
                app.notify,
                _("Care callbacks were not scheduled: {why}", why=str(why)),
                severity="warning",
            )
            return
        if res.total:
            app.call_from_thread(app.notify, _("Care callbacks created: {n}", n=res.total))

    app.run_worker(work, thread=True, group="care-schedule")
