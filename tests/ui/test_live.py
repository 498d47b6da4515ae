"""Live desks: two desks on one database (SQLite file, PostgreSQL), driven by Pilot.

What one desk commits shows on the other without a key pressed, the cursor
stays on its item through the re-sort, an item handed to an operator pops a
notice that one key opens, and a lost PostgreSQL connection comes back with
every list resynchronized."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.review.reassign import reassign
from hotline_tui.store import feed
from hotline_tui.store.base import database
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.plain_table import PlainTable
from tests import factories
from tests.ui.helpers import SIZE, make_app, open_call, settle, sign_in


async def until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until `predicate()` holds; fail at the deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("not shown within the deadline")
        await pilot.pause(0.02)


def desk_calls(staff, clock):
    """Two held calls of operator 1001 and one of 1002 due sooner than both."""
    now = clock.now()
    cust = factories.customer("远东软件有限公司")
    mine_a = open_call(staff["operator"], cust, now.add(hours=3), "HL20261123-0001", "打印错位")
    mine_b = open_call(staff["operator"], cust, now.add(hours=5), "HL20261123-0002", "无法登录")
    theirs = open_call(staff["operator2"], cust, now.add(hours=1), "HL20261123-0003", "报表空白")
    return mine_a, mine_b, theirs


async def test_live_a_reassignment_on_one_desk_shows_on_the_other_with_the_cursor_kept(
    staff,
    clock,
) -> None:
    mine_a, mine_b, theirs = desk_calls(staff, clock)
    desk, office = make_app(clock), make_app(clock)
    async with desk.run_test(size=SIZE) as pd, office.run_test(size=SIZE) as po:
        await sign_in(pd, "1001")
        await sign_in(po, "9001")
        table = desk.screen.query_one(PlainTable)
        assert table.row_keys() == [f"call:{mine_a.id}", f"call:{mine_b.id}"]
        await pd.press("down")
        assert table.cursor_key() == f"call:{mine_b.id}"

        # The manager's desk hands the other operator's call to 1001.
        await asyncio.to_thread(
            lambda: _in_connection(reassign, office.ctx, "call", theirs.id, staff["operator"].id)
        )
        await until(pd, lambda: f"call:{theirs.id}" in table.row_keys())
        assert table.row_keys()[0] == f"call:{theirs.id}"  # re-sorted: due soonest
        assert table.cursor_key() == f"call:{mine_b.id}"  # the cursor stayed on its call
        assert f"call:{theirs.id}" in table._marked  # briefly marked as changed

        # A notice says so, and one key opens it.
        await until(pd, lambda: desk.notice_item is not None)
        assert desk.notice_item.id == theirs.id
        await until(pd, lambda: any("报表空白" in str(n.message) for n in desk._notifications))
        await pd.press("f14")  # shift+F2
        await settle(pd)
        assert type(desk.screen).__name__ == "IntakeScreen"


async def test_live_an_unchanged_reload_redraws_nothing(staff, clock) -> None:
    mine_a, mine_b, _theirs = desk_calls(staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        table = app.screen.query_one(PlainTable)
        before = table._update_count
        app.screen.action_reload()
        await settle(pilot)
        assert table._update_count == before
        assert not table._marked


def _in_connection(fn, *args):
    with database.connection_context():
        return fn(*args, reason="同事请假")


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
async def test_live_losing_the_server_says_offline_and_resyncs_on_return(
    staff,
    clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pg_terminate_backend on the desk's LISTEN connection: the header says
    offline; a change made meanwhile shows once the desk is back."""
    monkeypatch.setattr(feed, "BACKOFF", (1.5, 5.0))  # offline long enough to see it
    _mine_a, _mine_b, theirs = desk_calls(staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await until(pilot, lambda: app.feed is not None and app.feed.backend_pid())
        table = app.screen.query_one(PlainTable)
        app.action_open("customers")
        await settle(pilot)
        database.execute_sql("SELECT pg_terminate_backend(%s)", (app.feed.backend_pid(),))
        await until(pilot, lambda: not app.feed_online)
        header = app.screen.query_one(DeskHeader)
        assert "离线" in str(header.render())
        app.screen.query_one("#customer-search").focus()
        await pilot.press(*"远东软件")  # typed while offline
        manager = make_app(clock)
        manager.sign_in(ServiceContext(actor=staff["manager"], clock=clock))
        await asyncio.to_thread(
            lambda: _in_connection(reassign, manager.ctx, "call", theirs.id, staff["operator"].id)
        )
        await until(pilot, lambda: app.feed_online, timeout=10)
        await until(pilot, lambda: f"call:{theirs.id}" in table.row_keys())  # resynchronized
        assert "离线" not in str(header.render())
        await settle(pilot)
        assert app.screen.query_one("#customer-search").value == "远东软件"  # nothing lost


async def test_live_taking_over_a_handover_item_keeps_the_cursor_on_it(sqlite_staff, clock) -> None:
    """Accepting an item moves the cursor to the next one (to accept item by item),
    and the refresh that follows (the list re-sorts) keeps it on that item."""
    from hotline_tui.ui.screens.duty.handover import HandoverScreen
    from tests.ui.duty.test_handover import _evening_shift_waits
    from tests.unit.duty.conftest import local

    _work, app = _evening_shift_waits(sqlite_staff, clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        clock.set(local(2026, 11, 23, 17, 20))
        table = app.screen.query_one("#handover-items", PlainTable)
        await pilot.press("down", "down")
        accepted = table.cursor_key()
        following = table.row_keys()[table.cursor_row + 1]
        await pilot.press("a")
        await settle(pilot)
        await until(pilot, lambda: accepted in table._marked)  # the refreshed row
        assert table.cursor_key() == following
