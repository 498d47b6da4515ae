"""The garbage collector at start (why: see hotline_tui/launch.py).

Its own module so the entry point, the command line and the app can all reach
`settle()` without importing each other.
"""

from __future__ import annotations

import gc

_quiet = {"on": False}


def quiet_start() -> None:
    """Turn the collector off for the start (the script's first act)."""
    if gc.isenabled():
        gc.disable()
        _quiet["on"] = True


def settle() -> None:
    """Start is over: freeze what lives and collect normally from now on.
    A no-op unless `quiet_start()` turned the collector off (tests, imports)."""
    if _quiet["on"]:
        _quiet["on"] = False
        gc.freeze()
        gc.enable()
