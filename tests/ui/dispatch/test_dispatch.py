"""The dispatch screen (F7) driven with Pilot, as the manager and the field
engineer would: verify, assign, appointment, sign-off, re-dispatch, escalation."""

from __future__ import annotations

import pendulum
import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from hotline_tui.services.callbacks.followups import finish_callback
from hotline_tui.services.dispatch import orders as svc
from hotline_tui.store.models import Callback, Contact, Customer, DispatchRequest
from hotline_tui.ui.screens.dispatch.dispatch import DispatchScreen
from hotline_tui.ui.widgets.dispatch.dialogs import AppointmentDialog, AssignDialog
from tests.ui.helpers import SIZE, WIDE, make_app, screen_text, settle, sign_in

SH = "Asia/Shanghai"


@pytest.fixture
def request_id(sqlite_staff, ctx_for, clock) -> int:
    now = clock.now()
    cust = Customer.create(name="上海宏达机械有限公司", created_at=now, updated_at=now)
    contact = Contact.create(customer=cust, name="陈会计", mobile="13912345678", created_at=now)
    req = svc.request_dispatch(
        ctx_for(sqlite_staff["operator"]),
        customer_id=cust.id,
        contact_id=contact.id,
        problem="账套备份失败,需上门",
    )
    return req.id


def _walk(ctx_for, staff, rid: int, *steps: str) -> None:
    mgr, eng = ctx_for(staff["manager"]), ctx_for(staff["engineer"])
    for step in steps:
        if step == "verify":
            svc.verify(mgr, rid)
        elif step == "assign":
            version = DispatchRequest.get_by_id(rid).version
            svc.assign(mgr, rid, staff["engineer"].id, expected_version=version)
        elif step == "appoint":
            svc.appoint(eng, rid, pendulum.datetime(2026, 11, 24, 14, tz=SH))
        elif step == "arrive":
            svc.arrive(eng, rid)
        elif step == "not_solved":
            svc.not_solved(eng, rid, "数据库损坏")
        elif step == "sign_off":
            svc.sign_off(
                eng,
                rid,
                signer="陈会计",
                work_done="重建索引",
                cause="磁盘空间不足",
                prevention="定期清理磁盘",
                customer_checked=True,
                customer_opinion="满意",
            )


async def _open(pilot, agent_no: str) -> None:
    await sign_in(pilot, agent_no)
    await pilot.press("f7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DispatchScreen)


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def test_d1_manager_verifies_then_assigns_with_engineer_load(
    sqlite_staff, request_id, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        text = screen_text(app)
        assert "已申请" in text and "上海宏达机械有限公司" in text and "账套备份失败" in text
        # the footer offers the manager's steps for a request, not the engineer's
        assert app.screen.check_action("verify", ()) and app.screen.check_action(
            "return_request", ()
        )
        assert not app.screen.check_action("assign", ())  # D1: not before the check
        assert not app.screen.check_action("sign_off", ())
        await pilot.press("v")
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).state == "verified"
        text = screen_text(app)
        assert "已核实" in text and "张经理" in text  # timeline: who verified
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssignDialog)
        dialog_text = screen_text(app)
        assert "赵工" in dialog_text and "未结工单" in dialog_text
        await pilot.press("enter")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert req.state == "assigned" and req.engineer_id == sqlite_staff["engineer"].id
        assert "已派工" in screen_text(app)
        table = app.screen.query_one("#dispatch-list", DataTable)
        assert _table_width(table) <= SIZE[0]  # every column on a 120-column terminal


def _table_width(table: DataTable) -> int:
    return sum(c.get_render_width(table) for c in table.columns.values())


