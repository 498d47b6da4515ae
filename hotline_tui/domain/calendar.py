"""The center's business calendar: which days are working days (W1).

Working days are weekdays, minus Chinese public holidays, plus the adjusted
working weekends (调休). The official schedule comes from ``chinese_calendar``,
which is published year by year; for years it does not cover yet (or any more)
we fall back to ``holidays.China``, which knows the holiday dates but not the
adjusted working weekends, so weekends are simply off. A center can correct
any single day with an override (loaded from the database by the store).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import pendulum

DEFAULT_TZ = "Asia/Shanghai"  # W2

WORKDAY = "workday"
WEEKEND = "weekend"
HOLIDAY = "holiday"
ADJUSTED_WORKDAY = "adjusted_workday"

# Bound the day-by-day search so a calendar with absurd overrides cannot hang.
_MAX_SCAN_DAYS = 366 * 2


def _official() -> Any:
    """chinese_calendar, imported on first use: the desk's start never asks
    whether a day is a working day (6 ms of its start, docs/PERFORMANCE.md)."""
    import chinese_calendar

    return chinese_calendar


@lru_cache(maxsize=64)
def _chinese_calendar_covers(year: int) -> bool:
    """Whether chinese_calendar has the official schedule for ``year``."""
    try:
        _official().is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=64)
def _fallback_holidays(year: int) -> Any:
    """holidays.China for one year: holiday dates only, no adjusted weekends
    (imported on first use: a covered year never needs it, start-up stays light)."""
    import holidays

    china: Any = holidays.China
    return china(years=year)


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


class BusinessCalendar:
    """Working days and working-day boundaries in the center's time zone (W1, W2)."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        tz: str = DEFAULT_TZ,
        *,
        workday_start: time = time(9, 0),
        workday_end: time = time(18, 0),
    ) -> None:
        if workday_end <= workday_start:
            raise ValueError("workday_end must be after workday_start")
        self.overrides: dict[date, bool] = dict(overrides or {})
        self.tz = pendulum.timezone(tz)
        self.tz_name = tz
        self.workday_start = workday_start
        self.workday_end = workday_end

    def _day(self, d: date) -> date:
        """A plain date; an aware datetime counts as its local date here (W2)."""
        if isinstance(d, datetime):
            return self.local_date(d) if d.tzinfo is not None else d.date()
        if not isinstance(d, date):
            raise TypeError(f"expected a date, got {type(d).__name__}")
        return date(d.year, d.month, d.day)

    # -- day classification ------------------------------------------------

    def _official_is_working(self, d: date) -> bool:
        """The published schedule, without the center's overrides."""
        if _chinese_calendar_covers(d.year):
            return bool(_official().is_workday(d))
        return not _is_weekend(d) and d not in _fallback_holidays(d.year)

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a working day at this center (W1)."""
        d = self._day(d)
        if d in self.overrides:
            return self.overrides[d]
        return self._official_is_working(d)

    def holiday_name(self, d: date) -> str | None:
        """Name of the public holiday on ``d`` (English, as the libraries give it), or None.

        An adjusted working weekend keeps the name of the holiday it makes up for,
        since chinese_calendar reports it that way; this is shown as a hint only.
        """
        d = self._day(d)
        if _chinese_calendar_covers(d.year):
            name: str | None = _official().get_holiday_detail(d)[1]
            return name
        fallback: str | None = _fallback_holidays(d.year).get(d)
        return fallback

    def day_kind(self, d: date) -> str:
        """One of "workday", "weekend", "holiday", "adjusted_workday" (W1)."""
        d = self._day(d)
        if self.is_working_day(d):
            return ADJUSTED_WORKDAY if _is_weekend(d) else WORKDAY
        if _is_weekend(d) and self.holiday_name(d) is None:
            return WEEKEND
        # A named holiday, or a weekday the center has closed by override.
        return HOLIDAY

    # -- day arithmetic ----------------------------------------------------

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d = self._day(d)
        for _ in range(_MAX_SCAN_DAYS):
            d += timedelta(days=1)
            if self.is_working_day(d):
                return d
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days")

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        d = self._day(d)
        for _ in range(_MAX_SCAN_DAYS):
            d -= timedelta(days=1)
            if self.is_working_day(d):
                return d
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days")

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it if ``n`` < 0).

        ``d`` itself is never counted, so Friday + 1 is Monday and a holiday
        + 1 is the first working day after it; ``n`` == 0 returns ``d``.
        """
        d = self._day(d)
        step = self.next_working_day if n >= 0 else self.previous_working_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open range (start, end]; for reports."""
        start, end = self._day(start), self._day(end)
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            count += self.is_working_day(d)
        return count

    # -- local-time boundaries (W2) ---------------------------------------

    def local(self, dt: datetime) -> pendulum.DateTime:
        """``dt`` (timezone-aware) seen in the center's time zone."""
        return to_pendulum(dt).in_tz(self.tz)

    def local_date(self, dt: datetime) -> date:
        """The center's calendar date at instant ``dt``."""
        return self.local(dt).date()

    def at_local(self, d: date, t: time) -> pendulum.DateTime:
        """Local wall-clock time ``t`` on day ``d``, in the center's zone."""
        return pendulum.datetime(d.year, d.month, d.day, t.hour, t.minute, t.second, tz=self.tz)

    def working_day_start(self, d: date) -> pendulum.DateTime:
        """Start of work on ``d`` (09:00 local by default)."""
        return self.at_local(self._day(d), self.workday_start)

    def working_day_end(self, d: date) -> pendulum.DateTime:
        """End of work on ``d`` (18:00 local by default)."""
        return self.at_local(self._day(d), self.workday_end)

    def next_working_day_start(self, dt: datetime) -> pendulum.DateTime:
        """Start of the first working day after the local date of ``dt``.

        "By the next working day's start" (S3) means the day after, even when
        ``dt`` is early in the morning of a working day.
        """
        return self.working_day_start(self.next_working_day(self.local_date(dt)))


def to_pendulum(dt: datetime) -> pendulum.DateTime:
    """A pendulum DateTime for a timezone-aware datetime; naive ones are refused.

    A naive time has no defined instant (W2), so guessing a zone would hide bugs.
    """
    if not isinstance(dt, datetime):
        raise TypeError(f"expected a datetime, got {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: times must carry a time zone (W2)")
    if isinstance(dt, pendulum.DateTime):
        return dt
    return pendulum.instance(dt)
