"""Personal access tokens: shown once, stored hashed, expire, revoked, read-only."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import NotFound, PermissionDenied, ValidationError
from hotline_tui.services.admin.calendar import set_override
from hotline_tui.services.auth.tokens import (
    create_token,
    list_tokens,
    parse_lifetime,
    revoke_token,
    token_state,
    verify_token,
)
from hotline_tui.services.base import ServiceContext
from hotline_tui.store.models import AccessToken, AuditEntry


def test_a_token_is_shown_once_and_stored_only_as_an_argon2id_hash(staff, ctx_for, clock) -> None:
    made = create_token(ctx_for(staff["operator"]), days=90, label="监控")
    assert made.secret.startswith("hlt_") and len(made.secret) > 50
    row = AccessToken.get_by_id(made.row.id)
    assert row.secret_hash.startswith("$argon2id$")
    assert made.secret.split("_", 2)[2] not in row.secret_hash
    assert verify_token(made.secret, clock.now()).staff.agent_no == "1001"
    audit = AuditEntry.get(AuditEntry.action == "token.create")
    assert "secret_hash" not in (audit.after or {})


def test_a_wrong_or_unknown_token_gets_one_message(staff, ctx_for, clock) -> None:
    made = create_token(ctx_for(staff["operator"]))
    wrong = made.secret[:-4] + ("AAAA" if not made.secret.endswith("AAAA") else "BBBB")
    unknown = "hlt_0123456789_" + made.secret.split("_", 2)[2]
    messages = set()
    for bad in (wrong, unknown, "hlt_nonsense", ""):
        with pytest.raises(PermissionDenied) as err:
            verify_token(bad, clock.now())
        messages.add(str(err.value))
    assert len(messages) == 1


def test_an_expired_token_is_refused(staff, ctx_for, clock) -> None:
    made = create_token(ctx_for(staff["operator"]), days=1)
    assert verify_token(made.secret, clock.now().add(hours=23))
    with pytest.raises(PermissionDenied, match="expired|过期"):
        verify_token(made.secret, clock.now().add(days=1, seconds=1))
    assert token_state(made.row, clock.now().add(days=2)) == "expired"


def test_a_revoked_token_is_refused(staff, ctx_for, clock) -> None:
    ctx = ctx_for(staff["operator"])
    made = create_token(ctx)
    revoke_token(ctx, made.row.key)
    with pytest.raises(PermissionDenied, match="revoked|吊销"):
        verify_token(made.secret, clock.now())


def test_only_the_owner_or_a_manager_revokes_a_token(staff, ctx_for) -> None:
    made = create_token(ctx_for(staff["operator"]))
    with pytest.raises(NotFound):
        revoke_token(ctx_for(staff["operator2"]), made.row.key)
    revoke_token(ctx_for(staff["manager"]), made.row.key)
    assert AccessToken.get_by_id(made.row.id).revoked_at is not None


def test_a_read_only_context_may_read_but_writing_refuses(staff, settings, clock) -> None:
    ctx = ServiceContext(actor=staff["manager"], settings=settings, clock=clock, read_only=True)
    assert list_tokens(ctx) == []
    with pytest.raises(PermissionDenied, match="read-only|只读"):
        set_override(ctx, clock.now().date(), False, "")


def test_a_token_cannot_make_another_token(staff, settings, clock) -> None:
    ctx = ServiceContext(actor=staff["manager"], settings=settings, clock=clock, via_token=True)
    with pytest.raises(PermissionDenied):
        create_token(ctx)


def test_listing_everyone_s_tokens_is_for_managers(staff, ctx_for) -> None:
    create_token(ctx_for(staff["operator"]))
    create_token(ctx_for(staff["manager"]))
    assert len(list_tokens(ctx_for(staff["manager"]), everyone=True)) == 2
    assert len(list_tokens(ctx_for(staff["operator"]))) == 1
    with pytest.raises(PermissionDenied):
        list_tokens(ctx_for(staff["operator"]), everyone=True)


@pytest.mark.parametrize(("text", "days"), [("90d", 90), ("12w", 84), ("30", 30)])
def test_lifetimes(text: str, days: int) -> None:
    assert parse_lifetime(text) == days


@pytest.mark.parametrize("text", ["0d", "400d", "forever", "-1d", ""])
def test_bad_lifetimes(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_lifetime(text)
