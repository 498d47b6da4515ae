"""Peewee without its PostgreSQL driver until a PostgreSQL URL is opened.

peewee imports psycopg as it is itself imported (about 0.1 s), which every
SQLite desk would pay at start-up (issue 5: cold start). `defer_drivers` (run
when the package is imported) makes that one import fail, so peewee starts
without a driver; `enable_psycopg` hands peewee psycopg when a
PostgreSQL database is opened, setting what peewee sets when it finds the
driver at import (its psycopg 3 adapter reads them).
"""

from __future__ import annotations

import sys
from types import ModuleType

_DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi")


class _NoDriverWhilePeeweeLoads:
    """A meta path finder: a PostgreSQL driver imported by peewee's own module
    code (while `peewee` is still initializing) is refused; any other import
    of it, before or after, goes through untouched."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name in _DRIVERS:
            pw = sys.modules.get("peewee")
            if pw is not None and getattr(pw.__spec__, "_initializing", False):
                raise ImportError(f"{name} is loaded when a PostgreSQL database is opened")


def defer_drivers() -> None:
    """Install the finder (once; the package does it on import)."""
    if "peewee" not in sys.modules and not any(
        isinstance(f, _NoDriverWhilePeeweeLoads) for f in sys.meta_path
    ):
        sys.meta_path.insert(0, _NoDriverWhilePeeweeLoads())


def enable_psycopg(pw: ModuleType) -> None:
    """Give peewee psycopg (3) if it was imported without a driver."""
    if pw.psycopg is not None or pw.psycopg2 is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    pw.psycopg, pw.TransactionStatus = psycopg, TransactionStatus
    pw.Json_pg3, pw.Jsonb_pg3 = Json, Jsonb
    adapter = pw.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
