"""Shipped data the desk reads once per process: the call scripts (not parsed on
the UI thread at each F2)."""

from __future__ import annotations

from functools import cache

from hotline_tui.domain.scripts import Script, load_scripts
from hotline_tui.paths import DATA_DIR


@cache
def call_scripts() -> dict[str, Script]:
    """Every shipped call script by id, parsed on first use (a restart reloads edits)."""
    return load_scripts(DATA_DIR / "scripts")
