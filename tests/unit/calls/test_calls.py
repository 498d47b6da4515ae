"""Calls from start to outcome, on SQLite and PostgreSQL (H3-H11, H14, F1, S2)."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain.errors import InvalidTransition, ValidationError
from hotline_tui.services.calls import outcomes
from hotline_tui.services.calls.calls import call_events, caller_summary, start_call, update_call
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import AccessLog, AuditEntry, Call, Callback, DispatchRequest
from tests.unit.calls.conftest import FORM


def _new_call(ctx, unit, **extra):
    call = start_call(ctx)
    contact = unit.contacts.get()
    return update_call(
        ctx, call.id, customer_id=unit.id, contact_id=contact.id, **{**FORM, **extra}
    )


def test_start_call_records_start_time_owner_and_ticket_no(staff, ctx_for, clock) -> None:
    ctx = ctx_for(staff["operator"])
    first = start_call(ctx, late_pickup=True)
    second = start_call(ctx)
    assert first.ticket_no == "HL20261123-0001" and second.ticket_no == "HL20261123-0002"
    row = Call.get_by_id(first.id)
    assert row.started_at == clock.now() and row.status == "open"
    assert row.owner_id == row.taken_by_id == staff["operator"].id  # H10: first contact owns
    assert row.late_pickup  # H1
    assert [e.kind for e in call_events(first.id)] == ["started"]


def test_update_call_checks_fields_and_logs_changes(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = _new_call(ctx, unit)
    assert call.caller_phone_norm == "13812345678"
    with pytest.raises(ValidationError) as err:
        update_call(ctx, call.id, category="nonsense")
    assert err.value.field == "category"
    with pytest.raises(ValidationError) as err:
        update_call(ctx, call.id, caller_phone="12")
    assert err.value.field == "caller_phone"
    assert "updated" in [e.kind for e in call_events(call.id)]


def test_h6_callback_due_one_hour_after_hold(staff, ctx_for, unit, clock) -> None:
    ctx = ctx_for(staff["operator"])
    call = _new_call(ctx, unit)
    clock.advance(minutes=7)  # hung up seven minutes into the call
    held = outcomes.hold_call(ctx, call.id)
    row = Call.get_by_id(held.id)
    assert row.status == "on_hold" and row.due_rule == "H6"
    assert row.due_at == clock.now().add(hours=1)
    assert AuditEntry.get(AuditEntry.action == "call.hold").record_id == str(call.id)


def test_h6_each_callback_attempt_is_logged(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = outcomes.hold_call(ctx, _new_call(ctx, unit).id)
    outcomes.record_attempt(ctx, call.id, result="no_answer")
    with pytest.raises(ValidationError) as err:
        outcomes.record_attempt(ctx, call.id, result="wrong_person")
    assert err.value.field == "note"
    outcomes.record_attempt(
        ctx, call.id, result="reached", answers={"confirm_person": {"answer": "yes"}}
    )
    got = outcomes.attempts(call.id)
    assert [a["result"] for a in got] == ["no_answer", "reached"]
    assert got[1]["answers"] == {"confirm_person": {"answer": "yes"}}
    solved = outcomes.solve_call(ctx, call.id, resolution="重新登录后结账成功")
    assert solved.status == "solved" and Call.get_by_id(call.id).due_at is None


def test_h7_consultation_answer_due_within_three_hours(staff, ctx_for, unit, clock) -> None:
    ctx = ctx_for(staff["operator"])
    call = outcomes.consult_call(ctx, _new_call(ctx, unit).id)
    row = Call.get_by_id(call.id)
    assert (row.status, row.due_rule, row.due_at) == (
        "consultation",
        "H7",
        clock.now().add(hours=3),
    )


def test_h8_dispatch_request_carries_the_call(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = outcomes.dispatch_call(ctx, _new_call(ctx, unit).id, error_message="错误代码 0x15")
    req = DispatchRequest.get(DispatchRequest.call == call.id)
    assert req.customer_id == unit.id and req.state == "requested"
    assert "账套被占用" in req.problem and "0x15" in req.problem
    row = Call.get_by_id(call.id)
    assert row.suggest_onsite and row.status == "dispatch"
    assert "dispatch_requested" in [e.kind for e in call_events(call.id)]


def test_h10_transfer_to_a_named_person_moves_ownership(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    held = outcomes.hold_call(ctx, _new_call(ctx, unit).id)
    due = Call.get_by_id(held.id).due_at
    with pytest.raises(ValidationError) as err:
        outcomes.transfer_call(ctx, held.id)
    assert err.value.field == "transfer_to"
    outcomes.transfer_call(ctx, held.id, to_staff_id=staff["operator2"].id, note="他熟悉报表")
    row = Call.get_by_id(held.id)
    assert row.owner_id == staff["operator2"].id and row.taken_by_id == staff["operator"].id
    assert row.status == "on_hold" and row.due_at == due  # the promise moves with it
    ev = [e for e in call_events(held.id) if e.kind == "transferred"][0]
    assert (
        ev.detail["from_owner"] == staff["operator"].id
        and ev.detail["to_staff"] == staff["operator2"].id
    )
    assert AuditEntry.select().where(AuditEntry.action == "call.transfer").count() == 1


def test_h10_transfer_to_a_department_leaves_the_desk(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = outcomes.transfer_call(ctx, _new_call(ctx, unit).id, to_department="实施部")
    row = Call.get_by_id(call.id)
    assert (row.status, row.transferred_to, row.owner_id) == (
        "transferred",
        "实施部",
        staff["operator"].id,
    )


def test_f1_solved_call_schedules_callback_within_three_days(staff, ctx_for, unit, clock) -> None:
    ctx = ctx_for(staff["operator"])
    call = _new_call(ctx, unit)
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(ctx, call.id)
    assert err.value.field == "resolution"
    assert Call.get_by_id(call.id).status == "open"  # refused: nothing half-written
    outcomes.solve_call(ctx, call.id, resolution="清除占用进程后重新结账", remote=True)
    cb = Callback.get(Callback.call == call.id)
    assert (cb.kind, cb.owner_id, cb.customer_id) == ("F1", staff["operator"].id, unit.id)
    assert cb.due_at == clock.now().add(days=3)
    with pytest.raises(InvalidTransition):
        outcomes.hold_call(ctx, call.id)  # one outcome per call


@pytest.mark.parametrize("category", ["password_reset", "data_clear"])
def test_h11_sensitive_call_not_solved_without_written_authorization(
    staff, ctx_for, unit, category
) -> None:
    ctx = ctx_for(staff["operator"])
    call = _new_call(ctx, unit, category=category)
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(ctx, call.id, resolution="已按授权书重置")
    assert err.value.field == "auth_doc_ref" and "书面授权" in str(err.value)
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(
            ctx,
            call.id,
            resolution="x" * 5,
            auth_doc_ref="SQ-2026-01",
            auth_received_on="2026-12-01",
            auth_contact="王建国",
        )
    assert err.value.field == "auth_received_on"  # not from the future
    assert Callback.select().count() == 0
    outcomes.solve_call(
        ctx,
        call.id,
        resolution="已按授权书重置",
        auth_doc_ref="SQ-2026-01",
        auth_received_on="2026-11-22",
        auth_contact="王建国",
    )
    ev = [e for e in call_events(call.id) if e.kind == "authorization"][0]
    assert ev.detail == {"doc": "SQ-2026-01", "received": "2026-11-22", "told": "王建国"}


def test_h3_required_record_names_the_field(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    bare = start_call(ctx)
    with pytest.raises(ValidationError) as err:
        outcomes.hold_call(ctx, bare.id, symptom="月末结账失败")
    assert err.value.field == "customer_id"
    call = _new_call(ctx, unit, category="bug")
    with pytest.raises(ValidationError) as err:
        outcomes.consult_call(ctx, call.id)
    assert err.value.field == "error_message"
    with pytest.raises(ValidationError) as err:
        outcomes.consult_call(ctx, call.id, symptom="坏了", error_message="E1")
    assert err.value.field == "symptom"


def test_h4_caller_summary_with_open_items_last_calls_and_repeat_flag(
    staff, ctx_for, unit, clock
) -> None:
    ctx = ctx_for(staff["operator"])
    old = outcomes.hold_call(ctx, _new_call(ctx, unit).id)
    clock.advance(days=2)
    now_call = start_call(ctx)
    s = caller_summary(ctx, unit.id, exclude_call_id=now_call.id)
    assert s.unit == "上海宏达机械有限公司" and s.important and s.full
    assert (s.contact, s.title, s.phone) == ("王建国", "先生", "13812345678")
    assert s.products[0]["dongle_no"] == "D-778"
    assert [i.key for i in s.open_items] == [f"call:{old.id}"]
    assert [c.ticket_no for c in s.last_calls] == [old.ticket_no]
    assert s.repeat_caller  # two days ago, within 7
    clock.advance(days=6)
    assert not caller_summary(ctx, unit.id, exclude_call_id=now_call.id).repeat_caller


def test_s2_restricted_unit_shows_the_minimum_and_is_logged(staff, ctx_for) -> None:
    secret = create_customer(
        ctx_for(staff["manager"]),
        name="某机要单位",
        address="北京市某路1号",
        confidentiality="top_secret",
        contacts=[{"name": "刘主任", "mobile": "13900001111", "email": "liu@example.com"}],
    )
    caller = secret.contacts.get()
    s = caller_summary(ctx_for(staff["operator"]), secret.id, caller.id)
    assert not s.full and s.contact == "刘主任" and s.phone == ""
    log = AccessLog.get(AccessLog.customer == secret.id)
    assert (log.view, log.purpose, log.actor_id) == ("minimum", "call", staff["operator"].id)


def test_abandoned_call_is_written_down_not_left_open(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    call = start_call(ctx)
    outcomes.abandon_call(ctx, call.id, reason="无声电话")
    row = Call.get_by_id(call.id)
    assert (row.status, row.outcome) == ("closed", "abandoned")
    assert row.ended_at == pendulum.instance(row.started_at)
