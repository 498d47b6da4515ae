"""Reading callbacks for the callbacks screen: the list by due time with channel
(F1-F4, S3), and one callback with what its script needs (F6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from peewee import JOIN

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.callbacks.followups import SCRIPT_FOR_KIND, get_callback
from hotline_tui.store.models import (
    Call,
    Callback,
    CallbackAttempt,
    Contact,
    Customer,
    CustomerProduct,
    DispatchRequest,
    Staff,
)

SCOPES = ("mine", "all", "overdue")
LIST_LIMIT = 500


@dataclass(frozen=True)
class CallbackRow:
    id: int
    version: int
    kind: str
    status: str
    channel: str
    due_at: datetime
    customer: str
    contact: str
    phone: str
    owner: str
    owner_id: int | None
    attempts: int
    next_try_at: datetime | None


def list_callbacks(ctx: ServiceContext, scope: str = "mine") -> list[CallbackRow]:
    """Open callbacks by due time: the operator's own, everyone's, or the overdue."""
    if scope not in SCOPES:
        raise ValidationError("scope", "Show mine, all or overdue")
    q = (
        Callback.select(Callback, Customer, Contact, Staff)
        .join(Customer, JOIN.LEFT_OUTER, on=(Callback.customer == Customer.id))
        .switch(Callback)
        .join(Contact, JOIN.LEFT_OUTER, on=(Callback.contact == Contact.id))
        .switch(Callback)
        .join(Staff, JOIN.LEFT_OUTER, on=(Callback.owner == Staff.id))
        .where(Callback.status == "open")
        .order_by(Callback.due_at, Callback.id)
        .limit(LIST_LIMIT)
    )
    if scope == "mine":
        q = q.where(Callback.owner == ctx.actor.id)
    elif scope == "overdue":
        q = q.where(Callback.due_at < ctx.now())
    callbacks = list(q)
    # No named contact: show the unit's primary one (who the care call goes to).
    fallback = _primary_contacts({cb.customer_id for cb in callbacks if not cb.contact_id})
    rows = []
    for cb in callbacks:
        unit = cb.customer if cb.customer_id else None
        person = cb.contact if cb.contact_id else fallback.get(cb.customer_id)
        owner = cb.owner if cb.owner_id else None
        rows.append(
            CallbackRow(
                id=cb.id,
                version=cb.version,
                kind=cb.kind,
                status=cb.status,
                channel=cb.channel,
                due_at=cb.due_at,
                customer=unit.name if unit else "",
                contact=f"{person.name}{person.title}" if person else "",
                phone=(person.mobile or person.phone) if person else "",
                owner=f"{owner.agent_no} {owner.name}" if owner else "",
                owner_id=cb.owner_id,
                attempts=cb.attempts,
                next_try_at=cb.next_try_at,
            )
        )
    return rows


def _primary_contacts(customer_ids: set[int | None]) -> dict[int, Contact]:
    ids = [i for i in customer_ids if i]
    if not ids:
        return {}
    out: dict[int, Contact] = {}
    for c in (
        Contact.select()
        .where(Contact.customer.in_(ids) & (Contact.left_company == False))  # noqa: E712
        .order_by(Contact.customer, Contact.is_primary.desc(), Contact.id)
    ):
        out.setdefault(c.customer_id, c)
    return out


@dataclass
class CallbackDetail:
    """One callback with the values its script fills in."""

    row: CallbackRow
    script_id: str
    values: dict[str, Any]
    flags: set[str] = field(default_factory=set)
    source: str = ""  # the call ticket or work order it follows up
    attempts: list[tuple[datetime, str, str]] = field(default_factory=list)
    new_call: str = ""


def callback_detail(ctx: ServiceContext, callback_id: int) -> CallbackDetail:
    """The callback, its unit's module and the placeholders for the script."""
    from hotline_tui.services.duty.roster import holiday_label

    cb = get_callback(callback_id)
    row = next((r for r in list_callbacks(ctx, "all") if r.id == cb.id), None)
    if row is None:  # closed meanwhile: still show it
        row = CallbackRow(
            cb.id,
            cb.version,
            cb.kind,
            cb.status,
            cb.channel,
            cb.due_at,
            "",
            "",
            "",
            "",
            cb.owner_id,
            cb.attempts,
            cb.next_try_at,
        )
    contact = Contact.get_or_none(Contact.id == cb.contact_id) if cb.contact_id else None
    if contact is None and cb.customer_id:  # no named contact: the unit's primary one
        contact = _primary_contacts({cb.customer_id}).get(cb.customer_id)
    product = (
        CustomerProduct.select().where(CustomerProduct.customer == cb.customer_id).first()
        if cb.customer_id
        else None
    )
    values: dict[str, Any] = {
        "agent_no": ctx.actor.agent_no,
        "center": ctx.settings.center_name,
        "name": contact.name if contact else "",
        "title": contact.title if contact else "",
        "module": (product.modules.split(",")[0] if product and product.modules else ""),
    }
    flags: set[str] = set()
    if cb.kind in ("birthday", "holiday", "inspection"):
        flags.add(cb.kind)
    if cb.kind == "holiday":
        cal = ctx.calendar()
        day = cal.local_date(cb.due_at) + timedelta(days=1)
        while cal.is_working_day(day) and (day - cal.local_date(cb.due_at)).days < 10:
            day += timedelta(days=1)
        values["holiday"] = holiday_label(cal.holiday_name(day))
    source = ""
    if cb.call_id:
        call = Call.get_or_none(Call.id == cb.call_id)
        source = call.ticket_no if call else ""
        if call is not None:  # F1: the written follow-up names the call and its day
            values["ticket"] = call.ticket_no
            values["date"] = ctx.local(call.started_at).format("M月D日")
    if cb.dispatch_id:
        req = DispatchRequest.get_or_none(DispatchRequest.id == cb.dispatch_id)
        source = req.order_no if req else source
    attempts = [
        (a.at, a.result, a.note)
        for a in CallbackAttempt.select()
        .where(CallbackAttempt.callback == cb.id)
        .order_by(CallbackAttempt.at)
    ]
    new_call = ""
    if cb.new_call_id:
        call = Call.get_or_none(Call.id == cb.new_call_id)
        new_call = call.ticket_no if call else ""
    return CallbackDetail(
        row=row,
        script_id=SCRIPT_FOR_KIND.get(cb.kind, "callback_hotline"),
        values=values,
        flags=flags,
        source=source,
        attempts=attempts,
        new_call=new_call,
    )
