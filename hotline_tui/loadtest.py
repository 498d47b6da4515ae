"""Many desks, one truth (issue 10): N worker processes drive a realistic mix
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum

from hotline_tui.domain.clock import Clock, FixedClock
from hotline_tui.domain.errors import HotlineError
from hotline_tui.store.db import DatabaseUrlError

#: The run's day: Monday 2026-11-23 10:00 Shanghai (ticket numbers share one day).
T0 = pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai")
MIX = (
    ("take_call", 30),
    ("apply_library", 20),
    ("work_callback", 15),
    ("dispatch_step", 20),
    ("accept_handover", 10),
    ("lookup", 5),
)
#: audit actions whose count must equal the successes the workers counted
COUNTED = (
    "call.take",
    "call.solve",
    "call.hold",
    "call.consult",
    "call.dispatch",
    "call.callback_attempt",
    "library.apply",
    "dispatch.request",
    "dispatch.verify",
    "dispatch.assign",
    "dispatch.appoint",
    "dispatch.arrive",
    "dispatch.sign_off",
    "dispatch.sheet_returned",
    "dispatch.close",
    "handover.accept",
    "duty.sign_in",
)
BUSY_RETRIES = 6


class RunClock(Clock):
    """T0 plus the time elapsed since the worker started: one day, moving forward."""

    def __init__(self, start: pendulum.DateTime) -> None:
        self.start, self.t0 = start.in_tz("UTC"), time.monotonic()

    def now(self) -> pendulum.DateTime:
        return self.start.add(microseconds=int((time.monotonic() - self.t0) * 1e6))


@dataclass
class Plan:
    """What setup made, handed to every worker (picklable ids only)."""

    url: str
    operators: list[int]
    managers: list[int]
    engineers: list[int]
    specialist: int
    units: list[tuple[int, int, str]]  # customer id, contact id, phone
    entries: list[int]
    handover_days: list[str]


@dataclass
class Tally:
    ops: int = 0
    ok: Counter = field(default_factory=Counter)  # audit action -> successes
    refused: Counter = field(default_factory=Counter)  # error class -> count
    applies: Counter = field(default_factory=Counter)  # entry id -> successful applies
    retries: int = 0
    crashes: list[str] = field(default_factory=list)
    elapsed: float = 0.0


# -- setup ------------------------------------------------------------------


def setup(url: str, procs: int, ops: int, seed: int) -> Plan:
    """Staff, customers, a published library, the roster and the outgoing shifts' open work."""
    from hotline_tui.config import Settings
    from hotline_tui.services import call_outcomes, calls, customers, library, roster
    from hotline_tui.services.base import ServiceContext, audit, transaction
    from hotline_tui.services.staff import create_staff
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


# -- the worker ---------------------------------------------------------------


