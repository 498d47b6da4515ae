"""One function per timer in RULES.md, so every due time traces to its rule.

Each function takes the instant the clock starts (a timezone-aware datetime in
any zone) and returns the due instant as a UTC pendulum DateTime. Deadlines in
minutes, hours or days run on the clock, because the hotline is staffed (W1).
Deadlines in working days skip non-working days and are worked out on the
center's local calendar (W1, W2), so they need a BusinessCalendar.

Numbers given as keyword defaults are the RULES.md defaults; a center's settings
may pass others.
"""

from __future__ import annotations

from datetime import datetime

import pendulum

from hotline_tui.domain.calendar import DEFAULT_TZ, BusinessCalendar, to_pendulum

UTC = pendulum.UTC


def _utc(dt: datetime) -> pendulum.DateTime:
    return to_pendulum(dt).in_tz(UTC)


def _after_minutes(start: datetime, minutes: int) -> pendulum.DateTime:
    return _utc(start).add(minutes=minutes)


# -- duty and handover -------------------------------------------------------


def r2_ready_due(shift_start: datetime, *, minutes: int = 10) -> pendulum.DateTime:
    """R2: the operator is ready within 10 minutes of the shift start."""
    return _after_minutes(shift_start, minutes)


def r3_handover_due(shift_start: datetime, *, minutes: int = 30) -> pendulum.DateTime:
    """R3: the handover is acknowledged within 30 minutes of the start of duty."""
    return _after_minutes(shift_start, minutes)


# -- hotline calls -----------------------------------------------------------


def h6_callback_due(hung_up_at: datetime, *, minutes: int = 60) -> pendulum.DateTime:
    """H6: call back within 1 hour of hanging up for consultation (on the clock)."""
    return _after_minutes(hung_up_at, minutes)


def h7_consultation_due(started_at: datetime, *, minutes: int = 180) -> pendulum.DateTime:
    """H7: solution or on-site appointment within 3 hours of the consultation."""
    return _after_minutes(started_at, minutes)


# -- follow-up callbacks -----------------------------------------------------


def f1_hotline_callback_due(closed_at: datetime, *, days: int = 3) -> pendulum.DateTime:
    """F1: callback within 3 calendar days of a hotline/remote service (on the clock)."""
    return _utc(closed_at).add(days=days)


def f2_onsite_callback_due(signed_at: datetime, cal: BusinessCalendar) -> pendulum.DateTime:
    """F2: phone callback on the next working day after the on-site service.

    Due at the end of that working day (18:00 local by default): "the next day"
    gives the whole day, and the customer's office is only open on working days.
    """
    day = cal.next_working_day(cal.local_date(signed_at))
    return cal.working_day_end(day).in_tz(UTC)


def f3_project_callback_due(
    accepted_at: datetime, cal: BusinessCalendar, *, working_days: int = 7
) -> pendulum.DateTime:
    """F3: final callback by the end of the 7th working day after acceptance."""
    day = cal.add_working_days(cal.local_date(accepted_at), working_days)
    return cal.working_day_end(day).in_tz(UTC)


CATEGORY_REGULAR = "regular"
CATEGORY_VIP = "vip"
CATEGORY_KEY = "key"
_CATEGORY_ALIASES = {
    "regular": CATEGORY_REGULAR,
    "普通": CATEGORY_REGULAR,
    "vip": CATEGORY_VIP,
    "key": CATEGORY_KEY,
    "重点": CATEGORY_KEY,
}


def f4_care_callback_due(
    last: datetime,
    category: str,
    *,
    regular_months: int = 3,
    vip_months: int = 1,
    tz: str = DEFAULT_TZ,
) -> pendulum.DateTime:
    """F4: next periodic care callback: regular every 3 months, VIP monthly.

    Key customers are treated like VIP (F4 groups "key/VIP"). Months are added
    in the center's zone so the callback lands on the same local day of month.
    """
    kind = _CATEGORY_ALIASES.get(category.strip().lower())
    if kind is None:
        raise ValueError(f"unknown customer category: {category!r}")
    months = regular_months if kind == CATEGORY_REGULAR else vip_months
    local = to_pendulum(last).in_tz(pendulum.timezone(tz))
    return local.add(months=months).in_tz(UTC)


