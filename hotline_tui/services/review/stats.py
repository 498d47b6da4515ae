"""The manager's figures per operator and per day (docs/DESIGN.md, the manager's review; H6, H7, H9, R3, H14).

Every figure comes from one GROUP BY (local day, person) query per source
table over the widest window, never a query per row; the per-day and
per-operator tables of every window fold those cells, so the screen stays
fast on a desk with a million calls. Days
are the center's local days: the stored UTC times are shifted by the zone's
offset inside the query.

Definitions (the glossary the statistics screen shows):
- calls taken: calls started in the window, by the operator who took them;
- solved on the phone: outcome "solved" without an H6/H7 hold (H5, H9);
- held: the call went on hold (H6) or into consultation (H7);
- dispatched: the call ended in an on-site request (H8);
- promise: a held call's H6/H7 due time or a callback's due time, counted on
  the day it falls due; kept = resolved by then; broken = resolved late, or
  still open when it fell due. A held call whose promise is tracked by an
  H6/H7 callback counts once, as the callback;
- handover time: minutes from the start of duty to the acknowledgement (R3);
  late = acknowledged after, or still open past, its due time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

import peewee as pw
import pendulum

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.store.base import database
from hotline_tui.store.models import Call, Callback, CallEvent, Handover, Staff

WINDOWS = (7, 30)
HELD_RULES = ("H6", "H7")
OPEN_CALL_STATUSES = ("open", "on_hold", "consultation")
HELD_STATUSES = ("on_hold", "consultation")
#: timeline events that keep an H6/H7 promise: calling back with the result or status
FULFILLING_EVENTS = ("callback_attempt", "solved", "dispatch", "transferred")
DISPATCH_OUTCOMES = ("dispatch",)


@dataclass
class Figures:
    """One row of the per-operator or per-day table."""

    key: str  # agent number or ISO date
    label: str  # "1001 王丽" or "11-23"
    calls: int = 0
    solved: int = 0
    held: int = 0
    dispatched: int = 0
    kept: int = 0
    broken: int = 0
    handovers: int = 0
    handovers_late: int = 0
    handover_minutes: float | None = None  # average, acknowledged ones only
    _ack: int = field(default=0, repr=False)

    def add(self, other: Figures) -> None:
        """Fold another row into this one (for the totals)."""
        if other.handover_minutes is not None and other._ack:
            mine = (self.handover_minutes or 0.0) * self._ack
            self._ack += other._ack
            self.handover_minutes = (mine + other.handover_minutes * other._ack) / self._ack
        for f in ("calls", "solved", "held", "dispatched", "kept", "broken"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.handovers += other.handovers
        self.handovers_late += other.handovers_late

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


@dataclass
class Report:
    days: int
    start: pendulum.DateTime  # UTC, local midnight of the first day
    end: pendulum.DateTime  # UTC, now
    by_operator: list[Figures]
    by_day: list[Figures]
    totals: Figures


def _offset_minutes(ctx: ServiceContext) -> int:
    offset = ctx.local(ctx.now()).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def _day(col: pw.Field, minutes: int) -> Any:  # a peewee expression
    """The local calendar day of a UTC time column, computed in the database."""
    if isinstance(database.obj, pw.PostgresqlDatabase):
        return pw.Cast(col + pw.SQL(f"INTERVAL '{int(minutes)} minutes'"), "date")
    return pw.fn.date(col, f"{int(minutes):+d} minutes")


def _minutes_between(later: pw.Field, earlier: pw.Field) -> Any:  # a peewee expression
    if isinstance(database.obj, pw.PostgresqlDatabase):
        return pw.fn.date_part("epoch", later - earlier) / 60.0
    return (pw.fn.julianday(later) - pw.fn.julianday(earlier)) * 1440.0


def _count(cond: pw.Node) -> pw.Node:
    return pw.fn.SUM(pw.Case(None, [(cond, 1)], 0))


def _day_key(value: Any) -> str:
    """A day from the database: text on SQLite, a date (maybe as midnight) on PostgreSQL."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _call_rows(dims: tuple[pw.Node, ...], start: datetime, end: datetime) -> Any:
    was_held = CallEvent.select(CallEvent.id).where(
        (CallEvent.call == Call.id) & CallEvent.kind.in_(HELD_STATUSES)
    )
    held = Call.status.in_(HELD_STATUSES) | pw.fn.EXISTS(was_held)
    return (
        Call.select(
            *dims,
            pw.fn.COUNT(Call.id),
            _count(Call.outcome == "solved"),
            _count(held),
            _count(
                Call.outcome.in_(DISPATCH_OUTCOMES)
                | (Call.status == "dispatch")
                | (Call.suggest_onsite == True)  # noqa: E712
            ),
        )
        .where((Call.started_at >= start) & (Call.started_at < end) & (Call.status != "draft"))
        .group_by(*dims)
        .tuples()
    )


