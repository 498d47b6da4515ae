"""The intake draft: what the operator has typed, saved as it is typed, so a
crash or a killed terminal loses nothing (docs/DESIGN.md, drafts, draft safety).

One draft per staff member and kind (unique index). Saving happens every few
keystrokes, so only creating and discarding a draft are audited; each save
just refreshes the row in its own transaction.
"""

from __future__ import annotations

import json
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.base import ServiceContext, audit, writing
from hotline_tui.store.models import Draft

INTAKE = "intake"
MAX_BYTES = 64_000


def save_draft(ctx: ServiceContext, data: dict[str, Any], kind: str = INTAKE) -> Draft:
    """Create or refresh the draft; refuses data that cannot be stored as JSON."""
    try:
        size = len(json.dumps(data, ensure_ascii=False, default=str).encode())
    except (TypeError, ValueError):
        raise ValidationError("draft", "The draft cannot be saved") from None
    if size > MAX_BYTES:
        raise ValidationError("draft", "The draft is too large to save ({n} bytes)", n=size)
    with writing(ctx, "draft.save"):
        draft = Draft.get_or_none((Draft.staff == ctx.actor.id) & (Draft.kind == kind))
        if draft is None:
            draft = Draft.create(staff=ctx.actor, kind=kind, data=data, updated_at=ctx.now())
            audit(ctx, "draft.create", draft, after={"kind": kind})
        else:
            Draft.update(data=data, updated_at=ctx.now()).where(Draft.id == draft.id).execute()
            draft.data = data
    return draft


def load_draft(ctx: ServiceContext, kind: str = INTAKE) -> dict[str, Any] | None:
    """The saved draft of the acting operator, or None."""
    draft = Draft.get_or_none((Draft.staff == ctx.actor.id) & (Draft.kind == kind))
    if draft is None or not isinstance(draft.data, dict):
        return None
    return dict(draft.data)


def discard_draft(ctx: ServiceContext, kind: str = INTAKE) -> bool:
    """Drop the draft once the call is finished (or the operator declines it)."""
    with writing(ctx, "draft.save"):
        draft = Draft.get_or_none((Draft.staff == ctx.actor.id) & (Draft.kind == kind))
        if draft is None:
            return False
        audit(ctx, "draft.discard", draft, after={"kind": kind})
        draft.delete_instance()
    return True
