"""bm25 for the SQLite candidates, computed here instead of by FTS5.

FTS5's bm25() first counts, over the whole index, the rows matching each
phrase of the query (its IDF); for a phrase of common pairs (资产负债表: four
pairs, a quarter of the library) that count costs more than the search itself.
Only the capped candidates are ranked, so this reads their token streams (the
index's own `title`/`body` columns), counts each term there, and takes a
token's document frequency from the index vocabulary, cached for a while
(a statistic: a few minutes stale changes no ranking that matters).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence

from hotline_tui.domain.textnorm import Query, Term

#: FTS5's bm25 constants.
K1, B = 1.2, 0.75
#: How long a token's document frequency is reused (seconds).
DF_TTL = 600.0

_df_cache: dict[str, tuple[float, int]] = {}
_df_owner: list[int] = [0]  # the database the cached counts belong to
_df_lock = threading.Lock()


def term_pattern(term: Term) -> str:
    """The term as it sits in a padded token stream (" a b " ): its tokens at
    a token boundary, the last one open when the term is a prefix."""
    phrase = " " + " ".join(term.tokens)
    return phrase if term.prefix or term.pinyin else phrase + " "


def occurrences(stream: str, term: Term) -> int:
    """How often the term's phrase starts at a token boundary of `stream`."""
    return f" {stream} ".count(term_pattern(term))


def document_frequency(cursor_fn, tokens: Sequence[str], owner: int) -> dict[str, int]:  # noqa: ANN001
    """Rows holding each token (cached per database `owner`, e.g. id() of the
    connection's Database); `cursor_fn(sql, params)` runs a query."""
    now = time.monotonic()
    out, missing = {}, []
    with _df_lock:
        if _df_owner[0] != owner:
            _df_cache.clear()
            _df_owner[0] = owner
        for tok in tokens:
            hit = _df_cache.get(tok)
            if hit and now - hit[0] < DF_TTL:
                out[tok] = hit[1]
            else:
                missing.append(tok)
    if missing:
        cursor_fn(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.library_fts_vocab"
            " USING fts5vocab(main, 'library_fts', 'row')",
            (),
        )
        marks = ", ".join("?" * len(missing))
        found = dict(
            cursor_fn(
                f"SELECT term, doc FROM temp.library_fts_vocab WHERE term IN ({marks})", missing
            )
        )
        with _df_lock:
            if len(_df_cache) > 20000:
                _df_cache.clear()
            for tok in missing:
                out[tok] = int(found.get(tok, 0))
                _df_cache[tok] = (now, out[tok])
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
        n = min(df.get(tok, 0) for tok in term.tokens) if df else 0
        idf = max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6) if df else 1.0
        terms.append((term_pattern(term), idf))
    title_w, body_w = weights
    scores = []
    for (title, body), length in zip(rows, lengths, strict=True):
        norm = K1 * (1 - B + B * length / (avg or 1.0))
        title, body = f" {title} ", f" {body} "
        score = 0.0
        for pattern, idf in terms:
            f = title_w * title.count(pattern) + body_w * body.count(pattern)
            score += idf * f * (K1 + 1) / (f + norm)
        scores.append(score)
    return scores
