"""Dispatch fixtures: a customer with a contact, and orders driven to any state
through the services, as the desk would."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.services.dispatch import orders as svc
from hotline_tui.store.models import Contact, Customer, DispatchRequest, Staff

#: The path through the flow to reach each state, from requested.
PATHS: dict[str, tuple[str, ...]] = {
    flow.REQUESTED: (),
    flow.VERIFIED: ("verify",),
    flow.RETURNED: ("return",),
    flow.ASSIGNED: ("verify", "assign"),
    flow.APPOINTED: ("verify", "assign", "appoint"),
    flow.RESCHEDULED: ("verify", "assign", "appoint", "reschedule"),
    flow.REFUSED: ("verify", "assign", "appoint", "refuse"),
    flow.ON_SITE: ("verify", "assign", "appoint", "arrive"),
    flow.SIGNED: ("verify", "assign", "appoint", "arrive", "sign_off"),
    flow.NOT_SOLVED: ("verify", "assign", "appoint", "arrive", "not_solved"),
    flow.REDISPATCHED: ("verify", "assign", "appoint", "arrive", "not_solved", "redispatch"),
    flow.ESCALATED: ("verify", "assign", "appoint", "arrive", "not_solved", "escalate"),
    flow.SOLVED: ("verify", "assign", "appoint", "arrive", "not_solved", "escalate", "solved"),
}


@pytest.fixture
def customer(staff: dict[str, Staff], clock) -> Customer:
    now = clock.now()
    cust = Customer.create(
        name="上海宏达机械有限公司",
        address="上海市浦东新区张江路 88 号",
        created_at=now,
        updated_at=now,
    )
    Contact.create(customer=cust, name="陈会计", mobile="13912345678", created_at=now)
    return cust


@pytest.fixture
def order_in(staff, customer, ctx_for, clock) -> Callable[[str], DispatchRequest]:
    """`order_in("on_site")`: a fresh order walked to that state by the right people."""
    mgr, eng = ctx_for(staff["manager"]), ctx_for(staff["engineer"])
    contact = Contact.get(Contact.customer == customer)

    def make(state: str) -> DispatchRequest:
        req = svc.request_dispatch(
            ctx_for(staff["operator"]),
            customer_id=customer.id,
            contact_id=contact.id,
            problem="账套备份失败,提示磁盘空间不足",
        )
        rid = req.id
        for step in PATHS[state]:
            if step == "verify":
                svc.verify(mgr, rid)
            elif step == "return":
                svc.return_request(mgr, rid, "电话可解决")
            elif step == "assign":
                cur = DispatchRequest.get_by_id(rid)
                svc.assign(mgr, rid, staff["engineer"].id, expected_version=cur.version)
            elif step == "appoint":
                svc.appoint(eng, rid, clock.now().add(days=1))
            elif step == "reschedule":
                svc.reschedule(
                    eng, rid, clock.now().add(days=2), reason="堵车", customer_agreed=True
                )
            elif step == "refuse":
                svc.reschedule(
                    eng, rid, clock.now().add(days=2), reason="堵车", customer_agreed=False
                )
            elif step == "arrive":
                svc.arrive(eng, rid)
            elif step == "sign_off":
                svc.sign_off(
                    eng,
                    rid,
                    signer="陈会计",
                    work_done="清理磁盘,重新备份成功",
                    cause="磁盘空间不足",
                    prevention="定期清理磁盘",
                    customer_checked=True,
                    customer_opinion="满意",
                )
            elif step == "not_solved":
                svc.not_solved(eng, rid, "数据库损坏,需厂商工具")
            elif step == "redispatch":
                svc.redispatch(mgr, rid)
            elif step == "escalate":
                svc.escalate(mgr, rid, "YY-2026-1123", "已提交厂商")
            elif step == "solved":
                svc.vendor_solved(mgr, rid, "厂商补丁已安装")
        return DispatchRequest.get_by_id(rid)

    return make
