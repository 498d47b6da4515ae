"""The screens an operator and a manager read, drawn on the demo desk with a fixed
clock at 120x36 and 200x50 (pytest-textual-snapshot). A changed drawing fails until
it is looked at and accepted with `--snapshot-update`."""

from __future__ import annotations

import pytest

from hotline_tui.config import Settings
from hotline_tui.demo.seed import seed_demo
from tests.ui.helpers import SIZE, WIDE, make_app, settle, sign_in

#: (agent, keys after signing in): the desk, a new call, the dispatch list, the handover.
SCREENS = {
    "desk": ("1001", []),
    "intake": ("1001", ["f2"]),
    "dispatch": ("9001", ["f7"]),
    "handover": ("9001", ["f6"]),
}


@pytest.fixture
def demo_desk(sqlite_db, clock):
    seed_demo(Settings(), seed=7, clock=clock, units=30)
    return clock


@pytest.mark.parametrize("size", [SIZE, WIDE], ids=["120x36", "200x50"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_drawing(snap_compare, demo_desk, screen: str, size: tuple[int, int]) -> None:
    agent, keys = SCREENS[screen]

    async def open_screen(pilot) -> None:
        await sign_in(pilot, agent)
        for key in ("escape",) * 2:  # a draft or handover question offered at sign-in
            if pilot.app.screen.is_modal:
                await pilot.press(key)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for box in pilot.app.screen.query("Input, TextArea"):
            box.cursor_blink = False  # a drawing, not a moment of the blink
        await pilot.pause(0.2)  # debounced work (library answers, drafts) done
        pilot.app.clear_notifications()  # toasts come and go with time, not with the screen
        await settle(pilot, rounds=6)  # work started by what just loaded (a detail pane)
        await pilot.pause(0.2)
        await settle(pilot)

    assert snap_compare(make_app(demo_desk), terminal_size=size, run_before=open_screen)
