"""Masking of what leaves the platform, one rule per field as a push model states it.

Why here and not the API's masking: a push sends structured columns whose kind the YAML names,
so the rule is chosen by the definition, not guessed from a column name; the masks themselves are
the platform's (courtqc.domain.idnumber, courtqc.web.masking) so a body sees the same forms as a
court leader does.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from courtqc.domain.idnumber import mask_id_number, mask_phone
from courtqc.web.masking import mask_text


def mask_name(name: str) -> str:
    """A natural person's name as court publications write it: surname and 某 (张三 -> 张某).
    Names of four or more characters keep two (compound surnames: 欧阳修 keeps 欧阳 only when
    the name is four long; three-character names keep one)."""
    n = name.strip()
    if not n:
        return n
    keep = 2 if len(n) >= 4 else 1
    return n[:keep] + "某"


def plain(value: Any) -> Any:
    """A JSON-friendly form: dates as ISO text, decimals as numbers with their digits kept."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value) if value == value.to_integral_value() else str(value)
    return value


def apply(mask: str, value: Any) -> Any:
    """`value` under the named mask (definition.Mask); None stays None."""
    if value is None or mask == "none":
        return plain(value)
    s = str(value)
    if mask == "id_number":
        return mask_id_number(s)
    if mask == "phone":
        return mask_phone(s)
    if mask == "name":
        return mask_name(s)
    if mask == "text":
        return mask_text(s)
    raise ValueError(f"unknown mask {mask}")
