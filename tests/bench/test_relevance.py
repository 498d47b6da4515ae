"""`bench relevance`: callers' phrasings find the right demo entry (H9).

Not a timing: which entry comes first is deterministic, so the demo library's
hit@3 is held here, and a ranking change that buries the right answer fails."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hotline_tui.bench import relevance

ROOT = Path(__file__).resolve().parents[2]


def test_h9_the_evaluation_set_covers_every_way_callers_speak() -> None:
    cases = relevance.cases()
    assert len(cases) >= 60
    assert {c.kind for c in cases} >= {"colloquial", "code", "traditional", "pinyin", "typo"}
    titles = {e["title"] for e in relevance._demo_entries()}
    assert {c.expect for c in cases} <= titles


def test_h9_callers_phrasings_find_the_right_answer_in_the_first_three() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hotline_tui.bench", "relevance", "--mixed", "0", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    overall = json.loads(proc.stdout)["demo"]["overall"]
    assert overall["hit@3"] >= 0.9, overall
    assert 0 < overall["hit@1"] <= overall["hit@3"] and overall["mrr"] <= 1


def test_score_counts_ranks() -> None:
    s = relevance.score([1, 2, None, 4])
    assert s == {"cases": 4, "hit@1": 0.25, "hit@3": 0.5, "mrr": round((1 + 0.5 + 0.25) / 4, 4)}
