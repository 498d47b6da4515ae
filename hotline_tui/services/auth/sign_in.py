"""Proving who sits at the desk: passwords, sign-in, lockout, the sign-in log.

`sign_in` is the one door: an unknown agent number and a wrong password get
the same message after the same work (an argon2 check against a dummy hash),
failures in a row lock the number for a while, and every attempt is logged
with where it came from. Passwords are kept only as argon2id hashes
(services/auth_hashing.py holds the parameters).
"""

from __future__ import annotations

import getpass
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock, SystemClock
from hotline_tui.domain.errors import HotlineError, NotFound, ValidationError
from hotline_tui.domain.security import (
    check_new_password,
    lock_ends,
    locked,
    proof_is_fresh,
)
from hotline_tui.services.auth import hashing
from hotline_tui.services.auth.security_settings import security_policy
from hotline_tui.services.base import ServiceContext, audit, require, transaction, writing
from hotline_tui.store.models import Credential, SignInEvent, Staff

SIGN_IN = "sign_in"
FAILURE = "failure"
LOCKOUT = "lockout"
UNLOCK = "unlock"
SIGN_OUT = "sign_out"
EVENTS = (SIGN_IN, FAILURE, LOCKOUT, UNLOCK, SIGN_OUT)

#: The one answer to an unknown agent number and a wrong password.
WRONG = "Wrong agent number or password"


class SignInRefused(HotlineError):
    """The sign-in did not prove who this is (wrong, locked, or not allowed)."""


class StepUpRequired(HotlineError):
    """The last proof is too old for what was asked: enter the password again."""


@dataclass(frozen=True)
class SignInPlace:
    """Where a sign-in comes from, for the sign-in log."""

    os_user: str = ""
    host: str = ""
    terminal: str = ""  # a tty name, or a browser's remote address

    @classmethod
    def here(cls, terminal: str | None = None) -> SignInPlace:
        """This process: the OS user, the host name and the terminal (tty)."""
        try:
            user = getpass.getuser()
        except Exception:
            user = ""
        remote = os.environ.get("HOTLINE_REMOTE_ADDR", "")  # a browser tab (webdesk)
        if terminal is None and remote:
            terminal = f"browser {remote}"
        if terminal is None:
            terminal = ""
            for fd in (0, 1, 2):
                try:
                    if os.isatty(fd):
                        terminal = os.ttyname(fd)
                        break
                except OSError:
                    continue
        return cls(user[:64], socket.gethostname()[:128], terminal[:128])


# -- the log ---------------------------------------------------------------
def _log(
    event: str,
    agent_no: str,
    staff: Staff | None,
    where: SignInPlace,
    at: datetime,
    by_no: str = "",
) -> SignInEvent:
    return SignInEvent.create(
        at=at,
        agent_no=agent_no[:16],
        staff=staff,
        event=event,
        os_user=where.os_user[:64],
        host=where.host[:128],
        terminal=where.terminal[:128],
        by_no=by_no[:16],
    )


# -- sign-in ---------------------------------------------------------------
def _clean_agent_no(agent_no: object) -> str:
    agent_no = agent_no.strip() if isinstance(agent_no, str) else ""
    if not agent_no:
        raise ValidationError("agent_no", "Enter your agent number")
    return agent_no


