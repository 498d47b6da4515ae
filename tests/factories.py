"""Open items of every kind, written straight to the tables (test setup only)."""

from __future__ import annotations

import itertools
from datetime import datetime

import pendulum

from hotline_tui.store.models import (
    Call,
    Callback,
    CallEvent,
    Complaint,
    Customer,
    DispatchRequest,
    Handover,
    Staff,
)

_seq = itertools.count(1)
BASE = pendulum.datetime(2026, 11, 1, tz="UTC")


def customer(name: str, short: str = "") -> Customer:
    return Customer.create(name=name, short_name=short, created_at=BASE, updated_at=BASE)


def call(
    owner: Staff,
    cust: Customer | None,
    due: datetime | None,
    *,
    status: str = "on_hold",
    rule: str = "H6",
    symptom: str = "",
    started: datetime | None = None,
    outcome: str = "",
    updated: datetime | None = None,
    suggest_onsite: bool = False,
    ticket: str = "",
) -> Call:
    n = next(_seq)
    started = started or BASE
    return Call.create(
        ticket_no=ticket or f"HL-T{n:05d}",
        owner=owner,
        taken_by=owner,
        customer=cust,
        symptom=symptom or f"symptom {n}",
        status=status,
        outcome=outcome,
        suggest_onsite=suggest_onsite,
        started_at=started,
        updated_at=updated or started,
        due_at=due,
        due_rule=rule if due else "",
    )


def callback(
    owner: Staff | None,
    cust: Customer | None,
    due: datetime,
    *,
    kind: str = "F1",
    status: str = "open",
    done_at: datetime | None = None,
    call_row: Call | None = None,
) -> Callback:
    return Callback.create(
        kind=kind,
        customer=cust,
        owner=owner,
        call=call_row,
        status=status,
        due_at=due,
        due_rule=kind,
        done_at=done_at,
        created_at=BASE,
    )


def dispatch(requester: Staff, cust: Customer, due: datetime | None, **extra: object):
    n = next(_seq)
    return DispatchRequest.create(
        order_no=f"PD-T{n:05d}",
        customer=cust,
        problem=f"problem {n}",
        state=extra.pop("state", "requested"),
        requested_by=requester,
        created_at=BASE,
        updated_at=BASE,
        due_at=due,
        due_rule="D1" if due else "",
        **extra,
    )


def complaint(receiver: Staff, owner: Staff | None, unit: str, due: datetime | None) -> Complaint:
    n = next(_seq)
    return Complaint.create(
        ref_no=f"TS-T{n:05d}",
        complainant_unit=unit,
        received_at=BASE,
        receiver=receiver,
        category="delay",
        description=f"complaint {n}",
        owner=owner,
        due_at=due,
        due_rule="C3" if due else "",
    )


def handover(
    to: Staff,
    due: datetime,
    *,
    frm: Staff | None = None,
    completed: datetime | None = None,
    note: str = "",
) -> Handover:
    return Handover.create(
        from_staff=frm,
        to_staff=to,
        note=note or "shift handover",
        created_at=BASE,
        due_at=due,
        completed_at=completed,
        status="completed" if completed else "open",
    )


def local(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    """A time on a day of November 2026 in the center's zone."""
    return pendulum.datetime(2026, 11, day, hour, minute, tz="Asia/Shanghai")


def stats_history(op: Staff, op2: Staff) -> None:
    """A week of work with hand-computed figures (tests/unit/review/test_stats.py)."""
    cust = customer("上海宏达机械有限公司")
    call(op, cust, None, status="solved", outcome="solved", started=local(23, 9))
    held = call(op, cust, None, status="solved", outcome="solved", started=local(23, 8))
    CallEvent.create(call=held, at=local(23, 8, 10), kind="on_hold")  # H6 due 09:10
    CallEvent.create(call=held, at=local(23, 8, 50), kind="callback_attempt")  # kept
    call(
        op,
        cust,
        None,
        status="dispatch",
        outcome="dispatch",
        started=local(22, 15),
        suggest_onsite=True,
    )
    call(op, cust, None, status="draft", started=local(23, 9, 30))  # not a call yet
    callback(op, cust, local(23, 9, 30), status="done", done_at=local(23, 9))  # kept
    callback(op, cust, local(23, 8))  # open and past due: broken
    callback(op, cust, local(24, 9))  # not due yet: neither
    never = call(op2, cust, local(21, 15, 5), status="on_hold", started=local(21, 14))
    CallEvent.create(call=never, at=local(21, 14, 5), kind="on_hold")  # broken
    call(op2, cust, None, status="solved", outcome="solved", started=local(13, 11))
    handover(op2, local(23, 9), completed=local(23, 8, 45))  # 15 min after 08:30
    handover(op, local(22, 9), completed=local(22, 9, 20))  # late, 50 min
