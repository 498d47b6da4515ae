"""Driving the real app with Pilot, as an operator would."""

from __future__ import annotations

import pendulum
from textual.pilot import Pilot

from hotline_tui.config import Settings
from hotline_tui.domain.clock import FixedClock
from hotline_tui.store.models import Call
from hotline_tui.ui.app import HotlineApp, create_app
from tests import factories

SIZE = (120, 36)
WIDE = (200, 50)


def make_app(clock: FixedClock, settings: Settings | None = None) -> HotlineApp:
    return create_app(settings or Settings(), clock=clock)


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers finish and the screen repaint."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # a newer call in an exclusive group replaced it: normal
            pass
        await pilot.pause()


async def sign_in(pilot: Pilot, agent_no: str, password: str | None = None) -> None:
    """Type the agent number and the password (by default the test staff's
    `hotline-<agent no.>`) into the desk's sign-in box, Enter after each."""
    await settle(pilot)
    for ch in agent_no:
        await pilot.press(ch)
    await pilot.press("enter")  # on to the password box
    await pilot.press(*(password if password is not None else f"hotline-{agent_no}"))
    await pilot.press("enter")
    await settle(pilot)


def screen_text(app: HotlineApp) -> str:
    """Everything visible on the current screen, as plain text."""
    from textual.widgets import DataTable, Static

    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, DataTable):
            for row_key in widget.rows:
                parts.append(" ".join(str(c) for c in widget.get_row(row_key)))
            parts += [str(c.label) for c in widget.columns.values()]
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
    parts.append(str(app.sub_title))
    return "\n".join(parts)


def open_call(owner, customer, due, ticket, symptom) -> Call:
    """An operator's call on hold with an H6 deadline: an item on their desk."""
    started = pendulum.datetime(2026, 11, 23, 1, 0, tz="UTC")
    return factories.call(owner, customer, due, symptom=symptom, started=started, ticket=ticket)
