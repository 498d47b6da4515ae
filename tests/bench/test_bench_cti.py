"""`bench cti` still runs end to end (a real server, a real desk): three calls,
the report's keys; the figures themselves live in docs/PERFORMANCE.md."""

from __future__ import annotations

import json

import pytest

from hotline_tui.bench import cti

pytestmark = pytest.mark.slow


def test_bench_cti_reports_pop_latency(capsys) -> None:
    assert cti.main(["--calls", "3", "--per-minute", "600", "--db-kind", "sqlite", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    r = report["sqlite"]
    assert r["calls"] == 3 and r["median_ms"] > 0 and r["p95_ms"] >= r["median_ms"]
    assert {"first_half_median_ms", "second_half_median_ms", "per_minute_done"} <= set(r)
