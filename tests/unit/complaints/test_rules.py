"""Complaint rules C1-C8 on both databases, with a fixed clock (Monday
2026-11-23 10:00 Shanghai)."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain.errors import (
    ConflictError,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from hotline_tui.services.complaints import handling as svc
from hotline_tui.services.complaints.queries import complaint_detail, list_complaints
from hotline_tui.services.review.open_items import open_items
from hotline_tui.store.models import AuditEntry, Complaint, ComplaintEvent

SH = "Asia/Shanghai"


def at(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=SH)


def test_c1_direct_and_vendor_forwarded_complaints_are_registered(register) -> None:
    direct = register()
    vendor = register(source="vendor", complainant_unit="厂商转来:某公司")
    assert (direct.source, vendor.source) == ("direct", "vendor")
    assert direct.ref_no == "TS20261123-0001" and vendor.ref_no == "TS20261123-0002"
    with pytest.raises(ValidationError) as err:
        register(source="email")
    assert err.value.field == "source"


def test_c6_registration_keeps_every_field_of_the_form(register, staff, clock) -> None:
    c = Complaint.get_by_id(register(person_id=staff["engineer"].id).id)
    assert c.complainant_unit == "北京景升陶瓷制品有限公司"
    assert (c.complainant, c.phone, c.email) == ("吕会计", "010-62440000", "lv@example.cn")
    assert c.unit_address.startswith("北京市海淀区")
    assert c.receiver_id == staff["operator"].id and c.person_id == staff["engineer"].id
    assert (c.department, c.level, c.category) == ("服务部", "general", "delay")
    assert (c.product, c.version_text, c.modules) == ("用友通", "10.3", "总账、工资、固定资产")
    assert "仍未到达" in c.description
    assert c.received_at == clock.now() and c.status == flow.REGISTERED and c.valid is None


#: C6: one bad value per field; each refusal names its field (one database per engine).
BAD_FIELDS = (
    ("complainant_unit", "  "),
    ("complainant", ""),
    ("phone", "abc"),
    ("email", "not-an-address"),
    ("department", ""),
    ("level", "urgent"),
    ("category", "weather"),
    ("description", ""),
    ("person_id", 99999),
)


def test_c6_a_bad_field_is_named(register) -> None:
    for field, value in BAD_FIELDS:
        with pytest.raises(ValidationError) as err:
            register(**{field: value})
        assert err.value.field == field, field
    assert Complaint.select().count() == 0


def test_c6_complaint_time_cannot_be_in_the_future(register, clock) -> None:
    with pytest.raises(ValidationError) as err:
        register(received_at=clock.now().add(hours=2))
    assert err.value.field == "received_at"


def test_c2_check_passes_it_to_the_responsible_person(walk, staff) -> None:
    c = walk("checked")
    assert c.status == flow.IN_PROGRESS and c.valid is True
    assert c.owner_id == staff["engineer"].id and c.responsible == "服务部 赵工"
    ev = ComplaintEvent.get(ComplaintEvent.kind == "check")
    assert ev.actor_id == staff["supervisor"].id and ev.detail["owner"] == "3001"


def test_c2_only_the_supervisor_or_manager_checks(register, staff, ctx_for) -> None:
    c = register()
    with pytest.raises(PermissionDenied):
        svc.check_complaint(ctx_for(staff["operator"]), c.id, responsible="服务部")
    svc.check_complaint(ctx_for(staff["manager"]), c.id, responsible="服务部")


def test_c2_outside_contract_is_archived_and_not_counted(register, staff, ctx_for) -> None:
    from hotline_tui.services.complaints.queries import per_person
    from hotline_tui.services.complaints.report import monthly_report

    sup = ctx_for(staff["supervisor"])
    c = register(person_id=staff["engineer"].id, category="charges")
    with pytest.raises(ValidationError) as err:
        svc.archive_complaint(sup, c.id, explanation=" ")
    assert err.value.field == "explanation"
    c = svc.archive_complaint(sup, c.id, explanation="二次开发不在服务合同范围内,已向客户说明")
    assert c.status == flow.ARCHIVED and c.valid is False and c.due_at is None
    assert not [i for i in open_items(kinds=["complaint"])]
    report = monthly_report("2026-11")
    assert (report.received, report.counted, report.not_counted) == (1, 0, 1)
    assert all(line.count == 0 for line in report.by_category)
    assert per_person(sup) == []
    with pytest.raises(InvalidTransition):
        svc.check_complaint(sup, c.id, responsible="服务部")


def test_c3_clock_starts_at_confirmation(register, staff, ctx_for, clock) -> None:
    c = register(received_at=clock.now().subtract(minutes=30))
    assert c.due_rule == "C2"  # waiting for the check, not yet the C3 clock
    clock.advance(hours=2)  # checked two and a half hours after the complaint
    c = svc.check_complaint(ctx_for(staff["supervisor"]), c.id, responsible="服务部")
    assert c.due_rule == "C3"
    assert c.due_at == clock.now().add(hours=3)  # three hours from the confirmation
    item = open_items(kinds=["complaint"])[0]
    assert (item.id, item.rule, item.due_at) == (c.id, "C3", c.due_at)


def test_c3_response_minutes_is_a_policy(staff, clock) -> None:
    from hotline_tui.config import Policy, Settings
    from hotline_tui.services.base import ServiceContext
    from tests.unit.complaints.conftest import form

    ctx = ServiceContext(
        staff["operator"], Settings(policy=Policy(complaint_response_minutes=60)), clock
    )
    c = svc.register_complaint(ctx, **form())
    sup = ServiceContext(
        staff["supervisor"], Settings(policy=Policy(complaint_response_minutes=60)), clock
    )
    clock.advance(minutes=20)
    c = svc.check_complaint(sup, c.id, responsible="服务部")
    assert c.due_at == clock.now().add(hours=1)  # C3 from the confirmation


def test_c3_key_customer_flags_the_general_manager_call(register, key_customer) -> None:
    c = register(customer_id=key_customer.id)
    assert svc.is_key_customer(c)
    assert list_complaints()[0].gm_call is True
    assert complaint_detail(c.id).timeline[0].detail["gm_call"] is True


def test_c3_contact_needs_cause_and_measures(walk, staff, ctx_for) -> None:
    c = walk("checked")
    eng = ctx_for(staff["engineer"])
    with pytest.raises(ValidationError) as err:
        svc.respond_complaint(eng, c.id, response="apology")
    assert err.value.field == "cause"
    with pytest.raises(ValidationError) as err:
        svc.respond_complaint(eng, c.id, response="hug", cause="x", measures="y")
    assert err.value.field == "response"
    c = svc.respond_complaint(eng, c.id, response="service", cause="漏派", measures="重新上门")
    assert c.status == flow.RESPONDED and c.responded_at is not None
    ev = ComplaintEvent.get(ComplaintEvent.kind == "respond")
    assert ev.detail["on_time"] is True and ev.detail["response"] == "service"


def test_c3_only_the_responsible_person_records_the_response(walk, staff, ctx_for) -> None:
    c = walk("checked")
    with pytest.raises(ValidationError) as err:
        svc.respond_complaint(
            ctx_for(staff["operator2"]), c.id, response="apology", cause="x", measures="y"
        )
    assert err.value.field == "owner"


def test_c3_late_response_is_recorded_as_late(walk, staff, ctx_for, clock) -> None:
    c = walk("checked")
    clock.advance(hours=3, minutes=1)
    svc.respond_complaint(
        ctx_for(staff["engineer"]), c.id, response="apology", cause="x", measures="y"
    )
    assert ComplaintEvent.get(ComplaintEvent.kind == "respond").detail["on_time"] is False


def test_c4_verification_due_one_working_day_after_the_result(walk, staff) -> None:
    c = walk("verifying")
    assert c.due_rule == "C4" and c.due_at == at(2026, 11, 24, 10, 0)
    assert c.owner_id == staff["supervisor"].id  # who checked it verifies it


def test_c4_verification_due_across_weekend(walk, staff, ctx_for, clock) -> None:
    c = walk("responded")
    clock.set(at(2026, 11, 27, 15, 0))  # Friday afternoon
    c = svc.result_returned(ctx_for(staff["engineer"]), c.id, result="已上门")
    assert c.due_at == at(2026, 11, 30, 15, 0)  # Monday


def test_c4_verification_due_across_national_day_2026(walk, staff, ctx_for, clock) -> None:
    c = walk("responded")
    clock.set(at(2026, 9, 30, 16, 0))  # the eve of the National Day holiday
    c = svc.result_returned(ctx_for(staff["engineer"]), c.id, result="已上门")
    assert c.due_at == at(2026, 10, 8, 16, 0)  # first working day after 1-7 October


def test_c4_unresolved_is_escalated_to_the_vendor(walk, staff, ctx_for) -> None:
    sup = ctx_for(staff["supervisor"])
    c = walk("verifying")
    with pytest.raises(ValidationError) as err:
        svc.verify_complaint(sup, c.id, resolved=False)
    assert err.value.field == "note"
    c = svc.verify_complaint(sup, c.id, resolved=False, note="备份仍失败")
    assert c.status == flow.UNRESOLVED and c.resolved is False
    with pytest.raises(InvalidTransition):
        svc.close_complaint(sup, c.id, corrective="a", preventive="b")
    c = svc.escalate_complaint(sup, c.id, note="提交厂商服务发展部", vendor_ref="YY-2026-118")
    assert c.status == flow.ESCALATED and c.escalated_at is not None
    c = svc.result_returned(sup, c.id, result="厂商补丁已安装")
    assert c.status == flow.VERIFYING and c.due_rule == "C4"
    c = svc.verify_complaint(sup, c.id, resolved=True)
    assert c.status == flow.RESOLVED


def test_c5_vendor_complaint_reported_back_within_one_working_day(
    walk, staff, ctx_for, clock
) -> None:
    sup = ctx_for(staff["supervisor"])
    c = walk("resolved", source="vendor")
    clock.set(at(2026, 11, 27, 17, 0))  # Friday
    c = svc.close_complaint(sup, c.id, corrective="改约通知", preventive="日程确认")
    assert c.status == flow.VENDOR_REPORT and c.closed_at == clock.now()
    assert (c.due_rule, c.due_at) == ("C5", at(2026, 11, 30, 17, 0))
    assert open_items(kinds=["complaint"])[0].rule == "C5"
    c = svc.report_to_vendor(sup, c.id, note="已邮件回复厂商")
    assert c.status == flow.CLOSED and c.vendor_reported_at == clock.now()
    assert c.due_at is None and open_items(kinds=["complaint"]) == []


def test_c7_closed_only_with_corrective_and_preventive_measures(walk, staff, ctx_for) -> None:
    sup = ctx_for(staff["supervisor"])
    c = walk("resolved")
    for kwargs, field in (
        ({"corrective": "", "preventive": "b"}, "corrective"),
        ({"corrective": "a", "preventive": "  "}, "preventive"),
    ):
        with pytest.raises(ValidationError) as err:
            svc.close_complaint(sup, c.id, **kwargs)
        assert err.value.field == field
    c = svc.close_complaint(sup, c.id, corrective="a", preventive="b")
    assert c.status == flow.CLOSED and c.due_at is None


def test_every_step_is_an_event_and_an_audit_entry(walk) -> None:
    c = walk("closed")
    kinds = [s.kind for s in complaint_detail(c.id).timeline]
    assert kinds == ["register", "check", "respond", "result", "verify", "close"]
    actions = [a.action for a in AuditEntry.select().order_by(AuditEntry.id)]
    assert [a for a in actions if a.startswith("complaint.")] == [
        "complaint.register",
        "complaint.check",
        "complaint.respond",
        "complaint.result",
        "complaint.verify",
        "complaint.close",
    ]


def test_a_stale_version_is_refused(register, staff, ctx_for) -> None:
    c = register()
    sup = ctx_for(staff["supervisor"])
    svc.check_complaint(sup, c.id, responsible="服务部", expected_version=c.version)
    with pytest.raises(ConflictError):
        svc.handle_complaint(sup, c.id, cause="x", expected_version=c.version)


def test_c3_responsible_records_cause_and_hands_it_on(walk, staff, ctx_for) -> None:
    c = walk("checked")  # owned by the engineer
    eng, op2 = ctx_for(staff["engineer"]), ctx_for(staff["operator2"])
    with pytest.raises(ValidationError) as err:
        svc.handle_complaint(eng, c.id)
    assert err.value.field == "cause"
    c = svc.handle_complaint(
        eng, c.id, cause="派工冲突", measures="改约", owner_id=staff["operator2"].id
    )
    assert (c.status, c.cause, c.measures, c.owner_id) == (
        flow.IN_PROGRESS,
        "派工冲突",
        "改约",
        staff["operator2"].id,
    )
    assert c.due_rule == "C3"  # the 3-hour clock keeps running for the new owner
    ev = ComplaintEvent.get(ComplaintEvent.kind == "handle")
    assert (ev.detail["cause"], ev.detail["owner"], ev.detail["to_state"]) == (
        "派工冲突",
        "1002",
        flow.IN_PROGRESS,
    )
    with pytest.raises(ValidationError):  # no longer theirs
        svc.respond_complaint(eng, c.id, response="apology")
    c = svc.respond_complaint(op2, c.id, response="apology")
    assert c.status == flow.RESPONDED
