"""The change feed (store/feed.py) on SQLite and PostgreSQL: a committed write
reaches a listener, a rolled-back one does not, and a lost connection comes
back by itself with a resync."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from hotline_tui.services.base import transaction
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.base import database
from hotline_tui.store.feed import RESYNC, ChangeListener, parse_payload, publish


def wait_for(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Poll until `predicate()` is true; fail at the deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within the deadline")
        time.sleep(0.01)


class Heard:
    """What a listener called back with, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.changes: set[tuple[str, int]] = set()
        self.batches = 0
        self.status: list[bool] = []

    def on_changes(self, changes: frozenset[tuple[str, int]]) -> None:
        with self.lock:
            self.changes |= changes
            self.batches += 1

    def on_status(self, online: bool) -> None:
        with self.lock:
            self.status.append(online)


@pytest.fixture
def heard(db: object) -> Iterator[tuple[Heard, ChangeListener]]:
    heard = Heard()
    listener = ChangeListener(heard.on_changes, heard.on_status, poll=0.05).start()
    assert listener.ready.wait(10)
    yield heard, listener
    listener.stop()


def test_feed_payload_parses_kind_and_id() -> None:
    assert parse_payload("call:12,dispatch_request:3, junk ,:") == {
        ("call", 12),
        ("dispatch_request", 3),
    }


def test_feed_every_audited_write_is_published(heard, staff, ctx_for) -> None:
    """A service writes and audits: the listener hears the kind and id, nothing else."""
    feed, _listener = heard
    customer = create_customer(ctx_for(staff["operator"]), name="远东软件有限公司")
    wait_for(lambda: ("customer", customer.id) in feed.changes)
    assert all(isinstance(i, int) for _, i in feed.changes)


def test_feed_rolled_back_write_publishes_nothing(heard) -> None:
    feed, _listener = heard
    with pytest.raises(RuntimeError):
        with transaction():
            publish("call", 41)
            raise RuntimeError("the write fails")
    with transaction():
        publish("call", 42)
    wait_for(lambda: ("call", 42) in feed.changes)
    assert ("call", 41) not in feed.changes


def test_feed_one_transaction_is_one_batch(heard) -> None:
    feed, _listener = heard
    with transaction():
        for i in range(1, 6):
            publish("callback", i)
    wait_for(lambda: {("callback", i) for i in range(1, 6)} <= feed.changes)
    assert feed.batches <= 2  # delivered together (PostgreSQL may split a queue read)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_feed_reconnects_after_the_server_drops_it(heard) -> None:
    """pg_terminate_backend on the LISTEN connection: offline, back, resync, and live."""
    feed, listener = heard
    pid = listener.backend_pid()
    assert pid
    database.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
    wait_for(lambda: feed.status[:1] == [False])
    wait_for(lambda: feed.status == [False, True] and RESYNC in feed.changes, timeout=10)
    assert listener.backend_pid() != pid
    with transaction():
        publish("complaint", 7)
    wait_for(lambda: ("complaint", 7) in feed.changes)
