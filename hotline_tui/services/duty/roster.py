"""The duty roster (R1): who takes hotline duty on which shift of which day.

The manager assigns and removes operators shift by shift; the week grid marks
weekends, public holidays and adjusted working days from the business calendar
(W1) and shows the R1 checks inline: an empty shift, a person twice at the
same time, a person over the weekly hours, a person without the operator role.
Shift times come from `settings.shifts`; an end before the start runs past
midnight. Checks are warnings, not refusals: the manager sees them at once and
decides (a holiday may well be covered by a manager).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pendulum

from hotline_tui.config import Settings, ShiftTime
from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.domain.permissions import OPERATOR
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    business_calendar,
    check_id,
    get_or_fail,
    snapshot,
    writing,
)

# Shift times and weeks live in roster_shifts; these names stay importable here.
from hotline_tui.services.duty.shifts import (  # noqa: F401 - re-exported
    SHIFT_NAMES,
    parse_week,
    plain_date,
    shift_hours,
    shift_label,
    shift_span,
    shift_time,
    week_start,
)
from hotline_tui.services.export import write_table
from hotline_tui.store.models import RosterShift, Staff

# R1 check codes, shown inline in the grid.
EMPTY = "empty"
DOUBLE = "double"
OVER_HOURS = "over_hours"
NOT_OPERATOR = "not_operator"
CHECK_LABELS = {
    EMPTY: N_("Nobody on this shift"),
    DOUBLE: N_("Rostered twice at the same time"),
    OVER_HOURS: N_("Over the weekly hours"),
    NOT_OPERATOR: N_("Not a hotline operator"),
}
DAY_KIND_LABELS = {
    "workday": N_("Workday"),
    "weekend": N_("Weekend"),
    "holiday": N_("Holiday"),
    "adjusted_workday": N_("Adjusted workday"),
}
HOLIDAYS = {
    "New Year's Day": N_("New Year's Day"),
    "Spring Festival": N_("Spring Festival"),
    "Tomb-sweeping Day": N_("Tomb-sweeping Day"),
    "Labour Day": N_("Labour Day"),
    "Dragon Boat Festival": N_("Dragon Boat Festival"),
    "National Day": N_("National Day"),
    "Mid-autumn Festival": N_("Mid-autumn Festival"),
}


def holiday_label(name: str | None) -> str:
    """The holiday's name in the UI language (the calendar libraries give English)."""
    return _(HOLIDAYS[name]) if name in HOLIDAYS else (name or "")


# -- reading -------------------------------------------------------------------


@dataclass
class Assignee:
    roster_id: int
    staff_id: int
    agent_no: str
    name: str
    checks: list[str] = field(default_factory=list)


@dataclass
class DayInfo:
    day: date
    kind: str  # workday | weekend | holiday | adjusted_workday (W1)
    holiday: str | None


@dataclass
class WeekGrid:
    monday: date
    days: list[DayInfo]
    shifts: list[ShiftTime]
    cells: dict[tuple[date, str], list[Assignee]]
    hours: dict[int, float]  # staff id -> rostered hours this week

    def checks(self, day: date, code: str) -> list[str]:
        """The R1 checks of one cell: empty, or those of anyone on it."""
        people = self.cells.get((day, code), [])
        if not people:
            return [EMPTY]
        return sorted({c for p in people for c in p.checks})

    def problems(self) -> list[tuple[date, str, str, str]]:
        """Every R1 finding as (day, shift, who, check), for a summary line."""
        out = []
        for d in self.days:
            for sh in self.shifts:
                people = self.cells.get((d.day, sh.code), [])
                if not people:
                    out.append((d.day, sh.code, "", EMPTY))
                for p in people:
                    out += [(d.day, sh.code, p.name, c) for c in p.checks]
        return out


def _rows_between(start: datetime, end: datetime) -> list[RosterShift]:
    return list(
        RosterShift.select(RosterShift, Staff)
        .join(Staff, on=(RosterShift.staff == Staff.id))
        .where((RosterShift.starts_at < end) & (RosterShift.ends_at > start))
        .order_by(RosterShift.starts_at, Staff.agent_no)
    )


