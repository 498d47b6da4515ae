"""On-site dispatch requests (H8, D1-D6): every step of a work order.

`request_dispatch` is the entry point used by call intake and by other
departments. Every later step goes through `_step` (in `dispatch_steps`):
permission, the state machine of `domain.dispatch_flow` (who may do what from
where), the optimistic version check, a `DispatchEvent` for the timeline and
an audit entry, all in one transaction. Each step also sets `due_at`/`due_rule` to what is awaited
next, so the desk and the review sort work orders by time to breach.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.deadlines import f2_onsite_callback_due
from hotline_tui.domain.errors import NotFound, ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    check_id,
    get_or_fail,
    next_number,
    writing,
)
from hotline_tui.services.callbacks.followups import create_callback

# The shared step machinery lives in dispatch_steps; these names stay importable here.
from hotline_tui.services.dispatch.steps import (  # noqa: F401 - re-exported
    MAX_TEXT,
    _set_due,
    _step,
    _text,
)
from hotline_tui.store.models import (
    Call,
    Contact,
    Customer,
    DispatchEvent,
    DispatchRequest,
    Staff,
)


def request_dispatch(
    ctx: ServiceContext,
    *,
    customer_id: int,
    problem: str,
    call_id: int | None = None,
    contact_id: int | None = None,
    source: str = "hotline",
) -> DispatchRequest:
    """H8: a request for on-site service goes to the manager for checking (D1)."""
    problem = _text("problem", problem, N_("Describe the problem for the on-site engineer"))
    customer_id = check_id("customer", customer_id)
    call_id = None if call_id is None else check_id("call", call_id)
    contact_id = None if contact_id is None else check_id("contact", contact_id)
    with writing(ctx, "dispatch.request"):
        if Customer.get_or_none(Customer.id == customer_id) is None:
            raise NotFound("Customer {id} does not exist", id=customer_id)
        if call_id is not None and Call.get_or_none(Call.id == call_id) is None:
            raise NotFound("Call {id} does not exist", id=call_id)
        if contact_id is not None and Contact.get_or_none(Contact.id == contact_id) is None:
            raise NotFound("Contact {id} does not exist", id=contact_id)
        now = ctx.now()
        req = DispatchRequest(
            order_no=next_number("PD", ctx.local(now).date()),
            call=call_id,
            customer=customer_id,
            contact=contact_id,
            source=source,
            problem=problem,
            state=flow.REQUESTED,
            requested_by=ctx.actor,
            created_at=now,
            updated_at=now,
        )
        _set_due(ctx, req, now)  # D1: the manager checks it
        req.save(force_insert=True)
        DispatchEvent.create(
            request=req, at=now, actor=ctx.actor, from_state="", to_state=flow.REQUESTED
        )
        audit(ctx, "dispatch.request", req)
    return req


# -- D1, D2: the manager checks and assigns ---------------------------------


def verify(ctx: ServiceContext, request_id: int, note: str = "") -> DispatchRequest:
    """D1: the manager has checked the request; it may now be assigned."""

    def change(req: DispatchRequest) -> dict[str, Any]:
        req.verified_by = ctx.actor
        return {"note": (note or "").strip()}

    return _step(ctx, request_id, flow.VERIFY, change)


def return_request(ctx: ServiceContext, request_id: int, reason: str) -> DispatchRequest:
    """D1: the manager sends a request back, saying why (e.g. solvable by phone)."""
    reason = _text("reason", reason, N_("Say why the request goes back"))

    def change(req: DispatchRequest) -> dict[str, Any]:
        req.return_reason = reason
        req.verified_by = ctx.actor
        return {"reason": reason}

    return _step(ctx, request_id, flow.RETURN, change)


def assign(
    ctx: ServiceContext, request_id: int, engineer_id: int, *, expected_version: int
) -> DispatchRequest:
    """D2: the verified request becomes a work order of one field engineer.

    `expected_version` is the version the manager saw: if another manager
    assigned it meanwhile, this one gets "already assigned by X at T" and
    nothing is overwritten. Before the visit the manager may reassign (D3).
    """
    engineer = Staff.get_or_none(Staff.id == check_id("engineer", engineer_id))
    if engineer is None or not engineer.active or not engineer.has_role(flow.ENGINEER):
        raise ValidationError("engineer", "Choose an active field engineer")
    current = get_or_fail(DispatchRequest, check_id("request", request_id), "Work order")
    action = flow.ASSIGN if current.state == flow.VERIFIED else flow.REASSIGN

    def change(req: DispatchRequest) -> dict[str, Any]:
        previous = req.engineer_id
        req.engineer, req.assigned_by, req.assigned_at = engineer, ctx.actor, ctx.now()
        req.appointment_at = None  # the (new) engineer agrees the time (D3)
        return {"engineer": engineer.name, "previous_engineer": previous}

    return _step(ctx, request_id, action, change, expected_version=expected_version)


def cancel(ctx: ServiceContext, request_id: int, reason: str) -> DispatchRequest:
    """The customer withdrew the request before the visit; the manager cancels it."""
    reason = _text("reason", reason, N_("Say why the request is cancelled"))
    return _step(ctx, request_id, flow.CANCEL, lambda req: {"reason": reason})


# -- D3: the appointment ----------------------------------------------------


def _future(ctx: ServiceContext, when: datetime | None) -> datetime:
    if when is None or getattr(when, "tzinfo", None) is None:
        raise ValidationError("appointment", "A visit time with its time zone is required")
    if when < ctx.now():
        raise ValidationError(
            "appointment",
            "The visit time {when} has already passed",
            when=ctx.local(when).format("YYYY-MM-DD HH:mm"),
        )
    return when


def appoint(ctx: ServiceContext, request_id: int, when: datetime) -> DispatchRequest:
    """D3: the visit time agreed with the customer (the manager sets it after a refusal)."""
    when = _future(ctx, when)

    def change(req: DispatchRequest) -> dict[str, Any]:
        req.appointment_at = when
        return {"appointment_at": when}

    return _step(ctx, request_id, flow.APPOINT, change)


def reschedule(
    ctx: ServiceContext, request_id: int, when: datetime, *, reason: str, customer_agreed: bool
) -> DispatchRequest:
    """D3: the engineer cannot make it; the customer is told and a new time agreed.

    If the customer does not agree, the order goes up to the manager (state
    refused) and keeps the old time until the manager decides.
    """
    reason = _text("reason", reason, N_("Say why the visit cannot take place as agreed"))
    when = _future(ctx, when)
    if not customer_agreed:
        detail = {"reason": reason, "proposed_at": when, "customer_agreed": False}
        return _step(ctx, request_id, flow.REFUSE, lambda req: detail)

    def change(req: DispatchRequest) -> dict[str, Any]:
        old = req.appointment_at
        req.appointment_at = when
        return {"reason": reason, "from": old, "appointment_at": when, "customer_agreed": True}

    return _step(ctx, request_id, flow.RESCHEDULE, change)


def arrive(ctx: ServiceContext, request_id: int) -> DispatchRequest:
    """The engineer is at the customer's site."""
    return _step(ctx, request_id, flow.ARRIVE, lambda req: {"arrived_at": ctx.now()})


