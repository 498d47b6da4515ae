"""The change feed: every committed write says what changed, so every desk can show it.

A write publishes `(kind, id)` pairs (never customer data) inside its own
transaction, so a rolled-back write publishes nothing and a committed one is
seen by every desk at once:

- PostgreSQL: `pg_notify('hotline_changes', 'call:12')` in the transaction;
  the server delivers it at commit to every desk's one LISTEN connection.
- SQLite: a row in the small `change_log` table (pruned as it grows); a desk
  polls `PRAGMA data_version` (moves when another connection commits; one
  trivial query) a few times a second and reads the log only when it moved.

`services.base.audit()` publishes for every audited write, so no service has
to remember; `publish()` is also there for writes that are not audited.

Kinds are model table names: "call", "callback", "dispatch_request",
"complaint", "handover", "handover_item", "roster_shift", "customer",
"library_entry", "staff", ... and "phone_call" (telephony). The kind `RESYNC`
with id 0 means "anything may have changed" (after a reconnect, or when too
much changed at once): every list reloads.
"""

from __future__ import annotations

import logging
import select
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import peewee as pw
import pendulum

from hotline_tui.store.base import BaseModel, UTCDateTimeField, database

log = logging.getLogger(__name__)

#: The PostgreSQL notification channel.
CHANNEL = "hotline_changes"
#: "Anything may have changed": lists reload everything.
RESYNC = ("*", 0)
#: SQLite: how often an idle desk looks at `PRAGMA data_version` (seconds).
POLL_SECONDS = 0.2
#: SQLite: rows kept in the change log; a desk further behind resynchronizes.
KEEP_ROWS = 5000
#: A batch larger than this becomes one RESYNC (a bulk import, demo data).
MAX_BATCH = 500
#: Reconnect backoff (seconds): first wait, longest wait.
BACKOFF = (0.2, 5.0)

Change = tuple[str, int]


class ChangeLog(BaseModel):
    """SQLite's record of what each commit changed, read by the other desks."""

    kind = pw.CharField(max_length=32)
    ident = pw.BigIntegerField()
    at = UTCDateTimeField()


def _ident(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0  # "some row of this kind" (a record without a numeric id)


def publish(kind: str, ident: Any) -> None:
    """Record that row `ident` of `kind` changed, in the current transaction."""
    db = database.obj
    if db is None or not kind:
        return
    ident = _ident(ident)
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, f"{kind}:{ident}"))
        return
    row = ChangeLog.create(kind=kind[:32], ident=ident, at=pendulum.now("UTC"))
    if row.id % 500 == 0:  # prune now and then, inside the same transaction
        ChangeLog.delete().where(ChangeLog.id <= row.id - KEEP_ROWS).execute()


def parse_payload(payload: str) -> set[Change]:
    """'call:12,callback:3' -> {("call", 12), ("callback", 3)}; junk is skipped."""
    out: set[Change] = set()
    for part in payload.split(","):
        kind, _, ident = part.strip().rpartition(":")
        if kind:
            out.add((kind, _ident(ident)))
    return out


def _batch(changes: Iterable[Change]) -> frozenset[Change]:
    changes = frozenset(changes)
    return frozenset({RESYNC}) if len(changes) > MAX_BATCH else changes


class ChangeListener:
    """Watches the database for other commits in a daemon thread (never the UI's).

    `on_changes(frozenset[(kind, id)])` is called from that thread with each
    batch; `on_status(online: bool)` when the connection is lost or back (after
    coming back it also sends RESYNC, since notifications meanwhile are lost).
    Both callbacks must be thread-safe (e.g. Textual's `post_message`).
    """

    def __init__(
        self,
        on_changes: Callable[[frozenset[Change]], None],
        on_status: Callable[[bool], None] | None = None,
        db: pw.Database | None = None,
        poll: float = POLL_SECONDS,
    ) -> None:
        self.db = db or database.obj
        self.on_changes = on_changes
        self.on_status = on_status or (lambda online: None)
        self.poll = poll
        self.online = True
        self.ready = threading.Event()  # set once listening (tests wait for it)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None

    @property
    def postgres(self) -> bool:
        return isinstance(self.db, pw.PostgresqlDatabase)

    def start(self) -> ChangeListener:
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def backend_pid(self) -> int | None:
        """The PostgreSQL server process of the LISTEN connection (tests end it)."""
        conn = self._conn
        return conn.get_backend_pid() if conn is not None and self.postgres else None

    # -- the loop ------------------------------------------------------------
    def _run(self) -> None:
        delay = BACKOFF[0]
        first = True
        while not self._stop.is_set():
            try:
                self._listen(resync=not first)
                return  # stopped
            except Exception as exc:
                if self._stop.is_set():
                    return
                log.info("change feed lost: %s", type(exc).__name__)
                self._close()
                if self.online:
                    self.online = False
                    self.on_status(False)
            first = False
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, BACKOFF[1])

    def _came_online(self, resync: bool) -> None:
        self.ready.set()
        if not self.online:
            self.online = True
            self.on_status(True)
        if resync:
            self.on_changes(frozenset({RESYNC}))

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        try:
            if self.postgres and conn is not None:
                conn.close()
            elif not self.postgres and not self.db.is_closed():
                self.db.close()
        except Exception:
            pass

    def _listen(self, resync: bool) -> None:
        if self.postgres:
            self._listen_pg(resync)
        else:
            self._listen_sqlite(resync)

    def _listen_pg(self, resync: bool) -> None:
        import psycopg2  # the desk has it once a PostgreSQL database is open

        params = dict(self.db.connect_params)
        params.setdefault("keepalives", 1)
        params.setdefault("keepalives_idle", 5)
        params.setdefault("keepalives_interval", 2)
        params.setdefault("keepalives_count", 2)
        params.setdefault("connect_timeout", 5)
        conn = self._conn = psycopg2.connect(dbname=self.db.database, **params)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"LISTEN {CHANNEL}")
        self._came_online(resync)
        last_ping = time.monotonic()
        while not self._stop.is_set():
            readable, _, _ = select.select([conn], [], [], 0.5)
            if readable:
                conn.poll()  # raises once the server has gone
                changes: set[Change] = set()
                while conn.notifies:
                    changes |= parse_payload(conn.notifies.pop(0).payload)
                if changes:
                    self.on_changes(_batch(changes))
            elif time.monotonic() - last_ping > 15:  # a silent network loss shows here
                with conn.cursor() as cur:
                    cur.execute("SELECT 1")
                last_ping = time.monotonic()
        self._close()

    def _listen_sqlite(self, resync: bool) -> None:
        db = self.db
        db.connect(reuse_if_open=True)  # this thread's own connection
        try:
            last_id = db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM change_log").fetchone()[0]
            version = db.execute_sql("PRAGMA data_version").fetchone()[0]
            self._came_online(resync)
            while not self._stop.wait(self.poll):
                now = db.execute_sql("PRAGMA data_version").fetchone()[0]
                if now == version:
                    continue
                version = now
                rows = db.execute_sql(
                    "SELECT id, kind, ident FROM change_log WHERE id > ? ORDER BY id", (last_id,)
                ).fetchall()
                if not rows:
                    continue
                behind = rows[0][0] > last_id + 1 and last_id > 0  # pruned past us
                last_id = rows[-1][0]
                changes = {(kind, int(ident)) for _, kind, ident in rows}
                self.on_changes(frozenset({RESYNC}) if behind else _batch(changes))
        finally:
            if not db.is_closed():
                db.close()
