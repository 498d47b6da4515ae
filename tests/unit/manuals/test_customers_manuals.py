"""S1: the responsible specialist and the line of business on the record; S4:
the service period at intake; S2: the secrecy period and destruction approval."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.domain.customer_terms import effective_level, service_period
from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.calls.calls import caller_summary, start_call
from hotline_tui.services.customers import destruction as destroy
from hotline_tui.services.customers.contacts import create_customer, update_customer, view_customer
from hotline_tui.store.models import AccessLog, Call, Contact, Customer


def test_s1_record_names_the_specialist_and_line_of_business(staff, ctx_for) -> None:
    mgr = ctx_for(staff["manager"])
    c = create_customer(
        mgr, name="上海宏达机械有限公司", industry="机械制造", specialist_id=staff["specialist"].id
    )
    assert Customer.get_by_id(c.id).specialist_id == staff["specialist"].id
    with pytest.raises(ValidationError) as err:
        update_customer(mgr, c.id, specialist_id=99999)
    assert err.value.field == "specialist_id"
    s = caller_summary(ctx_for(staff["operator"]), c.id)
    assert s.specialist.endswith(staff["specialist"].name) and s.industry == "机械制造"


def test_s4_service_period_runs_from_installation_else_contract_date() -> None:
    today = date(2026, 11, 23)
    assert (
        service_period(date(2026, 12, 1), date(2026, 1, 1), date(2027, 12, 1), today).inside
        is False
    )
    assert service_period(None, date(2026, 1, 1), date(2026, 12, 31), today).inside is True
    assert service_period(None, date(2025, 1, 1), date(2025, 12, 31), today).inside is False
    assert not service_period(None, None, None, today).known


def test_s4_intake_shows_in_or_out_of_the_service_period(staff, ctx_for) -> None:
    mgr, op = ctx_for(staff["manager"]), ctx_for(staff["operator"])
    inside = create_customer(
        mgr, name="甲单位", contract_start=date(2026, 1, 1), contract_end=date(2026, 12, 31)
    )
    outside = create_customer(
        mgr, name="乙单位", contract_start=date(2025, 1, 1), contract_end=date(2025, 12, 31)
    )
    assert caller_summary(op, inside.id).in_service is True
    s = caller_summary(op, outside.id)
    assert s.in_service is False and s.service_end == date(2025, 12, 31)


def test_s2_level_lapses_after_the_secrecy_period(staff, ctx_for, clock) -> None:
    assert effective_level("top_secret", date(2026, 11, 22), date(2026, 11, 23)) == "secret"
    assert effective_level("top_secret", date(2026, 11, 23), date(2026, 11, 23)) == "top_secret"
    mgr, op = ctx_for(staff["manager"]), ctx_for(staff["operator"])
    c = create_customer(
        mgr,
        name="丙单位",
        address="机密地址",
        confidentiality="confidential",
        secrecy_until=date(2026, 11, 30),
    )
    assert view_customer(op, c.id).full is False  # still within the period
    clock.advance(days=8)  # 1 December: the period is over
    view = view_customer(op, c.id)
    assert view.full is True and view.customer.address == "机密地址"
    assert AccessLog.select().count() == 1  # only the restricted opening was logged


def test_s2_file_destroyed_only_with_another_managers_approval(staff, ctx_for) -> None:
    mgr, op = ctx_for(staff["manager"]), ctx_for(staff["operator"])
    c = create_customer(
        mgr, name="丁单位", address="某地", contacts=[{"name": "王会计", "mobile": "13812345678"}]
    )
    call = start_call(op, customer_id=c.id, contact_id=Contact.get().id, symptom="凭证无法保存")
    with pytest.raises(ValidationError):
        destroy.approve_destruction(mgr, c.id)  # nobody asked
    destroy.request_destruction(op, c.id, "客户已注销,按制度销毁")
    with pytest.raises(PermissionDenied):
        destroy.approve_destruction(op, c.id)
    destroy.request_destruction(mgr, c.id, "客户已注销")
    with pytest.raises(ValidationError) as err:  # not the asker's own approval
        destroy.approve_destruction(mgr, c.id)
    assert err.value.field == "approver"
    destroy.request_destruction(op, c.id, "客户已注销")
    done = destroy.approve_destruction(mgr, c.id)
    assert done.destroyed_at is not None and done.address == "" and "已销毁" in done.name
    assert Contact.select().count() == 0
    kept = Call.get_by_id(call.id)
    assert kept.symptom == "凭证无法保存" and kept.contact_id is None
