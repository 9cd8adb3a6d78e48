"""The heading: an optional case-title line, the court, the document kind and the case
number — and what follows from them (family, procedure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from courtqc.domain.caseno import CaseNumber, CaseNumberError, find_case_numbers, type_code_info

# A document kind heading, possibly spaced out (民 事 判 决 书).
_KIND = re.compile(
    r"(?P<fam>(?:刑\s*事|民\s*事|行\s*政|执\s*行|国\s*家\s*赔\s*偿|司\s*法\s*赔\s*偿|赔\s*偿|知\s*识\s*产\s*权|"
    r"海\s*事|商\s*事|破\s*产|刑\s*事\s*附\s*带\s*民\s*事)\s*(?:附\s*带\s*民\s*事)?)?\s*"
    r"(?:[一二]\s*审\s*)?"
    r"(?P<kind>判\s*决\s*书|裁\s*定\s*书|调\s*解\s*书|决\s*定\s*书|支\s*付\s*令|通\s*知\s*书|"
    r"赔\s*偿\s*决\s*定\s*书|(?<!书)判\s*决|(?<!书)裁\s*定)"
)
# words that show a "court" match is a phrase of the body, not the heading's court name
_NOT_COURT = re.compile(
    r"^(?:撤销|请求|依法|驳回|维持|向|由|经|原审|一审|二审|本院|该|上述|我院)|一审法院|二审法院|原审法院|^法院$|"
    r"因犯|罪被|不服"  # a prior conviction's court (…因犯盗窃罪被…人民法院判处), an appealed one
)
_COURT_TAIL = re.compile(r"(?:人民法院|法院|法庭|分院)")
_FULL_COURT_START = re.compile(
    r"最高人民法院|[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区)|(?:北京|天津|上海|重庆)市"
)
_FAMILY_WORD = {
    "刑事": "criminal",
    "民事": "civil",
    "行政": "administrative",
    "执行": "enforcement",
    "国家赔偿": "state_compensation",
    "司法赔偿": "state_compensation",
    "赔偿": "state_compensation",
    "知识产权": "ip",
    "海事": "civil",
    "商事": "civil",
    "破产": "bankruptcy",
    "刑事附带民事": "criminal",
}
# The schema's procedure values folded to the contract's four.
_PROCEDURE4 = {
    "first": "first",
    "second": "second",
    "retrial": "retrial",
    "retrial_review": "retrial",
}


@dataclass(slots=True)
class Heading:
    end: int = 0  # where the heading stops (after the case number)
    title: str | None = None  # 陈国林放火刑事判决书 (a case-title line before the court)
    title_span: tuple[int, int] | None = None
    court: str | None = None
    court_span: tuple[int, int] | None = None
    doc_kind: str | None = None  # 判决书 | 裁定书 | 调解书 | 决定书 | 支付令 | 通知书
    doc_title: str | None = None  # 刑事判决书
    kind_span: tuple[int, int] | None = None
    family: str | None = None
    case_no: CaseNumber | None = None
    case_no_text: str | None = None
    case_no_span: tuple[int, int] | None = None
    procedure: str | None = None  # first | second | retrial | other
    procedure_detail: str | None = (
        None  # the schema's finer value (retrial_review, enforcement ...)
    )


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def read_heading(text: str) -> Heading:
    """Read the heading from the normalised text."""
    h = Heading()
    window = text[:800]
    found = find_case_numbers(window)
    # the heading's case number comes before the parties; a number later in the window is
    # e.g. the indictment's or the first-instance judgment's
    cn = None
    early = [(c, s, e) for c, s, e in found if s < 400]
    if early:
        cn = early[0]
        # a title line may itself open with the case number ((2016)湘1226刑初139号被告人…判决书
        # …法院刑事判决书(2016)湘1226刑初139号): the heading's is the one after the kind heading
        if len(early) > 1:
            kind_ends = [k.end() for k in _KIND.finditer(text, 0, early[-1][1])]
            for c, s, e in early:
                if any(0 <= s - k <= 30 and not text[k:s].strip(" :\n") for k in kind_ends):
                    cn = (c, s, e)
                    break
    head_limit = cn[1] if cn else min(len(text), 300)
    kinds = list(_KIND.finditer(text, 0, head_limit)) if head_limit else []
    # Documents without a case number still have a heading line: court + kind.
    if not cn and kinds:
        kinds = [k for k in kinds if k.start() < 200]
    if cn:
        c, s, e = cn
        h.case_no, h.case_no_span = c, (s, e)
        # as written (the court's own zero padding and brackets kept); str(c) is canonical
        h.case_no_text = _squash(text[s:e]).replace("(", "（").replace(")", "）")
        end = e
        while end < len(text) and text[end] in " :\n\t":
            end += 1
        h.end = end
    kind_m = None
    if kinds:
        kind_m = kinds[-1]
        k = _squash(kind_m.group("kind"))
        if k in ("判决", "裁定"):
            k += "书"
        h.doc_kind = k
        fam = _squash(kind_m.group("fam") or "")
        h.doc_title = fam + ("附带民事" if "附带民事" in fam else "") + k if fam else k
        h.doc_title = _squash(kind_m.group(0)).replace("一审", "").replace("二审", "")
        h.kind_span = (
            kind_m.start("kind") if not kind_m.group("fam") else kind_m.start("fam"),
            kind_m.end(),
        )
        if fam:
            h.family = _FAMILY_WORD.get(fam.replace("附带民事", "") or fam) or _FAMILY_WORD.get(fam)
        if not cn:
            end = kind_m.end()
            while end < len(text) and text[end] in " :\n\t":
                end += 1
            h.end = end
    # Title line: an earlier kind heading (…刑事判决书) before the one over the case number.
    court_from = 0
    if len(kinds) >= 2:
        t = kinds[-2]
        court_from = t.end()
        h.title = text[: t.end()].strip()
        h.title_span = (0, t.end())
    court_to = kind_m.start() if kind_m else head_limit
    if court_to > court_from:
        seg = text[court_from:court_to]
        ends = [m.end() for m in _COURT_TAIL.finditer(seg)]
        if ends:
            stop = ends[-1]
            # the court name starts after the last separator before it
            begin = stop
            while begin > 0 and (
                "\u4e00" <= seg[begin - 1] <= "\u9fff"
                or seg[begin - 1] in "()"
                or (
                    seg[begin - 1] == " "
                    and begin - 2 >= 0
                    and "\u4e00" <= seg[begin - 2] <= "\u9fff"
                    and stop - begin < 12
                    # a full court name after the space stands alone (文书内容 重庆市…法院)
                    and not _FULL_COURT_START.match(seg, begin)
                )
            ):
                begin -= 1
            name = _squash(seg[begin:stop])
            # a title line without a kind heading glued to the court name ("…一案上海市…法院")
            if len(name) > 30:
                m = re.search(
                    r"(?:最高人民法院|[\u4e00-\u9fff]{2,8}?(?:省|自治区|市)[\u4e00-\u9fff()]{0,25}?(?:法院|法庭|分院))$",
                    name,
                )
                if m:
                    begin += len(name) - len(m.group(0))
                    name = m.group(0)
            if len(name) >= 4:
                h.court = name
                h.court_span = (court_from + begin, court_from + stop)
                if begin > 0 and h.title is None and court_from == 0:
                    title = seg[:begin].strip()
                    if len(title) >= 4:
                        h.title, h.title_span = title, (0, begin)
    if h.court is not None and _NOT_COURT.search(h.court):
        h.court, h.court_span = None, None
    if h.case_no is not None:
        try:
            info = type_code_info(h.case_no.type_code)
            h.procedure_detail = info.procedure
            h.procedure = _PROCEDURE4.get(info.procedure, "other")
            fam = h.case_no.family
            if fam in ("criminal", "civil", "administrative", "enforcement", "state_compensation"):
                h.family = fam
            elif fam in ("ip", "commercial") and h.family is None:
                h.family = "civil"
            elif fam == "bankruptcy":
                h.family = "bankruptcy"
        except CaseNumberError:
            pass
    return h


def procedure_from_text(text: str, title: str | None, doc_title: str | None) -> str | None:
    """Procedure when there is no case number: the title says 一审/二审/再审."""
    for s in (title or "", doc_title or ""):
        if "再审" in s:
            return "retrial"
        if "二审" in s or "终审" in s:
            return "second"
        if "一审" in s:
            return "first"
    return None
