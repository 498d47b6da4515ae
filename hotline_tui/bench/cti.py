"""`bench cti [--calls N] [--per-minute R] [--json] [--db-kind sqlite|postgresql|both]`:
from a PBX's POST to the pop on the desk.

A real `hotline cti serve` runs on loopback; a real desk (the Textual app,
headless) is signed in as the operator the calls ring at. Each call is a
newCall posted over HTTP; the time until the desk shows its pop is measured,
then the hang-up is posted. Calls come at R a minute (default 100): the report
gives the median and p95 (target p95 300 ms) and the medians of the first and
the second half, so a lag that grows under the sustained load shows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_MS = 300.0
PASSWORD = "Bench-calls-2026"  # the generated operator's, in a throwaway database


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(url: str) -> str:
    """Staff (operator 1001 on extension 101, a manager), 200 customers, a token."""
    import pendulum

    from hotline_tui.config import Settings
    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.calls.cti_tokens import create_token
    from hotline_tui.services.customers.contacts import create_customer
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Staff

    open_database(url)
    now = pendulum.now("UTC")
    Staff.create(agent_no="1001", name="王丽", extension="101", created_at=now)
    mgr = Staff.create(agent_no="9001", name="张经理", roles="operator,manager", created_at=now)
    ctx = ServiceContext(actor=mgr, settings=Settings())
    for i in range(200):
        create_customer(
            ctx,
            name=f"测试单位{i:03d}有限公司",
            contacts=[{"name": f"联系人{i}", "mobile": f"139{i:08d}"}],
        )
    from hotline_tui.services.auth.sign_in import set_password

    set_password(ctx, "1001", PASSWORD)
    _row, token = create_token(ctx, "bench")
    close_database()
    return token


async def _drive(url: str, base: str, token: str, calls: int, per_minute: float) -> list[float]:
    import aiohttp

    from hotline_tui.config import Settings
    from hotline_tui.store.db import open_database
    from hotline_tui.ui.app import create_app
    from hotline_tui.ui.widgets.calls.call_pop import CallPop

    open_database(url)
    app = create_app(Settings(database_url=url), agent_no="1001")
    rng = random.Random(20)
    out: list[float] = []

    async with app.run_test(size=(120, 36)) as pilot, aiohttp.ClientSession() as http:
        deadline = time.monotonic() + 30
        while not app.screen.query("#password"):
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        await pilot.press(*PASSWORD, "enter")  # `--as` typed the number: the password
        while app.ctx is None or getattr(app, "call_watcher", None) is None:
            if time.monotonic() > deadline:
                raise RuntimeError("the desk did not sign in")
            await pilot.pause(0.05)
        post_url = f"{base}/api/v1/cti/{token}"
        # Calls arrive at random (Poisson) times averaging `per_minute`: a fixed
        # gap would fall into step with the desk's poll and measure that instead.
        due = time.monotonic()
        for i in range(calls):
            due += rng.expovariate(per_minute / 60.0)
            if (rest := due - time.monotonic()) > 0:
                await asyncio.sleep(rest)
            number = f"139{i % 200:08d}"
            call_id = f"bench-{i}"
            fields = {
                "event": "newCall",
                "callId": call_id,
                "from": number,
                "to": "4008001234",
                "direction": "in",
                "user[]": "101",
            }
            sent = time.perf_counter()
            async with http.post(post_url, data=fields) as resp:
                assert resp.status == 200, resp.status
            while not (isinstance(app.screen, CallPop) and app.screen.ringing.number == number):
                if time.perf_counter() - sent > 10:
                    raise RuntimeError(f"no pop for call {i}")
                await asyncio.sleep(0.002)
            out.append((time.perf_counter() - sent) * 1000)
            hangup = {
                "event": "hangup",
                "callId": call_id,
                "cause": "normalClearing",
                "answeringNumber": "102",
                "direction": "in",
            }
            async with http.post(post_url, data=hangup) as resp:
                assert resp.status == 200
            while isinstance(app.screen, CallPop):
                await asyncio.sleep(0.005)
            # A random pause keeps the next post out of step with the desk's poll.
            await asyncio.sleep(rng.uniform(0, 0.2))
    return out


def run_engine(url: str, calls: int, per_minute: float) -> dict[str, Any]:
    from hotline_tui.bench._measures import summary
    from hotline_tui.store.db import close_database

    token = _prepare(url)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hotline_tui.cli", "--db", url, "cti", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("cti serve did not start") from None
                time.sleep(0.05)
        t0 = time.monotonic()
        lat = asyncio.run(_drive(url, f"http://127.0.0.1:{port}", token, calls, per_minute))
        elapsed = time.monotonic() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
        close_database()
    half = len(lat) // 2
    out = summary(lat, TARGET_MS)
    out.update(
        calls=len(lat),
        per_minute_target=per_minute,
        per_minute_done=round(len(lat) / elapsed * 60, 1),
        first_half_median_ms=round(statistics.median(lat[:half]), 1) if half else None,
        second_half_median_ms=round(statistics.median(lat[half:]), 1) if half else None,
    )
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench cti", description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--per-minute", type=float, default=100.0)
    parser.add_argument("--db-kind", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"target_p95_ms": TARGET_MS}
    with tempfile.TemporaryDirectory() as tmp:
        if args.db_kind in ("sqlite", "both"):
            url = f"sqlite:///{Path(tmp) / 'cti.db'}"
            report["sqlite"] = run_engine(url, args.calls, args.per_minute)
        if args.db_kind in ("postgresql", "both"):
            report["postgresql"] = _postgres(args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for name in ("sqlite", "postgresql"):
            r = report.get(name)
            if r:
                print(
                    f"{name}: event -> pop median {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms"
                    f" (target {TARGET_MS:.0f}); {r['calls']} calls at {r['per_minute_done']}/min;"
                    f" halves {r['first_half_median_ms']} / {r['second_half_median_ms']} ms"
                )
    return 0


def _postgres(args: argparse.Namespace) -> dict[str, Any] | None:
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from tests.pgcluster import Cluster, PgUnavailable
    except ImportError:
        print("bench: no PostgreSQL (tests/pgcluster.py not found)", file=sys.stderr)
        return None
    try:
        cluster = Cluster().start()
    except PgUnavailable as exc:
        print(f"bench: no PostgreSQL: {exc}", file=sys.stderr)
        return None
    try:
        cluster.admin("CREATE DATABASE bench_cti")
        return run_engine(cluster.url("bench_cti"), args.calls, args.per_minute)
    finally:
        cluster.stop()
