"""A DataTable whose text cells are shown as typed.

Textual's DataTable reads a `str` cell as Rich markup: a symptom such as
"打印 [凭证] 错位" loses its brackets, and "[red]" in a customer's note turns
the row red. Customers and operators type those cells, so every str cell and
column label becomes a plain `Text` here. (Parsing markup for each cell also
loaded rich's emoji table on the desk's first paint, docs/PERFORMANCE.md.)

A cell too long for its column is cut with "…" (DataTable crops it silently).

Such a cell is one line of plain text, so it is also drawn here without Rich's
general layout machinery (padding, wrapping and cropping renderables): the
desk's first list drew in about 23 ms, 10 ms this way (docs/PERFORMANCE.md, cold start).
Anything else (a multi-line row, a header, a fixed column, a justified or
ellipsised Text, a renderable) is drawn by DataTable as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

_ONE_LINE = re.compile(r"[\r\n\t]+")


def ellipsize(text: Text, width: int) -> Text:
    """`text` cut to `width` cells ending with "…", never half a double-width
    character and no blank before the "…" (Rich's own cut pads one there)."""
    if width <= 0 or cell_len(text.plain) <= width:
        return text
    used = end = 0
    for end, ch in enumerate(text.plain):  # noqa: B007 - `end` is the cut
        w = cell_len(ch)
        if used + w > width - 1:
            break
        used += w
    out = text[:end]
    out.append("…")
    return out


def plain(value: Any) -> Any:
    """`Text(value)` for a str, anything else unchanged."""
    return Text(value) if isinstance(value, str) else value


#: How long a row changed by another desk stays marked (seconds).
MARK_SECONDS = 2.0


class PlainTable(DataTable):
    """DataTable without markup in str cells and column labels, updated in place."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"plaintable--changed"}
    DEFAULT_CSS = """
    PlainTable > .plaintable--changed { background: $success 35%; text-style: bold; }
    """
    #: Keys of the rows marked as just changed (`sync_rows`).
    _marked: frozenset[str] = frozenset()

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> ColumnKey:
        return super().add_column(plain(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> RowKey:
        if kwargs.get("height", 1) == 1:  # a one-line row: a typed line break is a space
            cells = tuple(_ONE_LINE.sub(" ", c) if isinstance(c, str) else c for c in cells)
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

    # -- in place ----------------------------------------------------------
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None when empty)."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def row_keys(self) -> list[str]:
        return [row.key.value for row in self.ordered_rows]

    def set_columns(self, columns: Sequence[tuple[str, str, int]]) -> None:
        """Lay out (key, label, width) columns; when only the widths changed they
        are set in place, so the rows, the cursor and the scroll stay as they are."""
        keys = [key for key, _label, _width in columns]
        self._relaid = True  # the next sync recuts cells to the new widths: no change to mark
        if [str(k.value) for k in self.columns] == keys:
            for (_key, label, width), column in zip(columns, self.columns.values(), strict=True):
                column.label = Text(label)
                column.width, column.auto_width = width, False
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()
            return
        self.clear(columns=True)
        for key, label, width in columns:
            self.add_column(label, key=key, width=width)

    def sync_rows(
        self,
        rows: Iterable[tuple[str, Sequence[Any]]],
        *,
        volatile: Iterable[str] = (),
        mark: bool = True,
    ) -> set[str]:
        """Show `rows` ((key, cells) in order) where the table has other rows now.

        The one way every live list refreshes: nothing is redrawn when nothing
        changed; changed cells are updated where they stand when the order is
        the same; otherwise the rows are laid anew with the cursor kept on the
        same key (also after a re-sort) and the scroll position kept. Rows that
        are new or changed are marked for `MARK_SECONDS` (not on the first fill).
        Columns named in `volatile` (a countdown) are updated but do not count
        as a change. Returns the keys of the changed rows."""
        if getattr(self, "_relaid", False):
            self._relaid, mark = False, False
        rows = [(str(key), [plain(c) for c in cells]) for key, cells in rows]
        columns = list(self.columns)
        quiet = {i for i, c in enumerate(columns) if c.value in set(volatile)}
        old_keys = self.row_keys()
        old = {k: self.get_row(k) for k in old_keys}
        changed = {
            k
            for k, cells in rows
            if k not in old or _signature(cells, quiet) != _signature(old[k], quiet)
        }
        new_keys = [k for k, _ in rows]
        if new_keys == old_keys:
            for k, cells in rows:
                for i, (before, after) in enumerate(zip(old[k], cells, strict=False)):
                    if _cell_signature(before) != _cell_signature(after):
                        self.update_cell(k, columns[i], after, update_width=True)
        else:
            cursor_key, cursor_row, scroll_y = self.cursor_key(), self.cursor_row, self.scroll_y
            self.clear()
            for k, cells in rows:
                super().add_row(*cells, key=k)
            self.measure_now()
            self.scroll_to(y=scroll_y, animate=False, immediate=True)
            row = new_keys.index(cursor_key) if cursor_key in new_keys else cursor_row
            if rows:
                self.move_cursor(row=max(0, min(row, len(rows) - 1)), scroll=True)
        if mark and old_keys and changed:
            self._mark(changed)
        return changed

    def _mark(self, keys: set[str]) -> None:
        self._marked = self._marked | keys
        self._restyle()
        self.set_timer(MARK_SECONDS, lambda: self._unmark(keys))

    def _unmark(self, keys: set[str]) -> None:
        self._marked = self._marked - keys
        self._restyle()

    def _restyle(self) -> None:
        self._clear_caches()
        self._update_count += 1
        self.refresh()

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        style = super()._get_row_style(row_index, base_style)
        if self._marked and row_index >= 0:
            key = self._row_locations.get_key(row_index)
            if key is not None and key.value in self._marked:
                style += self.get_component_styles("plaintable--changed").rich_style
        return style

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
        room = max(width - 2 * self.cell_padding, 0)
        cell = ellipsize(cell, room)  # cut text ends with "…" (DataTable just crops)
        text = Segment.adjust_line_length(list(cell.render(self.app.console)), room)
        line = Segment.apply_style(
            [*pad, *text, *pad], style=base_style + meta + component_style, post_style=post_style
        )
        cache[key] = lines = [list(line)]
        return lines


def _cell_signature(cell: Any) -> Any:
    """What a cell shows, styles included (rich's Text equality ignores styles)."""
    if isinstance(cell, Text):
        spans = tuple((s.start, s.end, str(s.style)) for s in cell.spans)
        return (cell.plain, str(cell.style), spans)
    return repr(cell)


def _signature(cells: Sequence[Any], quiet: set[int]) -> tuple:
    return tuple(_cell_signature(c) for i, c in enumerate(cells) if i not in quiet)


def _one_plain_line(cell: object) -> bool:
    """A Text that DataTable would draw as one left-aligned, cropped line."""
    return (
        isinstance(cell, Text)
        and cell.justify in (None, "default", "left")
        and cell.overflow in (None, "fold", "crop")
        and "\n" not in cell.plain
        and "\t" not in cell.plain
    )
