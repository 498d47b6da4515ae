"""H11 as pure rules: spotting a password-reset or data-clearing request in what
the caller said, and checking the written authorization that such a request needs.

The guard follows the request, not the category: a call is guarded once it was
marked as such a request, or once its symptom says so (unless the operator
states why it is not one), whatever category it ends with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hotline_tui.domain.errors import ValidationError

PASSWORD_RESET = "password_reset"
DATA_CLEAR = "data_clear"
SENSITIVE = (PASSWORD_RESET, DATA_CLEAR)

_ACTS = "重置|清空|清除|清零|忘记|忘了|破解|解除|取消|找回|删除|初始化|重设|reset|clear|forgot|wipe|crack"
_PASSWORD = "密码|口令|管理员密码|admin密码|password|passwd"
_DATA = "数据|账套|帐套|账务|凭证|业务数据|data"
_GAP = r"[^。;;!?\n]{0,12}"
_PASSWORD_RE = re.compile(
    rf"(?:{_ACTS}){_GAP}(?:{_PASSWORD})|(?:{_PASSWORD}){_GAP}(?:{_ACTS})", re.IGNORECASE
)
_DATA_RE = re.compile(
    rf"(?:清空|清除|清零|删除|初始化|wipe|clear){_GAP}(?:{_DATA})"
    rf"|(?:{_DATA}){_GAP}(?:清空|清除|清零|删除|初始化)",
    re.IGNORECASE,
)


def detect_request(*texts: str) -> str | None:
    """The sensitive request a text describes (password reset before data clearing)."""
    text = "\n".join(t for t in texts if t)
    if _PASSWORD_RE.search(text):
        return PASSWORD_RESET
    if _DATA_RE.search(text):
        return DATA_CLEAR
    return None


#: A placeholder is not a document reference, however long.
_PLACEHOLDER = re.compile(r"^[\W_]*$|^(.)\1*$|^(无|没有|暂无|n/?a|none|null|test|todo|xxx+)$", re.I)


@dataclass(frozen=True)
class AuthRules:
    """What counts as a real document reference (settings)."""

    min_length: int = 6
    pattern: str = ""


def check_doc_ref(ref: str, rules: AuthRules) -> str:
    """A real reference to the signed, sealed request: long enough, not a placeholder,
    matching the center's pattern when one is set."""
    ref = (ref or "").strip()
    if not ref:
        raise ValidationError("auth_doc_ref", "Give the reference of the signed written request")
    if len(ref) < rules.min_length or _PLACEHOLDER.match(ref) or not re.search(r"\w\w", ref):
        raise ValidationError(
            "auth_doc_ref",
            "'{ref}' is not a document reference: at least {n} characters, as filed",
            ref=ref[:20],
            n=rules.min_length,
        )
    if rules.pattern and not re.fullmatch(rules.pattern, ref):
        raise ValidationError(
            "auth_doc_ref", "'{ref}' does not look like the center's document numbers", ref=ref[:20]
        )
    return ref


def check_received(received: date | None, today: date) -> date:
    """The date the written request came in: given, and not after today."""
    if received is None:
        raise ValidationError("auth_received_on", "Give the date the written request came in")
    if received > today:
        raise ValidationError("auth_received_on", "The authorization cannot be dated in the future")
    return received


def check_contact(name: str, recorded: list[str], shown: list[str] | None = None) -> str:
    """The authorizing contact is one of the unit's recorded contacts; the refusal
    lists `shown` (what the operator may see of them, S2), by default all."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            "auth_contact", "Choose the authorizing contact from the unit's contacts"
        )
    if name not in recorded:
        raise ValidationError(
            "auth_contact",
            "{name} is not a recorded contact of this unit; choose one of: {names}",
            name=name[:20],
            names="、".join(recorded if shown is None else shown) or "-",
        )
    return name
