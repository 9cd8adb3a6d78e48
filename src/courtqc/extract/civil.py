"""Civil, administrative and mediation main texts: who pays whom how much, interest
wording, costs and who bears them, and the claims the main text answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from courtqc.extract.model import MainTextItem
from courtqc.extract.text import DATE_RE, MONEY, MONEY_RE, in_quotation, read_date, read_money

_ITEM_NO = re.compile(
    r"(?:^|(?<=[\s。;:]))(?:[一二三四五六七八九十]{1,3}\s*[、.]|\d{1,2}\s*[、.](?!\d)|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])"
)
_VERB = re.compile(
    r"支付给|支付|给付|偿还|归还|返还|退还|赔偿|偿付|清偿|付清|补偿|补付|补发|退赔|赔付|垫付|补足|缴纳|交纳|付给|还款|退回|返回"
)
_ROLE = r"(?:原审原告|原审被告|原审第三人|被上诉人|上诉人|原告|被告|第三人|被申请人|再审申请人|申请人|被执行人|申请执行人)"
_ROLE_NAME = re.compile(
    rf"{_ROLE}\s*(?P<n>[^\s,;。、:()]{{2,40}}?)(?=于|应|在|自|向|连带|共同|各|均|支付|给付|偿还|归还|返还|退还|赔偿|偿付|清偿|,|、|和|及|$)"
)
_BASIS = re.compile(
    rf"以\s*(?:[^,;。()]{{0,20}}?)(?P<m>{MONEY_RE})\s*为(?:基数|本金|基础|计算基数)"
)
_RATE = re.compile(
    r"(?:按|依|以)(?:照)?\s*(?P<r>(?:[^,;。()]{0,40}?)(?:利率|利息|LPR|贷款市场报价利率|年息|月息|日息|标准|%|‰|倍)[^,;。()]{0,40}?)\s*(?:的?标准)?\s*(?:计算|计付|支付|赔偿|计至|计息|计收|标准)"
    r"|(?P<r2>(?:年|月|日)(?:利率|息)\s*[0-9.]+\s*[%‰分厘])"
)
_FROM = re.compile(rf"自\s*(?P<d>{DATE_RE})\s*起")
_TOTAL = re.compile(r"(?:共计|合计|总计|以上合计|上述款项合计|累计|小计)\s*$")
_LABEL_CUT = re.compile(
    r"[,;。、和及并与:]|(?:支付给|支付|给付|偿还|归还|返还|退还|赔偿|偿付|清偿|补偿|付给|补付|补发|退赔|赔付|垫付|缴纳)(?![金款费])"
)
_REJECTED = re.compile(
    r"^\s*(?:驳回|不予支持)|(?:诉讼请求|请求)[^。;]{0,10}(?:不予支持|予以驳回|不予采纳)"
)
_LATE_CLAUSE = re.compile(
    r"(?:如果|如|若)?(?:当事人|义务人|被告|[^。;]{0,20}?)?(?:如果|如|若)?未(?:按|依|在)[^。;]{0,20}?(?:指定的)?期间(?:内)?履行"
)
# an item that upholds or sets aside part of the judgment below only quotes its amounts
_RECITED = re.compile(r"\s*(?:维持|撤销)")
_FEE_ITEM = re.compile(r"受理费|诉讼费|保全费|公告费|鉴定费|评估费|申请费")
_BEAR = re.compile(r"负担|承担(?!连带)")
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("interest", re.compile(r"利息|罚息|复利|资金占用|占用费|利率")),
    ("costs", re.compile(r"受理费|诉讼费|保全费|公告费|申请费|执行费")),
    ("damages", re.compile(r"违约金|滞纳金|定金|惩罚性赔偿|赔偿金(?!.*损失)")),
    (
        "compensation",
        re.compile(
            r"赔偿|损失|医疗费|误工费|护理费|抚慰金|丧葬费|残疾|伤残|营养费|交通费|伙食|死亡|修理费|维修费|鉴定费|后续治疗"
        ),
    ),
    (
        "principal",
        re.compile(
            r"本金|借款|欠款|货款|租金|价款|工程款|款项|报酬|工资|劳务费|服务费|押金|保证金|预付款|投资款|购车款|房款|转让款|物业费|抚养费|赡养费|扶养费|承包费|运费|加工费|材料款|费用|款"
        ),
    ),
)
_COSTS_BEARER = re.compile(
    r"由\s*(?P<who>[^,;。]{1,80}?)\s*(?:各自|共同|连带)?\s*(?:负担|承担|缴纳|交纳)(?P<amt>\s*"
    + MONEY_RE
    + r")?"
)
_FEE = re.compile(
    r"(?P<what>(?:案件|一审|二审|本案|再审)?(?:诉讼|案件)?受理费|(?:财产)?保全费|公告费|鉴定费|评估费|申请费|诉讼费用?)"
    r"(?:人民币)?\s*(?P<m>" + MONEY_RE + r")"
)
_HALF = re.compile(r"减半收取(?:计|为)?\s*(?P<m>" + MONEY_RE + r")")


@dataclass(slots=True)
class Costs:
    fees: list[tuple[str, float | None, int, int]]  # (what, amount, start, end)
    charged: float | None  # after 减半收取
    bearers: list[tuple[str, float | None, int, int]]  # (who, amount or None, start, end)


def _kind(label: str) -> str:
    for kind, pat in _KIND_RULES:
        if pat.search(label):
            return kind
    return "other"


def _all(s: str, sub: str) -> list[int]:
    out, i = [], s.find(sub)
    while i != -1:
        out.append(i)
        i = s.find(sub, i + 1)
    return out


def _names_in(s: str, names: list[str]) -> list[str]:
    found = []
    for n in names:
        i = s.find(n)
        if i != -1:
            found.append((i, n))
    found.sort()
    out: list[str] = []
    for _, n in found:
        if not any(n in o for o in out):
            out.append(n)
    return out


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses split at 。 and ; outside brackets."""
    out = []
    depth = 0
    s = start
    for i in range(start, end):
        c = text[i]
        if c in "(（":
            depth += 1
        elif c in ")）":
            depth = max(0, depth - 1)
        elif c in "。;" and depth == 0:
            if i + 1 - s > 1:
                out.append((s, i + 1))
            s = i + 1
    if end - s > 1:
        out.append((s, end))
    return out


