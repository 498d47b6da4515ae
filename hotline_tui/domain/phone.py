"""Phone-number normalization so a caller is found from the number in one step (H4).

Numbers arrive messy: typed with spaces and dashes, pasted with full-width
digits, with +86 in front, with an extension (转803), or two at once. Every form
is reduced to one canonical digits-only national number, which is what the store
keeps and matches against; the extension is kept apart because it does not
identify the customer unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from hotline_tui.i18n import _

PhoneKind = Literal["mobile", "landline", "local", "other"]

MIN_DIGITS = 5
MAX_DIGITS = 20
SUFFIX_LEN = 8  # H4: a landline typed without its area code still matches by its last 8 digits


class InvalidPhone(ValueError):
    """The text cannot be a phone number (the UI translates by this class)."""


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A parsed phone number; ``number`` is the canonical key (digits only)."""

    number: str
    kind: PhoneKind
    extension: str | None = None
    area_code: str | None = None

    @property
    def display(self) -> str:
        """The usual written form, for reading the number back to the caller (H4)."""
        if self.kind == "mobile":
            text = f"{self.number[:3]} {self.number[3:7]} {self.number[7:]}"
        elif self.kind == "landline" and self.area_code:
            text = f"{self.area_code}-{self.number[len(self.area_code) :]}"
        else:
            text = self.number
        return f"{text}-{self.extension}" if self.extension else text


# Dash look-alikes NFKC leaves alone; "·" is used as a separator too.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc", "-"))
_DASHES[ord("\u00b7")] = "."

_SEPARATORS = re.compile(r"\s*(?:[/,;|\n、]|\bor\b|或)\s*", re.IGNORECASE)
_EXTENSION = re.compile(
    r"\(?\s*(?:转|分机号?|ext(?:ension)?\.?|(?<![a-z])x|#)\s*[:：]?\s*(\d{1,6})\s*\)?\s*$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:tel|phone|mobile|mob|cell|联系电话|电话|手机|座机|固话)\s*[.:：]?\s*", re.IGNORECASE
)
_ALLOWED = re.compile(r"^[\d\s+\-./()]*$")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _first_of_several(text: str) -> str:
    """ "13812345678/13912345678" holds two numbers: take the first.

    A separator only splits when the parts on both sides look like whole numbers
    (7+ digits), so "021/62345678" stays one number.
    """
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    if len(parts) > 1 and sum(len(_digits(p)) >= 7 for p in parts) >= 2:
        return next(p for p in parts if len(_digits(p)) >= 7)
    return text


def _landline(national: str) -> tuple[str, str] | None:
    """(area code, local part) if ``national`` is 0 + area code + 7-8 digits."""
    if not national.startswith("0") or len(national) < 3:
        return None
    area_len = 3 if national[1] in "12" else 4  # 010 and 02X are the short codes
    area, local = national[:area_len], national[area_len:]
    if area == "01" or not 7 <= len(local) <= 8 or local[0] in "01":
        return None
    return area, local


def _national(digits: str, international: bool) -> tuple[str, bool]:
    """Strip a country code; returns (number, is_domestic)."""
    if international or digits.startswith("00"):
        body = digits if international else digits[2:]
        if not body.startswith("86"):
            return "00" + body, False  # a foreign number, written as dialled from China
        rest = body[2:]
        if _MOBILE.fullmatch(rest) or rest.startswith("0"):
            return rest, True
        return "0" + rest, True  # +86 21 6234 5678 -> 021 6234 5678
    if digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return digits[2:], True
    if digits.startswith("0") and _MOBILE.fullmatch(digits[1:]):
        return digits[1:], True  # a long-distance 0 dialled before a mobile
    return digits, True


def _classify(digits: str, international: bool) -> PhoneNumber | None:
    """A mobile, landline or local number, or None if the digits are none of these."""
    national, domestic = _national(digits, international)
    if not domestic:
        return None
    if _MOBILE.fullmatch(national):
        return PhoneNumber(national, "mobile")
    landline = _landline(national)
    if landline:
        return PhoneNumber(national, "landline", area_code=landline[0])
    if _LOCAL.fullmatch(national):
        return PhoneNumber(national, "local")
    return None


