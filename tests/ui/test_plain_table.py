"""PlainTable draws one-line text cells itself (docs/PERFORMANCE.md, cold start); what it
draws must be exactly what DataTable would, in every state a desk row can be in."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from hotline_tui.ui.widgets.plain_table import PlainTable


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        for label, width in [("剩余", 10), ("客户", 26), ("事项", None)]:
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
                        cell = table.get_cell_at((row, column))
                        if cell_len(cell.plain) > width - 2:  # cut: "…" where DataTable crops
                            assert "".join(s.text for s in fast[0]).rstrip().endswith("…")
                            continue
                        assert fast == usual, (row, column, cursor, hover)
                        checked += 1
        assert checked >= 16
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


async def test_a_long_chinese_name_is_cut_with_an_ellipsis_to_its_column() -> None:
    app = _Table()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainTable)
        lines = table._render_text_cell(0, 1, table.rich_style, 14, False, False)
        text = "".join(seg.text for seg in lines[0])
        assert text == " 上海宏达机…  "  # 12 cells: "…" ends it, no half character cut


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


class _Long(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        table.add_column("事项", key="item", width=20)
        table.add_column("剩余", key="left", width=8)
        table.sync_rows([(str(i), [f"事项 {i}", "1:00"]) for i in range(40)])


async def test_sync_rows_keeps_the_cursor_item_and_scroll_through_a_re_sort() -> None:
    """Live lists: a row added above and the list re-sorted; the cursor stays on
    its row key, the view does not jump, the new row is marked."""
    app = _Long()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(PlainTable)
        table.move_cursor(row=25)
        await pilot.pause()
        scroll = table.scroll_y
        assert table.cursor_key() == "25" and scroll > 0
        rows = [(str(i), [f"事项 {i}", "1:00"]) for i in range(40)]
        rows.insert(3, ("new", ["新事项", "0:10"]))
        changed = table.sync_rows(rows)
        await pilot.pause()
        assert changed == {"new"} and "new" in table._marked
        assert table.cursor_key() == "25" and table.cursor_row == 26
        assert abs(table.scroll_y - scroll) <= 1  # kept (at most the one row inserted)


async def test_sync_rows_with_nothing_changed_redraws_nothing() -> None:
    app = _Long()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(PlainTable)
        await pilot.pause()
        before = table._update_count
        changed = table.sync_rows(
            [(str(i), [f"事项 {i}", "0:59"]) for i in range(40)], volatile=("left",)
        )
        assert changed == set() and not table._marked
        assert table._update_count - before <= 40  # only the countdown cells, no rebuild
        assert table.get_row("3")[1].plain == "0:59"
