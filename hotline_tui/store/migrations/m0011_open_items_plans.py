"""Open items stay index-backed at a million calls (docs/PERFORMANCE.md; the EXPLAIN before
and after is in docs/PERFORMANCE.md).

A full index on `call.due_at` let the planner answer the manager's open-items
query by walking every call in due order (the NULLs of a million closed calls
included) to find the few hundred open ones: 2 s at 1,000,000 calls. A partial
index on the calls that have a deadline still serves due-time lookups
(`due_at IS NOT NULL`, `<`, `>`), is a fraction of the size, and leaves the
open-items query to the (status, due_at) index: 25 ms.
"""

import peewee as pw

ID = "0011_open_items_plans"


def apply(db: pw.Database) -> None:
    db.execute_sql("DROP INDEX IF EXISTS call_due_at")
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS call_due_at_set ON "call" (due_at) WHERE due_at IS NOT NULL'
    )