async def test_d1_manager_returns_a_request_with_the_reason(
    sqlite_staff, request_id, clock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # no reason: refused in place
        await pilot.pause()
        assert DispatchRequest.get_by_id(request_id).state == "requested"
        await _type(pilot, "phone fix first")
        await pilot.press("enter")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert (req.state, req.return_reason) == ("returned", "phone fix first")
        text = screen_text(app)
        assert "已退回" in text and "phone fix first" in text
        assert not app.screen.check_action("assign", ())  # nothing more to do on it


async def test_d1_manager_cancels_a_withdrawn_request(
    sqlite_staff, request_id, ctx_for, clock
) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "3001")
        assert not app.screen.check_action("cancel_order", ())  # the manager's step
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("k")
        await settle(pilot)
        await _type(pilot, "customer withdrew")
        await pilot.press("enter")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert req.state == "cancelled" and req.due_at is None
        text = screen_text(app)
        assert "已取消" in text and "customer withdrew" in text  # the timeline keeps why


async def test_d3_refused_new_time_goes_to_the_manager_who_picks_a_working_day(
    sqlite_staff, request_id, ctx_for, clock
) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign", "appoint")
    agreed = pendulum.datetime(2026, 11, 24, 14, tz=SH)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "3001")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("down")  # the picker: next working day, 09:00
        await pilot.pause()
        assert "周二 2026-11-24 09:00" in str(app.screen.query_one("#when-preview").render())
        await pilot.press("tab")
        await _type(pilot, "engineer ill")
        await pilot.press("tab", "space")  # the customer did not agree
        await pilot.press("ctrl+s")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert req.state == "refused" and req.appointment_at == agreed  # D3: old time kept
        assert "客户拒绝改约" in screen_text(app)
        assert not app.screen.check_action("appoint", ())  # the manager decides
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("a")  # D2/D3: reassigning shows the load on the visit's day
        await settle(pilot)
        assert isinstance(app.screen, AssignDialog) and "11-24 上门" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "down", "pagedown")  # Wednesday 09:30
        await pilot.press("enter")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert req.state == "appointed"
        assert req.appointment_at == pendulum.datetime(2026, 11, 25, 9, 30, tz=SH)


async def test_d4_d6_sheet_handed_in_and_qa_sample(
    sqlite_staff, request_id, ctx_for, clock
) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign", "appoint", "arrive", "sign_off")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        assert "纸质记录单须在周一上班前交回" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).sheet_returned_at == clock.now()
        assert "纸质记录单已于" in screen_text(app)
        await pilot.press("g")  # D6: no callback yet: the manager cannot sign off
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).manager_signed_at is None
        cb = Callback.get(Callback.dispatch == request_id)
        yes = {"answer": "yes"}
        steps = ("confirm_person", "convenient", "solved", "verified", "explained", "signature")
        finish_callback(
            ctx_for(sqlite_staff["operator"]),
            cb.id,
            {s: yes for s in (*steps, "attitude", "other_problems")},
        )
        await pilot.press("g")
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).manager_signed_at == clock.now()
        await pilot.press("q")
        await settle(pilot)
        assert "建议抽检:1 张" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).qa_selected
        assert "已抽入质检库" in screen_text(app)


