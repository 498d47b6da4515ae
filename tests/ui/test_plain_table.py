"""PlainTable draws one-line text cells itself (docs/PERFORMANCE.md, cold start); what it
draws must be exactly what DataTable would, in every state a desk row can be in."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from hotline_tui.ui.widgets.plain_table import PlainTable


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        for label, width in [("剩余", 10), ("客户", 12), ("事项", None)]:
            table.add_column(label, width=width)
        table.add_row(
            Text("-0:05:00", style="bold red"), "上海宏达机械有限公司很长", "凭证打印错位"
        )
        table.add_row("0:30:00", "ACME", Text.assemble(("ORA", "underline"), "-12541 [red]急"))
        table.add_row("1:00:00", "两行", "第一行\n第二行", height=2)  # drawn by DataTable


def _drawn(table: PlainTable) -> list[list[tuple[str, object]]]:
    caches = (table._cell_render_cache, table._row_render_cache, table._line_cache)
    for cache in (*caches, table._styles_cache):
        cache.clear()
    crop = Region(0, 0, table.size.width, table.size.height)
    return [[(seg.text, seg.style) for seg in strip] for strip in table.render_lines(crop)]


async def test_each_text_cell_draws_as_datatable_draws_it() -> None:
    from textual.widgets import DataTable

    app = _Table()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainTable)
        base = table.rich_style
        checked = 0
        for row in (0, 1):
            for column, width in enumerate((12, 14, 20)):
                for cursor in (False, True):
                    for hover in (False, True):
                        table._cell_render_cache.clear()
                        fast = table._render_text_cell(row, column, base, width, cursor, hover)
                        table._cell_render_cache.clear()
                        usual = DataTable._render_cell(
                            table, row, column, base, width, cursor, hover
                        )
                        assert fast == usual, (row, column, cursor, hover)
                        checked += 1
        assert checked == 24
        assert table._render_text_cell(2, 2, base, 20, False, False) is None  # two lines


async def test_the_whole_table_draws_as_datatable_draws_it(monkeypatch) -> None:
    app = _Table()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainTable)
        for row in (0, 1, 2):  # the cursor on a plain row, another, the two-line row
            table.move_cursor(row=row)
            await pilot.pause()
            fast = _drawn(table)
            with monkeypatch.context() as patch:
                patch.setattr(PlainTable, "_render_text_cell", lambda *a: None)
                assert _drawn(table) == fast


async def test_a_long_chinese_name_is_cropped_to_its_column() -> None:
    app = _Table()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainTable)
        lines = table._render_text_cell(0, 1, table.rich_style, 14, False, False)
        text = "".join(seg.text for seg in lines[0])
        assert text == " 上海宏达机械 "  # 12 cells of text and the padding, no half character


async def test_the_style_worked_out_for_a_paint_is_dropped_after_it() -> None:
    """A later paint (after a focus or theme change) must see the style anew."""
    from textual.widgets import DataTable

    app = _Table()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainTable)
        seen = []
        real = DataTable.render_lines

        def spying(self, crop):
            seen.append(self.rich_style is self.rich_style)  # one style object in a paint
            return real(self, crop)

        DataTable.render_lines = spying
        try:
            _drawn(table)
        finally:
            DataTable.render_lines = real
        assert seen == [True]
        assert table._style_in_paint is None
        table.styles.background = "red"
        assert table.rich_style == DataTable.rich_style.fget(table)
