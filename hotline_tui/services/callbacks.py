"""Follow-up callbacks (F1-F6): creating them is shared by every rule that
promises one; working them is the callbacks screen's business."""

from __future__ import annotations

from datetime import datetime

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, audit, writing
from hotline_tui.store.models import Callback

CHANNELS = {"phone": N_("Phone"), "qq": N_("QQ"), "email": N_("E-mail")}
KINDS = {
    "F1": N_("After a hotline call"),
    "F2": N_("After an on-site visit"),
    "F3": N_("After project acceptance"),
    "F4": N_("Periodic care"),
    "S3": N_("First visit"),
    "birthday": N_("Birthday care"),
    "holiday": N_("Holiday care"),
}


def create_callback(
    ctx: ServiceContext,
    *,
    kind: str,
    due_at: datetime,
    customer_id: int | None = None,
    contact_id: int | None = None,
    call_id: int | None = None,
    dispatch_id: int | None = None,
    owner_id: int | None = None,
    channel: str = "phone",
    due_rule: str = "",
) -> Callback:
    """Schedule a callback; works inside a caller's transaction (as a savepoint)."""
    if kind not in KINDS:
        raise ValidationError("kind", "Unknown callback kind {kind}", kind=kind)
    if channel not in CHANNELS:
        raise ValidationError("channel", "Channel must be phone, QQ or e-mail")
    if due_at is None or getattr(due_at, "tzinfo", None) is None:
        raise ValidationError("due_at", "A due time with its time zone is required")
    with writing(ctx, "callback.create"):
        cb = Callback.create(
            kind=kind,
            customer=customer_id,
            contact=contact_id,
            call=call_id,
            dispatch=dispatch_id,
            owner=owner_id if owner_id is not None else ctx.actor.id,
            channel=channel,
            due_at=due_at,
            due_rule=due_rule or (kind if kind.startswith(("F", "S")) else ""),
            created_at=ctx.now(),
        )
        audit(ctx, "callback.create", cb)
    return cb
