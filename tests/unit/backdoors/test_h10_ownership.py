"""H10: only the owner of a call or callback, or a manager, edits, transfers or
closes it; the refusal names the owner; a transfer names a person or a
department and is logged."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.callbacks.followups import (
    create_callback,
    finish_callback,
    record_unreachable,
)
from hotline_tui.services.calls import outcomes
from hotline_tui.services.calls.calls import start_call, update_call
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import AuditEntry, Call, Callback, CallEvent

FORM = {"symptom": "月末结账时提示账套被占用", "resolution": "清除异常任务后正常"}


@pytest.fixture
def unit(staff, ctx_for):
    return create_customer(
        ctx_for(staff["manager"]),
        name="上海宏达机械有限公司",
        contacts=[{"name": "王建国", "mobile": "13812345678"}],
    )


@pytest.fixture
def call(staff, ctx_for, unit):
    c = start_call(ctx_for(staff["operator"]))
    return update_call(ctx_for(staff["operator"]), c.id, customer_id=unit.id)


def test_h10_another_operator_cannot_edit_transfer_or_close(staff, ctx_for, call) -> None:
    other = ctx_for(staff["operator2"])
    attempts = (
        lambda: update_call(other, call.id, symptom="改掉别人的记录"),
        lambda: outcomes.solve_call(other, call.id, **FORM),
        lambda: outcomes.hold_call(other, call.id, symptom=FORM["symptom"]),
        lambda: outcomes.transfer_call(other, call.id, to_department="研发部"),
        lambda: outcomes.abandon_call(other, call.id),
    )
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as err:
            attempt()
        assert "1001 王丽" in str(err.value)  # the refusal names the owner
    row = Call.get_by_id(call.id)
    assert row.status == "open" and row.owner_id == staff["operator"].id


def test_h10_owner_and_manager_may_close(staff, ctx_for, call) -> None:
    outcomes.solve_call(ctx_for(staff["manager"]), call.id, **FORM)
    assert Call.get_by_id(call.id).status == "solved"


def test_h10_transfer_names_a_person_and_is_logged(staff, ctx_for, call) -> None:
    op = ctx_for(staff["operator"])
    with pytest.raises(ValidationError):
        outcomes.transfer_call(op, call.id)  # nobody named
    outcomes.transfer_call(op, call.id, to_staff_id=staff["operator2"].id, symptom=FORM["symptom"])
    row = Call.get_by_id(call.id)
    assert row.owner_id == staff["operator2"].id and row.status == "open"
    ev = CallEvent.get((CallEvent.call == call.id) & (CallEvent.kind == "transferred"))
    assert ev.detail["to_staff"] == staff["operator2"].id
    assert AuditEntry.select().where(AuditEntry.action == "call.transfer").count() == 1
    with pytest.raises(PermissionDenied):  # no longer the first operator's
        update_call(op, call.id, symptom="再改")


def test_h10_callback_worked_only_by_owner_or_manager(staff, ctx_for, clock, unit) -> None:
    op = ctx_for(staff["operator"])
    cb = create_callback(op, kind="F1", due_at=clock.now().add(days=3), customer_id=unit.id)
    other = ctx_for(staff["operator2"])
    with pytest.raises(PermissionDenied) as err:
        record_unreachable(other, cb.id, note="无人接听")
    assert "1001 王丽" in str(err.value)
    with pytest.raises(PermissionDenied):
        finish_callback(other, cb.id, answers={})
    assert Callback.get_by_id(cb.id).status == "open"
