"""Finding library entries (H9): ranked search with highlighted snippets, the
near-duplicate check, browsing without a query, and the answers suggested
while a symptom is typed at intake (H5).

Reads only; `services.library` re-exports these for its callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.markup import escape

from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.textnorm import Query, match_spans, parse_query, text_tokens
from hotline_tui.store import search as index
from hotline_tui.store.base import database
from hotline_tui.store.db import is_postgres
from hotline_tui.store.models import LibraryEntry

SNIPPET_CHARS = 60


@dataclass(frozen=True)
class SearchHit:
    """One ranked result; `snippet` is Rich markup with the matches in [b]...[/b]."""

    entry_id: int
    title: str
    snippet: str
    product: str
    modules: str
    usage_count: int
    score: float
    status: str = "published"
    title_markup: str = ""


def _markup(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append("[b]" + escape(text[start:end]) + "[/b]")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def snippet(entry: LibraryEntry | _HitRow, query: str | Query, width: int = SNIPPET_CHARS) -> str:
    """A one-line excerpt around the first match (symptom, solution, cause...),
    Rich markup with the matched parts bold and everything else escaped."""
    parsed = parse_query(query) if isinstance(query, str) else query
    for name in ("symptom", "solution", "cause", "tags", "modules", "product"):
        text = " ".join((getattr(entry, name) or "").split())
        spans = match_spans(text, parsed, pinyin=False)  # pinyin indexes titles only
        if spans:
            start = max(0, spans[0][0] - width // 4)
            end = min(len(text), start + width)
            window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end]
            prefix = "…" if start else ""
            suffix = "…" if end < len(text) else ""
            return escape(prefix) + _markup(text[start:end], window) + escape(suffix)
    text = " ".join((entry.symptom or entry.solution or "").split())
    return escape(text[:width] + ("…" if len(text) > width else ""))


def search(
    query: str,
    *,
    limit: int = 20,
    product: str | None = None,
    module: str | None = None,
    statuses: tuple[str, ...] = ("published",),
) -> list[SearchHit]:
    """Ranked library entries for what the operator typed (any thread)."""
    if not isinstance(query, str):
        raise ValidationError("query", "Expected text")
    ranked = index.search_ids(
        query, limit, statuses=statuses, product=product or None, module=module or None
    )
    return _hits(ranked, query)


class _HitRow(NamedTuple):
    """The columns a hit shows."""

    id: int
    title: str
    symptom: str
    cause: str
    solution: str
    product: str
    modules: str
    tags: str
    usage_count: int
    status: str


_HIT_SQL = f"SELECT {', '.join(_HitRow._fields)} FROM library_entry WHERE id IN "


def _load(ranked: list[tuple[int, float]]) -> dict[int, _HitRow]:
    """The ranked entries by id, as plain rows: building the query and model
    instances through the ORM took a third of a search's time."""
    ids = [r[0] for r in ranked]
    if not ids:
        return {}
    mark = "%s" if is_postgres() else "?"
    sql = _HIT_SQL + "(" + ", ".join([mark] * len(ids)) + ")"
    return {row[0]: _HitRow(*row) for row in database.execute_sql(sql, ids).fetchall()}


def _hits(
    ranked: list[tuple[int, float]],
    query: str,
    entries: dict[int, _HitRow] | None = None,
) -> list[SearchHit]:
    """Hits in ranked order; `entries` when the caller has already loaded them."""
    if not ranked:
        return []
    if entries is None:
        entries = _load(ranked)
    parsed = parse_query(query)
    hits = []
    for entry_id, score in ranked:
        e = entries.get(entry_id)
        if e is None:
            continue
        hits.append(
            SearchHit(
                entry_id=e.id,
                title=e.title,
                snippet=snippet(e, parsed),
                product=e.product,
                modules=e.modules,
                usage_count=e.usage_count,
                score=round(score, 4),
                status=e.status,
                title_markup=_markup(e.title, match_spans(e.title, parsed)),
            )
        )
    return hits


