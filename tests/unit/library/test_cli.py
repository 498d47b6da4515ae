"""H9 headless: `hotline library search|export|import|reindex`."""

from __future__ import annotations

import json

from hotline_tui.services.export import write_table
from hotline_tui.services.library import entries as library
from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import LibraryEntry, Staff
from tests.cli_helpers import main_as


def _setup(tmp_path, clock) -> str:
    from hotline_tui.services.base import ServiceContext

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    open_database(url)
    mgr = Staff.create(agent_no="9001", name="张经理", roles="manager", created_at=clock.now())
    library.create_entry(
        ServiceContext(actor=mgr, clock=clock),
        title="帳套備份失敗",
        symptom="提示 ORA-12541",
        status="published",
    )
    close_database()
    return url


def test_h9_cli_search_json(tmp_path, clock, capsys) -> None:
    url = _setup(tmp_path, clock)
    assert main_as(["--db", url, "library", "search", "ora-12541", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["title"] == "帳套備份失敗"
    assert "[b]ORA-12541[/b]" in hits[0]["snippet"]
    assert main_as(["--db", url, "library", "search", "beifen"]) == 0
    assert "帳套備份失敗" in capsys.readouterr().out
    assert main_as(["--db", url, "library", "search", "，，"]) == 1


def test_h9_cli_import_reports_bad_lines_and_imports_nothing(tmp_path, clock, capsys) -> None:
    url = _setup(tmp_path, clock)
    bad = tmp_path / "bad.csv"
    write_table(
        bad,
        ["title", "symptom", "status"],
        [["凭证打印错位", "错位", ""], ["", "没有标题", ""], ["工资条", "x", "weird"]],
    )
    assert main_as(["--db", url, "library", "import", str(bad), "--as", "9001"]) == 1
    err = capsys.readouterr().err
    assert "line 3: title" in err and "line 4: status" in err
    open_database(url)
    assert LibraryEntry.select().count() == 1
    close_database()
    good = tmp_path / "good.xlsx"
    write_table(good, ["title", "symptom", "product"], [["凭证打印错位", "金额错位", "用友U8"]])
    assert main_as(["--db", url, "library", "import", str(good), "--as", "9001"]) == 0
    assert main_as(["--db", url, "library", "search", "错位", "--json"]) == 0
    capsys.readouterr()
    out = tmp_path / "out.csv"
    assert main_as(["--db", url, "library", "export", str(out), "--as", "9001"]) == 0
    assert "2" in capsys.readouterr().out
    assert main_as(["--db", url, "library", "reindex"]) == 0
    assert "2" in capsys.readouterr().out
    database.initialize(None)
