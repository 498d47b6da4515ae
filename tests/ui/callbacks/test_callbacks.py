"""The callbacks screen (F1-F6), driven with Pilot as an operator would:
the list by due time, a script with a "no" branch, unreachable -> next try,
a new problem -> a new hotline call (F5)."""

from __future__ import annotations

import pendulum

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.callbacks import followups as svc
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import Call, Callback, CallbackAttempt
from hotline_tui.ui.screens.callbacks.callbacks import CallbacksScreen
from hotline_tui.ui.widgets.callbacks.work import CallbackWorkDialog
from tests.ui.helpers import SIZE, WIDE, make_app, screen_text, settle, sign_in


def _callback(staff, clock, kind="F1", hours=2):
    ctx = ServiceContext(staff["operator"], clock=clock)
    unit = create_customer(
        ctx,
        name="杭州宏达机械制造有限公司",
        contacts=[
            {"name": "王建华", "title": "先生", "mobile": "138 1234 5678", "is_primary": True}
        ],
        products=[{"product": "华信财务 U8", "version": "V13.0", "modules": "总账"}],
    )
    return svc.create_callback(
        ctx,
        kind=kind,
        due_at=clock.now().add(hours=hours),
        customer_id=unit.id,
        contact_id=unit.contacts[0].id,
    )


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def _open(pilot, agent_no: str = "1001") -> None:
    await sign_in(pilot, agent_no)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CallbacksScreen)


async def test_f6_script_with_a_no_branch_records_the_reason(sqlite_staff, clock) -> None:
    cb = _callback(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        text = screen_text(app)
        assert "杭州宏达机械制造有限公司" in text and "王建华先生" in text
        assert "热线" in text or "After a hotline call" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackWorkDialog)
        assert "王建华先生" in screen_text(app)  # the script names the contact
        await pilot.press("y", "y")  # the right person; a convenient time
        await pilot.press("n")  # not solved: the reason is asked for (F6)
        await settle(pilot)
        assert "原因" in screen_text(app)
        await _type(pilot, "reset still fails")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space")  # past the "describe it" line
        await pilot.press("y", "y")  # attitude fine; everything else fine
        text = screen_text(app)  # F6: the answers shown as the questions in words
        assert "您之前反映的问题现在解决了吗? 否" in text and "solved:" not in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        # F5: still unsolved, no new hotline call: refused until a reason is typed
        assert isinstance(app.screen, CallbackWorkDialog)
        assert "按 P" in screen_text(app)
        await _type(pilot, "engineer booked")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)
        row = Callback.get_by_id(cb.id)
        assert row.status == "done" and row.satisfied is True
        assert row.answers["steps"]["solved"] == {"answer": "no", "reason": "reset still fails"}
        assert row.answers["no_new_call_reason"] == "engineer booked"
        assert "您之前反映的问题现在解决了吗? 否 — reset still fails" in row.result
        assert "杭州宏达机械制造有限公司" not in screen_text(app)  # gone from the list


async def test_unreachable_logs_the_attempt_and_schedules_the_next_try(sqlite_staff, clock) -> None:
    cb = _callback(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=WIDE) as pilot:
        await _open(pilot)
        await pilot.press("u")
        await settle(pilot)
        row = Callback.get_by_id(cb.id)
        assert row.attempts == 1 and row.status == "open"
        next_try = pendulum.datetime(2026, 11, 23, 12, 0, tz="Asia/Shanghai")
        assert row.next_try_at == next_try and row.due_at == next_try
        assert [a.result for a in CallbackAttempt.select()] == ["unreachable"]
        text = screen_text(app)
        table_row = next(line for line in text.splitlines() if "杭州宏达" in line)
        await pilot.press("h")  # the channel: phone -> QQ (F1)
        await settle(pilot)
        assert Callback.get_by_id(cb.id).channel == "qq"
        assert "QQ" in next(ln for ln in screen_text(app).splitlines() if "杭州宏达" in ln)
        assert "11-23 12:00" in table_row and table_row.split()[-1] == "1"  # due moved; tries


