"""F4 periodic care by category, birthday and holiday care calls: cadence and
idempotence, on both databases (clock: Monday 2026-11-23 10:00 Shanghai)."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.domain.permissions import PermissionDenied
from hotline_tui.services.callbacks import followups as svc
from hotline_tui.services.callbacks.care import holidays_ahead, schedule_care_callbacks
from hotline_tui.store.models import Callback, Contact
from tests.unit.callbacks.conftest import local

CARE_ANSWERS = {
    "confirm_person": {"answer": "yes"},
    "usage": {"answer": "yes"},
    "satisfied": {"answer": "yes"},
}


def _f4(unit) -> list[Callback]:
    return list(
        Callback.select()
        .where((Callback.kind == "F4") & (Callback.customer == unit.id))
        .order_by(Callback.due_at)
    )


def test_f4_regular_quarterly_vip_monthly_and_idempotent(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["specialist"])
    res = schedule_care_callbacks(ctx, date(2026, 12, 31), birthdays=False, holidays=False)
    assert res.created == {"F4": 1}
    (vip,) = _f4(units["vip"])
    assert vip.due_at == local(2026, 12, 23, 10, 0)  # a month after the unit was recorded
    assert vip.owner_id == staff["specialist"].id and vip.contact_id is not None
    assert _f4(units["regular"]) == []
    again = schedule_care_callbacks(ctx, date(2026, 12, 31), birthdays=False, holidays=False)
    assert again.total == 0  # idempotent
    res = schedule_care_callbacks(ctx, date(2027, 3, 1), birthdays=False, holidays=False)
    assert res.created == {"F4": 1}  # the regular unit; the VIP one still has its open call
    (regular,) = _f4(units["regular"])
    assert regular.due_at == local(2027, 2, 23, 10, 0)  # three months
    clock.set(local(2026, 12, 23, 11, 0))
    svc.finish_callback(ctx, vip.id, CARE_ANSWERS)
    schedule_care_callbacks(ctx, date(2027, 3, 1), birthdays=False, holidays=False)
    assert [c.due_at for c in _f4(units["vip"])] == [
        local(2026, 12, 23, 10, 0),
        local(2027, 1, 23, 10, 0),  # the next month after the last care call
    ]
    assert (
        schedule_care_callbacks(ctx, date(2027, 3, 1), birthdays=False, holidays=False).total == 0
    )


def test_f4_birthday_care_call_on_the_day(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["specialist"])
    Contact.update(birthday=date(1980, 12, 5)).where(
        Contact.customer == units["regular"].id
    ).execute()
    res = schedule_care_callbacks(ctx, date(2026, 12, 10), holidays=False)
    assert res.created == {"birthday": 1}
    cb = Callback.get(Callback.kind == "birthday")
    assert cb.due_at == local(2026, 12, 5, 18, 0)
    assert schedule_care_callbacks(ctx, date(2026, 12, 10), holidays=False).total == 0


def test_f4_holiday_greeting_before_new_year_for_vip_units(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["specialist"])
    cal = ctx.calendar()
    assert holidays_ahead(cal, date(2026, 12, 20), date(2027, 1, 5)) == [
        (date(2027, 1, 1), "New Year's Day")
    ]
    res = schedule_care_callbacks(ctx, date(2027, 1, 5), birthdays=False)
    assert res.created["holiday"] == 1  # the VIP unit only (its F4 call is due too)
    cb = Callback.get(Callback.kind == "holiday")
    assert cb.customer_id == units["vip"].id
    assert cb.due_at == local(2026, 12, 31, 18, 0)  # the last working day before it
    assert schedule_care_callbacks(ctx, date(2027, 1, 5), birthdays=False).total == 0


def test_f4_schedule_needs_a_care_role(staff, ctx_for, units) -> None:
    with pytest.raises(PermissionDenied):
        schedule_care_callbacks(ctx_for(staff["operator"]))


def test_f4_schedule_and_f3_acceptance_from_the_cli(
    sqlite_staff,
    ctx_for,
    clock,
    tmp_path,
    capsys,
    monkeypatch,
):
    from hotline_tui.domain.clock import SystemClock
    from tests.cli_helpers import main_as
    from tests.unit.callbacks.conftest import make_unit

    monkeypatch.setattr(SystemClock, "now", lambda self: clock.now())  # the CLI's clock

    unit = make_unit(ctx_for(sqlite_staff["manager"]), "北京远景贸易有限公司", "vip")
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    run = ["--db", db, "callbacks", "schedule", "--as", "6001", "--upto", "2027-01-05"]
    assert main_as(run) == 0
    assert main_as(run) == 0  # idempotent: nothing more to create
    out = capsys.readouterr().out
    assert "已创建关怀回访:2 个" in out and "已创建关怀回访:0 个" in out
    assert main_as(["--db", db, "callbacks", "schedule", "--as", "1001"]) != 0  # an operator
    accepted = ["callbacks", "accepted", "--as", "6001", "--customer", str(unit.id)]
    assert main_as(["--db", db, *accepted, "--date", "2026-09-30"]) == 0
    assert "2026-10-15 18:00" in capsys.readouterr().out
    assert main_as(["--db", db, *accepted, "--date", "30/09/2026"]) != 0
    assert main_as(["--db", db, *accepted, "--date", "2099-01-01"]) != 0  # not in the future


def test_f4_a_missed_period_is_due_by_the_end_of_today(staff, ctx_for, clock) -> None:
    from tests.unit.callbacks.conftest import make_unit

    old = ctx_for(staff["manager"])
    old.clock = type(clock)(clock.now().subtract(months=7))
    unit = make_unit(old, "南京凯旋商贸有限公司", "regular")
    schedule_care_callbacks(ctx_for(staff["specialist"]), birthdays=False, holidays=False)
    (cb,) = _f4(unit)
    assert cb.due_at == local(2026, 11, 23, 18, 0)  # not 4 months late


def test_f4_care_calls_go_to_the_specialist_whoever_schedules(staff, ctx_for, units) -> None:
    """Opening the list as the manager must not make the manager the owner of every care call."""
    ctx = ctx_for(staff["manager"])
    res = schedule_care_callbacks(ctx, date(2026, 12, 31), birthdays=False, holidays=False)
    assert res.created == {"F4": 1}
    (vip,) = _f4(units["vip"])
    assert vip.owner_id == staff["specialist"].id
