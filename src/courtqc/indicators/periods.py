"""Statistical periods: a year (2024), a quarter (2024Q1), a month (2024-03) or a date range.

A period is half-open, [start, end); `as_of` is its last day, the day on which "pending at the
end of the period" and the age of pending cases are measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: date
    end: date  # exclusive

    @property
    def as_of(self) -> date:
        return self.end - timedelta(days=1)

    def params(self) -> dict[str, date]:
        """Named SQL parameters every indicator fragment may use."""
        return {"start": self.start, "end": self.end, "as_of": self.as_of}


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """Parse '2024', '2024Q1', '2024-03' or '2024-01-15..2024-02-10' (both days included)."""
    s = text.strip()
    if m := _YEAR.match(s):
        y = int(m.group(1))
        return Period(s, date(y, 1, 1), date(y + 1, 1, 1))
    if m := _QUARTER.match(s):
        y, q = int(m.group(1)), int(m.group(2))
        start = date(y, 3 * q - 2, 1)
        return Period(f"{y}Q{q}", start, _add_months(start, 3))
    if m := _MONTH.match(s):
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise ValueError(f"统计期间 {text!r} 的月份应为 1-12 (month must be 1-12)")
        start = date(y, mo, 1)
        return Period(f"{y}-{mo:02d}", start, _add_months(start, 1))
    if m := _RANGE.match(s):
        a, b = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if b < a:
            raise ValueError(f"统计期间 {text!r} 的结束日早于开始日 (range ends before it starts)")
        return Period(s, a, b + timedelta(days=1))
    raise ValueError(
        f"无法识别统计期间 {text!r}; 应为 2024、2024Q1、2024-03 或 2024-01-01..2024-03-31 "
        "(period must be a year, quarter, month or a date range)"
    )


def months_back(last: str | Period, n: int) -> list[Period]:
    """The n calendar months ending with the month of `last` (a period or its label), oldest first."""
    p = parse_period(last) if isinstance(last, str) else last
    first = _add_months(date(p.as_of.year, p.as_of.month, 1), -(n - 1))
    out = []
    for i in range(n):
        s = _add_months(first, i)
        out.append(Period(f"{s.year}-{s.month:02d}", s, _add_months(s, 1)))
    return out
