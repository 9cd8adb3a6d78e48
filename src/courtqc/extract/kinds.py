"""Which kind of document a text is: judgment, ruling, complaint, defence, indictment,
hearing transcript, enforcement application, evidence list, power of attorney … (issue 18).

The catalogue is data (`kinds.yaml`): each kind's title as courts, procuratorates and parties
write it, who issues it, its family and the reader that reads it. A document says what it is
in its title line near the top, so the title line decides; words in the body (行政处罚决定书
quoted in an administrative complaint) never do. Titles are compared squashed (blanks and
marks removed, 入民 read as 人民) and, for titles of four characters or more, one character of
OCR error is forgiven. Where no title line is found (a draft, a scan that lost its first
line) the body's fixed phrases decide (`_CUES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, Field
from rapidfuzz.distance import Levenshtein

from courtqc.domain.caseno import CaseNumberError, find_case_numbers


class KindSpec(BaseModel):
    code: str
    zh: str
    issuer: str  # court | party | procuratorate | police | record
    reader: str  # judgment | filing
    family: str | None = None
    titles: list[str] = Field(min_length=1)


@cache
def catalogue() -> dict[str, KindSpec]:
    """The kinds of `kinds.yaml`, by code."""
    raw = yaml.safe_load(
        resources.files("courtqc.extract").joinpath("kinds.yaml").read_text("utf-8")
    )
    return {k["code"]: KindSpec(**k) for k in raw["kinds"]}


@cache
def _titles() -> list[tuple[str, KindSpec]]:
    out = [(t, k) for k in catalogue().values() for t in k.titles]
    return sorted(out, key=lambda x: -len(x[0]))


@dataclass(slots=True)
class KindMatch:
    code: str
    zh: str
    title: str  # the title as matched (catalogue spelling)
    issuer: str
    reader: str
    family: str | None
    line_start: int | None = None  # where the title line starts in the text
    line_end: int | None = None
    rule: str = "title"  # title | title~ (one character forgiven) | cue


_DROP = re.compile(r"[\s()（）〔〕\[\]【】:：·\-—_*“”\"'、,，.。;；|丨]")
_PAREN_NOTE = re.compile(r"[(（][^()（）]{1,8}[)）]\s*$")
_ISSUER_END = re.compile(r"(?:人民法院|法院|法庭|检察院|公安局|分局|派出所)$")
_AUTHORITY_DEFENDANT = re.compile(
    r"被\s*告\s*[:：]?\s*[^\n,，;；。]{2,40}?(?:局|人民政府|政府|委员会|办公室|大队|支队|派出所|管理处|办事处|中心)\s*[,，;；\n(（]"
)
_ADMIN_WORDS = re.compile(r"行政(?:诉讼|处罚|行为|复议|许可|强制|赔偿|协议|登记|确认)")
_CRIMINAL_WORDS = re.compile(r"提起公诉|追究(?:其|被告人)?(?:的)?刑事责任|公诉机关|犯罪嫌疑人")


def _squash(s: str) -> str:
    s = _PAREN_NOTE.sub("", s.strip())
    return _DROP.sub("", s).replace("入民", "人民")


def _lines(text: str, limit: int = 700) -> list[tuple[int, int, str]]:
    """The first lines (start, end, squashed) of the text; a text without line breaks is
    cut at its blanks."""
    head = text[:limit]
    out: list[tuple[int, int, str]] = []
    pos = 0
    parts = (
        re.split(r"(\n+)", head)
        if "\n" in head[:300]
        else re.split(r"(\s{2,}|\s(?=\S{0,12}\s))", head)
    )
    for part in parts:
        if part and not part.isspace():
            sq = _squash(part)
            if sq:
                out.append((pos, pos + len(part), sq))
        pos += len(part)
        if len(out) >= 12:
            break
    return out


def _match_line(sq: str) -> tuple[str, KindSpec, str, str] | None:
    """(title, kind, prefix before the title, rule) for a squashed line."""
    if len(sq) > 48 or re.search(r"\d", sq):
        return None
    for title, k in _titles():
        if sq == title:
            return title, k, "", "title"
    for title, k in _titles():
        if sq.endswith(title):
            prefix = sq[: -len(title)]
            if (
                _ISSUER_END.search(prefix)
                or k.reader == "judgment"
                or re.search(r"(?:一案|的|刑事|民事|行政)$", prefix)
            ) and not re.search(r"撤销|作出|不服|依照|根据", prefix):
                return title, k, prefix, "title"
    for title, k in _titles():
        n = len(title)
        if n < 4:
            continue
        if abs(len(sq) - n) <= 1 and Levenshtein.distance(sq, title, score_cutoff=1) <= 1:
            return title, k, "", "title~"
        tail = sq[-n:]
        if (
            len(sq) > n
            and _ISSUER_END.search(sq[:-n])
            and Levenshtein.distance(tail, title, score_cutoff=1) <= 1
        ):
            return title, k, sq[:-n], "title~"
    return None


# When no title line is found: the body's fixed phrases, in order; every pattern of an entry
# must occur (each searched on its own, so the cost stays linear in the text).
_CUES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("indictment", (re.compile(r"人民检察院"), re.compile(r"提起公诉"), re.compile(r"此\s*致"))),
    (
        "transcript",
        (
            re.compile(
                r"(?:^|\n)\s*(?:审判长|审判员|审|问)\s*[:：].*\n(?:.*\n){0,6}?\s*(?:审判长|审判员|审|问)\s*[:：]"
            ),
        ),
    ),
    ("judgment", (re.compile(r"判\s*决\s*如\s*下"),)),
    ("ruling", (re.compile(r"裁\s*定\s*如\s*下"),)),
    ("mediation", (re.compile(r"达成(?:了)?(?:如下|以下)(?:调解)?协议"),)),
    ("decision", (re.compile(r"决\s*定\s*如\s*下"),)),
    ("evidence_list", (re.compile(r"证明(?:内容|目的|对象)|证据名称"), re.compile(r"证据"))),
    ("power_of_attorney", (re.compile(r"委\s*托\s*人"), re.compile(r"受\s*托\s*人"))),
    (
        "enforcement_application",
        (re.compile(r"申请执行人"), re.compile(r"执行依据|申请执行事项|执行请求")),
    ),
    ("defence", (re.compile(r"(?:^|\n)\s*答\s*辩\s*人"),)),
    ("appeal", (re.compile(r"上诉请求"), re.compile(r"上\s*诉\s*人"))),
    ("complaint", (re.compile(r"诉讼请求"), re.compile(r"此\s*致"))),
)


def classify(text: str) -> KindMatch | None:
    """The kind of a normalised document text, or None where neither a title line nor the
    body says."""
    found = None
    lines = _lines(text)
    for i, (s, e, sq) in enumerate(lines):
        m = _match_line(sq)
        if m is None:
            continue
        title, k, prefix, rule = m
        before = "".join(x[2] for x in lines[:i]) + prefix
        found = (k, title, s, e, rule, before)
        break
    if found is None:
        found = _inline_title(text)
    if found is None:
        return _by_cues(text)
    k, title, s, e, rule, before = found
    k = _refine(k, title, text, before)
    return KindMatch(k.code, k.zh, title, k.issuer, k.reader, _family(k, title, text), s, e, rule)


_INLINE_ISSUER = re.compile(r"(?:人民法院|法院|法庭|人民检察院|检察院|公安局|分局)")


def _inline_title(text: str) -> tuple[KindSpec, str, int, int, str, str] | None:
    """A title run into the text (a copy that lost its line breaks: …人民法院刑事判决书（2018）…):
    the first catalogue title right after the issuer's name near the top."""
    head = text[:240]
    for im in _INLINE_ISSUER.finditer(head):
        after = _squash(head[im.end() : im.end() + 24])
        after = re.sub(
            r"^(?:刑事附带民事|刑事|民事|行政|执行|国家赔偿)(?=[\u4e00-\u9fff]{2})", "", after
        )
        for title, k in _titles():
            if after.startswith(title) and not re.match(
                r"指控|副本|认定|所|中", after[len(title) :]
            ):
                return k, title, im.end(), im.end() + len(title), "title", _squash(head[: im.end()])
    return None


