"""Signing in on the desk itself (docs/PERFORMANCE.md: one screen from start to items), the
one-line key bar and header, and the collector settled once the desk shows."""

from __future__ import annotations

from hotline_tui import launch
from hotline_tui.config import Settings
from hotline_tui.store.db import open_database, open_database_in_background
from hotline_tui.ui.screens.calls.desk import DeskScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from tests.conftest import FakeGc
from tests.ui.helpers import SIZE, make_app, settle, sign_in


def _bar(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_signed_out_desk_offers_only_the_agent_box_and_quit(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen) and not desk.signed_in
        assert not desk.query_one("#desk-table").display
        bar = _bar(app)
        assert "退出" in bar and "刷新" not in bar and "新来电" not in bar
        await pilot.press("f2")  # no screen opens before a sign-in
        await settle(pilot)
        assert app.screen is desk and app.ctx is None


async def test_signing_in_fills_the_same_screen_and_the_keys_follow(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        desk = app.screen
        await sign_in(pilot, "1001")
        assert app.screen is desk and desk.signed_in
        assert desk.query_one("#desk-table").display
        assert desk.query_one("#desk-table").has_focus
        bar = _bar(app)
        assert "刷新" in bar and "新来电" in bar and "退出" not in bar
        header = str(desk.query_one(DeskHeader).render())
        assert "1001 王丽" in header
        await pilot.press("escape")  # leaving is only offered while signed out
        await settle(pilot)
        assert app.is_running and app.screen is desk


async def test_a_wrong_number_keeps_what_was_typed_and_says_why(sqlite_staff, clock) -> None:
    """The number stays; the password is cleared and asked again, and the message
    does not say whether the number exists."""
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "4242")
        box = app.screen.query_one("#agent-no")
        password = app.screen.query_one("#password")
        assert box.value == "4242" and password.value == "" and password.has_focus
        assert "工号或密码不正确" in str(app.screen.query_one("#signin-error").render())
        assert app.ctx is None


async def test_a_click_on_a_key_in_the_bar_presses_it(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        bar = app.screen.query_one(KeyBar)
        start = next(s for s, _e, key in bar._spans if key == "f1")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
        assert app.screen.query("HelpPanel")


async def test_the_collector_stays_quiet_until_the_desk_shows_its_items(
    sqlite_staff,
    clock,
    fake_gc: FakeGc,
) -> None:
    launch.quiet_start()
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not fake_gc.enabled  # the signed-out desk is painted; start goes on
        await sign_in(pilot, "1001")
        assert fake_gc.enabled and fake_gc.frozen == 1


async def test_w2_intake_and_library_headers_show_the_centers_time(sqlite_staff, clock) -> None:
    """The call and library screens had Textual's header clock (the machine's UTC)."""
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        for nav in ("intake", "library"):
            app.action_open(nav)
            await settle(pilot)
            header = app.screen.query_one(DeskHeader)
            assert str(header.render()).rstrip().endswith("10:00:00"), nav
            app.action_open("desk")
            await settle(pilot)


async def test_typed_brackets_in_a_symptom_show_as_typed_not_as_markup(sqlite_staff, clock) -> None:
    from hotline_tui.store.models import Customer
    from tests.ui.helpers import open_call

    now = clock.now()
    cust = Customer.create(name="[b]宏达[/b]", created_at=now, updated_at=now)
    open_call(
        sqlite_staff["operator"],
        cust,
        now.add(hours=1),
        "HL20261123-0009",
        "打印[凭证]错位 [red]急",
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        table = app.screen.query_one("#desk-table")
        shown = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert "[b]宏达[/b]" in shown
        assert "打印[凭证]错位 [red]急" in shown


async def test_a_new_list_is_measured_before_it_is_painted(sqlite_staff, clock) -> None:
    """The desk sizes its table for new rows at once, so the first list is drawn
    once; DataTable alone waits for its next idle moment (docs/PERFORMANCE.md)."""
    from hotline_tui.ui.widgets.plain_table import PlainTable

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1002")  # an empty desk
        table = app.screen.query_one(PlainTable)
        long = "凭证打印错位" * 6
        table.add_row("1:00:00", "11-23 12:00", "来电", "H6", "宏达", long, key="x")
        assert table.virtual_size.height == 1  # the header only: not measured yet
        table.measure_now()
        assert table.virtual_size.height == 2
        assert table.columns[table.ordered_columns[-1].key].content_width >= 2 * len(long)
        table.measure_now()  # nothing new: nothing to do
        assert table.virtual_size.height == 2


async def test_the_desk_paints_while_the_database_opens_and_sign_in_waits(
    sqlite_staff, held_opening, clock
) -> None:
    """The database opens in a thread while the desk paints (docs/PERFORMANCE.md); an agent
    number typed meanwhile is answered once it is open."""
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#agent-no").has_focus  # painted, database not open
        await pilot.press(*"1001", "enter", *"hotline-1001", "enter")
        await pilot.pause(0.2)
        assert app.ctx is None
        held_opening.set()
        await settle(pilot)
        assert app.ctx is not None and app.ctx.actor.agent_no == "1001"


async def test_a_database_that_will_not_open_is_said_on_the_desk(
    sqlite_staff, sqlite_db, clock
) -> None:
    import peewee

    url = f"sqlite:///{sqlite_db.database}"

    def refuse() -> None:
        raise peewee.OperationalError("connection refused")

    open_database_in_background(url, warm=refuse)
    app = make_app(clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            error = str(app.screen.query_one("#signin-error").render())
            assert "无法打开数据库" in error and "connection refused" in error
            await sign_in(pilot, "1001")  # the same clear line, no traceback
            assert app.ctx is None and "无法打开数据库" in str(
                app.screen.query_one("#signin-error").render()
            )
    finally:
        open_database(url)  # leave the fixture's binding as it was


async def test_started_as_an_agent_the_number_is_filled_and_the_password_asked(
    sqlite_staff, clock
) -> None:
    """`hotline --as 1001` (or HOTLINE_AS) only says who: the password is still asked."""
    from hotline_tui.ui.app import create_app

    app = create_app(Settings(), clock=clock, agent_no="1001")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.ctx is None
        assert app.screen.query_one("#agent-no").value == "1001"
        assert app.screen.query_one("#password").has_focus
        await pilot.press(*"hotline-1001", "enter")
        await settle(pilot)
        assert app.ctx is not None and app.ctx.actor.agent_no == "1001"
        assert app.screen.query_one("#desk-table").display


async def test_started_as_an_unknown_agent_the_box_says_why(sqlite_staff, clock) -> None:
    from hotline_tui.ui.app import create_app

    app = create_app(Settings(), clock=clock, agent_no="4242")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"hotline-4242", "enter")
        await settle(pilot)
        assert app.ctx is None
        assert app.screen.query_one("#agent-no").value == "4242"
        assert "工号或密码不正确" in str(app.screen.query_one("#signin-error").render())


def test_the_command_line_names_the_agent_to_start_as(monkeypatch) -> None:
    from hotline_tui.cli import parse_args

    assert parse_args(["--db", "sqlite:///x.db", "--as", "1001"]).start_as == "1001"
    assert parse_args(["--db", "sqlite:///x.db"]).start_as is None


async def test_enter_pressed_twice_signs_in_once(
    sqlite_staff, held_opening, clock, monkeypatch
) -> None:
    """Both answers arrive (the database was still opening); the second is dropped."""
    app = make_app(clock)
    calls = []
    real = app.sign_in

    def counting(ctx) -> None:
        calls.append(ctx.actor.agent_no)
        real(ctx)

    monkeypatch.setattr(app, "sign_in", counting)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"1001", "enter", *"hotline-1001", "enter", "enter")
        await pilot.pause(0.1)
        held_opening.set()
        await settle(pilot)
        assert calls == ["1001"] and app.screen.signed_in


async def test_the_desk_is_the_bottom_of_the_screen_stack(sqlite_staff, clock) -> None:
    """No blank screen under the desk (docs/PERFORMANCE.md); going back from a screen lands on it."""
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen_stack == [app.screen] and isinstance(app.screen, DeskScreen)
        await sign_in(pilot, "1001")
        desk = app.screen
        await pilot.press("f2")
        await settle(pilot)
        assert len(app.screen_stack) == 2 and app.screen is not desk
        await pilot.press("escape")  # nothing typed: asked before it is written off
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen_stack == [desk]
