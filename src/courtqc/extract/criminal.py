"""Criminal main text: each defendant's charges and sentence.

被告人张三犯盗窃罪，判处有期徒刑六个月，并处罚金人民币二千元。（刑期…即自2018年4月15日起至
2018年10月14日止。）— one item per defendant; several crimes end with 决定执行…; a second-
instance judgment that only upholds (驳回上诉，维持原判) has its sentence in the recited
first-instance judgment, which is read instead and marked `from_original`.
"""

from __future__ import annotations

import re

from courtqc.extract.model import Defendant
from courtqc.extract.text import DATE_RE, MONEY_RE, read_date, read_money, read_months

_WHO = r"(?:原审被告人|被告人|被告单位|上诉人|原审被告单位|罪犯|被告)"
_NAME = r"[^\s,;。、:犯()]{1,20}?"
_HEAD = re.compile(rf"{_WHO}\s*(?:\([^()]{{1,20}}\))?\s*(?P<name>{_NAME})\s*(?:\([^()]{{1,20}}\))?\s*犯")
_INNOCENT = re.compile(rf"{_WHO}\s*(?:\([^()]{{1,20}}\))?\s*(?P<name>{_NAME})\s*无罪")
_CHARGES = re.compile(r"犯(?P<c>[^,;。:]{1,60}?罪(?:[、和及][^,;。:]{1,40}?罪)*)(?=[,;。:\s]|$|的|一案|判处|免予|单处|并处)")
_DUR = r"[0-9零〇一二两三四五六七八九十百]+\s*(?:年半?(?:零?[0-9零〇一二两三四五六七八九十]+\s*个?\s*月)?(?:零?[0-9一二两三四五六七八九十]+\s*(?:日|天))?|个?\s*月(?:零?[0-9一二两三四五六七八九十]+\s*(?:日|天))?|日|天)"
_PRINCIPAL = re.compile(
    rf"(?P<p>有期徒刑|拘役|管制)\s*(?P<d>{_DUR})|(?P<life>无期徒刑)|(?P<death>死刑)(?P<rep>\s*,?\s*缓期\s*[二两2]\s*年\s*执行)?"
)
_DECIDED = re.compile(r"决定执行|合并执行|总和刑期[^,;。]{0,30}?执行")
_PROBATION = re.compile(rf"缓刑\s*(?P<d>{_DUR})")
_FINE = re.compile(rf"(?:并处|单处|判处)?罚金\s*(?P<m>{MONEY_RE})")
_FINE_ONLY = re.compile(r"单处罚金|判处罚金|处罚金")
_EXEMPT = re.compile(r"免予刑事处罚|免除刑事处罚|免于刑事处罚")
_POLITICAL = re.compile(rf"剥夺政治权利\s*(?P<life>终身)?(?P<d>{_DUR})?")
_CONFISCATE = re.compile(rf"没收个人(?:全部)?财产(?:\s*{MONEY_RE})?|没收财产\s*{MONEY_RE}")
_TERM_DATES = re.compile(rf"自\s*(?P<s>{DATE_RE})\s*(?:\([^()]{{0,10}}\))?\s*起\s*至\s*(?P<e>{DATE_RE})\s*止")
# The term dates use the court's digits, sometimes 二0一四 (zero written as a digit).
_ODD_DATE = re.compile(r"[二一][0〇○零][一二三四五六七八九0〇○零]{2}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日")
_UPHELD = re.compile(r"驳回上诉\s*[,，]?\s*维持原判|维持原判|驳回抗诉\s*[,，]?\s*维持原判")


def _split_charges(s: str) -> list[str]:
    """犯贩卖、运输毒品罪、容留他人吸毒罪 → [贩卖、运输毒品, 容留他人吸毒]."""
    out = []
    for part in re.split(r"罪\s*[、和及]\s*", s):
        c = part.strip().removesuffix("罪").strip()
        c = re.sub(r"^(?:犯|了|有)", "", c)
        if c and len(c) <= 40 and c not in out:
            out.append(c)
    return out


def _odd_date(s: str) -> str:
    return s.replace("0", "〇")


