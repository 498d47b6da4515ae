"""Binding the models to a database chosen by URL, and running migrations.

SQLite (the default, one file in the user data directory) runs in WAL mode with
foreign keys on and a busy timeout, so several desks on one machine can share
it; PostgreSQL (`postgresql://...`) serves desks on many machines.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from hotline_tui.domain.errors import HotlineError
from hotline_tui.store._drivers import enable_psycopg
from hotline_tui.store.base import database, pw

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
    "cache_size": -32000,
}


class DatabaseUrlError(ValueError):
    """A database URL that cannot be used; the message says why."""


class DatabaseOpenError(HotlineError):
    """The database could not be opened after the desk started; shown on the desk."""


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (None for PostgreSQL or in-memory)."""
    if not url.startswith("sqlite:"):
        return None
    rest = url[len("sqlite:") :]
    if rest.startswith("///"):
        rest = rest[3:]
        # sqlite:////abs/path -> /abs/path ; sqlite:///rel/path -> rel/path
    elif rest.startswith("//"):
        rest = rest[2:]
    if rest in ("", ":memory:"):
        return None
    return Path(unquote(rest))


#: PostgreSQL connections kept for the desk's workers (a handful run at once).
POOL_SIZE = 16


def make_database(url: str) -> pw.Database:
    """Build (not connect) the peewee database for a URL, with a clear error if bad."""
    if not url:
        raise DatabaseUrlError("no database URL given")
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        path = sqlite_path(url)
        if path is None:
            return pw.SqliteDatabase(":memory:", pragmas=SQLITE_PRAGMAS, timeout=10)
        if not path.parent.exists():
            raise DatabaseUrlError(f"the folder {path.parent} does not exist")
        if path.exists() and path.is_dir():
            raise DatabaseUrlError(f"{path} is a folder, not a database file")
        if not path.exists():  # a new database file is its owner's only (0600)
            import os

            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                pass
        return pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10)
    if scheme in ("postgresql", "postgres"):
        return _postgres(url)
    raise DatabaseUrlError(
        f"unsupported database URL {mask_url(url)!r}: "
        "use sqlite:///PATH or postgresql://USER@HOST/DB"
    )


def _postgres(url: str) -> pw.Database:
    parsed = urlparse(url)
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise DatabaseUrlError(f"the PostgreSQL URL {mask_url(url)!r} names no database")
    params: dict[str, object] = {}
    if parsed.username:
        params["user"] = unquote(parsed.username)
    if parsed.password:
        params["password"] = unquote(parsed.password)
    if parsed.hostname:
        params["host"] = parsed.hostname
    try:
        if parsed.port:
            params["port"] = parsed.port
    except ValueError:
        raise DatabaseUrlError(f"the port in {mask_url(url)!r} is not a number") from None
    for key, values in parse_qs(parsed.query).items():
        params[key] = values[-1]  # e.g. host=/tmp/socketdir
    enable_psycopg(pw)
    from playhouse.pool import PooledPostgresqlDatabase

    # Every screen's query runs in a worker thread with its own connection; a
    # new PostgreSQL connection is a server process started (several ms on a
    # socket, more over a network), so connections are kept and handed on.
    # Idle ones older than five minutes are replaced; a full pool waits.
    return PooledPostgresqlDatabase(
        name, max_connections=POOL_SIZE, stale_timeout=300, timeout=10, **params
    )


_SECRET_QUERY = re.compile(r"((?:^|[?&;\s])(?:password|passwd|pwd)=)[^&;\s]*", re.IGNORECASE)
_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):[^@/\s]*@")


def mask_url(text: str) -> str:
    """A URL (or any text holding one) fit to show: the password as ***.

    Every message that names a database URL goes through this, so a password
    never reaches the screen, a log or an error."""
    if not text:
        return text
    out = _USERINFO.sub(r"\1:***@", text)
    return _SECRET_QUERY.sub(r"\1***", out)


def is_postgres(db: pw.Database | None = None) -> bool:
    db = db or database.obj
    return isinstance(db, pw.PostgresqlDatabase)


def open_database(url: str, *, migrate: bool = True) -> pw.Database:
    """Bind the models to `url`, connect, and bring the schema up to date."""
    _opening["now"] = None
    db = make_database(url)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise DatabaseUrlError(mask_url(f"cannot open the database: {exc}".strip())) from None
    except pw.DatabaseError:
        raise DatabaseUrlError(f"{mask_url(url)} is not a database the desk can open") from None
    if migrate:
        try:
            _migrate(db)
        except pw.DatabaseError as exc:
            if "not a database" not in str(exc) and "malformed" not in str(exc):
                raise
            db.close()
            raise DatabaseUrlError(f"{mask_url(url)} is not a database the desk can open") from None
    return db


def _migrate(db: pw.Database) -> None:
    """Bring the schema up to date (the migrations package is imported only here)."""
    from hotline_tui.store.migrations import migrate as run_migrations

    run_migrations(db)


class _Opening:
    """The database opening in a thread while the desk paints (docs/PERFORMANCE.md): connect,
    bring the schema up to date, run `warm`, hand the connection back (to the
    pool on PostgreSQL). `wait()` returns once done, or raises what went wrong."""

    def __init__(self, db: pw.Database, migrate: bool, warm: Callable[[], object] | None) -> None:
        self.db, self.migrate, self.warm = db, migrate, warm
        self.error: Exception | None = None
        self.done = threading.Event()
        threading.Thread(target=self._run, name="open-database", daemon=True).start()

    def _run(self) -> None:
        try:
            self.db.connect(reuse_if_open=True)
            if self.migrate:
                _migrate(self.db)
            if self.warm is not None:
                try:
                    self.warm()
                except pw.OperationalError:
                    raise
                except Exception:
                    log.warning("warming the database failed", exc_info=True)
        except pw.OperationalError as exc:
            self.error = DatabaseOpenError("The database cannot be opened: {why}", why=str(exc))
        except Exception as exc:
            self.error = exc
        finally:
            if not self.db.is_closed():
                self.db.close()
            self.done.set()

    def wait(self, timeout: float | None = None) -> bool:
        if not self.done.wait(timeout):
            return False
        if self.error is not None:
            raise self.error
        return True


_opening: dict[str, _Opening | None] = {"now": None}


def open_database_in_background(
    url: str, *, migrate: bool = True, warm: Callable[[], object] | None = None
) -> pw.Database:
    """Bind the models to `url` at once (a bad URL fails here, before any screen),
    and connect, migrate and `warm` in a thread; `wait_until_open()` (which every
    worker's `in_connection` calls) waits for that."""
    db = make_database(url)
    database.initialize(db)
    _opening["now"] = _Opening(db, migrate, warm)
    return db


def wait_until_open(timeout: float | None = None) -> bool:
    """Return once a background opening is done (True), or when `timeout` seconds
    have passed first (False); raise the opening's error if it failed."""
    opening = _opening["now"]
    return opening.wait(timeout) if opening is not None else True


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()
    if database.obj is not None and hasattr(database.obj, "close_all"):
        database.obj.close_all()  # the pooled PostgreSQL connections
