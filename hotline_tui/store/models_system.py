"""Records the desk keeps about itself: audit, access log, drafts, calendar
overrides and the applied schema migrations."""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, JSONTextField, UTCDateTimeField
from hotline_tui.store.models_people import Customer, Staff


class AuditEntry(BaseModel):
    """Who changed what, with before/after. Append-only: no service edits or deletes it."""

    at = UTCDateTimeField(index=True)
    actor = pw.ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    actor_no = pw.CharField(max_length=16, default="")  # kept even if staff is removed
    action = pw.CharField(max_length=48, index=True)
    record_type = pw.CharField(max_length=32, default="")
    record_id = pw.CharField(max_length=32, default="")
    before = JSONTextField(null=True)
    after = JSONTextField(null=True)
    # tamper evidence (store/chain.py): the previous entry's hash and this one's
    prev_hash = pw.CharField(max_length=64, default="")
    chain_hash = pw.CharField(max_length=64, default="")

    class Meta:
        indexes = ((("record_type", "record_id"), False),)


class AccessLog(BaseModel):
    """Every opening of a 机密/绝密 customer file (S2), like the old borrowing card."""

    at = UTCDateTimeField(index=True)
    actor = pw.ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    customer = pw.ForeignKeyField(Customer, backref="access_log", on_delete="CASCADE")
    level = pw.CharField(max_length=16)
    view = pw.CharField(max_length=16)  # full | minimum
    purpose = pw.CharField(max_length=64, default="")
    prev_hash = pw.CharField(max_length=64, default="")
    chain_hash = pw.CharField(max_length=64, default="")


class Draft(BaseModel):
    """Work being typed, saved as it is typed so a crash loses nothing."""

    staff = pw.ForeignKeyField(Staff, backref="drafts", on_delete="CASCADE")
    kind = pw.CharField(max_length=32)
    data = JSONTextField()
    updated_at = UTCDateTimeField()

    class Meta:
        indexes = ((("staff", "kind"), True),)


class CalendarOverride(BaseModel):
    """A center's own working-day decision that beats the public calendar (W1)."""

    day = pw.DateField(unique=True)
    working = pw.BooleanField()
    note = pw.CharField(max_length=100, default="")


class Counter(BaseModel):
    """Per-day ticket number sequences, taken inside the writing transaction."""

    name = pw.CharField(max_length=32, primary_key=True)
    value = pw.IntegerField(default=0)


class SchemaMigration(BaseModel):
    id = pw.CharField(max_length=64, primary_key=True)
    applied_at = UTCDateTimeField()
