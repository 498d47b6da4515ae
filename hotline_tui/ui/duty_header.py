"""The header's duty line ("on duty now / next"), refreshed by a thread worker.

Its own module so start of duty and the handover screen can both refresh it
without importing each other.
"""

from __future__ import annotations

from typing import Any

from hotline_tui.ui.workers import in_connection


def refresh_duty_header(app: Any) -> None:
    """Put "on duty now / next" in the header (a thread worker; never blocks the UI)."""
    ctx = app.ctx
    if ctx is None:
        return

    def work() -> None:
        from hotline_tui.services.duty import roster

        try:
            line = in_connection(roster.duty_line, ctx.settings, ctx.now())
        except Exception:
            return
        app.call_from_thread(app.update_header, duty=line)

    app.run_worker(work, thread=True, group="duty-header", exclusive=True)
