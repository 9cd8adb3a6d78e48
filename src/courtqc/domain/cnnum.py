"""Chinese numerals, money, dates and durations as judgments write them.

Judgments mix three ways of writing numbers: Arabic digits (half- or full-width, with
thousands separators), lower-case Chinese numerals (一千二百三十四, 两万, 二〇一八) and the
financial upper case (壹仟贰佰). Everything here is a pure function over short strings,
written for speed: extraction runs these over millions of info points, so each parser is a
single pass over the characters with lookup tables built once at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CnNumberError",
    "Duration",
    "cn_to_int",
    "cn_to_number",
    "format_cn_date",
    "format_duration_months",
    "int_to_cn",
    "money_to_cn_upper",
    "parse_cn_date",
    "parse_duration",
    "parse_duration_months",
    "parse_money",
    "to_halfwidth",
]


class CnNumberError(ValueError):
    """A numeral, amount, date or duration that cannot be read: the message names the text
    and what is wrong with it."""


# --- full-width → half-width -------------------------------------------------------------

# U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E; U+3000 is the ideographic
# space. One character maps to one character, so spans found in the converted text are
# spans in the original.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20


def to_halfwidth(s: str) -> str:
    """Full-width ASCII forms (０-９, Ａ-Ｚ, ａ-ｚ, punctuation) and the ideographic space
    to their half-width forms. Length-preserving. Chinese punctuation such as （） is
    converted to () because it is the full-width form of ASCII; 〔〕 and 、 are not."""
    return s.translate(_HALFWIDTH)


# --- Chinese numerals → numbers ------------------------------------------------------------

_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "０": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
for _i in range(10):
    _DIGITS[str(_i)] = _i
    _DIGITS[chr(0xFF10 + _i)] = _i
_ARABIC = frozenset("0123456789") | {chr(0xFF10 + i) for i in range(10)}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_TENS = {"廿": 20, "卅": 30, "卌": 40}
_POINT = frozenset(".．点點")
_SEPARATORS = frozenset(",，_ \u3000")
_ZEROS = frozenset("零〇○")


def cn_to_number(s: str) -> Decimal:
    """A number written in Arabic digits, Chinese numerals or a mix of both: "1,234.5",
    "一千二百三十四", "两万", "十二", "壹仟贰佰", "3万", "12.5万", "一点五", "二〇一八".

    Digits with no units between them ("二〇一八", "一九九〇") read as a digit string, the
    way years and numbers read aloud are written.
    """
    text = s.strip()
    if not text:
        raise CnNumberError(f"空的数字 (empty numeral): {s!r}")
    if text.isascii() and text.isdigit():  # fast path: plain Arabic integer
        return Decimal(text)
    sign = 1
    if text[0] in "负-−":
        sign, text = -1, text[1:]
    # A digit string (no units): year-style or Arabic, possibly with a decimal point.
    if all(c in _DIGITS or c in _POINT or c in _SEPARATORS for c in text) and any(
        c in _DIGITS for c in text
    ):
        digits = "".join(
            "." if c in _POINT else str(_DIGITS[c]) for c in text if c not in _SEPARATORS
        )
        if digits.count(".") > 1 or digits.startswith(".") or digits.endswith("."):
            raise CnNumberError(f"数字中的小数点位置不对 (misplaced decimal point): {s!r}")
        return sign * Decimal(digits)
    return sign * _read_with_units(text, s)


def _read_with_units(text: str, original: str) -> Decimal:
    total = 0  # everything above the current 亿 section, already multiplied
    section = 0  # the current section below 亿 (may include a 万 part)
    number: int | Decimal = 0  # the digit(s) waiting for a unit
    have_number = False
    prev_arabic = False
    fraction: str | None = None  # digits after 点/. while reading a decimal number
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if fraction is not None and c in _DIGITS:
            fraction += str(_DIGITS[c])
            i += 1
            continue
        if c in _DIGITS:
            d = _DIGITS[c]
            number = number * 10 + d if prev_arabic and c in _ARABIC else d
            have_number = True
            prev_arabic = c in _ARABIC
        elif c in _SMALL_UNITS:
            unit = _SMALL_UNITS[c]
            if fraction is not None:
                number = Decimal(f"{number}.{fraction or 0}")
                fraction = None
            # "十二" is 12: a 十 with nothing before it counts one ten.
            section += (number if have_number else 1) * unit
            number, have_number, prev_arabic = 0, False, False
        elif c in _BIG_UNITS:
            unit = _BIG_UNITS[c]
            if fraction is not None:
                number = Decimal(f"{number}.{fraction or 0}")
                fraction = None
            if unit == 100_000_000:
                total = (total + section + number) * unit
                section = 0
            else:
                section = (section + number) * unit
            number, have_number, prev_arabic = 0, False, False
        elif c in _TENS:
            section += _TENS[c]
            number, have_number, prev_arabic = 0, False, False
        elif c in _POINT:
            if fraction is not None or not have_number:
                raise CnNumberError(
                    f"数字中的小数点位置不对 (misplaced decimal point): {original!r}"
                )
            fraction = ""
        elif c in _SEPARATORS:
            pass
        else:
            raise CnNumberError(
                f"无法识别的数字字符 {c!r}（第{i + 1}个字符）(not a numeral character): {original!r}"
            )
        i += 1
    if fraction is not None:
        number = Decimal(f"{number}.{fraction or 0}")
    return Decimal(total + section) + Decimal(number)


def cn_to_int(s: str) -> int:
    """An integer written in Arabic digits, Chinese numerals or both (see cn_to_number);
    CnNumberError if the value is not whole."""
    value = cn_to_number(s)
    if value != value.to_integral_value():
        raise CnNumberError(f"不是整数 (not a whole number): {s!r}")
    return int(value)


_LOWER_DIGITS = "零一二三四五六七八九"
_UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_LOWER_UNITS = ("", "十", "百", "千")
_UPPER_UNITS = ("", "拾", "佰", "仟")


def _four(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n < 10000 with inner zeros read once: 1005 → 一千零五."""
    out = []
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out.append(digits[0])
                zero = False
            out.append(digits[d] + units[pos])
    return "".join(out)


