"""Personal access tokens: how scripts and monitoring prove who runs them."""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, UTCDateTimeField
from hotline_tui.store.models_people import Staff


class AccessToken(BaseModel):
    """One token of one staff member. The secret itself is never stored: only
    its argon2id hash; `key` is the public half that finds the row."""

    staff = pw.ForeignKeyField(Staff, backref="tokens", on_delete="CASCADE")
    key = pw.CharField(max_length=16, unique=True)
    secret_hash = pw.CharField(max_length=200)
    label = pw.CharField(max_length=64, default="")
    read_only = pw.BooleanField(default=False)
    created_at = UTCDateTimeField()
    expires_at = UTCDateTimeField(null=True)
    revoked_at = UTCDateTimeField(null=True)
    last_used_at = UTCDateTimeField(null=True)
