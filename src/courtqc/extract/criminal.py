"""Criminal main text: each defendant's charges and sentence.

被告人张三犯盗窃罪，判处有期徒刑六个月，并处罚金人民币二千元。（刑期…即自2018年4月15日起至
2018年10月14日止。）— one item per defendant; several crimes end with 决定执行…; a second-
instance judgment that only upholds (驳回上诉，维持原判) has its sentence in the recited
first-instance judgment, which is read instead and marked `from_original`.
"""

from __future__ import annotations

import itertools
import re

from courtqc.extract.model import Defendant
from courtqc.extract.text import DATE_RE, MONEY_RE, in_quotation, read_date, read_money, read_months

_WHO = r"(?:原审被告人|被告人|被告单位|上诉人|原审被告单位|罪犯|被告)"
# a name, possibly written with a space (崔 凤)
# or a unit's name with a place in brackets inside it (江中方机械设备(上海)有限公司)
_NAME = (
    r"[^\s,;。、:犯()](?:[^\s,;。、:犯()]|[ ](?=[\u4e00-\u9fff])"
    r"|\([\u4e00-\u9fff]{1,6}\)(?=[^\s,;。、:犯()])){0,19}?"
)
# The name may be left out where there is one defendant (被告人犯盗窃罪，…): the engine puts
# back the one accused of the parties section.
_HEAD = re.compile(
    rf"{_WHO}\s*(?:\([^()]{{1,20}}\))?\s*(?P<name>(?=犯[^罪])|{_NAME})\s*(?:\([^()]{{1,20}}\))?\s*犯"
)
_INNOCENT = re.compile(rf"{_WHO}\s*(?:\([^()]{{1,20}}\))?\s*(?P<name>{_NAME})\s*无罪")
_CHARGES = re.compile(
    r"犯(?P<c>[^,;。:“”\"]{1,60}?罪(?:[、和及][^,;。:“”\"]{1,40}?罪)*)"
    r"(?=[,;。:\s“”\")]|$|的|一案|判处|免予|单处|并处)"
)
_DUR = r"[0-9零〇一二两三四五六七八九十百]+\s*(?:年半?(?:零?[0-9零〇一二两三四五六七八九十]+\s*个?\s*月)?(?:零?[0-9一二两三四五六七八九十]+\s*(?:日|天))?|个?\s*月(?:零?[0-9一二两三四五六七八九十]+\s*(?:日|天))?|日|天)"
_PRINCIPAL = re.compile(
    rf"(?P<p>有期徒刑|拘役|管制)\s*(?P<d>{_DUR}|[一二两三四五六七八九十]+个(?!月))|(?P<life>无期徒刑)|(?P<death>死刑)(?P<rep>\s*,?\s*缓期\s*[二两2]\s*年\s*执行)?"
)
_DECIDED = re.compile(r"决定执行|合并执行|总和刑期[^,;。]{0,30}?执行")
_PROBATION = re.compile(rf"缓刑\s*(?P<d>{_DUR})")
_FINE = re.compile(rf"(?:并处|单处|判处)?罚金\s*(?P<m>{MONEY_RE})")
_FINE_ONLY = re.compile(r"单处罚金|判处罚金|处罚金")
_EXEMPT = re.compile(r"免予刑事处罚|免除刑事处罚|免于刑事处罚")
_POLITICAL = re.compile(rf"剥夺政治权利\s*(?P<life>终身)?(?P<d>{_DUR})?")
_CONFISCATE = re.compile(rf"没收个人(?:全部)?财产(?:\s*{MONEY_RE})?|没收财产\s*{MONEY_RE}")
_TERM_DATES = re.compile(
    rf"自\s*(?P<s>{DATE_RE})\s*(?:\([^()]{{0,10}}\))?\s*起\s*至\s*(?P<e>{DATE_RE})\s*止"
)
# The term dates use the court's digits, sometimes 二0一四 (zero written as a digit).
_ODD_DATE = re.compile(
    r"[二一][0〇○零][一二三四五六七八九0〇○零]{2}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
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
            d.penalty = {
                "有期徒刑": "fixed_term",
                "拘役": "criminal_detention",
                "管制": "public_surveillance",
            }[pm.group("p")]
            dur = pm.group("d")
            months, days = read_months(dur + "月" if dur.endswith("个") else dur)
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
    fines = []
    for m in _FINE.finditer(scope):
        # notes in brackets (罚金人民币三千元已缴纳) repeat the fine
        if scope.rfind("(", 0, m.start()) > scope.rfind(")", 0, m.start()) or re.match(
            r"\s*(?:已|业已)", scope[m.end() : m.end() + 3]
        ):
            continue
        f = read_money(m.group("m"))
        if f is not None:
            fines.append(f)
    if fines:
        crimes = len(re.findall(r"犯[^,;。]{1,40}?罪", chunk))
        d.fine_yuan = fines[-1] if dec else (sum(fines) if crimes > 1 else fines[0])
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
        odd = re.search(
            rf"自\s*(?P<s>{_ODD_DATE.pattern})\s*起\s*至\s*(?P<e>{_ODD_DATE.pattern})\s*止", chunk
        )
        if odd:
            d.term_start = read_date(_odd_date(odd.group("s")))
            d.term_end = read_date(_odd_date(odd.group("e")))
    if d.penalty is None and (d.charges and re.search(r"判处|处", chunk)):
        d.penalty = "other" if not fines else "fine_only"


# 判处上诉人X有期徒刑… / 以盗窃罪判处被告人X有期徒刑…
_HEAD2 = re.compile(
    rf"(?:以(?P<c>[^,;。:以]{{1,40}}?罪)\s*)?判处\s*{_WHO}\s*(?:\([^()]{{1,20}}\))?\s*(?P<name>{_NAME})\s*"
    r"(?=有期徒刑|拘役|管制|无期徒刑|死刑|罚金|免予)"
)
_ITEM = re.compile(r"(?:^|(?<=[\s。;:]))[一二三四五六七八九十]{1,3}\s*、")
SENTENCE_FIELDS = (
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
)


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    marks = [
        m.start()
        for m in _ITEM.finditer(text, start, end)
        # numbers inside a quotation (维持…即“…；二、…”) belong to the judgment quoted
        if not in_quotation(text, start, m.start(), end)
    ]
    if not marks:
        return [(start, end)]
    bounds = ([start] if marks[0] > start else []) + marks + [end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def read_defendants(
    text: str, start: int, end: int, *, from_original: bool = False
) -> list[Defendant]:
    """Defendants sentenced in text[start:end] (the main text), merged by name.

    Items that set aside part of the judgment below (撤销…，即…) only quote it and are
    skipped; items that uphold part of it (维持…，即…) count with what they quote.
    """
    by_name: dict[str, Defendant] = {}
    order: list[str] = []
    for a, b in _items(text, start, end):
        head = text[a : min(b, a + 12)]
        if re.match(r"[一二三四五六七八九十]{0,3}\s*、?\s*撤销", head):
            continue
        if re.match(r"[一二三四五六七八九十]{0,3}\s*、?\s*维持", head):
            q = text.find("即", a, b)
            if q == -1:
                continue
            a = q + 1
        _read_chunk(text, a, b, by_name, order, from_original)
    return [by_name[n] for n in order]


def _read_chunk(
    text: str,
    start: int,
    end: int,
    by_name: dict[str, Defendant],
    order: list[str],
    from_original: bool,
) -> None:
    heads = [(m.start(), m.group("name"), m, "head") for m in _HEAD.finditer(text, start, end)]
    heads += [(m.start(), m.group("name"), m, "head2") for m in _HEAD2.finditer(text, start, end)]
    heads += [
        (m.start(), m.group("name"), m, "innocent") for m in _INNOCENT.finditer(text, start, end)
    ]
    marks = sorted(heads, key=lambda h: h[0])
    for i, (pos, name, m, kind) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else end
        chunk = text[pos:stop]
        name = name.strip()
        if (not name and kind != "head") or re.fullmatch(r"[0-9一二三四五六七八九十]+", name):
            continue
        d = by_name.get(name)
        if d is None:
            d = Defendant(name=name, from_original=from_original or None)
            d.start, d.end = m.start("name"), m.end("name")
        if kind == "innocent":
            d.penalty = "not_guilty"
            charges: list[str] = []
        elif kind == "head2":
            charges = _split_charges(m.group("c")) if m.group("c") else []
        else:
            cm = _CHARGES.match(text, m.end() - 1, stop)
            charges = _split_charges(cm.group("c")) if cm else []
            # 犯A罪，判处…；犯B罪，判处…；决定执行…: later 犯 clauses belong to the same person
            rest_from = cm.end() if cm else m.end()
            for cm2 in _CHARGES.finditer(text, rest_from, stop):
                before = text[max(pos, cm2.start() - 2) : cm2.start()]
                if re.search(r"[;,。]\s*$", before):
                    for c in _split_charges(cm2.group("c")):
                        if c not in charges:
                            charges.append(c)
        for c in charges:
            if c not in d.charges:
                d.charges.append(c)
        if kind != "innocent":
            tmp = Defendant(name=name, charges=charges)
            _sentence(chunk, pos, tmp)
            if tmp.penalty == "fine_only" and d.penalty not in (None, "fine_only"):
                tmp.penalty = None  # 维持…罚金部分 quoted before the new principal penalty
            # later clauses fill in or correct what earlier ones said (维持定罪 … 改判 …)
            for f in SENTENCE_FIELDS:
                v = getattr(tmp, f)
                if v is None or (f == "penalty" and v == "other" and d.penalty is not None):
                    # "other" only says a clause names the crime (…犯X罪的事实清楚); it
                    # never overrides a penalty an earlier clause stated
                    continue
                setattr(d, f, v)
        if name not in by_name:
            by_name[name] = d
            order.append(name)


def merge_into(base: list[Defendant], extra: list[Defendant]) -> list[Defendant]:
    """Fill what `extra` (e.g. the recited judgment below) says where `base` is silent."""
    by = {d.name: d for d in base}
    for e in extra:
        d = by.get(e.name)
        if d is None:
            base.append(e)
            by[e.name] = e
            continue
        for c in e.charges:
            if c not in d.charges:
                d.charges.append(c)
        for f in SENTENCE_FIELDS:
            if getattr(d, f) is None and getattr(e, f) is not None:
                setattr(d, f, getattr(e, f))
    return base


def upholds_by_reference(text: str, start: int, end: int) -> bool:
    """维持…判决第一项。 — an item that upholds part of the judgment below without quoting it."""
    for a, b in _items(text, start, end):
        if (
            re.match(r"[一二三四五六七八九十]{0,3}\s*、?\s*维持", text[a : min(b, a + 12)])
            and text.find("即", a, b) == -1
        ):
            return True
    return False


def set_aside_charges(text: str, start: int, end: int) -> set[str]:
    """Charges named in the items that set aside part of the judgment below (撤销…犯X罪…)."""
    out: set[str] = set()
    for a, b in _items(text, start, end):
        if re.match(r"[一二三四五六七八九十]{0,3}\s*、?\s*撤销", text[a : min(b, a + 12)]):
            for m in re.finditer(r"犯([^,;。:“”]{1,40}?)罪", text[a:b]):
                out.update(_split_charges(m.group(1) + "罪"))
    return out


def upheld(text: str, start: int, end: int) -> bool:
    return bool(_UPHELD.search(text, start, end))


_RECITED = re.compile(r"(?:原审|一审|原判|原)(?:法院)?[^。]{0,400}?(?:判决|判处)\s*[:,]?")


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