def sign_in(
    agent_no: str,
    password: str,
    where: SignInPlace,
    *,
    settings: Settings | None = None,
    clock: Clock | None = None,
) -> ServiceContext:
    """The proven person's context, or SignInRefused (one message for an unknown
    number and a wrong password). Logs the attempt; locks after failures."""
    agent_no = _clean_agent_no(agent_no)
    if not isinstance(password, str) or not password:
        raise ValidationError("password", "Enter your password")
    clock = clock or SystemClock()
    now = clock.now()
    policy = security_policy()
    staff = (
        Staff.get_or_none((Staff.agent_no == agent_no) & (Staff.active == True))  # noqa: E712
        if len(agent_no) <= 16
        else None
    )
    cred = Credential.get_or_none(Credential.staff == staff.id) if staff else None
    if cred is None:
        hashing.verify(hashing.dummy_hash(), password)  # the same work as a real check
        with transaction():
            _log(FAILURE, agent_no, staff, where, now)
        raise SignInRefused(WRONG)
    if locked(cred.locked_until, now):
        with transaction():
            _log(FAILURE, agent_no, staff, where, now)
        raise _locked_out(cred.locked_until, settings)
    ok = hashing.verify(cred.password_hash, password)
    with transaction():
        if not ok:
            # Counted in the database: two desks guessing at once both count.
            Credential.update(failed_count=Credential.failed_count + 1).where(
                Credential.id == cred.id
            ).execute()
            failed = Credential.get_by_id(cred.id).failed_count
            changes: dict[str, object] = {}
            _log(FAILURE, agent_no, staff, where, now)
            if failed >= policy.lockout_failures:
                changes = {"failed_count": 0, "locked_until": lock_ends(now, policy)}
                Credential.update(changes).where(Credential.id == cred.id).execute()
                _log(LOCKOUT, agent_no, staff, where, now)
        else:
            changes = {"failed_count": 0, "locked_until": None}
            if hashing.needs_rehash(cred.password_hash):  # newer parameters: upgrade it
                changes["password_hash"] = hashing.hash_password(password)
            Credential.update(changes).where(Credential.id == cred.id).execute()
            _log(SIGN_IN, agent_no, staff, where, now)
    if not ok:
        if "locked_until" in changes:
            raise _locked_out(changes["locked_until"], settings)  # type: ignore[arg-type]
        raise SignInRefused(WRONG)
    assert staff is not None  # ok: a known agent number with the right password
    return ServiceContext(
        actor=staff,
        settings=settings or Settings(),
        clock=clock,
        proven_at=now,
        must_change=cred.must_change,
    )


def _locked_out(until: datetime, settings: Settings | None) -> SignInRefused:
    import pendulum

    tz = (settings or Settings()).timezone
    return SignInRefused(
        "Too many failed sign-ins: this agent number is locked until {until}; "
        "a manager can unlock it",
        until=pendulum.instance(until).in_timezone(tz).strftime("%H:%M"),
    )


def prove_again(ctx: ServiceContext, password: str, where: SignInPlace) -> ServiceContext:
    """The same person proves themselves again (idle lock, step-up): a context
    with a fresh proof, or SignInRefused (counted like any failure)."""
    fresh = sign_in(ctx.actor.agent_no, password, where, settings=ctx.settings, clock=ctx.clock)
    ctx.proven_at = fresh.proven_at
    ctx.must_change = fresh.must_change
    return ctx


def sign_out(ctx: ServiceContext, where: SignInPlace) -> None:
    """The person leaves the desk (quit, or another person signs in)."""
    with transaction():
        _log(SIGN_OUT, ctx.actor.agent_no, ctx.actor, where, ctx.now())


def require_fresh_proof(ctx: ServiceContext) -> None:
    """Step-up: restricted reading needs a proof younger than the policy's minutes.
    A context built without a sign-in (proven_at None) is the caller's proof."""
    if ctx.proven_at is None:
        return
    if not proof_is_fresh(ctx.proven_at, ctx.now(), security_policy()):
        raise StepUpRequired("Enter your password again to open this")


# -- passwords -------------------------------------------------------------
def _store_hash(staff: Staff, password: str, must_change: bool, now: datetime) -> Credential:
    digest = hashing.hash_password(password)
    cred = Credential.get_or_none(Credential.staff == staff.id)
    if cred is None:
        return Credential.create(
            staff=staff, password_hash=digest, must_change=must_change, changed_at=now
        )
    Credential.update(
        password_hash=digest,
        must_change=must_change,
        failed_count=0,
        locked_until=None,
        changed_at=now,
    ).where(Credential.id == cred.id).execute()
    return Credential.get_by_id(cred.id)


def _staff_by_no(agent_no: str) -> Staff:
    agent_no = _clean_agent_no(agent_no)
    staff = Staff.get_or_none(Staff.agent_no == agent_no)
    if staff is None:
        raise NotFound("No staff member has agent number {no}", no=agent_no)
    return staff


