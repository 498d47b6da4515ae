"""The library index on PostgreSQL: the textnorm tokens as a `tsvector` with
a GIN index (title tokens weight A). The tsvector and tsquery are built as
literals, not with to_tsvector, so no parser or dictionary touches the
Chinese pairs (the 'simple' configuration is the default for ranking).

The database must be UTF-8 (checked when the index is created). psycopg2
sends each query as text (no server-side prepared statements), so no generic
plan is reused across terms of very different frequency.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotline_tui.domain.textnorm import Query
from hotline_tui.store.base import database
from hotline_tui.store.search_rank import entry_filters

MAX_POS = 16383  # PostgreSQL's largest tsvector position


def create_index(db) -> None:
    encoding = db.execute_sql("SHOW server_encoding").fetchone()[0]
    if encoding.upper() not in ("UTF8", "UTF-8"):
        raise RuntimeError(f"the library search needs a UTF-8 database, not {encoding}")
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS library_search ("
        " entry_id INTEGER PRIMARY KEY REFERENCES library_entry (id) ON DELETE CASCADE,"
        " vec tsvector NOT NULL)"
    )
    db.execute_sql(GIN_INDEX)


#: fastupdate off: with it on, new entries wait in a pending list that every
#: search scans in full until a vacuum (a bulk import made searches 1.5x slower).
#: Entries are written one at a time by staff, so the cost of a direct update is
#: nothing; a bulk `reindex` rebuilds the index instead (`rebuild_index`).
GIN_INDEX = (
    "CREATE INDEX IF NOT EXISTS library_search_vec ON library_search"
    " USING gin (vec) WITH (fastupdate = off)"
)


def drop_index() -> None:
    """Before a bulk load: rows go in without index upkeep (see rebuild_index)."""
    database.execute_sql("DROP INDEX IF EXISTS library_search_vec")


def rebuild_index() -> None:
    """After a bulk load: the index built in one pass, the planner told."""
    database.execute_sql(GIN_INDEX)
    database.execute_sql("ANALYZE library_search")


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


def tsquery_literal(query: Query, any_term: bool = False, loose: bool = False) -> str:
    """The tsquery: each term a phrase (<->) of its tokens, all terms ANDed;
    `any_term` ORs every token; `loose` ANDs every token without phrases, a
    superset the GIN index answers without reading a row's vector again."""
    parts = []
    for term in query.terms:
        if any_term:
            parts += [_lexeme(t) for t in term.tokens]
            continue
        lexemes = [_lexeme(t) for t in term.tokens]
        if term.prefix or term.pinyin:
            lexemes[-1] += ":*"
        parts.append("(" + (" & " if loose else " <-> ").join(lexemes) + ")")
    return (" | " if any_term else " & ").join(parts)


def upsert(rows: Sequence[tuple[int, list[str], list[str]]]) -> None:
    cursor = database.cursor()
    cursor.executemany(
        "INSERT INTO library_search (entry_id, vec) VALUES (%s, %s::tsvector)"
        " ON CONFLICT (entry_id) DO UPDATE SET vec = EXCLUDED.vec",
        [(i, tsvector_literal(t, b)) for i, t, b in rows],
    )


#: Newest rows walked before deciding how common the query is.
WALK_FIRST = 600
#: Relative costs (measured at 100k entries): one row walked vs one match read
#: through the GIN bitmap (a heap visit each).
WALK_ROW_COST, GIN_MATCH_COST = 1.1, 4.0
RANK = "ts_rank('{0.1, 0.2, 0.4, 1.0}', s.vec, q.q)"


def _filters(
    statuses: Sequence[str], product: str | None, module: str | None
) -> tuple[list[str], list[object]]:
    return entry_filters(statuses, product, module, "%s")


def _walk(
    tsq: str,
    where: list[str],
    params: list[object],
    below: int | None,
    above: int | None,
    limit: int,
) -> list[tuple]:
    """The newest matches, walking the primary key backwards from `below`.

    ts_match_vq is the function behind @@: called by name it is not matched to
    the GIN index, so the planner walks the newest rows and stops at `limit`
    (a common pair is found within a few hundred rows)."""
    bounds, extra = [], []
    if below is not None:
        bounds.append("s.entry_id <= %s")
        extra.append(below)
    if above is not None:
        bounds.append("s.entry_id > %s")
        extra.append(above)
    sql = (
        f"WITH q AS (SELECT %s::tsquery AS q) SELECT s.entry_id, {RANK}, e.usage_count, e.last_used_at"
        " FROM library_search s JOIN library_entry e ON e.id = s.entry_id, q"
        f" WHERE {' AND '.join([*bounds, 'ts_match_vq(s.vec, q.q)', *where])}"
        " ORDER BY s.entry_id DESC LIMIT %s"
    )
    return database.execute_sql(sql, [tsq, *extra, *params, limit]).fetchall()


