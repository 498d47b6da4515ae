"""What proves who sits at the desk: credentials, the sign-in log and the
security settings that only a manager may change.

The password hash lives beside the staff row, not in it, so a staff snapshot
in the audit trail never carries a hash.
"""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, JSONTextField, UTCDateTimeField
from hotline_tui.store.models_people import Staff


class Credential(BaseModel):
    """One staff member's password (an argon2id hash) and lockout state."""

    staff = pw.ForeignKeyField(Staff, unique=True, backref="+", on_delete="CASCADE")
    password_hash = pw.CharField(max_length=255)
    must_change = pw.BooleanField(default=False)  # a one-time password from a manager
    failed_count = pw.IntegerField(default=0)  # failures in a row since the last success
    locked_until = UTCDateTimeField(null=True)
    changed_at = UTCDateTimeField()


class SignInEvent(BaseModel):
    """Every sign-in, failure, lockout, unlock and sign-out, with where it came from."""

    at = UTCDateTimeField(index=True)
    agent_no = pw.CharField(max_length=16, index=True)  # as typed (bounded), even if unknown
    staff = pw.ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    event = pw.CharField(max_length=16)  # sign_in | failure | lockout | unlock | sign_out
    os_user = pw.CharField(max_length=64, default="")
    host = pw.CharField(max_length=128, default="")
    terminal = pw.CharField(max_length=128, default="")  # a tty, or a browser's address
    by_no = pw.CharField(max_length=16, default="")  # who unlocked (a manager)


class SecuritySetting(BaseModel):
    """One security setting (who reads restricted files, lockout, idle, passwords)."""

    key = pw.CharField(max_length=48, primary_key=True)
    value = JSONTextField()
    changed_at = UTCDateTimeField(null=True)
    changed_by = pw.CharField(max_length=16, default="")
