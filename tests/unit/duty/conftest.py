"""Shared set-up for the duty and handover tests: a rostered day and its open work."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.services.duty import roster
from hotline_tui.store.models import Call, Callback, Customer, DispatchRequest

SH = "Asia/Shanghai"


def local(y: int, m: int, d: int, hh: int, mm: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(y, m, d, hh, mm, tz=SH)


def make_work(owner, now, tag: str = "") -> dict:
    """An outgoing operator's unresolved items: every kind the handover lists (R3)."""
    cust = Customer.create(name=f"上海宏达机械有限公司{tag}", created_at=now, updated_at=now)

    def call(no: str, status: str, symptom: str, rule: str, minutes: int) -> Call:
        return Call.create(
            ticket_no=f"HL20261123-{no}{tag}",
            owner=owner,
            taken_by=owner,
            customer=cust,
            symptom=symptom,
            status=status,
            started_at=now,
            updated_at=now,
            due_at=now.add(minutes=minutes),
            due_rule=rule,
        )

    return {
        "call": call("0001", "on_hold", "账套备份失败", "H6", 40),
        "consultation": call("0002", "consultation", "凭证打印错位", "H7", 150),
        "solved": call("0003", "solved", "已解决的来电", "", 0),
        "callback": Callback.create(
            kind="F1", customer=cust, owner=owner, due_at=now.add(days=2), created_at=now
        ),
        "dispatch": DispatchRequest.create(
            order_no=f"PD20261123-0001{tag}",
            customer=cust,
            problem="加密锁无法识别,需上门",
            requested_by=owner,
            created_at=now,
            updated_at=now,
        ),
    }


@pytest.fixture
def day_and_evening(staff, ctx_for):
    """李强 has the day shift of Monday 2026-11-23, 王丽 the evening (R1)."""
    ctx = ctx_for(staff["manager"])
    day = date(2026, 11, 23)
    return (
        roster.assign(ctx, day, "day", staff["operator2"].id),
        roster.assign(ctx, day, "evening", staff["operator"].id),
    )
