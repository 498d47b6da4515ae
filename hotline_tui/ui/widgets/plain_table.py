"""A DataTable whose text cells are shown as typed.

Textual's DataTable reads a `str` cell as Rich markup: a symptom such as
"打印 [凭证] 错位" loses its brackets, and "[red]" in a customer's note turns
the row red. Customers and operators type those cells, so every str cell and
column label becomes a plain `Text` here. (Parsing markup for each cell also
loaded rich's emoji table on the desk's first paint, docs/PERFORMANCE.md.)

Such a cell is one line of plain text, so it is also drawn here without Rich's
general layout machinery (padding, wrapping and cropping renderables): the
desk's first list drew in about 23 ms, 10 ms this way (docs/PERFORMANCE.md, cold start).
Anything else (a multi-line row, a header, a fixed column, a justified or
ellipsised Text, a renderable) is drawn by DataTable as before.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Region
from textual.strip import Strip
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
        desk's first list, docs/PERFORMANCE.md). This does that measuring at once (through
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

    _style_in_paint: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """One paint works out the table's own style once: DataTable asks for it on
        every line, and each time it walks every ancestor's styles."""
        self._style_in_paint = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._style_in_paint = None

    @property
    def rich_style(self) -> Style:
        return self._style_in_paint if self._style_in_paint is not None else super().rich_style

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        try:
            lines = self._render_text_cell(
                row_index, column_index, base_style, width, cursor, hover
            )
        except AttributeError:  # a Textual release without these internals
            lines = None
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _render_text_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """A one-line plain `Text` body cell as DataTable would draw it (same cache,
        styles and mouse metadata); None for any other cell."""
        if min(row_index - self.fixed_rows, column_index - self.fixed_columns) < 0:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if self.rows[row_key].height != 1:
            return None
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not _one_plain_line(cell):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        meta = Style.from_meta({"row": row_index, "column": column_index})
        pad = [Segment(" " * self.cell_padding)] if self.cell_padding else []
        if cell.style:  # Text.render draws spans only; Rich lays the base style as a span
            cell = Text(cell.plain, spans=[Span(0, len(cell.plain), cell.style), *cell.spans])
        text = Segment.adjust_line_length(
            list(cell.render(self.app.console)), max(width - 2 * self.cell_padding, 0)
        )
        line = Segment.apply_style(
            [*pad, *text, *pad], style=base_style + meta + component_style, post_style=post_style
        )
        cache[key] = lines = [list(line)]
        return lines


def _one_plain_line(cell: object) -> bool:
    """A Text that DataTable would draw as one left-aligned, cropped line."""
    return (
        isinstance(cell, Text)
        and cell.justify in (None, "default", "left")
        and cell.overflow in (None, "fold", "crop")
        and "\n" not in cell.plain
        and "\t" not in cell.plain
    )
