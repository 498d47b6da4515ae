"""The problem library's search index (H9): FTS5 on SQLite, tsvector + GIN on
PostgreSQL; existing entries are indexed in the same migration."""

import peewee as pw

from hotline_tui.store import search

ID = "0003_library_search"


def apply(db: pw.Database) -> None:
    search.create_index(db)
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS library_entry_status_id ON library_entry (status, id)"
    )
    search.reindex_all()
