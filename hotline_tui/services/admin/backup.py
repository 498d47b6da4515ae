"""Online backups and checked restores.

SQLite: the backup API copies a consistent snapshot while desks keep working,
and restore copies back through the same API after checking the file
(integrity check + a schema version). PostgreSQL: pg_dump / pg_restore where
the client tools exist; the archive is listed (checked) before anything is
replaced.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.store.db import is_postgres, mask_url, sqlite_path


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


def _private_file(path: Path) -> None:
    """Create (or narrow) `path` as an empty file readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


@contextmanager
def _pg_credentials(url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The URL without its password, and an environment whose PGPASSFILE (a 0600
    temporary file, removed afterwards) holds it: the password never appears on
    the client tool's command line (`ps` shows that to every user)."""
    parts = urlsplit(url)
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if parts.password is None:
        yield url, env
        return
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    clean = urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))
    secret = unquote(parts.password).replace("\\", "\\\\").replace(":", "\\:")
    fd, name = tempfile.mkstemp(prefix="hotline-pgpass-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"*:*:*:*:{secret}\n")
        env["PGPASSFILE"] = name
        yield clean, env
    finally:
        Path(name).unlink(missing_ok=True)


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
        _private_file(tmp)  # the backup holds everything: its owner reads it, nobody else
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
        _private_file(target)  # pg_dump writes into it: 0600 from the first byte
        with _pg_credentials(url) as (dbname, env):
            proc = subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={dbname}"],
                capture_output=True,
                text=True,
                env=env,
            )
        if proc.returncode:
            target.unlink(missing_ok=True)
            raise BackupError("pg_dump failed: {why}", why=mask_url(proc.stderr.strip())[:300])
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


def restore(
    ctx: ServiceContext | None,
    url: str,
    source: str | Path,
    *,
    force_reason: str = "",
    accept_damaged: bool = False,
) -> BackupCheck:
    """Replace the database at `url` with the backup, after checking the backup
    and the desks (services/restore_guard.py); the restore is then audited as
    the first entry after it."""
    from hotline_tui.services.admin import restore_guard as guard

    if ctx is None:  # nobody can prove anything on a database without staff
        return _restore_into_new(url, source)
    require(ctx, "backup.run")
    check = check_backup(source)
    if not check.ok:
        raise BackupError("The backup was not restored: {why}", why=check.detail)
    if _is_sqlite_file(source):
        state = guard.sqlite_backup_state(source)
    else:
        state = guard.pg_archive_state(source, _pg_tool("pg_restore"))
    detail = guard.check_restore(
        ctx, state, force_reason=force_reason, accept_damaged=accept_damaged
    )
    _replace(url, source)
    _audit_restore(ctx, url, source, detail)
    return check


def _restore_into_new(url: str, source: str | Path) -> BackupCheck:
    """A restore with no one signed in: only into a database that has no staff
    yet (a new installation), where there is nothing to protect."""
    from hotline_tui.domain.errors import PermissionDenied
    from hotline_tui.store.base import database
    from hotline_tui.store.models import Staff

    if database.obj is not None and Staff.table_exists() and Staff.select().exists():
        raise PermissionDenied("Restoring over a database in use needs a manager's sign-in")
    check = check_backup(source)
    if not check.ok:
        raise BackupError("The backup was not restored: {why}", why=check.detail)
    _replace(url, source)
    return check


def _is_sqlite_file(path: str | Path) -> bool:
    with Path(path).open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _audit_restore(ctx: ServiceContext, url: str, source: str | Path, detail: dict) -> None:
    """Reopen the restored database (migrating an older schema) and write the
    restore as the first entry after it, onto the restored chain."""
    from hotline_tui.services.base import audit, writing
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Staff

    close_database()
    open_database(url)
    actor = Staff.get_or_none(Staff.agent_no == ctx.actor.agent_no) or ctx.actor
    ctx = type(ctx)(actor=actor, settings=ctx.settings, clock=ctx.clock)
    with writing(ctx, "backup.run"):
        audit(
            ctx,
            "backup.restore",
            record_type="database",
            record_id=Path(source).name[:32],
            after={"source": str(source), **detail},
        )


def _replace(url: str, source: str | Path) -> None:
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
        return
    if url.startswith(("postgresql:", "postgres:")):
        with _pg_credentials(url) as (dbname, env):
            proc = subprocess.run(
                [
                    _pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={dbname}",
                    str(source),
                ],
                capture_output=True,
                text=True,
                env=env,
            )
        if proc.returncode:
            why = mask_url(proc.stderr.strip())[:300]
            raise BackupError("The backup was not restored: {why}", why=why)
        return
    raise ValidationError("url", "Backups are made of SQLite or PostgreSQL databases")


def engine_name() -> str:
    return "postgresql" if is_postgres() else "sqlite"
