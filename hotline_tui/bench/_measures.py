"""In-process measures on the open database: the open-items queries, saving a
call through the intake services, and the query plans behind them."""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pendulum

#: The generated desk's now (bench.generate.NOW, 10:00 in Shanghai).
NOW = pendulum.datetime(2026, 11, 23, 2, 0, tz="UTC")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def summary(values: list[float], target: float | None = None) -> dict[str, Any]:
    """Median and p95 (ms), with the ratio of the p95 to its target where one is set."""
    out: dict[str, Any] = {
        "median_ms": round(statistics.median(values), 3),
        "p95_ms": round(p95(values), 3),
        "n": len(values),
    }
    if target:
        out["target_ms"] = target
        out["ratio_to_target"] = round(out["p95_ms"] / target, 3)
    return out


def timed(fn: Callable[[], object], repeat: int, warm: int = 2) -> list[float]:
    for _ in range(warm):
        fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def staff_ids() -> dict[str, Any]:
    """The desk's operator (1001), the tour's manager (9001) and the saver (6001),
    or the first staff with a fitting role on another database."""
    from hotline_tui.store.models import Staff

    found = {}
    for key, agent, role in (
        ("operator", "1001", "operator"),
        ("manager", "9001", "manager"),
        ("saver", "6001", "operator"),
    ):
        staff = Staff.get_or_none(Staff.agent_no == agent)
        if staff is None or not staff.active:
            staff = (
                Staff.select()
                .where(Staff.active & Staff.roles.contains(role))
                .order_by(Staff.id)
                .first()
            )
        if staff is None:
            raise SystemExit(f"bench run: the database has no active staff with role {role}")
        found[key] = staff
    return found


def open_items_measures(repeat: int) -> dict[str, Any]:
    """The manager's review (every open item) and the operator's desk (theirs)."""
    from hotline_tui.services.review.open_items import open_items

    who = staff_ids()
    manager = timed(open_items, repeat)
    desk = timed(lambda: open_items(owner_id=who["operator"].id), repeat)
    return {
        "open_items_manager": summary(manager, 50.0),
        "open_items_desk": summary(desk, 50.0),
        "open_items_count": len(open_items()),
        "desk_items_count": len(open_items(owner_id=who["operator"].id)),
    }


def save_measures(repeat: int) -> dict[str, Any]:
    """H14: a call saved through the intake services, each step one transaction
    with its CallEvent and audit entry: start, the form saved, solved (+F1)."""
    from hotline_tui.config import Settings
    from hotline_tui.domain.clock import FixedClock
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.calls.calls import start_call, update_call
    from hotline_tui.services.calls.outcomes import solve_call
    from hotline_tui.store.models import Contact

    saver = staff_ids()["saver"]
    clock = FixedClock(NOW)
    ctx = ServiceContext(actor=saver, settings=Settings(), clock=clock)
    contacts = list(Contact.select().order_by(Contact.id).limit(50))
    steps: dict[str, list[float]] = {"call_start": [], "call_update": [], "call_solve": []}
    for i in range(repeat + 2):
        contact = contacts[i % len(contacts)] if contacts else None
        clock.set(NOW + timedelta(seconds=30 * i))
        t0 = time.perf_counter()
        call = start_call(ctx, caller_phone="13800138000")
        t1 = time.perf_counter()
        call = update_call(
            ctx,
            call.id,
            customer_id=contact.customer_id if contact else None,
            contact_id=contact.id if contact else None,
            product="用友U8",
            symptom="月末结账时提示凭证不平,无法结账",
        )
        t2 = time.perf_counter()
        if contact is not None:
            solve_call(ctx, call.id, resolution="检查未记账凭证,补记后重新结账")
        t3 = time.perf_counter()
        if i < 2:
            continue  # warm-up
        steps["call_start"].append((t1 - t0) * 1000)
        steps["call_update"].append((t2 - t1) * 1000)
        if contact is not None:
            steps["call_solve"].append((t3 - t2) * 1000)
    pooled = [v for values in steps.values() for v in values]
    out = {"save_call": summary(pooled, 10.0)}
    out.update({k: summary(v, 10.0) for k, v in steps.items() if v})
    return out


class _SqlCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, tuple]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            if str(sql).lstrip().upper().startswith("SELECT"):
                self.statements.append((sql, tuple(params or ())))


def explain_open_items() -> list[dict[str, Any]]:
    """Each SELECT the two open-items queries run, with the engine's plan."""
    from hotline_tui.services.review.open_items import open_items
    from hotline_tui.store.base import database
    from hotline_tui.store.db import is_postgres

    logger = logging.getLogger("peewee")
    capture, level = _SqlCapture(), logger.level
    logger.addHandler(capture)
    logger.setLevel(logging.DEBUG)
    try:
        open_items()
        open_items(owner_id=staff_ids()["operator"].id)
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
    pg = is_postgres()
    seen, out = set(), []
    for sql, params in capture.statements:
        if sql in seen:
            continue
        seen.add(sql)
        prefix = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if pg else "EXPLAIN QUERY PLAN "
        rows = database.execute_sql(prefix + sql, params).fetchall()
        plan = [r[0] for r in rows] if pg else [r[-1] for r in rows]
        out.append({"sql": sql, "plan": plan})
    return out
