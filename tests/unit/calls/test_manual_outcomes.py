"""Outcomes the manuals add to a call: call back now (H12), a suggestion
forwarded (H15), the written F1 follow-up by default (F1)."""

from __future__ import annotations

import dataclasses

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.calls import outcomes
from hotline_tui.services.calls.calls import call_events, start_call, update_call
from hotline_tui.services.calls.daily_report import daily_report
from hotline_tui.store.models import Call, Callback
from tests.unit.calls.conftest import FORM


def _new_call(ctx, unit, **extra):
    call = start_call(ctx)
    contact = unit.contacts.get()
    return update_call(
        ctx, call.id, customer_id=unit.id, contact_id=contact.id, **{**FORM, **extra}
    )


def test_h12_cannot_hear_us_calls_back_now_on_the_h6_clock(staff, ctx_for, clock) -> None:
    ctx = ctx_for(staff["operator"])
    call = start_call(ctx)
    clock.advance(minutes=1)
    with pytest.raises(ValidationError) as err:  # nothing to call back on yet
        outcomes.call_back_now(ctx, call.id)
    assert err.value.field == "caller_phone"
    outcomes.call_back_now(ctx, call.id, caller_phone="13812345678")
    row = Call.get_by_id(call.id)
    assert (row.status, row.outcome, row.due_rule) == ("on_hold", "call_back_now", "H6")
    assert row.due_at == clock.now().add(minutes=ctx.policy.hold_callback_minutes)
    assert "call_back_now" in [e.kind for e in call_events(call.id)]


def test_h15_suggestion_is_thanked_forwarded_and_counted_daily(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = _new_call(ctx, unit, symptom="建议报表可以直接导出为Excel格式")
    with pytest.raises(ValidationError) as err:
        outcomes.record_suggestion(ctx, call.id)
    assert err.value.field == "department"
    outcomes.record_suggestion(ctx, call.id, department="产品部")
    row = Call.get_by_id(call.id)
    assert (row.category, row.outcome, row.transferred_to) == ("suggestion", "suggestion", "产品部")
    assert "谢谢您的支持" in outcomes.SUGGESTION_PHRASE
    report = daily_report(ctx.local(ctx.now()).date(), ctx.settings)
    assert ("suggestion", 1) in report.by_category
    assert ("suggestion", 1) in report.by_outcome


def test_f1_follow_up_is_by_qq_by_default_and_by_phone_when_set(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = outcomes.solve_call(ctx, _new_call(ctx, unit).id, resolution="重新登录后结账成功")
    assert Callback.get(Callback.call == call.id).channel == "qq"
    policy = dataclasses.replace(ctx.policy, hotline_callback_written=0)
    phone_ctx = dataclasses.replace(ctx, settings=ctx.settings.with_overrides(policy=policy))
    call = outcomes.solve_call(phone_ctx, _new_call(ctx, unit).id, resolution="重装后正常")
    assert Callback.get(Callback.call == call.id).channel == "phone"


def test_h16_a_call_can_carry_the_recording_reference(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = _new_call(ctx, unit, recording_ref="REC-20261123-0042")
    assert Call.get_by_id(call.id).recording_ref == "REC-20261123-0042"
    with pytest.raises(ValidationError) as err:
        update_call(ctx, call.id, recording_ref="x" * 101)
    assert err.value.field == "recording_ref"
