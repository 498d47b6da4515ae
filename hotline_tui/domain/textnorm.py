"""Text normalization for the problem library's search (H9).

Index and query go through the same steps, so what the operator types meets
what the manuals say: NFKC folds full-width letters/digits (ＯＲＡ－１２５４１),
opencc turns traditional characters into simplified ones (帳套備份 -> 账套备份),
punctuation becomes a separator, Latin is lower-cased. Chinese runs become
overlapping character pairs (bigrams) so every query of two or more characters
is answered by the index; Latin/number runs stay whole tokens (ORA-12541 ->
"ora" "12541", 0x80004005); titles also get pinyin tokens (full and initials)
so "beifen" and "bf" find 备份.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Readings pypinyin gets wrong in this trade (重 as "again": chóng).
_PINYIN_FIXES = {
    "重装": [["chóng"], ["zhuāng"]],
    "重置": [["chóng"], ["zhì"]],
    "重做": [["chóng"], ["zuò"]],
    "重登": [["chóng"], ["dēng"]],
    "重录": [["chóng"], ["lù"]],
    "重算": [["chóng"], ["suàn"]],
    "重开": [["chóng"], ["kāi"]],
    "重连": [["chóng"], ["lián"]],
    "重刷": [["chóng"], ["shuā"]],
    "重记": [["chóng"], ["jì"]],
}
_pinyin_lock = threading.Lock()
_pinyin_fn = None


def _lazy_pinyin() -> Any:
    """pypinyin on first use: importing it costs ~1 s, which the app's cold
    start (migrations import this module) should not pay."""
    global _pinyin_fn
    if _pinyin_fn is None:
        with _pinyin_lock:
            if _pinyin_fn is None:
                from pypinyin import lazy_pinyin, load_phrases_dict

                load_phrases_dict(_PINYIN_FIXES)
                _pinyin_fn = lazy_pinyin
    return _pinyin_fn


# Variant folding after opencc: the manuals' 帳 becomes 帐, operators type 账.
_VARIANTS = str.maketrans({"帐": "账"})

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
#: A Latin/number word with inner joiners, e.g. ora-12541, v8.9, c:/u8
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-_./:][a-z0-9]+)*")
_LATIN_PART = re.compile(r"[a-z0-9]+")
#: Longest pinyin suffix token (in syllables); longer typing still prefix-matches.
PINYIN_SPAN = 8

_local = threading.local()


def _converter() -> Any:
    """One opencc converter per thread (search runs in Textual thread workers)."""
    conv = getattr(_local, "opencc", None)
    if conv is None:
        import opencc

        conv = opencc.OpenCC("t2s")
        _local.opencc = conv
    return conv


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RUN.fullmatch(ch))


_FOLDED: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """NFKC + lower case + punctuation to a space, for one character (memoized)."""
    got = _FOLDED.get(ch)
    if got is None:
        got = _FOLDED[ch] = _fold_char_uncached(ch)
    return got


def _fold_char_uncached(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch).lower()
    folded = []
    for c in out:
        cat = unicodedata.category(c)
        if c.isalnum() or is_cjk(c) or c in "-_./:":
            folded.append(c)
        elif cat[0] in "PSZC":
            folded.append(" ")
        else:
            folded.append(c)
    return "".join(folded)


def normalize(text: str) -> str:
    """The searchable form of `text` (same length rules at index and query time)."""
    return "".join(normalize_chars(text))


def normalize_chars(text: str) -> list[str]:
    """Per original character, its normalized form (maybe empty or several chars).

    Keeping the mapping lets snippets highlight the operator's original text.
    Conversion is per character (memoized), so index and query agree exactly."""
    memo = _NORMALIZED
    out = []
    for ch in text or "":
        got = memo.get(ch)
        if got is None:
            got = memo[ch] = _converter().convert(_fold_char(ch)).translate(_VARIANTS)
        out.append(got)
    return out


_NORMALIZED: dict[str, str] = {}


def bigrams(run: str) -> list[str]:
    """Overlapping pairs of a Chinese run, plus its last character alone.

    The trailing single character lets a one-character query find every text
    that contains it by a prefix match (each character starts a pair or ends a run)."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def text_tokens(text: str) -> list[str]:
    """Index tokens of a text, in order: Chinese pairs and Latin/number parts."""
    norm = normalize(text)
    out: list[str] = []
    for m in _RUN.finditer(norm):
        run = m.group(0)
        if is_cjk(run[0]):
            out.extend(bigrams(run))
        else:
            out.append(run)
    return out


