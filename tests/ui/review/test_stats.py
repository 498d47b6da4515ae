"""The statistics screen (F12), driven with Pilot as a manager would (docs/DESIGN.md, the manager's review)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from hotline_tui.services.export import read_table
from hotline_tui.ui.screens.review.stats import StatsScreen
from hotline_tui.ui.widgets.export_dialog import ExportDialog
from tests import factories as f
from tests.ui.helpers import SIZE, make_app, settle, sign_in


@pytest.fixture
def history(sqlite_staff) -> None:
    f.stats_history(sqlite_staff["operator"], sqlite_staff["operator2"])


async def open_stats(pilot) -> StatsScreen:
    await sign_in(pilot, "9001")
    await pilot.press("f12")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StatsScreen)
    return pilot.app.screen


def table(app, which: str) -> dict[str, list[str]]:
    t = app.screen.query_one(f"#stats-{which}", DataTable)
    return {str(k.value): [str(c) for c in t.get_row(k)] for k in t.rows}


async def test_h6_r3_per_operator_and_per_day_tables_match_hand_counts(history, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        ops = table(app, "operators")
        # label, calls, solved, held, dispatched, kept, broken, handovers, late, minutes
        assert ops["1001"] == ["1001 王丽", "3", "2", "1", "1", "2", "1", "1", "1", "50.0"]
        assert ops["1002"] == ["1002 李强", "1", "0", "1", "0", "0", "1", "1", "0", "15.0"]
        assert ops["total"][1:7] == ["4", "2", "2", "1", "2", "2"]
        days = table(app, "days")
        assert list(days) == [f"2026-11-{d}" for d in range(17, 24)]
        assert days["2026-11-23"][:7] == ["11-23", "2", "2", "1", "0", "2", "1"]
        assert "最近 7 天" in str(screen.query_one("#stats-status").render())
        chart = screen.query_one("#chart-day", PlotextPlot).render().plain
        assert "▄" in chart or "█" in chart  # the bars were drawn
        glossary = screen.query_one("#stats-glossary")
        assert not glossary.display
        await pilot.press("g")  # what each figure counts
        assert glossary.display and "按到期当日统计" in str(glossary.render())
        await pilot.press("w")  # the 30-day window: the call of 11-13 comes in
        await settle(pilot)
        assert len(table(app, "days")) == 30
        assert table(app, "operators")["1002"][1:3] == ["2", "1"]
        assert "最近 30 天" in str(screen.query_one("#stats-status").render())


async def test_promises_nobody_owns_get_their_own_row(sqlite_staff, clock) -> None:
    f.callback(None, None, f.local(23, 8))  # open, past due, no owner: broken
    f.callback(sqlite_staff["operator"], None, f.local(23, 8))
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        ops = table(app, "operators")
        assert list(ops) == ["1001", "unowned", "total"]
        assert ops["unowned"][0] == "—" and ops["unowned"][6] == "1"
        assert ops["total"][6] == "2"


async def test_export_per_day_figures_and_read_them_back(history, clock, tmp_path) -> None:
    app = make_app(clock)
    target = tmp_path / "days.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        await pilot.press("tab")  # the per-day table
        assert app.screen.focused.id == "stats-days"
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
    headers, data = read_table(target)
    assert headers[:3] == ["人员 / 日期", "接听来电", "电话解决"]
    assert [r[0] for r in data] == [f"2026-11-{d}" for d in range(17, 24)]
    assert [int(r[1]) for r in data] == [0, 0, 0, 0, 1, 1, 2]