def candidates(
    query: Query,
    cap: int,
    statuses: Sequence[str],
    product: str | None,
    module: str | None,
    any_term: bool,
) -> list[tuple[int, float, int, object]]:
    """(entry id, ts_rank, usage_count, last_used_at) of the capped candidates:
    the newest `cap` matches that pass the filters (any_term: the best by rank).

    Two ways to the same set, chosen by how common the query is in the newest
    WALK_FIRST entries: a common query walks the newest rows (its GIN bitmap
    would list tens of thousands of rows, each read from the heap); a rare one
    takes its few matches from the GIN index."""
    tsq = tsquery_literal(query, any_term)
    where, params = _filters(statuses, product, module)
    if any_term:
        return _ranked_by_gin(tsq, where, params, cap)
    top = database.execute_sql("SELECT max(entry_id) FROM library_search").fetchone()[0]
    if top is None:
        return []
    rows = _walk(tsq, where, params, None, top - WALK_FIRST, cap)
    if len(rows) >= cap or top <= WALK_FIRST:
        return rows
    share = len(rows) / WALK_FIRST  # of the newest entries, how many match
    walk_cost = (cap - len(rows)) / max(share, 1e-9) * WALK_ROW_COST
    if walk_cost < share * top * GIN_MATCH_COST:  # common enough: keep walking
        return rows + _walk(tsq, where, params, top - WALK_FIRST, None, cap - len(rows))
    return _newest_by_gin(query, where, params, cap)


def _newest_by_gin(query: Query, where: list[str], params: list[object], cap: int) -> list[tuple]:
    """The newest `cap` matches from the GIN index (materialized CTEs, so the
    planner cannot walk the primary key instead), carrying only their ids.

    First the newest 1.25 x cap rows holding every token (the loose query: no
    phrase to recheck, so no vector is read for the bitmap), then the phrase
    (if any) and the filters on those; only when they leave fewer than `cap`
    is every match checked."""
    exact, loose = tsquery_literal(query), tsquery_literal(query, loose=True)
    rows = _gin(exact, loose, where, params, cap, cap + cap // 4)
    return rows if len(rows) >= cap else _gin(exact, exact, where, params, cap, None)


def _gin(
    exact: str, loose: str, where: list[str], params: list[object], cap: int, pre: int | None
) -> list[tuple]:
    newest = "" if pre is None else f" ORDER BY s.entry_id DESC LIMIT {int(pre)}"
    phrase = loose != exact  # the loose rows still need the phrase checked
    check = " JOIN library_search x ON x.entry_id = m.entry_id" if phrase else ""
    conditions = ["ts_match_vq(x.vec, q.q)"] if phrase else []
    sql = (
        "WITH q AS (SELECT %s::tsquery AS q, %s::tsquery AS loose),"
        " m AS MATERIALIZED (SELECT s.entry_id FROM library_search s, q"
        f" WHERE s.vec @@ q.loose{newest}),"
        " c AS MATERIALIZED (SELECT e.id, e.usage_count, e.last_used_at"
        f" FROM m JOIN library_entry e ON e.id = m.entry_id{check}, q"
        f" WHERE {' AND '.join([*conditions, *where])} ORDER BY e.id DESC LIMIT %s)"
        f" SELECT c.id, {RANK}, c.usage_count, c.last_used_at"
        " FROM c JOIN library_search s ON s.entry_id = c.id, q"
    )
    return database.execute_sql(sql, [exact, loose, *params, cap]).fetchall()


def _ranked_by_gin(tsq: str, where: list[str], params: list[object], cap: int) -> list[tuple]:
    sql = (
        "WITH q AS (SELECT %s::tsquery AS q),"
        " s AS MATERIALIZED (SELECT s.entry_id, s.vec FROM library_search s, q"
        " WHERE s.vec @@ q.q)"
        f" SELECT s.entry_id, {RANK}, e.usage_count, e.last_used_at"
        " FROM s JOIN library_entry e ON e.id = s.entry_id, q"
        f" WHERE {' AND '.join(where)} ORDER BY 2 DESC, s.entry_id DESC LIMIT %s"
    )
    return database.execute_sql(sql, [tsq, *params, cap]).fetchall()


def matching_ids(query: Query) -> set[int]:
    sql = "SELECT entry_id FROM library_search WHERE vec @@ %s::tsquery"
    return {r[0] for r in database.execute_sql(sql, (tsquery_literal(query),)).fetchall()}
