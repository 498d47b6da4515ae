"""The `hotline` console script, and the garbage collector at start.

Starting the desk imports and builds about a million objects that all live
until the process ends. Python's cyclic collector would walk them again and
again while they pile up (about 40 ms of a 0.5 s start, issue 5). So the
script turns the collector off first; `settle()` moves everything alive into
the permanent generation and turns it back on once the desk has shown its
items (or at once for a command that is not the app). Nothing is leaked: what
is frozen was alive anyway, and only objects made after it are ever scanned.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hotline` script."""
    quiet_start()
    from hotline_tui.cli import main as cli_main

    try:
        return cli_main(argv)
    finally:
        settle()