def _cred_audit(ctx: ServiceContext, action: str, staff: Staff, **after: object) -> None:
    """Audit a credential change: who and what, never the hash."""
    audit(
        ctx,
        action,
        record_type="staff",
        record_id=staff.id,
        after={"agent_no": staff.agent_no, **after},
    )


def set_password(
    ctx: ServiceContext, agent_no: str, password: str, *, must_change: bool = False
) -> None:
    """A manager sets someone's password (creating staff, `hotline init`)."""
    password = check_new_password(password, security_policy())
    with writing(ctx, "staff.manage"):
        staff = _staff_by_no(agent_no)
        _store_hash(staff, password, must_change, ctx.now())
        _cred_audit(ctx, "staff.password_set", staff, must_change=must_change)


def change_own_password(ctx: ServiceContext, old: str, new: str) -> None:
    """Everyone changes their own password, proving the old one first."""
    policy = security_policy()
    new = check_new_password(new, policy)
    cred = Credential.get_or_none(Credential.staff == ctx.actor.id)
    if not isinstance(old, str) or cred is None or not hashing.verify(cred.password_hash, old):
        raise ValidationError("old_password", "The current password is wrong")
    if old == new:
        raise ValidationError("password", "Choose a password other than the current one")
    with writing(ctx, "password.change_own"):
        _store_hash(ctx.actor, new, False, ctx.now())
        _cred_audit(ctx, "staff.password_change", ctx.actor)
    ctx.must_change = False


def one_time_password() -> str:
    """A random password a manager hands over; its owner must change it."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0)
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def reset_password(ctx: ServiceContext, agent_no: str) -> str:
    """A manager resets someone's password: the one-time password to hand over
    (shown once, stored only hashed), to be changed at the first sign-in."""
    password = one_time_password()
    with writing(ctx, "staff.manage"):
        staff = _staff_by_no(agent_no)
        _store_hash(staff, password, True, ctx.now())
        _cred_audit(ctx, "staff.password_reset", staff, must_change=True)
    return password


def unlock(ctx: ServiceContext, agent_no: str, where: SignInPlace | None = None) -> None:
    """A manager lifts a lockout (and the failure count)."""
    with writing(ctx, "staff.manage"):
        staff = _staff_by_no(agent_no)
        Credential.update(failed_count=0, locked_until=None).where(
            Credential.staff == staff.id
        ).execute()
        _log(
            UNLOCK,
            staff.agent_no,
            staff,
            where or SignInPlace.here(),
            ctx.now(),
            ctx.actor.agent_no,
        )
        _cred_audit(ctx, "staff.unlock", staff)


def has_password(staff: Staff) -> bool:
    return Credential.select().where(Credential.staff == staff.id).exists()


# -- the log for managers --------------------------------------------------
@dataclass(frozen=True)
class SignInRow:
    at: datetime
    agent_no: str
    staff_name: str
    event: str
    os_user: str
    host: str
    terminal: str
    by_no: str


def sign_in_log(
    ctx: ServiceContext,
    since: datetime | None = None,
    agent_no: str = "",
    events: tuple[str, ...] = (),
    limit: int = 1000,
) -> list[SignInRow]:
    """The sign-in log, newest first (managers only; step-up applies)."""
    require(ctx, "signin_log.view")
    require_fresh_proof(ctx)
    q = (
        SignInEvent.select(SignInEvent, Staff)
        .join(Staff, join_type=pw.JOIN.LEFT_OUTER, on=(SignInEvent.staff == Staff.id))
        .order_by(SignInEvent.at.desc(), SignInEvent.id.desc())
        .limit(max(1, min(int(limit), 100_000)))
    )
    if since is not None:
        q = q.where(SignInEvent.at >= since)
    if agent_no:
        q = q.where(SignInEvent.agent_no == agent_no.strip())
    if events:
        q = q.where(SignInEvent.event.in_(list(events)))
    return [
        SignInRow(
            e.at,
            e.agent_no,
            e.staff.name if e.staff else "",
            e.event,
            e.os_user,
            e.host,
            e.terminal,
            e.by_no,
        )
        for e in q
    ]
