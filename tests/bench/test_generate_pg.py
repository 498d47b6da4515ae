"""`bench generate` on PostgreSQL loads its rows with COPY (docs/PERFORMANCE.md): the same
data as on SQLite, including text that COPY must escape."""

from __future__ import annotations

import pytest

from hotline_tui.bench.generate import _copy_line, generate_into


def test_copy_lines_escape_what_copy_text_format_reserves() -> None:
    line = _copy_line(("a\tb", "c\nd\\e", None, True, 3))
    assert line == "a\\tb\tc\\nd\\\\e\t\\N\tt\t3\n"


@pytest.mark.postgres
def test_generate_fills_a_postgresql_database_with_copy() -> None:
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Call, CallEvent, LibraryEntry
    from tests.conftest import new_pg_url

    url = new_pg_url()
    made = generate_into(url, calls=400, entries=200, customers=50)
    try:
        open_database(url)
        assert Call.select().count() == made["rows"]["call"] == 400
        assert CallEvent.select().count() == made["rows"]["call_event"] > 400
        assert LibraryEntry.select().count() == 200
    finally:
        close_database()
