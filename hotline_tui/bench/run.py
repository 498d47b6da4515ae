"""`bench run [--json] [--quick] [--db URL] [--sizes 10000,100000,1000000]`
(`--markdown RUN.json` prints the tables of a saved run):
every desk measure side by side, each as median and p95 with the ratio to its
reference, at each size so the cost curve shows, on SQLite and (where a server
can be started) PostgreSQL.

Databases come from `bench generate` (bench-data/calls-N.db, made when
missing; PostgreSQL: a throwaway cluster, one database per size). `--quick`
uses tiny generated databases and few repeats (the smoke test). Saving calls
adds a few solved calls to the database on every run (owned by agent 6001).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from hotline_tui.bench import _measures as m

SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (300, 1_000, 3_000)


def machine() -> dict[str, Any]:
    """nproc, memory and CPU model, so figures can be compared across machines."""
    info: dict[str, Any] = {"nproc": os.cpu_count(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["sqlite"] = sqlite3.sqlite_version
    info["load_average"] = [round(x, 2) for x in os.getloadavg()]  # others' work on the machine
    from importlib.metadata import version

    info["textual"] = version("textual")
    return info


class Plan:
    """How big and how often: the full run or the quick smoke run."""

    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.repeat = 5 if quick else 30
        self.starts = 2 if quick else 15
        self.entries = 300 if quick else 100_000
        self.customers = 100 if quick else 20_000
        self.phrases = ("凭证打印", "ORA-12541") if quick else None


def _calls_in(url: str) -> int:
    from hotline_tui.store.models import Call

    return Call.select().count()


def measure_database(url: str, plan: Plan, largest: bool) -> dict[str, Any]:
    """Every in-process measure on one database; the whole-app ones on the largest."""
    from hotline_tui.bench import search
    from hotline_tui.store.db import close_database, is_postgres, open_database

    open_database(url)
    try:
        out: dict[str, Any] = {"calls": _calls_in(url)}
        out.update(m.open_items_measures(plan.repeat))
        out.update(m.save_measures(plan.repeat))
        if not largest:
            return out
        pg = is_postgres()
        agents = {k: s.agent_no for k, s in m.staff_ids().items()}
        out["explain"] = m.explain_open_items()
        kinds = search.measure(pg=pg, repeat=1 if plan.quick else 3)
        out["library_search"] = _search_summary(kinds)
        from hotline_tui.bench._typing import PHRASES, keystrokes

        typed = keystrokes(agents["operator"], m.NOW, plan.phrases or PHRASES)
        out["keystroke"] = {
            "key": m.summary(typed["key_ms"]),
            "suggestions": m.summary(typed["suggestions_ms"] or [0.0]),
        }
    finally:
        close_database()
    from hotline_tui.bench._startup import cold_start, peak_rss

    starts = cold_start(url, agents["operator"], plan.starts, not plan.quick)
    bare = m.summary(starts["bare"])
    for key, series in (
        ("cold_start", "typed"),
        ("cold_start_as", "as"),
        ("cold_start_box", "box"),
    ):
        app = m.summary(starts[series])
        out[key] = {
            "app": app,
            "bare": bare,
            "ratio": round(app["median_ms"] / bare["median_ms"], 3),
            "target_ratio": 1.5,
        }
    out["sign_in"] = m.summary(starts["signin"])  # Enter at the box to the items shown
    app_mb, bare_mb = peak_rss(url, agents["manager"])
    out["peak_rss"] = {
        "app_mb": round(app_mb, 1),
        "bare_mb": round(bare_mb, 1),
        "target_mb": 200,
        "ratio_to_target": round(app_mb / 200, 3),
    }
    return out


def _search_summary(kinds: dict[str, dict[str, float]]) -> dict[str, Any]:
    from hotline_tui.store.models import LibraryEntry

    worst = max(r["p95_ms"] for r in kinds.values())
    like = max(r["like_p95_ms"] for r in kinds.values())
    return {
        "entries": LibraryEntry.select().count(),
        "p95_ms": worst,
        "like_p95_ms": like,
        "ratio_to_like": round(worst / like, 3) if like else 0.0,
        "kinds": kinds,
    }


def growth(sizes: dict[str, dict[str, Any]]) -> dict[str, float]:
    """p95 at the largest size over p95 at the smallest: ~1 is flat, ~100 is linear."""
    keys = sorted(sizes, key=int)
    if len(keys) < 2:
        return {}
    small, large = sizes[keys[0]], sizes[keys[-1]]
    out = {}
    for name in ("open_items_manager", "open_items_desk", "save_call"):
        if large[name]["p95_ms"] and small[name]["p95_ms"]:
            out[name] = round(large[name]["p95_ms"] / small[name]["p95_ms"], 2)
    return out


def run_engine(urls: dict[int, str], plan: Plan) -> dict[str, Any]:
    sizes, whole = {}, {}
    largest = max(urls)
    for n in sorted(urls):
        result = measure_database(urls[n], plan, n == largest)
        for key in (
            "explain",
            "library_search",
            "keystroke",
            "cold_start",
            "cold_start_as",
            "cold_start_box",
            "sign_in",
            "peak_rss",
        ):
            if key in result:
                whole[key] = result.pop(key)
        sizes[str(n or result["calls"])] = result
    return {"sizes": sizes, "growth": growth(sizes), **whole}


def sqlite_urls(sizes: list[int], plan: Plan, folder: Path) -> dict[int, str]:
    """bench-data/calls-N.db per size (quick: a temporary folder), made when missing."""
    from hotline_tui.bench.generate import generate_into, sqlite_url

    urls = {}
    for n in sizes:
        url = sqlite_url(n, folder)
        if not (folder / f"calls-{n}.db").exists():
            print(f"bench: generating {n:,} calls into {url}", file=sys.stderr)
            made = generate_into(url, n, plan.entries, plan.customers)
            print(f"bench: generated in {made['total_s']} s", file=sys.stderr)
        urls[n] = url
    return urls


def postgres_urls(sizes: list[int], plan: Plan, stack: ExitStack) -> dict[int, str] | str:
    """A throwaway cluster with one generated database per size, or why not."""
    from hotline_tui.bench.generate import generate_into

    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from tests.pgcluster import Cluster, PgUnavailable
    except ImportError:
        return "tests/pgcluster.py not found (run from a source checkout)"
    try:
        cluster = Cluster().start()
    except PgUnavailable as exc:
        return str(exc)
    stack.callback(cluster.stop)
    urls = {}
    for n in sizes:
        cluster.admin(f"CREATE DATABASE calls_{n}")
        urls[n] = cluster.url(f"calls_{n}")
        print(f"bench: generating {n:,} calls into PostgreSQL", file=sys.stderr)
        made = generate_into(urls[n], n, plan.entries, plan.customers)
        print(f"bench: generated in {made['total_s']} s", file=sys.stderr)
    return urls


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench run", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="tiny data, few repeats")
    parser.add_argument("--markdown", metavar="JSON", help="print the tables of a saved --json run")
    parser.add_argument("--db", metavar="URL", help="measure this one database only")
    parser.add_argument("--sizes", help="calls per database, e.g. 10000,100000,1000000")
    parser.add_argument(
        "--engines", default=None, help="sqlite,postgresql (default: both; --quick: sqlite)"
    )
    args = parser.parse_args(argv)
    if args.markdown:
        from hotline_tui.bench._report import markdown_report

        print(markdown_report(json.loads(Path(args.markdown).read_text(encoding="utf-8"))))
        return 0
    plan = Plan(args.quick)
    try:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas")
    sizes = sizes or list(QUICK_SIZES if args.quick else SIZES)
    if any(n < 1 for n in sizes):
        parser.error("--sizes must be at least 1")
    engines = (args.engines or ("sqlite" if args.quick else "sqlite,postgresql")).split(",")
    t0 = time.perf_counter()
    report: dict[str, Any] = {"machine": machine(), "quick": args.quick}
    with ExitStack() as stack:
        if args.db:
            engine = "postgresql" if args.db.startswith("postgres") else "sqlite"
            report[engine] = run_engine({0: args.db}, plan)
        else:
            if "sqlite" in engines:
                folder = (
                    Path(stack.enter_context(tempfile.TemporaryDirectory())) if args.quick else None
                )
                from hotline_tui.bench.generate import DEFAULT_DIR

                report["sqlite"] = run_engine(sqlite_urls(sizes, plan, folder or DEFAULT_DIR), plan)
            if "postgresql" in engines:
                urls = postgres_urls(sizes, plan, stack)
                if isinstance(urls, str):
                    print(f"bench: no PostgreSQL: {urls}", file=sys.stderr)
                    report["postgresql"] = {"skipped": urls}
                else:
                    report["postgresql"] = run_engine(urls, plan)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        from hotline_tui.bench._report import text_report

        print(text_report(report))
    return 0
