"""The manuals' additions to taking a call, at the keyboard: is that clear (H5),
the call-back opener without a result (H6), call back now (H12), a suggestion (H15)."""

from __future__ import annotations

from hotline_tui.store.models import Call
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from tests.ui.calls.test_intake import describe, start_call, type_text, unit  # noqa: F401
from tests.ui.helpers import SIZE, make_app, screen_text, settle


async def test_h5_not_clear_goes_back_to_the_explanation(sqlite_staff, clock, unit) -> None:  # noqa: F811
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        app.screen.query_one("#f-recent_ops").focus()
        await type_text(pilot, "月末结账")
        app.screen.query_one("#f-resolution").focus()
        await type_text(pilot, "清除占用进程后重新结账")
        await settle(pilot)
        assert app.screen.run.current == "clear" and "是否完全明了" in screen_text(app)
        await pilot.press("ctrl+x")  # not clear
        await settle(pilot)
        run = app.screen.run
        assert run.current == "explain" and "根据您的描述" in screen_text(app)
        await type_text(pilot, "。")  # typing does not skip the explanation
        await settle(pilot)
        assert run.current == "explain"
        await pilot.press("ctrl+y")  # explained again: ask again
        await settle(pilot)
        assert run.current == "clear"
        await pilot.press("ctrl+y")  # understood
        await settle(pilot)
        assert run.current == "closing" and "随时来电咨询" in screen_text(app)
        from hotline_tui.store.models import CallEvent

        kinds = [e.kind for e in CallEvent.select().order_by(CallEvent.id)]
        assert [k for k in kinds if "understood" in k] == ["not_understood", "understood"]


async def test_h6_call_back_without_result_tells_status_and_promise(
    sqlite_staff,
    clock,
    unit,  # noqa: F811
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")  # open the on-hold call from the desk
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("y")  # it is him
        await settle(pilot)
        assert "会诊已经有处理结果了吗" in screen_text(app)
        await pilot.press("n")  # no result yet
        await settle(pilot)
        text = screen_text(app)
        assert "目前的处理状态" in text
        due = Call.get().due_at  # H6 due; the promise is the H7 answer time
        promise = app.screen.ctx.local(due).add(hours=2).format("HH:mm")
        assert f"{promise}之前" in text


async def test_h12_cannot_hear_us_calls_back_now(sqlite_staff, clock, unit) -> None:  # noqa: F811
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        call = Call.get()
        assert (call.status, call.outcome, call.due_rule) == ("on_hold", "call_back_now", "H6")
        assert call.due_at == clock.now().add(hours=1)
        assert not isinstance(app.screen, IntakeScreen)  # back at the desk


async def test_h15_suggestion_thanked_and_forwarded(sqlite_staff, clock, unit) -> None:  # noqa: F811
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "建议报表可以直接导出为Excel")
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert "您的建议很好" in screen_text(app)
        await type_text(pilot, "产品部")
        await pilot.press("enter")
        await settle(pilot)
        call = Call.get()
        assert (call.category, call.outcome, call.transferred_to) == (
            "suggestion",
            "suggestion",
            "产品部",
        )


async def test_h16_recorder_reminder_at_greeting_and_recording_no_saved(
    sqlite_staff,
    clock,
    unit,  # noqa: F811
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        from tests.ui.helpers import sign_in

        await sign_in(pilot, "1001")
        await pilot.press("f2")
        await settle(pilot)
        assert "确认录音软件已打开" in screen_text(app)  # at the greeting
        await type_text(pilot, "13812345678")
        await pilot.press("enter")
        await settle(pilot)
        await describe(pilot)
        app.screen.query_one("#f-recording_ref").focus()
        await type_text(pilot, "REC-0042")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert Call.get().recording_ref == "REC-0042"


async def test_h17_bug_goes_up_and_the_manager_reviews_it_on_screen(
    sqlite_staff,
    clock,
    unit,  # noqa: F811
) -> None:
    from hotline_tui.store.models import ChangeRequest
    from hotline_tui.ui.screens.review.review import ReviewScreen
    from hotline_tui.ui.widgets.calls.change_request import ChangeRequestDialog
    from tests.ui.helpers import sign_in

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "审核凭证时程序报错退出")
        await pilot.press("ctrl+u")  # no steps yet: refused on the field
        await settle(pilot)
        assert ChangeRequest.select().count() == 0
        assert "重现步骤" in screen_text(app)
        app.screen.query_one("#f-recent_ops").focus()
        await type_text(pilot, "总账-凭证-审核")
        app.screen.query_one("#f-error_message").focus()
        await type_text(pilot, "类型不匹配")
        await pilot.press("ctrl+u")
        await settle(pilot)
        cr = ChangeRequest.get()
        assert cr.status == "review" and cr.steps == "总账-凭证-审核"
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")  # the manager
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#review-table")
        row = next(i for i, item in enumerate(app.screen.items) if item.kind == "change")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangeRequestDialog)
        assert "类型不匹配" in screen_text(app)
        app.screen.query_one("#cr-opinion").focus()
        await type_text(pilot, "同意修改")
        app.screen.query_one("#cr-date").focus()
        await type_text(pilot, "2026-11-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+t")  # the date told to the customer
        await settle(pilot)
        cr = ChangeRequest.get()
        assert (cr.status, str(cr.promised_on), cr.opinion) == (
            "promised",
            "2026-11-30",
            "同意修改",
        )
        assert cr.told_customer_at == clock.now()
        assert "2026-11-30" in screen_text(app)


async def test_s4_intake_shows_the_unit_outside_its_service_period(sqlite_staff, clock) -> None:
    from datetime import date

    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.customers.contacts import create_customer

    create_customer(
        ServiceContext(actor=sqlite_staff["manager"], clock=clock),
        name="杭州新宇贸易有限公司",
        contract_start=date(2024, 1, 1),
        contract_end=date(2025, 12, 31),
        contacts=[{"name": "李娜", "title": "女士", "mobile": "13900001111"}],
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot, "13900001111")
        text = screen_text(app)
        assert "已过服务期(2025-12-31 到期)" in text
        await pilot.press("ctrl+e")  # the phrases: the charged-service answer is offered
        await settle(pilot)
        assert "单独收取服务费用" in screen_text(app).replace("\n", "")


async def test_h17_sign_in_reminds_of_a_change_due_soon(sqlite_staff, clock, unit) -> None:  # noqa: F811
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.calls import change_requests as cr_svc
    from hotline_tui.services.calls.calls import start_call as new_call
    from tests.ui.helpers import sign_in

    op = ServiceContext(actor=sqlite_staff["operator"], clock=clock)
    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    call = new_call(op, customer_id=unit.id, symptom="审核凭证报错", category="bug")
    cr = cr_svc.request_change(op, call.id, steps="总账-审核", error_message="类型不匹配")
    cr_svc.review_change(mgr, cr.id, opinion="同意", promised_on="2026-11-23")  # due today 18:00
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        for _ in range(50):
            if any("程序修改即将到期" in str(n.message) for n in app._notifications):
                break
            await pilot.pause(0.05)
        notes = [str(n.message) for n in app._notifications]
        assert any(cr.ref_no in n and "告知客户" in n for n in notes)