def week_grid(settings: Settings, monday: date) -> WeekGrid:
    """The week's duty with the calendar marks and the R1 checks (R1, W1)."""
    policy = settings.policy
    monday = week_start(monday)
    cal: BusinessCalendar = business_calendar(settings)
    days = [monday + timedelta(days=i) for i in range(7)]
    infos = [DayInfo(d, cal.day_kind(d), _holiday(cal, d)) for d in days]
    first, _unused = shift_span(settings, days[0], settings.shifts[0].code)
    # Neighbours count for "twice at the same time" across midnight.
    rows = _rows_between(first.subtract(days=1), first.add(days=8))
    in_week = [r for r in rows if monday <= r.day <= days[-1]]
    hours: dict[int, float] = defaultdict(float)
    for r in in_week:
        hours[r.staff_id] += (r.ends_at - r.starts_at).total_seconds() / 3600
    by_staff: dict[int, list[RosterShift]] = defaultdict(list)
    for r in rows:
        by_staff[r.staff_id].append(r)
    cells: dict[tuple[date, str], list[Assignee]] = defaultdict(list)
    for r in in_week:
        checks = []
        if any(
            o.id != r.id and o.starts_at < r.ends_at and o.ends_at > r.starts_at
            for o in by_staff[r.staff_id]
        ):
            checks.append(DOUBLE)
        if hours[r.staff_id] > policy.max_weekly_hours:
            checks.append(OVER_HOURS)
        if not r.staff.has_role(OPERATOR):
            checks.append(NOT_OPERATOR)
        cells[(r.day, r.shift_code)].append(
            Assignee(r.id, r.staff_id, r.staff.agent_no, r.staff.name, checks)
        )
    return WeekGrid(monday, infos, list(settings.shifts), dict(cells), dict(hours))


def _holiday(cal: BusinessCalendar, d: date) -> str | None:
    kind = cal.day_kind(d)
    return cal.holiday_name(d) if kind in ("holiday", "adjusted_workday") else None


@dataclass
class OnDuty:
    now: list[RosterShift]
    next: list[RosterShift]


def on_duty(now: datetime) -> OnDuty:
    """Who is on hotline duty at `now`, and who comes on next (the header)."""
    current = list(
        RosterShift.select(RosterShift, Staff)
        .join(Staff, on=(RosterShift.staff == Staff.id))
        .where((RosterShift.starts_at <= now) & (RosterShift.ends_at > now))
        .order_by(Staff.agent_no)
    )
    upcoming = (
        RosterShift.select(RosterShift.starts_at)
        .where(RosterShift.starts_at > now)
        .order_by(RosterShift.starts_at)
        .first()
    )
    nxt: list[RosterShift] = []
    if upcoming is not None:
        nxt = list(
            RosterShift.select(RosterShift, Staff)
            .join(Staff, on=(RosterShift.staff == Staff.id))
            .where(RosterShift.starts_at == upcoming.starts_at)
            .order_by(Staff.agent_no)
        )
    return OnDuty(current, nxt)


def duty_line(settings: Settings, now: datetime) -> str:
    """The header text: "On duty: 1001 王丽 · Next 17:00: 1002 李强"."""
    duty = on_duty(now)
    names = ", ".join(f"{r.staff.agent_no} {r.staff.name}" for r in duty.now) or _("nobody")
    text = _("On duty: {names}", names=names)
    if duty.next:
        at = pendulum.instance(duty.next[0].starts_at).in_tz(settings.timezone)
        who = ", ".join(f"{r.staff.agent_no} {r.staff.name}" for r in duty.next)
        text += " · " + _("Next {at}: {names}", at=at.format("MM-DD HH:mm"), names=who)
    return text


# -- writing -------------------------------------------------------------------