# -- D4, F2: signed; D5: not solved ------------------------------------------


def sign_off(
    ctx: ServiceContext,
    request_id: int,
    *,
    signer: str,
    work_done: str,
    cause: str = "",
    prevention: str = "",
    customer_checked: bool = False,
    customer_opinion: str = "",
    signed_at: datetime | None = None,
) -> DispatchRequest:
    """D4: the customer tried the system and checked the result, was told the cause
    and how to prevent it, and signs the sheet with their opinion; F2: the
    next-working-day callback."""
    signer = _text("signer", signer, N_("Who signed the service sheet?"), limit=64)
    work_done = _text("work_done", work_done, N_("Describe the work done on site"))
    cause = _text("cause", cause, N_("Write the cause explained to the customer"))
    prevention = _text("prevention", prevention, N_("Write how to prevent it"))
    if customer_checked is not True:
        raise ValidationError(
            "customer_checked", "Have the customer try the system and check the result first"
        )
    opinion = _text("customer_opinion", customer_opinion, N_("Write the customer's opinion"))
    at = signed_at or ctx.now()
    if getattr(at, "tzinfo", None) is None or at > ctx.now():
        raise ValidationError("signed_at", "The signing time cannot be in the future")

    def change(req: DispatchRequest) -> dict[str, Any]:
        req.signed_by, req.signed_at, req.work_done = signer, at, work_done
        req.cause, req.prevention = cause, prevention
        req.customer_checked, req.customer_opinion = True, opinion
        return {"signer": signer, "signed_at": at}

    with writing(ctx, "dispatch.close"):
        req = _step(ctx, request_id, flow.SIGN_OFF, change)
        # F2: phone callback on the next working day, owned by the desk that raised it.
        create_callback(
            ctx,
            kind="F2",
            due_at=f2_onsite_callback_due(at, ctx.calendar()),
            customer_id=req.customer_id,
            contact_id=req.contact_id,
            call_id=req.call_id,
            dispatch_id=req.id,
            owner_id=req.requested_by_id,
            due_rule="F2",
        )
    return req