def _call_promise_rows(
    offset: int,
    start: Any,
    end: Any,
    now: Any,
    kind: str,
    m: int,  # pendulum times
) -> Any:
    """Held calls' promises (H6 on hold: m=60; H7 consultation: m=180) from the timeline.

    The promise is the hold event; it is kept when a later call-back attempt or
    resolution event comes within `m` minutes. The service that resolves a
    call clears its due time, so the timeline is what remembers the promise."""
    later = CallEvent.alias("later")
    done = later.select(pw.fn.MIN(later.at)).where(
        (later.call == CallEvent.call)
        & (later.at >= CallEvent.at)
        & (later.id != CallEvent.id)
        & later.kind.in_(FULFILLING_EVENTS)
    )
    tracked = Callback.select(Callback.id).where(
        (Callback.call == CallEvent.call) & Callback.kind.in_(HELD_RULES)
    )
    # The owner is a scalar lookup, not a join: the events in the window (the
    # (kind, at) index) drive the query, never a walk over every call.
    owner = Call.select(Call.owner).where(Call.id == CallEvent.call)
    inner = CallEvent.select(
        _day(CallEvent.at, offset + m).alias("k"),  # the day the promise falls due
        owner.alias("who"),
        CallEvent.at.alias("at"),
        done.alias("done_at"),
        pw.Case(None, [(CallEvent.at < now.subtract(minutes=m), 1)], 0).alias("past"),
    ).where(
        (CallEvent.kind == kind)
        & (CallEvent.at >= start.subtract(minutes=m))
        & (CallEvent.at < end.subtract(minutes=m))
        & ~pw.fn.EXISTS(tracked)
    )
    late = _minutes_between(inner.c.done_at, inner.c.at) > m
    return (
        pw.Select(
            [inner],
            [
                inner.c.k,
                inner.c.who,
                _count(inner.c.done_at.is_null(False) & ~late),
                _count(
                    (inner.c.done_at.is_null(False) & late)
                    | (inner.c.done_at.is_null() & (inner.c.past == 1))
                ),
            ],
        )
        .group_by(inner.c.k, inner.c.who)
        .bind(database)
        .tuples()
    )


def _callback_rows(
    dims: tuple[pw.Node, ...], start: datetime, end: datetime, now: datetime
) -> Iterable:
    done = Callback.status == "done"
    return (
        Callback.select(
            *dims,
            _count(done & (Callback.done_at <= Callback.due_at)),
            _count(
                (done & (Callback.done_at > Callback.due_at))
                | ((Callback.status == "open") & (Callback.due_at < now))
            ),
        )
        .where((Callback.due_at >= start) & (Callback.due_at < end))
        .group_by(*dims)
        .tuples()
    )


def _handover_rows(
    dims: tuple[pw.Node, ...], start: datetime, end: datetime, now: datetime
) -> Iterable:
    completed = Handover.completed_at.is_null(False)
    late = (completed & (Handover.completed_at > Handover.due_at)) | (
        Handover.completed_at.is_null() & (Handover.due_at < now)
    )
    return (
        Handover.select(
            *dims,
            pw.fn.COUNT(Handover.id),
            _count(late),
            _count(completed),
            pw.fn.AVG(
                pw.Case(
                    None,
                    [(completed, _minutes_between(Handover.completed_at, Handover.due_at))],
                    None,
                )
            ),
        )
        .where((Handover.due_at >= start) & (Handover.due_at < end))
        .group_by(*dims)
        .tuples()
    )


Cells = dict[tuple[str, int], Figures]


def _cells(ctx: ServiceContext, start: datetime, end: datetime) -> Cells:
    """Every figure by (local day, person), one grouped query per source table.

    Both tables and both windows fold these cells, so the large tables (calls,
    callbacks) are read once for the screen, whatever it shows."""
    now = ctx.now()
    policy = ctx.policy
    offset = _offset_minutes(ctx)
    cells: Cells = {}

    def cell(day: Any, who: Any) -> Figures:
        key = (_day_key(day), int(who) if who is not None else 0)
        return cells.setdefault(key, Figures("", ""))

    call_dims = (_day(Call.started_at, offset), Call.taken_by)
    for day, who, calls, solved, held, dispatched in _call_rows(call_dims, start, end):
        r = cell(day, who)
        r.calls += calls
        r.solved += solved or 0
        r.held += held or 0
        r.dispatched += dispatched or 0
    for source in (
        _call_promise_rows(offset, start, end, now, "on_hold", policy.hold_callback_minutes),
        _call_promise_rows(offset, start, end, now, "consultation", policy.consultation_minutes),
        _callback_rows((_day(Callback.due_at, offset), Callback.owner), start, end, now),
    ):
        for day, who, kept, broken in source:
            r = cell(day, who)
            r.kept += kept or 0
            r.broken += broken or 0
    ho_dims = (_day(Handover.due_at, offset), Handover.to_staff)
    for day, who, count, late, acked, avg in _handover_rows(ho_dims, start, end, now):
        r = cell(day, who)
        r.handovers, r.handovers_late, r._ack = count, late or 0, acked or 0
        if avg is not None:
            # due_at is the start of duty + the R3 allowance, so add it back.
            r.handover_minutes = float(avg) + policy.handover_minutes
    return cells


