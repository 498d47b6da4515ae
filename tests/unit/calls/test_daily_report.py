"""H14: the daily summary, checked against figures counted by hand, on both databases."""

from __future__ import annotations

import csv
import io
from datetime import date

import pendulum
import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.calls import outcomes
from hotline_tui.services.calls.calls import start_call, update_call
from hotline_tui.services.calls.daily_report import daily_report, parse_day, write_report
from hotline_tui.services.library import entries as library
from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database
from tests.cli_helpers import main_as
from tests.unit.calls.conftest import FORM

DAY = date(2026, 11, 23)
SH = "Asia/Shanghai"


def _at(clock, hh: int, mm: int = 0, day: date = DAY) -> None:
    clock.set(pendulum.datetime(day.year, day.month, day.day, hh, mm, tz=SH))


def _call(ctx, unit, **extra):
    call = start_call(ctx)
    contact = unit.contacts.get()
    return update_call(
        ctx, call.id, customer_id=unit.id, contact_id=contact.id, **{**FORM, **extra}
    )


def _the_day(staff, ctx_for, clock, unit) -> dict[str, str]:
    """Ten calls around 2026-11-23 (Shanghai); returns ticket numbers by role."""
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    t = {}
    _at(clock, 23, 50, date(2026, 11, 22))  # the evening before: not in the day
    t["before"] = outcomes.abandon_call(op, start_call(op).id, "silent").ticket_no
    _at(clock, 0, 10)  # 16:10 UTC the day before, but the 23rd in Shanghai (W2)
    t["night"] = outcomes.solve_call(
        op, _call(op, unit, category="operation").id, resolution="重新登录"
    ).ticket_no
    _at(clock, 9)
    t["hold"] = outcomes.hold_call(op, _call(op, unit).id).ticket_no
    _at(clock, 10)
    t["consult"] = outcomes.consult_call(op, _call(op, unit).id).ticket_no
    _at(clock, 11)
    t["dispatch"] = outcomes.dispatch_call(op, _call(op, unit, symptom="打印机驱动无法安装").id)
    t["dispatch"] = t["dispatch"].ticket_no
    _at(clock, 12)
    t["transfer"] = outcomes.transfer_to(op, _call(op, unit).id, target="财务软件部").ticket_no
    _at(clock, 13)
    t["silent"] = outcomes.abandon_call(op, start_call(op).id, "silent").ticket_no
    _at(clock, 14)
    t["open"] = _call(op, unit, symptom="工资表导入乱码").ticket_no
    _at(clock, 15)
    entry = library.create_entry(mgr, title="报表取数公式报错", status="published")
    bug = _call(op, unit, category="bug", error_message="公式错误 E-203")
    library.apply_entry(op, bug.id, entry.id)
    t["bug"] = outcomes.solve_call(op, bug.id, resolution="按问题库修改公式").ticket_no
    t["entry"] = str(entry.id)
    _at(clock, 16)
    t["draft"] = str(library.draft_from_call(op, bug.id).id)
    _at(clock, 0, 0, date(2026, 11, 24))  # midnight belongs to the next day
    t["after"] = start_call(op).ticket_no
    return t


def test_h14_daily_summary_counts_match_the_hand_count(staff, ctx_for, clock, unit) -> None:
    t = _the_day(staff, ctx_for, clock, unit)
    report = daily_report(DAY)
    tickets = {c.ticket_no for c in report.calls}
    assert t["before"] not in tickets and t["after"] not in tickets
    assert report.total == 8
    assert dict(report.by_outcome) == {
        "solved": 2,
        "on_hold": 1,
        "consultation": 1,
        "dispatch": 1,
        "transferred": 1,
        "call_back_now": 0,  # H12
        "suggestion": 0,  # H15
        "abandoned": 1,
        "in_progress": 1,
    }
    assert dict(report.by_category) == {"general": 5, "operation": 1, "bug": 1}
    problems = report.problems  # no-conversation calls are not problems
    assert [p.ticket_no for p in problems] == [
        t["night"],
        t["bug"],
        t["hold"],
        t["consult"],
        t["dispatch"],
        t["transfer"],
        t["open"],
    ]
    night = problems[0]
    assert night.started_at.format("HH:mm") == "00:10" and night.resolution == "重新登录"
    assert problems[1].library_entry_id == int(t["entry"])  # solved by entry #n (H9)
    hold = problems[2]
    assert hold.due_at.format("HH:mm") == "10:00" and hold.due_rule == "H6"
    assert hold.unit == "上海宏达机械有限公司" and hold.operator == "1001 王丽"
    # H9: the draft written from the call that day; the published entry too (also that day)
    assert [e.id for e in report.entries] == [int(t["entry"]), int(t["draft"])]


