"""Hotline calls: start, update, the caller panel's summary (H1-H4, H10, H14, S2).

The outcomes (solved, hold, consultation, on-site, transfer) live in
`call_outcomes.py`; both modules write only inside `writing(...)` with an audit
entry and a CallEvent, so every call is written down (H14).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pendulum

from hotline_tui.domain.errors import InvalidTransition, NotFound, ValidationError
from hotline_tui.domain.phone import InvalidPhone, normalize_phone
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    changed,
    check_id,
    clean_text,
    next_number,
    snapshot,
    writing,
)
from hotline_tui.services.calls.ownership import require_owner
from hotline_tui.services.customers.contacts import view_customer
from hotline_tui.services.review.open_items import OpenItem, open_items
from hotline_tui.store.models import Call, CallEvent, Contact, Customer

CATEGORIES = {
    "general": N_("General question"),
    "operation": N_("How to use"),
    "bug": N_("Software error"),
    "report": N_("Report problem"),
    "install": N_("Installation / dongle"),
    "password_reset": N_("Password reset"),
    "data_clear": N_("Data clearing"),
    "suggestion": N_("Suggestion / opinion"),
}
#: H11: never without the customer's written (sealed) authorization.
SENSITIVE = ("password_reset", "data_clear")
STATUSES = {
    "open": N_("In progress"),
    "on_hold": N_("On hold, call back"),
    "consultation": N_("In consultation"),
    "dispatch": N_("On-site requested"),
    "transferred": N_("Transferred"),
    "solved": N_("Solved"),
    "closed": N_("Closed"),
}
#: A call in these states may still get an outcome (reopened on-hold calls too).
ACTIVE = ("open", "on_hold", "consultation")

_LIMITS = {
    "caller_phone": 64,
    "caller_name": 64,
    "product": 100,
    "version_text": 50,
    "modules": 300,
    "dongle_no": 50,
    "symptom": 5000,
    "recent_ops": 5000,
    "error_message": 5000,
    "resolution": 5000,
    "auth_doc_ref": 100,
    "auth_contact": 64,
    "recording_ref": 100,  # H16
    "auth_waiver": 300,
}
FIELDS = (*_LIMITS, "category", "customer_id", "contact_id", "late_pickup", "auth_received_on")


def _clean_text(name: str, value: Any) -> str:
    return clean_text(name, value, _LIMITS[name])


def _clean_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        parsed = pendulum.parse(str(value).strip(), exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, date):
        raise ValidationError(
            "auth_received_on", "Type the date as YYYY-MM-DD, e.g. {eg}", eg="2026-11-23"
        )
    return date(parsed.year, parsed.month, parsed.day)  # a plain date: drivers bind it


def clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Check the intake form's fields; the first bad one raises naming itself."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "Unknown field")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _LIMITS:
            out[key] = _clean_text(key, value)
        elif key == "category":
            if not isinstance(value, str) or value not in CATEGORIES:
                raise ValidationError("category", "Choose a category from the list")
            out[key] = value
        elif key in ("customer_id", "contact_id"):
            if value is None or value == "":
                out[key] = None
            elif isinstance(value, str) and value.strip().isdigit():
                out[key] = check_id(key, int(value))
            else:
                out[key] = check_id(key, value)
        elif key == "late_pickup":
            out[key] = bool(value)
        elif key == "auth_received_on":
            out[key] = _clean_date(value)
    if out.get("caller_phone"):
        try:
            normalize_phone(out["caller_phone"])
        except InvalidPhone as exc:
            raise ValidationError(
                "caller_phone", "Not a phone number: {why}", why=str(exc)
            ) from None
    return out


def event(ctx: ServiceContext, call: Call, kind: str, **detail: Any) -> CallEvent:
    """One step of the call's timeline, inside the caller's transaction (H14)."""
    return CallEvent.create(call=call, at=ctx.now(), actor=ctx.actor, kind=kind, detail=detail)


def get_call(call_id: int) -> Call:
    call = Call.get_or_none(Call.id == call_id)
    if call is None:
        raise NotFound("Call {id} does not exist", id=call_id)
    return call


def _apply(call: Call, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key == "customer_id":
            call.customer = value
        elif key == "contact_id":
            call.contact = value
        else:
            setattr(call, key, value)
    if "caller_phone" in data:
        phone = data["caller_phone"]
        call.caller_phone_norm = normalize_phone(phone) if phone else ""
    if call.category in SENSITIVE and not call.auth_guard:
        call.auth_guard = call.category  # H11: once marked, guarded for good


def authorizing_contacts(
    customer_id: int | None, ctx: ServiceContext | None = None, contact_id: int | None = None
) -> list[str]:
    """H11: the names an authorization may name (the unit's contacts still there).

    S2: of a 机密/绝密 unit, someone who may not read it in full is shown only
    the caller's own name."""
    if customer_id is None:
        return []
    from hotline_tui.services.customers.secrecy import may_read_full

    unit = Customer.get_or_none(Customer.id == customer_id)
    if unit is not None and not may_read_full(ctx, unit):
        caller = Contact.get_or_none((Contact.id == contact_id) & (Contact.customer == customer_id))
        return [caller.name] if contact_id is not None and caller is not None else []
    return [
        c.name
        for c in Contact.select(Contact.name)
        .where((Contact.customer == customer_id) & (Contact.left_company == False))  # noqa: E712
        .order_by(Contact.is_primary.desc(), Contact.id)
    ]


def propose_category(*texts: str) -> str | None:
    """H11: the category the desk proposes when the caller asks for a password
    reset or data clearing in their own words (None: nothing to propose)."""
    from hotline_tui.domain.authorization import detect_request

    return detect_request(*texts)


def _check_links(data: dict[str, Any]) -> None:
    cid, kid = data.get("customer_id"), data.get("contact_id")
    if cid is not None and Customer.get_or_none(Customer.id == cid) is None:
        raise NotFound("Customer {id} does not exist", id=cid)
    if kid is not None:
        contact = Contact.get_or_none(Contact.id == kid)
        if contact is None:
            raise NotFound("Contact {id} does not exist", id=kid)
        if cid is not None and contact.customer_id != cid:
            raise ValidationError("contact_id", "The contact belongs to another unit")


def start_call(ctx: ServiceContext, *, late_pickup: bool = False, **data: Any) -> Call:
    """The phone rang: the call exists from now on, with its start time and ticket no."""
    data = clean_fields({**data, "late_pickup": late_pickup})
    _check_links(data)
    with writing(ctx, "call.take"):
        now = ctx.now()
        call = Call(
            ticket_no=next_number("HL", ctx.local(now).date()),
            owner=ctx.actor,  # H10: who first takes the call owns it
            taken_by=ctx.actor,
            status="open",
            started_at=now,
            updated_at=now,
        )
        _apply(call, data)
        call.save(force_insert=True)
        event(ctx, call, "started", late_pickup=call.late_pickup)
        audit(ctx, "call.take", call)
    return call


def require_active(call: Call) -> None:
    if call.status not in ACTIVE:
        raise InvalidTransition(
            "Call {ticket} is already {status}",
            ticket=call.ticket_no,
            status=_(STATUSES.get(call.status, call.status)),
        )


def update_call(
    ctx: ServiceContext, call_id: int, expected_version: int | None = None, **data: Any
) -> Call:
    """Save what the form holds so far (the caller identified, the symptom...)."""
    data = clean_fields(data)
    _check_links(data)
    with writing(ctx, "call.update"):
        call = get_call(call_id)
        require_active(call)
        require_owner(ctx, call, call.ticket_no)  # H10
        before = snapshot(call)
        _apply(call, data)
        call.updated_at = ctx.now()
        bump_version(call, expected_version)
        after = snapshot(call)
        diff = changed(before, after)
        if diff:
            event(ctx, call, "updated", fields=sorted(diff))
            audit(ctx, "call.update", call, before=before, after=after)
    return call


# ------------------------------------------------------------- caller panel


@dataclass
class CallLine:
    ticket_no: str
    started_at: datetime
    status: str
    symptom: str


@dataclass
class CallerSummary:
    """What the caller panel shows at once (H4), limited to the minimum under S2."""

    customer_id: int
    unit: str
    category: str
    confidentiality: str
    full: bool
    contact_id: int | None = None
    contact: str = ""
    title: str = ""
    phone: str = ""
    products: list[dict[str, str]] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)
    last_calls: list[CallLine] = field(default_factory=list)
    repeat_caller: bool = False
    in_service: bool | None = None  # S4: inside the service period; None: no dates on file
    service_end: date | None = None
    specialist: str = ""  # S1: the responsible service specialist
    industry: str = ""  # S1: line of business

    @property
    def important(self) -> bool:
        return self.category in ("vip", "key")