def similar_entries(title: str, symptom: str = "", limit: int = 5) -> list[SearchHit]:
    """Near-duplicates of a new entry: titles sharing at least half the pairs."""
    mine = set(text_tokens(title))
    if not mine:
        return []
    ranked = index.search_ids(
        title, 50, 200, statuses=("draft", "review", "published"), any_term=True
    )
    if not ranked:
        return []
    entries = _load(ranked)
    close = []
    for entry_id, score in ranked:
        e = entries.get(entry_id)
        if e is None:
            continue
        theirs = set(text_tokens(e.title))
        overlap = len(mine & theirs) / max(1, min(len(mine), len(theirs)))
        if overlap >= 0.5:
            close.append((entry_id, score * overlap))
    close.sort(key=lambda r: -r[1])
    return _hits(close[:limit], title, entries)


def browse(
    *,
    limit: int = 100,
    product: str | None = None,
    module: str | None = None,
    statuses: tuple[str, ...] = ("published",),
) -> list[SearchHit]:
    """Without a query: the most used entries (or the review queue, oldest first)."""
    q = LibraryEntry.select().where(LibraryEntry.status.in_(statuses))
    if product:
        q = q.where(LibraryEntry.product == product)
    if module:
        q = q.where(LibraryEntry.modules.contains(module))
    if statuses == ("review",):
        q = q.order_by(LibraryEntry.updated_at, LibraryEntry.id)
    else:
        q = q.order_by(LibraryEntry.usage_count.desc(), LibraryEntry.id.desc())
    return [
        SearchHit(
            entry_id=e.id,
            title=e.title,
            snippet=snippet(e, ""),
            product=e.product,
            modules=e.modules,
            usage_count=e.usage_count,
            score=0.0,
            status=e.status,
            title_markup=escape(e.title),
        )
        for e in q.limit(limit)
    ]


#: A loose answer shares at least this many pairs/words with the symptom...
SUGGEST_MIN_SHARED = 3
#: ...or at least this share of its own title's pairs.
SUGGEST_TITLE_SHARE = 0.5


def _is_code(token: str) -> bool:
    """An error code's number part (12541, 80004005): one shared is enough."""
    return len(token) >= 4 and any(c.isdigit() for c in token)


def suggest(text: str, *, limit: int = 6) -> list[SearchHit]:
    """H5: published answers for a symptom as typed so far, best first.

    Entries matching all of it come first. A symptom is longer and wordier
    than a title ("月末结账时提示账套被占用,重启也不行"), so an all-terms match
    alone would fall silent; the rest are entries sharing enough of its pairs,
    ranked by bm25 times the share of the symptom they cover."""
    strict = search(text, limit=limit)
    mine = set(text_tokens(text))
    if len(strict) >= limit or not mine:
        return strict
    seen = {h.entry_id for h in strict}
    ranked = [
        r
        for r in index.search_ids(text, limit * 4, 200, statuses=("published",), any_term=True)
        if r[0] not in seen
    ]
    if not ranked:
        return strict
    entries = _load(ranked)
    loose = []
    for entry_id, score in ranked:
        e = entries.get(entry_id)
        if e is None:
            continue
        title = set(text_tokens(e.title))
        common = mine & (title | set(text_tokens(e.symptom)))
        shared = len(common)
        title_share = len(mine & title) / len(title) if title else 0.0
        if (
            shared >= min(SUGGEST_MIN_SHARED, len(mine))
            or title_share >= SUGGEST_TITLE_SHARE
            or any(_is_code(t) for t in common)
        ):
            loose.append((entry_id, score * max(shared, 1) / len(mine)))
    loose.sort(key=lambda r: (-r[1], -r[0]))
    # highlight every pair the symptom shares, wherever it occurs
    return strict + _hits(loose[: limit - len(strict)], " ".join(sorted(mine)), entries)
