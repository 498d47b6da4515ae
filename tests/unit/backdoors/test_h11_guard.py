"""H11 follows the request, not the category: once marked, guarded for good; a
symptom asking for a reset is guarded unless the operator says why not (logged);
the authorization needs a real reference, a past date and a recorded contact."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.config import Settings
from hotline_tui.domain.authorization import (
    AuthRules,
    check_doc_ref,
    check_received,
    detect_request,
)
from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls import outcomes
from hotline_tui.services.calls.calls import call_events, propose_category, start_call, update_call
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.store.models import Call

AUTH = {"auth_doc_ref": "SQ-2026-0117", "auth_received_on": "2026-11-20", "auth_contact": "王建国"}


@pytest.fixture
def unit(staff, ctx_for):
    return create_customer(
        ctx_for(staff["manager"]),
        name="上海宏达机械有限公司",
        contacts=[{"name": "王建国", "mobile": "13812345678"}, {"name": "陈会计"}],
    )


def _call(ctx, unit, **form):
    call = start_call(ctx)
    return update_call(ctx, call.id, customer_id=unit.id, **form)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("客户忘记了管理员密码", "password_reset"),
        ("要求重置账套口令", "password_reset"),
        ("请帮忙清空账套数据", "data_clear"),
        ("把数据全部清空重新开始", "data_clear"),
        ("月末结账时提示账套被占用", None),
        ("报表打印不出来", None),
    ],
)
def test_h11_detects_the_request_in_the_callers_words(text, kind) -> None:
    assert detect_request(text) == kind
    assert propose_category(text) == kind


@pytest.mark.parametrize("ref", ["-", "", "无", "xxxxxx", "123", "......", "n/a"])
def test_h11_placeholder_is_not_a_document_reference(ref) -> None:
    with pytest.raises(ValidationError):
        check_doc_ref(ref, AuthRules())
    assert check_doc_ref("SQ-2026-0117", AuthRules()) == "SQ-2026-0117"
    with pytest.raises(ValidationError):
        check_doc_ref("AB-1234567", AuthRules(pattern=r"SQ-\d{4}-\d{4}"))


def test_h11_received_date_not_in_the_future() -> None:
    with pytest.raises(ValidationError):
        check_received(date(2026, 11, 24), date(2026, 11, 23))
    with pytest.raises(ValidationError):
        check_received(None, date(2026, 11, 23))


def test_h11_marked_call_stays_guarded_after_category_switch(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = _call(ctx, unit, symptom="客户要求处理账套问题", category="password_reset")
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(ctx, call.id, category="general", resolution="已处理完毕")
    assert err.value.field == "auth_doc_ref"
    assert Call.get_by_id(call.id).status == "open"
    update_call(ctx, call.id, category="general")  # saving the switch does not help
    assert Call.get_by_id(call.id).auth_guard == "password_reset"
    with pytest.raises(ValidationError):
        outcomes.solve_call(ctx, call.id, resolution="已处理完毕")
    outcomes.solve_call(ctx, call.id, resolution="已按授权书重置", **AUTH)
    assert Call.get_by_id(call.id).status == "solved"


def test_h11_request_only_in_the_symptom_is_guarded(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = _call(ctx, unit, symptom="客户忘记了系统管理员密码,要求重置", category="general")
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(ctx, call.id, resolution="告知了重置方法")
    assert err.value.field == "auth_doc_ref"
    assert Call.get_by_id(call.id).status == "open"


def test_h11_operator_states_why_not_and_it_is_logged(staff, ctx_for, unit) -> None:
    ctx = ctx_for(staff["operator"])
    call = _call(ctx, unit, symptom="客户问忘记密码时该找谁,只是咨询流程", category="general")
    outcomes.solve_call(
        ctx, call.id, resolution="告知须提交书面申请", auth_waiver="只咨询流程,未要求重置"
    )
    ev = [e for e in call_events(call.id) if e.kind == "auth_waived"]
    assert ev and ev[0].detail["reason"] == "只咨询流程,未要求重置"


@pytest.mark.parametrize(
    "field, bad",
    [
        ("auth_doc_ref", "-"),
        ("auth_received_on", "2026-11-30"),
        ("auth_contact", "路人甲"),
    ],
)
def test_h11_authorization_must_be_real(staff, ctx_for, unit, field, bad) -> None:
    ctx = ctx_for(staff["operator"])
    call = _call(ctx, unit, symptom="要求清空账套数据", category="data_clear")
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(ctx, call.id, resolution="已清空", **{**AUTH, field: bad})
    assert err.value.field == field
    assert Call.get_by_id(call.id).status == "open"


def test_h11_document_pattern_setting(staff, unit, clock) -> None:
    settings = Settings(auth_doc_pattern=r"SQ-\d{4}-\d{3}")
    ctx = ServiceContext(actor=staff["operator"], settings=settings, clock=clock)
    call = _call(ctx, unit, symptom="要求清空账套数据", category="data_clear")
    with pytest.raises(ValidationError):
        outcomes.solve_call(
            ctx, call.id, resolution="已清空", **{**AUTH, "auth_doc_ref": "AB-99999"}
        )
    outcomes.solve_call(
        ctx, call.id, resolution="已清空", **{**AUTH, "auth_doc_ref": "SQ-2026-011"}
    )


def test_h11_contact_list_keeps_a_restricted_units_contacts_back(staff, ctx_for) -> None:
    from hotline_tui.services.calls.calls import authorizing_contacts

    mgr, op = ctx_for(staff["manager"]), ctx_for(staff["operator"])
    unit = create_customer(
        mgr,
        name="某研究所",
        confidentiality="top_secret",
        contacts=[{"name": "王主任"}, {"name": "李会计"}],
    )
    from hotline_tui.store.models import Contact

    caller = Contact.get(Contact.name == "李会计")
    assert sorted(authorizing_contacts(unit.id, mgr)) == ["李会计", "王主任"]
    assert authorizing_contacts(unit.id, op) == []
    assert authorizing_contacts(unit.id, op, caller.id) == [caller.name]
    call = _call(op, unit, symptom="要求清空账套数据", category="data_clear")
    with pytest.raises(ValidationError) as err:
        outcomes.solve_call(op, call.id, resolution="已清空", **{**AUTH, "auth_contact": "路人"})
    assert "王主任" not in str(err.value) and "李会计" not in str(err.value)
