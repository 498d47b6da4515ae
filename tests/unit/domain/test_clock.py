"""The injectable clock that keeps deadline tests off the wall clock (H6, W2)."""

from datetime import datetime

import pendulum
import pytest

from hotline_tui.domain.clock import Clock, FixedClock, SystemClock
from hotline_tui.domain.deadlines import h6_callback_due, is_overdue


def test_w2_fixed_clock_reports_utc():
    clock = FixedClock(pendulum.datetime(2026, 3, 10, 10, 0, tz="Asia/Shanghai"))
    now = clock.now()
    assert now == pendulum.datetime(2026, 3, 10, 2, 0)
    assert now.timezone_name == "UTC"


def test_fixed_clock_advance_and_set():
    clock = FixedClock(pendulum.datetime(2026, 3, 10, 2, 0))
    assert clock.advance(minutes=61) == pendulum.datetime(2026, 3, 10, 3, 1)
    assert clock.now() == pendulum.datetime(2026, 3, 10, 3, 1)
    assert clock.advance(days=1, hours=1) == pendulum.datetime(2026, 3, 11, 4, 1)
    target = pendulum.datetime(2026, 10, 1, 8, 0, tz="Asia/Shanghai")
    assert clock.set(target) == target
    assert clock.now().timezone_name == "UTC"


def test_h6_callback_goes_overdue_as_fixed_clock_advances():
    clock = FixedClock(pendulum.datetime(2026, 3, 10, 2, 0))
    due = h6_callback_due(clock.now())
    clock.advance(minutes=60)
    assert not is_overdue(due, clock.now())
    clock.advance(seconds=1)
    assert is_overdue(due, clock.now())


def test_w2_fixed_clock_refuses_naive_time():
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 3, 10, 10, 0))


def test_system_clock_is_utc_and_a_clock():
    clock = SystemClock()
    assert isinstance(clock, Clock)
    assert clock.now().timezone_name == "UTC"


def test_base_clock_is_abstract():
    with pytest.raises(NotImplementedError):
        Clock().now()
