"""The operator's desk stays index-backed at a million calls (docs/PERFORMANCE.md; the
EXPLAIN before and after is in docs/PERFORMANCE.md).

The single-column owner indexes (made for the foreign keys) lured SQLite's
planner away from (owner, status, due_at) for the desk query: it read every
call the operator ever took, 0.4 s at 1,000,000 calls, growing with history.
The composite indexes start with the owner, so they serve the foreign keys too.
"""

import peewee as pw

ID = "0011_owner_indexes"

STATEMENTS = (
    # the composite indexes that cover the owner (models' Meta, m0009)
    'CREATE INDEX IF NOT EXISTS call_owner_id_status_due_at ON "call" (owner_id, status, due_at)',
    "CREATE INDEX IF NOT EXISTS callback_owner_id_status_due_at"
    ' ON "callback" (owner_id, status, due_at)',
    'CREATE INDEX IF NOT EXISTS complaint_owner_status ON "complaint" (owner_id, status)',
    "DROP INDEX IF EXISTS call_owner_id",
    "DROP INDEX IF EXISTS callback_owner_id",
    "DROP INDEX IF EXISTS complaint_owner_id",
)


def apply(db: pw.Database) -> None:
    for sql in STATEMENTS:
        db.execute_sql(sql)