def not_solved(ctx: ServiceContext, request_id: int, reason: str) -> DispatchRequest:
    """D5: closed unsolved on site; the manager decides: re-dispatch or escalate."""
    reason = _text("reason", reason, N_("Say why the problem was not solved on site"))

    def change(req: DispatchRequest) -> dict[str, Any]:
        req.not_solved_reason = reason
        return {"reason": reason}

    return _step(ctx, request_id, flow.FAIL, change)


def redispatch(ctx: ServiceContext, request_id: int, note: str = "") -> DispatchRequest:
    """D5: another dispatch: a new, already verified order linked to this one."""
    note = (note or "").strip()
    with writing(ctx, "dispatch.redispatch"):
        old = _step(ctx, request_id, flow.REDISPATCH, lambda req: {"note": note})
        now = ctx.now()
        problem = old.problem
        if old.not_solved_reason:
            problem = f"{problem}\n[{old.order_no}] {old.not_solved_reason}"
        new = DispatchRequest(
            order_no=next_number("PD", ctx.local(now).date()),
            call=old.call_id,
            customer=old.customer_id,
            contact=old.contact_id,
            source=old.source,
            problem=problem,
            state=flow.VERIFIED,  # D1: the manager's decision is the check
            requested_by=old.requested_by_id,
            verified_by=ctx.actor,
            previous=old,
            created_at=now,
            updated_at=now,
        )
        _set_due(ctx, new, now)
        new.save(force_insert=True)
        DispatchEvent.create(
            request=new,
            at=now,
            actor=ctx.actor,
            from_state="",
            to_state=flow.VERIFIED,
            detail={"action": flow.REDISPATCH, "previous": old.order_no, "note": note},
        )
        audit(ctx, "dispatch.redispatch", new)
    return new


def escalate(ctx: ServiceContext, request_id: int, vendor_ref: str, note: str) -> DispatchRequest:
    """D5: the problem goes to the vendor, tracked under the vendor's reference."""
    vendor_ref = _text("vendor_ref", vendor_ref, N_("Give the vendor's case reference"), limit=64)
    note = _text("note", note, N_("Say what the vendor was told"))

    def change(req: DispatchRequest) -> dict[str, Any]:
        req.vendor_ref = vendor_ref
        return {"vendor_ref": vendor_ref, "note": note}

    return _step(ctx, request_id, flow.ESCALATE, change)


def track_vendor(ctx: ServiceContext, request_id: int, note: str) -> DispatchRequest:
    """D5: a tracking note on the vendor case; the next check is due a working day on."""
    note = _text("note", note, N_("Write what the vendor said"))
    return _step(ctx, request_id, flow.TRACK, lambda req: {"note": note})


def vendor_solved(ctx: ServiceContext, request_id: int, note: str) -> DispatchRequest:
    """D5: the vendor case is closed and the customer's problem is truly solved."""
    note = _text("note", note, N_("Say how the customer's problem was solved"))
    return _step(ctx, request_id, flow.VENDOR_SOLVED, lambda req: {"note": note})


def close(ctx: ServiceContext, request_id: int) -> DispatchRequest:
    """Archive a finished order; a signed one only once its paper sheet is in (D4)."""

    def change(req: DispatchRequest) -> dict[str, Any]:
        if req.state == flow.SIGNED and req.sheet_returned_at is None:
            raise ValidationError(
                "sheet", "{no}: the signed paper sheet has not been handed in", no=req.order_no
            )
        return {}

    return _step(ctx, request_id, flow.CLOSE, change)
