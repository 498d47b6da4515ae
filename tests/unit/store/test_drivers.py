"""Start-up without the PostgreSQL driver (docs/PERFORMANCE.md: cold start): peewee is
imported without psycopg, and gets it when a PostgreSQL URL is opened."""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import sys
import hotline_tui.cli  # the entry point's imports: peewee, models, services
assert "peewee" in sys.modules, "peewee not imported"
assert "psycopg2" not in sys.modules, "psycopg2 loaded at start"
from hotline_tui.store.db import make_database
db = make_database("postgresql://desk@/hotline?host=/nowhere")
assert type(db._adapter).__name__ == "Psycopg2Adapter", type(db._adapter)
assert "psycopg2" in sys.modules
import peewee
assert peewee.psycopg2 is sys.modules["psycopg2"]
assert peewee.Psycopg2Adapter.txn_idle == 0
print("ok")
"""


def test_sqlite_start_leaves_psycopg_unloaded_until_a_postgresql_url() -> None:
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
