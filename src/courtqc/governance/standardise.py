"""Canonical forms of party names, ID numbers, credit codes, phones, addresses and dates.

One function per kind of value, each returning a `Std` (the canonical value and what was
done to it), and `standardise_row`, which applies them to the columns of a canonical table
by name. Every intake path (file load, mapped import, CDC, the event API, the MQ consumer
through the shared Applier) calls the same code, so a value has one canonical form however
it arrived.

The canonical form is what a clerk would write, not the comparison key identity resolution
uses (`courtqc.identity.normalize`): a minority name keeps its separator dot (as ·), a
company keeps 有限责任公司 and gets full-width brackets, a landline keeps its area code. The
comparison keys are defined so that a value and its canonical form give the same key, so
standardising at intake never changes who a party resolves to (property-tested).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from courtqc.domain.cnnum import CnNumberError, cn_to_int, to_halfwidth
from courtqc.domain.idnumber import id15_to_18, normalize_id_number, validate_id_number
from courtqc.domain.uscc import normalize_uscc, validate_uscc
from courtqc.identity.normalize import DOT_CHARACTERS, WHITESPACE_RE

__all__ = [
    "FIELD_KINDS",
    "Std",
    "standardise",
    "standardise_address",
    "standardise_date",
    "standardise_id_number",
    "standardise_name",
    "standardise_phone",
    "standardise_row",
    "standardise_uscc",
]

# What happened to a value: unchanged (already canonical), changed (rewritten into the
# canonical form), invalid (kept in its cleaned form, but it fails its check — a bad ID
# checksum, a date that does not exist), partial (only part of it is known: a date with
# only a year, a value that cannot be stored in the column's type).
UNCHANGED, CHANGED, INVALID, PARTIAL = "unchanged", "changed", "invalid", "partial"


@dataclass(frozen=True, slots=True)
class Std:
    """A standardised value: ``value`` is what the store keeps (None where nothing usable is
    left), ``status`` one of unchanged / changed / invalid / partial."""

    value: str | None
    status: str


def _status(raw: str, value: str | None, ok: bool = True) -> Std:
    if not ok:
        return Std(value, INVALID)
    return Std(value, UNCHANGED if value == raw else CHANGED)


# --- names and addresses -----------------------------------------------------------------

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A space next to a Chinese character is a typing slip (张 三, 张　三); between two Latin words
# it is part of the name (JOHN SMITH), kept as one space.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
_DOT_RUN = re.compile("[" + re.escape(DOT_CHARACTERS) + "]+")
_DOT_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s*[{re.escape(DOT_CHARACTERS)}]+\s*(?=[{_CJK}])")
_CANON_DOT = "\u00b7"  # · MIDDLE DOT, the separator GB 18030 fonts and the 公安 register use


def _clean_text(s: str) -> str:
    """Half-width ASCII, every run of whitespace one space, no space next to a Chinese
    character, trimmed."""
    s = WHITESPACE_RE.sub(" ", to_halfwidth(s)).strip()
    return _SPACE_NEAR_CJK.sub("", s)


# A name or address with none of these is already canonical (the common case, tested first)
_NEEDS_TEXT_WORK = re.compile(
    r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\uff01-\uff5e()"
    + re.escape(DOT_CHARACTERS)
    + "]"
)


def standardise_name(raw: str) -> Std:
    """A person's or company's name as the register writes it: full-width letters and digits
    half-width; spaces next to Chinese characters removed (the ideographic space too); the
    separator dot of a minority or foreign name, typed · • ・ ‧ ∙ ． . ﹒, written ·; brackets
    in a Chinese name full-width （）, as the enterprise register writes them. A dot left out
    cannot be put back; 有限责任公司 and 有限公司 are both lawful and kept as written."""
    if not _NEEDS_TEXT_WORK.search(raw):
        return Std(raw, UNCHANGED)
    s = _clean_text(raw)
    s = _DOT_BETWEEN_CJK.sub(_CANON_DOT, s)
    if re.search(f"[{_CJK}]", s):
        s = s.replace("(", "（").replace(")", "）")
    return _status(raw, s or None)


def standardise_address(raw: str) -> Std:
    """An address with half-width digits and letters and no stray spaces; the place names are
    kept as written — an address with less detail is not completed from a guess."""
    if not _NEEDS_TEXT_WORK.search(raw):
        return Std(raw, UNCHANGED)
    s = _clean_text(raw)
    if re.search(f"[{_CJK}]", s):
        s = s.replace("(", "（").replace(")", "）")
    return _status(raw, s or None)


# --- ID numbers and credit codes ---------------------------------------------------------


def standardise_id_number(raw: str) -> Std:
    """18 characters, upper-case X, half-width, no spaces or dashes; a first-generation
    15-digit number converted to 18 (GB 11643, `domain.idnumber.id15_to_18`). A number that
    still fails its check keeps its cleaned form and is marked invalid."""
    n = normalize_id_number(raw) or None
    if n is not None and len(n) == 15:
        n = id15_to_18(n) or n
    return _status(raw, n, n is not None and validate_id_number(n))


def standardise_uscc(raw: str) -> Std:
    """18 characters, upper case, half-width, no spaces or dashes; invalid where the GB 32100
    check character is wrong (the organisation-code check is left to the load's own check)."""
    n = normalize_uscc(raw) or None
    return _status(raw, n, n is not None and validate_uscc(n, org_code=False))


# --- phones ------------------------------------------------------------------------------

# Area codes of three digits (010 Beijing, 02x the big cities); the rest have four.
_AREA3 = re.compile(r"^(?:10|2[0-9])")


_CANONICAL_PHONE = re.compile(
    r"1[3-9][0-9]{9}|0(?:10|2[0-9])-[0-9]{7,8}|0(?:1[1-9]|[3-9][0-9])[0-9]-[0-9]{7,8}"
    r"|[2-9][0-9]{6,7}"
)


def standardise_phone(raw: str) -> Std:
    """A mobile as its 11 digits (13812345678); a landline as area code, dash, number
    (021-62345678), written with +86 / 0086 / 86, brackets, spaces or dashes; a landline
    without its area code as its 7 or 8 digits (the area is not guessed). Anything else keeps
    its digits and is marked invalid."""
    if _CANONICAL_PHONE.fullmatch(raw):
        return Std(raw, UNCHANGED)
    d = re.sub(r"[^0-9]", "", to_halfwidth(raw))
    intl = bool(re.match(r"^\s*(?:\+|00)", to_halfwidth(raw)))
    if d.startswith("0086"):
        d, intl = d[4:], True
    elif d.startswith("86") and len(d) in (12, 13):
        d, intl = d[2:], True
    if re.fullmatch(r"1[3-9][0-9]{9}", d):
        return _status(raw, d)
    if intl and d and d[0] != "0":
        d = "0" + d  # +86 21 6234 5678: the trunk 0 is left out after a country code
    if re.fullmatch(r"0[1-9][0-9]{8,10}", d):
        area = d[:3] if _AREA3.match(d[1:]) else d[:4]
        local = d[len(area) :]
        if 7 <= len(local) <= 8:
            return _status(raw, f"{area}-{local}")
    if re.fullmatch(r"[2-9][0-9]{6,7}", d):
        return _status(raw, d)
    return _status(raw, d or None, False)


# --- dates -------------------------------------------------------------------------------

_N = r"[0-9〇○零一二三四五六七八九十两廿卅]+"
_DATE_PATTERNS = (
    re.compile(rf"^({_N})\s*年\s*(?:({_N})\s*月\s*(?:({_N})\s*[日号]?)?)?$"),
    re.compile(r"^([0-9]{4})\s*[-./]\s*([0-9]{1,2})(?:\s*[-./]\s*([0-9]{1,2}))?$"),
    re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$"),
    # an ISO date with a time of day: the date is kept
    re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ][0-9:.+\-Z ]*$"),
)


