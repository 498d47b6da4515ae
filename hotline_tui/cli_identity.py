"""How a command line proves who runs it: an access token or a password.

`--as` (or HOTLINE_AS) only says who. The proof is, in this order:
- HOTLINE_TOKEN, a personal access token (services/tokens.py), for scripts;
- the password, read from standard input with `--password-stdin` (first
  line; as `docker login` does, so it never shows in the process list), or
  asked with no echo when standard input is a terminal.
The password goes through the same sign-in as the desk's box (lockout and
the sign-in log apply), with the OS user, host and terminal as the place.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.i18n import _

TOKEN_ENV = "HOTLINE_TOKEN"


def place():
    """Where a command line runs, for the sign-in log: OS user, host, `cli` + tty."""
    from hotline_tui.services.auth.sign_in import SignInPlace

    here = SignInPlace.here()
    return SignInPlace(here.os_user, here.host, f"cli {here.terminal}".strip())


class Secrets:
    """Secrets a command needs, from --password-stdin or a no-echo prompt.

    With --password-stdin, standard input is read once and handed out line by
    line (`hotline passwd` takes the old and the new password on two lines).
    """

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin
        self._lines: list[str] | None = None
        #: The secret handed out last (`hotline passwd` gives the old one to the service).
        self.last = ""

    def next(self, prompt: str) -> str:
        if self.from_stdin:
            if self._lines is None:
                self._lines = sys.stdin.read().splitlines()
            if not self._lines:
                raise ValidationError(
                    "password", "--password-stdin: standard input ended before the password"
                )
            self.last = self._lines.pop(0)
            return self.last
        if not sys.stdin.isatty():
            raise ValidationError(
                "password",
                "Prove who you are: --password-stdin with the password on standard input, "
                "or HOTLINE_TOKEN",
            )
        self.last = getpass.getpass(prompt)
        return self.last


def _who(env: Any, agent_no: str | None) -> str:
    who = agent_no or getattr(env.args, "start_as", None) or os.environ.get("HOTLINE_AS", "")
    who = (who or "").strip()
    if who:
        return who
    if not getattr(env.args, "password_stdin", False) and sys.stdin.isatty():
        return input(_("Agent number: ")).strip()
    raise ValidationError("as", "Say who runs this: --as AGENT_NO (or HOTLINE_TOKEN)")


def prove(env: Any, agent_no: str | None = None, changing_password: bool = False):
    """The proven context (ServiceContext) of whoever runs this command, or a
    clear refusal. A one-time password opens only `hotline passwd`."""
    from hotline_tui.services.base import ServiceContext

    env.open_db()
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        from hotline_tui.domain.clock import SystemClock
        from hotline_tui.services.auth.tokens import verify_token

        now = SystemClock().now()
        row = verify_token(token, now)
        named = agent_no or getattr(env.args, "start_as", None)
        if named and named.strip() != row.staff.agent_no:
            raise PermissionDenied(
                "HOTLINE_TOKEN belongs to {owner}, not to {named}",
                owner=row.staff.agent_no,
                named=named.strip(),
            )
        return ServiceContext(
            actor=row.staff,
            settings=env.settings,
            # A token is not a fresh password: step-up reads (the access and
            # sign-in logs, a 绝密 file in full) need one past the step-up minutes.
            proven_at=row.created_at,
            read_only=row.read_only,
            via_token=True,
        )
    who = _who(env, agent_no)
    password = env.secrets.next(_("Password for {who}: ", who=who))
    from hotline_tui.services.auth.sign_in import sign_in

    # The desk's own sign-in: lockout and the sign-in log apply, placed here.
    ctx = sign_in(who, password, place(), settings=env.settings)
    if ctx.must_change and not changing_password:
        raise PermissionDenied(
            "Your password is a one-time password: change it first with hotline passwd"
        )
    return ctx


def database_is_new(env: Any) -> bool:
    """True while nobody is on the staff: nobody could prove anything yet."""
    from hotline_tui.store.models import Staff

    env.open_db()
    return not Staff.select().exists()


def nobody_can_sign_in(env: Any) -> bool:
    """True while no one on the staff has a password: a new database, or one
    from before passwords, whose first manager `hotline init` sets up."""
    from hotline_tui.store.models import Credential

    env.open_db()
    return not Credential.select().exists()