def caller_summary(
    ctx: ServiceContext,
    customer_id: int,
    contact_id: int | None = None,
    exclude_call_id: int | None = None,
) -> CallerSummary:
    """Unit, contact, products, open items, last 5 calls, the repeat-caller flag."""
    # S2: logged when restricted; a non-manager sees only the caller's own name
    view = view_customer(ctx, customer_id, purpose="call", contact_id=contact_id)
    c = view.customer
    out = CallerSummary(c.id, c.name, c.category, c.confidentiality, view.full)
    from hotline_tui.domain.customer_terms import service_period

    period = service_period(
        c.installed_on, c.contract_start, c.contract_end, ctx.local(ctx.now()).date()
    )
    out.in_service, out.service_end = period.inside, period.end  # S4
    out.industry = c.industry
    if c.specialist_id:
        from hotline_tui.store.models import Staff

        who = Staff.get_or_none(Staff.id == c.specialist_id)
        out.specialist = f"{who.agent_no} {who.name}" if who else ""
    contact = next((k for k in view.contacts if k.id == contact_id), None)
    if contact is None and view.contacts and contact_id is None:
        contact = view.contacts[0]
    if contact is not None:
        out.contact_id, out.contact, out.title = contact.id, contact.name, contact.title
        out.phone = contact.mobile or contact.phone
    out.products = [
        {"product": p.product, "version": p.version, "modules": p.modules, "dongle_no": p.dongle_no}
        for p in view.products
    ]
    out.open_items = [i for i in open_items(customer_id=c.id) if i.key != f"call:{exclude_call_id}"]
    calls = Call.select().where(Call.customer == c.id).order_by(Call.started_at.desc())
    if exclude_call_id is not None:
        calls = calls.where(Call.id != exclude_call_id)
    out.last_calls = [
        CallLine(k.ticket_no, k.started_at, k.status, k.symptom[:60]) for k in calls.limit(5)
    ]
    since = ctx.now().subtract(days=ctx.policy.repeat_caller_days)
    out.repeat_caller = any(line.started_at >= since for line in out.last_calls)
    return out