def split_items(text: str, start: int, end: int) -> list[tuple[int, int, int | None]]:
    """Items of a main text as (start, end, number): numbered items (一、…二、…), or the
    clauses of an unnumbered text; a clause that names no payment joins the one before."""
    # item numbers inside a quotation (维持…即“…；二、被告人…”) number the judgment below
    marks = [
        m
        for m in _ITEM_NO.finditer(text, start, end)
        if not in_quotation(text, start, m.start(), end)
    ]
    if marks:
        out = []
        if marks[0].start() - start > 6:
            out.append((start, marks[0].start(), None))
        for i, m in enumerate(marks):
            e = marks[i + 1].start() if i + 1 < len(marks) else end
            out.append((m.end(), e, i + 1))
        return out
    merged: list[tuple[int, int, int | None]] = []
    for s, e in _clauses(text, start, end):
        clause = text[s:e]
        if (
            merged
            and not _VERB.search(clause)
            and not re.match(r"\s*(?:驳回|解除|确认|撤销|由)", clause)
        ):
            ps, _, no = merged[-1]
            merged[-1] = (ps, e, no)
        else:
            merged.append((s, e, None))
    return merged


def read_items(
    text: str,
    start: int,
    end: int,
    names: list[str],
    aliases: dict[str, str] | None = None,
    criminal: bool = False,
) -> list[MainTextItem]:
    """Money items of a main text; payer and payee are party names found in each item (a
    short name from 以下简称 is given as the full name). In a criminal main text only the
    money passing to victims counts (退赔, 赔偿), not fines or confiscation."""
    out: list[MainTextItem] = []
    aliases = aliases or {}
    names = sorted({n for n in [*names, *aliases] if n and len(n) >= 2}, key=len, reverse=True)
    for s, e, no in _item_spans(text, start, end, criminal):
        item = text[s:e]
        if not _orders_payment(item, criminal):
            continue
        money = [m for m in MONEY.finditer(item)]
        payer_s, payee_s = _payer_and_payee(item, money, names, aliases)
        out.extend(_item_rows(item, s, no, money, names, payer_s, payee_s))
    return out


