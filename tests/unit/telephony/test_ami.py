"""The AMI client against a fake Asterisk on loopback: login, call events mapped
to the one model, a dropped connection retried, dialling out (Originate)."""

from __future__ import annotations

import asyncio

import pytest

from hotline_tui.config import Settings
from hotline_tui.cti.ami import AmiConnection, AmiError, AmiFollower, originate
from hotline_tui.domain.telephony import CallEvent, fold
from tests.unit.telephony.fakeami import FakeAsterisk

UID = "1700000000.1"


def chan(event: str, uid: str = UID, linked: str = UID, **kw: str) -> dict[str, str]:
    return {"Event": event, "Uniqueid": uid, "Linkedid": linked, **kw}


ANSWERED = [
    chan("Newchannel", CallerIDNum="02162345678", Exten="4008001234", Channel="PJSIP/trunk-1"),
    chan("DialBegin", DestCallerIDNum="101", DestExten="101", CallerIDNum="02162345678"),
    chan("BridgeEnter", uid="1700000000.2", CallerIDNum="101"),
    chan("BridgeEnter", CallerIDNum="02162345678"),
    chan("Hangup", uid="1700000000.2", Cause="16"),
    chan("Hangup", Cause="16"),
]
Q = "1700000009.1"
ABANDONED = [
    chan("Newchannel", Q, Q, CallerIDNum="13812345678", Exten="4008001234"),
    chan("QueueCallerJoin", Q, Q, CallerIDNum="13812345678", Queue="hotline"),
    chan("QueueCallerAbandon", Q, Q, Queue="hotline"),
    chan("Hangup", Q, Q, Cause="16"),
]


async def follow(fake: FakeAsterisk, until: int, secret: str = "s3cret") -> list[CallEvent]:
    got: list[CallEvent] = []

    async def sink(ev: CallEvent) -> None:
        got.append(ev)

    follower = AmiFollower(
        "127.0.0.1", fake.port, "hotline", secret, Settings(), sink=sink, first_backoff=0.01
    )
    follower.mapper.staff_extensions = lambda: {"101"}
    task = asyncio.create_task(follower.run_forever())
    try:
        async with asyncio.timeout(10):
            while len(got) < until:
                await asyncio.sleep(0.01)
    finally:
        task.cancel()
    return got


def state(events: list[CallEvent]):
    s = None
    for e in events:
        s = fold(s, e)
    return s


async def test_ami_events_map_to_an_answered_call_at_the_extension() -> None:
    fake = await FakeAsterisk("hotline", "s3cret", [ANSWERED]).start()
    try:
        got = await follow(fake, until=4)
    finally:
        await fake.stop()
    s = state(got)
    assert s.status == "answered" and s.extension == "101" and s.answering_number == "101"
    assert s.from_number == "02162345678" and s.direction == "in"
    assert fake.logins[0]["Username"] == "hotline"


async def test_ami_reconnects_after_a_dropped_connection_and_sees_the_queue_abandon() -> None:
    fake = await FakeAsterisk("hotline", "s3cret", [ANSWERED[:1] + ["DROP"], ABANDONED]).start()
    try:
        got = await follow(fake, until=5)
    finally:
        await fake.stop()
    assert len(fake.logins) == 2  # logged in again after the drop
    assert [e.call_id for e in got].count(UID) == 1
    abandoned = state([e for e in got if e.call_id == Q])
    assert abandoned.queue == "hotline" and abandoned.status == "missed"
    assert abandoned.cause == "abandon"


async def test_ami_wrong_secret_is_refused_without_echoing_it() -> None:
    fake = await FakeAsterisk("hotline", "s3cret", []).start()
    try:
        with pytest.raises(AmiError) as err:
            await AmiConnection.open("127.0.0.1", fake.port, "hotline", "wrong")
    finally:
        await fake.stop()
    assert "wrong" not in str(err.value)


async def test_originate_rings_the_operator_extension_then_dials_the_customer() -> None:
    fake = await FakeAsterisk("hotline", "s3cret", [[]]).start()
    try:
        ok = await originate(
            "127.0.0.1", fake.port, "hotline", "s3cret", "PJSIP/101", "13812345678", "from-internal"
        )
        async with asyncio.timeout(5):
            while not fake.actions:
                await asyncio.sleep(0.01)
    finally:
        await fake.stop()
    assert ok
    action = fake.actions[0]
    assert action["Action"] == "Originate" and action["Channel"] == "PJSIP/101"
    assert action["Exten"] == "13812345678" and action["Context"] == "from-internal"


def test_ami_secret_only_from_a_file_or_the_environment(tmp_path) -> None:
    from tests.unit.telephony.fakepbx import run

    url = f"sqlite:///{tmp_path / 'x.db'}"
    done = run(url, "cti", "ami", "--user", "hotline")
    assert done.returncode != 0 and "HOTLINE_AMI_SECRET" in done.stderr
    assert "Traceback" not in done.stderr
    refused = run(url, "cti", "ami", "--user", "hotline", "--secret", "x")
    assert refused.returncode == 2 and "unrecognized arguments" in refused.stderr


def test_hotline_cti_ami_stores_the_calls_it_follows(tmp_path, clock) -> None:
    """The real command against the fake Asterisk: events become stored calls."""
    import threading
    import time

    from hotline_tui.store.base import database
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import MissedCall, PhoneCall, Staff
    from tests.unit.telephony.fakepbx import hotline

    url = f"sqlite:///{tmp_path / 'ami.db'}"
    open_database(url)
    Staff.create(agent_no="1001", name="王丽", extension="101", created_at=clock.now())
    loop = asyncio.new_event_loop()
    fake = FakeAsterisk("hotline", "s3cret", [ANSWERED + ABANDONED])
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(fake.start(), loop).result(5)
    proc = hotline(
        url,
        "cti",
        "ami",
        "--port",
        str(fake.port),
        "--user",
        "hotline",
        env={"HOTLINE_AMI_SECRET": "s3cret"},
    )
    try:
        deadline = time.monotonic() + 30
        while PhoneCall.select().where(PhoneCall.ended_at.is_null(False)).count() < 2:
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "calls not stored"
            time.sleep(0.05)
        answered = PhoneCall.get(PhoneCall.call_id == UID)
        assert answered.status == "answered" and answered.agent.agent_no == "1001"
        assert answered.source == "ami:127.0.0.1" and answered.number_norm == "02162345678"
        assert PhoneCall.get(PhoneCall.call_id == Q).status == "missed"
        assert MissedCall.get().number_norm == "13812345678"
        assert "s3cret" not in " ".join(proc.args)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        close_database()
        database.initialize(None)
