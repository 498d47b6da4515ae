"""Reading complaints: the list by due time, one complaint with its timeline,
the form prefilled from a call or a callback, and the per-person count (C8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import JOIN, Case, fn

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.services.customers.contacts import may_read_full
from hotline_tui.store.models import (
    Call,
    Callback,
    Complaint,
    ComplaintEvent,
    Contact,
    Customer,
    Staff,
)


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    ref_no: str
    status: str
    source: str
    level: str
    category: str
    unit: str
    owner: str
    due_at: datetime | None
    due_rule: str
    received_at: datetime
    gm_call: bool  # C3: key customer, the general manager calls
    version: int


@dataclass
class TimelineStep:
    at: datetime
    actor: str
    kind: str
    detail: dict[str, Any]


@dataclass
class ComplaintDetail:
    complaint: Complaint
    receiver: str
    person: str
    owner: str
    gm_call: bool
    timeline: list[TimelineStep] = field(default_factory=list)


def list_complaints(include_done: bool = False, limit: int = 500) -> list[ComplaintRow]:
    """Open complaints soonest deadline first (none last); then, if asked, the done ones."""
    owner = Staff.alias()
    q = (
        Complaint.select(
            Complaint, Customer.category.alias("cust_category"), owner.name.alias("owner_name")
        )
        .join(Customer, JOIN.LEFT_OUTER, on=(Complaint.customer == Customer.id))
        .switch(Complaint)
        .join(owner, JOIN.LEFT_OUTER, on=(Complaint.owner == owner.id))
    )
    open_q = (
        q.where(Complaint.status.not_in(flow.FINAL_STATES))
        .order_by(Complaint.due_at.asc(nulls="LAST"), Complaint.received_at, Complaint.id)
        .limit(limit)
    )
    rows = list(open_q.objects())
    if include_done:
        rows += list(
            q.where(Complaint.status.in_(flow.FINAL_STATES))
            .order_by(Complaint.received_at.desc(), Complaint.id.desc())
            .limit(limit)
            .objects()
        )
    out = []
    for c in rows:
        out.append(
            ComplaintRow(
                c.id,
                c.ref_no,
                c.status,
                c.source,
                c.level,
                c.category,
                c.complainant_unit,
                c.owner_name or "",
                c.due_at,
                c.due_rule,
                c.received_at,
                c.cust_category == "key",
                c.version,
            )
        )
    return out


def _name(staff_id: int | None) -> str:
    if not staff_id:
        return ""
    s = Staff.get_or_none(Staff.id == staff_id)
    return f"{s.agent_no} {s.name}" if s else ""


def complaint_detail(complaint_id: int) -> ComplaintDetail:
    """One complaint with every step it went through, oldest first."""
    c = Complaint.get_or_none(Complaint.id == complaint_id)
    if c is None:
        raise NotFound("Complaint {id} does not exist", id=complaint_id)
    cust = Customer.get_or_none(Customer.id == c.customer_id) if c.customer_id else None
    steps = [
        TimelineStep(e.at, _name(e.actor_id), e.kind, e.detail or {})
        for e in ComplaintEvent.select()
        .where(ComplaintEvent.complaint == c)
        .order_by(ComplaintEvent.at, ComplaintEvent.id)
    ]
    return ComplaintDetail(
        c,
        _name(c.receiver_id),
        _name(c.person_id),
        _name(c.owner_id),
        bool(cust and cust.category == "key"),
        steps,
    )


def _from_customer(ctx: ServiceContext, customer: Customer | None, out: dict[str, Any]) -> None:
    if customer is None:
        return
    out["customer_id"] = customer.id
    out["complainant_unit"] = customer.name
    if may_read_full(ctx, customer):  # S2: restricted files show only what the call needs
        out["unit_address"] = customer.address


def _from_contact(contact: Contact | None, out: dict[str, Any]) -> None:
    if contact is None:
        return
    out["complainant"] = out.get("complainant") or contact.name
    out["phone"] = out.get("phone") or contact.mobile or contact.phone
    out["email"] = contact.email


def prefill_from_call(ctx: ServiceContext, call_id: int) -> dict[str, Any]:
    """The registration form filled with a call's caller and product (C6)."""
    call = Call.get_or_none(Call.id == call_id)
    if call is None:
        raise NotFound("Call {id} does not exist", id=call_id)
    out: dict[str, Any] = {
        "call_id": call.id,
        "from_ticket": call.ticket_no,  # shown on the form, not a form field
        "complainant": call.caller_name,
        "phone": call.caller_phone,
        "product": call.product,
        "version_text": call.version_text,
        "modules": call.modules,
    }
    _from_customer(ctx, Customer.get_or_none(Customer.id == call.customer_id), out)
    _from_contact(Contact.get_or_none(Contact.id == call.contact_id), out)
    return out


