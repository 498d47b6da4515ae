"""Each timer in RULES.md, checked on fixed dates (W1: clock hours vs working days)."""

from datetime import UTC, date, datetime

import pendulum
import pytest

from hotline_tui.domain import deadlines as dl
from hotline_tui.domain.calendar import BusinessCalendar

SH = "Asia/Shanghai"


def sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=SH)


@pytest.fixture
def cal() -> BusinessCalendar:
    return BusinessCalendar()


def assert_utc(due: pendulum.DateTime, expected: pendulum.DateTime) -> None:
    assert due == expected
    assert due.timezone_name == "UTC"


# -- clock-based timers -------------------------------------------------------


def test_h6_callback_due_one_hour_after_hold():
    assert_utc(dl.h6_callback_due(sh(2026, 3, 10, 10, 15)), sh(2026, 3, 10, 11, 15))


def test_h6_callback_runs_on_the_clock_over_the_weekend():
    # W1: hour deadlines ignore working days; Friday 23:30 -> Saturday 00:30.
    assert_utc(dl.h6_callback_due(sh(2026, 3, 13, 23, 30)), sh(2026, 3, 14, 0, 30))


def test_h6_callback_minutes_are_a_setting():
    assert_utc(dl.h6_callback_due(sh(2026, 3, 10, 10, 0), minutes=30), sh(2026, 3, 10, 10, 30))


def test_h6_accepts_any_zone_and_stdlib_datetimes():
    berlin = pendulum.datetime(2026, 3, 10, 3, 15, tz="Europe/Berlin")
    stdlib = datetime(2026, 3, 10, 2, 15, tzinfo=UTC)
    assert dl.h6_callback_due(berlin) == dl.h6_callback_due(stdlib) == sh(2026, 3, 10, 11, 15)


def test_h6_naive_time_is_refused():
    with pytest.raises(ValueError):
        dl.h6_callback_due(datetime(2026, 3, 10, 10, 15))


def test_h7_consultation_due_three_hours_after_start():
    assert_utc(dl.h7_consultation_due(sh(2026, 3, 10, 16, 0)), sh(2026, 3, 10, 19, 0))


def test_r2_ready_due_10_minutes_after_shift_start():
    assert_utc(dl.r2_ready_due(sh(2026, 3, 10, 8, 30)), sh(2026, 3, 10, 8, 40))


def test_r3_handover_due_30_minutes_after_shift_start():
    assert_utc(dl.r3_handover_due(sh(2026, 3, 10, 8, 30)), sh(2026, 3, 10, 9, 0))


def test_r3_handover_on_a_holiday_shift_runs_on_the_clock():
    # R1: holiday duty is rostered; its handover is due 30 minutes in, too.
    assert_utc(dl.r3_handover_due(sh(2026, 10, 1, 8, 0)), sh(2026, 10, 1, 8, 30))


def test_c3_complaint_response_due_three_hours_after_registration():
    assert_utc(dl.c3_complaint_response_due(sh(2026, 3, 10, 17, 0)), sh(2026, 3, 10, 20, 0))


def test_f1_hotline_callback_due_three_calendar_days_later():
    # Friday 16:00 -> Monday 16:00: calendar days, the weekend is not skipped.
    assert_utc(dl.f1_hotline_callback_due(sh(2026, 3, 13, 16, 0)), sh(2026, 3, 16, 16, 0))
    assert_utc(dl.f1_hotline_callback_due(sh(2026, 3, 13, 16, 0), days=2), sh(2026, 3, 15, 16, 0))


def test_s3_first_visit_due_a_week_after_sale():
    assert_utc(dl.s3_first_visit_due(sh(2026, 9, 28, 11, 0)), sh(2026, 10, 5, 11, 0))


# -- working-day timers -------------------------------------------------------


def test_f2_callback_after_friday_visit_is_monday(cal):
    assert_utc(dl.f2_onsite_callback_due(sh(2026, 3, 13, 15, 0), cal), sh(2026, 3, 16, 18, 0))


def test_f2_callback_after_visit_before_national_day_is_october_8(cal):
    assert_utc(dl.f2_onsite_callback_due(sh(2026, 9, 30, 10, 0), cal), sh(2026, 10, 8, 18, 0))


def test_f2_callback_after_friday_visit_can_be_adjusted_sunday(cal):
    # 2026-09-20 (Sunday) is a 调休 working day.
    assert_utc(dl.f2_onsite_callback_due(sh(2026, 9, 18, 15, 0), cal), sh(2026, 9, 20, 18, 0))


def test_f3_project_callback_due_end_of_seventh_working_day(cal):
    # Sept 29, 30, Oct 8, 9, 10 (adjusted Sat), 12, 13.
    assert_utc(dl.f3_project_callback_due(sh(2026, 9, 28, 11, 0), cal), sh(2026, 10, 13, 18, 0))


def test_c4_verification_across_weekend(cal):
    assert_utc(dl.c4_verification_due(sh(2026, 3, 13, 14, 30), cal), sh(2026, 3, 16, 14, 30))


