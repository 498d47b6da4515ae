"""Customer records: the S1 review list, contacts who left, S2 views, S3 first visits."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.domain.clock import FixedClock
from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.customers import contacts as svc
from hotline_tui.services.customers import records
from hotline_tui.store.models import AccessLog, AuditEntry, Callback, Contact


def _unit(ctx, name="杭州宏达机械制造有限公司", **kw):
    return svc.create_customer(
        ctx,
        name=name,
        contacts=[{"name": "王建华", "title": "先生", "mobile": "13812345678", "is_primary": True}],
        products=[{"product": "华信财务 U8", "version": "V13.0", "dongle_no": "HX10000001"}],
        **kw,
    )


def _earlier(ctx, **delta):
    return ServiceContext(ctx.actor, ctx.settings, FixedClock(ctx.now().subtract(**delta)))


def test_s1_records_unchecked_for_three_months_are_listed_for_review(staff, ctx_for) -> None:
    op = ctx_for(staff["operator"])
    fresh = _unit(_earlier(op, months=2, days=29), name="新近核对的单位")
    stale = _unit(_earlier(op, months=3, days=1), name="久未核对的单位")
    older = _unit(_earlier(op, months=9), name="更久未核对的单位")
    assert [c.id for c in records.due_for_review(op)] == [older.id, stale.id]
    assert fresh.id not in [c.id for c in records.due_for_review(op)]


def test_s1_mark_checked_takes_the_record_off_the_review_list(staff, ctx_for) -> None:
    op = ctx_for(staff["operator"])
    stale = _unit(_earlier(op, months=4))
    records.mark_checked(op, stale.id, note="电话核对地址和联系人")
    assert records.due_for_review(op) == []
    entry = AuditEntry.get(AuditEntry.action == "customer.checked")
    assert entry.after["check_note"] == "电话核对地址和联系人" and entry.actor_no == "1001"


def test_s1_review_period_is_a_setting(staff, ctx_for, settings) -> None:
    from hotline_tui.config import Policy

    op = ctx_for(staff["operator"])
    _unit(_earlier(op, months=2))
    short = ServiceContext(
        op.actor, settings.with_overrides(policy=Policy(customer_review_months=1)), op.clock
    )
    assert len(records.due_for_review(short)) == 1 and records.due_for_review(op) == []


def test_s1_contact_left_and_replacement_named(staff, ctx_for) -> None:
    op = ctx_for(staff["operator"])
    unit = _unit(op)
    old = unit.contacts.get()
    new = svc.add_contact(op, unit.id, name="李娜", title="女士", mobile="13700001111")
    svc.mark_contact_left(op, old.id, new.id)
    old = Contact.get_by_id(old.id)
    assert old.left_company and old.replaced_by_id == new.id
    other = _unit(op, name="另一家单位")
    with pytest.raises(ValidationError) as exc:
        svc.mark_contact_left(op, new.id, other.contacts.get().id)
    assert exc.value.field == "replaced_by"


def test_s2_minimum_view_and_access_log_for_operator_full_for_manager(staff, ctx_for) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    unit = _unit(mgr, confidentiality="confidential", address="杭州市文三路 90 号")
    seen = records_view = svc.view_customer(op, unit.id, purpose="customers")
    assert not seen.full and seen.customer.address == "" and seen.products[0].serial_no == ""
    assert records_view.customer.name == unit.name  # the unit name a call needs stays
    full = svc.view_customer(mgr, unit.id, purpose="customers")
    assert full.full and full.customer.address.startswith("杭州市")
    log = [(a.actor_id, a.view, a.level) for a in AccessLog.select().order_by(AccessLog.id)]
    assert log == [
        (staff["operator"].id, "minimum", "confidential"),
        (staff["manager"].id, "full", "confidential"),
    ]


def test_s3_new_sale_gets_first_visit_task_due_within_7_days(staff, ctx_for, clock) -> None:
    spec = ctx_for(staff["specialist"])
    sold = clock.now().subtract(hours=2)
    unit = _unit(spec, sold_at=sold)
    task = Callback.get((Callback.customer == unit.id) & (Callback.kind == "S3"))
    assert task.due_at == sold.add(days=7) and task.due_rule == "S3"
    assert task.owner_id == staff["specialist"].id and task.contact.name == "王建华"
    assert task.status == "open"


def test_s3_register_sale_on_existing_unit(staff, ctx_for, clock) -> None:
    op = ctx_for(staff["operator"])
    unit = _unit(op)
    assert Callback.select().count() == 0  # no sale, no first visit
    sold = pendulum.datetime(2026, 11, 20, 15, 0, tz="Asia/Shanghai")
    task = svc.register_sale(op, unit.id, sold)
    assert task.kind == "S3" and task.due_at == sold.add(days=7).in_tz("UTC")
    assert AuditEntry.select().where(AuditEntry.action == "customer.sale").count() == 1


def test_s3_first_visit_days_is_a_setting(staff, ctx_for, settings, clock) -> None:
    from hotline_tui.config import Policy

    op = ctx_for(staff["operator"])
    quick = ServiceContext(
        op.actor, settings.with_overrides(policy=Policy(first_visit_days=3)), clock
    )
    unit = _unit(quick, sold_at=clock.now())
    assert Callback.get(Callback.customer == unit.id).due_at == clock.now().add(days=3)


def test_history_lists_calls_dispatches_callbacks_complaints_of_the_unit(
    staff, ctx_for, clock
) -> None:
    from hotline_tui.services.calls.calls import start_call
    from hotline_tui.services.complaints.handling import register_complaint
    from hotline_tui.services.dispatch.orders import request_dispatch

    op = ctx_for(staff["operator"])
    unit = _unit(op, sold_at=clock.now())
    other = _unit(op, name="另一家单位")
    call = start_call(op, customer_id=unit.id, symptom="月末结账提示工资模块未结账")
    start_call(op, customer_id=other.id, symptom="别的单位的来电")
    request_dispatch(op, customer_id=unit.id, problem="加密锁无法识别,需要上门")
    register_complaint(
        op,
        customer_id=unit.id,
        complainant_unit=unit.name,
        complainant="王建华",
        phone="13812345678",
        department="技术支持部",
        level="general",
        category="delay",
        description="约定上门时间未到",
    )
    history = records.customer_history(unit.id)
    assert {r.kind for r in history.rows} == {"call", "dispatch", "callback", "complaint"}
    assert [r.ref for r in history.of("call")] == [call.ticket_no]
    assert history.of("callback")[0].ref == "S3"
    assert history.of("complaint")[0].due_at is not None  # C3 clock shown with the row


def test_s1_find_unit_by_name_phone_dongle_or_serial(staff, ctx_for) -> None:
    op = ctx_for(staff["operator"])
    unit = svc.create_customer(
        op,
        name="温州嘉禾鞋业有限公司",
        contacts=[{"name": "陈静", "phone": "0577-8888 1234 转 805", "mobile": "13905771234"}],
        products=[{"product": "华信 KIS", "dongle_no": "HX55500011", "serial_no": "SN2024123456"}],
    )
    _unit(op, name="温州另一家单位")
    for text in ("嘉禾鞋业", "139 0577 1234", "057788881234", "HX55500011", "SN2024123456"):
        assert [c.id for c in svc.search_customers(text)] == [unit.id], text
    assert svc.search_customers("  ") == [] and svc.search_customers("SN0000") == []


def test_engineer_may_not_mark_checked(staff, ctx_for) -> None:
    unit = _unit(ctx_for(staff["operator"]))
    with pytest.raises(PermissionDenied):
        records.mark_checked(ctx_for(staff["engineer"]), unit.id)
