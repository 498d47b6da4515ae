"""The duty roster (R1, W1) on both databases, with a fixed clock."""

from __future__ import annotations

from datetime import date, time

import pendulum
import pytest

from hotline_tui.config import Policy, Settings, ShiftTime
from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.duty import roster as svc
from hotline_tui.services.export import read_table
from hotline_tui.store.models import AuditEntry, RosterShift

MON = date(2026, 11, 23)


def test_r1_assign_and_remove_are_audited(staff, ctx_for) -> None:
    ctx = ctx_for(staff["manager"])
    row = svc.assign(ctx, MON, "day", staff["operator"].id)
    start = pendulum.instance(row.starts_at).in_tz("Asia/Shanghai")
    assert (start.hour, start.minute) == (8, 30)
    svc.remove(ctx, row.id)
    assert RosterShift.select().count() == 0
    actions = [a.action for a in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == ["roster.assign", "roster.remove"]


def test_r1_only_managers_edit_the_roster(staff, ctx_for) -> None:
    with pytest.raises(PermissionDenied):
        svc.assign(ctx_for(staff["operator"]), MON, "day", staff["operator"].id)


def test_r1_same_person_twice_on_one_shift_is_refused(staff, ctx_for) -> None:
    ctx = ctx_for(staff["manager"])
    svc.assign(ctx, MON, "day", staff["operator"].id)
    with pytest.raises(ValidationError) as exc:
        svc.assign(ctx, MON, "day", staff["operator"].id)
    assert exc.value.field == "staff"
    with pytest.raises(ValidationError):
        svc.assign(ctx, MON, "night-owl", staff["operator"].id)


def test_r1_empty_shift_is_flagged(staff, ctx_for, settings) -> None:
    svc.assign(ctx_for(staff["manager"]), MON, "day", staff["operator"].id)
    grid = svc.week_grid(settings, MON)
    assert grid.checks(MON, "day") == []
    assert grid.checks(MON, "evening") == [svc.EMPTY]
    assert (MON, "evening", "", svc.EMPTY) in grid.problems()


def test_r1_person_twice_at_the_same_time_is_flagged(staff, ctx_for, clock) -> None:
    overlapping = Settings(
        shifts=(
            ShiftTime("day", time(8, 30), time(17, 0)),
            ShiftTime("mid", time(12, 0), time(20, 0)),
        )
    )
    ctx = ctx_for(staff["manager"])
    ctx.settings = overlapping
    svc.assign(ctx, MON, "day", staff["operator"].id)
    svc.assign(ctx, MON, "mid", staff["operator"].id)
    svc.assign(ctx, MON, "mid", staff["operator2"].id)
    grid = svc.week_grid(overlapping, MON)
    by_name = {p.name: p.checks for p in grid.cells[(MON, "mid")]}
    assert by_name == {"王丽": [svc.DOUBLE], "李强": []}
    assert grid.checks(MON, "day") == [svc.DOUBLE]


def test_r1_over_the_weekly_hours_is_flagged(staff, ctx_for) -> None:
    tight = Settings(policy=Policy(max_weekly_hours=16))
    ctx = ctx_for(staff["manager"])
    ctx.settings = tight
    for i in range(2):
        svc.assign(ctx, date(2026, 11, 23 + i), "day", staff["operator"].id)
    assert svc.week_grid(tight, MON).checks(MON, "day") == [svc.OVER_HOURS]  # 17 h > 16 h
    assert svc.week_grid(tight, MON).hours[staff["operator"].id] == 17.0


def test_r1_person_without_the_operator_role_is_flagged(staff, ctx_for, settings) -> None:
    svc.assign(ctx_for(staff["manager"]), MON, "evening", staff["engineer"].id)
    assert svc.week_grid(settings, MON).checks(MON, "evening") == [svc.NOT_OPERATOR]


def test_r1_holiday_duty_is_rostered_and_marked(staff, ctx_for, settings) -> None:
    national_day = date(2026, 10, 1)
    svc.assign(ctx_for(staff["manager"]), national_day, "day", staff["operator"].id)
    grid = svc.week_grid(settings, national_day)
    info = next(d for d in grid.days if d.day == national_day)
    assert (info.kind, info.holiday) == ("holiday", "National Day")
    assert [p.name for p in grid.cells[(national_day, "day")]] == ["王丽"]


def test_w1_adjusted_working_saturday_is_marked(db, settings) -> None:
    grid = svc.week_grid(settings, date(2026, 10, 10))
    kinds = {d.day: d.kind for d in grid.days}
    assert kinds[date(2026, 10, 10)] == "adjusted_workday"
    assert kinds[date(2026, 10, 11)] == "weekend"
    assert kinds[date(2026, 10, 5)] == "holiday"


def test_r1_shift_across_midnight_ends_the_next_morning(staff, ctx_for) -> None:
    nights = Settings(shifts=(ShiftTime("night", time(22, 0), time(6, 30)),))
    ctx = ctx_for(staff["manager"])
    ctx.settings = nights
    row = svc.assign(ctx, MON, "night", staff["operator"].id)
    end = pendulum.instance(row.ends_at).in_tz("Asia/Shanghai")
    assert (end.date(), end.hour, end.minute) == (date(2026, 11, 24), 6, 30)
    at_2am = pendulum.datetime(2026, 11, 24, 2, 0, tz="Asia/Shanghai")
    assert [r.staff.name for r in svc.on_duty(at_2am).now] == ["王丽"]
    assert svc.shift_hours(nights, "night") == 8.5


def test_on_duty_now_and_next_for_the_header(staff, ctx_for, clock, settings) -> None:
    ctx = ctx_for(staff["manager"])
    svc.assign(ctx, MON, "day", staff["operator"].id)
    svc.assign(ctx, MON, "evening", staff["operator2"].id)
    line = svc.duty_line(settings, clock.now())
    assert "1001 王丽" in line and "11-23 17:00" in line and "1002 李强" in line
    clock.advance(hours=8)  # 18:00: the evening shift, nobody after it
    duty = svc.on_duty(clock.now())
    assert [r.staff.name for r in duty.now] == ["李强"] and duty.next == []


def test_r1_copy_last_week_keeps_existing_entries(staff, ctx_for) -> None:
    ctx = ctx_for(staff["manager"])
    svc.assign(ctx, date(2026, 11, 16), "day", staff["operator"].id)
    svc.assign(ctx, date(2026, 11, 22), "evening", staff["operator2"].id)
    svc.assign(ctx, MON, "day", staff["operator"].id)
    assert svc.copy_last_week(ctx, date(2026, 11, 25)) == 1
    got = {
        (r.day, r.shift_code, r.staff.name)
        for r in RosterShift.select().where(RosterShift.day >= MON)
    }
    assert got == {(MON, "day", "王丽"), (date(2026, 11, 29), "evening", "李强")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_r1_roster_exports(staff, ctx_for, settings, tmp_path, fmt) -> None:
    svc.assign(ctx_for(staff["manager"]), MON, "day", staff["operator"].id)
    path = tmp_path / f"roster.{fmt}"
    count = svc.export_week(settings, MON, path)
    headers, rows = read_table(path)
    assert count == len(rows) == 14  # 7 days x 2 shifts, one row each
    assert headers[0] == "日期"
    assert rows[0][7:9] == ["1001", "王丽"] and rows[1][9] == "本班无人值班"


def test_iso_week_parsing(db) -> None:
    assert svc.parse_week("2026-W48") == MON
    with pytest.raises(ValidationError):
        svc.parse_week("48")
