"""The docs live in the repository (docs/DEVELOPING.md): every rule ID the code and
the tests cite is explained in docs/RULES.md, and nothing points outside the repo."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: A rule ID: area letter and number. F8-F12 are function keys, W40+ week numbers.
RULE = re.compile(r"\b([HRDFCSW])(\d{1,2})\b")
KEYS_AND_WEEKS = {"F": range(8, 13), "W": range(3, 54)}


def _tracked(*suffixes: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    return [ROOT / f for f in out.split() if f.endswith(suffixes) and (ROOT / f).is_file()]


def _cited() -> set[str]:
    ids = set()
    for path in _tracked(".py"):
        for letter, number in RULE.findall(path.read_text(encoding="utf-8")):
            if int(number) not in KEYS_AND_WEEKS.get(letter, ()):
                ids.add(f"{letter}{number}")
    return ids


def test_every_cited_rule_id_is_explained_in_docs_rules() -> None:
    explained = set(
        re.findall(r"^\| ([HRDFCSW]\d{1,2}) \|", (ROOT / "docs/RULES.md").read_text(), re.M)
    )
    missing = sorted(_cited() - explained)
    assert not missing, f"cited but not in docs/RULES.md: {missing}"


def test_nothing_points_outside_the_repository() -> None:
    outside = re.compile(r"\.\./shared|\b[Ii]ssue \d+\b")
    bad = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _tracked(".py", ".md", ".toml")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert not bad, bad
