"""The UI's plumbing (docs/DESIGN.md, "From a key press to the database and back"):
a service's result that comes back after its screen was left is dropped, and what
the screen created on opening is taken back."""

from __future__ import annotations

import threading

from hotline_tui.services.calls import calls
from hotline_tui.store.models import Call
from hotline_tui.ui.screens.calls.desk import DeskScreen
from tests.ui.helpers import SIZE, make_app, settle, sign_in


async def test_h14_f2_then_esc_at_once_leaves_no_empty_open_call(
    sqlite_staff, clock, monkeypatch
) -> None:
    """Esc lands before the new call comes back from the database: the call the
    intake started is written off, not left open and empty on the desk."""
    gate = threading.Event()
    start_call = calls.start_call

    def slow_start(*args, **kwargs):  # the database answers only after Esc
        assert gate.wait(10), "the test never released the call"
        return start_call(*args, **kwargs)

    monkeypatch.setattr(calls, "start_call", slow_start)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        gate.set()
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert Call.select().where(Call.status.in_(calls.ACTIVE)).count() == 0
    assert [c.status for c in Call.select()] == ["closed"]  # written down (H14), not open