def _item_spans(
    text: str, start: int, end: int, criminal: bool
) -> list[tuple[int, int, int | None]]:
    """The main text's items (in a criminal main text, the clauses of the items that do not
    merely recite the judgment below); the doubled-late-interest notice is not an item."""
    late = _LATE_CLAUSE.search(text, start, end)
    if late:  # the doubled-late-interest notice is not an order to pay
        end = late.start()
    spans = split_items(text, start, end)
    if criminal:
        # an item that upholds or sets aside the judgment below only quotes it, in every
        # clause (…即被告人甲犯…罪；附带民事诉讼原告人的经济损失…元，由被告人甲赔偿)
        spans = [
            (cs, ce, no)
            for s, e, no in spans
            if not _RECITED.match(text, s, e)
            for cs, ce in _clauses(text, s, e)
        ]
    return spans


def _orders_payment(item: str, criminal: bool) -> bool:
    """Whether an item orders money paid: not a fine or confiscation, a dismissal, a quoted
    item, or who bears the court fees."""
    if criminal and (
        not re.search(r"退赔|赔偿|返还|退还|发还|支付", item)
        or re.search(r"罚金|犯[^。;]{1,40}?罪|没收|追缴", item)
    ):
        return False
    if not MONEY.search(item):
        return False
    if re.match(r"\s*(?:驳回|准许|撤销|确认|解除)", item) and not _VERB.search(item):
        return False
    if _REJECTED.search(item) or _RECITED.match(item):
        return False
    # who bears the court fees, not a payment to a party
    return not (
        _FEE_ITEM.search(item)
        and _BEAR.search(item)
        and not re.search(r"支付|给付|偿还|赔偿|返还", item)
    )


def _payer_and_payee(
    item: str, money: list[re.Match[str]], names: list[str], aliases: dict[str, str]
) -> tuple[str | None, str | None]:
    """Who pays (the names before the verb, before 向) and who is paid (after 向, or between
    the verb and the first amount), as the parties' full names."""
    v = _VERB.search(item)
    vpos = v.start() if v else 0
    head = item[:vpos]
    # 向 before the payee — not the surname 向 inside a party's name (被告向豪利)
    inside = [(i, i + len(n)) for n in names for i in _all(head, n)]
    to = next(
        (
            i
            for i in range(len(head) - 1, -1, -1)
            if head[i] == "向" and not any(a <= i < b for a, b in inside)
        ),
        -1,
    )
    payer_part = head[:to] if to != -1 else head
    payer = _names_in(payer_part, names) or [m.group("n") for m in _ROLE_NAME.finditer(payer_part)]
    first_amt = money[0].start() if money else len(item)
    payee_part = (head[to + 1 :] if to != -1 else "") + item[v.end() if v else 0 : first_amt]
    payee = _names_in(payee_part, names) or [
        m.group("n")
        for m in re.finditer(
            rf"{_ROLE}\s*(?P<n>[^\s,;。、:()]{{2,40}}?)(?=[\u4e00-\u9fff]{{0,12}}$)", payee_part
        )
    ]
    payer_s = "、".join(dict.fromkeys(aliases.get(n, n) for n in payer)) or None
    payee_s = "、".join(dict.fromkeys(aliases.get(n, n) for n in payee)) or None
    return payer_s, payee_s


