"""Dispatch services on both databases: D1-D6, F2, H8 and the two-manager race."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from hotline_tui.services.dispatch import followup as follow
from hotline_tui.services.dispatch import orders as svc
from hotline_tui.services.dispatch.queries import engineer_loads, list_orders, timeline
from hotline_tui.services.review.open_items import open_items
from hotline_tui.store.models import (
    AuditEntry,
    Call,
    Callback,
    DispatchEvent,
    DispatchRequest,
    Staff,
)

SH = "Asia/Shanghai"


def _events(req: DispatchRequest) -> list[DispatchEvent]:
    return list(
        DispatchEvent.select().where(DispatchEvent.request == req.id).order_by(DispatchEvent.id)
    )


def test_h8_request_from_call_waits_for_manager_check(staff, customer, ctx_for, clock) -> None:
    op = staff["operator"]
    now = clock.now()
    call = Call.create(
        ticket_no="HL20261123-0001",
        owner=op,
        taken_by=op,
        customer=customer,
        symptom="账套备份失败",
        status="dispatch",
        suggest_onsite=True,
        started_at=now,
        updated_at=now,
    )
    req = svc.request_dispatch(
        ctx_for(op), customer_id=customer.id, call_id=call.id, problem="账套备份失败"
    )
    assert req.state == "requested" and req.order_no.startswith("PD20261123-")
    assert req.due_rule == "D1"
    assert req.due_at == pendulum.datetime(2026, 11, 23, 18, tz=SH)
    # the manager sees it first in the list; the operator sees it on their desk
    rows = list_orders(ctx_for(staff["manager"]))
    assert [r.order_no for r in rows] == [req.order_no]
    assert [i.id for i in open_items(owner_id=op.id, kinds=["dispatch"])] == [req.id]
    with pytest.raises(ValidationError) as err:
        svc.request_dispatch(ctx_for(op), customer_id=customer.id, problem="  ")
    assert err.value.field == "problem"


def test_d1_manager_checks_before_dispatch(staff, customer, order_in, ctx_for) -> None:
    mgr = ctx_for(staff["manager"])
    req = order_in("requested")
    with pytest.raises(InvalidTransition):  # no assignment before the check
        svc.assign(mgr, req.id, staff["engineer"].id, expected_version=req.version)
    for who in ("operator", "engineer"):
        with pytest.raises(PermissionDenied):
            svc.verify(ctx_for(staff[who]), req.id)
    assert DispatchRequest.get_by_id(req.id).state == "requested"
    done = svc.verify(mgr, req.id, note="核实无误")
    assert done.state == "verified" and done.verified_by_id == staff["manager"].id
    assert done.due_rule == "D2"
    last = _events(done)[-1]
    assert (last.from_state, last.to_state, last.actor_id) == (
        "requested",
        "verified",
        staff["manager"].id,
    )
    assert AuditEntry.select().where(AuditEntry.action == "dispatch.verify").count() == 1
    # a request may also go back, but only with a reason
    other = order_in("requested")
    with pytest.raises(ValidationError) as err:
        svc.return_request(mgr, other.id, "")
    assert err.value.field == "reason"
    back = svc.return_request(mgr, other.id, "电话可以解决")
    assert back.state == "returned" and back.return_reason == "电话可以解决"
    assert back.due_at is None


def test_d2_assign_shows_each_engineers_load(staff, order_in, ctx_for, clock) -> None:
    now = clock.now()
    eng2 = Staff.create(agent_no="3002", name="钱工", roles="engineer", created_at=now)
    order_in("appointed")  # 赵工: one open order, appointment tomorrow
    loads = {e.name: e for e in engineer_loads(ctx_for(staff["manager"]))}
    assert (loads["赵工"].open_orders, loads["赵工"].appointments) == (1, 0)
    assert (loads["钱工"].open_orders, loads["钱工"].appointments) == (0, 0)
    tomorrow = clock.now().add(days=1).in_tz(SH).date()
    loads = engineer_loads(ctx_for(staff["manager"]), tomorrow)
    assert [e.name for e in loads] == ["钱工", "赵工"]  # least loaded first
    assert loads[1].appointments == 1
    req = order_in("verified")
    with pytest.raises(ValidationError):  # an operator is no field engineer
        svc.assign(
            ctx_for(staff["manager"]), req.id, staff["operator"].id, expected_version=req.version
        )
    done = svc.assign(ctx_for(staff["manager"]), req.id, eng2.id, expected_version=req.version)
    assert done.engineer_id == eng2.id and done.state == "assigned"


def test_engineer_acts_only_on_own_orders(staff, order_in, ctx_for, clock) -> None:
    now = clock.now()
    other = Staff.create(agent_no="3002", name="钱工", roles="engineer", created_at=now)
    req = order_in("assigned")
    with pytest.raises(PermissionDenied, match="赵工"):
        svc.appoint(ctx_for(other), req.id, now.add(days=1))
    assert list_orders(ctx_for(other)) == []
    assert [r.id for r in list_orders(ctx_for(staff["engineer"]))] == [req.id]


def test_d3_reschedule_records_reason_and_consent(staff, order_in, ctx_for, clock) -> None:
    eng, mgr = ctx_for(staff["engineer"]), ctx_for(staff["manager"])
    req = order_in("appointed")
    assert req.due_rule == "D3" and req.due_at == req.appointment_at
    new_time = clock.now().add(days=2)
    moved = svc.reschedule(eng, req.id, new_time, reason="前一单延误", customer_agreed=True)
    assert moved.state == "rescheduled" and moved.appointment_at == new_time
    detail = _events(moved)[-1].detail
    assert detail["reason"] == "前一单延误" and detail["customer_agreed"] is True
    # the customer refuses the next change: it goes up to the manager, time unchanged
    refused = svc.reschedule(
        eng, req.id, clock.now().add(days=3), reason="工程师生病", customer_agreed=False
    )
    assert refused.state == "refused" and refused.appointment_at == new_time
    assert _events(refused)[-1].detail["customer_agreed"] is False
    with pytest.raises(InvalidTransition):  # only the manager settles a refusal
        svc.appoint(eng, req.id, clock.now().add(days=1))
    settled = svc.appoint(mgr, req.id, clock.now().add(days=1))
    assert settled.state == "appointed"
    with pytest.raises(ValidationError, match="原因"):
        svc.reschedule(eng, req.id, new_time, reason="", customer_agreed=True)
    with pytest.raises(ValidationError) as err:
        svc.reschedule(eng, req.id, clock.now().subtract(hours=1), reason="x", customer_agreed=True)
    assert err.value.field == "appointment"


def test_d4_signed_sheet_records_signer_and_time(staff, order_in, ctx_for, clock) -> None:
    eng = ctx_for(staff["engineer"])
    req = order_in("on_site")
    with pytest.raises(ValidationError) as err:
        svc.sign_off(
            eng,
            req.id,
            signer="",
            work_done="重装",
            cause="磁盘空间不足",
            prevention="定期清理磁盘",
            customer_checked=True,
            customer_opinion="满意",
        )
    assert err.value.field == "signer"
    signed_at = clock.now().subtract(minutes=10)
    done = svc.sign_off(
        eng,
        req.id,
        signer="陈会计",
        work_done="清理磁盘",
        signed_at=signed_at,
        cause="磁盘空间不足",
        prevention="定期清理磁盘",
        customer_checked=True,
        customer_opinion="满意",
    )
    assert (done.state, done.signed_by, done.signed_at) == ("signed", "陈会计", signed_at)
    assert done.work_done == "清理磁盘"
    assert done.due_rule == "D4"  # the paper sheet is what is awaited now
    assert done.due_at == pendulum.datetime(2026, 11, 30, 9, tz=SH)
    with pytest.raises(ValidationError, match="交回"):
        svc.close(ctx_for(staff["manager"]), req.id)
    follow.sheet_returned(ctx_for(staff["specialist"]), req.id)
    closed = svc.close(ctx_for(staff["manager"]), req.id)
    assert closed.state == "closed" and closed.sheet_returned_at == clock.now()


def test_d4_unreturned_sheet_flagged_after_monday_start(staff, order_in, ctx_for, clock) -> None:
    spec = ctx_for(staff["specialist"])
    kept, back = order_in("signed"), order_in("signed")
    follow.sheet_returned(spec, back.id)
    assert follow.unreturned_sheets(spec) == []  # Monday the 23rd: not due yet
    clock.set(pendulum.datetime(2026, 11, 30, 9, 0, tz=SH))
    assert follow.unreturned_sheets(spec) == []  # Monday's start itself is on time
    clock.set(pendulum.datetime(2026, 11, 30, 9, 1, tz=SH))
    flagged = follow.unreturned_sheets(spec)
    assert [f.order_no for f in flagged] == [kept.order_no]
    assert flagged[0].engineer == "赵工"
    with pytest.raises(ValidationError, match="交回"):
        follow.sheet_returned(spec, back.id)


def test_f2_signed_order_creates_next_working_day_callback(staff, order_in, ctx_for, clock) -> None:
    clock.set(pendulum.datetime(2026, 11, 27, 9, 0, tz=SH))  # Friday morning
    req = order_in("on_site")
    clock.set(pendulum.datetime(2026, 11, 27, 15, 0, tz=SH))
    svc.sign_off(
        ctx_for(staff["engineer"]),
        req.id,
        signer="陈会计",
        work_done="修复",
        cause="磁盘空间不足",
        prevention="定期清理磁盘",
        customer_checked=True,
        customer_opinion="满意",
    )
    cb = Callback.get(Callback.dispatch == req.id)
    assert (cb.kind, cb.due_rule, cb.status) == ("F2", "F2", "open")
    assert cb.due_at == pendulum.datetime(2026, 11, 30, 18, 0, tz=SH)  # Monday, not Saturday
    assert cb.customer_id == req.customer_id and cb.owner_id == staff["operator"].id


def test_d5_redispatch_links_new_order(staff, order_in, ctx_for) -> None:
    mgr, eng = ctx_for(staff["manager"]), ctx_for(staff["engineer"])
    old = order_in("not_solved")
    assert old.due_rule == "D5"
    with pytest.raises(PermissionDenied):
        svc.redispatch(eng, old.id)
    new = svc.redispatch(mgr, old.id, note="换高级工程师")
    old = DispatchRequest.get_by_id(old.id)
    assert old.state == "redispatched" and old.due_at is None
    assert new.previous_id == old.id and new.state == "verified"
    assert new.order_no != old.order_no and new.customer_id == old.customer_id
    assert "数据库损坏" in new.problem  # the engineer's finding travels with it
    assert _events(new)[0].detail["previous"] == old.order_no
    rows = {r.id: r for r in list_orders(mgr)}
    assert rows[new.id].previous_no == old.order_no
    with pytest.raises(InvalidTransition):
        svc.redispatch(mgr, old.id)


def test_d5_escalation_tracks_vendor_until_solved(staff, order_in, ctx_for, clock) -> None:
    mgr, eng = ctx_for(staff["manager"]), ctx_for(staff["engineer"])
    req = order_in("not_solved")
    with pytest.raises(ValidationError) as err:
        svc.escalate(mgr, req.id, "", "x")
    assert err.value.field == "vendor_ref"
    esc = svc.escalate(mgr, req.id, "YY-2026-1123", "已提交厂商")
    assert esc.state == "escalated" and esc.vendor_ref == "YY-2026-1123"
    clock.advance(days=1)
    svc.track_vendor(eng, req.id, "厂商已复现")
    clock.advance(days=1)
    svc.track_vendor(mgr, req.id, "补丁测试中")
    with pytest.raises(PermissionDenied):  # the engineer cannot declare it solved
        svc.vendor_solved(eng, req.id, "好了")
    assert DispatchRequest.get_by_id(req.id).state in flow.OPEN_STATES
    solved = svc.vendor_solved(mgr, req.id, "补丁已安装,客户确认")
    assert solved.state == "solved" and solved.due_at is None
    steps = timeline(req.id)
    assert [s.action for s in steps][-4:] == ["escalate", "track", "track", "vendor_solved"]
    assert [s.detail.get("note") for s in steps[-3:-1]] == ["厂商已复现", "补丁测试中"]
    assert steps[-3].actor == "赵工" and steps[-2].actor == "张经理"


def called_back_and_signed_off(req, op, mgr):
    """D6: the follow-up callback made, then the manager's sign-off."""
    from hotline_tui.services.callbacks.followups import finish_callback
    from hotline_tui.store.models import Callback

    cb = Callback.get((Callback.dispatch == req.id) & (Callback.kind == "F2"))
    yes = {"answer": "yes"}
    steps = ("confirm_person", "convenient", "solved", "verified", "explained", "signature")
    finish_callback(op, cb.id, {s: yes for s in (*steps, "attitude", "other_problems")})
    return follow.manager_sign_off(mgr, req.id)


def test_d6_qa_sample_is_about_20_percent(staff, order_in, ctx_for) -> None:
    mgr = ctx_for(staff["manager"])
    for _ in range(10):
        called_back_and_signed_off(order_in("signed"), ctx_for(staff["operator"]), mgr)
    order_in("signed")  # not called back yet: not a candidate (D6)
    suggestion = follow.suggest_qa_sample(mgr, seed=42)
    assert len(suggestion) == 2  # 20% of 10
    assert suggestion == follow.suggest_qa_sample(mgr, seed=42)  # repeatable with a seed
    with pytest.raises(PermissionDenied):
        follow.select_for_qa(ctx_for(staff["engineer"]), suggestion)
    assert follow.select_for_qa(mgr, suggestion) == 2
    picked = DispatchRequest.select().where(DispatchRequest.qa_selected).count()
    signed = DispatchRequest.select().where(DispatchRequest.signed_at.is_null(False)).count()
    assert picked / (signed - 1) == pytest.approx(0.2)
    assert set(follow.qa_candidates()).isdisjoint(suggestion)
    unsigned = order_in("on_site")
    with pytest.raises(ValidationError):
        follow.select_for_qa(mgr, [unsigned.id])
