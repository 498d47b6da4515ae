"""The build's contracts (docs/DEVELOPING.md "Contracts"): the import-linter layers in
pyproject.toml, no import cycle inside the package, and mypy clean where it must be.

mypy takes a while: its test is marked `contracts` (skip it locally with
`-m "not contracts"`; CI runs it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    """Layers domain < store < services < ui < cli < launch; Textual only in ui/;
    the UI never imports the command line (the contracts in pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def test_no_import_cycles_inside_the_package() -> None:
    """Imports inside functions count too: a cycle is a cycle, deferred or not."""
    import grimp

    graph = grimp.build_graph("hotline_tui", cache_dir=None)
    edges = {
        m: {x for x in graph.find_modules_directly_imported_by(m) if x in graph.modules}
        for m in graph.modules
    }
    assert _cycles(edges) == []


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.contracts
def test_mypy_clean_on_domain_store_and_services() -> None:
    """Strict on the domain, mypy's default on store/ and services/ (pyproject.toml)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "-p",
            "hotline_tui.domain",
            "-p",
            "hotline_tui.store",
            "-p",
            "hotline_tui.services",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-6000:]
