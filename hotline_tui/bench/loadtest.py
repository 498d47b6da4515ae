"""Many desks, one truth (docs/DESIGN.md, crash safety and load): N worker processes drive a realistic mix
through the SERVICES against one database, then every invariant is checked.

    scripts/loadtest --procs 8 --ops 10000            # SQLite file in a temp folder
    scripts/loadtest --pg --procs 8 --ops 10000       # throwaway PostgreSQL cluster
    scripts/loadtest --db postgresql://... --json

`--ops` is the total number of operations, split evenly over the processes. Each worker is one operator at the desk:
take calls with outcomes (H5-H8), apply library entries (H9), call back
on-hold callers (H6), step work orders as the manager / engineer (D1-D6),
accept the previous shift's handover (R3) and look callers up. Conflicts are
expected: they must surface as ConflictError / InvalidTransition / BusyError
(counted), never as any other exception ("database is locked" tracebacks).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from hotline_tui.bench.loadmix import COUNTED, MIX, T0, Desk, Plan, Tally  # noqa: F401 (re-exported)
from hotline_tui.domain.clock import FixedClock
from hotline_tui.domain.errors import HotlineError
from hotline_tui.store.db import DatabaseUrlError

# -- setup ------------------------------------------------------------------


def setup(url: str, procs: int, ops: int, seed: int) -> Plan:
    """Staff, customers, a published library, the roster and the outgoing shifts' open work."""
    from hotline_tui.config import Settings
    from hotline_tui.services.auth.staff import create_staff
    from hotline_tui.services.base import ServiceContext, audit, transaction
    from hotline_tui.services.calls import calls
    from hotline_tui.services.calls import outcomes as call_outcomes
    from hotline_tui.services.customers import contacts as customers
    from hotline_tui.services.duty import roster
    from hotline_tui.services.library import entries as library
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Staff

    rng = random.Random(seed)
    open_database(url)
    settings, clock = Settings(), FixedClock(T0)
    with transaction():  # bootstrap: the first manager is created directly, then acts
        boss = Staff.create(agent_no="9000", name="总经理", roles="manager", created_at=T0)
        audit(ServiceContext(boss, settings, clock), "staff.create", boss)
    ctx = ServiceContext(boss, settings, clock)

    def person(no: str, role: str) -> int:
        return create_staff(ctx, no, f"坐席{no}", role).id

    plan = Plan(
        url=url,
        operators=[person(f"1{i:03d}", "operator") for i in range(procs)],
        managers=[person(f"9{i + 1:03d}", "operator,manager") for i in range(2)],
        engineers=[person(f"3{i:03d}", "engineer") for i in range(3)],
        specialist=person("6000", "specialist"),
        units=[],
        entries=[],
        handover_days=[],
    )
    outgoing = [person(f"2{i:03d}", "operator") for i in range(procs)]
    for n in range(40):
        phone = f"139{n:08d}"
        unit = customers.create_customer(
            ctx,
            name=f"压力测试单位{n:02d}有限公司",
            products=[{"product": "T3", "version": "10.8", "modules": "总账"}],
            contacts=[{"name": f"联系人{n}", "mobile": phone}],
        )
        plan.units.append((unit.id, unit.contacts[0].id, phone))
    for n in range(12):
        entry = library.create_entry(
            ctx,
            title=f"凭证无法保存 情形{n}",
            symptom="保存凭证时提示错误",
            cause="期间已结账",
            solution="取消结账后重新保存",
            product="T3",
            status="published",
        )
        plan.entries.append(entry.id)
    # R3: worker i takes over from outgoing operator i on a day of its own.
    items = min(40, max(3, ops // 10))
    for i, (op, out) in enumerate(zip(plan.operators, outgoing, strict=True)):
        day = T0.date().add(days=i + 1)
        roster.assign(ctx, day, "day", out)
        roster.assign(ctx, day, "evening", op)
        plan.handover_days.append(day.isoformat())
        octx = ServiceContext(Staff.get_by_id(out), settings, clock)
        for _n in range(items):
            cid, kid, phone = rng.choice(plan.units)
            call = calls.start_call(
                octx, customer_id=cid, contact_id=kid, caller_phone=phone, symptom="报表取数不对"
            )
            call_outcomes.hold_call(octx, call.id, call.version)
    close_database()
    return plan


def _worker(plan: Plan, index: int, ops: int, seed: int, barrier: Any, out: Any) -> None:
    from hotline_tui.store.db import close_database, open_database

    try:
        open_database(plan.url, migrate=False)
        desk = Desk(plan, index, seed)
        barrier.wait()
        tally = desk.run(ops)
        close_database()
    except Exception:
        tally = Tally(crashes=[traceback.format_exc(limit=5)[-1500:]])
    out.put(tally)


def run_workers(plan: Plan, procs: int, ops: int, seed: int) -> tuple[Tally, float]:
    """Start the desks together (spawn), wait for all, merge their tallies."""
    mpc = mp.get_context("spawn")
    barrier, queue = mpc.Barrier(procs + 1), mpc.Queue()
    workers = [
        mpc.Process(target=_worker, args=(plan, i, ops, seed, barrier, queue), daemon=True)
        for i in range(procs)
    ]
    for w in workers:
        w.start()
    barrier.wait(timeout=120)
    start = time.perf_counter()
    tallies = [queue.get() for _w in workers]
    wall = time.perf_counter() - start
    for w in workers:
        w.join(timeout=30)
    total = Tally()
    for t in tallies:
        total.ops += t.ops
        total.ok.update(t.ok)
        total.refused.update(t.refused)
        total.applies.update(t.applies)
        total.retries += t.retries
        total.crashes += t.crashes
    return total, wall


# -- the run ------------------------------------------------------------------


def run(url: str, procs: int, ops: int, seed: int = 7) -> dict[str, Any]:
    """Set up, run `ops` operations over `procs` desks, check; the summary as a dict."""
    ops = -(-ops // procs)  # per process
    from hotline_tui.bench.loadcheck import check_invariants
    from hotline_tui.store.db import close_database, open_database

    plan = setup(url, procs, ops, seed)
    open_database(url, migrate=False)
    from hotline_tui.store.models import AuditEntry

    baseline = Counter(a.action for a in AuditEntry.select(AuditEntry.action))
    close_database()
    tally, wall = run_workers(plan, procs, ops, seed)
    open_database(url, migrate=False)
    try:
        problems = check_invariants(plan, tally, baseline)
    finally:
        close_database()
    return {
        "engine": "postgresql" if url.startswith("postgres") else "sqlite",
        "procs": procs,
        "ops": tally.ops,
        "seconds": round(wall, 2),
        "ops_per_second": round(tally.ops / wall, 1) if wall else 0.0,
        "writes": sum(tally.ok.values()),
        "by_action": dict(sorted(tally.ok.items())),
        "refused": dict(sorted(tally.refused.items())),
        "busy_retries": tally.retries,
        "crashes": len(tally.crashes),
        "crash_samples": tally.crashes[:3],
        "invariants": problems,
        "ok": not problems and not tally.crashes,
    }


def _print(summary: dict[str, Any]) -> None:
    print(
        f"{summary['engine']}: {summary['procs']} processes, {summary['ops']} operations"
        f" in {summary['seconds']} s = {summary['ops_per_second']} ops/s;"
        f" {summary['writes']} writes, busy retries {summary['busy_retries']}"
    )
    done = ", ".join(f"{k} {v}" for k, v in summary["by_action"].items())
    print(f"  successful writes by action: {done}")
    refused = ", ".join(f"{k} {v}" for k, v in summary["refused"].items()) or "none"
    print(f"  conflicts / refusals (shown to the operator as messages): {refused}")
    print(f"  unexpected exceptions: {summary['crashes']}")
    for sample in summary["crash_samples"]:
        print("    " + sample.strip().replace("\n", "\n    "))
    if summary["invariants"]:
        print("  INVARIANTS BROKEN:")
        for line in summary["invariants"][:20]:
            print(f"    - {line}")
    else:
        print(
            "  invariants: ok (no lost update, every promise owned, audit counts match,"
            " ticket numbers 1..N unique"
            + (", integrity_check ok)" if summary["engine"] == "sqlite" else ")")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--procs", type=int, default=8, help="worker processes (desks)")
    parser.add_argument(
        "--ops", type=int, default=1000, help="operations in total, split over the processes"
    )
    parser.add_argument("--db", default="", help="database URL (default: a new SQLite file)")
    parser.add_argument("--pg", action="store_true", help="PostgreSQL (a throwaway cluster)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    if args.procs < 1 or args.ops < 1:
        parser.error("--procs and --ops must be at least 1")
    cluster = None
    with tempfile.TemporaryDirectory(prefix="hotline-load-") as tmp:
        url = args.db
        if not url and args.pg:
            try:
                from tests.pgcluster import Cluster, PgUnavailable
            except ImportError:
                print(
                    "loadtest: --pg needs tests/pgcluster.py (run from the repo)", file=sys.stderr
                )
                return 2
            try:
                cluster = Cluster().start()
            except PgUnavailable as exc:
                print(f"loadtest: no PostgreSQL: {exc}", file=sys.stderr)
                return 2
            cluster.admin("CREATE DATABASE hotline_load")
            url = cluster.url("hotline_load")
        url = url or f"sqlite:///{Path(tmp) / 'load.db'}"
        try:
            summary = run(url, args.procs, args.ops, args.seed)
        except (DatabaseUrlError, HotlineError) as exc:
            print(f"loadtest: {exc}", file=sys.stderr)
            return 2
        finally:
            if cluster is not None:
                cluster.stop()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print(summary)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