def standardise_date(raw: str) -> Std:
    """ISO 8601 (1980-01-02) from 1980年1月2日, 一九八〇年一月二日, 二〇二〇年三月五日,
    1980-1-2, 1980/01/02, 1980.1.2, 19800102 and full-width digits. Only a year or a year and
    month (二〇二〇年, 2020年3月) is partial: its ISO prefix (2020, 2020-03) is returned and
    a DATE column keeps NULL — a day is never invented. A date that does not exist (2月30日)
    or that cannot be read is invalid, value None."""
    s = WHITESPACE_RE.sub(" ", to_halfwidth(raw)).strip()
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        try:
            parts = [cn_to_int(g) if g else None for g in m.groups()]
        except CnNumberError:
            return Std(None, INVALID)
        y, mo, d = parts
        if y is None or not 1000 <= y <= 9999:
            return Std(None, INVALID)
        if mo is None:
            return Std(f"{y:04d}", PARTIAL)
        if not 1 <= mo <= 12:
            return Std(None, INVALID)
        if d is None:
            return Std(f"{y:04d}-{mo:02d}", PARTIAL)
        try:
            iso = date(y, mo, d).isoformat()
        except ValueError:
            return Std(None, INVALID)
        return _status(raw, iso)
    return Std(None, INVALID)


