"""`hotline --as`: the number is filled, the password still asked; the opening
thread warms up meanwhile, and the operator's items come with the proven sign-in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hotline_tui.config import Settings
from hotline_tui.services.auth.ahead import SignInAhead
from hotline_tui.store.db import open_database, open_database_in_background
from hotline_tui.store.models import Customer
from hotline_tui.ui.app import HotlineApp, create_app
from hotline_tui.ui.screens.calls.desk import DeskScreen
from hotline_tui.ui.widgets.plain_table import PlainTable
from tests.ui.helpers import SIZE, open_call, screen_text, settle


def _held_call(owner, clock) -> None:
    now = clock.now()
    cust = Customer.create(name="上海宏达机械有限公司", created_at=now, updated_at=now)
    open_call(owner, cust, now.add(minutes=30), "HL20261123-0001", "账套备份失败")


@pytest.fixture
def start_ahead(sqlite_db, clock) -> Iterator[Callable[[str], HotlineApp]]:
    """`hotline --as AGENT` as run_app wires it: the warm-up runs while it opens."""
    url = f"sqlite:///{sqlite_db.database}"

    def start(agent_no: str) -> HotlineApp:
        ahead = SignInAhead(agent_no)
        open_database_in_background(url, warm=ahead.run)
        return create_app(Settings(), clock=clock, agent_no=agent_no, ahead=ahead)

    yield start
    open_database(url)  # the fixture's binding, as it was


async def test_started_ahead_the_password_is_asked_before_any_item_shows(
    sqlite_staff, clock, start_ahead
) -> None:
    _held_call(sqlite_staff["operator"], clock)
    app = start_ahead("1001")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen) and not desk.signed_in
        assert desk.query_one("#agent-no").value == "1001"
        assert desk.query_one("#password").has_focus
        assert "账套备份失败" not in screen_text(app)  # nothing before the proof
        await pilot.press(*"hotline-1001", "enter")
        await settle(pilot)
        assert desk.signed_in and desk.query_one(PlainTable).row_count == 1
        assert "账套备份失败" in screen_text(app) and "1001 王丽" in screen_text(app)
        await pilot.press("r")  # the usual reload still works
        await settle(pilot)
        assert desk.query_one(PlainTable).row_count == 1


async def test_a_wrong_password_ahead_signs_nobody_in(sqlite_staff, start_ahead) -> None:
    app = start_ahead("1001")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"hotline-9001", "enter")
        await settle(pilot)
        assert app.ctx is None
        assert app.screen.query_one("#agent-no").value == "1001"
        assert "工号或密码不正确" in str(app.screen.query_one("#signin-error").render())


def test_a_slow_opening_is_not_waited_for_beyond_the_limit(sqlite_staff, held_opening) -> None:
    """The database still opening: the sign-in fetches the items itself."""
    ahead = SignInAhead("1001")
    assert ahead.take(sqlite_staff["operator"].id, timeout=0.05) is None


def test_the_ahead_hands_its_items_only_to_that_proven_person(sqlite_staff, clock) -> None:
    _held_call(sqlite_staff["operator"], clock)
    ahead = SignInAhead("1001")
    ahead.run()  # what the opening thread does after the schema check
    assert ahead.take(sqlite_staff["operator2"].id, timeout=0) is None
    ahead = SignInAhead("1001")
    ahead.run()
    items = ahead.take(sqlite_staff["operator"].id, timeout=0)
    assert [i.title for i in items] == ["HL20261123-0001 账套备份失败"]
    assert ahead.take(sqlite_staff["operator"].id, timeout=0) is None  # handed over once
