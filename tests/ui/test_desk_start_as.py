"""`hotline --as`: the operator's sign-in runs while the database opens, so the
desk's first frame shows their items (docs/PERFORMANCE.md, cold start)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hotline_tui.config import Settings
from hotline_tui.services.sign_in_ahead import SignInAhead
from hotline_tui.store.db import open_database, open_database_in_background
from hotline_tui.store.models import Customer
from hotline_tui.ui.app import HotlineApp, create_app
from hotline_tui.ui.screens import desk as desk_module
from hotline_tui.ui.screens.desk import DeskScreen
from hotline_tui.ui.widgets.plain_table import PlainTable
from tests.ui.helpers import SIZE, open_call, screen_text, settle


def _held_call(owner, clock) -> None:
    now = clock.now()
    cust = Customer.create(name="上海宏达机械有限公司", created_at=now, updated_at=now)
    open_call(owner, cust, now.add(minutes=30), "HL20261123-0001", "账套备份失败")


@pytest.fixture
def start_ahead(sqlite_db, clock) -> Iterator[Callable[[str], HotlineApp]]:
    """`hotline --as AGENT` as run_app wires it: the sign-in is the opening's warm-up."""
    url = f"sqlite:///{sqlite_db.database}"

    def start(agent_no: str) -> HotlineApp:
        ahead = SignInAhead(agent_no)
        open_database_in_background(url, warm=ahead.run)
        return create_app(Settings(), clock=clock, agent_no=agent_no, ahead=ahead)

    yield start
    open_database(url)  # the fixture's binding, as it was


def _count_desk_queries(monkeypatch) -> list[str]:
    """The desk's own database visits (sign-in, reload); the ahead's is not counted."""
    seen: list[str] = []
    real_sign_in, real_items = desk_module.sign_in_desk, desk_module.open_items
    monkeypatch.setattr(
        desk_module, "sign_in_desk", lambda *a: (seen.append("sign_in"), real_sign_in(*a))[1]
    )
    monkeypatch.setattr(
        desk_module, "open_items", lambda **k: (seen.append("reload"), real_items(**k))[1]
    )
    return seen


async def test_signed_in_ahead_the_first_frame_shows_the_items(
    sqlite_staff, clock, start_ahead, monkeypatch
) -> None:
    _held_call(sqlite_staff["operator"], clock)
    seen = _count_desk_queries(monkeypatch)
    app = start_ahead("1001")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first frame: no worker has run
        desk = app.screen
        assert isinstance(desk, DeskScreen) and desk.signed_in
        assert not desk.query("#signin-row")  # no box was ever built
        assert desk.query_one(PlainTable).row_count == 1
        assert "账套备份失败" in screen_text(app) and "1001 王丽" in screen_text(app)
        await settle(pilot)
        assert seen == []  # neither a second sign-in nor a reload on resume
        await pilot.press("r")  # the usual reload still works
        await settle(pilot)
        assert seen == ["reload"]


async def test_a_wrong_number_ahead_falls_back_to_the_box_that_says_why(
    sqlite_staff, start_ahead
) -> None:
    app = start_ahead("4242")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.ctx is None
        assert app.screen.query_one("#agent-no").value == "4242"
        assert "4242" in str(app.screen.query_one("#signin-error").render())


def test_a_slow_opening_is_not_waited_for_beyond_the_limit(sqlite_staff, held_opening) -> None:
    """The database still opening: the desk gets None and signs in the usual way."""
    ahead = SignInAhead("1001")
    assert ahead.take(timeout=0.05) is None


def test_the_ahead_hands_over_staff_and_items_once_open(sqlite_staff, clock) -> None:
    _held_call(sqlite_staff["operator"], clock)
    ahead = SignInAhead("1001")
    ahead.run()  # what the opening thread does after the schema check
    staff, items = ahead.take(timeout=0)
    assert staff.agent_no == "1001" and [i.title for i in items] == ["HL20261123-0001 账套备份失败"]
