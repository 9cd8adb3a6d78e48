"""Normalised party names, addresses, phones, ID numbers and credit codes — each both as a
Python function (for one value) and as a DuckDB SQL expression (for the whole parties table).

The two forms are built from the same tables below and tests check that they agree, so a
party resolved in bulk gets the same key as the same party looked up one at a time.
"""

from __future__ import annotations

import re

from courtqc.domain.cnnum import to_halfwidth

__all__ = [
    "DOT_CHARACTERS",
    "WHITESPACE_RE",
    "id15_to_18_sql",
    "id_number_sql",
    "id_valid_sql",
    "normalize_address",
    "normalize_party_name",
    "normalize_phone",
    "sql_address",
    "sql_name",
    "sql_phone",
    "uscc_sql",
    "uscc_valid_sql",
]

# Full-width ASCII forms and the ideographic space → half-width (as cnnum.to_halfwidth).
_FULL = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
_HALF = "".join(chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)) + " "
# Whitespace of every kind that typists leave in names (incl. no-break and zero-width).
_WS_CLASS = r"\s\x{00A0}\x{2000}-\x{200B}\x{202F}\x{205F}\x{3000}\x{FEFF}"
_WS_RE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# The separator dot of transliterated minority and foreign names (阿依古丽·买买提) is typed many
# ways — · • ・ ‧ ∙ ． . ﹒ — or left out altogether, so names are compared without it.
_DOTS_FROM = "·•・‧∙.﹒"  # after half-width conversion, so ． arrives as .
# Shared with courtqc.governance.standardise, which writes the canonical forms these keys
# are compared in.
DOT_CHARACTERS = _DOTS_FROM
WHITESPACE_RE = _WS_RE
_DOTS_SQL = _DOTS_FROM.replace(".", "\\.")  # as a regular-expression character class
# Company-form spellings that name the same legal form (公司法: 有限责任公司 may call itself
# 有限公司). Applied in order, after half-width conversion.
_NAME_REPLACEMENTS: tuple[tuple[str, str], ...] = (("有限责任公司", "有限公司"),)
# Address prefixes that carry no information inside one city's courts.
# Alternatives are tried left to right, so the longer spelling of each comes first.
_ADDRESS_PREFIX_RE = re.compile("^(?:中华人民共和国|中国|上海市|上海)")


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _halfwidth_sql(col: str) -> str:
    # translate() with the whole full-width table costs ~20x a regexp test, and full-width
    # characters are rare, so convert only the values that have one.
    return (
        f"CASE WHEN regexp_matches({col}, '[\\x{{FF01}}-\\x{{FF5E}}\\x{{3000}}]') "
        f"THEN translate({col}, {_sql_str(_FULL)}, {_sql_str(_HALF)}) ELSE {col} END"
    )


def normalize_party_name(name: str | None) -> str | None:
    """The form names are compared in: full-width → half-width, every space removed, Latin
    letters upper-cased, separator dots removed, 有限责任公司 ≡ 有限公司. None/empty → None."""
    if name is None:
        return None
    s = _WS_RE.sub("", to_halfwidth(name).replace("\u3000", " ")).upper()
    for ch in _DOTS_FROM:
        s = s.replace(ch, "")
    for old, new in _NAME_REPLACEMENTS:
        s = s.replace(old, new)
    return s or None


def sql_name(col: str) -> str:
    """SQL expression equal to normalize_party_name(col)."""
    expr = f"upper(regexp_replace({_halfwidth_sql(col)}, '[{_WS_CLASS}]+', '', 'g'))"
    expr = f"regexp_replace({expr}, '[{_DOTS_SQL}]', '', 'g')"
    for old, new in _NAME_REPLACEMENTS:
        expr = f"replace({expr}, {_sql_str(old)}, {_sql_str(new)})"
    return f"nullif({expr}, '')"


def normalize_address(address: str | None) -> str | None:
    """Name normalisation plus: the city prefix (上海市, 中国 ...) dropped, so 上海市浦东新区…
    and 浦东新区… compare equal."""
    s = normalize_party_name(address)
    if s is None:
        return None
    return _ADDRESS_PREFIX_RE.sub("", s, count=1) or None


def sql_address(col: str) -> str:
    """SQL expression equal to normalize_address(col)."""
    return (
        f"nullif(regexp_replace({sql_name(col)}, {_sql_str(_ADDRESS_PREFIX_RE.pattern)}, ''), '')"
    )


_COUNTRY_CODE = r"^(?:0086|86)([0-9]{11})$"
# Shanghai landlines: 8 digits, written with or without the area code 021 (021-6xxxxxxx,
# (021)6xxxxxxx, 6xxxxxxx); compared without it.
_AREA_CODE = r"^(?:0086|86)?0?21([2-9][0-9]{7})$"


