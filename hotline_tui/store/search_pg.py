"""The library index on PostgreSQL: the textnorm tokens as a `tsvector` with
a GIN index (title tokens weight A). The tsvector and tsquery are built as
literals, not with to_tsvector, so no parser or dictionary touches the
Chinese pairs (the 'simple' configuration is the default for ranking).

The database must be UTF-8 (checked when the index is created). Queries run
with prepare_threshold=None (store.db), so no generic plan is reused across
terms of very different frequency.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotline_tui.domain.textnorm import Query
from hotline_tui.store.base import database

MAX_POS = 16383  # PostgreSQL's largest tsvector position


def create_index(db) -> None:  # noqa: ANN001 - peewee Database
    encoding = db.execute_sql("SHOW server_encoding").fetchone()[0]
    if encoding.upper() not in ("UTF8", "UTF-8"):
        raise RuntimeError(f"the library search needs a UTF-8 database, not {encoding}")
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS library_search ("
        " entry_id INTEGER PRIMARY KEY REFERENCES library_entry (id) ON DELETE CASCADE,"
        " vec tsvector NOT NULL)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS library_search_vec ON library_search USING gin (vec)"
    )


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: Sequence[str], body: Sequence[str]) -> str:
    """Title tokens at positions 1.., weight A; body tokens after a gap, weight D."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for tok in title:
        pos += 1
        positions.setdefault(tok, []).append(f"{min(pos, MAX_POS)}A")
    pos += 5
    for tok in body:
        pos += 1
        positions.setdefault(tok, []).append(str(min(pos, MAX_POS)))
    return " ".join(f"{_lexeme(t)}:{','.join(p[:256])}" for t, p in positions.items())


def tsquery_literal(query: Query, any_term: bool = False) -> str:
    parts = []
    for term in query.terms:
        if any_term:
            parts += [_lexeme(t) for t in term.tokens]
            continue
        lexemes = [_lexeme(t) for t in term.tokens]
        if term.prefix or term.pinyin:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return (" | " if any_term else " & ").join(parts)


def upsert(rows: Sequence[tuple[int, list[str], list[str]]]) -> None:
    cursor = database.cursor()
    cursor.executemany(
        "INSERT INTO library_search (entry_id, vec) VALUES (%s, %s::tsvector)"
        " ON CONFLICT (entry_id) DO UPDATE SET vec = EXCLUDED.vec",
        [(i, tsvector_literal(t, b)) for i, t, b in rows],
    )


def candidates(
    query: Query,
    cap: int,
    statuses: Sequence[str],
    product: str | None,
    module: str | None,
    any_term: bool,
) -> list[tuple[int, float, int, object]]:
    """(entry id, ts_rank, usage_count, last_used_at) of the capped candidates.

    The matches come from the GIN index (a materialized CTE, so the planner
    cannot walk the primary key instead); only the capped set is ranked."""
    where = ["e.status = ANY(%s)"]
    params: list[object] = [tsquery_literal(query, any_term), list(statuses)]
    if product:
        where.append("e.product = %s")
        params.append(product)
    if module:
        where.append("e.modules LIKE %s")
        params.append(f"%{module}%")
    if not any_term:
        # Only the ids of the matches are carried (a common pair matches tens of
        # thousands of rows, whose tsvectors must not be copied); the newest
        # `cap` that pass the filters are ranked, reading only their vectors.
        sql = (
            "WITH q AS (SELECT %s::tsquery AS q),"
            " m AS MATERIALIZED (SELECT s.entry_id FROM library_search s, q"
            " WHERE s.vec @@ q.q),"
            " c AS MATERIALIZED (SELECT e.id, e.usage_count, e.last_used_at"
            " FROM m JOIN library_entry e ON e.id = m.entry_id"
            f" WHERE {' AND '.join(where)} ORDER BY e.id DESC LIMIT %s)"
            " SELECT c.id, ts_rank('{0.1, 0.2, 0.4, 1.0}', s.vec, q.q),"
            " c.usage_count, c.last_used_at"
            " FROM c JOIN library_search s ON s.entry_id = c.id, q"
        )
        return database.execute_sql(sql, [*params, cap]).fetchall()
    order = "ts_rank(m.vec, q.q) DESC"
    sql = (
        "WITH q AS (SELECT %s::tsquery AS q),"
        " m AS MATERIALIZED (SELECT s.entry_id, s.vec FROM library_search s, q"
        " WHERE s.vec @@ q.q)"
        " SELECT m.entry_id, ts_rank('{0.1, 0.2, 0.4, 1.0}', m.vec, q.q),"
        " e.usage_count, e.last_used_at"
        " FROM m JOIN library_entry e ON e.id = m.entry_id, q"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s"
    )
    params.append(cap)
    return database.execute_sql(sql, params).fetchall()


def matching_ids(query: Query) -> set[int]:
    sql = "SELECT entry_id FROM library_search WHERE vec @@ %s::tsquery"
    return {r[0] for r in database.execute_sql(sql, (tsquery_literal(query),)).fetchall()}
