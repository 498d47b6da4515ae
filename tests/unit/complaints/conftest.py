"""Complaint fixtures: a key customer and a regular one, and a helper that
registers a complaint on the standard form (C6) as the desk would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotline_tui.services.complaints import handling as svc
from hotline_tui.store.models import Complaint, Contact, Customer, Staff


@pytest.fixture
def customer(staff: dict[str, Staff], clock) -> Customer:
    now = clock.now()
    cust = Customer.create(
        name="北京景升陶瓷制品有限公司",
        address="北京市海淀区上地产业基地11号",
        category="regular",
        created_at=now,
        updated_at=now,
    )
    Contact.create(
        customer=cust, name="吕会计", phone="010-62440000", email="lv@example.cn", created_at=now
    )
    return cust


@pytest.fixture
def key_customer(staff: dict[str, Staff], clock) -> Customer:
    now = clock.now()
    return Customer.create(
        name="上海宏达机械有限公司", category="key", created_at=now, updated_at=now
    )


def form(**over: Any) -> dict[str, Any]:
    """A complete C6 form (the seed's example), with overrides."""
    data: dict[str, Any] = {
        "source": "direct",
        "complainant_unit": "北京景升陶瓷制品有限公司",
        "complainant": "吕会计",
        "phone": "010-62440000",
        "email": "lv@example.cn",
        "unit_address": "北京市海淀区上地产业基地11号",
        "department": "服务部",
        "level": "general",
        "category": "delay",
        "product": "用友通",
        "version_text": "10.3",
        "modules": "总账、工资、固定资产",
        "description": "承诺4日下午工程师现场服务,但现在仍未到达。",
    }
    data.update(over)
    return data


@pytest.fixture
def register(staff, ctx_for) -> Callable[..., Complaint]:
    def make(**over: Any) -> Complaint:
        return svc.register_complaint(ctx_for(staff["operator"]), **form(**over))

    return make


@pytest.fixture
def walk(staff, ctx_for, register) -> Callable[..., Complaint]:
    """`walk("resolved")`: a complaint driven through the steps by the right people."""
    sup = ctx_for(staff["supervisor"])
    eng = ctx_for(staff["engineer"])
    order = ("checked", "responded", "verifying", "resolved", "closed")

    def make(until: str, **over: Any) -> Complaint:
        c = register(**over)
        steps = order[: order.index(until) + 1]
        for step in steps:
            if step == "checked":
                c = svc.check_complaint(
                    sup, c.id, responsible="服务部 赵工", owner_id=staff["engineer"].id
                )
            elif step == "responded":
                c = svc.respond_complaint(
                    eng,
                    c.id,
                    response="apology",
                    cause="工程师临时被调往其他客户,未通知",
                    measures="重新约定上门时间并致歉",
                )
            elif step == "verifying":
                c = svc.result_returned(eng, c.id, result="4月6日上门解决备份问题")
            elif step == "resolved":
                c = svc.verify_complaint(sup, c.id, resolved=True, note="客户确认已解决")
            elif step == "closed":
                c = svc.close_complaint(
                    sup,
                    c.id,
                    corrective="及时通知客户改约",
                    preventive="派工前确认工程师日程",
                )
        return c

    return make
