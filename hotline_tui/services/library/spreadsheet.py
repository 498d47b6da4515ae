"""The library in and out of spreadsheets (CSV/XLSX): export every entry;
import is all or nothing, each bad row reported by its line number (H9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.services.base import ServiceContext, audit, require, writing
from hotline_tui.services.export import read_table, write_table
from hotline_tui.services.library import entries as library
from hotline_tui.store import search as index
from hotline_tui.store.models import LibraryEntry

COLUMNS = ("title", *[f for f in library.FIELDS if f != "title"], "status")
EXPORT_COLUMNS = ("id", *COLUMNS, "usage_count", "last_used_at")


class ImportRejected(HotlineError):
    """The file had bad rows; nothing was imported. `problems` lists them by line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Nothing was imported: {n} problems", n=len(problems))


def export_entries(ctx: ServiceContext, path: str | Path) -> int:
    """Every entry, any status, one row each (no row cap)."""
    require(ctx, "library.import")
    rows = (
        [getattr(e, c) for c in EXPORT_COLUMNS]
        for e in LibraryEntry.select().order_by(LibraryEntry.id).iterator()
    )
    return write_table(path, EXPORT_COLUMNS, rows)


def _row(headers: list[str], raw: list[Any]) -> dict[str, Any]:
    values = {h: ("" if v is None else str(v)) for h, v in zip(headers, raw, strict=False)}
    return {k: values.get(k, "") for k in COLUMNS if k in values}


def import_entries(ctx: ServiceContext, path: str | Path) -> int:
    """Add the file's entries (status defaults to published); all rows or none."""
    require(ctx, "library.import")
    if not Path(path).exists():
        raise ValidationError("path", "The file {path} does not exist", path=str(path))
    headers, rows = read_table(path)
    headers = [h.strip().lower() for h in headers]
    if "title" not in headers:
        raise ValidationError("title", "The file has no title column")
    problems: list[str] = []
    clean: list[dict[str, str]] = []
    for line, raw in enumerate(rows, start=2):  # line 1 is the header
        if not any(str(v).strip() for v in raw if v is not None):
            continue
        data = _row(headers, raw)
        status = (data.pop("status", "") or "published").strip()
        try:
            if status not in library.STATUSES:
                raise ValidationError("status", "Unknown status {status}", status=status)
            checked = library._check(data)
        except ValidationError as exc:
            problems.append(f"line {line}: {exc.field}: {exc}")
            continue
        clean.append({**checked, "status": status})
    if problems:
        raise ImportRejected(problems)
    with writing(ctx, "library.import"):
        now = ctx.now()
        for data in clean:
            entry = LibraryEntry.create(
                **data,
                author=ctx.actor,
                reviewed_by=ctx.actor if data["status"] == "published" else None,
                created_at=now,
                updated_at=now,
            )
            index.index_entry(entry)
        audit(
            ctx,
            "library.import",
            after={"rows": len(clean), "file": Path(path).name},
            record_type="library_entry",
            record_id="import",
        )
    return len(clean)
