"""The signature block: judges, jurors, the decision date, judge assistant and clerk."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from courtqc.extract.model import Judge
from courtqc.extract.text import read_date

_ROLE = re.compile(
    r"(?P<role>审\s*判\s*长|代\s*理\s*审\s*判\s*员|助\s*理\s*审\s*判\s*员|审\s*判\s*员|人\s*民\s*陪\s*审\s*员|"
    r"陪\s*审\s*员|执\s*行\s*长|执\s*行\s*员|法\s*官\s*助\s*理|(?:代\s*理\s*|代\s*)?书\s*记\s*员|速\s*录\s*员|"
    r"(?<![\u4e00-\u9fff])法\s*官(?!\s*助))\s*[:：]?"
)
# Zero is written 〇, ○, 零, the letter O, the Greek Ο or the digit 0; a year may be doubled by
# a typo (二Ο二Ο一七); the day may be masked (××日).
_Z = "〇○零OoΟο0"
_DATE = re.compile(
    rf"(?:[{_Z}一二三四五六七八九]\s*){{4,6}}年\s*[一二三四五六七八九十]{{1,3}}\s*月\s*(?:[一二三四五六七八九十]{{1,3}}|[×X*]{{1,2}})\s*[日号无]?|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
)
_ZEROS = str.maketrans({c: "〇" for c in _Z})


def _read_sign_date(s: str) -> str | None:
    s = re.sub(r"\s+", "", s)
    if re.search(r"[×X*]", s):
        return None
    m = re.match(rf"([{_Z}一二三四五六七八九]{{4,6}})年(.*?)$", s)
    if m and not m.group(1).isdigit():
        year = m.group(1).translate(_ZEROS)
        if len(year) == 6 and year[:2] == year[2:4]:  # 二〇二〇一七 → 二〇一七
            year = year[:2] + year[4:]
        if len(year) != 4:
            return None
        rest = m.group(2)
        if not rest.endswith(("日", "号")):
            rest = rest.rstrip("无") + "日"
        return read_date(year + "年" + rest)
    return read_date(s)


def _date_start(text: str, m: re.Match[str]) -> int:
    """Where the date begins: a year has four numerals, so more before 年 belong to the name
    in front (审判员 孙三 二〇一九年…), unless the year is doubled by a typo (二Ο二Ο一七)."""
    y = re.match(rf"((?:[{_Z}一二三四五六七八九]\s*)+)年", m.group(0))
    digits = [i for i, c in enumerate(y.group(1)) if not c.isspace()] if y else []
    if len(digits) <= 4:
        return m.start()
    squashed = re.sub(r"\s+", "", y.group(1)).translate(_ZEROS)
    if len(squashed) == 6 and squashed[:2] == squashed[2:4]:
        return m.start()
    return m.start() + digits[len(digits) - 4]


ROLE_CODES = {
    "审判长": "presiding_judge",
    "审判员": "judge",
    "代理审判员": "acting_judge",
    "助理审判员": "assistant_judge",
    "人民陪审员": "juror",
    "陪审员": "juror",
    "执行长": "enforcement_officer",
    "执行员": "enforcement_officer",
    "法官": "judge",
}
_JUNK = re.compile(
    r"[(（]代[)）]|[\s()（）兼:：。,，;；、\[\]［］【】]|本件与原本核对无异|此页无正文|与原本核对无异|第\d+页|共\d+页"
)


@dataclass(slots=True)
class Tail:
    judges: list[tuple[Judge, int, int]] = field(default_factory=list)
    clerks: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # (name, role_text, start, end)
    assistants: list[tuple[str, int, int]] = field(default_factory=list)
    recorders: list[tuple[str, int, int]] = field(default_factory=list)
    date: str | None = None
    date_span: tuple[int, int] | None = None


def _clean_name(s: str) -> str:
    s = _JUNK.sub("", s)
    return s[:12]


def read_tail(text: str, start: int, end: int) -> Tail:
    t = Tail()
    roles = list(_ROLE.finditer(text, start, end))
    dates = [(_date_start(text, d), d.end()) for d in _DATE.finditer(text, start, end)]
    if dates:
        ds, de = dates[0]
        t.date = _read_sign_date(text[ds:de])
        t.date_span = (ds, de)
    stops = sorted([m.start() for m in roles] + [ds for ds, _ in dates] + [end])
    for m in roles:
        role = re.sub(r"\s+", "", m.group("role"))
        nxt = next((s for s in stops if s > m.start()), end)
        # a name is short; a long stretch means the block ended (statutes, page footers)
        raw_end = min(nxt, m.end() + 24)
        raw = text[m.end() : raw_end]
        cut = re.search(r"[。《\n]|附", raw)
        if cut:
            rest = _clean_name(raw[cut.end() :]) if raw[cut.start()] == "\n" else ""
            raw = raw[: cut.start()]
            if len(_clean_name(raw)) == 1 and 1 <= len(rest) <= 2:
                # a name broken over two lines (审判长 管\n理 审判员 …): no name has one character
                raw += rest
        tokens = [_clean_name(x) for x in raw.split()]
        tokens = [x for x in tokens if x]
        if len(tokens) >= 2 and 2 <= len(tokens[0]) <= 4:
            # a name, then a space and something else: a second person (书记员 景亚党 雷梅君),
            # a heading (本案引用的相关法条), a note (打印：…). A name spaced out letter by
            # letter (赵　曼　琪) has one-character pieces.
            raw = raw[: raw.find(tokens[0]) + len(tokens[0])]
        name = _clean_name(raw)
        name = re.sub(r"(?:代理|代)$", "", name)  # 代理书记员 split by the role pattern
        if not name or (len(name) > 5 and not re.search(r"[·•]", name)):
            # masked or absent names; keep short ones only (a name is 2-4 characters)
            if not name:
                continue
            name = name[:4] if len(name) > 5 else name
        s, e = m.end(), m.end() + len(raw.rstrip())
        if role.endswith("书记员"):
            t.clerks.append((name, role, s, e))
        elif role == "法官助理":
            t.assistants.append((name, s, e))
        elif role == "速录员":
            t.recorders.append((name, s, e))
        else:
            t.judges.append((Judge(ROLE_CODES.get(role, "judge"), name, role), s, e))
    return t
