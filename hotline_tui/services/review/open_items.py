"""Open items by time to breach: the operator's desk and the manager's review.

Each kind is one index-backed query on (status, due_at) [or (owner, status,
due_at)], already sorted, with its customer and owner joined in, and the kinds
are merged; there are no per-row queries, so the cost stays flat as the calls
pile up (docs/DESIGN.md, the manager's review: fast at 1,000,000 calls).

The review's change token lives in `services/changes.py`, the manager's
reassignment (H10) in `services/reassign.py`, the list as a file in
`services/open_items_export.py`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee as pw
import pendulum
from peewee import JOIN

from hotline_tui.domain.dispatch_flow import OPEN_STATES
from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import ServiceContext, require, tuples
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
    "change": N_("Program change"),
    "missed_call": N_("Missed call"),
}
OPEN_CALL_STATUSES = ("open", "on_hold", "consultation")
OPEN_DISPATCH_STATES = OPEN_STATES  # D1-D5: the dispatch state machine says what is open
CLOSED_COMPLAINT_STATUSES = ("closed", "archived")
FAR_FUTURE = pendulum.datetime(9999, 1, 1, tz="UTC")


def clip(text: str | None, limit: int = 40) -> str:
    """An item's text for a list row: one line, and cut with "…" when long."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: The customer and owner names a row shows. Rows are read as tuples, not
#: models: building joined model objects cost most of the time (docs/DESIGN.md, the manager's review scale).
NAME_COLUMNS = (Customer.name, Customer.short_name, Staff.name, Staff.agent_no)


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


def _name(name: str | None, short_name: str | None) -> str:
    return short_name or name or ""


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
    for cid, ticket, symptom, status, due, rule, owner, cust, name, short, oname, ono in tuples(q):
        title = f"{ticket} {clip(symptom)}".strip()
        yield OpenItem(
            "call", cid, title, _name(name, short), oname, owner, due, rule, status, ono, cust
        )


#: A promised call-back (H6/H7) in words; the other kinds are named by services.callbacks.
PROMISES = {"H6": N_("Call back within 1 hour"), "H7": N_("Answer within 3 hours")}


