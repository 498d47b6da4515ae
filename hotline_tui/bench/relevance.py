"""`bench relevance [--mixed N] [--json]`: does the right library answer come first?

Each case of `relevance_set.toml` is a symptom phrased the way callers speak
(colloquial, partial error codes, traditional characters, pinyin, typos) with
the demo entry that answers it. The query goes through the same suggestion
service the intake screen calls while the operator types; the report gives
hit@1, hit@3 and the mean reciprocal rank, per kind of phrasing and overall,
on the demo library alone and with the demo entries mixed into N generated
ones (`bench search`'s generator), where a ranking that only works on a small
library would fall apart.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pendulum

SET_FILE = "relevance_set.toml"
DEPTH = 10  # ranks past this count as a miss in the MRR


@dataclass(frozen=True)
class Case:
    query: str
    expect: str
    kind: str


def cases() -> list[Case]:
    """The evaluation set shipped with the bench."""
    text = resources.files("hotline_tui.bench").joinpath(SET_FILE).read_text("utf-8")
    return [Case(**c) for c in tomllib.loads(text)["case"]]


def _demo_entries() -> list[dict[str, Any]]:
    from hotline_tui.demo.seed import load_source

    return list(load_source("library")["entry"])


def _load(demo: list[dict[str, Any]], mixed: int) -> dict[str, int]:
    """Load the demo entries (and `mixed` generated ones); title -> entry id."""
    from hotline_tui.bench.search import _load as load_rows
    from hotline_tui.bench.search import generate
    from hotline_tui.store.models import LibraryEntry

    rows = [{**e, "status": "published", "usage_count": 0} for e in demo]
    if mixed:
        generated = generate(mixed)
        step = max(1, len(generated) // (len(rows) + 1))
        # spread the demo entries through the id range, as a real library grows
        for i, row in enumerate(rows):
            generated.insert(min((i + 1) * step, len(generated)), row)
        rows = generated
    load_rows(rows)
    titles = {e["title"] for e in demo}
    return {
        e.title: e.id
        for e in LibraryEntry.select(LibraryEntry.id, LibraryEntry.title).where(
            LibraryEntry.title.in_(list(titles))
        )
    }


def score(ranks: list[int | None]) -> dict[str, float]:
    """hit@1, hit@3 and MRR of 1-based ranks (None: not in the first DEPTH)."""
    n = len(ranks) or 1
    return {
        "cases": len(ranks),
        "hit@1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "hit@3": round(sum(1 for r in ranks if r is not None and r <= 3) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 4),
    }


def evaluate(ids: dict[str, int], set_: list[Case]) -> dict[str, Any]:
    from hotline_tui.services.library.entries import suggest

    ranks: list[int | None] = []
    per_kind: dict[str, list[int | None]] = {}
    misses = []
    for case in set_:
        want = ids[case.expect]
        got = [h.entry_id for h in suggest(case.query, limit=DEPTH)]
        rank = got.index(want) + 1 if want in got else None
        ranks.append(rank)
        per_kind.setdefault(case.kind, []).append(rank)
        if rank is None or rank > 3:
            misses.append({"query": case.query, "expect": case.expect, "rank": rank})
    return {
        "overall": score(ranks),
        "by_kind": {k: score(v) for k, v in sorted(per_kind.items())},
        "misses": misses,
    }


def run(mixed: int) -> dict[str, Any]:
    from hotline_tui.store.db import close_database, open_database

    demo, set_ = _demo_entries(), cases()
    with tempfile.TemporaryDirectory(prefix="hotline-relevance-") as tmp:
        open_database(f"sqlite:///{Path(tmp) / 'relevance.db'}")
        try:
            ids = _load(demo, mixed)
            missing = {c.expect for c in set_} - set(ids)
            if missing:
                raise SystemExit(f"bench relevance: not in the demo library: {sorted(missing)}")
            return evaluate(ids, set_)
        finally:
            close_database()


def _text(label: str, result: dict[str, Any]) -> list[str]:
    o = result["overall"]
    lines = [
        f"{label}: {o['cases']} cases  hit@1 {o['hit@1']:.2f}  hit@3 {o['hit@3']:.2f}"
        f"  MRR {o['mrr']:.2f}"
    ]
    for kind, s in result["by_kind"].items():
        lines.append(
            f"  {kind:<12} {s['cases']:>3}  hit@1 {s['hit@1']:.2f}  hit@3 {s['hit@3']:.2f}"
            f"  MRR {s['mrr']:.2f}"
        )
    for m in result["misses"]:
        lines.append(f"  miss (rank {m['rank']}): {m['query']} -> {m['expect']}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench relevance", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mixed", type=int, default=100_000, help="generated entries to mix in (0: demo only)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    started = pendulum.now("UTC")
    report: dict[str, Any] = {"demo": run(0)}
    if args.mixed:
        report[f"mixed_{args.mixed}"] = run(args.mixed)
    report["seconds"] = round((pendulum.now("UTC") - started).total_seconds(), 1)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for label, result in report.items():
            if isinstance(result, dict):
                print("\n".join(_text(label, result)))
    return 0