def call_events(call_id: int) -> list[CallEvent]:
    return list(
        CallEvent.select().where(CallEvent.call == call_id).order_by(CallEvent.at, CallEvent.id)
    )


def call_form(call_id: int) -> dict[str, Any]:
    """A call as the intake form holds it, to reopen it (call-back, H6/H7)."""
    call = get_call(call_id)
    data: dict[str, Any] = {k: getattr(call, k) for k in _LIMITS}
    data.update(
        call_id=call.id,
        ticket_no=call.ticket_no,
        status=call.status,
        category=call.category if call.category in CATEGORIES else "general",
        customer_id=call.customer_id,
        contact_id=call.contact_id,
        late_pickup=call.late_pickup,
        auth_received_on=call.auth_received_on.isoformat() if call.auth_received_on else "",
        due_at=call.due_at,
        due_rule=call.due_rule,
    )
    return data


def next_promise(ctx: ServiceContext, due_at: Any, due_rule: Any) -> Any:
    """H6/H7: when a call-back has no result yet, the customer is promised the
    consultation's answer time: the H7 deadline, counted from the hold."""
    if due_at is None:
        return None
    if due_rule == "H7":
        return due_at
    p = ctx.policy
    return due_at + timedelta(minutes=p.consultation_minutes - p.hold_callback_minutes)


def apply_library_answer(ctx: ServiceContext, call_id: int, entry_id: int) -> tuple[Call, str]:
    """H5/H9: record the library entry used (usage counted) and hand back its
    cause and solution for the operator to explain and keep as the resolution."""
    from hotline_tui.services.library.entries import apply_entry
    from hotline_tui.store.models import LibraryEntry

    call = apply_entry(ctx, call_id, entry_id)
    entry = LibraryEntry.get_by_id(entry_id)
    text = "\n".join(part.strip() for part in (entry.cause, entry.solution) if part.strip())
    return call, text
