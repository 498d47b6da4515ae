"""The open-items list written to a file (docs/DESIGN.md, the manager's review: CSV/XLSX with no row cap).

A file leaves the desk with every open item, its customer and its owner, so
exporting needs `open_items.export` on top of seeing the list (the review
screen's `e` and `hotline export open-items` both come here).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import pendulum

from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.services.review.open_items import OpenItem, review_items

NO_LIMIT = 10**9  # exports see every open item


def export_open_items(
    ctx: ServiceContext,
    now: datetime,
    owner_id: int | None = None,
    kinds: Iterable[str] | None = None,
    customer_query: str = "",
) -> Iterator[list[object]]:
    """Rows under EXPORT_COLUMNS in the review's order; refused before any is read."""
    require(ctx, "open_items.export")
    from hotline_tui.services.customers.secrecy import RESTRICTED_LEVELS, log_access
    from hotline_tui.store.models import Customer

    items = review_items(
        ctx, owner_id=owner_id, kinds=kinds, customer_query=customer_query, limit=NO_LIMIT
    )
    ids = list({i.customer_id for i in items if i.customer_id})
    restricted = []
    for start in range(0, len(ids), 500):  # S2: one borrowing-card row per unit in the file
        restricted += list(
            Customer.select().where(
                Customer.id.in_(ids[start : start + 500])
                & Customer.confidentiality.in_(RESTRICTED_LEVELS)
            )
        )
    log_access(ctx, restricted, "open-items export", view="minimum")
    return export_rows(items, now, ctx.settings.timezone)


# -- the same list for scripts and spreadsheets -------------------------------

#: Column msgids of the exported list (translated where written).
EXPORT_COLUMNS = (
    N_("Kind"),
    N_("Number"),
    N_("Item"),
    N_("Customer"),
    N_("Owner"),
    N_("Agent number"),
    N_("Due (UTC)"),
    N_("Due (local)"),
    N_("Overdue"),
    N_("Rule"),
    N_("Status"),
)


def utc_iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, the form monitoring scripts expect."""
    if when is None:
        return None
    return pendulum.instance(when).in_timezone("UTC").to_iso8601_string()


def as_record(item: OpenItem, now: datetime) -> dict[str, object]:
    """One item as a JSON-ready object (`hotline open-items --json`)."""
    left = item.seconds_left(now)
    return {
        "kind": item.kind,
        "id": item.id,
        "title": item.title,
        "customer": item.customer,
        "customer_id": item.customer_id,
        "owner": item.owner,
        "owner_no": item.owner_no,
        "owner_id": item.owner_id,
        "due": utc_iso(item.due_at),
        "seconds_left": None if left is None else int(left),
        "overdue": item.overdue(now),
        "rule": item.rule,
        "status": item.status,
    }


def export_rows(items: Iterable[OpenItem], now: datetime, tz: str) -> Iterator[list[object]]:
    """Rows under EXPORT_COLUMNS, in the list's order."""
    for item in items:
        local = (
            pendulum.instance(item.due_at).in_timezone(tz).format("YYYY-MM-DD HH:mm")
            if item.due_at
            else ""
        )
        yield [
            item.kind,
            item.id,
            item.title,
            item.customer,
            item.owner,
            item.owner_no,
            utc_iso(item.due_at) or "",
            local,
            "1" if item.overdue(now) else "0",
            item.rule,
            item.status,
        ]