def _item_rows(
    item: str,
    s: int,
    no: int | None,
    money: list[re.Match[str]],
    names: list[str],
    payer_s: str | None,
    payee_s: str | None,
) -> list[MainTextItem]:
    """One row per amount the item orders paid (not an interest base, a rate, a total after
    its parts or a fee borne), labelled and kinded; interest awarded without an amount gets
    a row of its own."""
    bases = {m.start("m") for m in _BASIS.finditer(item)}
    basis_vals = [read_money(m.group("m")) for m in _BASIS.finditer(item)]
    rate = _RATE.search(item)
    rate_text = (rate.group("r") or rate.group("r2")).strip() if rate else None
    fm = _FROM.search(item)
    amounts_seen = 0
    item_rows: list[MainTextItem] = []
    for m in money:
        if m.start() in bases:
            continue
        before = item[max(0, m.start() - 80) : m.start()]
        # amounts that are a rate or a period payment basis inside brackets: (按每年250000元计付)
        if re.search(r"按每?[年月日天]?$|每[年月日天]$", before):
            continue
        if _TOTAL.search(before) and amounts_seen >= 1:
            continue
        if (
            re.search(r"(?:减半收取|受理费|保全费|公告费)\s*(?:人民币)?$", before)
            and no is None
            and "负担" in item
        ):
            continue
        cut = [c.end() for c in _LABEL_CUT.finditer(before)]
        label = before[cut[-1] :] if cut else before
        for n in names:
            label = label.replace(n, "")
        label = re.sub(
            rf"^给?{_ROLE}?|^(?:人民币|共计|合计|计)|(?:共计|合计|总计|计)?(?:人民币)?$|[()\s]",
            "",
            label,
        )
        label = re.sub(rf"{_ROLE}$", "", label)
        amt = read_money(m.group(0))
        kind = _kind(label or before[-6:])
        row = MainTextItem(
            payer=payer_s,
            payee=payee_s,
            amount_yuan=amt,
            kind=kind,
            label=label or None,
            item_no=no,
            start=s + m.start(),
            end=s + m.end(),
        )
        if kind == "interest":
            row.interest_basis = basis_vals[0] if basis_vals else None
            row.interest_rate_text = rate_text
            row.interest_from = read_date(fm.group("d")) if fm else None
        item_rows.append(row)
        amounts_seen += 1
    # interest awarded without an amount: 并支付利息（以X元为基数，自…起按…计算）
    if (
        re.search(r"利息|罚息|资金占用|逾期付款损失", item)
        and (rate_text or basis_vals)
        and not any(r.kind == "interest" for r in item_rows)
    ):
        im = re.search(r"利息|罚息|资金占用费?|逾期付款损失", item)
        item_rows.append(
            MainTextItem(
                payer=payer_s,
                payee=payee_s,
                amount_yuan=None,
                kind="interest",
                interest_basis=basis_vals[0] if basis_vals else None,
                interest_rate_text=rate_text,
                label=im.group(0) if im else "利息",
                interest_from=read_date(fm.group("d")) if fm else None,
                item_no=no,
                start=s + (im.start() if im else 0),
                end=s + (im.end() if im else len(item)),
            )
        )
    return item_rows


