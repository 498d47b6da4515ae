"""Telephony: PBX calls, CTI tokens, missed calls, and the staff's PBX extension."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing
from hotline_tui.store.models import CtiToken, MissedCall, PhoneCall, Staff

ID = "0060_telephony"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, Staff, "extension")
    db.execute_sql("CREATE INDEX IF NOT EXISTS staff_extension ON staff (extension)")
    db.create_tables([CtiToken, MissedCall, PhoneCall], safe=True)