async def test_d3_engineer_enters_appointment_as_next_working_day(
    sqlite_staff, request_id, ctx_for, clock
) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign")
    clock.set(pendulum.datetime(2026, 11, 27, 10, tz=SH))  # Friday
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "3001")
        assert "上海宏达机械有限公司" in screen_text(app)  # the engineer's own order
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentDialog)
        await _type(pilot, "11-28 10:00")
        await pilot.pause()
        assert "周末" in str(app.screen.query_one("#when-preview").render())
        for _ in range(len("11-28 10:00")):
            await pilot.press("backspace")
        await _type(pilot, "yesterday")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AppointmentDialog)  # nonsense is refused in place
        assert "例如 +1 14:00" in screen_text(app)
        for _ in range(len("yesterday")):
            await pilot.press("backspace")
        await _type(pilot, "+1 14:00")
        await pilot.pause()
        assert "周一 2026-11-30 14:00" in str(app.screen.query_one("#when-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DispatchScreen)
        req = DispatchRequest.get_by_id(request_id)
        assert req.state == "appointed"
        assert req.appointment_at == pendulum.datetime(2026, 11, 30, 14, tz=SH)
        assert "11-30 14:00" in screen_text(app)


async def test_d4_engineer_signs_off_on_site(sqlite_staff, request_id, ctx_for, clock) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign", "appoint", "arrive")
    app = make_app(clock)
    async with app.run_test(size=WIDE) as pilot:
        await _open(pilot, "3001")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter")  # signer prefilled with the contact
        await _type(pilot, "cleaned disk, backup ok")
        await pilot.press("enter")
        await _type(pilot, "disk full")  # D4: the cause explained
        await pilot.press("enter")
        await _type(pilot, "clean monthly")  # how to prevent it
        await pilot.press("enter")
        await _type(pilot, "satisfied")  # the customer's opinion
        await pilot.press("enter")
        await settle(pilot)
        assert "检验处理结果" in screen_text(app)  # refused: the result not checked yet
        await pilot.press("space")  # the customer checked the result
        await pilot.press("ctrl+s")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert (req.cause, req.prevention, req.customer_opinion) == (
            "disk full",
            "clean monthly",
            "satisfied",
        )
        assert req.customer_checked
        assert (req.state, req.signed_by, req.signed_at) == ("signed", "陈会计", clock.now())
        assert req.work_done == "cleaned disk, backup ok"
        assert Callback.get(Callback.dispatch == request_id).kind == "F2"
        text = screen_text(app)
        assert "已解决并签字" in text and "陈会计" in text
        table = app.screen.query_one("#dispatch-list", DataTable)
        assert _table_width(table) <= WIDE[0]  # at 200 columns the problem gets the room
        # Widths measured from the content: the whole problem and the whole unit name.
        assert table.columns["problem"].width >= cell_len("账套备份失败,需上门")
        assert table.columns["customer"].width >= cell_len("上海宏达机械有限公司")
        assert "账套备份失败,需上门" in text and "…" not in text.split("账套备份失败")[1][:12]


async def test_d5_manager_redispatches_unsolved_order(
    sqlite_staff, request_id, ctx_for, clock
) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign", "appoint", "arrive", "not_solved")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("d")
        await settle(pilot)
        old = DispatchRequest.get_by_id(request_id)
        new = DispatchRequest.get(DispatchRequest.previous == request_id)
        assert old.state == "redispatched" and new.state == "verified"
        text = screen_text(app)
        assert new.order_no in text and "已重新派工" in text
        assert f"重新派工自 {old.order_no}" in text  # the new order is highlighted


async def test_d5_manager_escalates_to_vendor(sqlite_staff, request_id, ctx_for, clock) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign", "appoint", "arrive", "not_solved")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("e")
        await settle(pilot)
        await _type(pilot, "YY-1123")
        await pilot.press("enter")
        await _type(pilot, "sent logs")
        await pilot.press("enter")
        await settle(pilot)
        req = DispatchRequest.get_by_id(request_id)
        assert (req.state, req.vendor_ref) == ("escalated", "YY-1123")
        text = screen_text(app)
        assert "已上报厂商" in text and "YY-1123" in text and "sent logs" in text


async def test_keys_follow_the_state_and_the_role(sqlite_staff, request_id, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "1001")  # the operator who raised it sees it, cannot verify
        assert "上海宏达机械有限公司" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).state == "requested"
        assert app.screen.check_action("verify", ()) is False


async def test_d4_unreturned_sheet_is_flagged_after_mondays_start(
    sqlite_staff, request_id, ctx_for, clock
) -> None:
    _walk(ctx_for, sqlite_staff, request_id, "verify", "assign", "appoint", "arrive", "sign_off")
    no = DispatchRequest.get_by_id(request_id).order_no
    clock.set(pendulum.datetime(2026, 11, 30, 9, 1, tz=SH))  # Monday, a minute after the start
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        line = app.screen.query_one("#dispatch-sheets")
        assert line.display and f"纸质记录单逾期未交回:{no} 赵工" in screen_text(app)
        assert "纸质记录单周一上班前未交回,已超期" in screen_text(app)  # the detail too
        await pilot.press("h")  # handed in now
        await settle(pilot)
        assert DispatchRequest.get_by_id(request_id).sheet_returned_at == clock.now()
        assert not app.screen.query_one("#dispatch-sheets").display
