"""The handover as the incoming operator and the manager read it (R3): rows say
what is handed over, overdue reads 超时 in red on both screens, the title stays on
one line at 120 columns, the duty board's first paint is measured."""

from __future__ import annotations

from rich.cells import cell_len

from hotline_tui.ui.screens.duty.handover import HandoverScreen
from tests.ui.duty.test_handover import _roster
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in
from tests.unit.duty.conftest import local, make_work


async def test_r3_rows_say_what_and_overdue_reads_chaoshi_on_both_screens(
    sqlite_staff, clock
) -> None:
    _roster(sqlite_staff, clock)
    make_work(sqlite_staff["operator2"], clock.now())
    clock.set(local(2026, 11, 23, 17, 45))  # the handover was due at 17:30
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        table = screen.query_one("#handover-items")
        items = [str(table.get_row_at(i)[4]) for i in range(table.row_count)]
        assert all(item.strip() for item in items)  # never an empty item column
        assert len(set(items)) == len(items)  # no two rows alike
        assert not any(item.split()[0] in ("F1", "F2", "H6") for item in items)  # words
        title = screen.query_one("#handover-title")
        text = str(title.render())
        assert "超时 0:15:00" in text and "30分钟内交接" in text and "(R3)" not in text
        assert title.has_class("-overdue") and title.size.height == 1
        widths = [c.get_render_width(table) for c in table.columns.values()]
        assert sum(widths) <= SIZE[0]
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        await pilot.press("f6")
        await settle(pilot)
        board = app.screen.query_one("#duty-board")
        assert board.row_count
        # The first paint: columns as wide as their content, the overdue mark shown.
        marks = [str(board.get_row_at(i)[5]) for i in range(board.row_count)]
        late = next(m for m in marks if "超时" in m)
        column = list(board.columns.values())[5]
        assert column.get_render_width(board) - 2 >= cell_len(late)
        assert "超时" in screen_text(app)
