"""Keystroke-to-screen in call intake, driven by Pilot on the open database.

An operator signs in, opens a new call (F2) and types symptoms into the
symptom box while the library suggestions update beside it. Two figures:
`key_ms`, from a key event reaching the app until the symptom box holds the
character and the screen has repainted (typing must never wait on the
database; keys come at a typist's pace, so they land while searches run), and `suggestions_ms`,
from the last key of a phrase until the suggestions panel shows the answers
for the whole phrase on screen (the search runs at once on each key; while
one runs, the newest text waits for it).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

PHRASES = ("凭证打印", "ORA-12541", "月末结账", "zcfzb", "U8 备份")


async def _settle(pilot: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _key(ch: str) -> str:
    return {" ": "space", "-": "minus"}.get(ch, ch)


async def _typing(agent: str, now: Any, phrases: tuple[str, ...]) -> dict[str, list[float]]:
    from textual import events

    from hotline_tui.config import Settings
    from hotline_tui.domain.clock import FixedClock
    from hotline_tui.ui.app import create_app
    from hotline_tui.ui.widgets.suggestions import Suggestions

    app = create_app(Settings(), clock=FixedClock(now))
    gap = 0.17  # a typist's pace: about six keys a second
    key_ms: list[float] = []
    suggest_ms: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(pilot)
        for ch in agent:
            await pilot.press(ch)
        await pilot.press("enter", *f"hotline-{agent}", "enter")  # the generated password
        await _settle(pilot)
        await pilot.press("f2")
        await _settle(pilot)
        area = app.screen.query_one("#f-symptom")
        panel = app.screen.query_one(Suggestions)
        shown: list[tuple[float, str]] = []
        original = panel.show

        def show(hits: list[Any], text: str = "") -> None:
            original(hits, text)
            shown.append((time.perf_counter(), text))

        panel.show = show  # type: ignore[method-assign]
        loop = asyncio.get_running_loop()
        for phrase in phrases:
            area.focus()
            area.clear()
            await _settle(pilot)
            before = len(shown)
            last = 0.0
            for ch in phrase:
                # A typist's pace that lands keys while a search is running.
                await asyncio.sleep(gap)
                expected = area.text + ch
                last = time.perf_counter()
                app._driver.send_message(events.Key(_key(ch), ch))
                while area.text != expected and time.perf_counter() - last < 5:
                    await asyncio.sleep(0)
                painted = loop.create_future()
                app.call_after_refresh(painted.set_result, None)
                await painted
                key_ms.append((time.perf_counter() - last) * 1000)

            # The answers for the whole phrase, shown after its last key.
            def fresh(last: float = last, before: int = before, want: str = expected) -> bool:
                return any(t >= last and text == want.strip() for t, text in shown[before:])

            deadline = time.perf_counter() + 10
            while not fresh() and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            if fresh():
                painted = loop.create_future()
                app.call_after_refresh(painted.set_result, None)
                await painted
                suggest_ms.append((time.perf_counter() - last) * 1000)
        await pilot.press("ctrl+q")
    return {"key_ms": key_ms, "suggestions_ms": suggest_ms}


def keystrokes(agent: str, now: Any, phrases: tuple[str, ...] = PHRASES) -> dict[str, list[float]]:
    """Per-key and key-to-suggestions times in ms (the database must be open)."""
    return asyncio.run(_typing(agent, now, phrases))
