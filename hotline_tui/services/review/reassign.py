"""A manager moves an open item to another owner, with a logged reason (H10; docs/DESIGN.md, the manager's review).

H10: the first-contact owner keeps a call until it is solved or explicitly
handed on; ownership moves only this way, by transfer or by handover.
"""

from __future__ import annotations

from typing import Any

from hotline_tui.domain import permissions
from hotline_tui.domain.errors import InvalidTransition, NotFound, ValidationError
from hotline_tui.services.base import ServiceContext, audit, bump_version, snapshot, writing
from hotline_tui.services.review.open_items import (
    CLOSED_COMPLAINT_STATUSES,
    OPEN_CALL_STATUSES,
    OpenItem,
    open_items,
)
from hotline_tui.store.models import (
    Call,
    Callback,
    CallEvent,
    Complaint,
    ComplaintEvent,
    Handover,
    MissedCall,
    Staff,
)

#: kind -> (model, owner field, action the new owner must be allowed to do)
REASSIGNABLE = {
    "call": (Call, "owner", "call.update"),
    "callback": (Callback, "owner", "callback.work"),
    "complaint": (Complaint, "owner", "complaint.handle"),
    "handover": (Handover, "to_staff", "handover.accept"),
    "missed_call": (MissedCall, "owner", "missed_call.return"),
}
MAX_REASON = 500


def _is_open(kind: str, record: Any) -> bool:
    if kind == "call":
        return record.status in OPEN_CALL_STATUSES
    if kind == "complaint":
        return record.status not in CLOSED_COMPLAINT_STATUSES
    return record.status == "open"


def reassign(
    ctx: ServiceContext, kind: str, item_id: int, new_owner_id: int, reason: str
) -> OpenItem:
    """Move an open item to another owner, with the reason in the audit entry.

    H10: the first-contact owner keeps a call until it is solved or explicitly
    handed on; a manager's reassignment is such an explicit, logged hand-on.
    """
    reason = (reason or "").strip()
    if kind == "dispatch":
        raise ValidationError(
            "kind", "Dispatch requests get their engineer on the dispatch screen (D2)"
        )
    if kind not in REASSIGNABLE:
        raise ValidationError("kind", "Unknown kind of item {kind}", kind=kind)
    if not reason:
        raise ValidationError("reason", "Give the reason for the reassignment")
    if len(reason) > MAX_REASON:
        raise ValidationError("reason", "At most {n} characters", n=MAX_REASON)
    model, field, needed = REASSIGNABLE[kind]
    with writing(ctx, "item.reassign"):
        record = model.get_or_none(model.id == item_id)
        if record is None:
            raise NotFound("{what} {id} does not exist", what=kind, id=item_id)
        if not _is_open(kind, record):
            raise InvalidTransition("This item is no longer open")
        new_owner = Staff.get_or_none(Staff.id == new_owner_id)
        if new_owner is None or not new_owner.active:
            raise ValidationError("owner", "No active staff member {id}", id=new_owner_id)
        if not permissions.allowed(new_owner.role_list, needed):
            raise ValidationError(
                "owner", "{who} may not take over this kind of item", who=new_owner.name
            )
        old_owner_id = getattr(record, f"{field}_id")
        if old_owner_id == new_owner.id:
            raise ValidationError("owner", "{who} already owns this item", who=new_owner.name)
        before = snapshot(record)
        setattr(record, field, new_owner)
        if kind in ("call",):
            record.updated_at = ctx.now()  # type: ignore[attr-defined]  # calls have it
        bump_version(record, record.version, ctx.actor.agent_no)
        detail = {"from": old_owner_id, "to": new_owner.id, "reason": reason}
        if kind == "call":
            CallEvent.create(
                call=record, at=ctx.now(), actor=ctx.actor, kind="reassigned", detail=detail
            )
        elif kind == "complaint":
            ComplaintEvent.create(
                complaint=record, at=ctx.now(), actor=ctx.actor, kind="reassigned", detail=detail
            )
        after = snapshot(record) or {}
        after["reason"] = reason
        audit(ctx, "item.reassign", record, before=before, after=after)
    found = open_items(owner_id=new_owner.id, kinds=[kind], limit=100_000)
    return next(i for i in found if i.id == item_id)
