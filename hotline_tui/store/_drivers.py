"""Peewee without its PostgreSQL driver until a PostgreSQL URL is opened.

peewee imports a PostgreSQL driver as it is itself imported, which every
SQLite desk would pay at start-up (docs/PERFORMANCE.md: cold start). `defer_drivers` (run
when the package is imported) makes that import fail, so peewee starts without
a driver; `enable_psycopg` hands peewee psycopg2 when a PostgreSQL database is
opened, setting what peewee sets when it finds the driver at import (its
psycopg2 adapter reads them).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

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
    """Give peewee psycopg2 if it was imported without a driver: what peewee's own
    import would have set, including its adapter's transaction states."""
    if pw.psycopg2 is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()
    peewee: Any = pw  # module attributes the stubs do not declare
    peewee.psycopg2, peewee.pg_extensions, peewee.Json_pg2 = psycopg2, extensions, Json
    adapter = pw.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