def test_c4_verification_across_national_day(cal):
    assert_utc(dl.c4_verification_due(sh(2026, 9, 30, 15, 0), cal), sh(2026, 10, 8, 15, 0))


def test_c4_result_on_saturday_is_verified_monday(cal):
    assert_utc(dl.c4_verification_due(sh(2026, 3, 14, 10, 0), cal), sh(2026, 3, 16, 10, 0))


def test_c4_counts_working_days_in_local_time(cal):
    # 17:00 UTC Friday is already 01:00 Saturday in Shanghai.
    result_at = pendulum.datetime(2026, 3, 13, 17, 0, tz="UTC")
    assert_utc(dl.c4_verification_due(result_at, cal), sh(2026, 3, 16, 1, 0))


def test_c4_respects_calendar_overrides():
    cal = BusinessCalendar(overrides={date(2026, 3, 16): False})
    assert_utc(dl.c4_verification_due(sh(2026, 3, 13, 14, 30), cal), sh(2026, 3, 17, 14, 30))


def test_c5_vendor_report_due_one_working_day_after_closing(cal):
    assert_utc(dl.c5_vendor_report_due(sh(2026, 3, 13, 9, 45), cal), sh(2026, 3, 16, 9, 45))


def test_c7_report_due_third_working_day_after_september_2026(cal):
    # Oct 1-7 are National Day; Oct 8 (Thu), 9 (Fri), 10 (adjusted Sat) -> Oct 10.
    assert_utc(dl.c7_report_due("2026-09", cal), sh(2026, 10, 10, 18, 0))
    assert dl.c7_report_due((2026, 9), cal) == dl.c7_report_due("2026-09", cal)


def test_c7_report_due_counts_first_of_month_when_working(cal):
    # June 2026: Mon 1, Tue 2, Wed 3.
    assert_utc(dl.c7_report_due("2026-05", cal), sh(2026, 6, 3, 18, 0))


def test_c7_report_due_after_december_rolls_into_new_year(cal):
    # Jan 1-3 2026 off; Jan 4 (adjusted Sun), 5, 6.
    assert_utc(dl.c7_report_due("2025-12", cal), sh(2026, 1, 6, 18, 0))


@pytest.mark.parametrize("bad", ["2026/09", "2026-13", "Sept", (2026, 0)])
def test_c7_report_due_rejects_bad_month(cal, bad):
    with pytest.raises(ValueError):
        dl.c7_report_due(bad, cal)


def test_s3_needs_handover_due_start_of_next_working_day(cal):
    assert_utc(dl.s3_needs_handover_due(sh(2026, 3, 13, 16, 0), cal), sh(2026, 3, 16, 9, 0))
    # Early on a working day still means the next working day's start.
    assert_utc(dl.s3_needs_handover_due(sh(2026, 3, 16, 8, 0), cal), sh(2026, 3, 17, 9, 0))


# -- periodic care ------------------------------------------------------------


def test_f4_care_callback_regular_every_three_months():
    assert_utc(dl.f4_care_callback_due(sh(2026, 3, 10, 10, 0), "regular"), sh(2026, 6, 10, 10, 0))


@pytest.mark.parametrize("category", ["vip", "VIP", "key", "重点"])
def test_f4_care_callback_vip_and_key_monthly(category):
    assert_utc(dl.f4_care_callback_due(sh(2026, 3, 10, 10, 0), category), sh(2026, 4, 10, 10, 0))


def test_f4_care_callback_intervals_are_settings():
    due = dl.f4_care_callback_due(sh(2026, 3, 10, 10, 0), "regular", regular_months=2)
    assert_utc(due, sh(2026, 5, 10, 10, 0))


def test_f4_care_callback_month_end_clamps():
    assert_utc(dl.f4_care_callback_due(sh(2026, 1, 31, 10, 0), "vip"), sh(2026, 2, 28, 10, 0))


def test_f4_unknown_category_is_refused():
    with pytest.raises(ValueError):
        dl.f4_care_callback_due(sh(2026, 3, 10, 10, 0), "gold")


# -- countdowns ---------------------------------------------------------------


def test_time_left_and_overdue():
    due = dl.h6_callback_due(sh(2026, 3, 10, 10, 0))
    assert dl.time_left(due, sh(2026, 3, 10, 10, 30)).total_seconds() == 1800
    assert dl.time_left(due, sh(2026, 3, 10, 11, 5, 10)).total_seconds() == -310
    assert not dl.is_overdue(due, sh(2026, 3, 10, 11, 0))  # due instant itself is on time
    assert dl.is_overdue(due, sh(2026, 3, 10, 11, 0, 1))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (3599, "0:59:59"),
        (-310, "-0:05:10"),
        (0, "0:00:00"),
        (36000, "10:00:00"),
        (86400, "1d 00:00"),
        (2 * 86400 + 3 * 3600, "2d 03:00"),
        (-(86400 + 61), "-1d 00:01"),
    ],
)
def test_format_countdown(seconds, text):
    assert dl.format_countdown(seconds) == text
