"""The `hotline` console script, and the garbage collector at start.

Starting the desk imports and builds about a million objects that all live
until the process ends. Python's cyclic collector would walk them again and
again while they pile up (about 40 ms of a 0.5 s start, docs/PERFORMANCE.md). So the
script turns the collector off first; `settle()` moves everything alive into
the permanent generation and turns it back on once the desk has shown its
items (or at once for a command that is not the app). Nothing is leaked: what
is frozen was alive anyway, and only objects made after it are ever scanned.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotline_tui.quietgc import quiet_start, settle

__all__ = ["main", "quiet_start", "settle"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hotline` script."""
    quiet_start()
    from hotline_tui.cli import main as cli_main

    try:
        return cli_main(argv)
    finally:
        settle()
