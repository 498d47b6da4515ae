"""Any list the desk shows can leave it as CSV or XLSX, with no row cap."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.safe_files import csv_row, open_private, save_workbook, xlsx_row

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
        with open_private(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(csv_row(headers))
            for row in rows:
                writer.writerow(csv_row(_cell(v) for v in row))
                count += 1
        return count
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(xlsx_row(ws, headers))
    for row in rows:
        ws.append(xlsx_row(ws, (_cell(v) for v in row)))
        count += 1
    save_workbook(wb, path)
    return count


def decode_text(raw: bytes) -> str:
    """CSV bytes as saved by Excel: UTF-8 (with or without a BOM) or, on a Chinese
    Windows, GBK/GB18030; detected, never asked."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "file", "The file is neither UTF-8 nor GBK text (byte {pos})", pos=exc.start
        ) from None


def _read_csv(path: Path) -> list[list[Any]]:
    text = decode_text(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise ValidationError(
            "file", "Line {line}: {why}", line=reader.line_num or 1, why=str(exc)
        ) from None


def _read_xlsx(path: Path) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True)
        try:
            return [
                [("" if v is None else v) for v in row]
                for row in wb.active.iter_rows(values_only=True)
            ]
        finally:
            wb.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError(
            "file", "Not a readable XLSX workbook: {why}", why=str(exc)[:120]
        ) from None


def read_table(path: str | Path) -> tuple[list[str], list[list[Any]]]:
    """Read a CSV or XLSX written by people or by `write_table` (for imports and tests).

    The header must name each column once; a row longer than the header is
    refused naming its line and column, before anything is imported."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt == "csv":
        data = _read_csv(path)
    elif fmt == "xlsx":
        data = _read_xlsx(path)
    else:
        raise ValidationError("format", "Export format must be csv or xlsx")
    while data and not any(str(v).strip() for v in data[-1]):
        data.pop()
    if not data:
        return [], []
    headers = [str(h).strip() for h in data[0]]
    while headers and not headers[-1]:
        headers.pop()
    seen: set[str] = set()
    for col, name in enumerate(headers, start=1):
        if not name:
            raise ValidationError("file", "Line 1, column {col}: the column has no name", col=col)
        if name.lower() in seen:
            raise ValidationError(
                "file", "Line 1, column {col}: {name} appears twice", col=col, name=name
            )
        seen.add(name.lower())
    for line, row in enumerate(data[1:], start=2):
        extra = [i for i, v in enumerate(row) if i >= len(headers) and str(v).strip()]
        if extra:
            raise ValidationError(
                "file",
                "Line {line}, column {col}: a value outside the header's columns",
                line=line,
                col=extra[0] + 1,
            )
    return headers, [list(r[: len(headers)]) for r in data[1:]]
