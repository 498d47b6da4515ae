"""F5/F6: an unsolved problem found on a callback needs its new hotline record (or
a stated reason why none), the record carries a deadline and reaches the
manager's open items, and answers are stored as the questions in words."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.callbacks import followups as svc
from hotline_tui.services.callbacks.calls import open_call_from_callback
from hotline_tui.services.review.open_items import review_items
from hotline_tui.store.models import Call
from tests.unit.callbacks.test_rules import _f1

YES = {"answer": "yes"}
UNSOLVED = {
    "confirm_person": YES,
    "convenient": YES,
    "solved": {"answer": "no", "reason": "结账仍然报错"},
    "attitude": YES,
    "other_problems": YES,
}


def test_f5_unsolved_callback_cannot_finish_without_a_new_call(staff, ctx_for, units) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    with pytest.raises(ValidationError) as err:
        svc.finish_callback(ctx, row.id, UNSOLVED)
    assert err.value.field == "no_new_call_reason"
    open_call_from_callback(ctx, row.id, "结账仍然报错:账套被占用")
    cb = svc.finish_callback(ctx, row.id, UNSOLVED, expected_version=None)
    assert cb.status == "done" and cb.new_call_id is not None


def test_f5_declining_the_new_call_stores_the_reason(staff, ctx_for, units) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    cb = svc.finish_callback(ctx, row.id, UNSOLVED, no_new_call_reason="客户已另约工程师明天上门")
    assert cb.answers["no_new_call_reason"] == "客户已另约工程师明天上门"
    assert "未生成新的热线记录:客户已另约工程师明天上门" in cb.result


def test_f5_new_call_from_callback_has_a_deadline_in_the_managers_items(
    staff, ctx_for, units, clock
) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    call = open_call_from_callback(ctx, row.id, "打印凭证时报错:打印机未就绪")
    stored = Call.get_by_id(call.id)
    assert stored.due_rule == "F5"
    assert stored.due_at == clock.now().add(minutes=ctx.policy.callback_problem_minutes)
    items = review_items(ctx_for(staff["manager"]), kinds=["call"])
    mine = next(i for i in items if i.id == call.id)
    assert mine.due_at == stored.due_at  # sorted by its deadline, not left at the end


def test_f6_answers_are_stored_as_the_questions_in_words(staff, ctx_for, units) -> None:
    ctx = ctx_for(staff["operator"])
    row = _f1(ctx, units["regular"])
    answers = {**UNSOLVED, "solved": YES, "explained": YES}
    cb = svc.finish_callback(ctx, row.id, answers)
    assert "confirm_person" not in cb.result and "convenient" not in cb.result
    assert "您之前反映的问题现在解决了吗? 是" in cb.result
    assert cb.answers["questions"]["solved"] == "您之前反映的问题现在解决了吗?"
