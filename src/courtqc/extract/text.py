"""Input checks and the small readers every extractor shares.

The text is normalised once with `to_halfwidth` (full-width digits, letters and ASCII
punctuation, and the ideographic space, to half-width). That mapping is one character to
one character, so every span found in the normalised text is a span in the original; values
that are shown to people (names, addresses) are cut from the original text.

Normalising also caps runs of blanks (`MAX_BLANKS`): past the 16th blank of a run, each one
becomes `INERT`, a character no pattern reads. Real judgments have no such runs (none of 8
or more in the real sets the evaluations read), and with every run of blanks bounded the
patterns of every reader take time linear in the text (docs/EXTRACTION.md, "Input
handling"): 1,500 tabs inside a citation once took 86 s on a 1.7 KB judgment.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from courtqc.domain.cnnum import (
    CnNumberError,
    cn_to_int,
    parse_cn_date,
    parse_duration,
    parse_money,
    to_halfwidth,
)


class ExtractInputError(ValueError):
    """Input that is not a document this extractor can read (empty, binary, not Chinese).
    The message says what is wrong, in Chinese first."""


_CJK = re.compile(r"[\u4e00-\u9fff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def check_input(text: object, where: str = "") -> str:
    """Return the text if it looks like a Chinese document, else raise ExtractInputError."""
    at = f" ({where})" if where else ""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ExtractInputError(
                f"输入不是 UTF-8 文本，疑为二进制文件{at} (input is not UTF-8 text; binary?)"
            ) from None
    if not isinstance(text, str):
        raise ExtractInputError(f"输入不是文本{at} (expected a string, got {type(text).__name__})")
    stripped = text.strip()
    if not stripped:
        raise ExtractInputError(f"输入为空{at} (empty document)")
    if _SURROGATE.search(text):
        raise ExtractInputError(
            f"输入含有孤立的代理字符，不是合法的 Unicode 文本{at} "
            "(a lone surrogate such as \\ud800 is not text)"
        )
    bad = len(_CONTROL.findall(stripped[:20000]))
    if bad > max(3, len(stripped[:20000]) // 100):
        raise ExtractInputError(
            f"输入含有大量控制字符，疑为二进制文件{at} (input looks binary: {bad} control characters)"
        )
    sample = stripped[:20000]
    cjk = len(_CJK.findall(sample))
    visible = sum(1 for c in sample if not c.isspace())
    if cjk < 2 or cjk * 5 < visible:
        raise ExtractInputError(
            f"输入不是中文文书{at} (not a Chinese document: {cjk} Chinese characters of {visible})"
        )
    return text


#: longest run of blanks the readers see; the rest of a run becomes INERT
MAX_BLANKS = 16
#: stands for a blank past MAX_BLANKS: not a blank, letter, digit or punctuation mark
INERT = "\ue000"
_LONG_BLANKS = re.compile(rf"\s{{{MAX_BLANKS + 1},}}")


def _cap_blanks(m: re.Match[str]) -> str:
    run = m.group(0)
    return run[:MAX_BLANKS] + INERT * (len(run) - MAX_BLANKS)


def normalise(text: str) -> str:
    """Half-width digits and punctuation, \\r to \\n, blanks past the 16th of a run as
    INERT, OCR's 入民法院 / 入民检察院 as 人民…; same length as the input."""
    t = to_halfwidth(text).replace("\r", "\n")
    if "入民" in t:
        t = t.replace("入民法院", "人民法院").replace("入民检察院", "人民检察院")
    return _LONG_BLANKS.sub(_cap_blanks, t)


# --- value readers: None instead of an exception, so one odd value never sinks a document --
# Values past these bounds are misreadings (a run of digits, a garbled number), not amounts or
# terms any judgment states; reading them as None keeps date arithmetic and JSON output sane.
MAX_INT = 10**12
MAX_MONEY = Decimal(10) ** 15  # yuan
MAX_MONTHS = 1200  # a hundred years
MAX_DAYS = 36500

CN_NUM = r"[0-9〇○零一二两三四五六七八九十百千万]"
DATE_RE = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日"
DATE = re.compile(DATE_RE)
# Money: digits with separators or Chinese numerals (incl. financial upper case), then 元/万元.
# A number starts where a run of digits or numerals starts (the lookbehinds): a match that
# fails from the run's start fails from inside it too, and searching from every position of a
# long run would cost the square of its length.
MONEY_RE = (
    r"(?:人民币|RMB|¥|￥)?\s*"
    r"(?:(?<![\d,])\d[\d,]*(?:\.\d+)?\s*(?:万|亿)?"
    r"|(?<![零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟])[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)"
    r"\s*(?:元|圆)(?:[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]角)?(?:[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]分)?整?"
)
MONEY = re.compile(MONEY_RE)
DURATION_RE = r"[0-9零〇一二两三四五六七八九十百]+\s*(?:年半?(?:零?[0-9零〇一二两三四五六七八九十]+\s*个?\s*月)?(?:零?[0-9一二两三四五六七八九十]+\s*(?:日|天))?|个?\s*月(?:零?[0-9一二两三四五六七八九十]+\s*(?:日|天))?|日|天)"
DURATION = re.compile(DURATION_RE)


def read_date(s: str) -> str | None:
    """ISO date from 2018年3月5日 / 二〇一八年三月五日, or None."""
    try:
        return parse_cn_date(s.replace(" ", "")).isoformat()
    except (CnNumberError, ValueError):
        return None


def read_date_obj(s: str) -> date | None:
    try:
        return parse_cn_date(s.replace(" ", ""))
    except (CnNumberError, ValueError):
        return None


def read_money(s: str) -> float | None:
    v = read_money_dec(s)
    return float(v) if v is not None else None


def read_money_dec(s: str) -> Decimal | None:
    try:
        v = parse_money(s.replace(" ", ""))
    except (CnNumberError, ValueError, ArithmeticError):
        return None
    return v if v is None or abs(v) < MAX_MONEY else None


def read_months(s: str) -> tuple[int | None, int | None]:
    """(months, days) of a term: 三年六个月 → (42, None); 十五日 → (None, 15)."""
    try:
        d = parse_duration(s.replace(" ", ""))
    except (CnNumberError, ValueError):
        return None, None
    months = d.years * 12 + d.months
    if months > MAX_MONTHS or d.days > MAX_DAYS:
        return None, None
    if d.days and not (d.years or d.months):
        return None, d.days
    if d.days:
        return months, d.days
    return months, None


def read_int(s: str) -> int | None:
    try:
        v = cn_to_int(s)
    except (CnNumberError, ValueError, ArithmeticError):
        return None
    return v if abs(v) <= MAX_INT else None


_SPACES = re.compile(r"\s+")


def squash(s: str) -> str:
    """Drop all whitespace: signature names are often spaced out (审　判　长　赵　曼　琪)."""
    return _SPACES.sub("", s)


def first(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None):
    return pattern.search(text, start, len(text) if end is None else end)


def in_quotation(text: str, start: int, pos: int, end: int) -> bool:
    """Whether pos lies inside a “…” quotation of text[start:end]. A “ followed by another “
    before any ” was never closed and quotes nothing."""
    opened = text.rfind("“", start, pos)
    if opened == -1 or text.find("”", opened, pos) != -1:
        return False
    close = text.find("”", pos, end)
    return close != -1 and text.find("“", pos, close) == -1
