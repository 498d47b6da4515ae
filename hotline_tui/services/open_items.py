"""Open items by time to breach: the operator's desk and the manager's review.

Each kind is one index-backed query on (status, due_at) [or (owner, status,
due_at)], already sorted, with its customer and owner joined in, and the kinds
are merged; there are no per-row queries, so the cost stays flat as the calls
pile up (issue 9: fast at 1,000,000 calls).

The review's change token lives in `services/changes.py`, the manager's
reassignment (H10) in `services/reassign.py`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import peewee as pw
import pendulum
from peewee import JOIN

from hotline_tui.domain.dispatch_flow import OPEN_STATES
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, require
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
OPEN_DISPATCH_STATES = OPEN_STATES  # D1-D5: the dispatch state machine says what is open
CLOSED_COMPLAINT_STATUSES = ("closed", "archived")
FAR_FUTURE = pendulum.datetime(9999, 1, 1, tz="UTC")


#: Only the columns a row shows: every datetime column parsed costs time (issue 9 scale).
NAME_COLUMNS = (
    Customer.id,
    Customer.name,
    Customer.short_name,
    Staff.id,
    Staff.name,
    Staff.agent_no,
)


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
    owner_no: str = ""
    customer_id: int | None = None

    @property
    def key(self) -> str:
        """A stable row key, e.g. "call:42"."""
        return f"{self.kind}:{self.id}"

    def seconds_left(self, now: datetime) -> float | None:
        if self.due_at is None:
            return None
        return (self.due_at - now).total_seconds()

    def overdue(self, now: datetime) -> bool:
        return self.due_at is not None and self.due_at < now

    @property
    def sort_key(self) -> tuple:
        return (self.due_at or FAR_FUTURE, self.kind, self.id)


@dataclass(frozen=True)
class Filters:
    """What the review narrows the list to (kind is chosen by the caller)."""

    owner_id: int | None = None
    customer_id: int | None = None
    customer_query: str = ""
    limit: int = 500


def _name(customer: Customer | None) -> str:
    return (customer.short_name or customer.name) if customer else ""


def _customer_match(f: Filters) -> pw.Expression | None:
    q = f.customer_query.strip()
    if not q:
        return None
    return Customer.name.contains(q) | Customer.short_name.contains(q)


def _calls(f: Filters) -> Iterator[OpenItem]:
    q = (
        Call.select(
            Call.id,
            Call.ticket_no,
            Call.symptom,
            Call.status,
            Call.due_at,
            Call.due_rule,
            Call.owner,
            Call.customer,
            *NAME_COLUMNS,
        )
        .join(Customer, on=(Call.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(Call)
        .join(Staff, on=(Call.owner == Staff.id))
        .where(Call.status.in_(OPEN_CALL_STATUSES))
        .order_by(Call.due_at.asc(nulls="LAST"), Call.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(Call.owner == f.owner_id)
    if f.customer_id is not None:
        q = q.where(Call.customer == f.customer_id)
    if (match := _customer_match(f)) is not None:
        q = q.where(match)
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
            c.owner.agent_no,
            c.customer_id,
        )


def _callbacks(f: Filters) -> Iterator[OpenItem]:
    origin = Call.alias("origin")  # the call the promise was made on (H6/H7), if any
    q = (
        Callback.select(
            Callback.id,
            Callback.kind,
            Callback.status,
            Callback.due_at,
            Callback.due_rule,
            Callback.owner,
            Callback.customer,
            Callback.call,
            *NAME_COLUMNS,
            origin.id,
            origin.ticket_no,
        )
        .join(Customer, on=(Callback.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(Callback)
        .join(Staff, on=(Callback.owner == Staff.id), join_type=JOIN.LEFT_OUTER)
        .switch(Callback)
        .join(origin, on=(Callback.call == origin.id), join_type=JOIN.LEFT_OUTER, attr="origin")
        .where(Callback.status == "open")
        .order_by(Callback.due_at, Callback.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(Callback.owner == f.owner_id)
    if f.customer_id is not None:
        q = q.where(Callback.customer == f.customer_id)
    if (match := _customer_match(f)) is not None:
        q = q.where(match)
    for cb in q:
        owner = cb.owner if cb.owner_id else None
        ticket = cb.origin.ticket_no if cb.call_id and cb.origin else ""
        yield OpenItem(
            "callback",
            cb.id,
            f"{cb.kind} {ticket}".strip(),
            _name(cb.customer),
            owner.name if owner else "",
            cb.owner_id,
            cb.due_at,
            cb.due_rule or cb.kind,
            cb.status,
            owner.agent_no if owner else "",
            cb.customer_id,
        )


def _dispatches(f: Filters) -> Iterator[OpenItem]:
    engineer = Staff.alias("engineer")
    requester = Staff.alias("requester")
    q = (
        DispatchRequest.select(DispatchRequest, Customer, engineer, requester)
        # LEFT: keeps SQLite's planner on the (state, due_at) index, not a customer scan
        .join(Customer, join_type=JOIN.LEFT_OUTER)
        .switch(DispatchRequest)
        .join(
            engineer,
            on=(DispatchRequest.engineer == engineer.id),
            join_type=JOIN.LEFT_OUTER,
            attr="eng",
        )
        .switch(DispatchRequest)
        .join(requester, on=(DispatchRequest.requested_by == requester.id), attr="req")
        .where(DispatchRequest.state.in_(OPEN_DISPATCH_STATES))
        .order_by(DispatchRequest.due_at.asc(nulls="LAST"), DispatchRequest.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(
            (DispatchRequest.engineer == f.owner_id)
            | ((DispatchRequest.engineer.is_null()) & (DispatchRequest.requested_by == f.owner_id))
        )
    if f.customer_id is not None:
        q = q.where(DispatchRequest.customer == f.customer_id)
    if (match := _customer_match(f)) is not None:
        q = q.where(match)
    for d in q:
        owner = d.eng if d.engineer_id else d.req
        yield OpenItem(
            "dispatch",
            d.id,
            f"{d.order_no} {d.problem[:40]}",
            _name(d.customer),
            owner.name,
            owner.id,
            d.due_at,
            d.due_rule,
            d.state,
            owner.agent_no,
            d.customer_id,
        )


def _complaints(f: Filters) -> Iterator[OpenItem]:
    q = (
        Complaint.select(Complaint, Staff)
        .join(Staff, on=(Complaint.owner == Staff.id), join_type=JOIN.LEFT_OUTER)
        .where(Complaint.status.not_in(CLOSED_COMPLAINT_STATUSES))
        .order_by(Complaint.due_at.asc(nulls="LAST"), Complaint.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(Complaint.owner == f.owner_id)
    if f.customer_id is not None:
        q = q.where(Complaint.customer == f.customer_id)
    if text := f.customer_query.strip():
        q = q.where(Complaint.complainant_unit.contains(text))
    for c in q:
        owner = c.owner if c.owner_id else None
        yield OpenItem(
            "complaint",
            c.id,
            f"{c.ref_no} {c.description[:40]}",
            c.complainant_unit,
            owner.name if owner else "",
            c.owner_id,
            c.due_at,
            c.due_rule,
            c.status,
            owner.agent_no if owner else "",
            c.customer_id,
        )


def _handovers(f: Filters) -> Iterator[OpenItem]:
    if f.customer_id is not None or f.customer_query.strip():
        return  # a handover belongs to no single customer
    q = (
        Handover.select(Handover, Staff)
        .join(Staff, on=(Handover.to_staff == Staff.id))
        .where(Handover.status == "open")
        .order_by(Handover.due_at, Handover.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(Handover.to_staff == f.owner_id)
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
            h.to_staff.agent_no,
            None,
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
    customer_query: str = "",
) -> list[OpenItem]:
    """Every open item, soonest deadline (overdue) first, merged across kinds.

    `limit` caps the list shown on a screen; exports pass a large one."""
    f = Filters(owner_id, customer_id, customer_query or "", limit)
    chosen = list(kinds) if kinds else list(SOURCES)
    unknown = [k for k in chosen if k not in SOURCES]
    if unknown:
        raise ValidationError("kind", "Unknown kind of item {kind}", kind=unknown[0])
    streams = [SOURCES[k](f) for k in chosen]
    merged = heapq.merge(*streams, key=lambda item: item.sort_key)
    return [item for _, item in zip(range(limit), merged, strict=False)]


def review_items(
    ctx: ServiceContext,
    owner_id: int | None = None,
    kinds: Iterable[str] | None = None,
    customer_query: str = "",
    limit: int = 500,
) -> list[OpenItem]:
    """The review screen's list: anyone may see their own items (the desk), but
    every owner's, or another person's, needs review.open_items (managers)."""
    if owner_id is None or owner_id != ctx.actor.id:
        require(ctx, "review.open_items")
    return open_items(owner_id=owner_id, kinds=kinds, customer_query=customer_query, limit=limit)


# -- the same list for scripts and spreadsheets -------------------------------

#: Column msgids of the exported list (translated where written).
EXPORT_COLUMNS = (
    N_("Kind"),
    N_("Number"),
    N_("Item"),
    N_("Customer"),
    N_("Owner"),
    N_("Agent number"),
    N_("Due (UTC)"),
    N_("Due (local)"),
    N_("Overdue"),
    N_("Rule"),
    N_("Status"),
)


def utc_iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, the form monitoring scripts expect."""
    if when is None:
        return None
    return pendulum.instance(when).in_timezone("UTC").to_iso8601_string()


