"""Masking of ID numbers and phone numbers in what the API returns (脱敏).

Structured fields use courtqc.domain.idnumber's masks. Free text (judgment texts, alert
messages, evidence values) is scanned for anything laid out as a resident ID number or a phone
number, in the layouts court documents and parties' filings use:

- ID numbers of 18 characters, whole or grouped by spaces or dashes (6-8-4, 6-4-4-4, 6-8-3-1),
  and the first-generation 15-digit numbers (division, YYMMDD, sequence);
- mobiles, whole or grouped 3-4-4 by spaces or dashes, with +86, 0086, 86 or (+86) before;
- landlines with an area code (010, 02x, 0xxx) in brackets or not, the local number of 7 or 8
  digits whole or split in two: (021)1234 5678, 021 12345678, 021-1234-5678, 0571-8888888,
  +86 21 1234 5678;
- full-width digits, brackets, dashes, plus signs and spaces count as their ASCII twins.

Masking keeps the text's length in characters (each hidden digit becomes one "*"), so the
character spans of extracted info points still point at the same text. The digits that
identify (an ID number's birth date, a phone's middle digits) are hidden; the division code,
area code and last four stay, as banks and government portals show them.
"""

from __future__ import annotations

import re
from typing import Any

from courtqc.domain.idnumber import mask_id_number, mask_phone

# Full-width characters -> their ASCII twins, one character for one (so spans are kept).
_ASCII = {0xFF10 + i: ord("0") + i for i in range(10)}
_ASCII.update(
    {
        0xFF38: ord("X"),  # Ｘ
        0xFF58: ord("x"),  # ｘ
        0xFF08: ord("("),  # （
        0xFF09: ord(")"),  # ）
        0xFF0B: ord("+"),  # ＋
        0xFF0D: ord("-"),  # －
        0x2010: ord("-"),  # ‐ hyphen
        0x2011: ord("-"),  # non-breaking hyphen
        0x2012: ord("-"),  # figure dash
        0x2013: ord("-"),  # en dash
        0x2014: ord("-"),  # em dash
        0x2212: ord("-"),  # minus sign
        0x3000: ord(" "),  # ideographic space
        0x00A0: ord(" "),  # no-break space
        0x2002: ord(" "),
        0x2003: ord(" "),
        0x2009: ord(" "),
        0x202F: ord(" "),
    }
)

_SEP = r"[ \-]?"  # one optional space or dash between groups
_NOT_BEFORE = r"(?<![0-9A-Za-z*])"  # not inside a longer number or word (or a masked one)
_NOT_AFTER = r"(?![0-9A-Za-z*])"

# 18 characters: division (6), birth date YYYYMMDD (8), sequence (3), check digit or X; a
# separator may stand after the division, inside the birth date after the year or month, and
# before the sequence or the check character. Group "hide" is the birth date.
_ID18 = re.compile(
    _NOT_BEFORE
    + r"[1-9]\d{5}"
    + _SEP
    + r"(?P<hide>(?:18|19|20)\d\d"
    + _SEP
    + r"[01]\d"
    + _SEP
    + r"[0-3]\d)"
    + _SEP
    + r"\d{3}"
    + _SEP
    + r"[\dXx]"
    + _NOT_AFTER
)
# Any 18 characters written whole (17 digits and a digit or X), even with a birth date that is
# no date (a typo in a filing is still someone's number): the middle 8 hidden.
_ID18_WHOLE = re.compile(_NOT_BEFORE + r"\d{6}(?P<hide>\d{8})\d{3}[\dXx]" + _NOT_AFTER)
# 15 digits (first-generation cards, 1984-2012): division, YYMMDD, sequence.
_ID15 = re.compile(
    _NOT_BEFORE
    + r"[1-9]\d{5}"
    + _SEP
    + r"(?P<hide>\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    + _SEP
    + r"\d{3}"
    + _NOT_AFTER
)
# Mobiles: 1[3-9]x, then 4 and 4 digits; a country code before it in any usual form.
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z*+])"
    + r"(?:(?:\(\+?86\)|(?:\+|00)?86)[ \-]?)?"
    + r"1[3-9]\d"
    + _SEP
    + r"(?P<hide>\d{4})"
    + _SEP
    + r"\d{4}"
    + _NOT_AFTER
)
# Landlines: area code 010, 02x or 0xxx (3xx-9xx), in brackets or not, or +86 / 0086 and the
# code without its 0; then the local number of 7 or 8 digits (never starting 0), whole or
# split in two. Group "hide" is all of the local number but its last 4 digits.
_AREA = r"(?:10|2\d|[3-9]\d\d)"
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z*+])"
    + r"(?:"
    + r"\(\s?0"
    + _AREA
    + r"\s?\)[ \-]?"
    + r"|0"
    + _AREA
    + r"[ \-]?"
    + r"|(?:\+|00)86[ \-]?\(?0?"
    + _AREA
    + r"\)?[ \-]?"
    + r")"
    + r"(?P<hide>[1-9]\d{2,3})"
    + _SEP
    + r"\d{4}"
    + _NOT_AFTER
)
_PATTERNS = (_ID18_WHOLE, _ID18, _ID15, _MOBILE, _LANDLINE)

# Keys (in party rows and alert evidence) whose values are ID numbers or phones.
ID_KEYS = ("id_number", "id_no", "idcard", "person_id_number")
PHONE_KEYS = ("phone", "mobile", "telephone")


def mask_text(text: str | None) -> str | None:
    """ID numbers and phone numbers in free text masked, in any of the layouts above; the
    text keeps its length, and every character outside a hidden group is kept as written
    (full-width stays full-width)."""
    if not text:
        return text
    work = text.translate(_ASCII)
    hidden = bytearray(len(work))
    for pattern in _PATTERNS:  # each pattern sees the digits earlier ones hid as "*"
        found = False
        for m in pattern.finditer(work):
            s, e = m.span("hide")
            for i in range(s, e):
                if work[i].isdigit():
                    hidden[i] = 1
            found = True
        if found:
            work = "".join("*" if h else c for c, h in zip(work, hidden, strict=True))
    if not any(hidden):
        return text
    return "".join("*" if h else c for c, h in zip(text, hidden, strict=True))


def _is_id_key(k: str) -> bool:
    k = k.lower()
    return any(k == x or k.endswith("_" + x) for x in ID_KEYS)


def _is_phone_key(k: str) -> bool:
    k = k.lower()
    return any(k == x or k.endswith("_" + x) for x in PHONE_KEYS)


def mask_value(key: str, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, str):
        if _is_id_key(key):
            return mask_id_number(v)
        if _is_phone_key(key):
            return mask_phone(v)
        return mask_text(v)
    if isinstance(v, dict):
        return mask_record(v)
    if isinstance(v, list):
        return [mask_value(key, x) for x in v]
    return v


def mask_record(row: dict[str, Any]) -> dict[str, Any]:
    """A copy of a row (party, evidence item) with ID numbers and phones masked."""
    return {k: mask_value(k, v) for k, v in row.items()}
