"""The library screen (F4, H9) driven with Pilot: search as you type, create
with validation and the near-duplicate warning, review, draft from a call."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from hotline_tui.services.base import ServiceContext
from hotline_tui.services.library import entries as library
from hotline_tui.store.models import Call, LibraryEntry
from hotline_tui.ui.screens.library.library import LibraryScreen
from hotline_tui.ui.widgets.library.form import LibraryFormDialog
from tests.ui.helpers import SIZE, make_app, screen_text, settle, sign_in


def _seed(staff, clock) -> dict[str, LibraryEntry]:
    mgr = ServiceContext(actor=staff["manager"], clock=clock)
    return {
        "backup": library.create_entry(
            mgr,
            title="帳套備份失敗",
            symptom="備份時提示 ORA-12541: TNS 無監聽程序",
            solution="启动监听服务",
            product="用友U8",
            status="published",
        ),
        "print": library.create_entry(
            mgr, title="凭证打印错位", symptom="打印时金额错位", status="published"
        ),
    }


async def _open_library(pilot, agent_no: str) -> None:
    await sign_in(pilot, agent_no)
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LibraryScreen)


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await settle(pilot)


def _table_text(app) -> str:
    table = app.screen.query_one("#lib-table", DataTable)
    return "\n".join(" ".join(str(c) for c in table.get_row(k)) for k in table.rows)


async def test_h9_search_as_you_type_highlights_matches(sqlite_staff, clock) -> None:
    entries = _seed(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_library(pilot, "1001")
        await _type(pilot, "备份")
        table = app.screen.query_one("#lib-table", DataTable)
        assert table.row_count == 1
        row = table.get_row_at(0)
        assert str(row[0]) == str(entries["backup"].id)
        assert any(span.style == "bold" for span in row[2].spans)  # highlighted snippet
        assert "帳套備份失敗" in screen_text(app) and "启动监听服务" in screen_text(app)
        await pilot.press("backspace", "backspace")
        await _type(pilot, "ORA-12541")
        assert "帳套備份失敗" in _table_text(app)
        for _ in range(9):
            await pilot.press("backspace")
        await _type(pilot, "pzdy")  # pinyin initials of 凭证打印
        assert "凭证打印错位" in _table_text(app) and "帳套" not in _table_text(app)
        for _ in range(4):
            await pilot.press("backspace")
        await _type(pilot, "工资发放")
        assert table.row_count == 0
        assert "没有匹配的条目" in screen_text(app)


async def test_h9_operator_creates_draft_with_validation_and_duplicate_warning(
    sqlite_staff, clock
) -> None:
    _seed(sqlite_staff, clock)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_library(pilot, "1001")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, LibraryFormDialog)
        await pilot.press("ctrl+s")  # empty title
        await settle(pilot)
        assert "此项必填" in str(app.screen.query_one("#lf-title-error", Static).render())
        assert LibraryEntry.select().count() == 2
        await _type(pilot, "账套备份失败怎么办")
        await pilot.pause(0.4)
        await settle(pilot)
        warning = str(app.screen.query_one("#lf-similar", Static).render())
        assert "已有相似条目" in warning and "帳套備份失敗" in warning
        await pilot.press("tab")
        await _type(pilot, "点备份没反应")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        entry = LibraryEntry.get(LibraryEntry.title == "账套备份失败怎么办")
        assert entry.status == "draft" and entry.symptom == "点备份没反应"
        assert entry.author_id == sqlite_staff["operator"].id
        await pilot.press("ctrl+f")
        app.screen.query_one("#lib-status").value = "draft"
        await settle(pilot)
        assert "账套备份失败怎么办" in _table_text(app)
        await pilot.press("ctrl+t")  # submit for review
        await settle(pilot)
        assert LibraryEntry.get_by_id(entry.id).status == "review"


async def test_h9_manager_reviews_publish_and_return(sqlite_staff, clock) -> None:
    op = ServiceContext(actor=sqlite_staff["operator"], clock=clock)
    a = library.submit_for_review(op, library.create_entry(op, title="工资条打印空白").id)
    b = library.submit_for_review(op, library.create_entry(op, title="固定资产折旧不对").id)
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_library(pilot, "9001")
        await pilot.press("ctrl+g")
        await settle(pilot)
        text = _table_text(app)
        assert "工资条打印空白" in text and "固定资产折旧不对" in text
        await pilot.press("ctrl+y")  # publish the first (oldest)
        await settle(pilot)
        assert LibraryEntry.get_by_id(a.id).status == "published"
        assert "工资条打印空白" not in _table_text(app)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await _type(pilot, "请写明折旧方法")
        await pilot.press("enter")
        await settle(pilot)
        returned = LibraryEntry.get_by_id(b.id)
        assert returned.status == "draft" and returned.review_comment == "请写明折旧方法"
        assert "没有匹配的条目" in screen_text(app)


async def test_h9_operator_may_not_publish(sqlite_staff, clock) -> None:
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_library(pilot, "1001")
        keys = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "new_entry" in keys and "publish" not in keys and "review_queue" not in keys


async def test_h9_draft_from_a_solved_call(sqlite_staff, clock) -> None:
    now = clock.now()
    op = sqlite_staff["operator"]
    Call.create(
        ticket_no="HL20261123-0007",
        owner=op,
        taken_by=op,
        symptom="月末结账提示有未记账凭证\n但凭证都已记账",
        resolution="清除异常任务后重新结账",
        product="用友U8",
        modules="总账",
        status="solved",
        outcome="solved",
        started_at=now,
        updated_at=now,
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_library(pilot, "1001")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await _type(pilot, "hl20261123-0007")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryFormDialog)
        assert app.screen.query_one("#lf-title", Input).value == "月末结账提示有未记账凭证"
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = LibraryEntry.get(LibraryEntry.source_calls == "HL20261123-0007")
        assert entry.status == "draft"
        assert entry.solution == "清除异常任务后重新结账" and entry.modules == "总账"


async def test_h9_filters_by_product_and_module_from_the_keyboard(sqlite_staff, clock) -> None:
    entries = _seed(sqlite_staff, clock)
    mgr = ServiceContext(actor=sqlite_staff["manager"], clock=clock)
    salary = library.create_entry(
        mgr, title="工资条打印空白", product="金蝶K3", modules="工资", status="published"
    )
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open_library(pilot, "1001")
        table = app.screen.query_one("#lib-table", DataTable)
        assert table.row_count == 3  # empty query: browse the published entries
        await pilot.press("tab")  # the product filter
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "down")  # past "all products" and 用友U8
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#lib-product").value == "金蝶K3"
        assert [int(k.value) for k in table.rows] == [salary.id]
        await pilot.press("shift+tab")
        await _type(pilot, "打印")
        assert [int(k.value) for k in table.rows] == [salary.id]  # 凭证打印错位 is U8
        app.screen.query_one("#lib-product").clear()
        await settle(pilot)
        assert {int(k.value) for k in table.rows} == {salary.id, entries["print"].id}
        app.screen.query_one("#lib-module").focus()
        await _type(pilot, "工资")
        assert [int(k.value) for k in table.rows] == [salary.id]
