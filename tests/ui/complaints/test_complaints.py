"""Complaints (F9) driven with Pilot: from registration to close, as the
quality supervisor would, checking the screen and the database."""

from __future__ import annotations

import pendulum

from hotline_tui.config import Settings
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.complaints import handling as svc
from hotline_tui.services.review.open_items import OpenItem
from hotline_tui.store.models import (
    AuditEntry,
    Call,
    Callback,
    Complaint,
    ComplaintEvent,
    Customer,
)
from hotline_tui.ui.screens.complaints.complaints import ComplaintsScreen, open_complaint_from
from hotline_tui.ui.widgets.complaints.dialogs import PerPersonDialog, StepDialog
from hotline_tui.ui.widgets.complaints.form import ComplaintForm
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in
from tests.unit.complaints.conftest import form


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def fill(pilot, field: str, text: str) -> None:
    """Focus a field of the open dialog, clear it and type."""
    widget = pilot.app.screen.query_one(f"#f-{field}")
    widget.focus()
    await pilot.pause()
    if hasattr(widget, "clear"):
        widget.clear()
    await type_text(pilot, text)


async def choose(pilot, field: str, value: str) -> None:
    """Pick an option of a Select with the keyboard: open, move down to it, enter."""
    select = pilot.app.screen.query_one(f"#f-{field}")
    target = [v for _prompt, v in select._options].index(value)
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    overlay = select.query_one("SelectOverlay")
    for _ in range(len(select._options)):
        if overlay.highlighted == target:
            break
        await pilot.press("down" if (overlay.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await pilot.pause()
    assert select.value == value


async def test_complaint_from_registration_to_close(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "5001")  # the quality supervisor
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        assert "没有未结投诉" in screen_text(app)

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintForm)
        # Saving an empty form puts the message beside the first missing field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "此项必填" in str(app.screen.query_one("#err-complainant_unit").render())
        await fill(pilot, "complainant_unit", "JS")
        await fill(pilot, "complainant", "Lv")
        await fill(pilot, "phone", "abc")
        await fill(pilot, "department", "Svc")
        await fill(pilot, "person", "3001")
        await choose(pilot, "category", "delay")
        script = app.screen.query_one("#complaint-script")
        assert "请您慢慢说" in str(script.query_one("#script-say").render())  # C9: listen first
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")  # acknowledge, willing, solve
        await settle(pilot)
        say = str(script.query_one("#script-say").render())
        assert "还记得接听人员的工号吗" in say  # the delay category's standard answer
        await fill(pilot, "description", "No show")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintForm)
        assert "不是有效的电话号码" in str(app.screen.query_one("#err-phone").render())
        await fill(pilot, "phone", "01062440000")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, ComplaintsScreen)
        c = Complaint.get()
        assert (c.status, c.due_rule, c.category, c.person.agent_no) == (
            "registered",
            "C2",  # waiting for the check; the C3 clock starts at the confirmation
            "delay",
            "3001",
        )
        assert c.due_at == clock.now().add(hours=3)
        text = screen_text(app)
        assert c.ref_no in text and "已登记,待确认" in text and "3:00:00" in text

        steps = [
            ("c", {"responsible": "Svc"}),
            ("s", {"cause": "Busy", "measures": "Visit"}),
            ("t", {"result": "Done"}),
            ("v", {"note": "OK"}),
            ("z", {"corrective": "Tell", "preventive": "Plan"}),
        ]
        expected = ["in_progress", "responded", "verifying", "resolved", "closed"]
        for (key, values), state in zip(steps, expected, strict=True):
            clock.advance(minutes=20)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, StepDialog), key
            for field, value in values.items():
                await fill(pilot, field, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ComplaintsScreen), key
            assert Complaint.get().status == state

        c = Complaint.get()
        assert c.corrective == "Tell" and c.preventive == "Plan"
        assert c.due_at is None and c.closed_at == clock.now()
        kinds = [e.kind for e in ComplaintEvent.select().order_by(ComplaintEvent.id)]
        assert kinds == ["register", "check", "respond", "result", "verify", "close"]
        assert AuditEntry.select().where(AuditEntry.action.startswith("complaint.")).count() == 6
        # closed complaints leave the list; "a" shows them with their timeline
        assert "没有未结投诉" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        text = screen_text(app)
        assert c.ref_no in text and "已结案" in text
        assert "处理结果返回" in text and "Plan" in text


async def test_complaint_opened_from_a_call_has_the_caller_filled_in(sqlite_staff, clock) -> None:
    now = clock.now()
    cust = Customer.create(
        name="上海宏达机械有限公司", category="key", created_at=now, updated_at=now
    )
    op = sqlite_staff["operator"]
    call = Call.create(
        ticket_no="HL20261123-0001",
        owner=op,
        taken_by=op,
        customer=cust,
        caller_name="陈会计",
        caller_phone="13912345678",
        product="T3",
        version_text="10.8",
        status="solved",
        started_at=now,
        updated_at=now,
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        app.open_item = type("Item", (), {"kind": "call", "id": call.id})()
        app.action_open("complaints")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ComplaintForm)
        assert form.query_one("#f-complainant_unit").value == "上海宏达机械有限公司"
        assert form.query_one("#f-complainant").value == "陈会计"
        assert form.query_one("#f-phone").value == "13912345678"
        assert form.query_one("#f-product").value == "T3"
        await fill(pilot, "department", "Svc")
        await choose(pilot, "category", "attitude")
        await fill(pilot, "description", "Rude")
        await pilot.press("ctrl+s")
        await settle(pilot)
        c = Complaint.get()
        assert (c.call_id, c.customer_id, c.category) == (call.id, cust.id, "attitude")
        assert "★" in screen_text(app)  # key customer: the general manager calls (C3)
        assert "总经理" in screen_text(app)


