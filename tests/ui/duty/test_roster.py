"""The manager edits the week's duty from the keyboard (R1), driven with Pilot."""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.duty import roster
from hotline_tui.store.models import RosterShift
from hotline_tui.ui.screens.duty.roster import RosterScreen
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in


def _entries() -> set[tuple[date, str, str]]:
    return {(r.day, r.shift_code, r.staff.agent_no) for r in RosterShift.select()}


async def _open_roster(pilot, agent_no: str) -> RosterScreen:
    await sign_in(pilot, agent_no)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RosterScreen)
    return pilot.app.screen


async def test_r1_manager_edits_the_roster_with_keys(sqlite_staff, clock) -> None:
    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    roster.assign(mgr, date(2026, 11, 17), "evening", sqlite_staff["operator2"].id)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_roster(pilot, "9001")
        text = screen_text(app)
        assert "2026-W48" in text and "本班无人值班" in text
        assert "14 项排班检查需要处理: 11-23 白班 本班无人值班; 11-23 晚班" in text  # R1
        # Monday day shift (the cursor starts there): assign 王丽 (first in the list).
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert _entries() == {
            (date(2026, 11, 17), "evening", "1002"),
            (date(2026, 11, 23), "day", "1001"),
        }
        assert "1001 王丽" in screen_text(app)
        assert "本周工时(上限 40):王丽 8.5" in screen_text(app)  # R1: hours at a glance
        # Down to Tuesday, right to the evening: assign the engineer -> flagged inline.
        await pilot.press("down", "right", "a")
        await settle(pilot)
        # operators first (1001, 1002, 9001), then the engineer 3001
        options = app.screen.query_one(OptionList)
        fourth = str(options.get_option_at_index(3).prompt)
        assert "3001" in fourth and "服务工程师" in fourth and "本周 0 小时" in fourth
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert (date(2026, 11, 24), "evening", "3001") in _entries()
        assert "不是热线工程师" in screen_text(app)
        await pilot.press("x")  # remove him again
        await settle(pilot)
        assert (date(2026, 11, 24), "evening", "3001") not in _entries()
        # Back a week, then copy it into this week.
        await pilot.press("p")
        await settle(pilot)
        assert "2026-W47" in screen_text(app) and "1002 李强" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert (date(2026, 11, 24), "evening", "1002") in _entries()
        await pilot.press("n")
        await settle(pilot)
        assert "2026-W49" in screen_text(app)
        assert screen.monday == date(2026, 11, 30)


async def test_r1_holiday_week_is_marked(sqlite_staff, clock) -> None:
    clock.set(clock.now().subtract(weeks=8))  # 2026-09-28: the National Day week
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot, "9001")
        text = screen_text(app)
        assert "节假日 国庆节" in text
        await pilot.press("n")
        await settle(pilot)
        assert "调休上班 国庆节" in screen_text(app)  # Saturday 2026-10-10


async def test_r1_operators_view_but_do_not_edit(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot, "1001")
        assert "只读" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and RosterShift.select().count() == 0
        keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert "n" in keys and "a" not in keys


async def test_r1_manager_exports_the_week_from_the_grid(sqlite_staff, clock, tmp_path) -> None:
    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    roster.assign(mgr, date(2026, 11, 23), "day", sqlite_staff["operator"].id)
    target = tmp_path / "w48.csv"
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot, "9001")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+u")  # clear the suggested file name
        for ch in str(target):
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    text = target.read_text(encoding="utf-8-sig")
    assert "日期" in text.splitlines()[0] and "班次" in text.splitlines()[0]
    assert "2026-11-23" in text and "白班" in text and "1001" in text and "王丽" in text
    assert "本班无人值班" in text  # the empty shifts are listed with their R1 check
