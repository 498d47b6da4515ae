"""Per-item end-of-duty notes on the duty session (R3 handover notes)."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing
from hotline_tui.store.models import DutySession

ID = "0005_duty_item_notes"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, DutySession, "item_notes")
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS duty_session_staff_signed_in "
        "ON duty_session (staff_id, signed_in_at)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS roster_shift_staff_starts ON roster_shift (staff_id, starts_at)"
    )
