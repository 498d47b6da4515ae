"""Issue 5 growth: the open-items queries are index-backed, never a walk over
every call, even where ANALYZE statistics tempt the planner (m0011)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline_tui.bench import _measures
from hotline_tui.bench.generate import generate_into
from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database


@pytest.fixture
def desk_history(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'history.db'}"
    generate_into(url, calls=3000, entries=50, customers=100, seed=3)
    db = open_database(url)
    db.execute_sql("ANALYZE")  # the averages that misled the planner before m0011
    db.execute_sql("ANALYZE sqlite_schema")
    yield db
    close_database()


def _plan_of(steps: list[dict], table: str) -> list[str]:
    return [line for s in steps if f'FROM "{table}"' in s["sql"] for line in s["plan"]]


def test_manager_open_calls_use_the_status_index_not_a_due_scan(desk_history: object) -> None:
    plan = _plan_of(_measures.explain_open_items(), "call")
    assert plan, "the open-items query reads the call table"
    assert not any(line.startswith("SCAN t1") for line in plan), plan
    assert any("call_status_due_at" in line or "call_owner_id" in line for line in plan)


def test_m0011_keeps_due_lookups_on_a_partial_index(desk_history: object) -> None:
    rows = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'call'"
    ).fetchall()
    names = {name: sql for name, sql in rows}
    assert "call_due_at" not in names
    assert "WHERE due_at IS NOT NULL" in names["call_due_at_set"]
    plan = database.execute_sql(
        'EXPLAIN QUERY PLAN SELECT id FROM "call" WHERE due_at < ?', ("2026-11-23",)
    ).fetchall()
    assert "call_due_at_set" in plan[0][-1]
