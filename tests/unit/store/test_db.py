"""The store on both engines: pragmas, migrations, time zones."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.store.base import database
from hotline_tui.store.db import DatabaseUrlError, close_database, make_database, open_database
from hotline_tui.store.migrations import available, migrate, schema_version
from hotline_tui.store.models import Call, SchemaMigration, Staff


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_db) -> None:
    assert sqlite_db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sqlite_db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sqlite_db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_schema_version_is_the_newest_migration(db) -> None:
    newest = max(int(m.ID[:4]) for m in available())
    assert schema_version(db) == newest


def test_w2_times_come_back_aware_in_utc(staff) -> None:
    local = pendulum.datetime(2026, 11, 23, 18, 30, tz="Asia/Shanghai")
    Staff.update(created_at=local).where(Staff.id == staff["operator"].id).execute()
    back = Staff.get_by_id(staff["operator"].id).created_at
    assert back == local
    assert back.tzinfo is not None and back.utcoffset().total_seconds() == 0


def test_naive_datetimes_are_refused(staff) -> None:
    from datetime import datetime

    with pytest.raises((ValueError, TypeError)):
        Staff.update(created_at=datetime(2026, 1, 1)).execute()


def test_older_database_is_upgraded_on_open(tmp_path) -> None:
    """A database made at schema version 1 gets the later migrations on start."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url, migrate=False)
    migrate(db, upto="0001_base")
    assert schema_version(db) == 1
    close_database()
    db = open_database(url)
    assert schema_version(db) == max(int(m.ID[:4]) for m in available())
    names = {r[1] for r in db.execute_sql("PRAGMA index_list(audit_entry)").fetchall()}
    assert "audit_entry_actor_at" in names
    assert SchemaMigration.select().count() == len(available())
    assert Call.select().count() == 0
    close_database()


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://x/y", "unsupported"),
        ("sqlite:////no/such/folder/desk.db", "does not exist"),
        ("postgresql://host:notaport/db", "port"),
        ("postgresql://host/", "names no database"),
        ("", "no database URL"),
    ],
)
def test_bad_database_urls_have_clear_messages(url: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message):
        make_database(url)


def test_database_proxy_is_bound(db) -> None:
    assert database.obj is db


def test_every_migration_id_matches_its_module_name() -> None:
    """`migrate()` skips applied migrations by module name, without importing them."""
    for module in available():
        assert module.__name__.rsplit(".", 1)[1] == "m" + module.ID


@pytest.mark.postgres
def test_postgresql_workers_take_a_pooled_connection_not_a_new_server_process() -> None:
    """Each worker opens and closes a connection around its call; on PostgreSQL the
    same server process serves them one after another (docs/PERFORMANCE.md: a new one per
    call cost several ms on a socket, more over a network)."""
    import threading

    from tests.conftest import new_pg_url

    open_database(new_pg_url())
    database.close()  # as the app does after the migrations
    pids: list[int] = []

    def work() -> None:
        with database.connection_context():
            pids.append(database.execute_sql("SELECT pg_backend_pid()").fetchone()[0])

    try:
        for _ in range(3):
            t = threading.Thread(target=work)
            t.start()
            t.join()
    finally:
        close_database()
    assert len(pids) == 3 and len(set(pids)) == 1


def test_a_warming_query_that_fails_does_not_keep_the_desk_from_its_database(tmp_path) -> None:
    """Only connecting and migrating decide whether the background opening worked."""
    from hotline_tui.store.db import open_database_in_background, wait_until_open

    def broken() -> None:
        raise ValueError("bad data in a warm-up query")

    try:
        open_database_in_background(f"sqlite:///{tmp_path / 'desk.db'}", warm=broken)
        wait_until_open()  # no error
        assert Staff.select().count() == 0
    finally:
        close_database()


def test_a_bad_url_fails_at_once_not_in_the_background(tmp_path) -> None:
    from hotline_tui.store.db import open_database_in_background

    with pytest.raises(DatabaseUrlError, match="does not exist"):
        open_database_in_background(f"sqlite:///{tmp_path}/no/such/desk.db")