@lru_cache(maxsize=4096)
def _syllables(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    full = tuple(_lazy_pinyin()(run, errors="ignore"))
    initials = tuple(s[0] for s in full if s)
    return full, initials


def pinyin_tokens(text: str) -> list[str]:
    """Pinyin of every Chinese run: joined suffixes (up to PINYIN_SPAN syllables),
    full and by initials, so any stretch of the title typed as pinyin prefix-matches."""
    out: list[str] = []
    for run in _CJK_RUN.findall(normalize(text)):
        full, initials = _syllables(run)
        if len(full) != len(run):
            continue
        for i in range(len(full)):
            out.append("".join(full[i : i + PINYIN_SPAN]))
        for i in range(len(initials)):
            if len(initials) - i >= 2:
                out.append("".join(initials[i : i + PINYIN_SPAN]))
    return out


def pinyin_of(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Full pinyin and initials of a Chinese run (for highlighting)."""
    return _syllables(run)


@dataclass(frozen=True)
class Term:
    """One part of a query, all of which must match (AND).

    kind "cjk": `tokens` are the pairs of a run, matched as a phrase; a single
    character is `prefix`. kind "latin": `tokens` are the parts of a word such as
    ora-12541 (a phrase); the query's last Latin word is a prefix, and a
    letters-only word may also match pinyin."""

    kind: str
    text: str
    tokens: tuple[str, ...]
    prefix: bool = False
    pinyin: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> Query:
    """Split what the operator typed into terms; punctuation-only gives no terms."""
    norm = normalize(text or "")
    pieces: list[tuple[str, str]] = []
    pos = 0
    while pos < len(norm):
        ch = norm[pos]
        if is_cjk(ch):
            m = _CJK_RUN.match(norm, pos)
            assert m is not None  # `ch` is CJK, so a run starts here
            pieces.append(("cjk", m.group(0)))
            pos = m.end()
            continue
        m = _LATIN_WORD.match(norm, pos)
        if m:
            pieces.append(("latin", m.group(0)))
            pos = m.end()
            continue
        pos += 1
    terms: list[Term] = []
    last_latin = max((i for i, p in enumerate(pieces) if p[0] == "latin"), default=-1)
    for i, (kind, word) in enumerate(pieces):
        if kind == "cjk":
            if len(word) == 1:
                terms.append(Term("cjk", word, (word,), prefix=True))
            else:
                pairs = tuple(word[j : j + 2] for j in range(len(word) - 1))
                terms.append(Term("cjk", word, pairs))
        else:
            parts = tuple(_LATIN_PART.findall(word))
            if not parts:
                continue
            is_last = i == last_latin and i == len(pieces) - 1
            terms.append(
                Term(
                    "latin",
                    word,
                    parts,
                    prefix=is_last,
                    pinyin=len(parts) == 1 and parts[0].isalpha(),
                )
            )
    return Query(tuple(terms))


def match_spans(text: str, query: Query, *, pinyin: bool = True) -> list[tuple[int, int]]:
    """Where the query's terms occur in `text`, as (start, end) indexes of the
    original characters, for highlighting (pinyin terms highlight the Chinese,
    unless `pinyin` is off: only titles are indexed by pinyin)."""
    if not text or not query:
        return []
    parts = normalize_chars(text)
    norm = "".join(parts)
    owner: Sequence[int]
    if len(norm) == len(parts) and "" not in parts:  # one char each: positions unchanged
        owner = range(len(parts))
    else:
        owner = [i for i, p in enumerate(parts) for _ in p]
    spans: list[tuple[int, int]] = []
    for term in query.terms:
        needle = term.text
        if term.kind == "latin":
            needle = "-".join(term.tokens) if len(term.tokens) > 1 else term.tokens[0]
            pattern = re.escape(needle).replace(r"\-", r"[-_./:\s]?")
            found = list(re.finditer(pattern, norm))
        else:
            found = list(re.finditer(re.escape(needle), norm))
        for m in found:
            if m.end() > m.start():
                spans.append((owner[m.start()], owner[m.end() - 1] + 1))
        if not found and term.pinyin and pinyin:
            spans.extend(_pinyin_spans(norm, owner, term.tokens[0]))
    return _merge(spans)


def _pinyin_spans(norm: str, owner: Sequence[int], typed: str) -> list[tuple[int, int]]:
    out = []
    for m in _CJK_RUN.finditer(norm):
        full, initials = pinyin_of(m.group(0))
        for i in range(len(full)):
            n = _covers(full[i:], typed) or _covers_initials(initials[i:], typed)
            if n:
                out.append((owner[m.start() + i], owner[m.start() + i + n - 1] + 1))
    return out


def _covers(syllables: tuple[str, ...], typed: str) -> int:
    """How many syllables the typed pinyin spans (0 if it does not start here)."""
    joined = ""
    for n, s in enumerate(syllables, 1):
        joined += s
        if joined.startswith(typed):
            return n
        if not typed.startswith(joined):
            return 0
    return 0


def _covers_initials(initials: tuple[str, ...], typed: str) -> int:
    if len(typed) < 2 or len(initials) < len(typed):
        return 0
    return len(typed) if "".join(initials[: len(typed)]) == typed else 0


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
