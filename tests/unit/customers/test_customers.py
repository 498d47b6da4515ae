"""Customers, contacts and caller lookup (S1, S2, H4) on both databases."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.customers import contacts as svc
from hotline_tui.store.models import AccessLog, AuditEntry, ContactPhone


def _unit(ctx, name="上海宏达机械有限公司", **kw):
    contacts = kw.pop(
        "contacts",
        [
            {
                "name": "王建华",
                "title": "先生",
                "mobile": "138-1234-5678",
                "phone": "(021) 6234 5678 转 803",
            }
        ],
    )
    return svc.create_customer(
        ctx,
        name=name,
        contacts=contacts,
        products=[
            {
                "product": "华信财务 U8",
                "version": "V10.1",
                "modules": "总账,报表",
                "dongle_no": "D-20931",
            }
        ],
        **kw,
    )


def test_h4_caller_found_by_messy_mobile(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    unit = _unit(ctx)
    matches = svc.find_caller("+86 138 1234 5678")
    assert [m.customer.id for m in matches] == [unit.id]
    assert matches[0].exact and matches[0].contact.name == "王建华"


def test_h4_caller_found_by_landline_without_area_code(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    unit = _unit(ctx)
    matches = svc.find_caller("62345678")
    assert [m.customer.id for m in matches] == [unit.id]


def test_h4_several_matches_are_all_offered(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    _unit(ctx, name="甲公司", contacts=[{"name": "甲", "phone": "010-8765 4321"}])
    _unit(ctx, name="乙公司", contacts=[{"name": "乙", "phone": "021-8765 4321"}])
    matches = svc.find_caller("87654321")
    assert sorted(m.customer.name for m in matches) == ["乙公司", "甲公司"]


def test_h4_unknown_number_finds_nobody(staff, ctx_for) -> None:
    _unit(ctx_for(staff["operator"]))
    assert svc.find_caller("13900000000") == []


def test_h4_bad_number_is_a_field_error(staff) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.find_caller("hello")
    assert exc.value.field == "phone"


def test_contact_phones_are_reindexed_on_edit(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    unit = _unit(ctx)
    contact = unit.contacts.get()
    svc.update_contact(ctx, contact.id, mobile="139 0000 1111", phone="")
    assert [p.number for p in ContactPhone.select().where(ContactPhone.contact == contact)] == [
        "13900001111"
    ]
    assert svc.find_caller("13812345678") == []


def test_every_write_is_audited_with_before_and_after(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    unit = _unit(ctx)
    svc.update_customer(ctx, unit.id, address="上海市浦东新区张江路 88 号")
    entry = AuditEntry.select().where(AuditEntry.action == "customer.update").get()
    assert entry.actor_no == "1001"
    assert entry.before["address"] == "" and entry.after["address"].startswith("上海市")


def test_s1_contact_who_left_is_marked_and_replaced(staff, ctx_for) -> None:
    ctx = ctx_for(staff["operator"])
    unit = _unit(ctx)
    old = unit.contacts.get()
    new = svc.add_contact(ctx, unit.id, name="李娜", title="女士", mobile="13700001111")
    svc.mark_contact_left(ctx, old.id, new.id)
    old = type(old).get_by_id(old.id)
    assert old.left_company and old.replaced_by_id == new.id


def test_s2_top_secret_unit_shows_minimum_to_operator_and_is_logged(staff, ctx_for) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    unit = _unit(mgr, confidentiality="top_secret", address="北京市海淀区某路 1 号")
    seen = svc.view_customer(op, unit.id, purpose="call")
    assert not seen.full and seen.customer.address == ""
    assert seen.products[0].product == "华信财务 U8"  # what the call needs stays
    full = svc.view_customer(mgr, unit.id)
    assert full.full and full.customer.address.startswith("北京市")
    log = [(a.actor_id, a.view) for a in AccessLog.select().order_by(AccessLog.id)]
    assert log == [(staff["operator"].id, "minimum"), (staff["manager"].id, "full")]


def test_s2_secret_unit_is_not_logged(staff, ctx_for) -> None:
    unit = _unit(ctx_for(staff["operator"]))
    assert svc.view_customer(ctx_for(staff["operator"]), unit.id).full
    assert AccessLog.select().count() == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", ""),
        ("name", "x" * 201),
        ("category", "gold"),
        ("confidentiality", "public"),
        ("name", "a\x00b"),
    ],
)
def test_bad_customer_input_names_the_field(staff, ctx_for, field, value) -> None:
    data = {"name": "好公司", field: value}
    with pytest.raises(ValidationError) as exc:
        svc.create_customer(ctx_for(staff["operator"]), **data)
    assert exc.value.field == field


def test_engineer_may_not_import_customers(staff, ctx_for) -> None:
    from hotline_tui.services.base import require

    with pytest.raises(PermissionDenied):
        require(ctx_for(staff["engineer"]), "customer.import")
