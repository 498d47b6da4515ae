"""On PostgreSQL the role the desks use (not the tables' owner) cannot empty the
logs, rewrite them or set their triggers aside (docs/OPERATIONS.md: the owner
role vs the desk role). A real non-owner role on the throwaway cluster."""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import psycopg2
import pytest

from hotline_tui.services.customers import contacts as svc
from tests import conftest

pytestmark = pytest.mark.postgres
_n = itertools.count()


@pytest.fixture
def pg_url(clock):
    """A migrated PostgreSQL database only (these are PostgreSQL's own guards)."""
    from hotline_tui.store.base import database
    from hotline_tui.store.db import close_database, open_database

    url = conftest.new_pg_url()
    open_database(url)
    yield url
    close_database()
    database.initialize(None)


@pytest.fixture
def staff(pg_url, clock):
    return conftest._make_staff(clock.now())


@pytest.fixture
def desk_conn(pg_url, staff, ctx_for):
    db_url = pg_url
    svc.create_customer(ctx_for(staff["manager"]), name="某研究所", confidentiality="top_secret")
    dbname = urlsplit(db_url).path.lstrip("/")
    role = f"desk_{next(_n)}_{dbname}"[:60]
    cluster = conftest._pg_cluster()
    cluster.admin(f"CREATE ROLE {role} LOGIN")
    grant = psycopg2.connect(host=str(cluster.root), user="postgres", dbname=dbname)
    grant.autocommit = True
    with grant.cursor() as cur:  # what docs/OPERATIONS.md grants the desk role
        cur.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    grant.close()
    conn = psycopg2.connect(host=str(cluster.root), user=role, dbname=dbname)
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE audit_entry",
        "TRUNCATE access_log",
        "DELETE FROM audit_entry",
        "UPDATE audit_entry SET action = 'x'",
        "DROP TRIGGER audit_entry_append_only ON audit_entry",
        "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only",
        "DROP TRIGGER audit_entry_no_truncate ON audit_entry",
        "ALTER TABLE access_log DISABLE TRIGGER ALL",
    ],
)
def test_desk_role_cannot_empty_or_unguard_the_logs(desk_conn, sql) -> None:
    with desk_conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_entry")
        before = cur.fetchone()[0]
        with pytest.raises(psycopg2.Error):
            cur.execute(sql)
        cur.execute("SELECT count(*) FROM audit_entry")
        assert cur.fetchone()[0] == before > 0


def test_owner_cannot_truncate_either_without_dropping_the_trigger(staff, ctx_for) -> None:
    import peewee as pw

    from hotline_tui.store.base import database

    svc.create_customer(ctx_for(staff["manager"]), name="某公司")
    with pytest.raises(pw.DatabaseError):
        with database.atomic():
            database.execute_sql("TRUNCATE audit_entry")