def _by_library(digits: str, international: bool) -> PhoneNumber | None:
    """What the hand rules cannot place, asked of libphonenumber (region CN).

    It knows the real area codes and number lengths, so an area code typed
    without its 0 ("21 6234 5678", "755 8888 6666") or a country code without
    its + ("86-21-62345678") still comes out as the landline it is. Imported
    only here: most numbers never need it, and its import would slow the start.
    """
    import phonenumbers

    try:
        num = phonenumbers.parse(("+" if international else "") + digits, "CN")
    except phonenumbers.NumberParseException:
        return None
    if num.country_code != 86 or not phonenumbers.is_valid_number(num):
        return None
    national = str(num.national_number)
    kind = phonenumbers.number_type(num)
    if kind == phonenumbers.PhoneNumberType.MOBILE and _MOBILE.fullmatch(national):
        return PhoneNumber(national, "mobile")
    if kind in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        landline = _landline("0" + national)
        if landline:
            return PhoneNumber("0" + national, "landline", area_code=landline[0])
    return None


def _check_length(digits: str, raw: str) -> None:
    if len(digits) < MIN_DIGITS:
        raise InvalidPhone(
            _("Phone number too short (fewer than {n} digits): {raw}", n=MIN_DIGITS, raw=raw)
        )
    if len(digits) > MAX_DIGITS:
        raise InvalidPhone(
            _("Phone number too long (more than {n} digits): {raw}", n=MAX_DIGITS, raw=raw)
        )


def parse_phone(raw: str) -> PhoneNumber:
    """Parse free-form input into a canonical number, its kind and extension (H4).

    Raises InvalidPhone when the text has no digits, has stray letters, or has
    too few or too many digits to be a phone number.
    """
    if not isinstance(raw, str):
        raise InvalidPhone(_("A phone number must be text, not {kind}", kind=type(raw).__name__))
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES).strip()
    if not _digits(text):
        raise InvalidPhone(_("Phone number has no digits: {raw}", raw=raw))

    text = _first_of_several(text)
    extension: str | None = None
    match = _EXTENSION.search(text)
    if match and len(_digits(text[: match.start()])) >= MIN_DIGITS:
        extension, text = match.group(1), text[: match.start()]
    text = _LABEL.sub("", text.strip()).strip()
    if not _ALLOWED.match(text):
        bad = next(ch for ch in text if not (ch.isdigit() or ch in " +-./()" or ch.isspace()))
        raise InvalidPhone(_("Unexpected character {bad} in phone number: {raw}", bad=bad, raw=raw))
    if "+" in text.lstrip("( ")[1:]:
        raise InvalidPhone(_("'+' may only start a phone number: {raw}", raw=raw))

    international = text.lstrip("( ").startswith("+")
    digits = _digits(text)
    _check_length(digits, raw)

    parsed = _classify(digits, international)
    if parsed is None and extension is None and "-" in text:
        # "021-62345678-803": a short last group after a full landline is an extension.
        head, _sep, tail = text.rpartition("-")
        tail_digits = _digits(tail)
        if tail_digits and len(tail_digits) <= 6:
            candidate = _classify(_digits(head), international)
            if candidate is not None and candidate.kind == "landline":
                parsed, extension = candidate, tail_digits
    if parsed is None:
        parsed = _by_library(digits, international)
    if parsed is None:
        number, _kind = _national(digits, international)
        _check_length(number, raw)
        parsed = PhoneNumber(number, "other")
    if extension is None:
        return parsed
    return PhoneNumber(parsed.number, parsed.kind, extension, parsed.area_code)


def normalize_phone(raw: str) -> str:
    """The canonical digits-only national number the store keeps and matches on (H4)."""
    return parse_phone(raw).number


def lookup_keys(raw: str) -> list[str]:
    """Keys to match against stored normalized numbers: the whole number, then its last 8.

    The suffix finds a landline typed without its area code (and does no harm
    for a mobile); callers should prefer an exact match on the first key.
    """
    number = parse_phone(raw).number
    keys = [number]
    if len(number) > SUFFIX_LEN:
        keys.append(number[-SUFFIX_LEN:])
    return keys
