"""The signed-in session on the desk: idle lock, unlock, another person at a
locked desk, step-up for restricted reading, the own password, sign-out.

The lock covers the whole screen stack without touching it, so the same person
finds everything as left (a half-typed call included) after the password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hotline_tui.domain.security import SecurityPolicy

log = logging.getLogger(__name__)

#: How often the idle lock looks at the last key (seconds of the event loop).
IDLE_CHECK_SECONDS = 15.0


def load_policy(app: Any) -> None:
    """Read the database's security policy (idle minutes) in a worker."""
    from hotline_tui.services.auth.security_settings import security_policy
    from hotline_tui.ui.workers import in_connection

    def work() -> None:
        try:
            policy = in_connection(security_policy)
        except Exception:
            log.warning("reading the security policy failed", exc_info=True)
            return
        app.call_from_thread(setattr, app, "security", policy)

    app.run_worker(work, thread=True, group="security-policy", exclusive=True)


def policy(app: Any) -> SecurityPolicy:
    return getattr(app, "security", None) or SecurityPolicy()


def check_idle(app: Any) -> None:
    minutes = policy(app).idle_minutes
    if app.ctx is None or app.locked or minutes <= 0:
        return
    if app.clock.now() - app.last_input >= timedelta(minutes=minutes):
        lock(app)


def lock(app: Any) -> None:
    """Cover the desk; only a password takes the cover away."""
    if app.ctx is None or app.locked:
        return
    from hotline_tui.ui.screens.auth.lock import LockScreen

    app.locked = True
    app.push_screen(LockScreen())


def unlocked(app: Any) -> None:
    """The same person proved themselves: the desk as it was."""
    app.locked = False
    app.last_input = app.clock.now()
    app.pop_screen()


def open_drafts(app: Any) -> list[tuple[str, dict[str, Any]]]:
    """What the owner has open and typed (a call being taken), as drafts."""
    from hotline_tui.services.calls.drafts import INTAKE

    found = []
    for screen in app.screen_stack:
        form = getattr(screen, "form", None)
        call_id = getattr(screen, "call_id", None)
        if callable(form) and call_id is not None and not getattr(screen, "drafts_held", True):
            data = {**form(), "call_id": call_id, "ticket_no": getattr(screen, "ticket_no", "")}
            found.append((INTAKE, data))
    return found


def switch_person(app: Any, newcomer: Any) -> None:
    """Another person proved themselves at a locked desk, the owner's work kept:
    the owner's screens close and the desk shows the newcomer's items."""
    for screen in app.screen_stack[1:]:
        if hasattr(screen, "drafts_held"):
            screen.drafts_held = True  # kept already; nothing more saved under anyone
    while len(app.screen_stack) > 1:
        app.pop_screen()
    app.locked = False
    app.sign_in(newcomer)
    desk = app.screen_stack[0]
    if hasattr(desk, "action_reload"):
        desk.action_reload()


def ask_new_password(app: Any, forced: bool) -> None:
    from hotline_tui.ui.screens.auth.lock import ChangePassword

    app.push_screen(ChangePassword(forced=forced))


def step_up(app: Any, retry: Callable[[], None], give_up: Callable[[], None]) -> None:
    """Ask the password again, then run the refused call once more."""
    from hotline_tui.ui.screens.auth.lock import StepUp

    def answered(proven: bool | None) -> None:
        (retry if proven else give_up)()

    app.push_screen(StepUp(), answered)


def log_sign_out(app: Any) -> None:
    """Leaving the desk is in the sign-in log (a short write while it closes)."""
    if app.ctx is None:
        return
    from hotline_tui.services.auth.sign_in import sign_out
    from hotline_tui.ui.workers import in_connection

    try:
        in_connection(sign_out, app.ctx, app.place)
    except Exception:
        log.warning("logging the sign-out failed", exc_info=True)
