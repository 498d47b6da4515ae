"""Plain words on a Chinese desk: Textual's own texts translated, overdue in
words and red, deadlines' reasons in words, no rule IDs (H6, R3)."""

from __future__ import annotations

from rich.console import Console

from hotline_tui.ui.screens.calls.desk import DeskScreen
from tests import factories as f
from tests.ui.helpers import SIZE, make_app, open_call, screen_text, settle, sign_in


def _keys_panel_text(app) -> str:
    from textual.widgets._key_panel import BindingsTable

    console = Console(width=100, record=True, file=open("/dev/null", "w"))
    console.print(app.screen.query_one(BindingsTable).render_bindings_table())
    return console.export_text()


async def test_f1_keys_panel_is_chinese_textual_keys_included(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("f1")
        await settle(pilot)
        text = _keys_panel_text(app)
        assert "光标上移" in text and "下一个输入项" in text  # the table's and Tab's keys
        for english in ("Cursor up", "Page Left", "Focus Next", "Copy selected text"):
            assert english not in text


async def test_palette_says_no_match_in_chinese(sqlite_staff, clock) -> None:
    from textual.command import CommandList, CommandPalette

    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one("#--input Input").placeholder == "搜索命令…"
        for ch in "zqxzqx":
            await pilot.press(ch)
        await pilot.pause(0.8)  # Textual waits before saying nothing matched
        await settle(pilot)
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("没有匹配的命令" in line for line in shown), shown


async def test_h6_overdue_on_the_operators_desk_reads_chaoshi_in_red(sqlite_staff, clock) -> None:
    unit = f.customer("上海宏达机械有限公司", "宏达机械")
    open_call(
        sqlite_staff["operator"], unit, clock.now().subtract(minutes=15), "HL-1", "账套备份失败"
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "1001")
        assert isinstance(app.screen, DeskScreen)
        table = app.screen.query_one("#desk-table")
        left = table.get_cell_at((0, 0))
        assert left.plain == "超时 0:15:00" and "red" in str(left.style)
        text = screen_text(app)
        assert "1小时内回电" in text  # the reason in words
        assert "-0:15" not in text and " H6 " not in f" {text} "