def normalize_phone(phone: str | None) -> str | None:
    """Digits only, without the +86 / 0086 country code and without Shanghai's area code 021:
    '+86 138-1234-5678' → 13812345678, '(021)6234-5678' → 62345678."""
    if phone is None:
        return None
    digits = re.sub(r"[^0-9]", "", to_halfwidth(phone))
    digits = re.sub(_COUNTRY_CODE, r"\1", digits)
    return re.sub(_AREA_CODE, r"\1", digits) or None


def sql_phone(col: str) -> str:
    """SQL expression equal to normalize_phone(col)."""
    d = f"regexp_replace({_halfwidth_sql(col)}, '[^0-9]', '', 'g')"
    d = f"regexp_replace({d}, '{_COUNTRY_CODE}', '\\1')"
    return f"nullif(regexp_replace({d}, '{_AREA_CODE}', '\\1'), '')"


# --- ID numbers and credit codes in SQL (the Python forms are courtqc.domain.*) ---------

_ID_FROM = "０１２３４５６７８９ｘＸx"
_ID_TO = "0123456789XXX"


def id_number_sql(col: str) -> str:
    """SQL equal to courtqc.domain.idnumber.normalize_id_number(col) (NULL stays NULL)."""
    full = (
        f"nullif(translate(regexp_replace({col}, '[{_WS_CLASS}-]+', '', 'g'), "
        f"{_sql_str(_ID_FROM)}, {_sql_str(_ID_TO)}), '')"
    )
    # Most numbers are already clean; the test is much cheaper than the rewriting.
    return (
        f"CASE WHEN regexp_full_match({col}, '[0-9]{{17}}[0-9X]') THEN {col} "
        f"ELSE {id15_to_18_sql(full)} END"
    )


def id15_to_18_sql(n: str) -> str:
    """SQL equal to courtqc.domain.idnumber.id15_to_18 on a normalised number ``n`` where it
    is 15 digits with a real birth date (the first-generation number: century 19 inserted,
    check character appended); any other value unchanged."""
    first17 = f"(substr({n}, 1, 6) || '19' || substr({n}, 7, 9))"
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = " + ".join(
        f"{w} * (unicode(substr({first17}, {i + 1}, 1)) - 48)" for i, w in enumerate(weights)
    )
    return (
        f"CASE WHEN regexp_full_match({n}, '[0-9]{{15}}') "
        f"AND try_strptime('19' || substr({n}, 7, 6), '%Y%m%d') IS NOT NULL "
        f"THEN {first17} || substr('10X98765432', (({total}) % 11) + 1, 1) ELSE {n} END"
    )


def id_valid_sql(n: str) -> str:
    """SQL equal to validate_id_number on an already normalised number ``n``."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = " + ".join(
        f"{w} * (unicode(substr({n}, {i + 1}, 1)) - 48)" for i, w in enumerate(weights)
    )
    return (
        f"coalesce(regexp_full_match({n}, '[0-9]{{17}}[0-9X]') "
        f"AND try_strptime(substr({n}, 7, 8), '%Y%m%d') IS NOT NULL "
        f"AND substr('10X98765432', (({total}) % 11) + 1, 1) = substr({n}, 18, 1), false)"
    )


_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_sql(col: str) -> str:
    """SQL equal to courtqc.domain.uscc.normalize_uscc(col)."""
    stripped = f"regexp_replace({col}, '[{_WS_CLASS}-]+', '', 'g')"
    full = f"nullif(upper({_halfwidth_sql(stripped)}), '')"
    return f"CASE WHEN regexp_full_match({col}, '[0-9A-Z]{{18}}') THEN {col} ELSE {full} END"


def uscc_valid_sql(n: str) -> str:
    """SQL equal to validate_uscc(n, org_code=False) on a normalised code ``n``: identity
    needs the code to be the one typed, not a well-formed registry entry, so the embedded
    organisation-code check is left to ingestion."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = " + ".join(
        f"{w} * (instr('{_USCC_CHARSET}', substr({n}, {i + 1}, 1)) - 1)"
        for i, w in enumerate(weights)
    )
    return (
        f"coalesce(regexp_full_match({n}, '[{_USCC_CHARSET}]{{2}}[0-9]{{6}}[{_USCC_CHARSET}]{{10}}') "
        f"AND substr('{_USCC_CHARSET}', ((31 - ({total}) % 31) % 31) + 1, 1) = substr({n}, 18, 1), false)"
    )
