"""The machinery every dispatch step shares (D1-D6): text checks, the due time
of what is awaited next, the clear conflict message, and `_step` itself.

`_step` does one step of a work order: permission, the state machine of
`domain.dispatch_flow`, the optimistic version check, a `DispatchEvent` for the
timeline and an audit entry, all in one transaction. Split out of
`services/dispatch.py` (which re-exports these names) to keep it readable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pendulum

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.domain.errors import ConflictError, PermissionDenied, ValidationError
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    check_id,
    get_or_fail,
    snapshot,
    writing,
)
from hotline_tui.store.models import DispatchEvent, DispatchRequest, Staff

MAX_TEXT = 5000


def _text(field: str, value: str | None, required_msg: str, limit: int = MAX_TEXT) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, "Expected text")  # a number or a list: refused, no crash
    value = (value or "").strip()
    if not value:
        raise ValidationError(field, required_msg)
    if len(value) > limit:
        raise ValidationError(field, "At most {n} characters", n=limit)
    return value


def _working_deadline(ctx: ServiceContext, now: datetime) -> pendulum.DateTime:
    """End of today's work if we are inside a working day, else of the next one."""
    cal = ctx.calendar()
    today = cal.local_date(now)
    if cal.is_working_day(today) and now < cal.working_day_end(today):
        return cal.working_day_end(today).in_tz("UTC")
    return cal.working_day_end(cal.next_working_day(today)).in_tz("UTC")


def _set_due(ctx: ServiceContext, req: DispatchRequest, now: datetime) -> None:
    """What is awaited next, and by which rule (the desk sorts on it)."""
    state = req.state
    due: datetime | None
    if state in (flow.APPOINTED, flow.RESCHEDULED):
        due, rule = req.appointment_at, "D3"  # D3: arrive within the agreed time
    elif state == flow.SIGNED and req.sheet_returned_at is None:
        due = flow.d4_sheet_due(
            req.signed_at, ctx.calendar(), next_day=bool(ctx.policy.sheet_return_next_day)
        )
        rule = "D4"
    elif state in flow.OPEN_STATES:
        rule = {
            flow.REQUESTED: "D1",
            flow.VERIFIED: "D2",
            flow.ON_SITE: "D4",
            flow.NOT_SOLVED: "D5",
            flow.ESCALATED: "D5",
        }.get(state, "D3")
        due = _working_deadline(ctx, now)
    else:
        due, rule = None, ""
    req.due_at, req.due_rule = due, rule


def _last_event(req: DispatchRequest) -> DispatchEvent | None:
    return (
        DispatchEvent.select()
        .where(DispatchEvent.request == req.id)
        .order_by(DispatchEvent.at.desc(), DispatchEvent.id.desc())
        .first()
    )


def _conflict(ctx: ServiceContext, req: DispatchRequest, action: str) -> ConflictError:
    """The clear message for a stale screen: who changed it, when, to what."""
    assigning = action in (flow.ASSIGN, flow.REASSIGN)
    if assigning and req.assigned_by_id is not None and req.engineer_id:
        return ConflictError(
            "{no} was already assigned to {engineer} by {who} at {at}; nothing was changed",
            no=req.order_no,
            engineer=Staff.get_by_id(req.engineer_id).name,
            who=Staff.get_by_id(req.assigned_by_id).name,
            at=ctx.local(req.assigned_at).format("YYYY-MM-DD HH:mm"),
        )
    last = _last_event(req)
    who = last.actor.name if last and last.actor else "?"
    at = ctx.local(last.at).format("YYYY-MM-DD HH:mm") if last else "?"
    return ConflictError(
        "{no} was changed by {who} at {at}; reload and try again", no=req.order_no, who=who, at=at
    )


def _step(
    ctx: ServiceContext,
    request_id: int,
    action: str,
    change: Callable[[DispatchRequest], dict[str, Any] | None],
    *,
    expected_version: int | None = None,
) -> DispatchRequest:
    """One step of the state machine, with its event, due time and audit entry."""
    permission = next(t.permission for t in flow.TRANSITIONS if t.action == action)
    with writing(ctx, permission):
        req = get_or_fail(DispatchRequest, check_id("request", request_id), "Work order")
        if expected_version is not None and req.version != expected_version:
            raise _conflict(ctx, req, action)
        roles = ctx.actor.role_list
        row = flow.transition(req.state, action, roles)
        if flow.MANAGER not in roles and req.engineer_id not in (None, ctx.actor.id):
            raise PermissionDenied(
                "{no} is {engineer}'s work order",
                no=req.order_no,
                engineer=Staff.get_by_id(req.engineer_id).name,
            )
        before = snapshot(req)
        version = req.version
        from_state, now = req.state, ctx.now()
        detail = change(req) or {}
        req.state, req.updated_at = row.target, now
        _set_due(ctx, req, now)
        try:
            bump_version(req, version)
        except ConflictError:
            # Another desk committed between our read and our write (PostgreSQL).
            raise _conflict(ctx, DispatchRequest.get_by_id(req.id), action) from None
        DispatchEvent.create(
            request=req,
            at=now,
            actor=ctx.actor,
            from_state=from_state,
            to_state=row.target,
            detail={"action": action, **detail},
        )
        audit(ctx, f"dispatch.{action}", req, before=before)
    return req
