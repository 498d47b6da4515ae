"""C6: a complaint opened from a call or a callback starts with the caller's
unit, name, phone and product filled in; restricted files (S2) keep their
address back from those who may not read them."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.services.complaints import handling as svc
from hotline_tui.services.complaints.queries import (
    prefill_from_call,
    prefill_from_callback,
    prefill_from_ticket,
)
from hotline_tui.store.models import Call, Callback, Contact, Customer


@pytest.fixture
def call(staff, customer, clock) -> Call:
    now = clock.now()
    op = staff["operator"]
    return Call.create(
        ticket_no="HL20261123-0007",
        owner=op,
        taken_by=op,
        customer=customer,
        contact=Contact.get(Contact.customer == customer),
        caller_name="吕会计",
        caller_phone="010-62440000",
        product="用友通",
        version_text="10.3",
        modules="总账",
        status="solved",
        started_at=now,
        updated_at=now,
    )


def test_c6_form_prefilled_from_a_call_registers(call, customer, staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    data = prefill_from_call(ctx, call.id)
    assert data["call_id"] == call.id and data["customer_id"] == customer.id
    assert data["from_ticket"] == "HL20261123-0007"
    assert (data["complainant_unit"], data["unit_address"]) == (customer.name, customer.address)
    assert (data["complainant"], data["phone"], data["email"]) == (
        "吕会计",
        "010-62440000",
        "lv@example.cn",
    )
    assert (data["product"], data["version_text"], data["modules"]) == ("用友通", "10.3", "总账")
    # the form adds what the caller said; the links come along
    fields = {k: v for k, v in data.items() if k != "from_ticket"}
    c = svc.register_complaint(
        ctx, **fields, department="服务部", level="general", category="delay", description="未到"
    )
    assert (c.call_id, c.customer_id, c.complainant) == (call.id, customer.id, "吕会计")


def test_c6_prefill_by_ticket_number_as_typed(call, staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    assert prefill_from_ticket(ctx, " hl20261123-0007 ")["call_id"] == call.id
    for bad, msg in (("", "工单号"), ("HL19990101-0001", "HL19990101-0001")):
        with pytest.raises(ValidationError) as err:
            prefill_from_ticket(ctx, bad)
        assert err.value.field == "ticket" and msg in str(err.value)


def test_c6_prefill_from_a_callback_uses_its_call_and_contact(
    call,
    customer,
    staff,
    ctx_for,
    clock,
) -> None:
    now = clock.now()
    cb = Callback.create(
        kind="F1", customer=customer, call=call, owner=staff["operator"], due_at=now, created_at=now
    )
    data = prefill_from_callback(ctx_for(staff["operator"]), cb.id)
    assert (data["callback_id"], data["call_id"], data["customer_id"]) == (
        cb.id,
        call.id,
        customer.id,
    )
    assert data["complainant"] == "吕会计" and data["product"] == "用友通"
    # a care callback without a call still brings the unit and its contact
    care = Contact.create(customer=customer, name="王主任", mobile="13800000000", created_at=now)
    cb2 = Callback.create(
        kind="F4",
        customer=customer,
        contact=care,
        owner=staff["operator"],
        due_at=now,
        created_at=now,
    )
    data = prefill_from_callback(ctx_for(staff["operator"]), cb2.id)
    assert "call_id" not in data
    assert (data["complainant_unit"], data["complainant"], data["phone"]) == (
        customer.name,
        "王主任",
        "13800000000",
    )


def test_s2_prefill_keeps_a_restricted_address_back(call, customer, staff, ctx_for) -> None:
    Customer.update(confidentiality="top_secret").where(Customer.id == customer.id).execute()
    data = prefill_from_call(ctx_for(staff["operator"]), call.id)
    assert data["complainant_unit"] == customer.name and "unit_address" not in data
    data = prefill_from_call(ctx_for(staff["manager"]), call.id)
    assert data["unit_address"] == customer.address


def test_prefill_of_a_missing_record_is_not_found(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    with pytest.raises(NotFound):
        prefill_from_call(ctx, 999)
    with pytest.raises(NotFound):
        prefill_from_callback(ctx, 999)
