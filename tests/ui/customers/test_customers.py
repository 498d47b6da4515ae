"""The customers screen (S1, S2), driven with Pilot as an operator would."""

from __future__ import annotations

from hotline_tui.domain.clock import FixedClock
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import contacts as svc
from hotline_tui.store.models import AccessLog, Contact, Customer
from hotline_tui.ui.screens.customers.customers import CustomersScreen
from tests.ui.helpers import SIZE, WIDE, make_app, screen_text, settle, sign_in


def _unit(staff, clock, name="杭州宏达机械制造有限公司", months_ago=0, **kw):
    who = staff["manager"] if kw.get("confidentiality", "secret") != "secret" else staff["operator"]
    ctx = ServiceContext(who, clock=FixedClock(clock.now().subtract(months=months_ago)))
    return svc.create_customer(
        ctx,
        name=name,
        contacts=kw.pop(
            "contacts",
            [{"name": "王建华", "title": "先生", "mobile": "138 1234 5678", "is_primary": True}],
        ),
        products=[{"product": "华信财务 U8", "version": "V13.0", "dongle_no": "HX10000001"}],
        **kw,
    )


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def _open_customers(pilot, agent_no: str) -> None:
    await sign_in(pilot, agent_no)
    await pilot.press("f10")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CustomersScreen)


