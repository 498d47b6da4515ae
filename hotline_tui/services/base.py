"""The single write path: who acts, permission check, one transaction, audit.

Every service that writes does it inside `writing(ctx, action)`: the acting
staff member's roles are checked against the role × action table first, the
work runs in one transaction (SQLite: BEGIN IMMEDIATE, so two desks never
deadlock on a lock upgrade), and `audit()` records before/after in the same
transaction. A transient "database is locked" is retried with backoff and
surfaces as a clear `BusyError`, never as a driver traceback.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, overload

import peewee as pw
import pendulum

from hotline_tui.config import Settings
from hotline_tui.domain import permissions
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.clock import Clock, SystemClock
from hotline_tui.domain.errors import (
    ConflictError,
    HotlineError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from hotline_tui.store.base import VersionedModel, database
from hotline_tui.store.feed import publish
from hotline_tui.store.models import AuditEntry, CalendarOverride, Counter, Staff

T = TypeVar("T")


class BusyError(HotlineError):
    """The database stayed busy (another desk writing) past the retries."""


@dataclass
class ServiceContext:
    """Who is acting, on which clock, under which settings."""

    actor: Staff
    settings: Settings = field(default_factory=Settings)
    clock: Clock = field(default_factory=SystemClock)
    #: When this person last proved who they are (password); None: the caller
    #: built the context without a sign-in (tests, internal jobs).
    proven_at: datetime | None = None
    #: Signed in with a one-time password: a new one is due before any work.
    must_change: bool = False
    #: Proven by a read-only access token: `writing()` refuses every write.
    read_only: bool = False
    #: Proven by an access token rather than a password (a token makes no tokens).
    via_token: bool = False

    def now(self) -> pendulum.DateTime:
        return self.clock.now()

    @property
    def tz(self) -> str:
        return self.settings.timezone

    def local(self, when: datetime) -> pendulum.DateTime:
        return pendulum.instance(when).in_timezone(self.settings.timezone)

    def calendar(self) -> BusinessCalendar:
        return business_calendar(self.settings)

    @property
    def policy(self):
        return self.settings.policy

    def can(self, action: str) -> bool:
        return permissions.allowed(self.actor.role_list, action)


def business_calendar(settings: Settings) -> BusinessCalendar:
    """The public calendar plus the center's own overrides stored in the database (W1)."""
    overrides: dict[date, bool] = {}
    if database.obj is not None and database.table_exists("calendar_override"):
        overrides = {o.day: o.working for o in CalendarOverride.select()}
    return BusinessCalendar(
        overrides=overrides, tz=settings.timezone, workday_start=settings.workday_start
    )


def require(ctx: ServiceContext, action: str) -> None:
    """Refuse unless the acting staff member's roles allow `action`."""
    if not ctx.actor.active:
        raise PermissionDenied("{who} is not active", who=ctx.actor.agent_no)
    permissions.check(ctx.actor.role_list, action, who=f"{ctx.actor.agent_no} {ctx.actor.name}")


def _is_locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text


@contextmanager
def transaction() -> Iterator[None]:
    """One write transaction; SQLite takes the write lock up front."""
    db = database.obj
    if isinstance(db, pw.SqliteDatabase):
        with db.atomic(lock_type="IMMEDIATE"):
            yield
    else:
        with db.atomic():
            yield


def retrying(fn: Callable[[], T], attempts: int = 8) -> T:
    """Run a write, retrying with jittered backoff while another desk holds the lock."""
    delay = 0.02
    for attempt in range(attempts):
        try:
            return fn()
        except (pw.OperationalError, pw.InternalError) as exc:
            if not _is_locked(exc) or attempt == attempts - 1:
                if _is_locked(exc):
                    raise BusyError(
                        "The database is busy with another desk's work; please try again"
                    ) from exc
                raise
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")


@contextmanager
def writing(ctx: ServiceContext, action: str) -> Iterator[None]:
    """Permission check, then one transaction. Use with `retrying` at the call site
    for operations that are safe to repeat as a whole."""
    if ctx.read_only:
        raise PermissionDenied("This access token is read-only: it may not change anything")
    require(ctx, action)
    try:
        with transaction():
            yield
    except (pw.OperationalError, pw.InternalError) as exc:
        # Lock timeout (SQLite), deadlock / serialization failure (PostgreSQL):
        # the whole transaction was rolled back; say so instead of a driver traceback.
        if not _is_locked(exc):
            raise
        raise BusyError("The database is busy with another desk's work; please try again") from exc


