"""Column widths for the dispatch and handover tables.

Chinese text is double-width: a table whose free-text column grows with its
longest line pushes the countdown and the owner off a 120-column terminal. The
fixed columns keep their width; the free-text columns share what is left, and
their text is cut to it (cell-aware, with an ellipsis).
"""

from __future__ import annotations

from rich.text import Text

#: DataTable pads every cell with one blank on each side.
CELL_PADDING = 2


def fit(text: str | Text, width: int) -> Text:
    """`text` on one line, cut to `width` terminal cells with "…" if longer."""
    out = text.copy() if isinstance(text, Text) else Text(" ".join(str(text).split()))
    out.truncate(max(width, 1), overflow="ellipsis")
    return out


def flex_widths(total: int, fixed: list[int], shares: list[int], minimum: int = 8) -> list[int]:
    """Widths of the flexible columns: `total` cells minus the fixed columns and all
    padding, split by `shares` (never below `minimum`)."""
    columns = len(fixed) + len(shares)
    free = total - sum(fixed) - CELL_PADDING * columns - 2  # the scrollbar gutter
    weight = sum(shares) or 1
    return [max(minimum, free * s // weight) for s in shares]
