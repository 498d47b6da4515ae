"""The write path: permissions, optimistic versions, ticket numbers, busy retries."""

from __future__ import annotations

import itertools

import peewee as pw
import pytest

from hotline_tui.domain import permissions
from hotline_tui.domain.errors import ConflictError, PermissionDenied, ValidationError
from hotline_tui.services.auth import staff as staff_svc
from hotline_tui.services.base import BusyError, bump_version, next_number, retrying, transaction
from hotline_tui.store.models import AuditEntry, Customer


def test_every_role_action_pair_follows_the_table() -> None:
    """The role x action table is data; check() agrees with it for every pair."""
    for role, action in itertools.product(permissions.ROLES, permissions.ACTIONS):
        allowed = role in permissions.ACTIONS[action]
        if allowed:
            permissions.check([role], action)
        else:
            with pytest.raises(PermissionDenied):
                permissions.check([role], action)


def test_unknown_action_is_refused() -> None:
    with pytest.raises(PermissionDenied):
        permissions.check(list(permissions.ROLES), "nonsense.action")


def test_only_managers_manage_staff(staff, ctx_for) -> None:
    with pytest.raises(PermissionDenied):
        staff_svc.create_staff(ctx_for(staff["operator"]), "1099", "某人", ["operator"])
    made = staff_svc.create_staff(ctx_for(staff["manager"]), "1099", "某人", ["operator"])
    assert made.agent_no == "1099"
    assert AuditEntry.select().where(AuditEntry.action == "staff.create").count() == 1


def test_duplicate_agent_number_is_refused(staff, ctx_for) -> None:
    with pytest.raises(ValidationError) as exc:
        staff_svc.create_staff(ctx_for(staff["manager"]), "1001", "重复", ["operator"])
    assert exc.value.field == "agent_no"


def test_inactive_staff_cannot_sign_in_or_act(staff, ctx_for) -> None:
    mgr = ctx_for(staff["manager"])
    staff_svc.update_staff(mgr, staff["operator2"].id, active=False)
    from hotline_tui.domain.errors import NotFound

    with pytest.raises(NotFound):
        staff_svc.find_by_agent_no("1002")


def test_optimistic_version_refuses_the_second_writer(staff, clock) -> None:
    now = clock.now()
    Customer.create(name="甲", created_at=now, updated_at=now)
    first, second = Customer.get(), Customer.get()
    with transaction():
        first.name = "甲一"
        bump_version(first, None)
    second.name = "甲二"
    with pytest.raises(ConflictError):
        with transaction():
            bump_version(second, None, who="1001")
    assert Customer.get().name == "甲一" and Customer.get().version == 2


def test_ticket_numbers_count_per_day(staff, clock) -> None:
    day = clock.now().date()
    with transaction():
        a = next_number("HL", day)
        b = next_number("HL", day)
    assert (a, b) == ("HL20261123-0001", "HL20261123-0002")


def test_locked_database_becomes_a_clear_busy_error() -> None:
    def always_locked() -> None:
        raise pw.OperationalError("database is locked")

    with pytest.raises(BusyError) as exc:
        retrying(always_locked, attempts=2)
    assert "busy" in str(exc.value).lower() or "正忙" in str(exc.value)


def test_retry_succeeds_after_a_transient_lock() -> None:
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise pw.OperationalError("database is locked")
        return "ok"

    assert retrying(flaky) == "ok" and len(calls) == 3
