"""S2: the manager browses and exports the access log with the keyboard; others
cannot open it. Driven with Pilot as a manager would."""

from __future__ import annotations

import csv

from textual.widgets import DataTable, Input

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import contacts as svc
from hotline_tui.store.models import AccessLog
from hotline_tui.ui.screens.admin.access_log import AccessLogScreen
from hotline_tui.ui.screens.calls.desk import DeskScreen
from tests.ui.helpers import SIZE, WIDE, make_app, screen_text, settle, sign_in

KEY = "ctrl+backslash"


def _two_openings(staff, clock) -> None:
    """An operator gets the minimum view of a 绝密 file, the manager the full one."""
    boss = ServiceContext(staff["manager"], clock=clock)
    unit = svc.create_customer(boss, name="国家粮食储备库", confidentiality="top_secret")
    svc.view_customer(ServiceContext(staff["operator"], clock=clock), unit.id, purpose="call")
    svc.view_customer(boss, unit.id, purpose="view")


async def _open(pilot, agent_no: str) -> None:
    await sign_in(pilot, agent_no)
    await pilot.press(KEY)
    await settle(pilot)


async def test_s2_manager_browses_filters_and_exports_the_access_log(
    sqlite_staff, clock, tmp_path
) -> None:
    _two_openings(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        assert isinstance(app.screen, AccessLogScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        text = screen_text(app)
        assert "国家粮食储备库" in text and "王丽" in text and "张经理" in text
        assert "绝密" in text and "最少信息" in text and "完整档案" in text

        await pilot.press("slash", "tab")  # the "person or customer" filter
        for ch in "王丽":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_count == 1 and "王丽" in str(table.get_row_at(0))

        await pilot.press("e")  # export what is shown, to a file of our choosing
        await settle(pilot)
        box = app.screen.query_one("#export-path", Input)
        box.value = str(tmp_path / "access.csv")
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccessLogScreen)
    with (tmp_path / "access.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["时间", "工号", "姓名"] and len(rows) == 2
    assert rows[1][1] == "1001" and rows[1][3] == "国家粮食储备库"
    assert AccessLog.select().count() == 2  # browsing the log adds nothing to it


async def test_s2_bad_day_is_a_message_on_the_field(sqlite_staff, clock) -> None:
    _two_openings(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=WIDE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("slash")
        for ch in "2026-13-45":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert "2026-10-10" in str(app.screen.query_one("#access-error").render())
        assert app.focused is app.screen.query_one("#access-since", Input)
        app.screen.query_one("#access-since", Input).value = "2026-11-24"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 0  # nothing after that day
        assert str(app.screen.query_one("#access-error").render()) == ""


async def test_s2_operator_cannot_open_the_access_log(sqlite_staff, clock) -> None:
    _two_openings(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "1001")
        assert isinstance(app.screen, DeskScreen)
        assert "国家粮食储备库" not in screen_text(app)
