"""Taking calls at the keyboard, as an operator would (H1-H11, F1, S2)."""

from __future__ import annotations

import pytest

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import Call, Callback, CallEvent, Customer, DispatchRequest
from hotline_tui.ui.screens.calls.desk import DeskScreen
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in


@pytest.fixture
def unit(sqlite_staff, clock):
    ctx = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    return create_customer(
        ctx,
        name="上海宏达机械有限公司",
        category="vip",
        products=[{"product": "U8", "version": "13.0", "modules": "总账", "dongle_no": "D-778"}],
        contacts=[{"name": "王建国", "title": "先生", "mobile": "13812345678"}],
    )


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def start_call(pilot, phone: str = "13812345678") -> IntakeScreen:
    await sign_in(pilot, "1001")
    await pilot.press("f2")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    await type_text(pilot, phone)
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def describe(pilot, symptom: str = "月末结账提示账套被占用") -> None:
    pilot.app.screen.query_one("#f-symptom").focus()
    await type_text(pilot, symptom)
    await pilot.press("tab")
    await settle(pilot)


async def test_h2_known_caller_shown_at_once_with_greeting(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f2")
        await settle(pilot)
        assert "您好,我是1001号客服代表" in screen_text(app)  # H2 greeting first
        assert "客服代表" in app.export_screenshot()  # drawn, not covered by a spinner
        await pilot.press("ctrl+l")  # H1: rang too long
        await settle(pilot)
        assert "让您久等了" in screen_text(app)
        await type_text(pilot, "138 1234 5678")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "上海宏达机械有限公司" in text and "王建国先生" in text and "D-778" in text
        assert "VIP" in text
        assert "请您详细描述一下问题现象" in text  # H3: the script moved on
        assert app.screen.query_one("#f-product").value == "U8"  # prefilled
        call = Call.get()
        assert call.started_at == clock.now() and call.late_pickup is False  # flag saved at outcome
        assert "禁忌" in text  # H13 visible


async def test_h6_hold_outcome_puts_a_countdown_on_the_desk(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        call = Call.get()
        assert (call.status, call.due_rule) == ("on_hold", "H6")
        assert call.due_at == clock.now().add(hours=1)
        assert call.customer_id == unit.id and call.symptom == "月末结账提示账套被占用"
        assert [e.kind for e in CallEvent.select().order_by(CallEvent.id)][-1] == "on_hold"
        table = app.screen.query_one("DataTable")
        assert "1:00:00" in str(table.get_row_at(0)[0])
        clock.advance(minutes=61)
        await pilot.pause(1.2)
        cell = table.get_row_at(0)[0]
        assert (
            str(cell).startswith("超时 0:01") and cell.style == "bold red"
        )  # overdue: red, in words


async def test_h6_call_back_from_the_desk_logs_the_attempt(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")  # open the on-hold call from the desk
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert "请问您是王建国先生吗" in screen_text(app).replace("\n", "")  # the opener (wrapped)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("2")  # no answer
        await settle(pilot)
        await pilot.press("ctrl+b")
        await pilot.press("y")  # it is him
        await pilot.press("1")  # reached
        await settle(pilot)
        details = [e.detail for e in CallEvent.select().where(CallEvent.kind == "callback_attempt")]
        assert [d["result"] for d in details] == ["no_answer", "reached"]
        assert details[1]["answers"] == {"confirm_person": {"answer": "yes"}}
        app.screen.query_one("#f-resolution").focus()
        await type_text(pilot, "清除占用进程后重新结账")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")  # no library draft this time
        await settle(pilot)
        assert Call.get().status == "solved"


async def test_h7_consultation_outcome(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        call = Call.get()
        assert (call.status, call.due_rule, call.due_at) == (
            "consultation",
            "H7",
            clock.now().add(hours=3),
        )


async def test_h8_on_site_outcome_creates_the_dispatch_request(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "打印机驱动无法安装")
        await pilot.press("ctrl+g")
        await settle(pilot)
        req = DispatchRequest.get()
        assert req.customer_id == unit.id and "打印机驱动" in req.problem
        assert Call.get().suggest_onsite


async def test_h10_transfer_to_a_named_colleague(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await type_text(pilot, "1002")
        await pilot.press("enter")
        await settle(pilot)
        call = Call.get()
        assert call.owner_id == sqlite_staff["operator2"].id and call.transferred_to == "1002 李强"


async def test_f1_solved_call_offers_a_library_draft_and_schedules_callback(
    sqlite_staff, clock, unit
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot)
        await pilot.press("ctrl+s")  # no resolution yet
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert "请记录问题原因和给出的解决方法" in screen_text(app)
        assert app.screen.query_one("#f-symptom").text == "月末结账提示账套被占用"  # nothing lost
        assert app.focused.id == "f-resolution"
        await type_text(pilot, "清除占用进程")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "存为问题库草稿" in screen_text(app)  # asked in words, no rule ID
        await pilot.press("y")
        await settle(pilot)
        assert Call.get().status == "solved"
        cb = Callback.get()
        assert cb.kind == "F1" and cb.due_at == clock.now().add(days=3)


async def test_h11_password_reset_refused_without_written_authorization(
    sqlite_staff, clock, unit
) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_call(pilot)
        await describe(pilot, "忘记账套主管密码需要重置")
        screen.query_one("#f-category").value = "password_reset"
        screen.query_one("#f-resolution").focus()
        await type_text(pilot, "按授权书重置")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "书面授权" in screen_text(app) and Call.get().status == "open"
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "SQ-2026-01")
        await pilot.press("tab")
        await type_text(pilot, "2026-11-22")
        await pilot.press("tab")
        await type_text(pilot, "王建国")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        call = Call.get()
        assert call.status == "solved" and call.auth_doc_ref == "SQ-2026-01"
        assert CallEvent.get(CallEvent.kind == "authorization").detail["told"] == "王建国"


async def test_several_matches_pick_one(sqlite_staff, clock, unit) -> None:
    ctx = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    create_customer(
        ctx, name="宏达贸易公司", contacts=[{"name": "李会计", "phone": "021-55667788"}]
    )
    create_customer(
        ctx, name="宏达物流公司", contacts=[{"name": "赵出纳", "phone": "021-55667788"}]
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot, "02155667788")
        assert "几位来电人" in screen_text(app) or app.screen.query("#pick-list")
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        text = screen_text(app)
        assert "宏达物流公司" in text or "宏达贸易公司" in text


async def test_unknown_caller_created_inline(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot, "13900002222")
        await pilot.press("ctrl+s")  # empty unit name: refused in the dialog
        await settle(pilot)
        assert "必填" in screen_text(app)
        await type_text(pilot, "苏州新创科技有限公司")
        await pilot.press("tab")
        await type_text(pilot, "陈红")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert "苏州新创科技有限公司" in screen_text(app)
        assert Customer.get(Customer.name == "苏州新创科技有限公司").contacts.get().name == "陈红"


async def test_bad_input_is_shown_on_the_field(sqlite_staff, clock, unit) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f2")
        await settle(pilot)
        await type_text(pilot, "12")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+o")  # a bad number: refused, named on the phone field
        await settle(pilot)
        phone = app.screen.query_one("#f-caller_phone")
        assert phone.has_class("-invalid") and phone.value == "12"  # nothing typed lost
        assert "电话" in app.screen.query_one("#form-error").render().plain
        await pilot.press("backspace", "backspace")
        await pilot.press("ctrl+o")  # nobody identified yet
        await settle(pilot)
        assert "请先识别来电单位" in screen_text(app)
        assert Call.get().status == "open"


# ----------------------------------------------------- draft safety (docs/DESIGN.md, drafts)

_TYPIST = """
import asyncio, sys
import pendulum
from hotline_tui.config import Settings
from hotline_tui.domain.clock import FixedClock
from hotline_tui.i18n import set_language
from hotline_tui.store.db import open_database
from hotline_tui.ui.app import create_app

async def main(url):
    set_language("zh_CN")
    open_database(url)
    clock = FixedClock(pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai"))
    app = create_app(Settings(), clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        async def settle():
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        await settle()
        await pilot.press(*"1001", "enter", *"hotline-1001", "enter")
        await settle()
        await pilot.press("f2")
        await settle()
        await pilot.press(*"13812345678", "enter")
        await settle()
        app.screen.query_one("#f-symptom").focus()
        await pilot.press(*"凭证打印金额错位")
        await pilot.pause(1.5)  # past the draft debounce
        await settle()
        print("TYPED", flush=True)
        await asyncio.sleep(120)  # typing on when the terminal is killed

asyncio.run(main(sys.argv[1]))
"""


async def test_draft_restored_after_the_app_is_killed(sqlite_staff, clock, unit, tmp_path) -> None:
    """Item 8: a real process is SIGKILLed mid-call; the next start offers the draft."""
    import os
    import signal
    import subprocess
    import sys

    from hotline_tui.store.base import database
    from hotline_tui.store.models import Draft

    script = tmp_path / "typist.py"
    script.write_text(_TYPIST, encoding="utf-8")
    url = f"sqlite:///{database.obj.database}"
    root = os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    child = subprocess.Popen(
        [sys.executable, str(script), url],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)  # no clean-up code runs in the child
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    draft = Draft.get()
    assert draft.data["symptom"] == "凭证打印金额错位" and draft.data["caller_phone"]
    killed = Call.get()
    assert killed.status == "open" and killed.symptom == ""  # only the draft has the typing

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        assert killed.ticket_no in screen_text(app)  # "restore it?" names the call
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen) and screen.call_id == killed.id
        assert screen.query_one("#f-symptom").text == "凭证打印金额错位"
        assert screen.query_one("#f-caller_phone").value == "13812345678"
        assert "上海宏达机械有限公司" in screen_text(app)  # the caller is identified again
        await pilot.press("ctrl+o")  # finish it: the same call, not a new one
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert Call.select().count() == 1
    call = Call.get()
    assert (call.status, call.symptom, call.customer_id) == ("on_hold", "凭证打印金额错位", unit.id)
    assert Draft.select().count() == 0  # finished: the draft is gone


async def test_declined_draft_is_discarded(sqlite_staff, clock, unit) -> None:
    from hotline_tui.services.calls.drafts import save_draft
    from hotline_tui.store.models import Draft

    ctx = ServiceContext(actor=sqlite_staff["operator"], clock=clock)
    save_draft(ctx, {"symptom": "报表打不开", "ticket_no": "HL20261123-0009"})
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        assert "HL20261123-0009" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert Draft.select().count() == 0


async def test_h5_library_answers_while_typing_and_one_key_applies(
    sqlite_staff, clock, unit
) -> None:
    from hotline_tui.services.library import entries as library
    from hotline_tui.store.models import LibraryEntry

    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    entry = library.create_entry(
        mgr,
        title="月末結賬提示賬套被佔用",  # traditional, as in the manuals
        cause="有站点异常退出,任务仍锁着账套",
        solution="在系统管理中清除异常任务后重新结账",
        status="published",
    )
    library.create_entry(mgr, title="凭证打印错位", symptom="打印时金额错位", status="published")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await describe(pilot, "结账被占用")
        box = app.screen.query_one("#suggestions")
        assert box.answers_for == "结账被占用"  # no typing pause waited for
        assert [h.entry_id for h in box.hits] == [entry.id]  # typed simplified, found traditional
        await pilot.press("ctrl+f")
        await settle(pilot)
        resolution = app.screen.query_one("#f-resolution").text
        assert "清除异常任务后重新结账" in resolution and "异常退出" in resolution
        call = Call.get()
        assert call.library_entry_id == entry.id  # "solved by entry #n" (H9)
        assert LibraryEntry.get_by_id(entry.id).usage_count == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
    call = Call.get()
    assert call.status == "solved" and "清除异常任务" in call.resolution


async def test_s2_restricted_caller_shows_the_minimum_and_the_opening_is_logged(
    sqlite_staff, clock
) -> None:
    from hotline_tui.store.models import AccessLog

    ctx = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    secret = create_customer(
        ctx,
        name="某机要单位",
        address="北京市某路1号",
        confidentiality="top_secret",
        products=[{"product": "U8", "version": "13.0", "serial_no": "SN-99887"}],
        contacts=[{"name": "刘主任", "mobile": "13900001111", "email": "liu@example.com"}],
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot, "13900001111")
        text = screen_text(app)
        assert "某机要单位" in text and "刘主任" in text  # what the call needs
        assert "保密档案:" in text and "本次查阅已记录" in text
        assert "北京市某路1号" not in text and "liu@example.com" not in text
    log = AccessLog.get(AccessLog.customer == secret.id)
    assert (log.view, log.purpose, log.actor_id) == ("minimum", "call", sqlite_staff["operator"].id)


async def test_h5_answers_shown_are_for_the_newest_text_never_a_stale_one(
    sqlite_staff, clock, unit
) -> None:
    from hotline_tui.services.library import entries as library

    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    printing = library.create_entry(mgr, title="凭证打印错位", status="published")
    closing = library.create_entry(mgr, title="月末结账失败", status="published")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        app.screen.query_one("#f-symptom").focus()
        await type_text(pilot, "凭证打印")  # keys land while searches run
        box = app.screen.query_one("#suggestions")
        await settle(pilot)
        assert box.answers_for == "凭证打印"
        assert [h.entry_id for h in box.hits] == [printing.id]
        for _ in range(4):
            await pilot.press("backspace")
        await type_text(pilot, "月末结账")
        await settle(pilot)
        assert box.answers_for == "月末结账"
        assert [h.entry_id for h in box.hits] == [closing.id]
