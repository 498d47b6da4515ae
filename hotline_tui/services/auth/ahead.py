"""The desk's sign-in, and the `hotline --as` head start while the database opens.

`desk_sign_in` proves who this is (agent number and password, services/auth.py)
and fetches their open items in the same worker visit, so the desk shows their
promises in the repaint that takes the box away.

With `hotline --as AGENT_NO` the number is known at start but the password is
still asked. The database's opening thread uses the wait to warm up (the
password hasher, that agent's open items); the items are handed over only to a
sign-in that proved it is that agent (`take`), never shown before.
"""

from __future__ import annotations

from concurrent.futures import Future

from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock
from hotline_tui.services.auth.sign_in import SignInPlace, sign_in
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.review.open_items import OpenItem, open_items
from hotline_tui.store.models import Staff

#: How long a sign-in may wait for the warm-up's items before fetching its own.
WAIT_SECONDS = 0.5


def desk_sign_in(
    agent_no: str,
    password: str,
    where: SignInPlace,
    settings: Settings,
    clock: Clock,
    ahead: SignInAhead | None = None,
) -> tuple[ServiceContext, list[OpenItem]]:
    """The proven person's context and their open items (SignInRefused if not)."""
    ctx = sign_in(agent_no, password, where, settings=settings, clock=clock)
    items = ahead.take(ctx.actor.id) if ahead is not None else None
    return ctx, items if items is not None else open_items(owner_id=ctx.actor.id)


class SignInAhead:
    """One agent's warm-up, run by the opening thread (`run` is its warm-up)."""

    def __init__(self, agent_no: str) -> None:
        self.agent_no = agent_no
        self._answer: Future[tuple[int, list[OpenItem]] | None] = Future()

    def run(self) -> None:
        """Warm the hasher and fetch that agent's items (kept until proven)."""
        from hotline_tui.services.auth import hashing as auth_hashing

        try:
            auth_hashing.dummy_hash()
            staff = Staff.get_or_none(
                (Staff.agent_no == self.agent_no) & (Staff.active == True)  # noqa: E712
            )
            self._answer.set_result(
                None if staff is None else (staff.id, open_items(owner_id=staff.id))
            )
        except Exception as exc:
            self._answer.set_exception(exc)
            raise  # the opening reports a database failure

    def take(self, staff_id: int, timeout: float = WAIT_SECONDS) -> list[OpenItem] | None:
        """The warm-up's items if they are this proven staff member's, once."""
        try:
            found = self._answer.result(timeout=timeout)
        except Exception:
            return None
        self._answer = Future()
        self._answer.set_result(None)
        if found is None or found[0] != staff_id:
            return None
        return found[1]
