"""The library's GIN index without a pending list (store/search_pg.py, GIN_INDEX):
searches no longer scan entries waiting for a vacuum. PostgreSQL only; the
pending entries are merged first."""

import peewee as pw

ID = "0013_library_gin_direct"


def apply(db: pw.Database) -> None:
    if not isinstance(db, pw.PostgresqlDatabase):
        return
    db.execute_sql("SELECT gin_clean_pending_list('library_search_vec'::regclass)")
    db.execute_sql("ALTER INDEX library_search_vec SET (fastupdate = off)")
