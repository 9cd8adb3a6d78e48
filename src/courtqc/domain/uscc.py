"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of legal persons.

18 characters: registration department (登记管理部门代码, 1 char: 9 = market regulation,
5 = civil affairs, 1 = institutional establishment ...), organisation type (机构类别代码,
1 char: under department 9, 1 = enterprise, 2 = individual business, 3 = farmers'
cooperative), the 6-digit administrative division code, the 9-character organisation code
(组织机构代码, GB 11714: 8 body characters and its own check character) and a check character
over the first 17 (modulo 31).

The alphabet is the digits and the capital letters without I, O, S, V and Z, which are too
easily confused with 1, 0, 5, U and 2.
"""

from __future__ import annotations

__all__ = [
    "USCC_CHARSET",
    "UsccError",
    "make_uscc",
    "normalize_uscc",
    "org_code_check_char",
    "uscc_check_char",
    "validate_uscc",
]

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3**i mod 31

# GB 11714 organisation code: digits keep their value, letters A-Z are 10-35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_NORMALIZE = {0xFF10 + i: ord("0") + i for i in range(10)}
_NORMALIZE.update({0xFF21 + i: ord("A") + i for i in range(26)})
_NORMALIZE.update({0xFF41 + i: ord("A") + i for i in range(26)})
_NORMALIZE.update({0x3000: None, 0x20: None, 0x09: None, 0xA0: None, ord("-"): None})


class UsccError(ValueError):
    """A malformed unified social credit code: the message says which part is wrong."""


def _values(s: str, what: str) -> list[int]:
    try:
        return [_VALUE[c] for c in s]
    except KeyError as e:
        raise UsccError(
            f"{what}含有不允许的字符 {e.args[0]!r}（只允许数字和除 I O S V Z 外的大写字母）"
            f" (character not allowed in a credit code): {s!r}"
        ) from None


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    if len(first17) != 17:
        raise UsccError(f"统一社会信用代码前17位长度应为17 (need 17 characters): {first17!r}")
    total = sum(v * w for v, w in zip(_values(first17, "统一社会信用代码"), _WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation-code body."""
    if (
        len(body) != 8
        or not all(c.isdigit() or "A" <= c <= "Z" for c in body)
        or not body.isascii()
    ):
        raise UsccError(f"组织机构代码本体应为8位数字或大写字母 (organisation code body): {body!r}")
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def make_uscc(division_code: str, body: str, dept: str = "9", org_type: str = "1") -> str:
    """Build a valid code from the 8-character organisation-code body; both check characters
    (organisation code and credit code) are computed, so the result validates fully."""
    if len(division_code) != 6 or not division_code.isascii() or not division_code.isdigit():
        raise UsccError(f"行政区划代码必须是6位数字 (division code): {division_code!r}")
    if len(dept) != 1 or len(org_type) != 1:
        raise UsccError(
            f"登记管理部门代码和机构类别代码各1位 (dept, org_type): {dept!r}, {org_type!r}"
        )
    _values(dept + org_type + body, "登记管理部门、机构类别或组织机构代码")
    first17 = dept + org_type + division_code + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def normalize_uscc(s: str) -> str:
    """Strip spaces and hyphens, full-width → half-width, upper case."""
    return s.translate(_NORMALIZE).upper()


def validate_uscc(s: str, *, org_code: bool = True) -> bool:
    """True for an 18-character code in the credit-code alphabet whose division code is 6
    digits and whose check character is right. ``org_code=True`` also checks the embedded
    GB 11714 organisation-code check character (positions 9-17)."""
    n = normalize_uscc(s)
    if len(n) != 18 or not n[2:8].isdigit() or not n.isascii():
        return False
    try:
        if uscc_check_char(n[:17]) != n[17]:
            return False
        if org_code and org_code_check_char(n[8:16]) != n[16]:
            return False
    except UsccError:
        return False
    return True