# --- by column ---------------------------------------------------------------------------

KINDS: dict[str, Callable[[str], Std]] = {
    "name": standardise_name,
    "address": standardise_address,
    "id_number": standardise_id_number,
    "uscc": standardise_uscc,
    "phone": standardise_phone,
    "date": standardise_date,
}

# Column -> kind, for every canonical table with party or register data. Date columns of
# these tables are standardised as dates (see `field_kinds`).
FIELD_KINDS: dict[str, dict[str, str]] = {
    "parties": {
        "name": "name",
        "legal_rep": "name",
        "id_number": "id_number",
        "uscc": "uscc",
        "phone": "phone",
        "address": "address",
        "birth_date": "date",
    },
    "registry_population": {"name": "name", "id_number": "id_number", "death_date": "date"},
    "registry_enterprises": {
        "name": "name",
        "legal_rep": "name",
        "uscc": "uscc",
        "administrator_name": "name",
        "administrator_uscc": "uscc",
        "established_date": "date",
        "bankruptcy_accepted_date": "date",
    },
    "registry_enterprise_shareholders": {
        "uscc": "uscc",
        "holder_name": "name",
        "holder_id_number": "id_number",
        "holder_uscc": "uscc",
        "valid_from": "date",
        "valid_to": "date",
    },
    "registry_enterprise_names": {
        "uscc": "uscc",
        "name": "name",
        "valid_from": "date",
        "valid_to": "date",
    },
    "registry_housing_fund": {"id_number": "id_number", "name": "name"},
    "lawyers": {"name": "name", "phone": "phone"},
    "law_firms": {"name": "name"},
}


def standardise(kind: str, raw: object) -> Std:
    """Standardise one value of a kind in KINDS. A value that is not text (a date read from
    Parquet, a number) is already typed and left unchanged."""
    if raw is None:
        return Std(None, UNCHANGED)
    if not isinstance(raw, str):
        return Std(raw, UNCHANGED)  # type: ignore[arg-type]
    if not raw.strip():
        return Std(None, CHANGED)
    return KINDS[kind](raw)


@dataclass(frozen=True, slots=True)
class Change:
    """One value standardisation kept beside the row: column, raw and canonical value."""

    column: str
    raw: str
    value: str | None
    status: str


def store_value(kind: str, std: Std, raw: object) -> object:
    """What a column keeps: a partial date NULL (the raw value is kept beside); an invalid
    date its raw text, so the intake's own type check rejects the row as before."""
    if kind == "date" and std.status == PARTIAL:
        return None
    if kind == "date" and std.status == INVALID:
        return raw
    return std.value


def standardise_row(
    table: str, row: dict[str, object], columns: set[str] | None = None
) -> tuple[dict[str, object], list[Change]]:
    """The row with each governed column in canonical form, and the changes made (values
    already canonical are not listed). ``columns`` limits the work to the columns present."""
    kinds = FIELD_KINDS.get(table)
    if not kinds:
        return row, []
    out = dict(row)
    changes: list[Change] = []
    for col, kind in kinds.items():
        if columns is not None and col not in columns:
            continue
        raw = row.get(col)
        std = standardise(kind, raw)
        if std.status == UNCHANGED:
            continue
        out[col] = store_value(kind, std, raw)
        changes.append(Change(col, str(raw), std.value, std.status))
    return out, changes
