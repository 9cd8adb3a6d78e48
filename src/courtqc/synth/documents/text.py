"""Small formatting helpers shared by every document: dates as day numbers, amounts as text,
Chinese numerals, the case acceptance fee, the role labels and the law versions' dates, and
``_Var``, the deterministic choices of one document (from the seed and the case id)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache, lru_cache

from courtqc.domain.cnnum import format_cn_date, format_duration_months
from courtqc.domain.cnnum import int_to_cn as _int_to_cn

_ROLE_LABEL = {
    "plaintiff": "原告", "defendant": "被告", "third_party": "第三人", "appellant": "上诉人",
    "appellee": "被上诉人", "applicant": "申请执行人", "respondent": "被执行人",
    "criminal_defendant": "被告人", "prosecutor": "公诉机关", "victim": "被害人",
}  # fmt: skip
# Order of the party paragraphs in the heading.
_ROLE_ORDER = {
    r: i
    for i, r in enumerate(
        ("prosecutor", "appellant", "appellee", "plaintiff", "applicant", "criminal_defendant",
         "defendant", "respondent", "third_party", "victim")
    )
}  # fmt: skip

_EPOCH = dt.date(1970, 1, 1)
_CPL_2022 = (dt.date(2022, 1, 1) - _EPOCH).days  # 民事诉讼法 2021 amendment in force
_CPL_2024 = (dt.date(2024, 1, 1) - _EPOCH).days  # 2023 amendment in force
_CIVIL_CODE = (dt.date(2021, 1, 1) - _EPOCH).days  # 民法典 in force
_CRIM_PL_2018 = (dt.date(2018, 10, 26) - _EPOCH).days  # 刑事诉讼法 2018 in force


@cache
def _ad(days: int) -> str:
    d = _EPOCH + dt.timedelta(days=days)
    return f"{d.year}年{d.month}月{d.day}日"


@cache
def _cn(days: int) -> str:
    return format_cn_date(_EPOCH + dt.timedelta(days=days))


@lru_cache(maxsize=4096)
def int_to_cn(n: int) -> str:
    """cnnum.int_to_cn, cached: documents say the same small numbers over and over."""
    return _int_to_cn(n)


@lru_cache(maxsize=4096)
def format_duration(months: int) -> str:
    return format_duration_months(months)


@lru_cache(maxsize=4096)
def _article(n: int) -> str:
    return f"第{int_to_cn(n)}条"


def _money(text: str | None, grouped: bool = False) -> str:
    """An amount from SQL (DECIMAL cast to text, '100000.00') as judgments write it."""
    if text is None:
        return ""
    whole, _, cents = text.partition(".")
    if grouped:
        whole = f"{int(whole):,}"
    return whole if not cents or cents.strip("0") == "" else f"{whole}.{cents}"


def _money_cn(text: str) -> str:
    """A fine in Chinese numerals (五千元) when whole, else in digits."""
    whole, _, cents = text.partition(".")
    if cents.strip("0"):
        return f"{whole}.{cents}元"
    return f"{int_to_cn(int(whole))}元"


def _case_fee(amount: str | None, cause: str | None) -> int:
    """Case acceptance fee (诉讼费用交纳办法 Art. 13) for a property claim; fixed fees for the
    non-property causes. Whole yuan, as courts round it."""
    cause = cause or ""
    if amount is None:
        if "劳动" in cause:
            return 10
        if "离婚" in cause:
            return 300
        return 100
    x = float(amount)
    bands = (
        (10_000, 0.0, 50.0),
        (100_000, 0.025, None),
        (200_000, 0.02, None),
        (500_000, 0.015, None),
        (1_000_000, 0.01, None),
        (2_000_000, 0.009, None),
        (5_000_000, 0.008, None),
        (10_000_000, 0.007, None),
        (20_000_000, 0.006, None),
        (float("inf"), 0.005, None),
    )
    fee, lower = 50.0, 10_000.0
    if x <= lower:
        return 50
    for upper, rate, _ in bands[1:]:
        part = min(x, upper) - lower
        if part <= 0:
            break
        fee += part * rate
        lower = upper
    return round(fee)


class _Var:
    """Deterministic choices for one document, from the seed and the case id."""

    __slots__ = ("h",)

    def __init__(self, case_id: int, seed: int) -> None:
        self.h = self._mix(case_id * 0x9E3779B97F4A7C15 + (seed + 1) * 0xBF58476D1CE4E5B9)

    @staticmethod
    def _mix(x: int) -> int:
        x &= 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
        x = (x * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 29
        return x | 1 << 63  # keep plenty of bits to draw from

    def pick(self, options: Sequence[str]) -> str:
        return options[self.idx(len(options))]

    def idx(self, n: int) -> int:
        if self.h < 1 << 20:
            self.h = self._mix(self.h * 0xD6E8FEB86659FD93 + 0x632BE59BD9B4E019)
        self.h, r = divmod(self.h, n)
        return r

    def chance(self, percent: int) -> bool:
        return self.idx(100) < percent


def _claim(amount: str | None) -> str | None:
    """A claimed amount, or None where the case claims no money (离婚 ... carry 0)."""
    return amount if amount is not None and float(amount) > 0 else None
