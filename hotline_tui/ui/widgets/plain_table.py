"""A DataTable whose text cells are shown as typed.

Textual's DataTable reads a `str` cell as Rich markup: a symptom such as
"打印 [凭证] 错位" loses its brackets, and "[red]" in a customer's note turns
the row red. Customers and operators type those cells, so every str cell and
column label becomes a plain `Text` here. (Parsing markup for each cell also
loaded rich's emoji table on the desk's first paint, issue 5.)
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


def plain(value: Any) -> Any:
    """`Text(value)` for a str, anything else unchanged."""
    return Text(value) if isinstance(value, str) else value


class PlainTable(DataTable):
    """DataTable without markup in str cells and column labels."""

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> ColumnKey:
        return super().add_column(plain(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> RowKey:
        return super().add_row(*(plain(c) for c in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, plain(value), **kwargs)

    def measure_now(self) -> None:
        """Size the columns for the rows just added, before the next paint.

        DataTable measures new rows when it is next idle; when the screen paints
        before that, the whole table is drawn twice (about 20 ms each on the
        desk's first list, issue 5). This does that measuring at once (through
        DataTable's own method; a no-op if a Textual release renames it)."""
        if not getattr(self, "_require_update_dimensions", False):
            return
        update = getattr(self, "_update_dimensions", None)
        new_rows = getattr(self, "_new_rows", None)
        if update is None or new_rows is None:
            return
        self._require_update_dimensions = False
        rows = set(new_rows)
        new_rows.clear()
        update(rows)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, plain(value), **kwargs)
