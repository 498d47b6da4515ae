"""Any list the desk shows can leave it as CSV or XLSX, with no row cap."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hotline_tui.domain.errors import ValidationError

FORMATS = ("csv", "xlsx")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return value


def output_file(path: str | Path) -> Path:
    """Where a report or export goes: a file name in a folder that exists. An empty
    name or a folder is refused with a clear message (never IsADirectoryError)."""
    if not str(path).strip():
        raise ValidationError("path", "Give a file name to write to")
    path = Path(path)
    if path.is_dir():
        raise ValidationError("path", "{path} is a folder; give a file name", path=str(path))
    if not path.parent.exists():
        raise ValidationError("path", "The folder {folder} does not exist", folder=str(path.parent))
    return path


def write_table(
    path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str | None = None
) -> int:
    """Write rows to CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) or XLSX.

    Rows are streamed, so a million-row list needs no more memory than one row.
    Returns the number of data rows written."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValidationError("format", "Export format must be csv or xlsx")
    path = output_file(path)
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for row in rows:
                writer.writerow([_cell(v) for v in row])
                count += 1
        return count
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(list(headers))
    for row in rows:
        ws.append([_cell(v) for v in row])
        count += 1
    wb.save(path)
    return count


def read_table(path: str | Path) -> tuple[list[str], list[list[Any]]]:
    """Read a CSV or XLSX written by people or by `write_table` (for imports and tests)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            data = list(csv.reader(fh))
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        data = [
            [("" if v is None else v) for v in row] for row in wb.active.iter_rows(values_only=True)
        ]
    else:
        raise ValidationError("format", "Export format must be csv or xlsx")
    if not data:
        return [], []
    return [str(h) for h in data[0]], data[1:]
