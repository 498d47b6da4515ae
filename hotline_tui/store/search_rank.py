"""bm25 for the SQLite candidates, computed here instead of by FTS5.

FTS5's bm25() first counts, over the whole index, the rows matching each
phrase of the query (its IDF); for a phrase of common pairs (资产负债表: four
pairs, a quarter of the library) that count costs more than the search itself.
Only the capped candidates are ranked, so this reads their token streams (the
index's own `title`/`body` columns), counts each term there, and takes a
token's document frequency counted on its newest matches (for a prefix, of
every token it starts) and cached for a while
(a statistic: a few minutes stale changes no ranking that matters).
"""

from __future__ import annotations

import math
import re
import threading
import time
import weakref
from collections.abc import Sequence
from functools import lru_cache

from hotline_tui.domain.textnorm import Query, Term

#: FTS5's bm25 constants.
K1, B = 1.2, 0.75
#: How long a token's document frequency is reused (seconds).
DF_TTL = 600.0

_df_cache: dict[str, tuple[float, int]] = {}
_df_owner: list[weakref.ref | None] = [None]  # the database the cached counts belong to
_df_lock = threading.Lock()


def df_keys(term: Term) -> list[str]:
    """The vocabulary keys of a term: its tokens, the last as "tok*" when the
    term is a prefix (the rows holding any token that starts so)."""
    keys = list(term.tokens)
    if term.prefix or term.pinyin:
        keys[-1] += "*"
    return keys


@lru_cache(maxsize=1024)
def _pattern(phrase: str, prefix: bool) -> re.Pattern[str]:
    # Lookarounds consume no space, so adjacent repeats ("u8 u8") all count.
    return re.compile("(?<= )" + re.escape(phrase) + ("" if prefix else "(?= )"))


def term_pattern(term: Term) -> re.Pattern[str]:
    """The term in a space-padded token stream: its tokens from a token
    boundary, the last one open when the term is a prefix."""
    return _pattern(" ".join(term.tokens), term.prefix or term.pinyin)


def occurrences(stream: str, term: Term) -> int:
    """How often the term's phrase starts at a token boundary of `stream`."""
    return len(term_pattern(term).findall(f" {stream} "))


#: Matches of a token counted exactly up to this many; beyond, estimated.
DF_WINDOW = 2000


def _estimate(cursor_fn, key: str, top: int) -> int:
    """Rows holding a token: the newest DF_WINDOW of its matches are counted
    (about half a millisecond); a token with more is estimated from how many
    rows those span (FTS5's own vocabulary table would scan its whole list)."""
    token = key.rstrip("*")
    expression = '"' + token.replace('"', '""') + '"' + ("*" if key.endswith("*") else "")
    sql = (
        "SELECT count(*), min(rowid) FROM (SELECT rowid FROM library_fts"
        " WHERE library_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
    )
    count, lowest = cursor_fn(sql, (expression, DF_WINDOW))[0]
    if count < DF_WINDOW or not lowest:
        return int(count)
    return round(count * top / max(top - lowest + 1, 1))


def document_frequency(cursor_fn, keys: Sequence[str], db: object, top: int) -> dict[str, int]:
    """Rows holding each vocabulary key (`df_keys`), cached for the database
    `db` only; `cursor_fn(sql, params)` runs a query and returns its rows,
    `top` is the highest rowid (about the number of entries)."""
    now = time.monotonic()
    out, missing = {}, []
    with _df_lock:
        owner = _df_owner[0]
        if owner is None or owner() is not db:
            _df_cache.clear()
            _df_owner[0] = weakref.ref(db)
        for key in keys:
            hit = _df_cache.get(key)
            if hit and now - hit[0] < DF_TTL:
                out[key] = hit[1]
            else:
                missing.append(key)
    if missing:
        counted = {key: _estimate(cursor_fn, key, top) for key in missing}
        with _df_lock:
            if len(_df_cache) > 20000:
                _df_cache.clear()
            for key, n in counted.items():
                out[key] = n
                _df_cache[key] = (now, n)
    return out


def bm25(
    query: Query,
    rows: Sequence[tuple[str, str]],
    total: int,
    weights: tuple[float, float],
    df: dict[str, int] | None = None,
) -> list[float]:
    """bm25 of each (title stream, body stream), title and body weighted.

    A term's IDF comes from its rarest token's document frequency (`df`); with
    one term, or without `df`, every term weighs the same (the order of the
    candidates is the same either way for a single term)."""
    lengths = [t.count(" ") + b.count(" ") + 2 for t, b in rows]
    avg = (sum(lengths) / len(lengths)) if lengths else 1.0
    terms = []
    for term in query.terms:
        n = min(df.get(key, 0) for key in df_keys(term)) if df else 0
        idf = max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6) if df else 1.0
        terms.append((_needle(term), idf))
    title_w, body_w = weights
    scores = []
    for (title, body), length in zip(rows, lengths, strict=True):
        norm = K1 * (1 - B + B * length / (avg or 1.0))
        title, body = _spaced(title), _spaced(body)
        score = 0.0
        for needle, idf in terms:
            f = title_w * title.count(needle) + body_w * body.count(needle)
            score += idf * f * (K1 + 1) / (f + norm)
        scores.append(score)
    return scores


def entry_filters(
    statuses: Sequence[str], product: str | None, module: str | None, mark: str
) -> tuple[list[str], list[object]]:
    """WHERE clauses on the entry `e` (status, product, module) and their
    parameters, with the engine's placeholder `mark` ("?" or "%s")."""
    where: list[str]
    params: list[object]
    if mark == "%s":
        where, params = ["e.status = ANY(%s)"], [list(statuses)]
    else:
        where, params = [f"e.status IN ({', '.join('?' * len(statuses))})"], [*statuses]
    if product:
        where.append(f"e.product = {mark}")
        params.append(product)
    if module:
        where.append(f"e.modules LIKE {mark}")
        params.append(f"%{module}%")
    return where, params


def _spaced(stream: str) -> str:
    """The stream with every gap doubled and padded: a phrase then counts with
    str.count (no regex), adjacent repeats included ("u8 u8": two)."""
    return f" {stream.replace(' ', '  ')} "


def _needle(term: Term) -> str:
    """What `occurrences` looks for, in a `_spaced` stream."""
    phrase = " " + "  ".join(term.tokens)
    return phrase if term.prefix or term.pinyin else phrase + " "
