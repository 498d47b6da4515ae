"""C7: `hotline report complaints --month YYYY-MM` prints or writes the monthly
complaint analysis report with its due date; a bad month is one clear line."""

from __future__ import annotations

from pathlib import Path

import pendulum
from openpyxl import load_workbook

from hotline_tui.services.complaints import handling as svc
from hotline_tui.store.db import close_database, open_database
from tests.cli_helpers import main_as
from tests.conftest import _make_staff
from tests.unit.complaints.conftest import form


def _seed(url: str, clock, ctx_for) -> None:
    """September 2026: 2 delay + 1 attitude valid, 1 archived; September 2025: 1 delay."""
    open_database(url)
    staff = _make_staff(clock.now())
    op, sup = ctx_for(staff["operator"]), ctx_for(staff["supervisor"])
    cases = (
        ((2026, 9, 2), "delay", True),
        ((2026, 9, 9), "delay", True),
        ((2026, 9, 16), "attitude", True),
        ((2026, 9, 17), "charges", False),
        ((2025, 9, 5), "delay", True),
    )
    for (y, m, d), category, valid in cases:
        when = pendulum.datetime(y, m, d, 10, 0, tz="Asia/Shanghai")
        c = svc.register_complaint(op, **form(received_at=when, category=category))
        if valid:
            svc.check_complaint(sup, c.id, responsible="服务部")
            svc.handle_complaint(sup, c.id, cause=f"原因{c.id}", measures=f"措施{c.id}")
        else:
            svc.archive_complaint(sup, c.id, explanation="不在服务合同范围")
    close_database()


def test_c7_report_complaints_command_markdown_and_xlsx(
    tmp_path: Path,
    capsys,
    clock,
    ctx_for,
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    _seed(url, clock, ctx_for)

    assert main_as(["--db", url, "report", "complaints", "--month", "2026-09"]) == 0
    out = capsys.readouterr().out
    assert "客户投诉分析报告 2026-09" in out
    assert "2026-10-10 18:00" in out  # C7: 3rd working day of October, the 调休 Saturday
    # of all valid, then within the service complaints (C7); 1 last year
    assert "| 服务延时 | 2 | 66.7% | 66.7% | 1 | +100.0% |" in out
    assert "| 服务态度 | 1 | 33.3% | 33.3% | 0 | 新增 |" in out
    assert "| 服务收费 | 0 | 0.0% | — | 0 | — |" in out  # the archived one is not counted (C2)
    assert "原因1" in out and "措施2" in out

    target = tmp_path / "c7.xlsx"
    args = ["--db", url, "report", "complaints", "--month", "2026-09", "--format", "xlsx"]
    assert main_as([*args, "--output", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    rows = [list(r) for r in load_workbook(target).worksheets[0].iter_rows(values_only=True)]
    assert ["服务延时", 2, 0.6667, 0.6667, 1, 1.0] in rows  # of valid, of service (C7)
    assert ["有效投诉(计入)", 3] in [r[:2] for r in rows]
    assert ["合同外(不计)", 1] in [r[:2] for r in rows]
    assert ["同比变化", "+200.0%"] in [r[:2] for r in rows]  # 3 valid against 1

    md = tmp_path / "c7.md"
    assert (
        main_as(["--db", url, "report", "complaints", "--month", "2026-9", "--output", str(md)])
        == 0
    )
    assert "2026-10-10" in md.read_text(encoding="utf-8")


def test_c7_report_complaints_bad_input_is_one_line(tmp_path: Path, capsys, sqlite_staff) -> None:
    from hotline_tui.store.base import database

    url = f"sqlite:///{database.obj.database}"  # a manager to run it: 9001
    assert main_as(["--db", url, "report", "complaints", "--month", "2026-13"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hotline:") and "Traceback" not in err
    missing = tmp_path / "no" / "such" / "c7.xlsx"
    args = ["--db", url, "report", "complaints", "--month", "2026-09", "--format", "xlsx"]
    assert main_as([*args, "--output", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing.parent) in err and "Traceback" not in err


def test_c8_complaints_per_person_command(tmp_path: Path, capsys, clock, ctx_for) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_database(url)
    staff = _make_staff(clock.now())
    sup = ctx_for(staff["supervisor"])
    eng = staff["engineer"].id
    for y, m, d in ((2026, 6, 1), (2026, 9, 10), (2026, 11, 20), (2026, 5, 1)):
        when = pendulum.datetime(y, m, d, 10, 0, tz="Asia/Shanghai")
        c = svc.register_complaint(sup, **form(received_at=when, person_id=eng))
        svc.check_complaint(sup, c.id, responsible="服务部")
    close_database()

    # up to 23 November 2026 the half year starts on 23 May: 3 of the 4 count
    assert main_as(["--db", url, "complaints", "per-person", "--as-of", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "| 3001 | 赵工 |  | 3 | 0 | 需处分 |" in out
    # by 5 December the June one has left the window: 2, not flagged
    assert main_as(["--db", url, "complaints", "per-person", "--as-of", "2026-12-05"]) == 0
    assert "| 3001 | 赵工 |  | 2 | 0 |  |" in capsys.readouterr().out
    assert main_as(["--db", url, "complaints", "per-person", "--as-of", "23.11.2026"]) == 2
    assert "Traceback" not in capsys.readouterr().err
