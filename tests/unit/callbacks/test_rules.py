"""F1-F6 on both databases with a fixed clock (Monday 2026-11-23 10:00 Shanghai)."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain.deadlines import f2_onsite_callback_due
from hotline_tui.domain.errors import ConflictError, InvalidTransition, ValidationError
from hotline_tui.services.callbacks import followups as svc
from hotline_tui.services.callbacks.calls import open_call_from_callback
from hotline_tui.services.callbacks.care import record_project_acceptance
from hotline_tui.services.callbacks.queries import callback_detail, list_callbacks
from hotline_tui.services.calls import calls
from hotline_tui.services.calls import outcomes as call_outcomes
from hotline_tui.store.models import AuditEntry, Call, CallbackAttempt, CallEvent, Contact
from tests.unit.callbacks.conftest import local


def _contact(unit):
    return Contact.get(Contact.customer == unit.id)


def _f1(ctx, unit):
    call = calls.start_call(
        ctx, customer_id=unit.id, contact_id=_contact(unit).id, symptom="月末结账时提示账套被占用"
    )
    call_outcomes.solve_call(ctx, call.id, resolution="重新登录后结账成功")
    return next(r for r in list_callbacks(ctx, "mine") if r.kind == "F1")


def test_f1_callback_three_days_after_hotline_call(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    assert row.due_at == clock.now().add(days=3)
    assert row.channel == "qq" and row.customer == "上海宏达机械有限公司"  # F1: written by default
    assert callback_detail(ctx, row.id).script_id == "callback_hotline"


def test_f2_friday_visit_called_back_monday(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["operator"])
    friday = local(2026, 11, 27, 16, 30)
    cb = svc.create_callback(
        ctx,
        kind="F2",
        due_at=f2_onsite_callback_due(friday, ctx.calendar()),
        customer_id=units["vip"].id,
    )
    assert cb.due_at == local(2026, 11, 30, 18, 0)  # Monday, end of the working day
    assert cb.first_due_at == cb.due_at
    assert callback_detail(ctx, cb.id).script_id == "callback_onsite"


def test_f3_final_callback_across_2026_national_day_week(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["specialist"])
    accepted = local(2026, 9, 30, 15, 0)  # Wednesday before the 1-7 October holiday
    cb = record_project_acceptance(ctx, units["regular"].id, accepted)
    # 8, 9, 10 (the adjusted working Saturday), 12, 13, 14, 15 October: 7 working days.
    assert cb.kind == "F3" and cb.due_at == local(2026, 10, 15, 18, 0)
    assert cb.contact_id == _contact(units["regular"]).id
    assert AuditEntry.select().where(AuditEntry.action == "project.accepted").count() == 1
    with pytest.raises(ValidationError):
        record_project_acceptance(ctx, units["regular"].id, clock.now().add(days=1))


def test_f5_new_problem_opens_a_hotline_call(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    call = open_call_from_callback(ctx, row.id, "打印凭证时报错:打印机未就绪")
    assert call.ticket_no.startswith("HL20261123-")
    assert call.owner_id == staff["operator"].id and call.status == "open"
    assert call.customer_id == units["regular"].id
    assert call.contact_id == _contact(units["regular"]).id
    assert call.caller_phone == "13812345678"
    kinds = [e.kind for e in CallEvent.select().where(CallEvent.call == call.id)]
    assert "from_callback" in kinds
    assert callback_detail(ctx, row.id).new_call == call.ticket_no
    with pytest.raises(ConflictError):
        open_call_from_callback(ctx, row.id, "又一个问题")
    with pytest.raises(ValidationError):
        open_call_from_callback(ctx, row.id, "  ")
    assert Call.select().count() == 2


def test_f6_a_no_records_its_reason(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    answers = {
        "confirm_person": {"answer": "yes"},
        "convenient": {"answer": "yes"},
        "solved": {"answer": "yes"},
        "explained": {"answer": "yes"},
        "attitude": {"answer": "no"},
    }
    with pytest.raises(ValidationError) as err:
        svc.finish_callback(ctx, row.id, answers)
    assert err.value.field == "reason"
    answers["attitude"]["reason"] = "工程师说话不耐烦"
    answers["other_problems"] = {"answer": "yes"}
    clock.advance(hours=1)
    cb = svc.finish_callback(ctx, row.id, answers, note="客户希望下次换工程师")
    assert cb.status == "done" and cb.satisfied is False
    assert cb.answers["steps"]["attitude"] == {"answer": "no", "reason": "工程师说话不耐烦"}
    assert "工程师说话不耐烦" in cb.result and "客户希望下次换工程师" in cb.result
    assert cb.done_at == clock.now()
    assert [a.result for a in CallbackAttempt.select()] == ["reached"]
    with pytest.raises(InvalidTransition):
        svc.finish_callback(ctx, row.id, answers)
    assert list_callbacks(ctx, "mine") == []


def test_f6_answers_are_checked_against_the_script(staff, ctx_for, units) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    for bad in ({}, {"nope": {"answer": "yes"}}, {"solved": {"answer": "maybe"}}):
        with pytest.raises(ValidationError):
            svc.finish_callback(ctx, row.id, bad)
    with pytest.raises(ValidationError):  # a say step is not a question
        svc.finish_callback(ctx, row.id, {"closing": {"answer": "yes"}})


def test_unreachable_next_try_two_hours_then_next_working_day(staff, ctx_for, units, clock):
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    first_due = row.due_at
    cb = svc.record_unreachable(ctx, row.id, "无人接听")
    assert cb.attempts == 1 and cb.status == "open"
    assert cb.next_try_at == cb.due_at == local(2026, 11, 23, 12, 0)  # +2 h, same day
    assert cb.first_due_at == first_due
    clock.set(local(2026, 11, 27, 17, 0))  # Friday 17:00: +2 h is past the end of work
    cb = svc.record_unreachable(ctx, row.id, "占线")
    assert cb.next_try_at == local(2026, 11, 30, 10, 0)  # Monday 10:00
    cb = svc.record_unreachable(ctx, row.id)
    assert cb.status == "unreachable" and cb.next_try_at is None
    assert [a.result for a in CallbackAttempt.select()] == ["unreachable"] * 3
    with pytest.raises(InvalidTransition):
        svc.record_unreachable(ctx, row.id)


def test_overdue_and_mine_filters(staff, ctx_for, units, clock) -> None:
    op, op2 = ctx_for(staff["operator"]), ctx_for(staff["operator2"])
    late = svc.create_callback(
        op, kind="F4", due_at=clock.now().subtract(hours=1), customer_id=units["vip"].id
    )
    ahead = svc.create_callback(
        op2, kind="F4", due_at=clock.now().add(hours=1), customer_id=units["regular"].id
    )
    assert [r.id for r in list_callbacks(op, "mine")] == [late.id]
    assert [r.id for r in list_callbacks(op, "all")] == [late.id, ahead.id]
    assert [r.id for r in list_callbacks(op2, "overdue")] == [late.id]
    with pytest.raises(ValidationError):
        list_callbacks(op, "everything")


def test_engineer_may_not_work_callbacks(staff, ctx_for, units) -> None:
    from hotline_tui.domain.permissions import PermissionDenied

    row = _f1(ctx_for(staff["operator"]), units["regular"])
    with pytest.raises(PermissionDenied):
        svc.record_unreachable(ctx_for(staff["engineer"]), row.id)


def test_care_detail_fills_holiday_name(staff, ctx_for, units, clock) -> None:
    ctx = ctx_for(staff["specialist"])
    cb = svc.create_callback(
        ctx, kind="holiday", due_at=local(2026, 12, 31, 18, 0), customer_id=units["vip"].id
    )
    detail = callback_detail(ctx, cb.id)
    assert detail.flags == {"holiday"} and detail.values["holiday"] == "元旦"
    assert detail.values["name"] == "王建国" and detail.values["module"] == "总账"
    assert detail.row.contact == "王建国先生"  # the unit's primary contact
    assert detail.row.due_at == pendulum.datetime(2026, 12, 31, 10, 0, tz="UTC")


def test_f1_channel_can_be_qq_or_email(staff, ctx_for, units) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    cb = svc.change_channel(ctx, row.id, "qq", row.version)
    assert cb.channel == "qq" and list_callbacks(ctx, "mine")[0].channel == "qq"
    with pytest.raises(ConflictError):
        svc.change_channel(ctx, row.id, "email", row.version)  # stale version
    with pytest.raises(ValidationError):
        svc.change_channel(ctx, row.id, "fax")


def test_hostile_ids_and_text_are_refused_clearly(staff, ctx_for, units) -> None:
    from hotline_tui.domain.errors import NotFound

    ctx = ctx_for(staff["operator"])
    for bad in ("1; drop table callback", None, True, 10**9):
        with pytest.raises(NotFound):
            svc.record_unreachable(ctx, bad)
        with pytest.raises(NotFound):
            callback_detail(ctx, bad)
    row = _f1(ctx, units["regular"])
    for note in (42, "x" * 501, "bad\x00text"):
        with pytest.raises(ValidationError):
            svc.record_unreachable(ctx, row.id, note)
    with pytest.raises(NotFound):
        record_project_acceptance(ctx_for(staff["specialist"]), "abc", local(2026, 11, 1, 9, 0))
    other = _contact(units["vip"]).id
    with pytest.raises(ValidationError):
        record_project_acceptance(
            ctx_for(staff["specialist"]), units["regular"].id, local(2026, 11, 1), contact_id=other
        )