def as_record(item: OpenItem, now: datetime) -> dict[str, object]:
    """One item as a JSON-ready object (`hotline open-items --json`)."""
    left = item.seconds_left(now)
    return {
        "kind": item.kind,
        "id": item.id,
        "title": item.title,
        "customer": item.customer,
        "customer_id": item.customer_id,
        "owner": item.owner,
        "owner_no": item.owner_no,
        "owner_id": item.owner_id,
        "due": utc_iso(item.due_at),
        "seconds_left": None if left is None else int(left),
        "overdue": item.overdue(now),
        "rule": item.rule,
        "status": item.status,
    }


def export_rows(items: Iterable[OpenItem], now: datetime, tz: str) -> Iterator[list[object]]:
    """Rows under EXPORT_COLUMNS, in the list's order."""
    for item in items:
        local = (
            pendulum.instance(item.due_at).in_timezone(tz).format("YYYY-MM-DD HH:mm")
            if item.due_at
            else ""
        )
        yield [
            item.kind,
            item.id,
            item.title,
            item.customer,
            item.owner,
            item.owner_no,
            utc_iso(item.due_at) or "",
            local,
            "1" if item.overdue(now) else "0",
            item.rule,
            item.status,
        ]


def __getattr__(name: str) -> object:
    """`open_items.data_version`, `.watch` and `.reassign` still resolve: they
    moved next door (services/changes.py, services/reassign.py) by concern."""
    if name in ("data_version", "watch"):
        from hotline_tui.services import changes

        return getattr(changes, name)
    if name == "reassign":
        from hotline_tui.services.reassign import reassign

        return reassign
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