async def test_s1_find_unit_by_phone_and_edit_its_address(sqlite_staff, clock) -> None:
    unit = _unit(sqlite_staff, clock)
    _unit(
        sqlite_staff,
        clock,
        name="宁波海纳物流有限公司",
        contacts=[{"name": "林芳", "mobile": "13600001111"}],
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        await _type(pilot, "13812345678")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "杭州宏达机械制造有限公司" in text and "宁波海纳物流" not in text
        assert "王建华" in text and "HX10000001" in text
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter", "enter")  # name -> short name -> address
        await _type(pilot, "杭州市文三路90号")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Customer.get_by_id(unit.id).address == "杭州市文三路90号"
        assert "杭州市文三路90号" in screen_text(app)


async def test_s1_contact_left_is_replaced_from_the_screen(sqlite_staff, clock) -> None:
    unit = _unit(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=WIDE) as pilot:
        await _open_customers(pilot, "1001")
        await _type(pilot, "宏达")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await _type(pilot, "李娜")
        await pilot.press("enter")
        await _type(pilot, "13700001111")
        await pilot.press("ctrl+s")
        await settle(pilot)
        old = Contact.get((Contact.customer == unit.id) & (Contact.name == "王建华"))
        assert old.left_company and old.replaced_by.name == "李娜"
        assert "已离职,由 李娜 接替" in screen_text(app)


async def test_s1_review_list_and_mark_checked(sqlite_staff, clock) -> None:
    stale = _unit(sqlite_staff, clock, name="久未核对的单位", months_ago=5)
    _unit(sqlite_staff, clock, name="刚核对过的单位")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        await pilot.press("tab")  # from the search field to the list; keys go to the screen
        await pilot.press("v")
        await settle(pilot)
        text = screen_text(app)
        assert "久未核对的单位" in text and "刚核对过的单位" not in text
        await pilot.press("enter")
        await settle(pilot)
        assert "待核对" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert Customer.get_by_id(stale.id).checked_at == clock.now()


async def test_s2_restricted_unit_minimum_view_for_operator_and_logged(sqlite_staff, clock) -> None:
    unit = _unit(sqlite_staff, clock, confidentiality="top_secret", address="北京市海淀区某路1号")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        await _type(pilot, "HX10000001")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "最低限度" in text and "北京市海淀区" not in text
        await pilot.press("e")  # a minimum view may not be edited
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
    assert [(a.actor_id, a.view) for a in AccessLog.select()] == [
        (sqlite_staff["operator"].id, "minimum")
    ]
    assert Customer.get_by_id(unit.id).address == "北京市海淀区某路1号"


async def test_s3_sale_registered_then_first_visit_worked_with_script(sqlite_staff, clock) -> None:
    """S3: "s" records the sale (task due in 7 days); "f" walks the first-visit script,
    a "no" carries its reason, a need goes to its department."""
    from hotline_tui.store.models import Callback

    unit = _unit(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        await _type(pilot, "宏达")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")  # sale today: the date is filled in
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        task = Callback.get((Callback.customer == unit.id) & (Callback.kind == "S3"))
        assert task.due_at == clock.now().add(days=7) and task.status == "open"
        assert "首访" in screen_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert "请问您是王建华先生吗" in screen_text(app)
        await pilot.press("y", "space")  # the right person; the purpose of the call
        await pilot.press("n")  # the record is wrong: the reason is asked for (F6)
        await settle(pilot)
        await _type(pilot, "地址已变更")
        await pilot.press("enter")
        # S3: response times told; QQ/WeChat added; bought but not using the software yet
        await pilot.press("space", "y", "n")
        await settle(pilot)
        assert "我们内部的流程" in screen_text(app)
        await pilot.press("space", "y")  # the internal process told; the customer has a need
        await settle(pilot)
        await _type(pilot, "需要安排工资模块培训")
        await pilot.press("enter", "2")  # the department by its number: 培训部
        await settle(pilot)
        assert "需要安排工资模块培训  → 培训部" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        done = Callback.get_by_id(task.id)
        assert done.status == "done" and done.done_at == clock.now()
        assert done.answers["steps"]["verify_record"] == {"answer": "no", "reason": "地址已变更"}
        assert [(n["text"], n["department"]) for n in done.answers["needs"]] == [
            ("需要安排工资模块培训", "training")
        ]
        await pilot.press("h")  # the needs waiting for hand-over to their departments
        await settle(pilot)
        text = screen_text(app)
        assert "需要安排工资模块培训" in text and "培训部" in text and "11-24 " in text
        await pilot.press("enter")  # back to the unit the need belongs to
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen) and app.screen.file is not None


async def test_bad_input_keeps_the_dialog_and_what_was_typed(sqlite_staff, clock) -> None:
    """A refused save leaves the dialog open, the message under the named field and
    the typed text in place; nothing is written until the input is fixed."""
    from textual.widgets import Input, Static

    from hotline_tui.ui.widgets.customers.forms import ContactDialog, CustomerDialog

    unit = _unit(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        await pilot.press("tab")  # from the search field to the list; keys go to the screen
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CustomerDialog)
        await _type(pilot, "新单位")
        await pilot.press("enter")
        await _type(pilot, "x" * 65)  # the short name allows 64
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerDialog)
        assert "最多 64 个字符" in str(app.screen.query_one("#e-short_name", Static).render())
        assert str(app.screen.query_one("#e-name", Static).render()) == ""
        assert app.screen.query_one("#f-name", Input).value == "新单位"
        assert app.screen.query_one("#f-short_name", Input).value == "x" * 65
        assert app.screen.focused is app.screen.query_one("#f-short_name", Input)
        assert Customer.select().count() == 1
        await pilot.press("backspace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        new = Customer.get(Customer.name == "新单位")
        assert new.short_name == "x" * 64
        assert "新单位" in screen_text(app)

        await pilot.press("slash")  # a contact with a mobile that is no number
        await _type(pilot, "宏达")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.file is not None and app.screen.file.view.customer.id == unit.id
        await pilot.press("tab", "a")
        await settle(pilot)
        assert isinstance(app.screen, ContactDialog)
        await _type(pilot, "李娜")
        await pilot.press("enter", "enter", "enter", "enter")  # -> mobile
        await _type(pilot, "1370000111x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactDialog)
        assert "不是有效的电话号码" in str(app.screen.query_one("#e-mobile", Static).render())
        assert app.screen.query_one("#f-name", Input).value == "李娜"
        assert app.screen.query_one("#f-mobile", Input).value == "1370000111x"
        assert Contact.select().where(Contact.name == "李娜").count() == 0
        await pilot.press("backspace", "1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        saved = Contact.get(Contact.name == "李娜")
        assert saved.customer_id == unit.id and saved.mobile == "13700001111"
        assert "李娜" in screen_text(app)


async def test_unexpected_failure_keeps_the_dialog_and_allows_another_save(
    sqlite_staff, clock
) -> None:
    """A failure that is no ValidationError is said at the foot of the dialog, which
    stays open with the typed text, and the next ctrl+s tries again."""
    from textual.widgets import Input, Static

    from hotline_tui.ui.widgets.customers.forms import CustomerDialog

    tries: list[dict] = []

    def submit(values: dict) -> dict:
        tries.append(values)
        if len(tries) == 1:
            raise RuntimeError("connection lost")
        return values

    results: list = []
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_customers(pilot, "1001")
        app.push_screen(CustomerDialog("x", submit=submit), results.append)
        await settle(pilot)
        await _type(pilot, "新单位")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerDialog)
        assert "RuntimeError" in str(app.screen.query_one("#form-error", Static).render())
        assert app.screen.query_one("#f-name", Input).value == "新单位"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
    assert len(tries) == 2 and results[0]["name"] == "新单位"
