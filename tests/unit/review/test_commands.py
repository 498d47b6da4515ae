"""`hotline open-items` and `hotline export open-items` (docs/DESIGN.md, the manager's review: monitoring, exports)."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from hotline_tui.services.export import read_table
from hotline_tui.store.base import database
from tests import factories as f
from tests.cli_helpers import main_as

OWNERS = ["1001", "1001", "1002", "5001", "1002"]
AT = "2026-11-23T02:00:00Z"  # the fixed clock: Monday 10:00 in Shanghai


@pytest.fixture
def url(sqlite_staff, clock) -> str:
    s, now = sqlite_staff, clock.now()
    hd = f.customer("上海宏达机械有限公司", "宏达机械")
    f.call(s["operator"], hd, now.subtract(minutes=5), symptom="账套备份失败")
    f.callback(s["operator"], hd, now.add(minutes=20), kind="H6")
    f.dispatch(s["operator2"], hd, now.add(minutes=50))
    f.complaint(s["manager"], s["supervisor"], "杭州新宇贸易有限公司", now.add(hours=3))
    f.handover(s["operator2"], now.add(hours=5), note="夜班交接")
    return f"sqlite:///{database.obj.database}"


def run_json(url: str, capsys, *extra: str) -> tuple[int, list[dict]]:
    code = main_as(["--db", url, "open-items", "--as", "9001", "--json", "--at", AT, *extra])
    return code, json.loads(capsys.readouterr().out)


def test_open_items_json_is_the_review_list_in_the_same_order(url, capsys) -> None:
    code, items = run_json(url, capsys)
    assert code == 0
    assert [i["kind"] for i in items] == ["call", "callback", "dispatch", "complaint", "handover"]
    first = items[0]
    assert {"kind", "id", "customer", "owner", "due", "overdue", "rule"} <= set(first)
    assert first["due"] == "2026-11-23T01:55:00Z" and first["overdue"] is True
    assert (first["customer"], first["owner"], first["rule"]) == ("宏达机械", "王丽", "H6")
    assert [i["overdue"] for i in items[1:]] == [False] * 4
    assert all(i["due"].endswith("Z") for i in items)


def test_fail_on_overdue_exits_non_zero_only_when_something_is_overdue(url, capsys) -> None:
    code, items = run_json(url, capsys, "--fail-on-overdue")
    assert code == 1 and items[0]["overdue"]
    code, items = run_json(url, capsys, "--fail-on-overdue", "--kind", "handover")
    assert code == 0 and [i["kind"] for i in items] == ["handover"]
    code, items = run_json(url, capsys, "--fail-on-overdue", "--owner", "1002")
    assert code == 0 and {i["owner"] for i in items} == {"李强"}


def test_open_items_table_lines_up_and_counts(url, capsys) -> None:
    assert main_as(["--db", url, "open-items", "--as", "9001", "--at", AT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("超时 0:05") and "账套备份失败" in lines[1]  # words, not -0:05
    assert lines[-1] == "未结 5 项,超时 1 项"
    # Chinese takes two columns: the owner column starts at the same cell on every line
    starts = {cell_len(line[: line.index(no)]) for line, no in zip(lines[1:6], OWNERS, strict=True)}
    assert len(starts) == 1


@pytest.mark.parametrize("ending", ["csv", "xlsx"])
def test_export_open_items_reads_back(url, tmp_path, capsys, ending) -> None:
    target = tmp_path / f"open.{ending}"
    assert (
        main_as(["--db", url, "export", "open-items", "--as", "9001", "--at", AT, str(target)]) == 0
    )
    headers, rows = read_table(target)
    assert headers[:2] == ["类型", "编号"]
    assert [r[0] for r in rows] == ["call", "callback", "dispatch", "complaint", "handover"]
    assert [str(r[8]) for r in rows] == ["1", "0", "0", "0", "0"]