# -- complaints --------------------------------------------------------------


def c3_complaint_response_due(registered_at: datetime, *, minutes: int = 180) -> pendulum.DateTime:
    """C3: the responsible person contacts the customer within 3 hours."""
    return _after_minutes(registered_at, minutes)


def _same_time_working_days_later(
    start: datetime, cal: BusinessCalendar, working_days: int
) -> pendulum.DateTime:
    """The same local clock time, ``working_days`` working days later (W1)."""
    local = cal.local(start)
    day = cal.add_working_days(local.date(), working_days)
    due = pendulum.datetime(
        day.year,
        day.month,
        day.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tz=cal.tz,
    )
    return due.in_tz(UTC)


def c4_verification_due(
    result_at: datetime, cal: BusinessCalendar, *, working_days: int = 1
) -> pendulum.DateTime:
    """C4: the supervisor verifies the result within 1 working day.

    Kept simple: the same local clock time on the next working day, even when
    that time is outside office hours.
    """
    return _same_time_working_days_later(result_at, cal, working_days)


def c5_vendor_report_due(
    closed_at: datetime, cal: BusinessCalendar, *, working_days: int = 1
) -> pendulum.DateTime:
    """C5: the result of a vendor-forwarded complaint goes back within 1 working day."""
    return _same_time_working_days_later(closed_at, cal, working_days)


def _parse_month(month: str | tuple[int, int]) -> tuple[int, int]:
    if isinstance(month, str):
        try:
            year_s, month_s = month.strip().split("-")
            year, mon = int(year_s), int(month_s)
        except ValueError:
            raise ValueError(f"month must look like 'YYYY-MM', got {month!r}") from None
    else:
        year, mon = month
    if not 1 <= mon <= 12:
        raise ValueError(f"month out of range: {mon}")
    return year, mon


def c7_report_due(
    month: str | tuple[int, int], cal: BusinessCalendar, *, working_day: int = 3
) -> pendulum.DateTime:
    """C7: the complaint analysis for ``month`` is due by the end of the 3rd
    working day of the following month."""
    year, mon = _parse_month(month)
    first_next = pendulum.date(year, mon, 1).add(months=1)
    # The 1st of the month counts if it is a working day, hence start the day before.
    day = cal.add_working_days(first_next.subtract(days=1), working_day)
    return cal.working_day_end(day).in_tz(UTC)


# -- customers ---------------------------------------------------------------


def s3_first_visit_due(sold_at: datetime, *, days: int = 7) -> pendulum.DateTime:
    """S3: the first-visit call is made within a week of the sale (on the clock)."""
    return _utc(sold_at).add(days=days)


def s3_needs_handover_due(recorded_at: datetime, cal: BusinessCalendar) -> pendulum.DateTime:
    """S3: needs found on the first visit are handed over by the next working day's start."""
    return cal.next_working_day_start(recorded_at).in_tz(UTC)


# -- countdowns --------------------------------------------------------------


def time_left(due: datetime, now: datetime) -> pendulum.Duration:
    """Time until ``due``; negative once it has passed."""
    seconds = (to_pendulum(due) - to_pendulum(now)).total_seconds()
    return pendulum.duration(seconds=seconds)


def is_overdue(due: datetime, now: datetime) -> bool:
    """True once ``now`` is past ``due`` (the due instant itself is still on time)."""
    return to_pendulum(now) > to_pendulum(due)


def countdown_words(seconds: int | float) -> str:
    """Time left as every screen and report shows it: overdue says so in words
    ("超时 0:15:03", never "-0:15:03"), days in the UI language ("2天 03:00")."""
    from hotline_tui.i18n import _

    total = int(seconds)
    days, rest = divmod(abs(total), 86400)
    text = format_countdown(rest)
    if days:
        hours, rest = divmod(rest, 3600)
        text = _("{days}d {hm}", days=days, hm=f"{hours:02d}:{rest // 60:02d}")
    return _("overdue {time}", time=text) if total < 0 else text


def format_countdown(seconds: int) -> str:
    """Compact countdown for live timers: "0:59:59", "-0:05:10", "2d 03:00".

    Under a day it shows H:MM:SS so the seconds tick; from a day on, "Nd HH:MM".
    """
    total = int(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours:02d}:{minutes:02d}"
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
