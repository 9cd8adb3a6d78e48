"""Masking of ID numbers and phone numbers in what the API returns (脱敏).

Structured fields use courtqc.domain.idnumber's masks. Free text (judgment texts, alert
messages, evidence values) is scanned for anything shaped like a resident ID number or a
mobile number, since a judgment's heading often carries both.
"""

from __future__ import annotations

import re
from typing import Any

from courtqc.domain.idnumber import mask_id_number, mask_phone

# 18-character resident ID numbers (17 digits and a digit or X), not inside a longer number.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
# Mainland mobile numbers, optionally +86; landlines with an area code.
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3})-(\d{3,4})(\d{4})(?!\d)")

# Keys (in party rows and alert evidence) whose values are ID numbers or phones.
ID_KEYS = ("id_number", "id_no", "idcard", "person_id_number")
PHONE_KEYS = ("phone", "mobile", "telephone")


def _star_group(m: re.Match[str], group: int) -> str:
    """The match with one group's characters replaced by '*': lengths are kept, so the
    character spans of extracted info points still point at the same text."""
    s, e = m.span(group)
    whole = m.group(0)
    s, e = s - m.start(), e - m.start()
    return whole[:s] + "*" * (e - s) + whole[e:]


def mask_text(text: str | None) -> str | None:
    """ID numbers and phone numbers in free text masked; the text keeps its length."""
    if not text:
        return text
    text = _ID_RE.sub(lambda m: _star_group(m, 2), text)
    text = _MOBILE_RE.sub(lambda m: _star_group(m, 2), text)
    return _LANDLINE_RE.sub(lambda m: _star_group(m, 2), text)


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
