"""A call nobody answers is work: an item on the duty operator's desk with a
countdown, called back with one key, and in the next shift's handover (R1, R3)."""

from __future__ import annotations

from datetime import date

from hotline_tui.domain.telephony import CallEvent
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls.telephony import ingest
from hotline_tui.services.duty import roster
from hotline_tui.store.models import Call, HandoverItem, MissedCall
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from hotline_tui.ui.screens.duty.handover import HandoverScreen
from hotline_tui.ui.widgets.calls.call_pop import CallPop
from hotline_tui.ui.widgets.calls.missed_call import MissedCallDialog
from tests.ui.calls.test_call_pop import wait_for
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in
from tests.unit.duty.conftest import local

MON = date(2026, 11, 23)


def _queue_call(app, call_id: str, at, answered: bool = False) -> None:
    s = app.settings
    ingest(
        CallEvent("newCall", call_id, at, from_number="13900001111", queue="hotline"), "t", s, at
    )
    ingest(CallEvent("hangup", call_id, at.add(seconds=25), cause="cancel"), "t", s, at)


async def test_r1_queue_call_pops_then_missed_becomes_an_item_called_back(
    sqlite_staff, clock
) -> None:
    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    roster.assign(mgr, MON, "day", sqlite_staff["operator"].id)
    clock.set(local(2026, 11, 23, 10, 0))
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")  # on duty: queue calls pop here
        await settle(pilot)
        if not isinstance(app.screen, CallPop) and app.screen.__class__.__name__ != "DeskScreen":
            await pilot.press("escape")  # whatever the start of duty showed
            await settle(pilot)
        at = clock.now()
        ingest(
            CallEvent("newCall", "q1", at, from_number="13900001111", queue="hotline"),
            "t",
            app.settings,
            at,
        )
        await wait_for(pilot, lambda: isinstance(app.screen, CallPop))
        ingest(CallEvent("hangup", "q1", at.add(seconds=25), cause="cancel"), "t", app.settings, at)
        await wait_for(pilot, lambda: not isinstance(app.screen, CallPop))  # the pop goes away
        item = MissedCall.get()
        assert item.owner_id == sqlite_staff["operator"].id
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "未接来电" in text and "13900001111" in text and "0:30:25" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MissedCallDialog))
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await settle(pilot)
        assert MissedCall.get().status == "returned"
        assert Call.get().caller_phone == "13900001111"


async def test_r3_missed_call_reaches_the_next_shifts_handover(sqlite_staff, clock) -> None:
    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    roster.assign(mgr, MON, "day", sqlite_staff["operator2"].id)
    roster.assign(mgr, MON, "evening", sqlite_staff["operator"].id)
    at = local(2026, 11, 23, 16, 50)
    clock.set(at)
    app = make_app(clock)
    _queue_call(app, "h1", at)
    assert MissedCall.get().owner_id == sqlite_staff["operator2"].id  # 1002 was on duty
    clock.set(local(2026, 11, 23, 16, 56))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        assert "13900001111" in screen_text(app)
        assert HandoverItem.get(HandoverItem.item_kind == "missed_call")
        await pilot.press("a")
        await settle(pilot)
        assert MissedCall.get().owner_id == sqlite_staff["operator"].id


async def test_manager_acknowledges_several_missed_calls_at_once(sqlite_staff, clock) -> None:
    from hotline_tui.ui.screens.calls.call_log import CallLogScreen
    from hotline_tui.ui.widgets.calls.missed_call import AcknowledgeMissedDialog

    app = make_app(clock)
    t = clock.now()
    for n in range(3):
        s = app.settings
        ingest(CallEvent("newCall", f"a{n}", t, from_number=f"1390000111{n}"), "t", s, t)
        ingest(CallEvent("hangup", f"a{n}", t.add(seconds=9), cause="cancel"), "t", s, t)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        app.action_open("calls")
        await wait_for(pilot, lambda: isinstance(app.screen, CallLogScreen))
        await settle(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, AcknowledgeMissedDialog))
        await settle(pilot)
        await pilot.press("space", "down", "space", "tab")
        for ch in "推销电话":
            await pilot.press(ch)
        await pilot.press("ctrl+k")
        await wait_for(pilot, lambda: isinstance(app.screen, CallLogScreen))
        statuses = sorted(m.status for m in MissedCall.select())
        assert statuses == ["acknowledged", "acknowledged", "open"]
        assert {m.reason for m in MissedCall.select() if m.status != "open"} == {"推销电话"}