def _cn(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n, grouped by 亿 then 万, each lower group led by 零 when its top digit is empty:
    1000100000000 → 一万零一亿, 100010000 → 一亿零一万."""
    if n < 10_000:
        return _four(n, digits, units)
    big, size = ("亿", 100_000_000) if n >= 100_000_000 else ("万", 10_000)
    high, low = divmod(n, size)
    text = _cn(high, digits, units) + big
    if low:
        text += (digits[0] if low < size // 10 else "") + _cn(low, digits, units)
    return text


def int_to_cn(n: int, upper: bool = False) -> str:
    """Chinese numeral for an integer: 1234 → 一千二百三十四, 12 → 十二, 100005 → 十万零五;
    ``upper=True`` gives the financial form (壹仟贰佰叁拾肆, 壹拾贰)."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise CnNumberError(f"int_to_cn needs an int, got {type(n).__name__}")
    digits = _UPPER_DIGITS if upper else _LOWER_DIGITS
    units = _UPPER_UNITS if upper else _LOWER_UNITS
    if n == 0:
        return digits[0]
    if n < 0:
        return "负" + int_to_cn(-n, upper)
    text = _cn(n, digits, units)
    # Lower case says 十二 and 十万, not 一十二; the financial form keeps 壹拾.
    if not upper and text.startswith("一十"):
        text = text[1:]
    return text


# --- money -------------------------------------------------------------------------------

_CENT = Decimal("0.01")
_MONEY_PREFIXES = ("人民币", "RMB", "CNY", "￥", "¥", "约", "共计", "合计", "计")
_MONEY_ARABIC = re.compile(r"^([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万|亿|千)?(?:元|圆)?$")


def parse_money(s: str) -> Decimal:
    """An amount in yuan, rounded to the fen: "1,234.56元", "12.5万元", "人民币壹万贰仟元整",
    "三千元", "1亿元", "￥500", "叁佰肆拾伍元陆角柒分", "3万5千元"."""
    text = to_halfwidth(s).strip().replace(" ", "")
    for prefix in _MONEY_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = text.removesuffix("整").removesuffix("正")
    if not text:
        raise CnNumberError(f"金额为空 (no amount): {s!r}")
    m = _MONEY_ARABIC.match(text)
    try:
        if m:
            value = Decimal(m.group(1).replace(",", "").replace("，", ""))
            unit = m.group(2)
            if unit:
                value *= {"万": 10_000, "亿": 100_000_000, "千": 1000}[unit]
        else:
            value = _parse_cn_money(text)
    except (CnNumberError, InvalidOperation) as e:
        raise CnNumberError(f"无法解析金额 (cannot read amount) {s!r}: {e}") from None
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _parse_cn_money(text: str) -> Decimal:
    yuan_part, sep, rest = text.partition("元")
    if not sep:
        yuan_part, sep, rest = text.partition("圆")
    if not sep:  # "五角", "十万"
        yuan_part, rest = ("", text) if ("角" in text or "分" in text) else (text, "")
    value = cn_to_number(yuan_part) if yuan_part else Decimal(0)
    if rest:
        jiao, has_jiao, after = rest.partition("角")
        if not has_jiao:
            jiao, after = "", rest
        jiao = jiao.lstrip("零〇")
        if jiao:
            value += cn_to_number(jiao) / 10
        fen = after.removesuffix("分").lstrip("零〇")
        if after and not after.endswith("分"):
            raise CnNumberError(f"元以下的部分无法识别: {rest!r}")
        if fen:
            value += cn_to_number(fen) / 100
    return value


def money_to_cn_upper(amount: Decimal | int | str, prefix: str = "人民币") -> str:
    """Financial upper-case amount as written on judgments and receipts:
    12345.67 → 人民币壹万贰仟叁佰肆拾伍元陆角柒分; 12000 → 人民币壹万贰仟元整;
    1.05 → 人民币壹元零伍分; 0.5 → 人民币伍角."""
    value = Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise CnNumberError(f"金额不能为负 (negative amount): {amount}")
    fen_total = int(value * 100)
    yuan, rem = divmod(fen_total, 100)
    jiao, fen = divmod(rem, 10)
    parts = []
    if yuan:
        parts.append(int_to_cn(yuan, upper=True) + "元")
    if not jiao and not fen:
        return prefix + (parts[0] if parts else "零元") + "整"
    if jiao:
        parts.append(_UPPER_DIGITS[jiao] + "角")
    elif yuan:
        parts.append("零")  # 壹元零伍分
    if fen:
        parts.append(_UPPER_DIGITS[fen] + "分")
    return prefix + "".join(parts)


# --- dates -------------------------------------------------------------------------------

_NUM = r"[0-9〇○零一二三四五六七八九十两廿卅]+"
_CN_DATE = re.compile(rf"^\s*({_NUM})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]\s*$")
_ISO_DATE = re.compile(r"^\s*([0-9]{4})\s*[-./]\s*([0-9]{1,2})\s*[-./]\s*([0-9]{1,2})\s*$")


def parse_cn_date(s: str) -> date:
    """A date as judgments write it: "二〇一八年三月五日", "二零一八年三月五日",
    "2018年3月5日" (also with full-width digits), "2018-03-05", "2018.3.5", "2018/3/5"."""
    text = to_halfwidth(s)
    m = _CN_DATE.match(text) or _ISO_DATE.match(text)
    if not m:
        raise CnNumberError(f"无法识别的日期格式 (not a date like 2018年3月5日): {s!r}")
    y, mo, d = (cn_to_int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError as e:
        raise CnNumberError(f"日期不存在 (no such date) {s!r}: {e}") from None


_YEAR_DIGITS = "〇一二三四五六七八九"


def format_cn_date(d: date, numerals: str = "chinese") -> str:
    """Court style: 二〇一八年三月五日 (the year digit by digit with 〇, month and day as
    numbers: 十二月, 二十一日); ``numerals="arabic"`` gives 2018年3月5日."""
    if numerals == "arabic":
        return f"{d.year}年{d.month}月{d.day}日"
    if numerals != "chinese":
        raise ValueError(f"numerals must be 'chinese' or 'arabic', got {numerals!r}")
    year = "".join(_YEAR_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{int_to_cn(d.month)}月{int_to_cn(d.day)}日"


# --- durations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    """A term as the judgment states it (有期徒刑三年六个月, 缓刑二年, 拘役十五日)."""

    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        if self.days:
            raise CnNumberError(f"期限含有日数，不能换算为整月 (term has days): {self}")
        return self.years * 12 + self.months


_DUR_NUM = r"[0-9零〇一二两三四五六七八九十百]+"
_DURATION = re.compile(
    rf"^\s*(?:(?P<y>{_DUR_NUM})\s*年(?P<half>半)?)?\s*零?\s*"
    rf"(?:(?P<m>{_DUR_NUM}|半)\s*个?\s*月)?\s*零?\s*"
    rf"(?:(?P<d>{_DUR_NUM})\s*(?:日|天))?\s*$"
)


def parse_duration(s: str) -> Duration:
    """ "三年六个月", "一年零六个月", "六个月", "1年6个月", "十个月", "二年", "一年半",
    "十五日" → Duration(years, months, days)."""
    text = to_halfwidth(s)
    m = _DURATION.match(text)
    if not m or not (m["y"] or m["m"] or m["d"]):
        raise CnNumberError(f"无法识别的期限 (not a term like 三年六个月): {s!r}")
    years = cn_to_int(m["y"]) if m["y"] else 0
    months = 0
    if m["half"]:
        months += 6
    if m["m"]:
        if m["m"] == "半":
            raise CnNumberError(f"期限写法不明 (半个月 is not a whole month): {s!r}")
        if m["half"]:
            raise CnNumberError(f"期限写法矛盾 (both 年半 and months): {s!r}")
        months += cn_to_int(m["m"])
    days = cn_to_int(m["d"]) if m["d"] else 0
    return Duration(years, months, days)


def parse_duration_months(s: str) -> int:
    """A term in whole months: "三年六个月" → 42; CnNumberError if it is stated in days."""
    return parse_duration(s).total_months


def format_duration_months(months: int) -> str:
    """42 → 三年六个月, 12 → 一年, 6 → 六个月, 0 → 零个月 (the form sentences use)."""
    if months < 0:
        raise CnNumberError(f"期限不能为负 (negative term): {months}")
    years, rest = divmod(months, 12)
    if not years:
        return f"{int_to_cn(rest)}个月"
    return f"{int_to_cn(years)}年" + (f"{int_to_cn(rest)}个月" if rest else "")
