"""Sign-in proves who sits at the desk: passwords, lockout, the sign-in log,
step-up and the security settings in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.auth import hashing as auth_hashing
from hotline_tui.services.auth import security_settings
from hotline_tui.services.auth import sign_in as auth
from hotline_tui.services.auth.sign_in import SignInPlace, SignInRefused, StepUpRequired
from hotline_tui.services.customers import contacts as customers
from hotline_tui.store.models import AuditEntry, Credential, SignInEvent, Staff

HERE = SignInPlace(os_user="wangli", host="desk-3", terminal="/dev/pts/4")


def _events(agent_no: str) -> list[str]:
    q = SignInEvent.select().where(SignInEvent.agent_no == agent_no).order_by(SignInEvent.id)
    return [e.event for e in q]


def test_right_password_signs_in_and_is_logged_with_its_place(staff, clock) -> None:
    ctx = auth.sign_in("1001", "hotline-1001", HERE, clock=clock)
    assert ctx.actor.id == staff["operator"].id
    assert ctx.proven_at == clock.now()
    row = SignInEvent.get(SignInEvent.agent_no == "1001")
    assert (row.event, row.os_user, row.host, row.terminal) == (
        "sign_in",
        "wangli",
        "desk-3",
        "/dev/pts/4",
    )


def test_unknown_number_and_wrong_password_get_the_same_message(staff, clock) -> None:
    with pytest.raises(SignInRefused) as wrong:
        auth.sign_in("1001", "not-her-password", HERE, clock=clock)
    with pytest.raises(SignInRefused) as unknown:
        auth.sign_in("4040", "whatever-1234", HERE, clock=clock)
    assert str(wrong.value) == str(unknown.value)
    assert _events("1001") == ["failure"] and _events("4040") == ["failure"]


def test_unknown_number_is_checked_against_a_dummy_hash(staff, clock, monkeypatch) -> None:
    """The same work as a wrong password: one argon2 verification each."""
    seen = []
    real = auth_hashing.verify
    monkeypatch.setattr(auth_hashing, "verify", lambda h, p: seen.append(h) or real(h, p))
    with pytest.raises(SignInRefused):
        auth.sign_in("4040", "whatever-1234", HERE, clock=clock)
    with pytest.raises(SignInRefused):
        auth.sign_in("1001", "whatever-1234", HERE, clock=clock)
    assert len(seen) == 2 and seen[0] == auth_hashing.dummy_hash()


def test_lockout_after_five_failures_for_fifteen_minutes_then_manager_unlocks(
    staff, clock, ctx_for
) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            auth.sign_in("1001", "wrong-password", HERE, clock=clock)
    assert _events("1001") == ["failure"] * 5 + ["lockout"]
    with pytest.raises(SignInRefused, match="锁定"):
        auth.sign_in("1001", "hotline-1001", HERE, clock=clock)  # even the right one
    clock.advance(minutes=16)
    auth.sign_in("1001", "hotline-1001", HERE, clock=clock)  # the lock ran out
    for _ in range(5):
        with pytest.raises(SignInRefused):
            auth.sign_in("1001", "wrong-password", HERE, clock=clock)
    with pytest.raises(PermissionDenied):
        auth.unlock(ctx_for(staff["operator2"]), "1001", HERE)
    auth.unlock(ctx_for(staff["manager"]), "1001", HERE)
    auth.sign_in("1001", "hotline-1001", HERE, clock=clock)
    unlock = SignInEvent.get(SignInEvent.event == "unlock")
    assert unlock.by_no == "9001"
    assert AuditEntry.select().where(AuditEntry.action == "staff.unlock").count() == 1


def test_lockout_numbers_come_from_the_database(staff, clock, ctx_for) -> None:
    security_settings.update_security_settings(
        ctx_for(staff["manager"]), lockout_failures=2, lockout_minutes=60
    )
    for _ in range(2):
        with pytest.raises(SignInRefused):
            auth.sign_in("1002", "wrong-password", HERE, clock=clock)
    clock.advance(minutes=30)
    with pytest.raises(SignInRefused, match="锁定"):
        auth.sign_in("1002", "hotline-1002", HERE, clock=clock)


def test_reset_gives_a_one_time_password_that_must_be_changed(staff, clock, ctx_for) -> None:
    one_time = auth.reset_password(ctx_for(staff["manager"]), "1001")
    with pytest.raises(SignInRefused):
        auth.sign_in("1001", "hotline-1001", HERE, clock=clock)
    ctx = auth.sign_in("1001", one_time, HERE, clock=clock)
    assert ctx.must_change
    with pytest.raises(ValidationError):
        auth.change_own_password(ctx, one_time, "short")
    auth.change_own_password(ctx, one_time, "a-new-long-one")
    assert not auth.sign_in("1001", "a-new-long-one", HERE, clock=clock).must_change
    audit = [a.after for a in AuditEntry.select().where(AuditEntry.action.startswith("staff.pa"))]
    assert all("hash" not in str(a) and one_time not in str(a) for a in audit)


def test_change_own_password_needs_the_old_one(staff, clock, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    with pytest.raises(ValidationError) as err:
        auth.change_own_password(ctx, "not-the-old", "brand-new-pass")
    assert err.value.field == "old_password"


def test_only_a_manager_resets_or_sets_passwords(staff, ctx_for) -> None:
    with pytest.raises(PermissionDenied):
        auth.reset_password(ctx_for(staff["operator"]), "1002")
    with pytest.raises(PermissionDenied):
        auth.set_password(ctx_for(staff["supervisor"]), "1002", "long-enough-1")


def test_password_hash_is_argon2id_and_upgraded_at_next_sign_in(staff, clock) -> None:
    cred = Credential.get(Credential.staff == staff["operator"].id)
    assert cred.password_hash.startswith("$argon2id$")
    stronger = auth_hashing.HashParameters(time_cost=2, memory_cost=16, parallelism=1)
    previous = auth_hashing.use_parameters(stronger)
    try:
        auth.sign_in("1001", "hotline-1001", HERE, clock=clock)
        upgraded = Credential.get_by_id(cred.id).password_hash
        assert upgraded != cred.password_hash and "t=2" in upgraded
        assert not auth_hashing.needs_rehash(upgraded)
    finally:
        auth_hashing.use_parameters(previous)
    auth.sign_in("1001", "hotline-1001", HERE, clock=clock)


def test_staff_without_a_password_cannot_sign_in(db, clock) -> None:
    Credential.delete().execute()
    person = Staff.get_or_none(Staff.agent_no == "7001") or Staff.create(
        agent_no="7001", name="新人", roles="operator", created_at=clock.now()
    )
    Credential.delete().where(Credential.staff == person.id).execute()
    with pytest.raises(SignInRefused):
        auth.sign_in("7001", "hotline-7001", HERE, clock=clock)


def test_sign_in_log_is_for_managers(staff, clock, ctx_for) -> None:
    auth.sign_in("1001", "hotline-1001", HERE, clock=clock)
    with pytest.raises(SignInRefused):
        auth.sign_in("1001", "nope-nope-nope", HERE, clock=clock)
    with pytest.raises(PermissionDenied):
        auth.sign_in_log(ctx_for(staff["operator"]))
    rows = auth.sign_in_log(ctx_for(staff["manager"]), agent_no="1001")
    assert [r.event for r in rows] == ["failure", "sign_in"]
    assert rows[1].staff_name == "王丽" and rows[1].host == "desk-3"


def test_s2_step_up_for_top_secret_file_after_fifteen_minutes(staff, clock, ctx_for) -> None:
    unit = customers.create_customer(
        ctx_for(staff["manager"]), name="绝密单位", confidentiality="top_secret"
    )
    ctx = auth.sign_in("9001", "hotline-9001", HERE, clock=clock)
    assert customers.view_customer(ctx, unit.id).full
    clock.advance(minutes=16)
    with pytest.raises(StepUpRequired):
        customers.view_customer(ctx, unit.id)
    with pytest.raises(StepUpRequired):
        auth.sign_in_log(ctx)
    auth.prove_again(ctx, "hotline-9001", HERE)
    assert customers.view_customer(ctx, unit.id).full


def test_s2_personal_settings_cannot_widen_access(staff, clock, ctx_for, settings) -> None:
    """confidential_roles in a settings file no longer opens restricted files."""
    import dataclasses

    unit = customers.create_customer(
        ctx_for(staff["manager"]), name="机密单位", confidentiality="confidential"
    )
    wide = dataclasses.replace(settings, confidential_roles=("operator",))
    op = auth.sign_in("1001", "hotline-1001", HERE, settings=wide, clock=clock)
    assert not customers.view_customer(op, unit.id).full
    # A new database may start from the file; a manager's decision then stands.
    assert security_settings.seed_from_settings(wide, clock)
    assert customers.view_customer(op, unit.id).full
    security_settings.update_security_settings(ctx_for(staff["manager"]), confidential_roles=[])
    assert not security_settings.seed_from_settings(wide, clock)
    assert not customers.view_customer(op, unit.id).full


def test_security_settings_change_only_by_manager_and_audited(staff, ctx_for) -> None:
    with pytest.raises(PermissionDenied):
        security_settings.update_security_settings(ctx_for(staff["operator"]), idle_minutes=0)
    with pytest.raises(ValidationError):
        security_settings.update_security_settings(ctx_for(staff["manager"]), min_password_length=3)
    policy = security_settings.update_security_settings(
        ctx_for(staff["manager"]), idle_minutes=0, confidential_roles=["supervisor"]
    )
    assert policy.idle_minutes == 0 and policy.confidential_roles == ("supervisor",)
    changes = AuditEntry.select().where(AuditEntry.action == "security.change")
    assert sorted(c.record_id for c in changes) == ["confidential_roles", "idle_minutes"]
