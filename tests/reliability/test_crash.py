"""Crash safety (docs/DESIGN.md "Crash safety"): a process SIGKILLed in the middle of saving
or of typing an intake loses nothing committed, leaves no half-saved write, and
the draft is offered back on the next start."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls.calls import start_call
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.base import database
from hotline_tui.store.models import AuditEntry, Call, Callback, CallEvent, Counter, Draft
from hotline_tui.ui.screens.calls.intake import IntakeScreen
from tests.ui.helpers import SIZE, make_app, settle, sign_in

ROOT = Path(__file__).resolve().parents[2]

_WRITER = """
import sys, pendulum
from hotline_tui.domain.clock import FixedClock
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls.outcomes import solve_call
from hotline_tui.services.calls.calls import start_call
from hotline_tui.store.db import open_database
from hotline_tui.store.models import Staff

open_database(sys.argv[1], migrate=False)
clock = FixedClock(pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai"))
ctx = ServiceContext(actor=Staff.get(Staff.agent_no == "1001"), clock=clock)
unit = int(sys.argv[2])
while True:
    call = start_call(ctx, customer_id=unit, symptom="凭证无法保存" * 40)
    print("TOOK", call.id, flush=True)
    solve_call(ctx, call.id, call.version, resolution="取消结账后保存" * 40)
    print("SOLVED", call.id, flush=True)
"""

_TYPIST = """
import asyncio, sys, pendulum
from hotline_tui.config import Settings
from hotline_tui.domain.clock import FixedClock
from hotline_tui.i18n import set_language
from hotline_tui.store.db import open_database
from hotline_tui.ui.app import create_app

async def main(url, first, rest):
    set_language("zh_CN")
    open_database(url)
    clock = FixedClock(pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai"))
    app = create_app(Settings(), clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        async def settle():
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        await settle()
        await pilot.press(*"1001", "enter", *"hotline-1001", "enter")
        await settle()
        await pilot.press("f2")
        await settle()
        app.screen.query_one("#f-symptom").focus()
        await pilot.press(*first)
        await pilot.pause(1.2)  # past the draft debounce: this much is saved
        await settle()
        print("SAVED", flush=True)
        for ch in rest:  # still typing, drafts saving now and then, when killed
            await pilot.press(ch)
            await pilot.pause(0.05)
        await asyncio.sleep(60)

asyncio.run(main(*sys.argv[1:]))
"""
#: When the kills land: seeded, so a failing run can be replayed
#: (another seed for exploring: HOTLINE_KILL_SEED=N).
KILL_SEED = int(os.environ.get("HOTLINE_KILL_SEED", "20261123"))
KILL_TIMES = random.Random(KILL_SEED)


def _spawn(tmp_path: Path, source: str, *args: str) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(source, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)  # no clean-up code runs in the child
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL


def _integrity_ok() -> None:
    rows = database.execute_sql("PRAGMA integrity_check").fetchall()
    assert [r[0] for r in rows] == ["ok"]


def test_kill_while_saving_leaves_whole_writes_only(sqlite_staff, clock, tmp_path) -> None:
    """SIGKILL at a random moment among many service writes: every reported
    write is there, each call is whole (audit, events, callback) or absent, the
    ticket counter matches, and the desk works on afterwards."""
    ctx = ServiceContext(actor=sqlite_staff["operator"], clock=clock)
    unit = create_customer(ctx, name="崩溃测试单位")
    child = _spawn(tmp_path, _WRITER, f"sqlite:///{database.obj.database}", str(unit.id))
    reported: dict[int, str] = {}
    try:
        for _n in range(KILL_TIMES.randint(20, 60)):
            word, ident = child.stdout.readline().split()
            reported[int(ident)] = word
        time.sleep(KILL_TIMES.random() * 0.05)  # land inside some transaction
    finally:
        _kill(child)
    _integrity_ok()
    for ident, word in reported.items():  # committed is committed
        status = Call.get_by_id(ident).status
        assert status == "solved" if word == "SOLVED" else status in ("open", "solved")
    calls = list(Call.select().order_by(Call.id))
    for call in calls:
        took = AuditEntry.select().where(
            (AuditEntry.action == "call.take") & (AuditEntry.record_id == str(call.id))
        )
        solved = AuditEntry.select().where(
            (AuditEntry.action == "call.solve") & (AuditEntry.record_id == str(call.id))
        )
        events = {e.kind for e in CallEvent.select().where(CallEvent.call == call.id)}
        callbacks = Callback.select().where(Callback.call == call.id).count()
        assert took.count() == 1 and "started" in events
        if call.status == "solved":
            assert (solved.count(), callbacks, "solved" in events) == (1, 1, True)
        else:
            assert (call.status, solved.count(), callbacks) == ("open", 0, 0)
            assert "solved" not in events
    counter = Counter.get(Counter.name == "HL20261123")
    assert counter.value == len(calls)  # a killed transaction took no number
    after = start_call(ctx, customer_id=unit.id, symptom="重启后第一通电话")
    assert after.ticket_no == f"HL20261123-{len(calls) + 1:04d}"


async def test_kill_while_typing_offers_the_draft_back(sqlite_staff, clock, tmp_path) -> None:
    """SIGKILL at a random moment while the operator types the symptom: the
    database is intact, the draft holds what was saved (a prefix of the typing),
    and the next sign-in offers it back into the intake form."""
    first, rest = "凭证打印", "金额错位并且合计不平"
    child = _spawn(tmp_path, _TYPIST, f"sqlite:///{database.obj.database}", first, rest)
    try:
        line = child.stdout.readline()
        assert line.strip() == "SAVED", child.stderr.read()
        time.sleep(KILL_TIMES.random() * 1.5)
    finally:
        _kill(child)
    _integrity_ok()
    draft = Draft.get()  # whole JSON, never a torn row
    typed = draft.data["symptom"]
    assert typed.startswith(first) and (first + rest).startswith(typed)
    call = Call.get()
    assert call.status == "open" and call.symptom == ""  # only the draft has the typing

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("y")  # "An unfinished call ... Restore it?"
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen) and app.screen.call_id == call.id
        assert app.screen.query_one("#f-symptom").text == typed
