"""The phone pops on the desk (H1, H4): the caller before pick-up, Enter or the
PBX's answer opens the intake, an unanswered call becomes a missed-call item."""

from __future__ import annotations

import asyncio

import pytest

from hotline_tui.domain.telephony import CallEvent
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls.telephony import ingest
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import Call, PhoneCall
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from hotline_tui.ui.widgets.calls.call_pop import CallPop
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in


@pytest.fixture
def unit(sqlite_staff, clock):
    op = sqlite_staff["operator"]
    op.extension = "101"
    op.save()
    ctx = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    return create_customer(
        ctx,
        name="上海宏达机械有限公司",
        category="vip",
        contacts=[{"name": "王建国", "title": "先生", "mobile": "13812345678"}],
    )


async def wait_for(pilot, cond, seconds: float = 5.0) -> None:
    """Poll the app until `cond()` holds (the pop comes on the next check)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not cond():
        assert loop.time() < deadline, "timed out"
        await pilot.pause(0.05)


def ring(clock, call_id: str, number: str, ago: int, ext: str = "101") -> None:
    at = clock.now().subtract(seconds=ago)
    ev = CallEvent("newCall", call_id, at, from_number=number, extension=ext)
    ingest(ev, "cti:test", __import__("hotline_tui.config").config.Settings(), at)


async def test_h4_pop_shows_the_caller_and_enter_opens_the_late_intake(
    sqlite_staff, clock, unit
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        ring(clock, "p1", "13812345678", ago=40)  # 8 rings: past the H1 limit
        await wait_for(pilot, lambda: isinstance(app.screen, CallPop))
        await wait_for(pilot, lambda: "上海宏达机械有限公司" in screen_text(app))
        text = screen_text(app)
        assert "13812345678" in text and "王建国" in text
        assert "您好,让您久等了,我是1001号客服代表" in text  # H1: the apology, before pick-up
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await settle(pilot)
        call = Call.get()
        assert call.customer_id == unit.id and call.late_pickup and call.owner_id == 1
        assert call.caller_phone == "13812345678"
        assert PhoneCall.get().hotline_call_id == call.id
        assert "13812345678" in app.screen.query_one("#f-caller_phone").value


async def test_pbx_answer_at_this_phone_opens_the_intake(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        ring(clock, "p2", "13812345678", ago=5)
        await wait_for(pilot, lambda: isinstance(app.screen, CallPop))
        at = clock.now()
        ingest(CallEvent("answer", "p2", at, answering_number="101"), "cti:test", app.settings, at)
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await settle(pilot)
        assert not Call.get().late_pickup  # one ring


async def test_unknown_number_pops_as_unknown_and_one_key_registers(
    sqlite_staff, clock, unit
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        ring(clock, "p3", "13900001111", ago=3)
        await wait_for(pilot, lambda: isinstance(app.screen, CallPop))
        await wait_for(pilot, lambda: "Ctrl+N" in screen_text(app))
        await pilot.press("ctrl+n")
        await settle(pilot)
        for ch in "杭州新星贸易公司":
            await pilot.press(ch)
        await pilot.press("tab")
        for ch in "刘红":
            await pilot.press(ch)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await settle(pilot)
        call = Call.get()
        assert call.customer.name == "杭州新星贸易公司" and call.caller_phone == "13900001111"


async def test_call_at_a_colleagues_extension_does_not_pop_here(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        ring(clock, "p4", "13812345678", ago=3, ext="102")
        await pilot.pause(0.6)
        await settle(pilot)
        assert not isinstance(app.screen, CallPop)


async def test_h14_call_log_screen_lists_the_days_calls_with_figures(
    sqlite_staff, clock, unit
) -> None:
    from hotline_tui.ui.screens.calls.call_log import CallLogScreen

    s = __import__("hotline_tui.config").config.Settings()
    t = clock.now()
    ingest(CallEvent("newCall", "g1", t, from_number="13812345678", extension="101"), "t", s, t)
    ingest(CallEvent("answer", "g1", t.add(seconds=8), answering_number="101"), "t", s, t)
    ingest(CallEvent("hangup", "g1", t.add(seconds=68)), "t", s, t)
    ingest(CallEvent("newCall", "g2", t, from_number="13900001111", queue="hotline"), "t", s, t)
    ingest(CallEvent("hangup", "g2", t.add(seconds=30), cause="cancel"), "t", s, t)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        app.action_open("calls")
        await wait_for(pilot, lambda: isinstance(app.screen, CallLogScreen))
        await settle(pilot)
        text = screen_text(app)
        assert "来电 2 · 接听 1 · 未接 1 · 3 声内接听 100% · 平均响铃 8 秒" in text
        assert "上海宏达机械有限公司 王建国" in text and "1001 王丽" in text and "未接" in text


async def test_h1_statistics_screen_adds_the_phone_figures(sqlite_staff, clock, unit) -> None:
    from hotline_tui.ui.screens.review.stats import StatsScreen

    s = __import__("hotline_tui.config").config.Settings()
    t = clock.now().subtract(hours=1)
    ingest(CallEvent("newCall", "s1", t, from_number="13812345678", extension="101"), "t", s, t)
    ingest(CallEvent("answer", "s1", t.add(seconds=20), answering_number="101"), "t", s, t)
    ingest(CallEvent("hangup", "s1", t.add(seconds=80)), "t", s, t)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        app.action_open("stats")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
        await wait_for(pilot, lambda: "交换机:来电 1" in screen_text(app), seconds=20)
        text = screen_text(app)
        assert "3 声内接听 0%" in text and "平均响铃 20 秒" in text and "1001 王丽: 1 / 0%" in text
        assert "每小时(接听/来电,响铃内接听):" in text and ":00 1/1 0%" in text


async def test_locked_desk_shows_no_caller(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        app.action_lock()
        await settle(pilot)
        assert app.locked
        ring(clock, "lk", "13812345678", ago=3)
        await pilot.pause(0.5)
        await settle(pilot)
        assert not any(isinstance(s, CallPop) for s in app.screen_stack)
        assert "上海宏达机械有限公司" not in screen_text(app)
