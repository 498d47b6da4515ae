"""The intake draft: what the operator has typed, saved as it is typed, so a
crash or a killed terminal loses nothing (docs/DESIGN.md, drafts, draft safety).

One draft per staff member and kind (unique index); an intake draft's kind
names its call (`intake:<call id>`, see `call_kind`), so two calls left
open keep two drafts and a second call never overwrites the first one's.
Saving happens every few keystrokes, so only creating and discarding a draft
are audited; each save just refreshes the row in its own transaction.
"""

from __future__ import annotations

import json
from typing import Any

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.services.base import ServiceContext, audit, writing
from hotline_tui.store.models import Draft

INTAKE = "intake"
#: Far above every field's own limit: text pasted past a field's limit is refused
#: when the call is saved, but the draft still keeps it, so nothing typed is lost.
MAX_BYTES = 2_000_000


def call_kind(call_id: int | None) -> str:
    """The draft kind of one call's intake form (the bare `intake` before a call exists)."""
    return f"{INTAKE}:{call_id}" if call_id else INTAKE


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


def intake_drafts(ctx: ServiceContext) -> list[tuple[str, dict[str, Any]]]:
    """Every intake draft of the acting operator, newest first, as (kind, data)."""
    rows = (
        Draft.select()
        .where(
            (Draft.staff == ctx.actor.id)
            & ((Draft.kind == INTAKE) | Draft.kind.startswith(INTAKE + ":"))
        )
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
    )
    return [(d.kind, dict(d.data)) for d in rows if isinstance(d.data, dict)]


def call_with_draft(ctx: ServiceContext, call_id: int) -> dict[str, Any]:
    """A call as the intake form holds it, with what was typed since (its draft)
    laid over it: reopening a call left mid-way shows it as it was left."""
    from hotline_tui.services.calls.calls import call_form

    data = call_form(call_id)
    draft = load_draft(ctx, call_kind(call_id)) or {}
    for key, value in draft.items():
        if key in ("call_id", "ticket_no", "status") or value in (None, ""):
            continue
        data[key] = value
    return data


def keep_call(ctx: ServiceContext, call_id: int, data: dict[str, Any]) -> None:
    """A call left mid-way: what is typed goes onto the call (the desk then lists
    its caller and symptom) and into its draft. A field the call refuses (a
    half-typed phone number) stays in the draft only; nothing typed is lost."""
    from hotline_tui.services.calls.calls import FIELDS, update_call

    fields = {k: v for k, v in data.items() if k in FIELDS}
    for _attempt in range(len(fields) + 1):
        try:
            update_call(ctx, call_id, **fields)
            break
        except ValidationError as exc:
            if exc.field not in fields:
                break
            fields.pop(exc.field)
        except HotlineError:
            break  # no longer active, or not this operator's: the draft still holds it
    save_draft(ctx, {**data, "call_id": call_id}, call_kind(call_id))
