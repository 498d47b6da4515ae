"""The keys PBXs post to the CTI endpoint with: one per PBX, shown once, kept as
an argon2id hash, revocable (docs/TELEPHONY.md)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.services.base import ServiceContext, audit, require, snapshot, writing
from hotline_tui.store.models import CtiToken

LOOKUP_LEN = 12
_NAME = re.compile(r"^[\w.\-]{1,64}$")
_TOKEN = re.compile(r"^[0-9a-f]{12}[A-Za-z0-9_\-]{20,100}$")
_hasher = PasswordHasher()
# A verified token's SHA-256 per row, so a busy PBX does not pay argon2 on every
# event; the row (and its revocation) is still read on every post.
_verified: dict[int, bytes] = {}
_lock = threading.Lock()


def create_token(ctx: ServiceContext, name: str) -> tuple[CtiToken, str]:
    """A new token for the PBX `name`; the clear token is returned once, never stored."""
    name = (name or "").strip()
    if not _NAME.match(name):
        raise ValidationError("name", "A token name is 1-64 letters, digits, '.', '-' or '_'")
    with writing(ctx, "cti.manage"):
        if CtiToken.get_or_none(CtiToken.name == name) is not None:
            raise ValidationError("name", "A token named {name} exists already", name=name)
        lookup = secrets.token_hex(LOOKUP_LEN // 2)
        token = lookup + secrets.token_urlsafe(24)
        row = CtiToken.create(
            name=name,
            lookup=lookup,
            hash=_hasher.hash(token),
            created_at=ctx.now(),
            created_by=ctx.actor.agent_no,
        )
        audit(ctx, "cti.token_create", row, after=snapshot(row, ["name", "created_at"]))
    return row, token


def list_tokens(ctx: ServiceContext) -> list[CtiToken]:
    require(ctx, "cti.manage")
    return list(CtiToken.select().order_by(CtiToken.name))


def revoke_token(ctx: ServiceContext, name: str) -> CtiToken:
    with writing(ctx, "cti.manage"):
        row = CtiToken.get_or_none(CtiToken.name == name)
        if row is None:
            raise NotFound("No CTI token named {name}", name=name)
        if row.revoked_at is None:
            row.revoked_at = ctx.now()
            row.save()
            audit(ctx, "cti.token_revoke", row, after=snapshot(row, ["name", "revoked_at"]))
    with _lock:
        _verified.pop(row.id, None)
    return row


def check_token(token: str) -> CtiToken | None:
    """The live token row `token` proves, or None (wrong, revoked, malformed)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    row = CtiToken.get_or_none(CtiToken.lookup == token[:LOOKUP_LEN])
    if row is None or row.revoked_at is not None:
        return None
    digest = hashlib.sha256(token.encode()).digest()
    with _lock:
        known = _verified.get(row.id)
    if known is not None and hmac.compare_digest(known, digest):
        return row
    try:
        _hasher.verify(row.hash, token)
    except (VerificationError, InvalidHashError):
        return None
    with _lock:
        _verified[row.id] = digest
    return row
