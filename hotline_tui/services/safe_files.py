"""Files the desk writes cannot attack their reader, and only their owner reads them.

Every CSV and XLSX writer goes through here: a cell whose text starts with
`=`, `+`, `-`, `@`, a tab or a carriage return is written as text, never as a
formula (XLSX: a string cell; CSV: prefixed with `'` as OWASP recommends for
CSV injection). Every file is created with mode 0600.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

#: A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PRIVATE = 0o600


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text (OWASP: prefix a single quote)."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


@contextmanager
def open_private(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a file for writing, created (or narrowed) to mode 0600 before any byte."""
    fd = os.open(os.fspath(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)
    except OSError:
        pass  # a file system without modes (some mounts): the create mode stands
    with os.fdopen(fd, mode, **kwargs) as fh:
        yield fh


def write_text_private(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    with open_private(path, "w", encoding=encoding, newline="") as fh:
        fh.write(text)


def csv_text(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV table as text, every cell neutralized."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(csv_row(headers))
    writer.writerows(csv_row(r) for r in rows)
    return buf.getvalue()


def xlsx_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for a write-only sheet's append: formula-like text as string cells."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for v in values:
        if is_formula_like(v):
            cell = WriteOnlyCell(ws, value=v)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(v)
    return out


def neutralize_workbook(wb: Any) -> None:
    """Every cell of a normal workbook that openpyxl took for a formula becomes text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def save_workbook(wb: Any, path: str | Path) -> None:
    """Save a workbook with no formula in it, readable by its owner only."""
    if not getattr(wb, "write_only", False):
        neutralize_workbook(wb)
    with open_private(path, "wb") as fh:
        wb.save(fh)
