"""Column widths measured from what the columns will show.

Widths are terminal cells (a Chinese character counts two). Every column first
asks for its widest cell or label; when that does not fit the screen, only the
free-text columns (`flex`) give way, each keeping what it needs if that is less
than its share, so an empty notes column never takes room from the item text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text

from hotline_tui.ui.widgets.dispatch.layout import CELL_PADDING


def cells(value: object) -> int:
    """Width in terminal cells of one table cell's text (first line only)."""
    text = value.plain if isinstance(value, Text) else str(value)
    return cell_len(" ".join(text.split()))


def measured_widths(
    labels: Sequence[str],
    rows: Sequence[Sequence[object]],
    total: int,
    flex: Mapping[int, int],
    caps: Mapping[int, int] | None = None,
    minimum: int = 6,
) -> list[int]:
    """Widths of every column on a `total`-cell screen. `flex` maps a free-text
    column's index to its share of the room left; `caps` bounds any column."""
    caps = caps or {}
    natural = [cells(label) for label in labels]
    for row in rows:
        for i, value in enumerate(row):
            natural[i] = max(natural[i], cells(value))
    natural = [min(w, caps.get(i, w)) for i, w in enumerate(natural)]
    fixed = sum(w for i, w in enumerate(natural) if i not in flex)
    room = total - fixed - CELL_PADDING * len(labels) - 2  # the scrollbar gutter
    widths = list(natural)
    wanting = {i: share for i, share in flex.items() if natural[i] > 0}
    # Water-filling: a column needing less than its share keeps its need; the rest
    # is shared again among the columns that want more.
    while wanting:
        weight = sum(wanting.values())
        fair = {i: room * share // weight for i, share in wanting.items()}
        small = {i for i in wanting if natural[i] <= fair[i]}
        if not small:
            for i in wanting:
                widths[i] = max(minimum, fair[i])
            break
        for i in small:
            widths[i] = natural[i]
            room -= natural[i]
            del wanting[i]
    return widths