def assign(ctx: ServiceContext, day: date, shift_code: str, staff_id: int) -> RosterShift:
    """R1: put an operator on a shift. Checks show in the grid; a repeat is refused."""
    if not isinstance(day, date):  # None or text from a form: refused, no crash
        raise ValidationError("day", "Give a date like 2026-10-10")
    day = plain_date(day)
    starts_at, ends_at = shift_span(ctx.settings, day, shift_code)
    with writing(ctx, "roster.edit"):
        staff_id = check_id("staff", staff_id)
        person = Staff.get_or_none(Staff.id == staff_id)
        if person is None or not person.active:
            raise NotFound("Staff member {id} does not exist", id=staff_id)
        exists = RosterShift.select().where(
            (RosterShift.day == day)
            & (RosterShift.shift_code == shift_code)
            & (RosterShift.staff == staff_id)
        )
        if exists.exists():
            raise ValidationError(
                "staff",
                "{name} is already on this shift",
                name=person.name,
            )
        row = RosterShift.create(
            day=day,
            shift_code=shift_code,
            starts_at=starts_at,
            ends_at=ends_at,
            staff=person,
            created_by=ctx.actor,
            created_at=ctx.now(),
        )
        audit(ctx, "roster.assign", row)
    return row


def remove(ctx: ServiceContext, roster_id: int) -> None:
    """R1: take an operator off a shift."""
    with writing(ctx, "roster.edit"):
        row = get_or_fail(RosterShift, check_id("roster", roster_id), _("Roster entry"))
        before = snapshot(row)
        row.delete_instance()
        audit(
            ctx,
            "roster.remove",
            None,
            before=before,
            record_type="roster_shift",
            record_id=roster_id,
        )


def copy_last_week(ctx: ServiceContext, monday: date) -> int:
    """R1: repeat the previous week's duty in this week; existing entries are kept."""
    monday = week_start(monday)
    prev = monday - timedelta(days=7)
    known = {sh.code for sh in ctx.settings.shifts}
    with writing(ctx, "roster.edit"):
        source = list(
            RosterShift.select().where((RosterShift.day >= prev) & (RosterShift.day < monday))
        )
        have = {
            (r.day, r.shift_code, r.staff_id)
            for r in RosterShift.select().where(
                (RosterShift.day >= monday) & (RosterShift.day < monday + timedelta(days=7))
            )
        }
        count = 0
        for r in source:
            day = r.day + timedelta(days=7)
            if r.shift_code not in known or (day, r.shift_code, r.staff_id) in have:
                continue
            starts_at, ends_at = shift_span(ctx.settings, day, r.shift_code)
            RosterShift.create(
                day=day,
                shift_code=r.shift_code,
                starts_at=starts_at,
                ends_at=ends_at,
                staff=r.staff_id,
                created_by=ctx.actor,
                created_at=ctx.now(),
            )
            count += 1
        audit(
            ctx,
            "roster.copy_week",
            None,
            after={"from": prev.isoformat(), "to": monday.isoformat(), "count": count},
            record_type="roster_week",
            record_id=monday.isoformat(),
        )
    return count


# -- export --------------------------------------------------------------------

EXPORT_HEADERS = (
    N_("Date"),
    N_("Weekday"),
    N_("Day kind"),
    N_("Holiday"),
    N_("Shift"),
    N_("Start"),
    N_("End"),
    N_("Agent no."),
    N_("Name"),
    N_("Checks"),
)
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def export_week(settings: Settings, monday: date, path: str | Path, fmt: str | None = None) -> int:
    """R1: the week's roster as CSV or XLSX, one row per person per shift."""
    grid = week_grid(settings, monday)
    rows = []
    for d in grid.days:
        for sh in grid.shifts:
            people: list[Any] = grid.cells.get((d.day, sh.code)) or [None]
            for p in people:
                checks = p.checks if p else [EMPTY]
                rows.append(
                    [
                        d.day.isoformat(),
                        _(WEEKDAYS[d.day.weekday()]),
                        _(DAY_KIND_LABELS[d.kind]),
                        holiday_label(d.holiday),
                        shift_label(sh.code),
                        f"{sh.start:%H:%M}",
                        f"{sh.end:%H:%M}",
                        p.agent_no if p else "",
                        p.name if p else "",
                        "; ".join(_(CHECK_LABELS[c]) for c in checks),
                    ]
                )
    return write_table(path, [_(h) for h in EXPORT_HEADERS], rows, fmt)
