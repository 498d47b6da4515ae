"""Live desks: how soon a commit on one desk shows on another, and what an idle desk costs.

`scripts/bench live [--json] [--rounds N] [--idle S] [--engines sqlite,postgresql]`

Desk B is a real desk process (the app, headless, signed in as an operator:
`bench/_live_desk.py`); desk A is this process writing through the services
as a manager would (reassigning a held call to B and back). Measured: from
A's commit returning to the row appearing on B's list (both read the same
system-wide monotonic clock), median and p95; and B's CPU time while nobody
writes, as a share of one core. PostgreSQL runs on a throwaway cluster
(tests/pgcluster.py, from a source checkout) when its binaries are there.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pendulum

ROOT = Path(__file__).resolve().parents[2]


def _seed() -> dict[str, Any]:
    """Staff, a customer and one held call owned by the other operator."""
    from hotline_tui.store.models import Call, Customer, Staff

    now = pendulum.now("UTC")
    people = {
        no: Staff.create(agent_no=no, name=name, roles=roles, created_at=now)
        for no, name, roles in (
            ("1001", "王丽", "operator"),
            ("1002", "李强", "operator"),
            ("9001", "张经理", "operator,manager"),
        )
    }
    cust = Customer.create(name="远东软件有限公司", created_at=now, updated_at=now)
    call = Call.create(
        ticket_no="HL-BENCH-0001",
        owner=people["1002"],
        taken_by=people["1002"],
        customer=cust,
        symptom="打印错位",
        status="on_hold",
        started_at=now,
        updated_at=now,
        due_at=now.add(hours=2),
        due_rule="H6",
    )
    from hotline_tui.services.auth.sign_in import set_password
    from hotline_tui.services.base import ServiceContext

    boss = ServiceContext(actor=people["9001"])
    for no in people:  # desk B signs in with its password, as a person would
        set_password(boss, no, f"hotline-{no}")
    return {"staff": people, "call": call.id}


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_engine(url: str, rounds: int, idle: float) -> dict[str, Any]:
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.review.reassign import reassign
    from hotline_tui.store.db import close_database, open_database

    open_database(url)
    seeded = _seed()
    staff, call_id = seeded["staff"], seeded["call"]
    ctx = ServiceContext(actor=staff["9001"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    desk = subprocess.Popen(
        [sys.executable, "-m", "hotline_tui.bench._live_desk", url, "1001"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in desk.stdout], daemon=True).start()

    def wait_line(prefix: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic())).strip()
            if line.startswith(prefix):
                return line

    try:
        wait_line("ready", 60)
        key = f"call:{call_id}"
        delays = []
        for _ in range(rounds):
            reassign(ctx, "call", call_id, staff["1001"].id, "轮值调整")
            committed = time.monotonic()
            line = wait_line(f"shown {key}")
            delays.append(float(line.split()[2]) - committed)
            reassign(ctx, "call", call_id, staff["1002"].id, "轮值调整")
            time.sleep(0.3)  # B shows the call gone; the next round starts from quiet
        time.sleep(1.0)
        cpu0, t0 = _cpu_seconds(desk.pid), time.monotonic()
        time.sleep(idle)
        idle_cpu = (_cpu_seconds(desk.pid) - cpu0) / (time.monotonic() - t0)
    finally:
        desk.terminate()
        desk.wait(10)
        close_database()
    return {
        "rounds": rounds,
        "shown_median_ms": round(statistics.median(delays) * 1000, 1),
        "shown_p95_ms": round(_pct(delays, 0.95) * 1000, 1),
        "shown_max_ms": round(max(delays) * 1000, 1),
        "idle_seconds": idle,
        "idle_cpu_pct_of_core": round(idle_cpu * 100, 2),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench live", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rounds", type=int, default=30, help="commits timed per engine")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measured")
    parser.add_argument("--engines", default="sqlite,postgresql", help="sqlite,postgresql")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.idle <= 0:
        parser.error("--rounds and --idle must be positive")
    report: dict[str, Any] = {"nproc": os.cpu_count()}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        os.environ.setdefault("HOTLINE_CONFIG_DIR", str(folder / "config"))
        os.environ.setdefault("HOTLINE_DATA_DIR", str(folder / "data"))
        engines = args.engines.split(",")
        if "sqlite" in engines:
            report["sqlite"] = run_engine(f"sqlite:///{folder / 'live.db'}", args.rounds, args.idle)
        if "postgresql" in engines:
            url = _postgres(stack)
            if url.startswith("postgres"):
                report["postgresql"] = run_engine(url, args.rounds, args.idle)
            else:
                report["postgresql"] = {"skipped": url}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for engine in ("sqlite", "postgresql"):
            r = report.get(engine)
            if r is None:
                continue
            if "skipped" in r:
                print(f"{engine}: skipped ({r['skipped']})")
                continue
            print(
                f"{engine}: commit on A -> row on B: median {r['shown_median_ms']} ms, "
                f"p95 {r['shown_p95_ms']} ms, max {r['shown_max_ms']} ms ({r['rounds']} commits); "
                f"idle desk CPU {r['idle_cpu_pct_of_core']} % of a core over {r['idle_seconds']} s"
            )
    return 0


def _postgres(stack: ExitStack) -> str:
    """A database on a throwaway cluster, or why there is none."""
    try:
        sys.path.insert(0, str(ROOT))
        from tests.pgcluster import Cluster, PgUnavailable
    except ImportError:
        return "tests/pgcluster.py not found (run from a source checkout)"
    try:
        cluster = Cluster().start()
    except PgUnavailable as exc:
        return str(exc)
    stack.callback(cluster.stop)
    cluster.admin("CREATE DATABASE live")
    return cluster.url("live")
