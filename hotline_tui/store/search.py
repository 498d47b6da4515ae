"""The library's search index (H9), kept in step with `library_entry`.

SQLite: an FTS5 table `library_fts(title, body)` whose rowid is the entry id and
whose text is the token stream of `domain.textnorm` (Chinese pairs, Latin/number
parts, title pinyin), so the query is phrases of pairs, index-backed.
PostgreSQL: the same tokens in a `tsvector` (title weight A) in
`library_search`, with a GIN index (see `store.search_pg`).

Callers maintain it inside their own write transaction: `index_entry` after
every insert/update, `remove_entry` before a delete. Ranking is bm25 (ts_rank)
over a capped candidate set (the newest matches), boosted by usage and recency.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime

from hotline_tui.domain.textnorm import Query, parse_query, pinyin_tokens, text_tokens
from hotline_tui.store import search_rank
from hotline_tui.store.base import database
from hotline_tui.store.db import is_postgres
from hotline_tui.store.models import LibraryEntry
from hotline_tui.store.search_rank import entry_filters

FTS_TABLE = "library_fts"
#: How many of the newest matches are ranked (the issue: "the first few hundred").
CANDIDATES_CAP = 200
BODY_FIELDS = ("symptom", "cause", "solution", "product", "version_range", "modules", "tags")
TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0


def entry_tokens(entry: LibraryEntry) -> tuple[list[str], list[str]]:
    """(title tokens incl. pinyin, body tokens) of an entry."""
    title = text_tokens(entry.title) + pinyin_tokens(entry.title)
    body: list[str] = []
    for name in BODY_FIELDS:
        body += text_tokens(getattr(entry, name) or "")
    body += text_tokens(entry.source_calls or "")
    return title, body


def create_index(db=None) -> None:
    """Create the index structures (used by migration 0003; idempotent)."""
    db = db or database.obj
    if is_postgres(db):
        from hotline_tui.store import search_pg

        search_pg.create_index(db)
        return
    db.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 0')"
    )


def index_entry(entry: LibraryEntry) -> None:
    """(Re)index one entry; call inside the transaction that wrote it."""
    index_many([entry])


def index_many(entries: Iterable[LibraryEntry]) -> int:
    rows = []
    for e in entries:
        title, body = entry_tokens(e)
        rows.append((e.id, title, body))
    if not rows:
        return 0
    if is_postgres():
        from hotline_tui.store import search_pg

        search_pg.upsert(rows)
        return len(rows)
    db = database.obj
    cursor = db.cursor()
    cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", [(r[0],) for r in rows])
    cursor.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (?, ?, ?)",
        [(i, " ".join(t), " ".join(b)) for i, t, b in rows],
    )
    return len(rows)


def remove_entry(entry_id: int) -> None:
    """Drop an entry from the index; call inside the deleting transaction."""
    if is_postgres():
        database.execute_sql("DELETE FROM library_search WHERE entry_id = %s", (entry_id,))
    else:
        database.execute_sql(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", (entry_id,))


def reindex_all(batch: int = 2000) -> int:
    """Rebuild the whole index from the entries (e.g. after a bulk load)."""
    pg = is_postgres()
    with database.atomic():
        if pg:
            from hotline_tui.store import search_pg

            database.execute_sql("DELETE FROM library_search")
            search_pg.drop_index()  # rebuilt in one pass below
        else:
            database.execute_sql(f"DELETE FROM {FTS_TABLE}")
        count, last = 0, 0
        while True:
            chunk = list(
                LibraryEntry.select()
                .where(LibraryEntry.id > last)
                .order_by(LibraryEntry.id)
                .limit(batch)
            )
            if not chunk:
                break
            count += index_many(chunk)
            last = chunk[-1].id
        if pg:
            search_pg.rebuild_index()
        return count


def indexed_ids() -> set[int]:
    """Every entry id the index holds (for consistency checks)."""
    if is_postgres():
        sql = "SELECT entry_id FROM library_search"
    else:
        sql = f"SELECT rowid FROM {FTS_TABLE}"
    return {row[0] for row in database.execute_sql(sql).fetchall()}


# -- querying ---------------------------------------------------------------
def fts5_expression(query: Query, any_term: bool = False) -> str:
    """The FTS5 MATCH text: each term a phrase of pairs/parts, prefix where asked."""
    parts = []
    for term in query.terms:
        if any_term:
            parts += [f'"{t}"' for t in term.tokens]
            continue
        phrase = '"' + " ".join(term.tokens) + '"'
        if term.prefix or term.pinyin:
            phrase += "*"
        parts.append(phrase)
    return (" OR " if any_term else " AND ").join(parts)


#: How far usage and recency may raise a text match (0.05: by at most 5 %).
#: Text matches within that margin count as equally good; usage orders them,
#: and it never lifts an entry above a clearly better text match.
USAGE_MARGIN = 0.05


def boost(relevance: float, usage: int, age_days: float | None) -> float:
    """Text relevance, raised by at most USAGE_MARGIN for how often (and how
    lately) the entry solved calls."""
    used = math.log1p(max(usage, 0))
    usage_part = used / (used + 3.0)  # 0 unused, 0.5 at about 20 uses, -> 1
    recent_part = 1.0 / (1.0 + max(age_days, 0.0) / 90.0) if age_days is not None else 0.0
    return relevance * (1.0 + USAGE_MARGIN * (0.7 * usage_part + 0.3 * recent_part))


def _rank(rows: Sequence[tuple[int, float, int, object]], limit: int) -> list[tuple[int, float]]:
    field = LibraryEntry.last_used_at
    times: dict[int, datetime | None] = {
        r[0]: field.python_value(r[3]) if r[3] is not None else None for r in rows
    }
    newest = max((t for t in times.values() if t is not None), default=None)
    scored = []
    for entry_id, relevance, usage, _last in rows:
        when = times[entry_id]
        age = (newest - when).total_seconds() / 86400 if when and newest else None
        scored.append((entry_id, boost(float(relevance), int(usage or 0), age)))
    scored.sort(key=lambda r: (-r[1], -r[0]))
    return scored[:limit]


def searchable(query: Query) -> Query:
    """The query without its lone Latin letters typed as a prefix ("z" of
    "zcfzb"): they match most of a big library through pinyin, cost hundreds
    of milliseconds to rank, and say nothing yet about the problem."""
    terms = tuple(t for t in query.terms if not (t.pinyin and t.prefix and len(t.text) < 2))
    return query if len(terms) == len(query.terms) else Query(terms)


def search_ids(
    query: str | Query,
    limit: int = 20,
    candidates_cap: int = CANDIDATES_CAP,
    *,
    statuses: Sequence[str] = ("published",),
    product: str | None = None,
    module: str | None = None,
    any_term: bool = False,
) -> list[tuple[int, float]]:
    """Ranked (entry id, score), best first. Empty or punctuation-only -> [].

    `any_term` (near-duplicate check) matches any pair and ranks all matches by
    bm25 instead of taking the newest `candidates_cap`."""
    parsed = searchable(parse_query(query) if isinstance(query, str) else query)
    if not parsed or not statuses:
        return []
    if is_postgres():
        from hotline_tui.store import search_pg

        rows = search_pg.candidates(parsed, candidates_cap, statuses, product, module, any_term)
        return _rank(rows, limit)
    where, params = entry_filters(statuses, product, module, "?")
    where.insert(0, f"{FTS_TABLE} MATCH ?")
    params = [fts5_expression(parsed, any_term), *params, candidates_cap]
    tail = f" FROM {FTS_TABLE} JOIN library_entry e ON e.id = {FTS_TABLE}.rowid WHERE {' AND '.join(where)}"
    if any_term:  # every match ranked by FTS5's bm25 (near duplicates, suggestions)
        sql = (
            f"SELECT {FTS_TABLE}.rowid, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0),"
            f" e.usage_count, e.last_used_at{tail}"
            f" ORDER BY bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) LIMIT ?"
        )
        return _rank(database.execute_sql(sql, params).fetchall(), limit)
    # The newest matches, ranked here (search_rank: FTS5's bm25 would first
    # count every row matching each phrase).
    sql = (
        f"SELECT {FTS_TABLE}.rowid, {FTS_TABLE}.title, {FTS_TABLE}.body,"
        f" e.usage_count, e.last_used_at{tail} ORDER BY {FTS_TABLE}.rowid DESC LIMIT ?"
    )
    found = database.execute_sql(sql, params).fetchall()
    # The newest matches alone would leave out an older entry whose *title*
    # holds the query (an error code, a named report) once many newer entries
    # mention it in passing: the newest title matches join the candidates.
    params[0], params[-1] = f"{{title}} : ({params[0]})", max(candidates_cap // 4, 1)
    seen = {r[0] for r in found}
    found += [r for r in database.execute_sql(sql, params).fetchall() if r[0] not in seen]
    if not found:
        return []
    total = database.execute_sql(f"SELECT max(rowid) FROM {FTS_TABLE}").fetchone()[0] or 1
    df = None
    if len(parsed.terms) > 1:  # IDF weighs terms against each other
        keys = sorted({k for term in parsed.terms for k in search_rank.df_keys(term)})
        df = search_rank.document_frequency(
            lambda q, p: database.execute_sql(q, p).fetchall(), keys, database.obj, total
        )
    scores = search_rank.bm25(
        parsed, [(r[1], r[2]) for r in found], total, (TITLE_WEIGHT, BODY_WEIGHT), df
    )
    rows = [(r[0], score, r[3], r[4]) for r, score in zip(found, scores, strict=True)]
    return _rank(rows, limit)


def matching_ids(query: str | Query) -> set[int]:
    """Every entry the index matches, uncapped and unfiltered (recall checks, bench)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if not parsed:
        return set()
    if is_postgres():
        from hotline_tui.store import search_pg

        return search_pg.matching_ids(parsed)
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
    return {r[0] for r in database.execute_sql(sql, (fts5_expression(parsed),)).fetchall()}
