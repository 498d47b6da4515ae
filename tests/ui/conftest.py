"""Fixtures shared by the UI tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from hotline_tui.store.db import open_database, open_database_in_background


@pytest.fixture
def held_opening(sqlite_db) -> Iterator[threading.Event]:
    """The database opening in the background, held until the test sets the event
    (set anyway at the end, and the fixture's binding restored)."""
    url = f"sqlite:///{sqlite_db.database}"
    gate = threading.Event()
    open_database_in_background(url, warm=gate.wait)
    yield gate
    gate.set()
    open_database(url)
