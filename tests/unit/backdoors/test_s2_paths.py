"""S2 on every path: only managers change a level or a restricted unit; a
non-manager sees the minimum; every full showing is logged, once per record."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.services.calls.calls import caller_summary
from hotline_tui.services.customers import contacts as svc
from hotline_tui.services.customers.transfer import export_customers
from hotline_tui.services.export import read_table
from hotline_tui.store.models import AccessLog, Contact, Customer


def _log() -> list[tuple[int, str, str]]:
    return [(a.actor_id, a.view, a.purpose) for a in AccessLog.select().order_by(AccessLog.id)]


def test_s2_operator_cannot_lower_a_level(staff, ctx_for, secret_unit) -> None:
    op = ctx_for(staff["operator"])
    with pytest.raises(PermissionDenied):
        svc.update_customer(op, secret_unit.id, confidentiality="secret")
    assert Customer.get_by_id(secret_unit.id).confidentiality == "top_secret"


def test_s2_operator_cannot_raise_a_level_or_create_restricted(staff, ctx_for) -> None:
    op = ctx_for(staff["operator"])
    unit = svc.create_customer(op, name="普通公司")
    with pytest.raises(PermissionDenied):
        svc.update_customer(op, unit.id, confidentiality="confidential")
    with pytest.raises(PermissionDenied):
        svc.create_customer(op, name="另一家", confidentiality="top_secret")
    svc.update_customer(op, unit.id, address="上海")  # an ordinary unit stays editable


def test_s2_operator_cannot_edit_a_restricted_unit_or_its_contacts(
    staff, ctx_for, secret_unit
) -> None:
    op = ctx_for(staff["operator"])
    contact = Contact.select().where(Contact.customer == secret_unit.id).first()
    for attempt in (
        lambda: svc.update_customer(op, secret_unit.id, notes="x"),
        lambda: svc.add_contact(op, secret_unit.id, name="新人"),
        lambda: svc.update_contact(op, contact.id, mobile="13900000000"),
        lambda: svc.mark_contact_left(op, contact.id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    mgr = ctx_for(staff["manager"])
    assert svc.update_customer(mgr, secret_unit.id, confidentiality="confidential")


def test_s2_minimum_view_shows_only_the_caller_and_no_numbers(staff, ctx_for, secret_unit) -> None:
    op = ctx_for(staff["operator"])
    caller = Contact.get(Contact.name == "李会计")
    view = svc.view_customer(op, secret_unit.id, purpose="call", contact_id=caller.id)
    assert not view.full
    assert [c.name for c in view.contacts] == ["李会计"]
    c = view.contacts[0]
    assert (c.phone, c.mobile, c.email, c.im) == ("", "", "", "")
    assert view.customer.address == ""
    assert [(p.product, p.version, p.dongle_no, p.serial_no) for p in view.products] == [
        ("U8", "13.0", "", "")
    ]
    assert svc.view_customer(op, secret_unit.id).contacts == []  # no caller: no contact


def test_s2_caller_panel_minimum_for_operator(staff, ctx_for, secret_unit) -> None:
    op = ctx_for(staff["operator"])
    caller = Contact.get(Contact.name == "王主任")
    s = caller_summary(op, secret_unit.id, caller.id)
    assert s.contact == "王主任" and s.phone == ""
    assert all(p["dongle_no"] == "" for p in s.products)


def test_s2_lookup_and_search_lists_are_minimal_and_full_ones_logged(
    staff, ctx_for, secret_unit
) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    [m] = svc.find_caller("13811112222", op)
    assert m.contact.name == "王主任" and m.contact.mobile == "" and m.contact.email == ""
    assert m.customer.address == ""
    [m] = svc.find_caller("13811112222")  # no context: the minimum
    assert m.contact.mobile == ""
    [u] = svc.search_customers("研究所", ctx=op)
    assert u.name == "某研究所" and u.address == ""
    assert _log() == []
    [m] = svc.find_caller("13811112222", mgr)
    assert m.contact.mobile == "13811112222"
    [u] = svc.search_customers("研究所", ctx=mgr)
    assert u.address.startswith("北京")
    mid = staff["manager"].id
    assert _log() == [(mid, "full", "lookup"), (mid, "full", "search")]


def test_s2_customers_export_logs_one_row_per_restricted_unit(
    staff, ctx_for, secret_unit, tmp_path
) -> None:
    mgr = ctx_for(staff["manager"])
    svc.create_customer(mgr, name="普通公司")
    svc.create_customer(mgr, name="机密公司", confidentiality="confidential")
    export_customers(mgr, tmp_path / "all.csv")
    assert sorted(p for _a, _v, p in _log()) == ["export", "export"]
    headers, rows = read_table(tmp_path / "all.csv")
    assert len(rows) >= 3


def test_s2_customers_export_refused_to_operator(staff, ctx_for, secret_unit, tmp_path) -> None:
    with pytest.raises(PermissionDenied):
        export_customers(ctx_for(staff["operator"]), tmp_path / "all.csv")
    assert not (tmp_path / "all.csv").exists()
    assert _log() == []


def test_s2_dispatch_sheet_refused_to_operator_and_logged_for_manager(
    staff, ctx_for, secret_unit
) -> None:
    from hotline_tui.services.dispatch.orders import request_dispatch
    from hotline_tui.services.dispatch.queries import sheet_data

    mgr = ctx_for(staff["manager"])
    req = request_dispatch(mgr, customer_id=secret_unit.id, problem="账套无法打开")
    with pytest.raises(PermissionDenied):
        sheet_data(ctx_for(staff["engineer"]), req.order_no)
    assert _log() == []
    data = sheet_data(mgr, req.order_no)
    assert data["address"].startswith("北京")
    assert _log() == [(staff["manager"].id, "full", "dispatch sheet")]


def test_s2_audit_printout_refused_to_operator_and_logged_for_manager(
    staff, ctx_for, secret_unit
) -> None:
    from hotline_tui.services.admin.audit_log import guard_audit_printout

    with pytest.raises(PermissionDenied):
        guard_audit_printout(ctx_for(staff["operator"]))
    assert guard_audit_printout(ctx_for(staff["manager"])) == 1
    assert _log() == [(staff["manager"].id, "full", "audit printout")]


def test_s2_open_items_export_logs_restricted_units(staff, ctx_for, clock, secret_unit) -> None:
    from hotline_tui.services.callbacks.followups import create_callback
    from hotline_tui.services.review.open_items_export import export_open_items

    mgr = ctx_for(staff["manager"])
    create_callback(mgr, kind="F1", due_at=clock.now().add(days=1), customer_id=secret_unit.id)
    rows = list(export_open_items(mgr, clock.now()))
    assert rows and _log() == [(staff["manager"].id, "minimum", "open-items export")]


def test_s2_daily_report_logs_the_restricted_units_it_names(
    staff, ctx_for, clock, secret_unit
) -> None:
    from hotline_tui.services.calls.calls import start_call, update_call
    from hotline_tui.services.calls.daily_report import daily_report

    mgr = ctx_for(staff["manager"])
    call = start_call(mgr)
    update_call(mgr, call.id, customer_id=secret_unit.id, symptom="账套无法打开")
    report = daily_report(clock.now().date(), ctx=mgr)
    assert report.total == 1
    assert _log() == [(staff["manager"].id, "minimum", "daily report")]
