"""Reading dispatch work: the screen's list, an order's timeline, the engineers'
load for assignment (D2), and the printable service sheet (D4).

Everything comes back as plain dataclasses with names already resolved, so the
UI thread never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import JOIN, fn

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.errors import NotFound
from hotline_tui.services.base import ServiceContext, require, tuples
from hotline_tui.store.models import (
    Call,
    Contact,
    Customer,
    CustomerProduct,
    DispatchEvent,
    DispatchRequest,
    Staff,
)

FAR = datetime.max.isoformat()
RECENT_DAYS = 30  # finished orders stay in the list this long


@dataclass(frozen=True)
class OrderRow:
    id: int
    order_no: str
    state: str
    version: int
    customer: str
    contact: str
    phone: str
    problem: str
    engineer: str
    engineer_id: int | None
    requested_by: str
    appointment_at: datetime | None
    due_at: datetime | None
    due_rule: str
    signed_by: str = ""
    signed_at: datetime | None = None
    work_done: str = ""
    sheet_returned_at: datetime | None = None
    qa_selected: bool = False
    vendor_ref: str = ""
    previous_no: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    actor: str
    from_state: str
    to_state: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EngineerLoad:
    id: int
    agent_no: str
    name: str
    open_orders: int
    appointments: int  # on the given day


def _sort_key(row: OrderRow) -> tuple:
    return (
        flow.URGENCY_ORDER.index(row.state) if row.state in flow.URGENCY_ORDER else 99,
        row.due_at.isoformat() if row.due_at else FAR,
        row.id,
    )


def sees_all(ctx: ServiceContext) -> bool:
    """Managers and specialists (who archive the sheets) see every order."""
    return ctx.actor.has_role("manager") or ctx.actor.has_role("specialist")


def list_orders(ctx: ServiceContext, ids: list[int] | None = None) -> list[OrderRow]:
    """Open orders and those finished in the last 30 days, grouped by state, by urgency.

    A field engineer sees their own orders; a hotline operator the ones they raised.
    With `ids`, exactly those orders (whatever their age).
    """
    since = ctx.now().subtract(days=RECENT_DAYS)
    q = (
        DispatchRequest.select(DispatchRequest, Customer, Contact)
        .join(Customer)
        .switch(DispatchRequest)
        .join(Contact, JOIN.LEFT_OUTER)
    )
    if ids is not None:
        q = q.where(DispatchRequest.id.in_(ids or [0]))
    else:
        q = q.where(
            DispatchRequest.state.in_(flow.OPEN_STATES) | (DispatchRequest.updated_at >= since)
        )
    if not sees_all(ctx):
        me = ctx.actor.id
        q = q.where((DispatchRequest.engineer == me) | (DispatchRequest.requested_by == me))
    orders = list(q)
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    prev_ids = {d.previous_id for d in orders if d.previous_id}
    prev = {
        d.id: d.order_no
        for d in DispatchRequest.select(DispatchRequest.id, DispatchRequest.order_no).where(
            DispatchRequest.id.in_(prev_ids or {0})
        )
    }
    rows = [_row(d, names, prev) for d in orders]
    return sorted(rows, key=_sort_key)


def _row(d: DispatchRequest, names: dict[int, str], prev: dict[int, str]) -> OrderRow:
    contact = d.contact if d.contact_id else None
    return OrderRow(
        id=d.id,
        order_no=d.order_no,
        state=d.state,
        version=d.version,
        customer=d.customer.name,
        contact=contact.name if contact else "",
        phone=(contact.mobile or contact.phone) if contact else "",
        problem=d.problem,
        engineer=names.get(d.engineer_id, ""),
        engineer_id=d.engineer_id,
        requested_by=names.get(d.requested_by_id, ""),
        appointment_at=d.appointment_at,
        due_at=d.due_at,
        due_rule=d.due_rule,
        signed_by=d.signed_by,
        signed_at=d.signed_at,
        work_done=d.work_done,
        sheet_returned_at=d.sheet_returned_at,
        qa_selected=d.qa_selected,
        vendor_ref=d.vendor_ref,
        previous_no=prev.get(d.previous_id, ""),
        reason=d.return_reason or d.not_solved_reason,
    )


def timeline(request_id: int) -> list[TimelineRow]:
    """Every step of an order, oldest first, with who and when."""
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    q = (
        DispatchEvent.select()
        .where(DispatchEvent.request == request_id)
        .order_by(DispatchEvent.at, DispatchEvent.id)
    )
    out = []
    for e in q:
        detail = dict(e.detail or {})
        action = str(detail.pop("action", "") or ("request" if not e.from_state else ""))
        out.append(
            TimelineRow(e.at, names.get(e.actor_id, ""), e.from_state, e.to_state, action, detail)
        )
    return out


def engineer_loads(ctx: ServiceContext, day: date | None = None) -> list[EngineerLoad]:
    """D2: each active field engineer's open orders and appointments on `day`.

    Least loaded first, so the manager's picker starts on the best choice.
    """
    cal = ctx.calendar()
    day = day or cal.local_date(ctx.now())
    start = cal.at_local(day, datetime.min.time())
    end = start.add(days=1)
    engineers = [s for s in Staff.select().where(Staff.active) if s.has_role(flow.ENGINEER)]
    ids = [s.id for s in engineers] or [0]
    open_counts: dict[Any, int] = dict(
        tuples(
            DispatchRequest.select(DispatchRequest.engineer, fn.COUNT(DispatchRequest.id))
            .where(DispatchRequest.engineer.in_(ids) & DispatchRequest.state.in_(flow.OPEN_STATES))
            .group_by(DispatchRequest.engineer)
        )
    )
    day_counts: dict[Any, int] = dict(
        tuples(
            DispatchRequest.select(DispatchRequest.engineer, fn.COUNT(DispatchRequest.id))
            .where(
                DispatchRequest.engineer.in_(ids)
                & DispatchRequest.state.in_(flow.OPEN_STATES)
                & (DispatchRequest.appointment_at >= start)
                & (DispatchRequest.appointment_at < end)
            )
            .group_by(DispatchRequest.engineer)
        )
    )
    loads = [
        EngineerLoad(s.id, s.agent_no, s.name, open_counts.get(s.id, 0), day_counts.get(s.id, 0))
        for s in engineers
    ]
    return sorted(loads, key=lambda e: (e.appointments, e.open_orders, e.agent_no))


# -- D4: the printable service record ---------------------------------------


def find_order(order: str | int) -> DispatchRequest:
    """An order by its database id or its order number (PD20261123-0001)."""
    text = str(order).strip()
    req = DispatchRequest.get_or_none(DispatchRequest.order_no == text)
    if req is None and text.isdigit() and 0 < int(text) < 2**63:
        req = DispatchRequest.get_or_none(DispatchRequest.id == int(text))
    if req is None:
        raise NotFound("Work order {id} does not exist", id=text)
    return req


def sheet_data(ctx: ServiceContext, order: str | int) -> dict[str, Any]:
    """The fields of the on-site service record (现场服务记录单), as local-time text.

    S2: the sheet shows the unit in full, so a restricted unit's sheet is
    refused to anyone who may not read it and logged for those who may."""
    from hotline_tui.services.customers.secrecy import guard_full

    require(ctx, "dispatch.sheet")
    req = find_order(order)
    cust = Customer.get_by_id(req.customer_id)
    guard_full(ctx, [cust], "dispatch sheet")
    contact = Contact.get_or_none(Contact.id == req.contact_id) if req.contact_id else None
    if contact is None:  # the unit's main contact still with the company (S1)
        contact = (
            Contact.select()
            .where((Contact.customer == cust.id) & ~Contact.left_company)
            .order_by(Contact.is_primary.desc(), Contact.id)
            .first()
        )
    product = CustomerProduct.select().where(CustomerProduct.customer == cust.id).first()
    call = Call.get_or_none(Call.id == req.call_id) if req.call_id else None
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}

    def when(dt: datetime | None) -> str:
        return ctx.local(dt).format("YYYY-MM-DD HH:mm") if dt else ""

    return {
        "order_no": req.order_no,
        "state": req.state,
        "customer": cust.name,
        "address": cust.address,
        "contact": contact.name if contact else "",
        "phone": ((contact.mobile or contact.phone) if contact else "") or "",
        "product": (product.product if product else "") or (call.product if call else ""),
        "version": (product.version if product else "") or (call.version_text if call else ""),
        "dongle_no": product.dongle_no if product else "",
        "call_no": call.ticket_no if call else "",
        "problem": req.problem,
        "engineer": names.get(req.engineer_id, ""),
        "appointment": when(req.appointment_at),
        "work_done": req.work_done,
        "cause": req.cause,  # D4
        "prevention": req.prevention,
        "customer_checked": req.customer_checked,
        "customer_opinion": req.customer_opinion,
        "signed_by": req.signed_by,
        "signed_at": when(req.signed_at),
        "requested_at": when(req.created_at),
    }
