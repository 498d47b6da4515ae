"""A full start-of-duty handover driven with Pilot (R2, R3, H10)."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.duty import handover, roster
from hotline_tui.services.duty import sessions as duty
from hotline_tui.store.models import (
    Call,
    Callback,
    DispatchRequest,
    DutySession,
    Handover,
    HandoverItem,
)
from hotline_tui.ui.screens.duty.handover import HandoverScreen
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in
from tests.unit.duty.conftest import local, make_work

MON = date(2026, 11, 23)


def _roster(staff, clock) -> None:
    mgr = ServiceContext(actor=staff["manager"], clock=clock)
    roster.assign(mgr, MON, "day", staff["operator2"].id)
    roster.assign(mgr, MON, "evening", staff["operator"].id)


def _evening_shift_waits(staff, clock):
    """1002's day shift left work open; it is 16:56, 1001 comes in for 17:00."""
    _roster(staff, clock)
    work = make_work(staff["operator2"], clock.now())
    clock.set(local(2026, 11, 23, 16, 56))
    return work, make_app(clock)


async def test_r3_full_handover_accepted_item_by_item(sqlite_staff, clock) -> None:
    work, app = _evening_shift_waits(sqlite_staff, clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)  # pushed by start_of_duty
        text = screen_text(app)
        # Every kind of open item is listed (cut to the column; in full under the table).
        assert "HL20261123-0001" in text and "HL20261123-0002" in text
        assert "PD20261123-0001" in text and "回访" in text
        assert "账套备份失败" in text  # the highlighted item in full
        table = app.screen.query_one("#handover-items", DataTable)
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= SIZE[0] and "kind" in table.columns  # nothing pushed off screen
        assert "17:30" in text and "接班自 1002 李强" in text  # R3 due time, from whom
        assert "值班: 1002 李强" in app.sub_title and "下一班 11-23 17:00: 1001 王丽" in text
        assert DutySession.get().ready_at == clock.now()  # R2 readiness recorded
        clock.set(local(2026, 11, 23, 17, 20))
        for _ in range(4):
            await pilot.press("a")
            await settle(pilot)
        me = sqlite_staff["operator"].id
        assert Call.get_by_id(work["call"].id).owner_id == me
        assert Call.get_by_id(work["consultation"].id).owner_id == me
        assert Callback.get_by_id(work["callback"].id).owner_id == me
        assert DispatchRequest.get_by_id(work["dispatch"].id).requested_by_id == me
        h = Handover.get()
        assert h.status == "completed" and h.completed_at == local(2026, 11, 23, 17, 20)
        assert HandoverItem.select().where(HandoverItem.status == "accepted").count() == 4
        assert "已接收" in screen_text(app)


async def test_r3_question_on_an_item_and_the_manager_sees_overdue(sqlite_staff, clock) -> None:
    _roster(sqlite_staff, clock)
    make_work(sqlite_staff["operator2"], clock.now())
    clock.set(local(2026, 11, 23, 17, 5))
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        for ch in "几点回电?":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        item = HandoverItem.get(HandoverItem.status == "flagged")
        assert item.question == "几点回电?"
        assert "几点回电?" in screen_text(app)
        assert not app.screen.check_action("answer", ())  # nothing for the incoming to answer
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:  # the outgoing operator answers (R3)
        await sign_in(pilot, "1002")
        await pilot.press("f6")
        await settle(pilot)
        assert "几点回电?" in screen_text(app) and app.screen.check_action("answer", ())
        await pilot.press("q")
        await settle(pilot)
        for ch in "18:00前":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert HandoverItem.get_by_id(item.id).extra["answer"] == "18:00前"
        assert "→ 18:00前" in screen_text(app)
        assert not app.screen.check_action("answer", ())
    clock.set(local(2026, 11, 23, 17, 40))  # past the R3 due time, still open
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        notes = [n.message for n in app._notifications]
        assert any("交接超时:1001 王丽" in m for m in notes)  # told at sign-in
        await pilot.press("f6")
        await settle(pilot)
        text = screen_text(app)
        assert "1001 王丽" in text and "超时" in text  # the manager's duty board


async def test_off_roster_operator_gets_a_notice_and_signs_in_marked(sqlite_staff, clock) -> None:
    make_work(sqlite_staff["operator2"], clock.now())
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        assert not isinstance(app.screen, HandoverScreen)
        assert DutySession.select().count() == 0
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        session = DutySession.get()
        assert session.off_roster and session.shift_id is None
        assert Handover.select().count() == 0
        assert "非排班" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("enter")  # no reason: refused (R4)
        await settle(pilot)
        assert DutySession.get().away_since is None


async def test_r3_end_of_duty_note_with_a_reminder_for_items_without_one(
    sqlite_staff, clock
) -> None:
    _roster(sqlite_staff, clock)
    work = make_work(sqlite_staff["operator2"], clock.now())
    clock.set(local(2026, 11, 23, 8, 32))
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1002")  # rostered for the day shift, nothing to take over
        assert DutySession.get().shift_id is not None
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        for ch in "宏达待会诊":
            await pilot.press(ch)
        await pilot.press("tab")  # the first item's note
        for ch in "17:30前回电":
            await pilot.press(ch)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "3 个未结事项没有备注" in screen_text(app)  # the reminder
        assert DutySession.get().signed_out_at is None
        await pilot.press("ctrl+s")  # hand over anyway
        await settle(pilot)
        session = DutySession.get()
        assert session.handover_note == "宏达待会诊" and session.signed_out_at == clock.now()
        assert session.item_notes == {f"call:{work['call'].id}": "17:30前回电"}


async def test_r3_note_only_handover_is_acknowledged_with_k(sqlite_staff, clock) -> None:
    _roster(sqlite_staff, clock)
    clock.set(local(2026, 11, 23, 8, 35))
    outgoing = ServiceContext(actor=sqlite_staff["operator2"], clock=clock)
    handover.sign_in_for_duty(outgoing)
    duty.end_of_duty(outgoing, "打印机卡纸已报修")  # nothing open, a note only
    clock.set(local(2026, 11, 23, 17, 2))
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)  # the note must be acknowledged
        assert "打印机卡纸已报修" in screen_text(app)
        await pilot.press("k")
        await settle(pilot)
        h = Handover.get()
        assert h.status == "completed" and h.completed_at == local(2026, 11, 23, 17, 2)
        await pilot.press("k")  # again: nothing left, a warning and no error
        await settle(pilot)
        assert Handover.get().status == "completed"


async def test_r3_own_handover_opened_from_the_desk_can_be_accepted(sqlite_staff, clock) -> None:
    """Enter on one's own handover row of the desk opens the usual handover,
    not the manager's read-only view of someone else's (docs/DESIGN.md, the manager's review)."""
    from hotline_tui.ui.screens.calls.desk import DeskScreen

    work, app = _evening_shift_waits(sqlite_staff, clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("escape")  # back to the desk
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        kinds = [item.kind for item in app.screen.items]
        assert "handover" in kinds
        for _ in range(kinds.index("handover")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen) and app.screen.chosen_id is None
        await pilot.press("a")
        await settle(pilot)
        assert Call.get_by_id(work["call"].id).owner_id == sqlite_staff["operator"].id
