"""Open items by time to breach: the operator's desk and the manager's review.

Each kind is one index-backed query on (status, due_at) [or (owner, status,
due_at)], already sorted, and the kinds are merged; nothing is computed per
row in the database, so the cost stays flat as the calls pile up.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pendulum
from peewee import JOIN

from hotline_tui.i18n import N_
from hotline_tui.store.models import (
    Call,
    Callback,
    Complaint,
    Customer,
    DispatchRequest,
    Handover,
    Staff,
)

KINDS = {
    "call": N_("Call"),
    "callback": N_("Callback"),
    "dispatch": N_("Dispatch"),
    "complaint": N_("Complaint"),
    "handover": N_("Handover"),
}
OPEN_CALL_STATUSES = ("open", "on_hold", "consultation")
OPEN_DISPATCH_STATES = (
    "requested",
    "verified",
    "assigned",
    "appointed",
    "rescheduled",
    "on_site",
    "not_solved",
    "escalated",
)
CLOSED_COMPLAINT_STATUSES = ("closed", "archived")
FAR_FUTURE = pendulum.datetime(9999, 1, 1, tz="UTC")


@dataclass(frozen=True)
class OpenItem:
    kind: str
    id: int
    title: str
    customer: str
    owner: str
    owner_id: int | None
    due_at: datetime | None
    rule: str
    status: str

    def seconds_left(self, now: datetime) -> float | None:
        if self.due_at is None:
            return None
        return (self.due_at - now).total_seconds()

    def overdue(self, now: datetime) -> bool:
        return self.due_at is not None and self.due_at < now

    @property
    def sort_key(self) -> tuple:
        return (self.due_at or FAR_FUTURE, self.kind, self.id)


def _name(customer: Customer | None) -> str:
    return customer.short_name or customer.name if customer else ""


def _calls(owner_id: int | None, customer_id: int | None, limit: int) -> Iterator[OpenItem]:
    q = (
        Call.select(Call, Customer, Staff)
        .join(Customer, on=(Call.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(Call)
        .join(Staff, on=(Call.owner == Staff.id))
        .where(Call.status.in_(OPEN_CALL_STATUSES))
        .order_by(Call.due_at.asc(nulls="LAST"), Call.id)
        .limit(limit)
    )
    if owner_id is not None:
        q = q.where(Call.owner == owner_id)
    if customer_id is not None:
        q = q.where(Call.customer == customer_id)
    for c in q:
        title = f"{c.ticket_no} {c.symptom[:40]}".strip()
        yield OpenItem(
            "call",
            c.id,
            title,
            _name(c.customer),
            c.owner.name,
            c.owner_id,
            c.due_at,
            c.due_rule,
            c.status,
        )


def _callbacks(owner_id: int | None, customer_id: int | None, limit: int) -> Iterator[OpenItem]:
    q = (
        Callback.select(Callback, Customer, Staff)
        .join(Customer, on=(Callback.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(Callback)
        .join(Staff, on=(Callback.owner == Staff.id), join_type=JOIN.LEFT_OUTER)
        .where(Callback.status == "open")
        .order_by(Callback.due_at, Callback.id)
        .limit(limit)
    )
    if owner_id is not None:
        q = q.where(Callback.owner == owner_id)
    if customer_id is not None:
        q = q.where(Callback.customer == customer_id)
    for cb in q:
        owner = cb.owner.name if cb.owner_id else ""
        yield OpenItem(
            "callback",
            cb.id,
            cb.kind,
            _name(cb.customer),
            owner,
            cb.owner_id,
            cb.due_at,
            cb.due_rule or cb.kind,
            cb.status,
        )


def _dispatches(owner_id: int | None, customer_id: int | None, limit: int) -> Iterator[OpenItem]:
    q = (
        DispatchRequest.select(DispatchRequest, Customer)
        .join(Customer)
        .where(DispatchRequest.state.in_(OPEN_DISPATCH_STATES))
        .order_by(DispatchRequest.due_at.asc(nulls="LAST"), DispatchRequest.id)
        .limit(limit)
    )
    if owner_id is not None:
        q = q.where(
            (DispatchRequest.engineer == owner_id)
            | ((DispatchRequest.engineer.is_null()) & (DispatchRequest.requested_by == owner_id))
        )
    if customer_id is not None:
        q = q.where(DispatchRequest.customer == customer_id)
    staff = {}
    for d in q:
        oid = d.engineer_id or d.requested_by_id
        if oid not in staff:
            staff[oid] = Staff.get_by_id(oid).name
        yield OpenItem(
            "dispatch",
            d.id,
            f"{d.order_no} {d.problem[:40]}",
            _name(d.customer),
            staff[oid],
            oid,
            d.due_at,
            d.due_rule,
            d.state,
        )


def _complaints(owner_id: int | None, customer_id: int | None, limit: int) -> Iterator[OpenItem]:
    q = (
        Complaint.select()
        .where(Complaint.status.not_in(CLOSED_COMPLAINT_STATUSES))
        .order_by(Complaint.due_at.asc(nulls="LAST"), Complaint.id)
        .limit(limit)
    )
    if owner_id is not None:
        q = q.where(Complaint.owner == owner_id)
    if customer_id is not None:
        q = q.where(Complaint.customer == customer_id)
    for c in q:
        owner = c.owner.name if c.owner_id else ""
        yield OpenItem(
            "complaint",
            c.id,
            f"{c.ref_no} {c.description[:40]}",
            c.complainant_unit,
            owner,
            c.owner_id,
            c.due_at,
            c.due_rule,
            c.status,
        )


def _handovers(owner_id: int | None, customer_id: int | None, limit: int) -> Iterator[OpenItem]:
    if customer_id is not None:
        return
    q = (
        Handover.select(Handover, Staff)
        .join(Staff, on=(Handover.to_staff == Staff.id))
        .where(Handover.status == "open")
        .order_by(Handover.due_at, Handover.id)
        .limit(limit)
    )
    if owner_id is not None:
        q = q.where(Handover.to_staff == owner_id)
    for h in q:
        yield OpenItem(
            "handover",
            h.id,
            h.note[:40],
            "",
            h.to_staff.name,
            h.to_staff_id,
            h.due_at,
            "R3",
            h.status,
        )


SOURCES = {
    "call": _calls,
    "callback": _callbacks,
    "dispatch": _dispatches,
    "complaint": _complaints,
    "handover": _handovers,
}


def open_items(
    owner_id: int | None = None,
    kinds: Iterable[str] | None = None,
    customer_id: int | None = None,
    limit: int = 500,
) -> list[OpenItem]:
    """Every open item, soonest deadline (overdue) first, merged across kinds."""
    chosen = list(kinds) if kinds else list(SOURCES)
    streams = [SOURCES[k](owner_id, customer_id, limit) for k in chosen if k in SOURCES]
    merged = heapq.merge(*streams, key=lambda item: item.sort_key)
    return [item for _, item in zip(range(limit), merged, strict=False)]
