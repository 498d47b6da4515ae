"""The manager's review screen, driven with Pilot as a manager would (docs/DESIGN.md, the manager's review)."""

from __future__ import annotations

import dataclasses

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotline_tui.services.export import read_table
from hotline_tui.store.models import AuditEntry, Callback
from hotline_tui.ui import navigation
from hotline_tui.ui.screens.review.review import ReviewScreen
from hotline_tui.ui.widgets.export_dialog import ExportDialog
from hotline_tui.ui.widgets.review.reassign_dialog import ReassignDialog
from tests import factories as f
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in


class ProbeScreen(Screen):
    """Stands in for another area's screen: records the item it was opened for."""

    def on_mount(self) -> None:
        self.item = self.app.open_item


@pytest.fixture
def desk(sqlite_staff, clock):
    now = clock.now()
    s = sqlite_staff
    hd = f.customer("上海宏达机械有限公司", "宏达机械")
    xy = f.customer("杭州新宇贸易有限公司", "新宇贸易")
    return {
        "call": f.call(s["operator"], hd, now.subtract(minutes=5), symptom="账套备份失败"),
        "callback": f.callback(s["operator"], xy, now.add(minutes=20), kind="H6"),
        "complaint": f.complaint(
            s["manager"], s["supervisor"], "杭州新宇贸易有限公司", now.add(hours=3)
        ),
        "handover": f.handover(s["operator2"], now.add(hours=5), note="夜班交接"),
    }


async def open_review(pilot) -> ReviewScreen:
    await sign_in(pilot, "9001")
    await pilot.press("f11")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def until(pilot, ok, seconds: float = 5.0) -> None:
    """Wait for the once-a-second tick, bounded."""
    for _ in range(int(seconds * 10)):
        if ok():
            return
        await pilot.pause(0.1)
    assert ok()


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#review-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_review_lists_every_kind_overdue_first_in_red(desk, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        got = rows(app)
        assert [r[2] for r in got] == ["来电", "回访", "投诉", "交接"]
        assert got[0][0].startswith("超时 0:05") and "账套备份失败" in got[0][3]  # in words
        assert got[0][4] == "宏达机械" and got[0][5] == "1001 王丽" and got[0][6] == "1小时内回电"
        table = screen.query_one("#review-table", DataTable)
        assert table.get_row_at(0)[0].style == "bold red"  # overdue
        assert table.get_row_at(1)[0].style == "dark_orange"  # due within the hour
        assert table.get_row_at(2)[0].style == ""
        status = str(screen.query_one("#review-status", Static).render())
        assert "4" in status and "1" in status


