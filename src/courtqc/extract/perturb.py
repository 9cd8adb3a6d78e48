"""Layout perturbations that real published judgments show, and the comparison that says
whether the extractor read a perturbed text the same way (issue 4 item 5).

Each perturbation keeps the document's content and changes only how it is laid out:

- `no_line_breaks`: every line break removed (texts copied from web pages lose them);
- `full_width_digits`: ASCII digits as full-width digits (０１２…);
- `title_line`: a case-title line before the court (张三盗窃罪一审刑事判决书), where the
  document has none;
- `appended_statutes`: 附：相关法律条文 and statute text after the end;
- `spaced_title` / `collapsed_title`: the document-kind heading spaced out (刑 事 判 决 书)
  or its spaces removed.

`signature(extraction)` is what must not change: the contract fields and the info points,
without spans and with text values normalised (NFKC, no whitespace), less what the
perturbation itself adds (the title line, the appendix section).
Used by tests/test_extract_heldout.py and `python eval/heldout.py --perturb`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from courtqc.extract.model import Extraction

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_KIND_LINE = re.compile(
    r"(?P<k>(?:刑\s*事\s*附\s*带\s*民\s*事|刑\s*事|民\s*事|行\s*政)?\s*(?:判\s*决\s*书|裁\s*定\s*书|调\s*解\s*书))"
)

# Statute text as courts append it: articles of the Criminal Law, the Civil Code and the Civil
# Procedure Law, with the numbers, penalties and amounts that a careless reader would take for
# the document's own.
STATUTES = (
    "附：相关法律条文\n"
    "《中华人民共和国刑法》\n"
    "第二百六十四条 盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，"
    "处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；数额巨大或者有其他严重情节的，"
    "处三年以上十年以下有期徒刑，并处罚金；数额特别巨大或者有其他特别严重情节的，"
    "处十年以上有期徒刑或者无期徒刑，并处罚金或者没收财产。\n"
    "第六十七条 犯罪以后自动投案，如实供述自己的罪行的，是自首。对于自首的犯罪分子，"
    "可以从轻或者减轻处罚。其中，犯罪较轻的，可以免除处罚。\n"
    "第七十二条 对于被判处拘役、三年以下有期徒刑的犯罪分子，同时符合下列条件的，可以宣告缓刑，"
    "对其中不满十八周岁的人、怀孕的妇女和已满七十五周岁的人，应当宣告缓刑。\n"
    "《中华人民共和国民法典》\n"
    "第六百七十六条 借款人未按照约定的期限返还借款的，应当按照约定或者国家有关规定支付逾期利息。\n"
    "《中华人民共和国民事诉讼法》\n"
    "第一百七十七条 第二审人民法院对上诉案件，经过审理，按照下列情形，分别处理："
    "（一）原判决、裁定认定事实清楚，适用法律正确的，以判决、裁定方式驳回上诉，维持原判决、裁定；"
    "（二）原判决、裁定认定事实错误或者适用法律错误的，以判决、裁定方式依法改判、撤销或者变更。\n"
)


def no_line_breaks(text: str, ex: Extraction) -> str:
    return re.sub(r"[\r\n]+", "", text)


def full_width_digits(text: str, ex: Extraction) -> str:
    return text.translate(_FULL)


def title_line(text: str, ex: Extraction) -> str | None:
    """A title line built from the document's own values; None where it has one already."""
    if ex.title or not ex.doc_title:
        return None
    who = [d.name for d in ex.defendants] or [p.name for p in ex.parties]
    if not who:
        return None
    what = "".join(c + "罪" for c in ex.defendants[0].charges[:1]) if ex.defendants else ""
    what = what or (ex.cause or "")
    stage = {"first": "一审", "second": "二审", "retrial": "再审"}.get(ex.procedure or "", "")
    return "、".join(who[:2]) + what + stage + ex.doc_title + "\n" + text


def appended_statutes(text: str, ex: Extraction) -> str:
    return text.rstrip() + "\n" + STATUTES


def _respace_kinds(text: str, spaced: bool) -> str | None:
    """The kind headings near the top (the title line's and the heading's) spaced out or
    squashed; None where that changes nothing."""
    out, last = [], 0
    for m in _KIND_LINE.finditer(text, 0, min(len(text), 400)):
        k = re.sub(r"\s+", "", m.group("k"))
        out += [text[last : m.start("k")], " ".join(k) if spaced else k]
        last = m.end("k")
    new = "".join(out) + text[last:]
    return new if new != text else None


def spaced_title(text: str, ex: Extraction) -> str | None:
    return _respace_kinds(text, spaced=True)


def collapsed_title(text: str, ex: Extraction) -> str | None:
    return _respace_kinds(text, spaced=False)


PERTURBATIONS: dict[str, Callable[[str, Extraction], str | None]] = {
    "no_line_breaks": no_line_breaks,
    "full_width_digits": full_width_digits,
    "title_line": title_line,
    "appended_statutes": appended_statutes,
    "spaced_title": spaced_title,
    "collapsed_title": collapsed_title,
}

# What a perturbation legitimately adds: the title line it wrote, the appendix it appended
# (and the `appendix.*` points saying so).
_IGNORED_KEYS = {"section", "title"}
_SPAN_FIELDS = {"start", "end", "text"}


def _norm(v: Any) -> Any:
    if isinstance(v, str):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", v))
    if isinstance(v, float) and v == int(v):
        return int(v)
    return v


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in sorted(obj.items()) if k not in _SPAN_FIELDS}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return _norm(obj)


def signature(ex: Extraction) -> dict[str, Any]:
    """The extraction without spans, titles and sections; text values normalised."""
    d = ex.to_dict(with_sections=False)
    for k in ("info_points", "title", "doc_title", "source", "case_no_parsed"):
        d.pop(k, None)
    out = _clean(d)
    out["info_points"] = sorted(
        {
            (p.key, repr(_norm(p.value)), _norm(p.subject))
            for p in ex.info_points
            if p.key not in _IGNORED_KEYS and not p.key.startswith("appendix.")
        }
    )
    return out


def differences(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Fields whose values differ (info points: those only in one of the two)."""
    out: dict[str, Any] = {}
    for k in sorted(set(a) | set(b)):
        if k == "info_points":
            sa, sb = set(a.get(k, [])), set(b.get(k, []))
            if sa != sb:
                out[k] = {"lost": sorted(sa - sb)[:10], "gained": sorted(sb - sa)[:10]}
        elif a.get(k) != b.get(k):
            out[k] = {"before": a.get(k), "after": b.get(k)}
    return out
