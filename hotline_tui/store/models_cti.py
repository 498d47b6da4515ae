"""The phone system's calls, the tokens PBXs post with, and missed calls as work
(H1, H14, R1, R3). See docs/TELEPHONY.md."""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, JSONTextField, UTCDateTimeField, VersionedModel
from hotline_tui.store.models_people import Contact, Customer, Staff
from hotline_tui.store.models_work import Call


class CtiToken(BaseModel):
    """One PBX's key to the CTI endpoint: only its argon2id hash is kept.

    `lookup` is the token's public first part, so a post finds its row without
    trying every hash; the rest of the token is the secret.
    """

    name = pw.CharField(max_length=64, unique=True)
    lookup = pw.CharField(max_length=16, unique=True)
    hash = pw.CharField(max_length=200)
    created_at = UTCDateTimeField()
    created_by = pw.CharField(max_length=16, default="")
    revoked_at = UTCDateTimeField(null=True)
    last_used_at = UTCDateTimeField(null=True)


class MissedCall(VersionedModel):
    """A call nobody answered, as an item with an owner and a deadline.

    Further calls from the same number before it is returned attach to it
    (`calls` counts them) instead of making new items.
    """

    number = pw.CharField(max_length=64, default="")  # as the PBX sent it
    number_norm = pw.CharField(max_length=32, default="", index=True)
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="SET NULL", backref="+")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="missed_calls")
    status = pw.CharField(max_length=16, default="open")  # open | returned | acknowledged
    calls = pw.IntegerField(default=1)
    created_at = UTCDateTimeField()
    due_at = UTCDateTimeField()
    due_rule = pw.CharField(max_length=8, default="MC")
    closed_at = UTCDateTimeField(null=True)
    closed_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    reason = pw.CharField(max_length=200, default="")

    class Meta:
        indexes = ((("status", "due_at"), False), (("owner", "status", "due_at"), False))


class PhoneCall(BaseModel):
    """One call as the PBX reported it; `fold()` in domain/telephony.py is its logic."""

    call_id = pw.CharField(max_length=250, unique=True)
    source = pw.CharField(max_length=80, default="")  # cti:<token name> | ami:<host>
    direction = pw.CharField(max_length=4, default="in")
    from_number = pw.CharField(max_length=64, default="")
    to_number = pw.CharField(max_length=64, default="")
    number_norm = pw.CharField(max_length=32, default="", index=True)  # the customer's side
    queue = pw.CharField(max_length=64, default="")
    extension = pw.CharField(max_length=32, default="")
    users = JSONTextField(null=True)
    answering_number = pw.CharField(max_length=64, default="")
    agent = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="phone_calls")
    first_heard = UTCDateTimeField(index=True)
    ringing_from = UTCDateTimeField(null=True)
    answered_at = UTCDateTimeField(null=True)
    ended_at = UTCDateTimeField(null=True)
    cause = pw.CharField(max_length=32, default="")
    status = pw.CharField(max_length=12, default="ringing", index=True)
    seen = pw.CharField(max_length=32, default="")  # event kinds heard, comma-separated
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="SET NULL", backref="+")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    hotline_call = pw.ForeignKeyField(Call, null=True, on_delete="SET NULL", backref="phone_calls")
    missed = pw.ForeignKeyField(MissedCall, null=True, on_delete="SET NULL", backref="phone_calls")
    updated_at = UTCDateTimeField()