def prefill_from_ticket(ctx: ServiceContext, ticket_no: str) -> dict[str, Any]:
    """The form filled from the call with this ticket number (HL20261123-0001), as typed."""
    ticket = (ticket_no or "").strip().upper() if isinstance(ticket_no, str) else ""
    if not ticket:
        raise ValidationError("ticket", "Type the call's ticket number")
    call = Call.get_or_none(Call.ticket_no == ticket)
    if call is None:
        raise ValidationError("ticket", "No call with ticket number {no}", no=ticket)
    return prefill_from_call(ctx, call.id)


def prefill_from_callback(ctx: ServiceContext, callback_id: int) -> dict[str, Any]:
    """The registration form filled from a callback: its customer, contact and call."""
    cb = Callback.get_or_none(Callback.id == callback_id)
    if cb is None:
        raise NotFound("Callback {id} does not exist", id=callback_id)
    out: dict[str, Any] = prefill_from_call(ctx, cb.call_id) if cb.call_id else {}
    out.pop("call_id", None)
    out["callback_id"] = cb.id
    if cb.call_id:
        out["call_id"] = cb.call_id
    _from_customer(ctx, Customer.get_or_none(Customer.id == cb.customer_id), out)
    _from_contact(Contact.get_or_none(Contact.id == cb.contact_id), out)
    return out


@dataclass(frozen=True)
class PersonCount:
    staff_id: int
    agent_no: str
    name: str
    department: str
    count: int  # valid complaints about them in the window (C2: archived ones do not count)
    pending: int  # registered but not checked yet
    flagged: bool  # C8: a disciplinary matter


def per_person(ctx: ServiceContext) -> list[PersonCount]:
    """C8: complaints about each person over the last N months; ≥ threshold is flagged.

    Names people with their complaint counts, so only complaint.report roles see it."""
    require(ctx, "complaint.report")
    policy = ctx.policy
    since = ctx.local(ctx.now()).subtract(months=policy.complaints_window_months).in_tz("UTC")
    valid = fn.SUM(Case(None, ((Complaint.valid == True, 1),), 0))  # noqa: E712
    pending = fn.SUM(Case(None, ((Complaint.valid.is_null(), 1),), 0))
    q = (
        Complaint.select(Complaint.person, valid.alias("n"), pending.alias("p"))
        .where(Complaint.person.is_null(False) & (Complaint.received_at >= since))
        .group_by(Complaint.person)
    )
    counts = {r.person_id: (int(r.n or 0), int(r.p or 0)) for r in q}
    out = []
    for s in Staff.select().where(Staff.id.in_(list(counts) or [0])):
        n, p = counts[s.id]
        if n == 0 and p == 0:
            continue
        flagged = n >= policy.complaints_per_person_threshold
        out.append(PersonCount(s.id, s.agent_no, s.name, s.department, n, p, flagged))
    out.sort(key=lambda r: (-r.count, -r.pending, r.agent_no))
    return out
