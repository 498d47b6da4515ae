"""Personal access tokens: scripts and monitoring prove who runs them.

A token reads `hlt_<key>_<secret>`: `key` (10 hex digits) is public and finds
the row, `secret` is 256 random bits shown once at creation. Only an argon2id
hash of the secret is stored, made with the same parameters as the passwords
(services/auth_hashing.py: every secret of the desk as argon2id). With 256 random bits a fast hash
would already resist guessing; argon2id costs one verification per command
(the key finds the one row to check), so it buys uniformity, not speed.

A token acts with its owner's roles, or read-only: `writing()` then refuses
every write (services/base.py). A token cannot make another token, so a
leaked one cannot outlive its expiry or its revocation.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pendulum

from hotline_tui.domain.errors import NotFound, PermissionDenied, ValidationError
from hotline_tui.services.auth import hashing
from hotline_tui.services.base import ServiceContext, audit, snapshot, writing
from hotline_tui.store.models import AccessToken, Staff

PREFIX = "hlt_"
MAX_DAYS = 366
_SHAPE = re.compile(r"^hlt_([0-9a-f]{10})_([A-Za-z0-9_-]{43})$")
#: What the audit trail keeps of a token: never its hash.
_AUDITED = ["staff", "key", "label", "read_only", "created_at", "expires_at", "revoked_at"]


@dataclass(frozen=True)
class NewToken:
    """A token just made: `secret` is the only time the full token exists."""

    row: AccessToken
    secret: str


def parse_lifetime(text: str) -> int:
    """Days from `90d`, `12w` or `90`: between 1 and MAX_DAYS."""
    m = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", text or "")
    if not m:
        raise ValidationError("expires", "Give a lifetime such as 90d or 12w")
    days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError("expires", "A token lives 1 to {n} days", n=MAX_DAYS)
    return days


def create_token(
    ctx: ServiceContext, days: int = 90, read_only: bool = False, label: str = ""
) -> NewToken:
    """A new token for the acting person, proven by their password."""
    if ctx.via_token:
        raise PermissionDenied("A token cannot make another token: sign in with your password")
    if not isinstance(label, str) or len(label) > 64:
        raise ValidationError("label", "A label is at most 64 characters")
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError("expires", "A token lives 1 to {n} days", n=MAX_DAYS)
    key = secrets.token_hex(5)
    secret = secrets.token_urlsafe(32)
    with writing(ctx, "token.create"):
        row = AccessToken.create(
            staff=ctx.actor,
            key=key,
            secret_hash=hashing.hash_password(secret),
            label=label.strip(),
            read_only=read_only,
            created_at=ctx.now(),
            expires_at=ctx.now().add(days=days),
        )
        audit(ctx, "token.create", row, after=snapshot(row, _AUDITED))
    return NewToken(row=row, secret=f"{PREFIX}{key}_{secret}")


def list_tokens(ctx: ServiceContext, everyone: bool = False) -> list[AccessToken]:
    """The acting person's tokens; a manager may list everyone's."""
    query = AccessToken.select(AccessToken, Staff).join(Staff).order_by(AccessToken.id)
    if everyone:
        from hotline_tui.services.base import require

        require(ctx, "token.manage_all")
    else:
        query = query.where(AccessToken.staff == ctx.actor)
    return list(query)


def revoke_token(ctx: ServiceContext, key: str) -> AccessToken:
    """Revoke one token by its key: one's own, or anyone's for a manager."""
    row = AccessToken.get_or_none(AccessToken.key == (key or "").strip().lower())
    own = row is not None and row.staff_id == ctx.actor.id
    if row is None or not (own or ctx.can("token.manage_all")):
        raise NotFound("No token {key} of yours", key=key)
    with writing(ctx, "token.revoke" if own else "token.manage_all"):
        row = AccessToken.get_by_id(row.id)
        before = snapshot(row, _AUDITED)
        if row.revoked_at is None:
            row.revoked_at = ctx.now()
            row.save()
        audit(ctx, "token.revoke", row, before=before, after=snapshot(row, _AUDITED))
    return row


def token_state(row: AccessToken, now: datetime) -> str:
    """`active`, `expired` or `revoked`, for lists."""
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at is not None and pendulum.instance(row.expires_at) <= now:
        return "expired"
    return "active"


def verify_token(raw: str, now: pendulum.DateTime) -> AccessToken:
    """The token row a presented token proves, or PermissionDenied.

    A malformed, unknown or wrong token gets one message (and an unknown key
    still costs a hash check); only a genuine token learns it expired or was revoked.
    """
    m = _SHAPE.match((raw or "").strip())
    row = AccessToken.get_or_none(AccessToken.key == m.group(1)) if m else None
    if row is None:
        hashing.verify(hashing.dummy_hash(), "x" * 43)  # the same work as a real check
        raise PermissionDenied("This access token is not valid")
    assert m is not None  # a row was found by the match's key
    if not hashing.verify(row.secret_hash, m.group(2)):
        raise PermissionDenied("This access token is not valid")
    staff = Staff.get_by_id(row.staff_id)
    if row.revoked_at is not None:
        raise PermissionDenied("This access token was revoked")
    if row.expires_at is not None and pendulum.instance(row.expires_at) <= now:
        raise PermissionDenied("This access token expired")
    if not staff.active:
        raise PermissionDenied("This access token is not valid")
    AccessToken.update(last_used_at=now).where(AccessToken.id == row.id).execute()
    return row
