# ruff: noqa: F811 - fixtures imported from the neighbouring test modules
"""Nothing typed is lost (H14): a call left mid-way keeps what was typed and
reopens as it was; each call has its own draft; a call is written off as "no
conversation" only when nothing was entered, and only when the operator says so."""

from __future__ import annotations

from hotline_tui.store.models import Call, CallEvent, Draft
from hotline_tui.ui.screens.calls.desk import DeskScreen
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from tests.ui.calls.test_intake import describe, start_call, type_text, unit  # noqa: F401
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in


async def _reopen(pilot, ticket: str) -> IntakeScreen:
    desk = pilot.app.screen
    assert isinstance(desk, DeskScreen)
    row = next(i for i, it in enumerate(desk.items) if ticket in it.title)
    desk.query_one("#desk-table").move_cursor(row=row)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


async def test_h14_call_left_with_esc_keeps_the_typing_and_reopens_as_it_was(
    sqlite_staff,
    clock,
    unit,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "凭证打印金额错位")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        call = Call.get()
        # The call itself holds the caller and the symptom: the desk names them.
        assert (call.status, call.customer_id, call.symptom) == (
            "open",
            unit.id,
            "凭证打印金额错位",
        )
        assert "上海宏达" in screen_text(app) and "凭证打印金额错位" in screen_text(app)
        screen = await _reopen(pilot, call.ticket_no)
        assert screen.call_id == call.id
        assert screen.query_one("#f-symptom").text == "凭证打印金额错位"
        assert screen.query_one("#f-caller_phone").value == "13812345678"
        await pilot.pause(1.0)  # past the draft save: the draft keeps the typing
        await settle(pilot)
        assert Draft.get().data["symptom"] == "凭证打印金额错位"
        await pilot.press("escape")  # typed: no write-off, no question
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert Call.get().status == "open"
    assert not CallEvent.select().where(CallEvent.kind == "abandoned").exists()


async def test_h14_a_draft_typed_after_leaving_reopens_over_the_call(
    sqlite_staff,
    clock,
    unit,
) -> None:
    """Typing saved only in the draft (a killed terminal) is laid over the call."""
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "报表")
        await pilot.press("escape")
        await settle(pilot)
        call = Call.get()
        draft = Draft.get()
        draft.data = {**draft.data, "symptom": "报表取数为零", "recent_ops": "升级到 13.0"}
        draft.save()
        screen = await _reopen(pilot, call.ticket_no)
        assert screen.query_one("#f-symptom").text == "报表取数为零"
        assert screen.query_one("#f-recent_ops").value == "升级到 13.0"


async def test_h14_drafts_are_per_call_a_second_call_keeps_the_first(
    sqlite_staff,
    clock,
    unit,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "第一个电话的问题")
        await pilot.pause(1.0)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")  # a second call
        await settle(pilot)
        await type_text(pilot, "13812345678")
        await pilot.press("enter")
        await settle(pilot)
        await describe(pilot, "第二个电话")
        await pilot.pause(1.0)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    first, second = Call.select().order_by(Call.id)
    drafts = {d.kind: d.data["symptom"] for d in Draft.select()}
    assert drafts == {f"intake:{first.id}": "第一个电话的问题", f"intake:{second.id}": "第二个电话"}


async def test_h14_empty_call_is_written_off_only_when_the_operator_says_so(
    sqlite_staff, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "没有录入任何内容" in screen_text(app)  # asked first
        await pilot.press("escape")  # not answered: back to the form
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen) and Call.get().status == "open"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")  # keep it open on the desk
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and Call.get().status == "open"
        screen = await _reopen(pilot, Call.get().ticket_no)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert screen.call_id == Call.get().id
    assert (Call.get().status, Call.get().outcome) == ("closed", "abandoned")