def _sentence(chunk: str, base: int, d: Defendant) -> None:
    """Fill the penalty fields from one defendant's part of the main text."""
    dec = _DECIDED.search(chunk)
    scope = chunk[dec.start() :] if dec else chunk
    pm = _PRINCIPAL.search(scope)
    if pm:
        if pm.group("p"):
            d.penalty = {"有期徒刑": "fixed_term", "拘役": "criminal_detention", "管制": "public_surveillance"}[pm.group("p")]
            months, days = read_months(pm.group("d"))
            d.term_months, d.term_days = months, days
        elif pm.group("life"):
            d.penalty = "life"
        else:
            d.penalty = "death"
            d.death_reprieve = bool(pm.group("rep"))
    elif _EXEMPT.search(chunk):
        d.penalty = "exempt"
    pr = _PROBATION.search(scope)
    if pr:
        d.probation_months, _ = read_months(pr.group("d"))
    fines = [read_money(m.group("m")) for m in _FINE.finditer(scope)]
    fines = [f for f in fines if f is not None]
    if fines:
        d.fine_yuan = fines[-1] if dec else sum(fines)
        if d.penalty is None and _FINE_ONLY.search(scope):
            d.penalty = "fine_only"
    pol = _POLITICAL.search(scope)
    if pol:
        if pol.group("life"):
            d.political_rights_life = True
        elif pol.group("d"):
            d.political_rights_months, _ = read_months(pol.group("d"))
    conf = _CONFISCATE.search(scope)
    if conf:
        d.confiscation = conf.group(0)
    td = _TERM_DATES.search(chunk)
    if td:
        d.term_start = read_date(td.group("s"))
        d.term_end = read_date(td.group("e"))
    else:
        odd = re.search(rf"自\s*(?P<s>{_ODD_DATE.pattern})\s*起\s*至\s*(?P<e>{_ODD_DATE.pattern})\s*止", chunk)
        if odd:
            d.term_start = read_date(_odd_date(odd.group("s")))
            d.term_end = read_date(_odd_date(odd.group("e")))
    if d.penalty is None and (d.charges and re.search(r"判处|处", chunk)):
        d.penalty = "other" if not fines else "fine_only"


def read_defendants(text: str, start: int, end: int, *, from_original: bool = False) -> list[Defendant]:
    """Defendants sentenced in text[start:end] (the main text), merged by name."""
    heads = [(m.start(), m.group("name"), m) for m in _HEAD.finditer(text, start, end)]
    innocent = [(m.start(), m.group("name"), m) for m in _INNOCENT.finditer(text, start, end)]
    marks = sorted(heads + innocent, key=lambda h: h[0])
    by_name: dict[str, Defendant] = {}
    order: list[str] = []
    for i, (pos, name, m) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else end
        chunk = text[pos:stop]
        # a sentence stops at the next item number of another defendant or the next 被告人
        name = name.strip()
        if not name or re.fullmatch(r"[0-9一二三四五六七八九十]+", name):
            continue
        d = by_name.get(name)
        if d is None:
            d = Defendant(name=name, from_original=from_original or None)
            d.start, d.end = m.start("name"), m.end("name")
        if m.re is _INNOCENT:
            d.penalty = "not_guilty"
        else:
            cm = _CHARGES.match(text, m.end() - 1, stop)
            charges = _split_charges(cm.group("c")) if cm else []
            # 犯A罪，判处…；犯B罪，判处…；决定执行…: later 犯 clauses belong to the same person
            rest_from = cm.end() if cm else m.end()
            for cm2 in _CHARGES.finditer(text, rest_from, stop):
                before = text[max(pos, cm2.start() - 2) : cm2.start()]
                if re.search(r"[;,。]\s*$|[;,]$", before) or before.endswith(";") or before.endswith(","):
                    for c in _split_charges(cm2.group("c")):
                        if c not in charges:
                            charges.append(c)
            tmp = Defendant(name=name, charges=charges)
            _sentence(chunk, pos, tmp)
            for c in charges:
                if c not in d.charges:
                    d.charges.append(c)
            # a later clause with a penalty overrides (维持定罪部分 … 改判 …)
            if tmp.penalty is not None:
                for f in (
                    "penalty",
                    "term_months",
                    "term_days",
                    "probation_months",
                    "fine_yuan",
                    "term_start",
                    "term_end",
                    "political_rights_months",
                    "political_rights_life",
                    "confiscation",
                    "death_reprieve",
                ):
                    setattr(d, f, getattr(tmp, f))
        if name not in by_name:
            by_name[name] = d
            order.append(name)
    return [by_name[n] for n in order]


def upheld(text: str, start: int, end: int) -> bool:
    return bool(_UPHELD.search(text, start, end))


_RECITED = re.compile(r"(?:原审|一审|原判|原)(?:法院)?[^。]{0,120}?(?:判决|判处)\s*[:,]?")


def read_original_sentences(text: str, start: int, end: int) -> list[Defendant]:
    """Sentences recited from the first-instance judgment (…作出…刑事判决：被告人X犯Y罪，判处…)."""
    best: list[Defendant] = []
    for m in _RECITED.finditer(text, start, end):
        seg_end = text.find("。", m.end(), end)
        seg_end = end if seg_end == -1 else seg_end
        # the recited sentence may run over several 。: take up to 400 characters
        seg_end = min(end, max(seg_end, m.end() + 400))
        ds = [d for d in read_defendants(text, m.end(), seg_end, from_original=True) if d.penalty]
        if ds:
            best = ds
            break
    return best