def read_costs(
    text: str, start: int, end: int, names: list[str], aliases: dict[str, str] | None = None
) -> Costs:
    fees = []
    for m in _FEE.finditer(text, start, end):
        fees.append((m.group("what"), read_money(m.group("m")), m.start(), m.end()))
    half = _HALF.search(text, start, end)
    charged = read_money(half.group("m")) if half else (fees[0][1] if fees else None)
    bearers = []
    names = sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True)
    for m in _COSTS_BEARER.finditer(text, start, end):
        who = m.group("who")
        found = [(aliases or {}).get(n, n) for n in _names_in(who, names)]
        label = "、".join(dict.fromkeys(found)) if found else re.sub(r"[()\s]", "", who)
        bearers.append(
            (
                label,
                read_money(m.group("amt")) if m.group("amt") else None,
                m.start("who"),
                m.end("who"),
            )
        )
        # 由原告负担1000元，被告负担500元: later bearers without 由
        tail = text[m.end() : min(end, m.end() + 60)]
        for m2 in re.finditer(
            rf"^[,、]?\s*(?P<w>{_ROLE}?[^,;。由]{{1,40}}?)\s*(?:负担|承担)(?P<a>\s*{MONEY_RE})",
            tail,
        ):
            w = m2.group("w")
            f2 = [(aliases or {}).get(n, n) for n in _names_in(w, names)]
            bearers.append(
                (
                    "、".join(dict.fromkeys(f2)) if f2 else w,
                    read_money(m2.group("a")),
                    m.end() + m2.start("w"),
                    m.end() + m2.end("w"),
                )
            )
    return Costs(fees, charged, bearers)


_CLAIM_ITEM = re.compile(
    r"(?:^|(?<=[\s。;:]))(?:\d{1,2}\s*[、.](?!\d)|[一二三四五六七八九十]{1,3}\s*[、.]|[(（]\s*[\d一二三四五六七八九十]{1,2}\s*[)）])"
)


_RESTATED = re.compile(r"^\s*\(\s*(?:大写|小写|人民币|即)?\s*:?\s*")


def _restated(seg: str, m: re.Match[str], before: list[tuple[re.Match[str], float]]) -> bool:
    """Whether the amount at m restates the one before it in brackets (…元（大写：…元整）)."""
    if not before:
        return False
    gap = seg[before[-1][0].end() : m.start()]
    return len(gap) <= 8 and "(" in gap and bool(_RESTATED.match(gap))


def read_claims(text: str, start: int, end: int) -> list[tuple[str, float | None, int, int]]:
    """Claim items with the amount each asks for: (item text, amount, start, end)."""
    # the claims proper end at 事实与理由 / 事实和理由
    stop = re.search(r"事实(?:与|和|及)理由|理由如下|庭审中|审理中|诉讼中", text[start:end])
    if stop:
        end = start + stop.start()
    m0 = re.search(r"诉讼请求|请求(?:法院|本院)?(?:依法)?判令|上诉请求|请求:", text[start:end])
    if m0:
        start = start + m0.end()
    marks = list(_CLAIM_ITEM.finditer(text, start, end))
    spans = [
        (m.end(), marks[i + 1].start() if i + 1 < len(marks) else end) for i, m in enumerate(marks)
    ] or [(start, end)]
    out = []
    for s, e in spans:
        seg = text[s:e]
        if re.search(r"受理费|诉讼费|保全费|公告费", seg) and not re.search(
            r"借款|货款|本金|赔偿|租金|欠款", seg
        ):
            continue
        amts = []
        for m in MONEY.finditer(seg):
            a = read_money(m.group(0))
            # 200,000元（大写：贰拾万元整）: one amount written twice is counted once
            if a is not None and not _restated(seg, m, amts):
                amts.append((m, a))
        # the item's amount: a total if it states one, else the sum of its amounts that are
        # not a basis or a rate
        total = None
        for m, a in amts:
            if _TOTAL.search(seg[max(0, m.start() - 6) : m.start()]):
                total = a
        if total is None and amts:
            vals = [
                a
                for m, a in amts
                if not re.search(r"以$|按每?[年月日]?$", seg[max(0, m.start() - 3) : m.start()])
                and not re.match(r"\s*为(?:基数|本金)", seg[m.end() : m.end() + 4])
            ]
            total = sum(vals) if vals else None
        out.append((seg.strip(" ;。"), total, s, e))
    return out
