"""Callbacks keep their first due time (F7 on-time figures survive retries) and
the hotline call a callback turned into (F5)."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing, column_names
from hotline_tui.store.models import Callback

ID = "0007_callback_followup"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, Callback, "first_due_at")
    # A foreign key's column is new_call_id, which the helper does not look for.
    if "new_call_id" not in column_names(db, "callback"):
        add_column_if_missing(db, Callback, "new_call")
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS callback_kind_customer_due ON callback (kind, customer_id, due_at)"
    )
