"""What a pattern rule is, how its value is read from a match, and the sections the rules
look in. The rules themselves are in this package's modules, one per part of the judgment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from courtqc.extract.text import DATE_RE, read_date, read_money, read_months

# The sections a rule looks in.
HISTORY = ("history",)
PARTIES = ("parties",)
BODY = ("history", "claims", "defence", "facts", "reasoning")
REASONING = ("reasoning",)
MAIN_AND_COSTS = ("main_text", "costs")
FACTS_AND_CLAIMS = ("facts", "claims")


@dataclass(frozen=True, slots=True)
class PatternRule:
    key: str
    zh: str
    en: str
    sections: tuple[str, ...]
    pattern: re.Pattern[str]
    value: str = "flag"  # flag | text | date | reldate | money | months | int | float | map | const
    mapping: dict[str, Any] | None = None
    multi: bool = False
    const: Any = True


def rule(
    key: str,
    zh: str,
    en: str,
    sections: tuple[str, ...],
    pattern: str,
    value: str = "flag",
    mapping: dict[str, Any] | None = None,
    multi: bool = False,
    const: Any = True,
) -> PatternRule:
    """One rule; `courtqc.extract.points` registers its kind and runs it."""
    return PatternRule(key, zh, en, sections, re.compile(pattern), value, mapping, multi, const)


def apply_value(r: PatternRule, m: re.Match[str], text: str, floor: int) -> Any:
    if r.value == "flag":
        return r.const
    v = m.group("v") if "v" in r.pattern.groupindex else m.group(0)
    if v is None:
        return None
    if r.value == "text":
        return re.sub(r"\s+", "", v)
    if r.value == "date":
        return read_date(v)
    if r.value == "reldate":
        return resolve_relative_date(v, text, m.start("v"), floor)
    if r.value == "money":
        return read_money(v)
    if r.value == "months":
        return read_months(v)[0]
    if r.value == "float":
        return float(v)
    if r.value == "int":
        from courtqc.extract.text import read_int

        return read_int(v)
    if r.value == "map":
        assert r.mapping is not None
        return r.mapping.get(re.sub(r"\s+", "", v), re.sub(r"\s+", "", v))
    return v


_YEAR = re.compile(r"(\d{4})\s*年")
_ABS = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_ABS = re.compile(DATE_RE)
_MD = re.compile(r"(?:(同年|当年|次年))?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def resolve_relative_date(v: str, text: str, pos: int, floor: int) -> str | None:
    """同年6月27日 / 次日 / 同日 → ISO, from the last full date before it (not before floor)."""
    v = re.sub(r"\s+", "", v)
    if _ABS.fullmatch(v) or _CN_ABS.fullmatch(v):
        return read_date(v)
    prev = list(_ABS.finditer(text, max(floor, pos - 300), pos))
    if not prev:
        return None
    y, mo, d = (int(g) for g in prev[-1].groups())
    import datetime as _dt

    try:
        base = _dt.date(y, mo, d)
    except ValueError:
        return None
    if v in ("同日", "当日", "当天"):
        return base.isoformat()
    if v == "次日":
        return (base + _dt.timedelta(days=1)).isoformat()
    m = _MD.fullmatch(v)
    if not m:
        return None
    year = y + (1 if m.group(1) == "次年" else 0)
    try:
        return _dt.date(year, int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
