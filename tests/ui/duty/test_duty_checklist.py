"""R5 at the keyboard: the start-of-duty checklist shown and ticked on the duty
screen, recorded, the end one after signing out, and the manager sees both."""

from __future__ import annotations

from textual.widgets import Checkbox

from hotline_tui.store.models import DutyChecklist
from hotline_tui.ui.screens.duty.handover import HandoverScreen
from hotline_tui.ui.widgets.duty.duty_checklist import ChecklistDialog
from tests.ui.duty.test_handover import _roster
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in
from tests.unit.duty.conftest import local


async def test_r5_start_checklist_shown_at_duty_and_recorded(sqlite_staff, clock) -> None:
    _roster(sqlite_staff, clock)
    clock.set(local(2026, 11, 23, 8, 32))
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1002")  # rostered for the day shift
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistDialog)
        text = screen_text(app)
        assert "CRM" in text and "静音" in text
        await pilot.press("space", "ctrl+s")  # one ticked only: refused
        await settle(pilot)
        assert "尚未完成" in screen_text(app) and DutyChecklist.select().count() == 0
        for box in app.screen.query(Checkbox):
            if not box.value:
                box.focus()
                await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = DutyChecklist.get()
        assert (row.staff_id, row.moment) == (sqlite_staff["operator2"].id, "start")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")  # the manager sees who did it
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "1002" in screen_text(app) and "今日已完成" in screen_text(app)
