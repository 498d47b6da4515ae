"""Calling out: one key dials the callback's contact through the operator's
extension (AMI Originate to a fake Asterisk on loopback), logged as an attempt."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.callbacks import followups as callbacks
from hotline_tui.services.calls.dial_out import dial_callback
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import CallbackAttempt
from tests.unit.telephony.fakeami import FakeAsterisk


@pytest.fixture
def asterisk(monkeypatch):
    """A fake Asterisk on its own loop in a thread; the desk's AMI settings point at it."""
    loop = asyncio.new_event_loop()
    fake = FakeAsterisk("hotline", "s3cret", [[], [], []])
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(fake.start(), loop).result(5)
    monkeypatch.setenv("HOTLINE_AMI_HOST", "127.0.0.1")
    monkeypatch.setenv("HOTLINE_AMI_PORT", str(fake.port))
    monkeypatch.setenv("HOTLINE_AMI_USER", "hotline")
    monkeypatch.setenv("HOTLINE_AMI_SECRET", "s3cret")
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def test_f1_dial_a_callback_rings_my_extension_and_logs_the_attempt(
    sqlite_db, asterisk, ctx_for, clock
) -> None:
    from tests.conftest import _make_staff

    staff = _make_staff(clock.now())
    op = staff["operator"]
    op.extension = "101"
    op.save()
    ctx = ctx_for(op)
    c = create_customer(
        ctx_for(staff["manager"]),
        name="上海宏达机械有限公司",
        contacts=[{"name": "王建国", "mobile": "138-1234-5678"}],
    )
    cb = callbacks.create_callback(
        ctx,
        kind="F1",
        due_at=clock.now().add(days=3),
        customer_id=c.id,
        contact_id=c.contacts[0].id,
        owner_id=op.id,
    )
    assert dial_callback(ctx, cb.id) == "13812345678"
    import time

    deadline = time.monotonic() + 5
    while not asterisk.actions:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    action = asterisk.actions[0]
    assert action["Action"] == "Originate" and action["Channel"] == "PJSIP/101"
    assert action["Exten"] == "13812345678"
    attempt = CallbackAttempt.get()
    assert attempt.result == "dialled" and attempt.actor_id == op.id


def test_dial_needs_my_extension_and_a_configured_pbx(sqlite_db, ctx_for, clock, monkeypatch):
    from hotline_tui.services.calls.dial_out import dial_number
    from tests.conftest import _make_staff

    staff = _make_staff(clock.now())
    with pytest.raises(ValidationError, match="分机"):
        dial_number(ctx_for(staff["operator"]), "13812345678")
    staff["operator"].extension = "101"
    monkeypatch.delenv("HOTLINE_AMI_HOST", raising=False)
    with pytest.raises(ValidationError, match="尚未设置"):
        dial_number(ctx_for(staff["operator"]), "13812345678")
