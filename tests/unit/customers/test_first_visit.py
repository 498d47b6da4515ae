"""S3: the first visit after a sale is worked with its script; needs go to departments."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain.clock import FixedClock
from hotline_tui.domain.errors import InvalidTransition, ValidationError
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import contacts as svc
from hotline_tui.services.customers import first_visit as fv
from hotline_tui.store.models import AuditEntry, Callback, Customer

FRIDAY = pendulum.datetime(2026, 11, 27, 16, 0, tz="Asia/Shanghai")
ANSWERS = {"confirm_person": {"answer": "yes"}, "verify_record": {"answer": "yes"}}


def _sold_unit(ctx):
    return svc.create_customer(
        ctx,
        name="苏州恒达精密机械有限公司",
        contacts=[{"name": "周红", "title": "女士", "mobile": "13912345678", "is_primary": True}],
        products=[{"product": "华信 KIS", "version": "V15.1", "dongle_no": "HX20000002"}],
        sold_at=ctx.now().subtract(days=2),
    )


def test_s3_first_visit_needs_handed_over_by_next_working_day_start(staff, ctx_for) -> None:
    """A need recorded on Friday afternoon is due with its department on Monday morning."""
    spec = ctx_for(staff["specialist"])
    friday = ServiceContext(spec.actor, spec.settings, FixedClock(FRIDAY))
    unit = _sold_unit(
        ServiceContext(spec.actor, spec.settings, FixedClock(FRIDAY.subtract(days=3)))
    )
    task = fv.first_visit_task(unit.id)
    assert task is not None and task.due_rule == "S3"
    needs = [
        {"text": "希望安排出纳和工资模块的操作培训", "department": "training"},
        {"text": "年底前上线存货核算,需要实施顾问", "department": "implementation"},
    ]
    done = fv.complete_first_visit(friday, task.id, ANSWERS, needs, expected_version=task.version)
    assert done.status == "done" and done.done_at == FRIDAY
    monday_start = pendulum.parse(done.answers["needs"][0]["handover_due"]).in_tz("Asia/Shanghai")
    assert monday_start.date() == pendulum.date(2026, 11, 30) and monday_start.hour < 10
    assert {n["department"] for n in done.answers["needs"]} == {"training", "implementation"}
    assert done.answers["steps"]["verify_record"] == {"answer": "yes"}
    assert fv.first_visit_task(unit.id) is None
    pending = fv.pending_needs(friday)
    assert [(n["department"], n["unit"]) for n in pending][0] == ("training", unit.name)
    assert pending[0]["handover_due"] == monday_start
    # S1: the record was verified with the customer, so it counts as checked.
    assert Customer.get_by_id(unit.id).checked_at == FRIDAY
    assert AuditEntry.select().where(AuditEntry.action == "callback.first_visit").count() == 1


def test_s3_need_without_department_is_refused_and_nothing_changes(staff, ctx_for) -> None:
    spec = ctx_for(staff["specialist"])
    unit = _sold_unit(spec)
    task = fv.first_visit_task(unit.id)
    with pytest.raises(ValidationError) as exc:
        fv.complete_first_visit(spec, task.id, ANSWERS, [{"text": "要培训", "department": ""}])
    assert exc.value.field == "needs"
    with pytest.raises(ValidationError):
        fv.complete_first_visit(spec, task.id, {"verify_record": {"answer": "maybe"}})
    assert Callback.get_by_id(task.id).status == "open"


def test_s3_wrong_record_is_not_counted_as_checked_and_visit_is_made_once(staff, ctx_for) -> None:
    spec = ctx_for(staff["specialist"])
    earlier = ServiceContext(spec.actor, spec.settings, FixedClock(spec.now().subtract(days=1)))
    unit = _sold_unit(earlier)
    task = fv.first_visit_task(unit.id)
    answers = {"verify_record": {"answer": "no", "reason": "地址已搬迁到工业园区"}}
    done = fv.complete_first_visit(spec, task.id, answers, [])
    assert done.answers["steps"]["verify_record"]["reason"] == "地址已搬迁到工业园区"
    assert Customer.get_by_id(unit.id).checked_at == earlier.now()  # still to be corrected
    with pytest.raises(InvalidTransition):
        fv.complete_first_visit(spec, task.id, ANSWERS, [])
