"""Running blocking database work off the UI thread.

Each call opens and closes its own connection in the worker thread, so the
UI thread never waits on the database and no connection leaks per thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hotline_tui.store.base import database
from hotline_tui.store.db import wait_until_open

T = TypeVar("T")


def in_connection(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Call `fn` inside a connection of this thread (opened and closed around it),
    once the database has finished opening (it opens while the desk paints)."""
    wait_until_open()
    if not database.is_closed():
        return fn(*args, **kwargs)
    with database.connection_context():
        return fn(*args, **kwargs)
