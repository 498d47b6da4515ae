"""H10 first-contact ownership, checked in the services: only the owner of a
call or callback, or a manager, edits, transfers or closes it. The refusal
names the owner, so the operator knows whom to ask."""

from __future__ import annotations

from typing import Any

from hotline_tui.domain import permissions
from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.services.base import ServiceContext
from hotline_tui.store.models import Staff


def may_work(ctx: ServiceContext, record: Any) -> bool:
    """The owner (or, for an item nobody owns yet, anyone) and managers."""
    owner_id = getattr(record, "owner_id", None)
    if owner_id is None or owner_id == ctx.actor.id:
        return True
    return permissions.allowed(ctx.actor.role_list, "item.override_owner")


def require_owner(ctx: ServiceContext, record: Any, ref: str = "") -> None:
    """Refuse anyone but the owner or a manager, naming the owner."""
    if may_work(ctx, record):
        return
    owner = Staff.get_or_none(Staff.id == record.owner_id)
    raise PermissionDenied(
        "{ref} belongs to {owner}: only they or a manager may change, transfer or close it",
        ref=ref or str(record.get_id()),
        owner=f"{owner.agent_no} {owner.name}" if owner else "?",
    )
