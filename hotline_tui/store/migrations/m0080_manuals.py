"""What the service manuals add: a call's recording reference (H16), the
program-change request (H17) and the duty checklist (R5)."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing
from hotline_tui.store.models import Call, ChangeRequest, DutyChecklist

ID = "0080_manuals"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, Call, "recording_ref")
    db.create_tables([ChangeRequest, DutyChecklist], safe=True)
