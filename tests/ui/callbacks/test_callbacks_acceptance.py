"""F3 from the callbacks screen (P): find the unit, give the acceptance date, the
final callback joins the list due 7 working days later; bad or future dates are
refused with a message and what was typed stays."""

from __future__ import annotations

from textual.widgets import Input

from hotline_tui.domain import deadlines
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import AuditEntry, Callback
from hotline_tui.ui.screens.callbacks.callbacks import CallbacksScreen
from hotline_tui.ui.widgets.callbacks.project_acceptance import ProjectAcceptanceDialog
from tests.ui.callbacks.test_callbacks import _open, _type
from tests.ui.helpers import SIZE, make_app, screen_text, settle


async def _open_dialog(pilot) -> Input:
    """F8 as an operator, then P: the dialog, with its date field."""
    await _open(pilot, "1001")
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProjectAcceptanceDialog)
    return pilot.app.screen.query_one("#pa-date", Input)


async def _retype_date(pilot, text: str) -> None:
    await pilot.press("end", *["backspace"] * 12)
    await _type(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_f3_project_acceptance_from_screen_schedules_final_callback(
    sqlite_staff, clock
) -> None:
    ctx = ServiceContext(sqlite_staff["operator"], clock=clock)
    for name in ("温州瑞丰电子有限公司", "温州瑞丰包装有限公司"):
        create_customer(
            ctx,
            name=name,
            contacts=[
                {"name": "陈静", "title": "女士", "mobile": "13900001111", "is_primary": True}
            ],
        )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        date_input = await _open_dialog(pilot)
        assert date_input.value == "2026-11-23"  # today in the center's zone
        await pilot.press("ctrl+s")  # no unit yet
        await settle(pilot)
        assert "先找到并选择客户单位" in screen_text(app)
        await _type(pilot, "瑞丰")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # two matches: the second one
        await settle(pilot)
        assert "温州瑞丰包装有限公司" in screen_text(app)
        assert app.focused is date_input
        await _retype_date(pilot, "2026-11-3x")
        assert isinstance(app.screen, ProjectAcceptanceDialog)
        assert "YYYY-MM-DD" in screen_text(app) and date_input.value == "2026-11-3x"
        await _retype_date(pilot, "2026-11-24")  # tomorrow
        assert isinstance(app.screen, ProjectAcceptanceDialog)
        assert "验收时间不能晚于现在" in screen_text(app) and date_input.value == "2026-11-24"
        assert not Callback.select().where(Callback.kind == "F3").exists()
        await _retype_date(pilot, "2026-11-20")  # last Friday
        assert isinstance(app.screen, CallbacksScreen)
        cb = Callback.get(Callback.kind == "F3")
        assert (
            cb.customer.name == "温州瑞丰包装有限公司"
            and cb.owner_id == sqlite_staff["operator"].id
        )
        cal = ctx.calendar()
        accepted = cal.working_day_end(cal.local_date(clock.now()).replace(day=20))
        due = deadlines.f3_project_callback_due(accepted, cal)
        assert due.in_tz("Asia/Shanghai").format("YYYY-MM-DD HH:mm") == "2026-12-01 18:00"
        assert cb.due_at == due  # 7 working days after Friday the 20th
        assert AuditEntry.select().where(AuditEntry.action == "project.accepted").count() == 1
        text = screen_text(app)
        assert "温州瑞丰包装有限公司" in text and "12-01 18:00" in text