async def test_c6_complaint_from_a_callback_or_a_ticket_number(sqlite_staff, clock) -> None:
    now = clock.now()
    cust = Customer.create(name="北京景升陶瓷制品有限公司", created_at=now, updated_at=now)
    op = sqlite_staff["operator"]
    call = Call.create(
        ticket_no="HL20261120-0003",
        owner=op,
        taken_by=op,
        customer=cust,
        caller_name="吕会计",
        caller_phone="010-62440000",
        product="用友通",
        status="solved",
        started_at=now,
        updated_at=now,
    )
    cb = Callback.create(kind="F1", customer=cust, call=call, owner=op, due_at=now, created_at=now)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        # the desk's item meant for the callbacks screen is not a hand-off to this one
        app.open_item = OpenItem("callback", cb.id, "F1", "", "", None, now, "F1", "open")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        await pilot.press("escape")
        await settle(pilot)
        # the callbacks screen hands its callback over: the form opens filled in
        open_complaint_from(app, "callback", cb.id)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ComplaintForm)
        assert form.query_one("#f-complainant_unit").value == "北京景升陶瓷制品有限公司"
        assert form.query_one("#f-complainant").value == "吕会计"
        assert "HL20261120-0003" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert Complaint.select().count() == 0

        # on the complaints screen, F asks for a call's ticket number
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "HL1")
        await pilot.press("enter")
        await settle(pilot)
        assert "没有工单号为 HL1 的来电" in screen_text(app)
        await fill(pilot, "ticket", "hl20261120-0003")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintForm)
        assert app.screen.query_one("#f-phone").value == "010-62440000"
        await fill(pilot, "department", "Svc")
        await choose(pilot, "category", "charges")
        await fill(pilot, "description", "Fee")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        c = Complaint.get()
        assert (c.call_id, c.customer_id, c.complainant, c.category) == (
            call.id,
            cust.id,
            "吕会计",
            "charges",
        )
        assert c.ref_no in screen_text(app)


async def test_c8_manager_sees_three_complaints_in_six_months_flagged(sqlite_staff, clock) -> None:
    clock.set(pendulum.datetime(2026, 12, 1, 10, 0, tz="Asia/Shanghai"))
    ctx = ServiceContext(actor=sqlite_staff["supervisor"], settings=Settings(), clock=clock)
    eng = sqlite_staff["engineer"]
    for days in (1, 40, 150, 200):  # the one 200 days ago is outside the half year
        c = svc.register_complaint(
            ctx,
            **form(person_id=eng.id, received_at=clock.now().subtract(days=days)),
        )
        svc.check_complaint(ctx, c.id, responsible="服务部")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")  # the manager
        await pilot.press("f9")
        await settle(pilot)
        assert "C8,近 6 个月:3001 赵工 (3)" in screen_text(app)
        assert "C7 报告 2026-11 截止 12-03 18:00" in screen_text(app)  # 3rd working day
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PerPersonDialog)
        text = screen_text(app)
        assert "3001 赵工  3 0 需处分" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)


async def test_c2_c4_c5_archive_escalate_and_report_back_on_keys(sqlite_staff, clock) -> None:
    sup_ctx = ServiceContext(actor=sqlite_staff["supervisor"], settings=Settings(), clock=clock)
    outside = svc.register_complaint(sup_ctx, **form(category="charges"))
    c = svc.register_complaint(sup_ctx, **form(source="vendor"))
    svc.check_complaint(sup_ctx, c.id, responsible="Svc")
    svc.respond_complaint(sup_ctx, c.id, response="service", cause="Busy", measures="Visit")
    svc.result_returned(sup_ctx, c.id, result="Visited")
    svc.verify_complaint(sup_ctx, c.id, resolved=False, note="Still broken")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "5001")
        # the desk hands over the vendor complaint: the list opens on it
        item = OpenItem("complaint", c.id, c.ref_no, "", "", None, None, "", "unresolved")
        app.open_item = item
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComplaintsScreen) and screen.current.id == c.id
        assert "验证未解决" in screen_text(app)

        async def step(key: str, values: dict[str, str]) -> None:
            clock.advance(minutes=10)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, StepDialog), key
            for field, value in values.items():
                await fill(pilot, field, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ComplaintsScreen), key

        await step("e", {"note": "Sent"})  # C4: unresolved goes to the vendor
        assert Complaint.get_by_id(c.id).status == "escalated"
        await step("t", {"result": "Patch"})
        await step("v", {"note": "OK"})
        await step("z", {"corrective": "Fix", "preventive": "Test"})
        c = Complaint.get_by_id(c.id)
        assert (c.status, c.due_rule) == ("vendor_report", "C5")
        assert "结案,待回复厂商" in screen_text(app)
        await step("b", {"note": "Mailed"})  # C5: reported back to the vendor
        c = Complaint.get_by_id(c.id)
        assert (c.status, c.vendor_reported_at) == ("closed", clock.now())

        # C2: the other one is outside the contract: explained, archived, not counted
        assert app.screen.current.id == outside.id
        await step("x", {"explanation": "Not in contract"})
        outside = Complaint.get_by_id(outside.id)
        assert (outside.status, outside.valid, outside.due_at) == ("archived", False, None)
        assert "没有未结投诉" in screen_text(app)