async def test_rows_turn_amber_then_red_as_time_passes(desk, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        table = screen.query_one("#review-table", DataTable)
        clock.advance(minutes=25)  # the callback (due in 20 min) is now late
        await until(pilot, lambda: table.get_row_at(1)[1].style == "bold red")  # its deadline
        assert table.get_row_at(1)[0].plain.startswith("超时 0:05")
        clock.advance(hours=2, minutes=10)  # the complaint (3 h) is within the hour
        await until(pilot, lambda: table.get_row_at(2)[2].style == "dark_orange")
        status = str(screen.query_one("#review-status", Static).render())
        assert "超时 2 项" in status and "一小时内到期 1 项" in status


async def test_filter_by_customer_and_kind_with_keys(desk, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("f")  # the kind filter
        await pilot.press("enter", "down", "down", "enter")  # 来电, 回访
        await settle(pilot)
        assert [r[2] for r in rows(app)] == ["回访"]
        await pilot.press("c")
        await settle(pilot)
        assert len(rows(app)) == 4
        await pilot.press("f", "tab", "tab")  # kind, owner, customer
        for ch in "新宇":
            await pilot.press(ch)
        await settle(pilot)
        assert {r[4] for r in rows(app)} == {"新宇贸易", "杭州新宇贸易有限公司"}
        await pilot.press("enter")  # back to the list
        await settle(pilot)
        assert app.screen.focused.id == "review-table"


async def test_filter_by_owner_with_keys(desk, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("f", "tab")  # the owner filter
        await pilot.press("enter", "down", "down", "enter")  # 1001 王丽, 1002 李强
        await settle(pilot)
        assert [(r[2], r[5]) for r in rows(app)] == [("交接", "1002 李强")]
        assert "未结 1 项" in str(app.screen.query_one("#review-status", Static).render())


async def test_enter_jumps_into_the_item(desk, clock, monkeypatch) -> None:
    nav = tuple(
        dataclasses.replace(e, target="tests.ui.review.test_review:ProbeScreen")
        if e.id == "callbacks"
        else e
        for e in navigation.NAV
    )
    monkeypatch.setattr(navigation, "NAV", nav)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProbeScreen)
        assert (app.screen.item.kind, app.screen.item.id) == ("callback", desk["callback"].id)


async def test_h10_reassign_with_a_logged_reason(desk, sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("down", "a")  # the callback
        await settle(pilot)
        assert isinstance(app.screen, ReassignDialog)
        await pilot.press("enter")  # the owner list (王丽 left out: she owns it)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("enter")  # no reason yet
        await settle(pilot)
        assert "请填写改派原因" in screen_text(app)
        for ch in "王丽请假":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        owner = Callback.get_by_id(desk["callback"].id).owner
        entry = AuditEntry.get(AuditEntry.action == "item.reassign")
        assert entry.after["reason"] == "王丽请假"
        assert entry.after["owner"] == owner.id != sqlite_staff["operator"].id
        assert [r[5] for r in rows(app) if r[2] == "回访"] == [f"{owner.agent_no} {owner.name}"]


async def test_h10_a_supervisor_sees_the_list_but_cannot_reassign(desk, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "5001")
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and len(rows(app)) == 4
        keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert "e" in keys and "a" not in keys  # not offered in the footer
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_refreshes_by_itself_after_another_desk_writes(desk, clock, monkeypatch) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert len(rows(app)) == 4
        # another desk closes the callback: a write on its own connection
        import sqlite3

        from hotline_tui.store.base import database

        other = sqlite3.connect(database.obj.database)
        other.execute("UPDATE callback SET status='done' WHERE id=?", (desk["callback"].id,))
        # what every service write leaves for the change feed (store/feed.py)
        other.execute(
            "INSERT INTO change_log (kind, ident, at) VALUES ('callback', ?, '2026-11-23')",
            (desk["callback"].id,),
        )
        other.commit()
        other.close()
        before = screen.reloads
        for _ in range(30):
            await pilot.pause(0.1)
            if screen.reloads > before:
                break
        await settle(pilot)
        assert [r[2] for r in rows(app)] == ["来电", "投诉", "交接"]


@pytest.mark.parametrize("ending", ["csv", "xlsx"])
async def test_export_writes_the_list_and_reads_back(desk, clock, tmp_path, ending) -> None:
    app = make_app(clock)
    target = tmp_path / f"open.{ending}"
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    headers, data = read_table(target)
    assert headers[0] == "类型" and "规则" in headers
    assert [r[0] for r in data] == ["call", "callback", "complaint", "handover"]
    assert [str(r[8]) for r in data] == ["1", "0", "0", "0"]
    assert data[0][6] == "2026-11-23T01:55:00Z"


async def test_enter_on_a_handover_opens_f6_with_that_handover_shown(
    desk, sqlite_staff, clock
) -> None:
    """R3, docs/DESIGN.md, the manager's review: Enter on an overdue handover lands on F6 showing that very
    handover (both people, its note, its items), read only for the manager."""
    from hotline_tui.store.models import HandoverItem
    from hotline_tui.ui.screens.duty.handover import HandoverScreen

    s = sqlite_staff
    late = f.handover(s["operator2"], clock.now().subtract(minutes=10), frm=s["operator"])
    late.note = "客户等回电"
    late.save()
    HandoverItem.create(handover=late, item_kind="call", item_id=1, summary="HL-9 打印机报错")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        first = rows(app)[0]
        assert first[0].startswith("超时 0:10") and first[2] == "交接"  # most overdue first
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        assert screen.chosen_id == late.id and app.open_item is None
        text = screen_text(app)
        assert "1001 王丽 → 1002 李强" in text and "客户等回电" in text
        assert "HL-9 打印机报错" in text and "只读:1002 李强 接手这些事项" in text
        assert not screen.check_action("accept", ()) and screen.check_action("my_handover", ())
        await pilot.press("m")  # back to the manager's own takeover (none)
        await settle(pilot)
        assert screen.chosen_id is None and "HL-9 打印机报错" not in screen_text(app)