async def test_f5_new_problem_key_opens_a_hotline_call(sqlite_staff, clock) -> None:
    cb = _callback(sqlite_staff, clock, kind="F4")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y", "space")  # the person; the care greeting
        await pilot.press("n")  # the software is not going well
        await _type(pilot, "report totals wrong")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")  # F5: the reason is offered as the symptom
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        call = Call.get()
        assert (
            call.symptom == "report totals wrong" and call.owner_id == sqlite_staff["operator"].id
        )
        assert Callback.get_by_id(cb.id).new_call_id == call.id
        assert call.ticket_no in screen_text(app)
        await pilot.press("y")  # satisfied with the service
        await pilot.press("ctrl+s")  # finish after F5: the version moved on, no conflict
        await settle(pilot)
        done = Callback.get_by_id(cb.id)
        assert done.status == "done" and done.answers["steps"]["usage"]["answer"] == "no"


async def test_filters_mine_all_overdue(sqlite_staff, clock) -> None:
    _callback(sqlite_staff, clock, hours=-1)  # the operator's, overdue
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")  # the manager: none of their own
        assert "杭州宏达" not in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert "杭州宏达" in screen_text(app) and "超时 1:00:00" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert "杭州宏达" in screen_text(app)


async def test_s3_first_visit_is_worked_from_the_callbacks_screen(sqlite_staff, clock) -> None:
    ctx = ServiceContext(sqlite_staff["operator"], clock=clock)
    unit = create_customer(
        ctx,
        name="宁波海纳物流有限公司",
        contacts=[{"name": "林芳", "title": "女士", "mobile": "13600001111", "is_primary": True}],
        sold_at=clock.now().subtract(days=1),
    )
    task = Callback.get(Callback.kind == "S3")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        assert "宁波海纳物流有限公司" in screen_text(app) and "首访" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "请问您是林芳女士吗" in screen_text(app)
        # person, purpose, record ok, channels, QQ added, using the software, needs
        await pilot.press("y", "space", "y", "space", "y", "y", "y")
        await _type(pilot, "需要安排工资模块培训")
        await pilot.press("enter", "2")  # the department by its number
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)
        done = Callback.get_by_id(task.id)
        assert done.status == "done" and done.customer_id == unit.id
        assert [n["text"] for n in done.answers["needs"]] == ["需要安排工资模块培训"]
        assert "宁波海纳物流有限公司" not in screen_text(app)


async def test_desk_enter_opens_the_callback_and_c_opens_a_complaint(sqlite_staff, clock) -> None:
    from textual.widgets import Input

    _callback(sqlite_staff, clock, hours=3)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("enter")  # the desk's first item: the callback
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)
        assert "杭州宏达机械制造有限公司" in screen_text(app)
        await pilot.press("c")  # a complaint from this callback, the caller filled in
        await settle(pilot)
        values = " ".join(str(i.value) for i in app.screen.query(Input))
        assert "杭州宏达机械制造有限公司" in values + screen_text(app)
        assert "王建华" in values


async def test_manager_reassigns_a_callback_with_a_reason(sqlite_staff, clock) -> None:
    cb = _callback(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "1001")
        keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert "g" not in keys and "s" not in keys  # an operator: neither reassign nor schedule
        await pilot.press("escape")
        await settle(pilot)
        app.exit()
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "9001")
        await pilot.press("a", "g")
        await settle(pilot)
        await pilot.press("enter")  # the owner list (王丽 left out: she owns it)
        await pilot.press("down", "enter")
        await settle(pilot)
        await _type(pilot, "王丽休假")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)
        assert Callback.get_by_id(cb.id).owner_id != sqlite_staff["operator"].id


async def test_f1_by_qq_shows_the_written_template(sqlite_staff, clock) -> None:
    cb = _callback(sqlite_staff, clock)
    svc.change_channel(ServiceContext(sqlite_staff["operator"], clock=clock), cb.id, "qq")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackWorkDialog)
        written = str(app.screen.query_one("#cw-written").render())
        assert "通过QQ或邮件发送" in written and "王建华先生,您好" in written
        assert "1. 您反映的问题现在解决了吗?" in written


async def test_f4_care_call_as_event_invitation_or_materials_sent(sqlite_staff, clock) -> None:
    _callback(sqlite_staff, clock, kind="F4")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackWorkDialog)
        await pilot.press("i", "y")  # an event invitation; the right person
        await settle(pilot)
        say = str(app.screen.query_one("#script-say").render())
        assert "邀请您参加" in say
        await pilot.press("m")  # rather: materials sent
        await settle(pilot)
        assert "已经寄发给您" in str(app.screen.query_one("#script-say").render())
