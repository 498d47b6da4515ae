"""The change token the manager's review polls to refresh by itself (docs/DESIGN.md, the manager's review).

A watcher thread holds one connection and calls back when another desk
commits, without the manager pressing anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import peewee as pw

from hotline_tui.store.base import database
from hotline_tui.store.models import AuditEntry


def data_version() -> tuple:
    """A token that changes whenever another desk commits a write (docs/DESIGN.md, the manager's review refresh).

    SQLite: `PRAGMA data_version` changes when another connection commits, so
    poll it on one connection held open for the whole poll. PostgreSQL: the
    current snapshot (xmin:xmax:running) moves whenever a writing transaction
    starts or ends. Both add the newest audit entry id: every service write
    leaves one, so the token moves even on a connection opened per call.
    """
    db = database.obj
    last_audit = AuditEntry.select(pw.fn.MAX(AuditEntry.id)).scalar()
    if isinstance(db, pw.PostgresqlDatabase):
        row = db.execute_sql("SELECT pg_current_snapshot()::text").fetchone()
    else:
        row = db.execute_sql("PRAGMA data_version").fetchone()
    return (row[0] if row else None, last_audit)


def watch(changed: Callable[[], None], stop: threading.Event, every: float = 2.0) -> None:
    """Call `changed()` whenever another desk commits, until `stop` is set (in a thread).

    Holds one connection for the whole watch, which is what makes SQLite's
    `PRAGMA data_version` meaningful; the poll is one tiny query per `every`.
    Every wait is `stop.wait()`, so setting `stop` ends the watch at once."""
    if database.is_closed():
        with database.connection_context():
            return _watch(changed, stop, every)
    return _watch(changed, stop, every)


def _watch(changed: Callable[[], None], stop: threading.Event, every: float) -> None:
    last = data_version()
    while not stop.wait(every):
        try:
            token = data_version()
        except pw.OperationalError:  # e.g. a long write holds the lock: try next time
            continue
        if token != last:
            last = token
            changed()
