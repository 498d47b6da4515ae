"""Indexes for the manager's review and statistics (docs/DESIGN.md, the manager's review): promises by due
time and calls per operator per day stay index-backed at a million calls."""

import peewee as pw

ID = "0009_review_indexes"

INDEXES = (
    'CREATE INDEX IF NOT EXISTS call_due_at ON "call" (due_at)',
    'CREATE INDEX IF NOT EXISTS call_started_taken_by ON "call" (started_at, taken_by_id)',
    'CREATE INDEX IF NOT EXISTS callback_due_at ON "callback" (due_at)',
    # H6/H7 promises kept or broken: hold events in the window, not 3M events scanned
    'CREATE INDEX IF NOT EXISTS call_event_kind_at ON "call_event" (kind, at)',
    'CREATE INDEX IF NOT EXISTS complaint_owner_status ON "complaint" (owner_id, status)',
    "CREATE INDEX IF NOT EXISTS dispatch_request_requested_by_state"
    ' ON "dispatch_request" (requested_by_id, state)',
)


def apply(db: pw.Database) -> None:
    for sql in INDEXES:
        db.execute_sql(sql)
