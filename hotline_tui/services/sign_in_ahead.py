"""Signing in the `hotline --as` operator while the database opens.

When the agent number is known at start, there is no reason to wait for a
painted sign-in box and a worker's round trip: the database's opening thread
runs the desk's sign-in right after the schema check (as its warm-up), and the
desk, built a moment later, shows that operator's items in its first frame
(docs/PERFORMANCE.md, cold start). A wrong number or a slow database changes nothing for
the operator: the desk then signs in the usual way, and says what went wrong.
"""

from __future__ import annotations

from concurrent.futures import Future

from hotline_tui.domain.errors import HotlineError
from hotline_tui.services.open_items import OpenItem, sign_in_desk
from hotline_tui.store.db import wait_until_open
from hotline_tui.store.models import Staff

#: How long the desk may wait for the answer before it shows the sign-in box.
WAIT_SECONDS = 0.5


class SignInAhead:
    """One agent's sign-in, run by the opening thread (`run` is its warm-up)."""

    def __init__(self, agent_no: str) -> None:
        self.agent_no = agent_no
        self._answer: Future[tuple[Staff, list[OpenItem]]] = Future()

    def run(self) -> None:
        """Sign in and fetch the first list; a wrong number is kept for `take`."""
        try:
            self._answer.set_result(sign_in_desk(self.agent_no))
        except HotlineError as exc:  # the desk's usual sign-in will say it
            self._answer.set_exception(exc)
        except Exception as exc:
            self._answer.set_exception(exc)
            raise  # the opening reports a database failure

    def take(self, timeout: float = WAIT_SECONDS) -> tuple[Staff, list[OpenItem]] | None:
        """The staff member and their items if the database opened and the sign-in
        succeeded within `timeout` seconds; otherwise None (sign in as usual)."""
        try:
            if not wait_until_open(timeout):
                return None
            return self._answer.result(timeout=0)
        except Exception:
            return None