class Desk:
    """One worker process: an operator who also steps work orders as needed."""

    def __init__(self, plan: Plan, index: int, seed: int) -> None:
        from hotline_tui.config import Settings
        from hotline_tui.services.base import ServiceContext
        from hotline_tui.store.models import Staff

        self.plan, self.rng, self.tally = plan, random.Random(seed * 1000 + index), Tally()
        settings, clock = Settings(), RunClock(T0)
        self.ctx = {
            sid: ServiceContext(Staff.get_by_id(sid), settings, clock)
            for sid in {*plan.operators, *plan.managers, *plan.engineers, plan.specialist}
        }
        self.me = self.ctx[plan.operators[index]]
        self.mgr = self.ctx[plan.managers[index % len(plan.managers)]]
        day = pendulum.parse(plan.handover_days[index], tz=settings.timezone)
        self.hctx = ServiceContext(self.me.actor, settings, FixedClock(day.at(17, 5)))

    def run(self, ops: int) -> Tally:
        from hotline_tui.services import handover

        self.attempt("duty.sign_in", lambda: handover.sign_in_for_duty(self.hctx))
        names, weights = zip(*MIX, strict=True)
        start = time.perf_counter()
        for _n in range(ops):
            getattr(self, self.rng.choices(names, weights)[0])()
            self.tally.ops += 1
        self.tally.elapsed = time.perf_counter() - start
        return self.tally

    def attempt(self, action: str, fn: Callable[[], Any]) -> Any:
        """One service call as the operator makes it: a busy database is retried."""
        from hotline_tui.domain.errors import HotlineError
        from hotline_tui.services.base import BusyError

        for n in range(BUSY_RETRIES):
            try:
                result = fn()
            except BusyError:
                self.tally.retries += 1
                time.sleep(0.01 * 2**n * (1 + self.rng.random()))
                continue
            except HotlineError as exc:
                self.tally.refused[type(exc).__name__] += 1
                return None
            except Exception:  # the load tool's whole point: count, never hide
                self.tally.crashes.append(traceback.format_exc(limit=3)[-600:])
                return None
            if action:
                self.tally.ok[action] += 1
            return result
        self.tally.refused["BusyError"] += 1
        return None

    # -- the mix -----------------------------------------------------------
    def _start(self) -> Any:
        from hotline_tui.services import calls

        cid, kid, phone = self.rng.choice(self.plan.units)
        return self.attempt(
            "call.take",
            lambda: calls.start_call(
                self.me, customer_id=cid, contact_id=kid, caller_phone=phone, symptom="凭证无法保存"
            ),
        )

    def take_call(self) -> None:
        from hotline_tui.services import call_outcomes as out

        call = self._start()
        if call is None:
            return
        kind = self.rng.choices(("solve", "hold", "consult", "dispatch"), (5, 3, 1, 1))[0]
        if kind == "solve":
            self.attempt(
                "call.solve",
                lambda: out.solve_call(self.me, call.id, call.version, resolution="重装"),
            )
        elif kind == "hold":
            self.attempt("call.hold", lambda: out.hold_call(self.me, call.id, call.version))
        elif kind == "consult":
            self.attempt("call.consult", lambda: out.consult_call(self.me, call.id, call.version))
        elif self.attempt(
            "call.dispatch", lambda: out.dispatch_call(self.me, call.id, call.version)
        ):
            self.tally.ok["dispatch.request"] += 1

    def apply_library(self) -> None:
        from hotline_tui.services import call_outcomes as out
        from hotline_tui.services.calls import apply_library_answer

        call = self._start()
        if call is None:
            return
        entry = self.rng.choice(self.plan.entries)
        done = self.attempt("library.apply", lambda: apply_library_answer(self.me, call.id, entry))
        if done is None:
            return
        self.tally.applies[entry] += 1
        call, text = done
        self.attempt(
            "call.solve", lambda: out.solve_call(self.me, call.id, call.version, resolution=text)
        )

    def work_callback(self) -> None:
        """H6: call an on-hold caller back; reached callers are solved (races expected)."""
        from peewee import fn

        from hotline_tui.services import call_outcomes as out
        from hotline_tui.store.models import Call

        row = (
            Call.select(Call.id)
            .where(Call.status.in_(("on_hold", "consultation")))
            .order_by(fn.Random())
            .first()
        )
        if row is None:
            return self.take_call()
        result = self.rng.choice(("reached", "reached", "no_answer", "busy"))
        call = self.attempt(
            "call.callback_attempt", lambda: out.record_attempt(self.me, row.id, result=result)
        )
        if call is not None and result == "reached":
            self.attempt(
                "call.solve",
                lambda: out.solve_call(self.me, call.id, call.version, resolution="回电已解决"),
            )

    def dispatch_step(self) -> None:
        """D1-D6: move a random open work order one step, as the role that does it."""
        from peewee import fn

        from hotline_tui.services import dispatch as d
        from hotline_tui.services.dispatch_followup import sheet_returned
        from hotline_tui.store.models import DispatchRequest

        row = (
            DispatchRequest.select()
            .where(
                DispatchRequest.state.in_(
                    ("requested", "verified", "assigned", "appointed", "on_site", "signed")
                )
            )
            .order_by(fn.Random())
            .first()
        )
        if row is None or self.rng.random() < 0.1:
            cid, _kid, _phone = self.rng.choice(self.plan.units)
            self.attempt(
                "dispatch.request",
                lambda: d.request_dispatch(self.me, customer_id=cid, problem="上门"),
            )
            return
        eng = self.ctx.get(row.engineer_id) if row.engineer_id else None
        rid, when = row.id, self.me.now().add(hours=2)
        step: dict[str, tuple[str, Callable[[], Any]]] = {
            "requested": ("dispatch.verify", lambda: d.verify(self.mgr, rid)),
            "verified": (
                "dispatch.assign",
                lambda: d.assign(
                    self.mgr,
                    rid,
                    self.rng.choice(self.plan.engineers),
                    expected_version=row.version,
                ),
            ),
            "assigned": ("dispatch.appoint", lambda: d.appoint(eng, rid, when)),
            "appointed": ("dispatch.arrive", lambda: d.arrive(eng, rid)),
            "on_site": (
                "dispatch.sign_off",
                lambda: d.sign_off(eng, rid, signer="客户", work_done="重装完成"),
            ),
            "signed": (
                ("dispatch.close", lambda: d.close(self.mgr, rid))
                if row.sheet_returned_at
                else (
                    "dispatch.sheet_returned",
                    lambda: sheet_returned(self.ctx[self.plan.specialist], rid),
                )
            ),
        }
        action, call = step[row.state]
        self.attempt(action, call)

    def accept_handover(self) -> None:
        """R3: accept the next pending item of this desk's handover."""
        from hotline_tui.services import handover
        from hotline_tui.store.models import Handover, HandoverItem

        item = (
            HandoverItem.select(HandoverItem.id)
            .join(Handover)
            .where(
                (Handover.to_staff == self.me.actor.id)
                & (Handover.status == "open")
                & (HandoverItem.status != "accepted")
            )
            .order_by(HandoverItem.id)
            .first()
        )
        if item is None:
            return self.take_call()
        self.attempt("handover.accept", lambda: handover.accept_item(self.hctx, item.id))

    def lookup(self) -> None:
        from hotline_tui.services import customers, library

        _cid, _kid, phone = self.rng.choice(self.plan.units)
        self.attempt("", lambda: customers.find_caller(phone))
        self.attempt("", lambda: library.search("凭证 保存"))


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
    from hotline_tui.loadcheck import check_invariants
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