def test_h14_markdown_and_csv_carry_the_same_figures(staff, ctx_for, clock, unit) -> None:
    t = _the_day(staff, ctx_for, clock, unit)
    report = daily_report(DAY)
    md = write_report(report, "md", None)
    assert "# 每日问题汇总 2026-11-23" in md
    assert "| 电话解决 | 2 |" in md and "| 挂机会诊,1小时内回电 | 1 |" in md
    assert "| 合计 | 8 |" in md
    assert "→ 财务软件部" in md  # H10: named where it went
    assert "打印机驱动无法安装" in md and "10:00 (H6)" in md and f"#{t['entry']}" in md
    rows = list(csv.reader(io.StringIO(write_report(report, "csv", None))))
    assert len(rows) == 1 + 8  # header + every call, the no-conversation one too
    outcome_col = rows[0].index("结果")
    assert [r[outcome_col] for r in rows[1:]].count("电话解决") == 2
    assert rows[1][1] == t["night"]  # grouped by outcome, then by time


def test_h14_empty_day_and_bad_input(db, clock) -> None:
    report = daily_report(date(2026, 1, 1))
    assert report.total == 0 and all(n == 0 for _k, n in report.by_outcome)
    assert "没有来电" in write_report(report, "md", None)
    with pytest.raises(ValidationError) as err:
        write_report(report, "xlsx", None)
    assert err.value.field == "output"
    with pytest.raises(ValidationError) as err:
        parse_day("2026-13-40", report_settings(), clock.now())
    assert err.value.field == "date"
    assert parse_day("", report_settings(), clock.now()) == DAY  # today in Shanghai


def report_settings():
    from hotline_tui.config import Settings

    return Settings()


def test_h14_cli_daily_report_md_csv_xlsx(tmp_path, clock, capsys) -> None:
    from openpyxl import load_workbook

    from hotline_tui.services.base import ServiceContext
    from hotline_tui.services.customers.contacts import create_customer
    from hotline_tui.store.models import Staff

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    open_database(url)
    op = Staff.create(agent_no="1001", name="王丽", roles="operator", created_at=clock.now())
    mgr = Staff.create(agent_no="9001", name="张经理", roles="manager", created_at=clock.now())
    unit = create_customer(
        ServiceContext(actor=mgr, clock=clock),
        name="上海宏达机械有限公司",
        contacts=[{"name": "王建国", "mobile": "13812345678"}],
    )
    ctx = ServiceContext(actor=op, clock=clock)
    outcomes.hold_call(ctx, _call(ctx, unit).id)
    close_database()
    args = ["--db", url, "report", "daily", "--date", "2026-11-23"]
    assert main_as(args) == 0
    assert "| 挂机会诊,1小时内回电 | 1 |" in capsys.readouterr().out
    assert main_as([*args, "--format", "csv"]) == 0
    assert "月末结账时提示账套被占用" in capsys.readouterr().out
    out = tmp_path / "day.xlsx"
    assert main_as([*args, "--format", "xlsx", "--output", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    wb = load_workbook(out, read_only=True)
    summary = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert ["接听来电", 1] in summary and ["挂机会诊,1小时内回电", 1] in summary
    assert len(list(wb.worksheets[1].iter_rows())) == 2
    assert main_as([*args, "--format", "xlsx"]) == 2  # no --output: one clear line
    assert "--output" in capsys.readouterr().err
    assert main_as(["--db", url, "report", "daily", "--date", "23/11/2026"]) == 2
    assert "2026-11-23" in capsys.readouterr().err
    database.initialize(None)
