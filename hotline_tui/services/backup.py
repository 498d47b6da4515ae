"""Online backups and checked restores.

SQLite: the backup API copies a consistent snapshot while desks keep working,
and restore copies back through the same API after checking the file
(integrity check + a schema version). PostgreSQL: pg_dump / pg_restore where
the client tools exist; the archive is listed (checked) before anything is
replaced.
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.store.db import is_postgres, sqlite_path


class BackupError(HotlineError):
    """A backup or restore that could not be done; nothing was replaced."""


@dataclass(frozen=True)
class BackupCheck:
    ok: bool
    detail: str
    schema_version: int = 0


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for cand in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return cand
    raise BackupError("{tool} is not installed; install the PostgreSQL client tools", tool=name)


def backup(
    ctx: ServiceContext | None, url: str, target: str | Path, *, force: bool = False
) -> Path:
    """Write a consistent copy of the database at `url` to `target`."""
    if ctx is not None:
        require(ctx, "backup.run")
    target = Path(target)
    if target.exists() and not force:
        raise ValidationError(
            "path", "{path} exists already; choose another name", path=str(target)
        )
    if not target.parent.exists():
        raise ValidationError(
            "path", "The folder {folder} does not exist", folder=str(target.parent)
        )
    source = sqlite_path(url)
    if source is not None:
        tmp = target.with_suffix(target.suffix + ".partial")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        tmp.replace(target)  # a half-written backup never carries the final name
        return target
    if url.startswith(("postgresql:", "postgres:")):
        proc = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={url}"],
            capture_output=True,
            text=True,
        )
        if proc.returncode:
            target.unlink(missing_ok=True)
            raise BackupError("pg_dump failed: {why}", why=proc.stderr.strip()[:300])
        return target
    raise ValidationError("url", "Backups are made of SQLite or PostgreSQL databases")


def check_backup(path: str | Path) -> BackupCheck:
    """Is this a usable backup? Decided before anything is replaced."""
    path = Path(path)
    if not path.is_file():
        return BackupCheck(False, f"{path} is not a file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"SQLite format 3"):
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                status = conn.execute("PRAGMA integrity_check").fetchone()[0]
                if status != "ok":
                    return BackupCheck(False, f"integrity check: {status}")
                rows = conn.execute("SELECT id FROM schema_migration").fetchall()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            return BackupCheck(False, f"not a usable database: {exc}")
        if not rows:
            return BackupCheck(False, "no schema version recorded")
        return BackupCheck(True, "ok", max(int(r[0][:4]) for r in rows))
    if head.startswith(b"PGDMP"):
        proc = subprocess.run(
            [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True
        )
        if proc.returncode or "schema_migration" not in proc.stdout:
            return BackupCheck(False, f"pg_restore cannot read it: {proc.stderr.strip()[:200]}")
        return BackupCheck(True, "ok")
    return BackupCheck(False, "neither a SQLite database nor a PostgreSQL archive")


def restore(ctx: ServiceContext | None, url: str, source: str | Path) -> BackupCheck:
    """Replace the database at `url` with the backup, after checking the backup."""
    if ctx is not None:
        require(ctx, "backup.run")
    check = check_backup(source)
    if not check.ok:
        raise BackupError("The backup was not restored: {why}", why=check.detail)
    target = sqlite_path(url)
    if target is not None:
        if Path(source).read_bytes()[:16] != b"SQLite format 3\x00":
            raise BackupError("The backup was not restored: {why}", why="not a SQLite backup")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return check
    if url.startswith(("postgresql:", "postgres:")):
        proc = subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={url}",
                str(source),
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode:
            raise BackupError("The backup was not restored: {why}", why=proc.stderr.strip()[:300])
        return check
    raise ValidationError("url", "Backups are made of SQLite or PostgreSQL databases")


def engine_name() -> str:
    return "postgresql" if is_postgres() else "sqlite"
