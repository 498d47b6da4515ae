"""Tamper evidence: the audit and access logs get their hash chain (store/chain.py),
existing entries chained from the start; on PostgreSQL TRUNCATE is refused too.

This runs as the owner of the tables: the append-only triggers are set aside
for the one UPDATE that writes the hashes of the entries already there.
"""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing
from hotline_tui.store.models import AccessLog, AuditEntry

ID = "0041_log_chain"

TABLES = ("audit_entry", "access_log")


def apply(db: pw.Database) -> None:
    from hotline_tui.store import chain
    from hotline_tui.store.migrations import m0010_audit_guard

    pg = isinstance(db, pw.PostgresqlDatabase)
    with db.atomic():
        for table in TABLES:  # adding a column fills it by an UPDATE: guards aside first
            if pg:
                db.execute_sql(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            else:
                db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
        for model in (AuditEntry, AccessLog):
            add_column_if_missing(db, model, "prev_hash")
            add_column_if_missing(db, model, "chain_hash")
        for table in TABLES:
            chain.rechain(db, table)
            if pg:
                db.execute_sql(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        if not pg:
            m0010_audit_guard.apply(db)
            return
        for table in TABLES:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            db.execute_sql(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION hotline_append_only()"
            )
