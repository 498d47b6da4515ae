"""Translation: every user-visible string goes through `_()`.

The English text is the message id, so the English catalog is complete by
construction; the Simplified Chinese catalog lives in `locale/zh_CN/*.toml`
(one file per area, so features add strings without touching each other).
A test scans the source for `_()`/`N_()` literals and fails on any id the
Chinese catalog lacks.
"""

from __future__ import annotations

import threading
import tomllib
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_state = threading.local()
_default = {"lang": DEFAULT_LANGUAGE}


@cache
def catalog(lang: str) -> dict[str, str]:
    """Merge every catalog file of a language into one mapping."""
    merged: dict[str, str] = {}
    folder = LOCALE_DIR / lang
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as fh:
                merged.update(tomllib.load(fh))
    return merged


def set_language(lang: str) -> None:
    """Set the process-wide UI language ("zh_CN" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _default["lang"] = lang
    _state.lang = lang


def language() -> str:
    return getattr(_state, "lang", None) or _default["lang"]


def _(msgid: str, /, **params: object) -> str:
    """Translate `msgid` into the current language and fill `{placeholders}`."""
    lang = language()
    text = msgid if lang == "en" else catalog(lang).get(msgid, msgid)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


def N_(msgid: str, /) -> str:
    """Mark a string for translation where it is defined; translate where shown."""
    return msgid
