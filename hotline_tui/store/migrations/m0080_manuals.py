"""What the service manuals add: a call's recording reference (H16), the
program-change request (H17), the duty checklist (R5), and what the on-site
sheet records and the manager's sign-off after the callback (D4, D6)."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing
from hotline_tui.store.models import Call, ChangeRequest, DispatchRequest, DutyChecklist

ID = "0080_manuals"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, Call, "recording_ref")
    for name in ("cause", "prevention", "customer_checked", "customer_opinion"):  # D4
        add_column_if_missing(db, DispatchRequest, name)
    add_column_if_missing(db, DispatchRequest, "manager_signed_at")  # D6
    db.create_tables([ChangeRequest, DutyChecklist], safe=True)
