"""Screens as the operator sees them, at 120x36 on the demo desk with a fixed clock:
a layout regression fails here. After an intended change of a screen, look at the
new picture and accept it: `.venv/bin/python -m pytest tests/ui/test_snapshots.py
--snapshot-update` (the SVGs live in tests/ui/__snapshots__/)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from hotline_tui.config import Settings
from hotline_tui.demo.seed import seed_demo
from tests.ui.helpers import SIZE, make_app, settle, sign_in

#: screen -> (who signs in, the keys that open it)
SCREENS = {
    "desk": ("1001", []),
    "intake": ("1001", ["f2"]),
    # typed, so the list is drawn again once the screen has its size (the first
    # browse list's column widths depend on when the layout lands)
    "library": ("1001", ["f4", *"excel"]),
    "handover": ("1001", ["f6"]),
    "dispatch": ("9001", ["f7"]),
    "callbacks": ("1001", ["f8"]),
    "review": ("9001", ["f11"]),
}


@pytest.fixture
def demo_desk(sqlite_db, clock) -> None:
    seed_demo(Settings(), seed=7, clock=clock)


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_looks_as_before(demo_desk, clock, snap_compare, screen: str) -> None:
    agent_no, keys = SCREENS[screen]
    app = make_app(clock)

    async def open_screen(pilot: Pilot) -> None:
        await sign_in(pilot, agent_no)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False  # a steady cursor: the picture does not depend on timing
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_screen)
