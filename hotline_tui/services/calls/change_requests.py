"""Program-change requests (程序修改申请, H17): a confirmed software bug goes up
with the steps that produce it and the exact error (H3); the manager writes the
review opinion and the promised completion date; the customer is told that date;
the request stays an open item until the fix is delivered, and a date that will
slip is announced to the customer before it is due.

Open-item deadline: the end of work on the promised date (``due_at``); before
the review there is no date yet, and the request waits in the manager's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hotline_tui.domain.errors import InvalidTransition, NotFound, ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    clean_text,
    next_number,
    require,
    snapshot,
    writing,
)
from hotline_tui.store.models import Call, CallEvent, ChangeRequest

STATUSES = {  # labels, translated where shown
    "review": N_("Waiting for the manager's review"),
    "promised": N_("Promised"),
    "delivered": N_("Delivered"),
    "rejected": N_("Rejected"),
}
OPEN = ("review", "promised")
MAX_TEXT = 5000


def _get(request_id: Any) -> ChangeRequest:
    ok = isinstance(request_id, int) and not isinstance(request_id, bool)
    cr = ChangeRequest.get_or_none(ChangeRequest.id == request_id) if ok else None
    if cr is None:
        raise NotFound("Program-change request {id} does not exist", id=request_id)
    return cr


def _date(value: Any, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(field, "Type the date as 2026-12-01") from None


def _event(ctx: ServiceContext, cr: ChangeRequest, kind: str, **detail: Any) -> None:
    if cr.call_id:
        CallEvent.create(
            call=cr.call_id,
            at=ctx.now(),
            actor=ctx.actor,
            kind=kind,
            detail={"change": cr.ref_no, **detail},
        )


def request_change(
    ctx: ServiceContext, call_id: int, steps: str = "", error_message: str = ""
) -> ChangeRequest:
    """H17/H3: from a call; the steps and the exact error default to the call's."""
    with writing(ctx, "change.request"):
        call = Call.get_or_none(Call.id == call_id)
        if call is None:
            raise NotFound("Call {id} does not exist", id=call_id)
        steps = clean_text("steps", steps or call.recent_ops, MAX_TEXT)
        error = clean_text("error_message", error_message or call.error_message, MAX_TEXT)
        if not steps:
            raise ValidationError("steps", "A software error needs the steps that produce it")
        if not error:
            raise ValidationError("error_message", "A software error needs the exact error message")
        cr = ChangeRequest.create(
            ref_no=next_number("XG", ctx.local(ctx.now()).date()),
            call=call,
            customer=call.customer_id,
            requested_by=ctx.actor,
            steps=steps,
            error_message=error,
            created_at=ctx.now(),
        )
        _event(ctx, cr, "change_request")
        audit(ctx, "change.request", cr)
    return cr


def review_change(
    ctx: ServiceContext,
    request_id: int,
    *,
    opinion: str,
    promised_on: Any = None,
    approve: bool = True,
) -> ChangeRequest:
    """H17: the manager's review opinion and, when approved, the promised date."""
    opinion = clean_text("opinion", opinion, MAX_TEXT)
    if not opinion:
        raise ValidationError("opinion", "Write the review opinion")
    with writing(ctx, "change.review"):
        cr = _get(request_id)
        if cr.status != "review":
            raise InvalidTransition("This request has been reviewed already")
        before = snapshot(cr)
        cr.reviewer, cr.opinion = ctx.actor, opinion
        if approve:
            day = _date(promised_on, "promised_on")
            if day < ctx.local(ctx.now()).date():
                raise ValidationError("promised_on", "The promised date cannot be in the past")
            cr.status, cr.promised_on = "promised", day
            cr.due_at = ctx.calendar().working_day_end(day).in_tz("UTC")
        else:
            cr.status, cr.due_at = "rejected", None
        bump_version(cr, cr.version)
        _event(ctx, cr, "change_review", approve=approve, promised_on=str(cr.promised_on or ""))
        audit(ctx, "change.review", cr, before=before)
    return cr


