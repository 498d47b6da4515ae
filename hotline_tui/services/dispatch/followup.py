"""After the visit: the paper service sheet (D4) and the QA sample (D6).

The F2 callback itself is created by `dispatch.sign_off`, in the same
transaction as the signature.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    check_id,
    get_or_fail,
    snapshot,
    writing,
)
from hotline_tui.services.dispatch.steps import _set_due
from hotline_tui.store.models import Customer, DispatchEvent, DispatchRequest, Staff


def sheet_returned(
    ctx: ServiceContext, request_id: int, returned_at: datetime | None = None
) -> DispatchRequest:
    """D4: the signed paper service sheet was handed in."""
    at = returned_at or ctx.now()
    with writing(ctx, "dispatch.sheet_returned"):
        req = get_or_fail(DispatchRequest, check_id("request", request_id), "Work order")
        if req.state not in (flow.SIGNED, flow.CLOSED) or req.signed_at is None:
            raise ValidationError("sheet", "{no} has no signed service sheet", no=req.order_no)
        if req.sheet_returned_at is not None:
            raise ValidationError(
                "sheet",
                "{no}: the sheet was handed in on {at}",
                no=req.order_no,
                at=ctx.local(req.sheet_returned_at).format("YYYY-MM-DD HH:mm"),
            )
        before = snapshot(req)
        req.sheet_returned_at, req.updated_at = at, ctx.now()
        _set_due(ctx, req, ctx.now())
        bump_version(req, req.version)
        DispatchEvent.create(
            request=req,
            at=ctx.now(),
            actor=ctx.actor,
            from_state=req.state,
            to_state=req.state,
            detail={"action": "sheet_returned", "returned_at": at},
        )
        audit(ctx, "dispatch.sheet_returned", req, before=before)
    return req


@dataclass(frozen=True)
class UnreturnedSheet:
    id: int
    order_no: str
    customer: str
    engineer: str
    signed_at: datetime
    due_at: datetime


def unreturned_sheets(ctx: ServiceContext) -> list[UnreturnedSheet]:
    """D4: signed orders whose paper sheet is still out after Monday's start of work."""
    cal, now = ctx.calendar(), ctx.now()
    q = (
        DispatchRequest.select(DispatchRequest, Customer)
        .join(Customer)
        .where(
            DispatchRequest.signed_at.is_null(False)
            & DispatchRequest.sheet_returned_at.is_null()
            & DispatchRequest.state.in_((flow.SIGNED, flow.CLOSED))
        )
        .order_by(DispatchRequest.signed_at)
    )
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    out = []
    for d in q:
        due = flow.d4_sheet_due(d.signed_at, cal, next_day=bool(ctx.policy.sheet_return_next_day))
        if now > due:
            out.append(
                UnreturnedSheet(
                    d.id,
                    d.order_no,
                    d.customer.name,
                    names.get(d.engineer_id, ""),
                    d.signed_at,
                    due,
                )
            )
    return out


# -- D6: the QA sample -------------------------------------------------------


def manager_sign_off(ctx: ServiceContext, request_id: int) -> DispatchRequest:
    """D6: after the follow-up callback the manager signs the sheet off; only then
    can it be picked for the QA library."""
    from hotline_tui.store.models import Callback

    with writing(ctx, "dispatch.qa_select"):
        req = get_or_fail(DispatchRequest, check_id("request", request_id), "Work order")
        if req.signed_at is None:
            raise ValidationError("sheet", "{no} has no signed service sheet", no=req.order_no)
        called = Callback.select().where(
            (Callback.dispatch == req.id) & (Callback.kind == "F2") & (Callback.status == "done")
        )
        if not called.exists():
            raise ValidationError(
                "callback", "{no}: make the follow-up callback before signing off", no=req.order_no
            )
        if req.manager_signed_at is not None:
            return req
        before = snapshot(req)
        req.manager_signed_at, req.updated_at = ctx.now(), ctx.now()
        bump_version(req, req.version)
        DispatchEvent.create(
            request=req,
            at=ctx.now(),
            actor=ctx.actor,
            from_state=req.state,
            to_state=req.state,
            detail={"action": "manager_sign_off"},
        )
        audit(ctx, "dispatch.manager_sign_off", req, before=before)
    return req


def qa_candidates(since: datetime | None = None) -> list[int]:
    """D6: sheets the manager signed off after the callback, not yet picked, oldest first."""
    q = DispatchRequest.select(DispatchRequest.id).where(
        DispatchRequest.signed_at.is_null(False)
        & DispatchRequest.manager_signed_at.is_null(False)
        & ~DispatchRequest.qa_selected
    )
    if since is not None:
        q = q.where(DispatchRequest.signed_at >= since)
    return [d.id for d in q.order_by(DispatchRequest.signed_at, DispatchRequest.id)]


def suggest_qa_sample(
    ctx: ServiceContext, since: datetime | None = None, seed: int | None = None
) -> list[int]:
    """D6: a random ~20% (policy.qa_sample_percent) of the unpicked signed orders.

    At least one when there is any; `seed` makes the suggestion repeatable.
    """
    ids = qa_candidates(since)
    if not ids:
        return []
    percent = ctx.policy.qa_sample_percent
    size = max(1, round(len(ids) * percent / 100))
    return sorted(random.Random(seed).sample(ids, min(size, len(ids))))


def select_for_qa(ctx: ServiceContext, request_ids: list[int]) -> int:
    """D6: the manager's pick of signed sheets for the QA library; returns how many."""
    with writing(ctx, "dispatch.qa_select"):
        count = 0
        for rid in request_ids:
            req = get_or_fail(DispatchRequest, check_id("request", rid), "Work order")
            if req.signed_at is None:
                raise ValidationError("qa", "{no} has no signed service sheet", no=req.order_no)
            if req.manager_signed_at is None:  # D6: callback done, then the manager's sign-off
                raise ValidationError(
                    "qa", "{no}: the manager has not signed the sheet off yet", no=req.order_no
                )
            if req.qa_selected:
                continue
            before = snapshot(req)
            req.qa_selected = True
            bump_version(req, req.version)
            DispatchEvent.create(
                request=req,
                at=ctx.now(),
                actor=ctx.actor,
                from_state=req.state,
                to_state=req.state,
                detail={"action": "qa_selected"},
            )
            audit(ctx, "dispatch.qa_select", req, before=before)
            count += 1
    return count
