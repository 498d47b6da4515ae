"""W1/W2: the business calendar: working days, holidays, adjusted weekends, overrides."""

import ast
from datetime import date, datetime, time
from pathlib import Path

import pendulum
import pytest

from hotline_tui.domain.calendar import BusinessCalendar

SH = "Asia/Shanghai"


@pytest.fixture
def cal() -> BusinessCalendar:
    return BusinessCalendar()


@pytest.mark.parametrize("day", range(1, 8))
def test_w1_national_day_2026_is_not_working(cal, day):
    d = date(2026, 10, day)
    assert not cal.is_working_day(d)
    assert cal.day_kind(d) == "holiday"
    assert cal.holiday_name(d) == "National Day"


def test_w1_adjusted_saturday_2026_10_10_is_working(cal):
    d = date(2026, 10, 10)
    assert d.weekday() == 5
    assert cal.is_working_day(d)
    assert cal.day_kind(d) == "adjusted_workday"


def test_w1_adjusted_sunday_2026_09_20_is_working(cal):
    assert cal.day_kind(date(2026, 9, 20)) == "adjusted_workday"


def test_w1_ordinary_weekday_is_workday_and_weekend_is_off(cal):
    assert cal.day_kind(date(2026, 3, 11)) == "workday"
    assert cal.day_kind(date(2026, 3, 14)) == "weekend"
    assert cal.day_kind(date(2026, 3, 15)) == "weekend"
    assert cal.holiday_name(date(2026, 3, 11)) is None


def test_w1_spring_festival_2026_is_off(cal):
    days = [date(2026, 2, d) for d in range(15, 24)]
    assert not any(cal.is_working_day(d) for d in days)
    assert cal.holiday_name(date(2026, 2, 17)) == "Spring Festival"
    assert cal.next_working_day(date(2026, 2, 14)) == date(2026, 2, 24)


def test_w1_next_working_day_skips_national_day(cal):
    assert cal.next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)


def test_w1_next_working_day_is_strictly_after(cal):
    assert cal.next_working_day(date(2026, 3, 11)) == date(2026, 3, 12)
    assert cal.next_working_day(date(2026, 3, 13)) == date(2026, 3, 16)


def test_w1_add_working_days(cal):
    assert cal.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)
    assert cal.add_working_days(date(2026, 3, 13), 0) == date(2026, 3, 13)
    assert cal.add_working_days(date(2026, 9, 29), 3) == date(2026, 10, 9)
    assert cal.add_working_days(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert cal.add_working_days(date(2026, 10, 4), 1) == date(2026, 10, 8)


def test_w1_working_days_between_counts_half_open_range(cal):
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5


def test_w1_fallback_to_holidays_for_2040(cal):
    # chinese_calendar has no 2040 schedule; holidays.China supplies the dates.
    assert not cal.is_working_day(date(2040, 10, 1))
    assert cal.day_kind(date(2040, 10, 1)) == "holiday"
    assert cal.holiday_name(date(2040, 10, 1)) == "National Day"
    assert cal.day_kind(date(2040, 10, 6)) == "weekend"  # a Saturday: no 调休 data, off
    assert cal.day_kind(date(2040, 10, 9)) == "workday"
    assert cal.next_working_day(date(2040, 9, 28)) == date(2040, 10, 4)


def test_w1_override_closes_a_weekday(cal):
    c = BusinessCalendar(overrides={date(2026, 3, 11): False})
    assert not c.is_working_day(date(2026, 3, 11))
    assert c.day_kind(date(2026, 3, 11)) == "holiday"
    assert c.next_working_day(date(2026, 3, 10)) == date(2026, 3, 12)


def test_w1_override_opens_a_weekend_and_a_holiday():
    c = BusinessCalendar(overrides={date(2026, 3, 14): True, date(2026, 10, 2): True})
    assert c.day_kind(date(2026, 3, 14)) == "adjusted_workday"
    assert c.is_working_day(date(2026, 10, 2))
    assert c.next_working_day(date(2026, 9, 30)) == date(2026, 10, 2)


def test_w1_override_wins_over_adjusted_workday():
    c = BusinessCalendar(overrides={date(2026, 10, 10): False})
    assert not c.is_working_day(date(2026, 10, 10))
    assert c.next_working_day(date(2026, 10, 9)) == date(2026, 10, 12)


def test_w2_working_day_start_is_0900_local(cal):
    start = cal.working_day_start(date(2026, 3, 16))
    assert start == pendulum.datetime(2026, 3, 16, 1, 0, tz="UTC")
    assert start.timezone_name == SH
    assert cal.working_day_end(date(2026, 3, 16)).hour == 18


def test_w2_workday_start_and_zone_are_configurable():
    c = BusinessCalendar(tz="UTC", workday_start=time(8, 30))
    assert c.working_day_start(date(2026, 3, 16)) == pendulum.datetime(2026, 3, 16, 8, 30)
    with pytest.raises(ValueError):
        BusinessCalendar(workday_start=time(18, 0), workday_end=time(9, 0))


def test_w1_next_working_day_start_after_friday_is_adjusted_sunday(cal):
    friday_evening = pendulum.datetime(2026, 9, 18, 20, 0, tz=SH)
    assert cal.next_working_day_start(friday_evening) == pendulum.datetime(2026, 9, 20, 9, 0, tz=SH)


def test_w2_next_working_day_start_uses_local_date(cal):
    # 17:00 UTC on Sept 30 is already 01:00 on Oct 1 in Shanghai.
    late = pendulum.datetime(2026, 9, 30, 17, 0, tz="UTC")
    assert cal.next_working_day_start(late) == pendulum.datetime(2026, 10, 8, 9, 0, tz=SH)


def test_w2_aware_datetime_counts_as_its_local_date(cal):
    assert cal.day_kind(pendulum.datetime(2026, 9, 30, 17, 0, tz="UTC")) == "holiday"


def test_w2_naive_datetime_is_refused(cal):
    with pytest.raises(ValueError):
        cal.next_working_day_start(datetime(2026, 3, 13, 10, 0))


def test_domain_imports_neither_textual_nor_peewee():
    domain = Path(__file__).resolve().parents[3] / "hotline_tui" / "domain"
    for path in domain.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"textual", "peewee"}, f"{path.name}: {name}"