def tuples(query: Any) -> Iterator[Any]:
    """The rows of `query.tuples()`; peewee's stubs type them as model instances."""
    return iter(query.tuples())


@overload
def snapshot(instance: pw.Model, fields: list[str] | None = None) -> dict[str, Any]: ...
@overload
def snapshot(instance: None, fields: list[str] | None = None) -> None: ...


def snapshot(instance: pw.Model | None, fields: list[str] | None = None) -> dict[str, Any] | None:
    """A JSON-ready picture of a row for the audit log (foreign keys as ids)."""
    if instance is None:
        return None
    out: dict[str, Any] = {}
    for name, f in instance._meta.fields.items():
        if fields and name not in fields:
            continue
        value = instance.__data__.get(name)
        if isinstance(f, pw.ForeignKeyField):
            out[name] = value
        elif isinstance(value, datetime):
            out[name] = pendulum.instance(value).in_timezone("UTC").isoformat()
        elif isinstance(value, date):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out


def audit(
    ctx: ServiceContext,
    action: str,
    record: pw.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    record_type: str = "",
    record_id: Any = "",
) -> AuditEntry:
    """Write the audit entry for a change, inside the caller's transaction, and
    publish it on the change feed (kind and id only), so every desk shows it."""
    if record is not None:
        record_type = record_type or record._meta.table_name
        record_id = record_id or record.get_id()
        if after is None:
            after = snapshot(record)
    from hotline_tui.store.chain import append

    publish(record_type, record_id)
    entry: AuditEntry = append(
        AuditEntry,
        at=ctx.now(),
        actor=ctx.actor,
        actor_no=ctx.actor.agent_no,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        before=before,
        after=after,
    )
    return entry


def changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Only the fields that differ, as {field: [before, after]}."""
    before, after = before or {}, after or {}
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k) and k not in ("version", "updated_at")
    }


def get_or_fail(model: Any, pk: Any, what: str) -> Any:  # a model class
    try:
        return model.get_by_id(pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound("{what} {id} does not exist", what=what, id=pk) from None


#: The largest id a BIGINT column holds; PostgreSQL raises a DataError beyond it.
MAX_ID = 2**63 - 1


def clean_text(field: str, value: Any, limit: int, *, required: bool = False) -> str:
    """A text field as the services keep it: trimmed, bounded, no control characters
    but newline and tab; None is empty; a wrong type or a bad value is refused
    naming the field (the screens show it beside that field)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "Expected text")
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "This field is required")
    if len(value) > limit:
        raise ValidationError(field, "At most {n} characters", n=limit)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ValidationError(field, "Control characters are not allowed")
    return value


def check_id(field: str, value: object) -> int:
    """An id argument (a form, the CLI): a whole number a database id can be.

    Anything else (a list, a float, text, True, 2**63) is refused naming the
    field before any query, so no driver error (SQLite OverflowError,
    PostgreSQL DataError) reaches the operator.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise ValidationError(field, "Not a valid record number")
    return value


def bump_version(instance: VersionedModel, expected: int | None, who: str = "") -> None:
    """Save with an optimistic check: fail if someone changed it since `expected`."""
    model = type(instance)
    expected = instance.version if expected is None else expected
    if not isinstance(expected, int) or isinstance(expected, bool):
        # A version that is not a number (a form, the CLI): refused, never a TypeError.
        raise ValidationError("version", "The record's version is not a number; reload it")
    data = {
        f: instance.__data__[f.name]
        for f in model._meta.sorted_fields
        if f.name not in ("id", "version") and f.name in instance.__data__
    }
    data[model.version] = expected + 1
    updated = (
        model.update(data)
        .where((model._meta.primary_key == instance.get_id()) & (model.version == expected))
        .execute()
    )
    if updated != 1:
        raise ConflictError(
            "This record was changed by someone else meanwhile{by}; reload and try again",
            by=f" ({who})" if who else "",
        )
    instance.version = expected + 1


def next_number(prefix: str, day: date) -> str:
    """The next ticket number of the day, e.g. HL20261123-0007 (inside a transaction)."""
    name = f"{prefix}{day:%Y%m%d}"
    updated = Counter.update(value=Counter.value + 1).where(Counter.name == name).execute()
    if not updated:
        try:
            with database.atomic():
                Counter.create(name=name, value=1)
        except pw.IntegrityError:
            Counter.update(value=Counter.value + 1).where(Counter.name == name).execute()
    value = Counter.get_by_id(name).value
    return f"{name}-{value:04d}"
