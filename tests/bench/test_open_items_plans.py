"""docs/PERFORMANCE.md growth: the open-items queries are index-backed, never a walk over
every call (or every call of one operator), with or without the ANALYZE
statistics that tempt the planner (m0011)."""

from __future__ import annotations

import pytest

from hotline_tui.bench import _measures
from hotline_tui.bench.generate import generate_into
from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database


@pytest.fixture(scope="module")
def history_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'history.db'}"
    generate_into(url, calls=3000, entries=50, customers=100, seed=3)
    return url


@pytest.fixture(params=["no statistics", "ANALYZE statistics"])
def desk_history(request: pytest.FixtureRequest, history_url: str):
    db = open_database(history_url)
    db.execute_sql("DELETE FROM sqlite_stat1" if db.table_exists("sqlite_stat1") else "SELECT 1")
    if request.param == "ANALYZE statistics":
        db.execute_sql("ANALYZE")  # the averages that misled the planner before m0011
    db.execute_sql("ANALYZE sqlite_schema")  # reload what the planner knows
    yield db
    close_database()


def _plans(table: str) -> list[list[str]]:
    """The plans of the manager's query, then the operator's desk, on `table`."""
    return [s["plan"] for s in _measures.explain_open_items() if f'FROM "{table}"' in s["sql"]]


def test_manager_open_calls_use_the_status_index_not_a_due_scan(desk_history: object) -> None:
    manager, _desk = _plans("call")
    assert not any(line.startswith("SCAN t1") for line in manager), manager
    assert any("call_status_due_at (status=?)" in line for line in manager), manager


def test_desk_reads_only_the_operators_open_calls_h10(desk_history: object) -> None:
    _manager, desk = _plans("call")
    assert any("call_owner_id_status_due_at (owner_id=? AND status=?)" in x for x in desk), desk
    _manager, desk = _plans("callback")
    assert any("(owner_id=? AND status=?)" in x for x in desk), desk


def test_m0011_keeps_due_lookups_on_a_partial_index(desk_history: object) -> None:
    rows = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'call'"
    ).fetchall()
    names = {name: sql for name, sql in rows}
    assert "call_due_at" not in names and "call_owner_id" not in names
    assert "WHERE due_at IS NOT NULL" in names["call_due_at_set"]
    plan = database.execute_sql(
        'EXPLAIN QUERY PLAN SELECT id FROM "call" WHERE due_at < ?', ("2026-11-23",)
    ).fetchall()
    assert "call_due_at_set" in plan[0][-1]
