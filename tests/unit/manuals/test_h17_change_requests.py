"""H17: a confirmed software bug becomes a program-change request with the
manager's review and a promised date, an open item until delivered, and a
"will be late" notice is given before the date."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from hotline_tui.services.calls import change_requests as svc
from hotline_tui.services.calls.calls import call_events, start_call
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.services.review.open_items import open_items
from hotline_tui.store.models import ChangeRequest


@pytest.fixture
def bug_call(staff, ctx_for):
    mgr = ctx_for(staff["manager"])
    unit = create_customer(mgr, name="上海宏达机械有限公司")
    return start_call(
        ctx_for(staff["operator"]),
        customer_id=unit.id,
        symptom="审核凭证时程序报错退出",
        recent_ops="总账-凭证-审核,选中第二张凭证后点审核",
        error_message="运行时错误 '13':类型不匹配",
        category="bug",
    )


def test_h17_request_from_a_call_carries_steps_and_the_exact_error(
    staff, ctx_for, bug_call
) -> None:
    op = ctx_for(staff["operator"])
    cr = svc.request_change(op, bug_call.id)
    assert cr.ref_no.startswith("XG20261123-")
    assert cr.steps.startswith("总账-凭证-审核") and "类型不匹配" in cr.error_message
    assert cr.status == "review" and cr.customer_id == bug_call.customer_id
    assert "change_request" in [e.kind for e in call_events(bug_call.id)]
    bare = start_call(op, symptom="报表取数不对")
    with pytest.raises(ValidationError) as err:
        svc.request_change(op, bare.id)
    assert err.value.field == "steps"


def test_h17_manager_reviews_with_opinion_and_promised_date(
    staff, ctx_for, bug_call, clock
) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    cr = svc.request_change(op, bug_call.id)
    with pytest.raises(PermissionDenied):
        svc.review_change(op, cr.id, opinion="同意", promised_on="2026-11-30")
    with pytest.raises(ValidationError) as err:
        svc.review_change(mgr, cr.id, opinion=" ", promised_on="2026-11-30")
    assert err.value.field == "opinion"
    cr = svc.review_change(mgr, cr.id, opinion="确认为程序缺陷,同意修改", promised_on="2026-11-30")
    assert (cr.status, cr.promised_on) == ("promised", date(2026, 11, 30))
    assert cr.due_at == ctx_for(staff["manager"]).calendar().working_day_end(date(2026, 11, 30))
    cr = svc.tell_customer(op, cr.id)
    assert cr.told_customer_at == clock.now()


def test_h17_open_item_until_delivered(staff, ctx_for, bug_call) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    cr = svc.request_change(op, bug_call.id)
    svc.review_change(mgr, cr.id, opinion="同意", promised_on="2026-11-30")
    items = open_items(kinds=["change"])
    assert [(i.id, i.rule) for i in items] == [(cr.id, "H17")]
    assert items[0].due_at == ChangeRequest.get_by_id(cr.id).due_at
    assert [i.id for i in open_items(owner_id=staff["operator"].id, kinds=["change"])] == [cr.id]
    svc.deliver_change(op, cr.id)
    assert open_items(kinds=["change"]) == []
    with pytest.raises(InvalidTransition):
        svc.deliver_change(op, cr.id)


def test_h17_will_be_late_is_announced_before_it_is_due(staff, ctx_for, bug_call, clock) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    cr = svc.request_change(op, bug_call.id)
    svc.review_change(mgr, cr.id, opinion="同意", promised_on="2026-11-25")
    assert svc.late_checks(op) == []  # two days ahead: not yet
    clock.advance(days=1, hours=9)  # Tuesday 19:00: the date is within the notice window
    assert [c.request_id for c in svc.late_checks(op)] == [cr.id]
    with pytest.raises(ValidationError) as err:
        svc.announce_delay(op, cr.id, new_date="2026-11-28", note=" ")
    assert err.value.field == "note"
    cr = svc.announce_delay(op, cr.id, new_date="2026-11-28", note="厂商补丁延期,已电话告知客户")
    assert cr.promised_on == date(2026, 11, 28) and cr.late_notices[0]["old"] == "2026-11-25"
    assert svc.late_checks(op) == []
    clock.advance(days=5)  # past the new date: too late to announce
    with pytest.raises(ValidationError) as err:
        svc.announce_delay(op, cr.id, new_date="2026-12-05", note="再次延期")
    assert err.value.field == "new_date"