def tell_customer(ctx: ServiceContext, request_id: int) -> ChangeRequest:
    """H17: the promised completion date was told to the customer."""
    with writing(ctx, "change.follow"):
        cr = _get(request_id)
        if cr.status != "promised":
            raise InvalidTransition("There is no promised date to tell yet")
        before = snapshot(cr)
        cr.told_customer_at = ctx.now()
        bump_version(cr, cr.version)
        _event(ctx, cr, "change_told", promised_on=str(cr.promised_on))
        audit(ctx, "change.tell", cr, before=before)
    return cr


def announce_delay(
    ctx: ServiceContext, request_id: int, *, new_date: Any, note: str
) -> ChangeRequest:
    """H17: a promise that will slip is announced to the customer before it is due."""
    note = clean_text("note", note, 500)
    if not note:
        raise ValidationError("note", "Write why it will be late and what the customer was told")
    with writing(ctx, "change.follow"):
        cr = _get(request_id)
        if cr.status != "promised":
            raise InvalidTransition("Only a promised request can be announced late")
        if cr.due_at is not None and ctx.now() > cr.due_at:
            raise ValidationError(
                "new_date", "The promised date has passed: a delay is announced before it is due"
            )
        day = _date(new_date, "new_date")
        if cr.promised_on is not None and day <= cr.promised_on:
            raise ValidationError("new_date", "The new date must be later than the promised one")
        before = snapshot(cr)
        notices = list(cr.late_notices or [])
        notices.append(
            {"at": ctx.now().isoformat(), "old": str(cr.promised_on), "new": str(day), "note": note}
        )
        cr.late_notices, cr.promised_on = notices, day
        cr.due_at = ctx.calendar().working_day_end(day).in_tz("UTC")
        cr.told_customer_at = ctx.now()
        bump_version(cr, cr.version)
        _event(ctx, cr, "change_late", new=str(day), note=note)
        audit(ctx, "change.late", cr, before=before)
    return cr


def deliver_change(ctx: ServiceContext, request_id: int) -> ChangeRequest:
    """H17: the fix was delivered; the open item closes."""
    with writing(ctx, "change.follow"):
        cr = _get(request_id)
        if cr.status != "promised":
            raise InvalidTransition("Only a promised request can be delivered")
        before = snapshot(cr)
        cr.status, cr.delivered_at, cr.due_at = "delivered", ctx.now(), None
        bump_version(cr, cr.version)
        _event(ctx, cr, "change_delivered")
        audit(ctx, "change.deliver", cr, before=before)
    return cr


@dataclass(frozen=True)
class LateCheck:
    ref_no: str
    request_id: int
    promised_on: date
    customer_id: int | None
    requested_by_id: int


def late_checks(ctx: ServiceContext) -> list[LateCheck]:
    """H17: promised requests close to their date with no delay announced: ask
    whether they will be late while the customer can still be told in time."""
    require(ctx, "change.follow")
    now = ctx.now()
    horizon = now.add(days=ctx.policy.change_late_notice_days)
    rows = (
        ChangeRequest.select()
        .where(
            (ChangeRequest.status == "promised")
            & (ChangeRequest.due_at > now)
            & (ChangeRequest.due_at <= horizon)
        )
        .order_by(ChangeRequest.due_at)
    )
    return [
        LateCheck(r.ref_no, r.id, r.promised_on, r.customer_id, r.requested_by_id)
        for r in rows
        if not r.late_notices and r.promised_on is not None
    ]


def change_detail(ctx: ServiceContext, request_id: int) -> dict[str, Any]:
    """One request as the dialog shows it (anyone who may follow requests)."""
    if not ctx.can("change.review"):
        require(ctx, "change.follow")
    cr = _get(request_id)
    return {
        "id": cr.id,
        "version": cr.version,
        "ref_no": cr.ref_no,
        "status": cr.status,
        "ticket": cr.call.ticket_no if cr.call is not None else "",
        "steps": cr.steps,
        "error_message": cr.error_message,
        "opinion": cr.opinion,
        "promised_on": cr.promised_on,
        "told_customer_at": cr.told_customer_at,
        "late_notices": list(cr.late_notices or []),
    }
