"""What a live desk reloads: the operator's items, and which of them are new
from someone else (assigned, transferred or handed over), to pop a notice."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from hotline_tui.services.review.open_items import OpenItem, open_items
from hotline_tui.store.models import AuditEntry

#: The tables whose audit entries tell who last changed an item of each kind.
ITEM_TABLES = {
    "call": ("call",),
    "callback": ("callback",),
    "dispatch": ("dispatch_request",),
    "complaint": ("complaint",),
    "handover": ("handover_item", "handover"),
}


def desk_items(
    owner_id: int,
    known: Iterable[str] | None,
    load: Callable[..., list[OpenItem]] = open_items,
) -> tuple[list[OpenItem], list[OpenItem]]:
    """The owner's open items (`load`, the desk's query), and those not in
    `known` (the keys shown before) that someone else put there; `known=None`
    (the first load) finds none."""
    items = load(owner_id=owner_id)
    if known is None:
        return items, []
    seen = set(known)
    new = [item for item in items if item.key not in seen]
    return items, [item for item in new if not _last_changed_by(item, owner_id)]


def _last_changed_by(item: OpenItem, staff_id: int) -> bool:
    """Whether `staff_id` made the item's newest audited change (their own work)."""
    entry = (
        AuditEntry.select(AuditEntry.actor)
        .where(
            AuditEntry.record_type.in_(ITEM_TABLES.get(item.kind, (item.kind,))),
            AuditEntry.record_id == str(item.id),
        )
        .order_by(AuditEntry.id.desc())
        .first()
    )
    return entry is not None and entry.actor_id == staff_id
