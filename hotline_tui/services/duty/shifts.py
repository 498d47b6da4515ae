"""Shift times and weeks for the duty roster (R1): a shift code's span on a day
(an end before the start runs past midnight), its name in the UI language,
and the Monday of a week. Split out of `services/roster.py`, which re-exports
these names.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pendulum

from hotline_tui.config import Settings, ShiftTime
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


#: Names for the usual shift codes; a center's own codes show as written.
SHIFT_NAMES = {
    "day": N_("Day shift"),
    "early": N_("Early shift"),
    "evening": N_("Evening shift"),
    "night": N_("Night shift"),
    "weekend": N_("Weekend shift"),
}


def shift_label(code: str) -> str:
    """The shift's name in the UI language: "day" is 白班 in Chinese."""
    return _(SHIFT_NAMES[code]) if code in SHIFT_NAMES else code


def shift_time(settings: Settings, code: str) -> ShiftTime:
    for sh in settings.shifts:
        if sh.code == code:
            return sh
    raise ValidationError("shift", "Unknown shift {code}", code=code)


def shift_span(settings: Settings, day: date, code: str) -> tuple[pendulum.DateTime, ...]:
    """(start, end) of a shift on `day` in UTC; an end before the start is the next day."""
    sh = shift_time(settings, code)
    tz = settings.timezone
    start = pendulum.datetime(day.year, day.month, day.day, sh.start.hour, sh.start.minute, tz=tz)
    end = pendulum.datetime(day.year, day.month, day.day, sh.end.hour, sh.end.minute, tz=tz)
    if end <= start:
        end = end.add(days=1)
    return start.in_tz("UTC"), end.in_tz("UTC")


def shift_hours(settings: Settings, code: str) -> float:
    start, end = shift_span(settings, date(2026, 1, 5), code)
    return (end - start).total_seconds() / 3600


def plain_date(day: date) -> date:
    """A plain date: database drivers refuse pendulum's Date subclass."""
    return date(day.year, day.month, day.day)


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    day = plain_date(day)
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date:
    """The Monday of an ISO week like 2026-W48."""
    m = _WEEK.match((text or "").strip())
    if not m:
        raise ValidationError("week", "A week looks like 2026-W48")
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise ValidationError("week", "A week looks like 2026-W48") from None