def _refine(k: KindSpec, title: str, text: str, before: str) -> KindSpec:
    """The kinds one title serves: 起诉书 (procuratorate or party), 起诉状 (civil or
    administrative), 裁定书 (enforcement or not)."""
    cat = catalogue()
    head = text[:3000]
    if title == "起诉书":
        if "检察院" in before or _CRIMINAL_WORDS.search(head):
            return cat["indictment"]
        k = cat["complaint"]
    if k.code == "complaint" and (
        "行政" in title or _AUTHORITY_DEFENDANT.search(head) or _ADMIN_WORDS.search(head)
    ):
        return cat["admin_complaint"]
    if k.code == "ruling":
        nums = find_case_numbers(text[:400])
        if "执行" in before or any("执" in (c.type_code or "") for c, _, _ in nums):
            return cat["enforcement_ruling"]
    return k


def _family(k: KindSpec, title: str, text: str) -> str | None:
    for word, fam in (
        ("刑事", "criminal"),
        ("民事", "civil"),
        ("行政", "administrative"),
        ("执行", "enforcement"),
    ):
        if title.startswith(word):
            return fam
    nums = find_case_numbers(text[:600])
    if nums and k.issuer in ("court", "record"):
        try:
            fam = nums[0][0].family
        except CaseNumberError:
            fam = None
        if fam in ("ip", "commercial"):
            return "civil"
        if fam:
            return fam
    if k.code in ("defence", "appeal", "retrial_application", "evidence_list", "power_of_attorney"):
        head = text[:3000]
        if _ADMIN_WORDS.search(head) or _AUTHORITY_DEFENDANT.search(head):
            return "administrative"
        if _CRIMINAL_WORDS.search(head) or "被告人" in head:
            return "criminal"
    return k.family or ("civil" if k.issuer == "party" else None)


def _by_cues(text: str) -> KindMatch | None:
    cat = catalogue()
    end = min(len(text), 20000)
    for code, pats in _CUES:
        if all(p.search(text, 0, end) for p in pats):
            k = cat[code]
            if code == "complaint":
                k = _refine(k, "起诉状", text, "")
            if code == "ruling":
                k = _refine(k, "裁定书", text, "")
            return KindMatch(
                k.code, k.zh, k.titles[0], k.issuer, k.reader, _family(k, "", text), rule="cue"
            )
    return None