def _window_start(ctx: ServiceContext, days: int) -> tuple[date, pendulum.DateTime]:
    """The first local day of the window and its midnight in UTC."""
    if days < 1 or days > 366:
        raise ValidationError("days", "Choose between 1 and 366 days")
    first_day = ctx.local(ctx.now()).date() - timedelta(days=days - 1)
    start = pendulum.datetime(
        first_day.year, first_day.month, first_day.day, tz=ctx.settings.timezone
    ).in_timezone("UTC")
    return first_day, start


def _fold(ctx: ServiceContext, cells: Cells, days: int) -> Report:
    """The per-day and per-operator tables of the last `days` days, from the cells."""
    first_day, start = _window_start(ctx, days)
    first_key = first_day.isoformat()
    by_day: dict[str, Figures] = {}
    for i in range(days):
        d = first_day + timedelta(days=i)
        by_day[d.isoformat()] = Figures(d.isoformat(), f"{d:%m-%d}")
    by_staff: dict[int, Figures] = {}
    for (day, who), figures in cells.items():
        if day < first_key:
            continue
        # a day outside the window by a zone edge stays visible
        by_day.setdefault(day, Figures(day, day[5:])).add(figures)
        by_staff.setdefault(who, Figures(str(who), "")).add(figures)
    names = {s.id: s for s in Staff.select().where(Staff.id.in_([k for k in by_staff if k]))}
    for sid, row in by_staff.items():
        s = names.get(sid)
        row.key = s.agent_no if s else ""
        row.label = f"{s.agent_no} {s.name}" if s else "—"
    operators = sorted(by_staff.values(), key=lambda r: (r.key == "", r.key))
    totals = Figures("", "")
    for row in operators:
        totals.add(row)
    rows = [*operators, *by_day.values(), totals]
    for row in rows:
        if row.handover_minutes is not None:
            row.handover_minutes = round(row.handover_minutes, 1)
    return Report(
        days, start, ctx.now(), operators, sorted(by_day.values(), key=lambda r: r.key), totals
    )


def report(ctx: ServiceContext, days: int = 7) -> Report:
    """Figures per operator and per local day for the last `days` days (today included)."""
    return reports(ctx, (days,))[days]


def reports(ctx: ServiceContext, windows: Iterable[int] = WINDOWS) -> dict[int, Report]:
    """The statistics screen's windows (7 and 30 days) from one pass over the widest.

    Everyone's figures, per person: managers and supervisors only (stats.view)."""
    require(ctx, "stats.view")
    windows = list(windows)
    _first, start = _window_start(ctx, max(windows))
    cells = _cells(ctx, start, ctx.now().add(microseconds=1))
    return {days: _fold(ctx, cells, days) for days in windows}


#: The definitions the statistics screen shows (key g), one msgid per line.
GLOSSARY = (
    N_("Calls taken: calls started in the window, by the operator who took them."),
    N_("Solved on the phone: the call ended solved (H5, H9)."),
    N_("Held: the call went on hold (H6) or into consultation (H7)."),
    N_("Dispatched: the call ended in an on-site request (H8)."),
    N_(
        "Promise: a held call's H6/H7 due time or a callback's due time, on the day it falls due;"
        " kept = resolved by then, broken = resolved late or still open after it."
    ),
    N_(
        "Handover minutes: from the start of duty to the acknowledgement; late past the R3 allowance."
    ),
)

#: (field, column msgid) of the tables and their exports.
COLUMNS = (
    ("label", N_("Operator / day")),
    ("calls", N_("Calls taken")),
    ("solved", N_("Solved on the phone")),
    ("held", N_("Held")),
    ("dispatched", N_("Dispatched")),
    ("kept", N_("Promises kept")),
    ("broken", N_("Promises broken")),
    ("handovers", N_("Handovers")),
    ("handovers_late", N_("Late handovers")),
    ("handover_minutes", N_("Avg. handover minutes")),
)
