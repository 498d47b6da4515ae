"""Sign-in and the operator's desk, driven with Pilot."""

from __future__ import annotations

from hotline_tui.store.models import Call, Customer
from hotline_tui.ui.screens.calls.desk import DeskScreen
from tests.ui.helpers import SIZE, make_app, open_call, screen_text, sign_in


async def test_sign_in_lands_on_the_desk_with_countdowns(sqlite_staff, clock) -> None:
    op = sqlite_staff["operator"]
    now = clock.now()
    cust = Customer.create(name="上海宏达机械有限公司", created_at=now, updated_at=now)
    open_call(op, cust, now.add(minutes=30), "HL20261123-0001", "账套备份失败")
    open_call(op, cust, now.subtract(minutes=5), "HL20261123-0002", "凭证打印错位")
    open_call(sqlite_staff["operator2"], cust, now.add(hours=2), "HL20261123-0003", "别人的来电")
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DeskScreen) and not app.screen.signed_in
        assert app.screen.query_one("#agent-no").has_focus
        await sign_in(pilot, "1001")
        assert isinstance(app.screen, DeskScreen) and app.screen.signed_in
        assert not app.screen.query_one("#signin-row").display
        text = screen_text(app)
        assert "1001 王丽" in text
        assert "账套备份失败" in text and "凭证打印错位" in text
        assert "别人的来电" not in text  # only my own items
        # overdue first, shown negative; the other counts down live
        table = app.screen.query_one("DataTable")
        first = table.get_row_at(0)
        assert str(first[0]).startswith("超时 0:05")  # overdue in words
        assert "0:30:00" in str(table.get_row_at(1)[0])
        clock.advance(minutes=1)
        await pilot.pause(1.2)
        assert "0:29:00" in str(table.get_row_at(1)[0])
        assert table.get_row_at(0)[0].style == "bold red"


async def test_unknown_agent_number_is_a_message_not_a_crash(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "4242")
        assert app.ctx is None and not app.screen.signed_in
        assert app.screen.query_one("#password").has_focus
        assert app.screen.query_one("#agent-no").value == "4242"
        assert "工号或密码不正确" in screen_text(app)


async def test_empty_desk_says_so(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1002")
        assert "没有未结事项" in screen_text(app)


async def test_command_palette_lists_screens(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any("工作台" in t for t in titles)
        assert any("未结事项" in t for t in titles)  # managers see the review
        assert any("刷新" in t for t in titles)  # the desk's own keys


async def test_demo_operator_signs_in_and_sees_the_demo_promises(sqlite_db, clock) -> None:
    """docs/DESIGN.md, how the desk starts: on `hotline demo` data, 1001 lands on a desk full of live promises."""
    from hotline_tui.config import Settings
    from hotline_tui.demo.seed import seed_demo
    from hotline_tui.store.models import Staff

    seed_demo(Settings(), seed=7, clock=clock, units=30)
    me = Staff.get(Staff.agent_no == "1001")
    mine = Call.select().where(Call.owner == me, Call.due_at.is_null(False)).count()
    assert mine > 0
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        assert isinstance(app.screen, DeskScreen)
        table = app.screen.query_one("DataTable")
        assert table.row_count >= mine
        rules = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert {"1小时内回电", "3小时内答复"} <= rules  # a hold and a consultation, in words
        assert "1001" in screen_text(app)


async def test_w2_header_clock_shows_the_centers_time_and_f1_lists_every_key(
    sqlite_staff, clock
) -> None:
    """The header's "now" is the center's (10:00 Shanghai), not the machine's UTC;
    F1 opens the key panel with the screens' F-keys that the footer leaves out."""
    from textual.widgets import HelpPanel

    from hotline_tui.ui.widgets.desk_header import DeskHeader

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        header = app.screen.query_one(DeskHeader)
        assert header.clock_text() == "10:00:00"
        assert str(header.render()).rstrip().endswith("10:00:00")
        await pilot.press("f1")
        await pilot.pause()
        panel = app.screen.query_one(HelpPanel)
        await pilot.pause()
        assert panel is not None
        keys = {b.key for _, b, _, _ in app.screen.active_bindings.values()}
        assert {"f2", "f4", "f10"} <= keys
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)
