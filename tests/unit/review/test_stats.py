"""Figures per operator and per day against hand-computed expectations (docs/DESIGN.md, the manager's review)."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.services.review.stats import report, reports
from tests import factories as f

TZ = "Asia/Shanghai"


def local(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2026, 11, day, hour, minute, tz=TZ)


@pytest.fixture
def history(staff):
    f.stats_history(staff["operator"], staff["operator2"])


def test_h6_r3_figures_per_operator_for_the_last_7_days(history, staff, ctx_for) -> None:
    rep = report(ctx_for(staff["manager"]), 7)
    rows = {r.key: r.as_dict() for r in rep.by_operator}
    assert rows["1001"] | {"label": ""} == {
        "key": "1001",
        "label": "",
        "calls": 3,
        "solved": 2,
        "held": 1,
        "dispatched": 1,
        "kept": 2,
        "broken": 1,
        "handovers": 1,
        "handovers_late": 1,
        "handover_minutes": 50.0,
    }
    assert rows["1002"] | {"label": ""} == {
        "key": "1002",
        "label": "",
        "calls": 1,
        "solved": 0,
        "held": 1,
        "dispatched": 0,
        "kept": 0,
        "broken": 1,
        "handovers": 1,
        "handovers_late": 0,
        "handover_minutes": 15.0,
    }
    assert rep.by_operator[0].label == "1001 王丽"
    t = rep.totals
    assert (t.calls, t.solved, t.held, t.dispatched, t.kept, t.broken) == (4, 2, 2, 1, 2, 2)
    assert (t.handovers, t.handovers_late, t.handover_minutes) == (2, 1, 32.5)


def test_h14_figures_per_local_day_fill_every_day(history, staff, ctx_for) -> None:
    rep = report(ctx_for(staff["manager"]), 7)
    assert [r.key for r in rep.by_day] == [f"2026-11-{d}" for d in range(17, 24)]
    days = {r.key[-2:]: r for r in rep.by_day}
    today, yesterday, sat = days["23"], days["22"], days["21"]
    assert (today.calls, today.solved, today.held, today.kept, today.broken) == (2, 2, 1, 2, 1)
    assert (today.handovers, today.handovers_late, today.handover_minutes) == (1, 0, 15.0)
    assert (yesterday.calls, yesterday.dispatched, yesterday.handovers_late) == (1, 1, 1)
    assert (sat.calls, sat.held, sat.broken) == (1, 1, 1)
    assert all(days[d].calls == 0 and days[d].broken == 0 for d in ("17", "18", "19", "20"))
    assert today.label == "11-23"


def test_the_30_day_window_reaches_further_back(history, staff, ctx_for) -> None:
    both = reports(ctx_for(staff["manager"]))
    assert set(both) == {7, 30}
    assert len(both[30].by_day) == 30
    assert both[30].totals.calls == 5 and both[7].totals.calls == 4
    assert {r.key: r.solved for r in both[30].by_operator}["1002"] == 1
