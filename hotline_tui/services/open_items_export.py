"""The open-items list written to a file (issue 9: CSV/XLSX with no row cap).

A file leaves the desk with every open item, its customer and its owner, so
exporting needs `open_items.export` on top of seeing the list (the review
screen's `e` and `hotline export open-items` both come here).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from hotline_tui.services.base import ServiceContext, require
from hotline_tui.services.open_items import export_rows, review_items

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
    items = review_items(
        ctx, owner_id=owner_id, kinds=kinds, customer_query=customer_query, limit=NO_LIMIT
    )
    return export_rows(items, now, ctx.settings.timezone)