def callback_words(kind: str) -> str:
    """What a callback is, in words ("热线服务后回访"), never its rule ID."""
    from hotline_tui.services.callbacks.followups import KINDS as CALLBACK_KINDS

    label = PROMISES.get(kind) or CALLBACK_KINDS.get(kind)
    return _(label) if label else ""


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
            *NAME_COLUMNS,
            origin.ticket_no,
        )
        .join(Customer, on=(Callback.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(Callback)
        .join(Staff, on=(Callback.owner == Staff.id), join_type=JOIN.LEFT_OUTER)
        .switch(Callback)
        .join(origin, on=(Callback.call == origin.id), join_type=JOIN.LEFT_OUTER)
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
    for row in tuples(q):
        cb_id, kind, status, due, rule, owner, cust, name, short, oname, ono, ticket = row
        what = callback_words(kind)  # words, not "F1"
        yield OpenItem(
            "callback",
            cb_id,
            f"{ticket or ''} {what}".strip(),
            _name(name, short),
            oname or "",
            owner,
            due,
            rule or kind,
            status,
            ono or "",
            cust,
        )


def _dispatches(f: Filters) -> Iterator[OpenItem]:
    engineer = Staff.alias("engineer")
    requester = Staff.alias("requester")
    q = (
        DispatchRequest.select(
            DispatchRequest.id,
            DispatchRequest.order_no,
            DispatchRequest.problem,
            DispatchRequest.state,
            DispatchRequest.due_at,
            DispatchRequest.due_rule,
            DispatchRequest.customer,
            Customer.name,
            Customer.short_name,
            engineer.id,
            engineer.name,
            engineer.agent_no,
            requester.id,
            requester.name,
            requester.agent_no,
        )
        # LEFT: keeps SQLite's planner on the (state, due_at) index, not a customer scan
        .join(Customer, join_type=JOIN.LEFT_OUTER)
        .switch(DispatchRequest)
        .join(engineer, on=(DispatchRequest.engineer == engineer.id), join_type=JOIN.LEFT_OUTER)
        .switch(DispatchRequest)
        .join(requester, on=(DispatchRequest.requested_by == requester.id))
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
    for row in tuples(q):
        d_id, order_no, problem, state, due, rule, cust, name, short, *people = row
        eng_id, eng_name, eng_no, req_id, req_name, req_no = people
        owner = (eng_id, eng_name, eng_no) if eng_id is not None else (req_id, req_name, req_no)
        yield OpenItem(
            "dispatch",
            d_id,
            f"{order_no} {clip(problem)}",
            _name(name, short),
            owner[1],
            owner[0],
            due,
            rule,
            state,
            owner[2],
            cust,
        )


def _complaints(f: Filters) -> Iterator[OpenItem]:
    q = (
        Complaint.select(
            Complaint.id,
            Complaint.ref_no,
            Complaint.description,
            Complaint.complainant_unit,
            Complaint.owner,
            Complaint.due_at,
            Complaint.due_rule,
            Complaint.status,
            Complaint.customer,
            Staff.name,
            Staff.agent_no,
        )
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
    for c_id, ref, desc, unit, owner, due, rule, status, cust, oname, ono in tuples(q):
        yield OpenItem(
            "complaint",
            c_id,
            f"{ref} {clip(desc)}",
            unit,
            oname or "",
            owner,
            due,
            rule,
            status,
            ono or "",
            cust,
        )


def _handovers(f: Filters) -> Iterator[OpenItem]:
    if f.customer_id is not None or f.customer_query.strip():
        return  # a handover belongs to no single customer
    q = (
        Handover.select(
            Handover.id,
            Handover.note,
            Handover.to_staff,
            Handover.due_at,
            Handover.status,
            Staff.name,
            Staff.agent_no,
        )
        .join(Staff, on=(Handover.to_staff == Staff.id))
        .where(Handover.status == "open")
        .order_by(Handover.due_at, Handover.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(Handover.to_staff == f.owner_id)
    for h_id, note, to_staff, due, status, oname, ono in tuples(q):
        yield OpenItem(
            "handover", h_id, clip(note), "", oname, to_staff, due, "R3", status, ono, None
        )


def _changes(f: Filters) -> Iterator[OpenItem]:
    """H17: program-change requests until delivered; the promised date is the deadline."""
    from hotline_tui.store.models import ChangeRequest

    q: Any = (
        ChangeRequest.select(
            ChangeRequest.id,
            ChangeRequest.ref_no,
            ChangeRequest.error_message,
            ChangeRequest.requested_by,
            ChangeRequest.customer,
            ChangeRequest.due_at,
            ChangeRequest.status,
            *NAME_COLUMNS,
        )
        .join(Customer, on=(ChangeRequest.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(ChangeRequest)
        .join(Staff, on=(ChangeRequest.requested_by == Staff.id))
        .where(ChangeRequest.status.in_(("review", "promised")))
        .order_by(ChangeRequest.due_at.asc(nulls="LAST"), ChangeRequest.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(ChangeRequest.requested_by == f.owner_id)
    if f.customer_id is not None:
        q = q.where(ChangeRequest.customer == f.customer_id)
    elif f.customer_query.strip():
        q = q.where(_customer_match(f))
    for cr_id, ref, error, owner, cust, due, status, name, short, oname, ono in q.tuples():
        title = clip(f"{ref} {error}")
        yield OpenItem(
            "change", cr_id, title, _name(name, short), oname, owner, due, "H17", status, ono, cust
        )


def _missed_title(number: str, calls: int) -> str:
    return f"{number} ×{calls}" if calls > 1 else number


def _missed_calls(f: Filters) -> Iterator[OpenItem]:
    """Unanswered PBX calls until returned or acknowledged (docs/TELEPHONY.md)."""
    from peewee import JOIN

    from hotline_tui.store.models import MissedCall

    q: Any = (
        MissedCall.select(
            MissedCall.id,
            MissedCall.number,
            MissedCall.calls,
            MissedCall.status,
            MissedCall.due_at,
            MissedCall.due_rule,
            MissedCall.owner,
            MissedCall.customer,
            Customer.name,
            Customer.short_name,
            Staff.name,
            Staff.agent_no,
        )
        .join(Customer, on=(MissedCall.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .switch(MissedCall)
        .join(Staff, on=(MissedCall.owner == Staff.id), join_type=JOIN.LEFT_OUTER)
        .where(MissedCall.status == "open")
        .order_by(MissedCall.due_at, MissedCall.id)
        .limit(f.limit)
    )
    if f.owner_id is not None:
        q = q.where(MissedCall.owner == f.owner_id)
    if f.customer_id is not None:
        q = q.where(MissedCall.customer == f.customer_id)
    if text := f.customer_query.strip():
        q = q.where(Customer.name.contains(text) | Customer.short_name.contains(text))
    for m_id, number, calls, status, due, rule, owner, cust, name, short, oname, ono in q.tuples():
        yield OpenItem(
            "missed_call",
            m_id,
            _missed_title(number, calls),
            short or name or "",
            oname or "",
            owner,
            pendulum.instance(due) if due else None,
            rule,
            status,
            ono or "",
            cust,
        )


SOURCES = {
    "call": _calls,
    "callback": _callbacks,
    "dispatch": _dispatches,
    "complaint": _complaints,
    "handover": _handovers,
    "change": _changes,
    "missed_call": _missed_calls,
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
