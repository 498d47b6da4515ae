"""One real desk for `bench live`: the app, headless, signed in as an operator.

Run as `python -m hotline_tui.bench._live_desk URL AGENT_NO`. It prints
`ready` once its desk shows its items and its change feed listens, then one
line `shown KEY MONOTONIC` for each row that appears on the desk's list (the
desk's own in-place update, `PlainTable.sync_rows`, is what is timed).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from hotline_tui.config import Settings
from hotline_tui.store.db import open_database
from hotline_tui.ui.app import create_app
from hotline_tui.ui.widgets.plain_table import PlainTable


def main(url: str, agent_no: str) -> int:
    open_database(url)
    app = create_app(Settings(), agent_no=agent_no)
    sync = PlainTable.sync_rows
    said_ready = False

    def timed(self: PlainTable, rows: Any, **kwargs: Any) -> set[str]:
        nonlocal said_ready
        before = set(self.row_keys())
        changed = sync(self, rows, **kwargs)
        at = time.monotonic()
        for key in set(self.row_keys()) - before:
            print(f"shown {key} {at:.6f}", flush=True)
        if not said_ready and app.feed is not None and app.feed.ready.is_set():
            said_ready = True
            print("ready", flush=True)
        return changed

    PlainTable.sync_rows = timed  # type: ignore[method-assign]

    signing_in = False

    def poke() -> None:  # until the feed listens, the first list may come before it
        nonlocal said_ready, signing_in
        screen: Any = app.screen
        if not signing_in and hasattr(screen, "_sign_in") and not screen.signed_in:
            signing_in = True  # the bench's staff sign in with hotline-<agent no.>
            screen._sign_in(agent_no, f"hotline-{agent_no}")
        if not said_ready and app.feed is not None and app.feed.ready.is_set():
            said_ready = True
            print("ready", flush=True)

    app.call_later(lambda: app.set_interval(0.2, poke))
    app.run(headless=True, size=(120, 36))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
