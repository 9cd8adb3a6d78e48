"""Resident identity card numbers (公民身份号码, GB 11643-1999) and masking of personal data.

An ID number has 18 characters: a 6-digit administrative division code (行政区划代码), the
birth date as YYYYMMDD, a 3-digit sequence code whose last digit is odd for men and even for
women, and a check character computed over the first 17 (ISO 7064 MOD 11-2; ``X`` stands
for 10). Court records write the final ``X`` in lower case and with full-width characters
often enough that every function here normalises first.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "IdNumberError",
    "id15_to_18",
    "id18_to_15",
    "id_birth_date",
    "id_check_digit",
    "id_gender",
    "make_id_number",
    "mask_id_number",
    "mask_phone",
    "normalize_id_number",
    "validate_id_number",
]

# Weight of position i (0-based) is 2**(17 - i) mod 11; the remainder of the weighted sum
# indexes the check character.
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"

# Full-width digits and letters, the ideographic space and ordinary spaces: the variants seen
# in court records. Mapping to "" removes the character.
_NORMALIZE = {0xFF10 + i: ord("0") + i for i in range(10)}
_NORMALIZE.update({0xFF41 + i: ord("A") + i for i in range(26)})  # ａ-ｚ
_NORMALIZE.update({0xFF21 + i: ord("A") + i for i in range(26)})  # Ａ-Ｚ
_NORMALIZE.update({ord("x"): ord("X"), 0x3000: None, 0x20: None, 0x09: None, 0xA0: None})
_NORMALIZE.update({ord("-"): None})


class IdNumberError(ValueError):
    """An ID number that is malformed: the message says which part is wrong."""


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character ('0'-'9' or 'X') for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdNumberError(
            f"身份证号前17位必须是17位数字 (first 17 characters must be 17 digits): {first17!r}"
        )
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def make_id_number(division_code: str, birth: date, seq: int, male: bool) -> str:
    """Build a valid ID number.

    ``seq`` (0..99) gives digits 15-16 and also picks digit 17 among the five digits of the
    right parity: digit 17 = 2 × (seq mod 5) + 1 for men, 2 × (seq mod 5) for women. So every
    (division, birth date) has 200 distinct numbers: 100 for each gender.
    """
    if len(division_code) != 6 or not division_code.isascii() or not division_code.isdigit():
        raise IdNumberError(f"行政区划代码必须是6位数字 (division code): {division_code!r}")
    if not 0 <= seq <= 99:
        raise IdNumberError(f"顺序码 seq must be in 0..99, got {seq}")
    if not 1800 <= birth.year <= 9999:
        raise IdNumberError(f"出生年份超出范围 (birth year out of range): {birth.year}")
    gender_digit = 2 * (seq % 5) + (1 if male else 0)
    first17 = f"{division_code}{birth:%Y%m%d}{seq:02d}{gender_digit}"
    return first17 + id_check_digit(first17)


def normalize_id_number(s: str) -> str:
    """Strip spaces and hyphens, full-width → half-width, lower-case x → X."""
    return s.translate(_NORMALIZE).upper()


def _checked(s: str, *, checksum: bool = True) -> str:
    """The normalised number, or IdNumberError saying what is wrong with it."""
    n = normalize_id_number(s)
    if len(n) != 18:
        raise IdNumberError(
            f"身份证号应为18位，实为{len(n)}位 (ID number must have 18 characters): {s!r}"
        )
    if not (n[:17].isascii() and n[:17].isdigit()):
        raise IdNumberError(f"身份证号前17位必须是数字 (first 17 characters must be digits): {s!r}")
    if n[17] not in "0123456789X":
        raise IdNumberError(
            f"身份证号末位必须是数字或X (last character must be a digit or X): {s!r}"
        )
    try:
        date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise IdNumberError(
            f"身份证号中的出生日期无效 (invalid birth date {n[6:14]}): {s!r}"
        ) from None
    if checksum:
        expected = id_check_digit(n[:17])
        if n[17] != expected:
            raise IdNumberError(
                f"身份证号校验位错误，应为{expected} (check character should be {expected}): {s!r}"
            )
    return n


def validate_id_number(s: str) -> bool:
    """True for a well-formed 18-character ID number with a real birth date and a correct
    check character (after normalisation, so lower-case x and full-width digits pass)."""
    try:
        _checked(s)
    except IdNumberError:
        return False
    return True


def id_birth_date(s: str, *, checksum: bool = True) -> date:
    """Birth date encoded in the ID number. ``checksum=False`` reads it from numbers whose
    check character is wrong (typing errors in old records)."""
    n = _checked(s, checksum=checksum)
    return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))


def id_gender(s: str, *, checksum: bool = True) -> str:
    """'male' or 'female', from the parity of digit 17."""
    n = _checked(s, checksum=checksum)
    return "male" if int(n[16]) % 2 else "female"


def mask_id_number(s: str) -> str:
    """Keep the first 6 (division: enough for district statistics) and last 4 characters
    (enough for a clerk to confirm a number read out on the phone); hide the birth date,
    which with the name identifies a person. 310115********123X is the form banks and
    government portals commonly show. Input that is not 18 characters is masked whole but
    for its last 4."""
    n = normalize_id_number(s)
    if len(n) == 18:
        return n[:6] + "*" * 8 + n[-4:]
    if len(n) <= 4:
        return "*" * len(n)
    return "*" * (len(n) - 4) + n[-4:]


_PHONE_NORMALIZE = {0xFF10 + i: ord("0") + i for i in range(10)}
_PHONE_NORMALIZE.update({0x3000: None, 0x20: None, 0xA0: None})


def mask_phone(s: str) -> str:
    """Mobile numbers as 138****5678 (carrier prefix and last 4 kept: the common form on
    Chinese receipts and portals); a +86/0086 prefix is dropped. Landlines keep the area
    code and the last 4 digits: 021-****5678. Anything else keeps only its last 2 digits."""
    p = s.translate(_PHONE_NORMALIZE)
    for prefix in ("+86-", "+86", "0086"):
        if p.startswith(prefix):
            p = p[len(prefix) :]
            break
    digits = p.replace("-", "")
    if len(digits) == 11 and digits.isdigit() and digits[0] == "1":
        return digits[:3] + "****" + digits[-4:]
    if "-" in p:
        area, _, local = p.partition("-")
        local = local.replace("-", "")
        if area.isdigit() and local.isdigit() and len(local) >= 7:
            return f"{area}-" + "*" * (len(local) - 4) + local[-4:]
    if len(digits) <= 2:
        return "*" * len(digits)
    return "*" * (len(digits) - 2) + digits[-2:]


def id15_to_18(s: str, century: str = "19") -> str | None:
    """The 18-character number of a first-generation 15-digit number (GB 11643-1999 §
    replacing GB 11643-1989: insert the century "19" before the 2-digit birth year, then
    append the check character). None where ``s`` is not 15 digits with a real birth date.
    First-generation cards were issued from 1984 and stopped being valid on 2013-01-01, so
    every holder was born in the 1900s; old case files and registers still carry them."""
    n = normalize_id_number(s)
    if len(n) != 15 or not (n.isascii() and n.isdigit()):
        return None
    first17 = n[:6] + century + n[6:]
    try:
        date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    except ValueError:
        return None
    return first17 + id_check_digit(first17)


def id18_to_15(s: str) -> str:
    """The 15-digit first-generation form of an 18-character number of someone born in the
    1900s (the century and the check character dropped) — how old records write it."""
    n = normalize_id_number(s)
    if len(n) != 18 or n[6:8] != "19":
        raise IdNumberError(f"无法转换为15位身份证号 (not convertible to 15 digits): {s!r}")
    return n[:6] + n[8:17]
