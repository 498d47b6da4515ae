"""The hold-event index of the review statistics, for databases made before it
was added to 0009 (0009 creates it on new databases; IF NOT EXISTS makes this a
no-op there)."""

import peewee as pw

ID = "0012_event_kind_index"


def apply(db: pw.Database) -> None:
    db.execute_sql('CREATE INDEX IF NOT EXISTS call_event_kind_at ON "call_event" (kind, at)')
