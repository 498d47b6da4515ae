"""`scripts/bench run --quick --json` works and reports every measure (docs/PERFORMANCE.md).

Figures are never asserted here: they depend on the machine. This only proves
the benchmark command runs end to end and returns the expected keys."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEASURE = ("median_ms", "p95_ms", "n")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    env = dict(os.environ, HOTLINE_DATA_DIR=str(tmp_path_factory.mktemp("bench")))
    proc = subprocess.run(
        [str(ROOT / "scripts" / "bench"), "run", "--quick", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_bench_run_quick_reports_the_machine(report: dict) -> None:
    assert report["quick"] is True
    assert {"nproc", "cpu", "memory_gb", "sqlite", "textual"} <= set(report["machine"])


def test_bench_run_quick_reports_each_size_side_by_side(report: dict) -> None:
    sizes = report["sqlite"]["sizes"]
    assert len(sizes) == 3
    for figures in sizes.values():
        for key in ("open_items_manager", "open_items_desk", "save_call", "call_start"):
            assert set(MEASURE) <= set(figures[key]), key
            assert figures[key]["target_ms"] in (10.0, 50.0)
    assert set(report["sqlite"]["growth"]) == {
        "open_items_manager",
        "open_items_desk",
        "save_call",
    }


def test_bench_run_quick_reports_whole_app_measures(report: dict) -> None:
    e = report["sqlite"]
    # agent typed / `hotline --as AGENT` / to the sign-in box
    for key in ("cold_start", "cold_start_as", "cold_start_box"):
        assert set(MEASURE) <= set(e[key]["app"]) and "ratio" in e[key], key
        assert set(MEASURE) <= set(e[key]["bare"]), key
    assert e["cold_start_box"]["app"]["median_ms"] < e["cold_start"]["app"]["median_ms"]
    assert set(MEASURE) <= set(e["sign_in"])
    assert {"p95_ms", "like_p95_ms", "ratio_to_like", "kinds"} <= set(e["library_search"])
    assert set(MEASURE) <= set(e["keystroke"]["key"])
    assert set(MEASURE) <= set(e["keystroke"]["suggestions"])
    assert {"app_mb", "bare_mb", "target_mb"} <= set(e["peak_rss"])
    assert all(step["plan"] for step in e["explain"])
