"""Synthetic complaint, defence and evidence list for the seven element-trial case types,
with every element's status known (issue 18 item 4).

`pleadings(case_type, seed)` draws one case: the parties, the values (amounts, dates, rates),
and for each element of the catalogue (courtqc/elements/catalogue.yaml) a status —

- **admitted**: the complaint states it; the defence admits it in terms, or (about a third of
  the time) does not answer it;
- **contested**: the complaint states it; the defence denies it, or (about a quarter of the
  time, where an evidence item proves it) only the cross-examination opinion on that item
  objects;
- **missing**: neither the complaint nor the evidence list says anything of it;

and writes the three documents in the courts' layouts: title variants, party lines with or
without birth dates and addresses, requests numbered 1. / 一、 / (1), 事实与理由 or 事实和理由,
the evidence list as a tab table with a 质证意见 column or as numbered paragraphs, dates in
Arabic or Chinese numerals. OCR-like noise at `noise` (default 0.01): that share of the
positions between two Chinese characters gets a blank, and a third of the documents are
written with full-width digits.

Seeded and pure: the same (case_type, seed) always gives the same texts. Tests and
bench/bench_elements.py call it alone; `courtqc synth` calls it with a case's own facts
(`CaseFacts`: its parties, court, claimed amount, filing and answer days —
courtqc.synth.documents.court_pleadings), which replace what is drawn after the draw, so a
draw never depends on them and the standalone corpus is the same with or without them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from courtqc.synth.documents.pleading_texts import CAUSE_ZH, CORE, TEXTS
from courtqc.synth.documents.text import int_to_cn

CASE_TYPES = (
    "private_lending",
    "financial_loan",
    "credit_card",
    "sales_contract",
    "traffic_accident",
    "labour_dispute",
    "divorce",
)
COURTS = (
    "上海市浦东新区人民法院",
    "上海市黄浦区人民法院",
    "上海市徐汇区人民法院",
    "上海市闵行区人民法院",
    "上海市松江区人民法院",
    "上海市嘉定区人民法院",
)
_SURNAMES = "张王李赵陈刘杨黄吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红云飞鹏晨宇"
_DISTRICTS = ("浦东新区", "黄浦区", "徐汇区", "闵行区", "松江区", "嘉定区", "宝山区")
_ROADS = ("张杨路", "南京西路", "漕溪北路", "莘庄路", "中山路", "城中路", "牡丹江路")
_BANKS = (
    "中国工商银行股份有限公司上海市{d}支行",
    "中国建设银行股份有限公司上海{d}支行",
    "上海农村商业银行股份有限公司{d}支行",
    "招商银行股份有限公司上海分行",
)
_FIRMS = (
    "上海{n}贸易有限公司",
    "上海{n}机电设备有限公司",
    "上海{n}建材有限公司",
    "上海{n}食品有限公司",
)
_FIRM_WORDS = ("鼎盛", "恒达", "鑫源", "华茂", "永信", "佳禾", "汇通", "瑞丰")
_INSURERS = (
    "中国人民财产保险股份有限公司上海市分公司",
    "中国平安财产保险股份有限公司上海分公司",
    "中国太平洋财产保险股份有限公司上海分公司",
)

Status = str  # admitted | contested | missing


@dataclass(slots=True)
class CaseFacts:
    """What a stored case already says, for pleadings that agree with it: the first plaintiff
    and defendant (name, natural person or not), a second defendant (a guarantor, an
    insurer), the court's name, the claimed amount as text, the filing day and the day the
    defendant answered (None: not served or not answered yet — no defence, no evidence list
    with cross-examination)."""

    plaintiff: str
    defendant: str
    p_person: bool
    d_person: bool
    court: str
    filed: date
    answered: date | None = None
    amount: str | None = None
    other_defendant: str | None = None
    other_person: bool = True
    #: the party rows' particulars (sex 男/女, birth date, address, legal representative),
    #: written instead of drawn ones where the row has them
    p_who: Who | None = None
    d_who: Who | None = None


@dataclass(slots=True)
class Who:
    """A party's particulars as its row holds them (any may be absent)."""

    sex: str | None = None
    born: date | None = None
    address: str | None = None
    legal_rep: str | None = None


@dataclass(slots=True)
class Pleadings:
    case_type: str
    seed: int
    complaint: str
    defence: str | None
    evidence_list: str
    truth: dict[str, Status]
    values: dict[str, str] = field(default_factory=dict)  # element id -> value as read back
    court: str = ""


# ---------------------------------------------------------------- values
def _date(rng: random.Random, lo: date, span_days: int) -> date:
    return lo + timedelta(days=rng.randrange(span_days))


def _ds(d: date, cn: bool) -> str:
    if cn:
        digits = "〇一二三四五六七八九"
        y = "".join(digits[int(c)] for c in str(d.year))
        return f"{y}年{int_to_cn(d.month)}月{int_to_cn(d.day)}日"
    return f"{d.year}年{d.month}月{d.day}日"


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _values(
    case_type: str, rng: random.Random, filed: date | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """(slots for the templates, the value each valued element reads back as). With `filed`
    every date falls before the filing day (the draws are the same)."""
    base = _date(rng, date(2019, 1, 1), 1200)
    if filed is not None:  # the latest drawn date is base + 698 days
        base = filed - timedelta(days=720)
    v: dict[str, str] = {
        "district": rng.choice(_DISTRICTS),
        "road": rng.choice(_ROADS),
        "purpose": rng.choice(("资金周转", "经营需要", "装修房屋", "购车")),
        "contract_no": f"{base.year}{rng.randrange(10**6):06d}",
        "guarantor": _person(rng),
        "driver": _person(rng),
        "child": _person(rng),
    }
    truth: dict[str, str] = {}
    amount = rng.randrange(2, 200) * 5000
    v["amount"] = str(amount)
    v["half"] = str(amount // 2)
    truth["amount"] = f"{amount:.2f}"
    d1 = base
    d2 = d1 + timedelta(days=rng.randrange(60, 400))
    d3 = d2 + timedelta(days=rng.randrange(30, 300))
    for k, d in (("loan_date", d1), ("sign_date", d1), ("due_date", d2), ("sue_date", d3)):
        v[k] = _ds(d, False)
    truth["due_date"] = d2.isoformat()
    yrate = rng.choice((6, 8, 10, 12, 14.4, 15))
    v["yrate"] = f"{yrate:g}"
    v["mrate"] = f"{yrate / 12:g}" if yrate in (6, 12, 15) else "1"
    v["fen"] = rng.choice(("一", "1.5", "2"))
    repaid = rng.randrange(1, max(2, amount // 10000)) * 1000
    v["repaid"], v["repaid2"] = str(repaid), str(repaid + rng.randrange(1, 20) * 1000)
    v["repaid_date"] = _ds(d2 - timedelta(days=10), False)
    truth["repaid"] = f"{repaid:.2f}"
    owed = rng.randrange(5, 400) * 1000 + rng.randrange(1000)
    v["owed"] = str(owed)
    truth["owed"] = f"{owed:.2f}"
    v["total"] = str(owed + repaid * 3)
    v["paid"] = str(repaid * 3)
    v["interest"] = str(rng.randrange(500, 20000))
    v["term"] = str(rng.choice((12, 24, 36, 60)))
    dd = d1 + timedelta(days=rng.randrange(100, 500))
    v["default_date"] = _ds(dd, False)
    accel = dd + timedelta(days=rng.randrange(60, 200))
    v["accel_date"] = _ds(accel, False)
    truth["accel_date"] = accel.isoformat()
    v["penalty"] = str(rng.randrange(100, 5000))
    truth["penalty"] = f"{int(v['penalty']):.2f}"
    v["notice_date"] = _ds(accel, False)
    v["goods"] = rng.choice(("钢材", "电缆", "包装材料", "食品原料", "办公家具"))
    v["deliver_date"] = _ds(d2, False)
    v["perday"] = rng.choice(("五", "三", "十"))
    v["plate"] = f"沪{rng.choice('ABCDEFGHJKLMN')}{rng.randrange(10000, 99999)}"
    acc = d1
    v["acc_date"] = _ds(acc, False)
    truth["acc_date"] = acc.isoformat()
    v["insurer"] = rng.choice(_INSURERS)
    v["injury"] = rng.choice(("右胫骨骨折", "左锁骨骨折", "腰椎压缩性骨折"))
    v["days"] = str(rng.randrange(5, 60))
    v["grade"] = rng.choice(("九", "十"))
    loss = rng.randrange(20000, 400000)
    v["loss"] = str(loss)
    truth["loss"] = f"{loss:.2f}"
    adv = rng.randrange(1, 30) * 1000
    v["advance"], v["advance2"] = str(adv), str(adv + 5000)
    truth["advance"] = f"{adv:.2f}"
    v["post"] = rng.choice(("仓库管理员", "销售", "厨师", "司机", "保洁"))
    start = d1
    v["start_date"] = _ds(start, False)
    truth["start_date"] = start.isoformat()
    v["contract_date"] = _ds(start + timedelta(days=30), False)
    wage = rng.randrange(40, 200) * 100
    v["wage"] = str(wage)
    truth["wage"] = f"{wage:.2f}"
    v["months"] = int_to_cn(rng.randrange(1, 6))
    v["arrears"] = str(wage * rng.randrange(1, 6))
    v["double"] = str(wage * rng.randrange(3, 11))
    v["ot"] = str(rng.randrange(2000, 30000))
    v["comp"] = str(wage * rng.randrange(2, 12))
    end = d3
    v["end_date"] = _ds(end, False)
    truth["end_date"] = end.isoformat()
    wed = date(rng.randrange(2005, 2019), rng.randrange(1, 13), rng.randrange(1, 29))
    if filed is not None and wed > filed - timedelta(days=800):
        wed = wed.replace(year=filed.year - 8)
    v["wed_date"] = _ds(wed, False)
    v["wed2"] = _ds(wed + timedelta(days=400), False)
    truth["wed_date"] = wed.isoformat()
    v["apart_date"] = _ds(d2, False)
    v["age"] = int_to_cn(rng.randrange(2, 15))
    v["birth_year"] = str(wed.year + 1)
    v["support"] = str(rng.randrange(8, 40) * 100)
    truth["support"] = f"{int(v['support']):.2f}"
    v["deposit"] = str(rng.randrange(5, 100) * 10000)
    debt = rng.randrange(5, 50) * 10000
    v["debt"] = str(debt)
    truth["debt"] = f"{debt:.2f}"
    rate_text = {"rate": None}  # read back as written; set after the sentence is drawn
    truth.update({k: v2 for k, v2 in rate_text.items() if v2})
    return v, truth


# ---------------------------------------------------------------- layout
def _party_line(
    rng: random.Random, role: str, name: str, person: bool, who: Who | None = None
) -> str:
    sep = rng.choice((":", "：", "："))
    if not person:
        rep = _person(rng)
        seat = f"上海市{rng.choice(_DISTRICTS)}{rng.choice(_ROADS)}{rng.randrange(1, 999)}号"
        post = rng.choice(("董事长", "执行董事", "总经理"))
        if who is not None:
            seat = who.address or seat
            rep = who.legal_rep or rep
        return f"{role}{sep}{name}，住所地{seat}。\n法定代表人{sep}{rep}，职务：{post}。"
    if role in ("原告", "被告") and name.endswith(("银行股份有限公司", "支行", "分行")):
        return f"{role}{sep}{name}。"
    sex = rng.choice(("男", "女"))
    born = _ds(date(rng.randrange(1955, 2000), rng.randrange(1, 13), rng.randrange(1, 29)), False)
    addr = f"住上海市{rng.choice(_DISTRICTS)}{rng.choice(_ROADS)}{rng.randrange(1, 999)}弄{rng.randrange(1, 99)}号"
    if who is not None:
        sex = who.sex or sex
        born = _ds(who.born, False) if who.born else born
        addr = f"住{who.address}" if who.address else addr
    style = rng.randrange(3)
    if style == 0:
        return f"{role}{sep}{name}，{sex}，{born}出生，汉族，{addr}。"
    if style == 1:
        return f"{role}{sep}{name}，{sex}，汉族，{addr}，联系电话13{rng.randrange(10**9):09d}。"
    return f"{role}  {name}  {sex}  {born}生  {addr}"


def _numbered(rng: random.Random, items: list[str]) -> list[str]:
    style = rng.randrange(3)
    out = []
    for i, it in enumerate(items, 1):
        n = (f"{i}.", f"{int_to_cn(i)}、", f"({i})")[style]
        out.append(f"{n}{it}；")
    if out:
        out[-1] = out[-1][:-1] + "。"
    return out


def _noise(rng: random.Random, text: str, rate: float) -> str:
    if rate <= 0:
        return text
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if "\u4e00" <= ch <= "\u9fff" and "\u4e00" <= nxt <= "\u9fff" and rng.random() < rate:
            out.append(" ")
    return "".join(out)


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _draw_statuses(rng: random.Random, case_type: str, ids: list[str]) -> dict[str, Status]:
    out = {}
    for e in ids:
        r = rng.random()
        if e in CORE[case_type]:
            out[e] = "contested" if r < 0.35 else "admitted"
        else:
            out[e] = "missing" if r < 0.25 else "contested" if r < 0.5 else "admitted"
    return out


def pleadings(
    case_type: str,
    seed: int,
    *,
    statuses: dict[str, Status] | None = None,
    noise: float = 0.01,
    facts: CaseFacts | None = None,
) -> Pleadings:
    """One synthetic case of `case_type`: complaint, defence, evidence list and the truth.
    Written in stages, each drawing from the one random stream in this order (the same seed
    gives the same case)."""
    if case_type not in TEXTS:
        raise ValueError(f"unknown case type {case_type!r}")
    rng = random.Random(f"{case_type}:{seed}")
    v, value_truth = _values(case_type, rng, facts.filed if facts else None)
    if facts is not None:
        _fit(case_type, v, value_truth, facts)
    texts = TEXTS[case_type](v)
    truth = _draw_statuses(rng, case_type, list(texts))
    if statuses:
        truth.update(statuses)
    # a claim for unlawful-termination damages states the termination; child support, a child
    for needs, on in (("compensation", "termination"), ("child_support", "children")):
        if truth.get(needs, "missing") != "missing" and truth.get(on) == "missing":
            truth[on] = "admitted"
    cn_dates = rng.random() < 0.3
    court = rng.choice(COURTS)
    plaintiff, defendant, p_person, d_person = _parties(rng, case_type, v)
    if facts is not None:
        court, plaintiff, defendant = facts.court, facts.plaintiff, facts.defendant
        p_person, d_person = facts.p_person, facts.d_person
    says, requests, evidence, values = _claims(rng, case_type, texts, truth, v, value_truth)
    answered = facts is None or facts.answered is not None
    has_defence, cross_only, defence_lines, truth = _objections(
        rng, texts, truth, v, evidence, answered
    )

    fw = rng.random() < 0.33
    sign = _ds(date(2023, 1, 1) + timedelta(days=rng.randrange(500)), cn_dates)
    head = (plaintiff, defendant, p_person, d_person, court, sign)
    complaint_head = answer_head = head
    if facts is not None:
        complaint_head = (*head[:5], _ds(facts.filed, cn_dates))
        answer_head = (*head[:5], _ds(facts.answered or facts.filed, cn_dates))
    whos = (facts.p_who, facts.d_who) if facts is not None else (None, None)
    complaint = _complaint(rng, case_type, truth, v, complaint_head, requests, says, whos)
    defence = _defence(rng, case_type, answer_head, defence_lines, whos[1]) if has_defence else None
    evidence_list = _evidence_list(rng, texts, v, answer_head, evidence, cross_only, has_defence)

    # a contested element whose objection is only 对证明目的有异议 on an item of an admitted one
    # does not arise: only contested elements' items get objections.
    docs = [complaint, defence or "", evidence_list]
    docs = [_noise(rng, t, noise) for t in docs]
    if fw:
        docs = [t.translate(_FULL) for t in docs]
    return Pleadings(
        case_type=case_type,
        seed=seed,
        complaint=docs[0],
        defence=docs[1] if has_defence else None,
        evidence_list=docs[2],
        truth=truth,
        values={k: x for k, x in values.items() if x},
        court=court,
    )


#: the slot of the principal claim per case type, which the case's claimed amount replaces
CLAIM_SLOT = {
    "private_lending": "amount",
    "financial_loan": "owed",
    "credit_card": "owed",
    "sales_contract": "owed",
    "traffic_accident": "loss",
}


def _fit(case_type: str, v: dict[str, str], value_truth: dict[str, str], f: CaseFacts) -> None:
    """Make the drawn values agree with the case: its claimed amount in the principal claim
    (a loan's amount at least what is owed, a sale's total what was paid and owed), a second
    defendant as the guarantor or the insurer."""
    slot = CLAIM_SLOT.get(case_type)
    if slot and f.amount:
        x = float(f.amount)
        text = f"{x:.2f}".removesuffix(".00")
        v[slot], value_truth[slot] = text, f"{x:.2f}"
        if slot == "amount":
            v["half"] = str(int(x // 2))
        if case_type == "financial_loan" and float(v["amount"]) < x:
            amount = int(-(-x // 10000) * 10000)
            v["amount"], value_truth["amount"] = str(amount), f"{amount:.2f}"
            v["half"] = str(amount // 2)
        if case_type == "sales_contract":
            v["total"] = f"{x + float(v['paid']):.2f}".removesuffix(".00")
    if f.other_defendant:
        if case_type == "traffic_accident" and "保险" in f.other_defendant:
            v["insurer"] = f.other_defendant
        elif case_type in ("private_lending", "financial_loan") and f.other_person:
            v["guarantor"] = f.other_defendant


def _parties(rng: random.Random, case_type: str, v: dict) -> tuple[str, str, bool, bool]:
    """(plaintiff, defendant, plaintiff is a person, defendant is a person)."""
    plaintiff, defendant = _person(rng), _person(rng)
    p_person = d_person = True
    if case_type == "financial_loan" or case_type == "credit_card":
        plaintiff = rng.choice(_BANKS).format(
            d=v["district"].removesuffix("新区").removesuffix("区")
        )
    if case_type == "sales_contract":
        plaintiff = rng.choice(_FIRMS).format(n=rng.choice(_FIRM_WORDS))
        defendant = rng.choice(_FIRMS).format(n=rng.choice(_FIRM_WORDS))
        p_person = d_person = False
    if case_type == "labour_dispute":
        defendant = rng.choice(_FIRMS).format(n=rng.choice(_FIRM_WORDS))
        d_person = False
    if case_type == "traffic_accident":
        defendant = v["driver"]
    return plaintiff, defendant, p_person, d_person


def _claims(
    rng: random.Random, case_type: str, texts: dict, truth: dict, v: dict, value_truth: dict
) -> tuple[list[str], list[str], list[tuple[str, str, Status, str]], dict[str, str]]:
    """What the complaint says, asks and offers as evidence, for the elements not missing:
    (sentences, requests, evidence (name, purpose, status, element), values stated)."""
    says: list[str] = []
    requests: list[str] = []
    evidence: list[tuple[str, str, Status, str]] = []
    values: dict[str, str] = {}
    for eid, et in texts.items():
        st = truth[eid]
        if st == "missing":
            continue
        sentence = rng.choice(et.say).format(**v)
        says.append(sentence)
        if et.request:
            requests.append(et.request.format(**v))
        if et.value == "rate":
            m = re.search(r"(?:月利率|年利率|月息)\s*[\d.一]+\s*(?:%|分)", sentence)
            if m:
                values[eid] = m.group()
        elif et.value:
            values[eid] = value_truth.get(et.value, "")
        if et.evidence and rng.random() < 0.85:
            evidence.append((et.evidence[0].format(**v), et.evidence[1].format(**v), st, eid))
    rng.shuffle(evidence)
    evidence.insert(0, ("身份证复印件", "证明原、被告的诉讼主体资格", "admitted", ""))
    if case_type == "divorce":
        requests.insert(0, rng.choice(("判令原告与被告离婚", "请求判决原、被告离婚")))
    if not requests:
        requests.append("判令被告履行义务")
    requests.append("本案诉讼费用由被告承担")
    return says, requests, evidence, values


def _objections(
    rng: random.Random, texts: dict, truth: dict, v: dict, evidence: list, answered: bool = True
) -> tuple[bool, set[str], list[str], dict]:
    """The defence, and where each contested element's objection goes: (a defence is filed,
    elements objected to only in cross-examination, the defence's lines, the truth — without
    a defence nothing is contested; a defendant not yet `answered` files none)."""
    has_defence = rng.random() < 0.92 and answered
    cross_only: set[str] = set()
    defence_lines: list[str] = []
    with_evidence = {e[3] for e in evidence}
    for eid, et in texts.items():
        st = truth[eid]
        topic = rng.choice(et.topic).format(**v)
        if st == "contested":
            if eid in with_evidence and rng.random() < 0.25:
                cross_only.add(eid)
                continue
            reason = rng.choice(et.reasons).format(**v)
            defence_lines.append(
                rng.choice(
                    (
                        f"对于{topic}，答辩人不予认可，{reason}。",
                        f"答辩人对{topic}有异议，{reason}。",
                        f"原告所称{topic}与事实不符，{reason}。",
                        f"关于{topic}，答辩人否认，{reason}。",
                    )
                )
            )
        elif st == "admitted" and rng.random() < 0.65:
            defence_lines.append(
                rng.choice(
                    (
                        f"对{topic}，答辩人无异议。",
                        f"答辩人认可{topic}。",
                        f"原告所述{topic}属实，答辩人予以确认。",
                    )
                )
            )
    if not has_defence:
        # no defence: nothing is contested, and there is no cross-examination either
        truth = {k: ("admitted" if s == "contested" else s) for k, s in truth.items()}
        cross_only.clear()
    rng.shuffle(defence_lines)
    return has_defence, cross_only, defence_lines, truth


def _complaint(
    rng: random.Random,
    case_type: str,
    truth: dict,
    v: dict,
    head: tuple,
    requests: list[str],
    says: list[str],
    whos: tuple[Who | None, Who | None] = (None, None),
) -> str:
    plaintiff, defendant, p_person, d_person, court, sign = head
    c: list[str] = [rng.choice(("民事起诉状", "民 事 起 诉 状", "起诉状"))]
    p_who, d_who = whos
    c.append(_party_line(rng, "原告", plaintiff, p_person, p_who))
    c.append(_party_line(rng, "被告", defendant, d_person, d_who))
    if case_type == "traffic_accident" and truth.get("insurance") != "missing":
        c.append(_party_line(rng, "被告", v["insurer"], False))
    if (
        case_type in ("private_lending", "financial_loan")
        and truth.get("guarantee", truth.get("security")) != "missing"
    ):
        c.append(_party_line(rng, "被告", v["guarantor"], True))
    if rng.random() < 0.4:
        c.append(f"案由：{CAUSE_ZH[case_type]}")
    c.append(rng.choice(("诉讼请求：", "诉讼请求", "请求事项：")))
    c.extend(_numbered(rng, requests))
    c.append(rng.choice(("事实与理由：", "事实和理由：", "事实与理由")))
    c.append("".join(says))
    c.append(
        rng.choice(
            (
                "为维护原告的合法权益，特诉至贵院，望判如所请。",
                "原告为此诉至法院，请求判如所请。",
                "综上，原告依据相关法律规定，向贵院提起诉讼，请依法裁判。",
            )
        )
    )
    c += ["此致", court, f"具状人：{plaintiff}", sign]
    return "\n".join(c)


def _defence(
    rng: random.Random,
    case_type: str,
    head: tuple,
    defence_lines: list[str],
    d_who: Who | None = None,
) -> str:
    plaintiff, defendant, _, d_person, court, sign = head
    d = [rng.choice(("民事答辩状", "答辩状", "民 事 答 辩 状"))]
    d.append(_party_line(rng, "答辩人(被告)", defendant, d_person, d_who))
    d.append(f"被答辩人(原告)：{plaintiff}。")
    d.append(
        rng.choice(
            (
                f"答辩人因与被答辩人{CAUSE_ZH[case_type]}一案，现提出答辩意见如下：",
                f"针对被答辩人诉答辩人{CAUSE_ZH[case_type]}一案，答辩如下：",
            )
        )
    )
    if defence_lines:
        d.extend(_numbered(rng, [x.rstrip("。") for x in defence_lines]))
    else:
        d.append("答辩人对原告所述事实没有意见，请求法院依法处理。")
    d.append(
        rng.choice(
            (
                "综上，请求法院依法驳回被答辩人的诉讼请求。",
                "综上所述，请求人民法院查明事实，依法裁判。",
            )
        )
    )
    d += ["此致", court, f"答辩人：{defendant}", sign]
    return "\n".join(d)


def _evidence_list(
    rng: random.Random,
    texts: dict,
    v: dict,
    head: tuple,
    evidence: list,
    cross_only: set[str],
    has_defence: bool,
) -> str:
    """The evidence list, with the defendant's cross-examination opinion where there is a
    defence (as a table or as numbered lines)."""
    plaintiff, sign = head[0], head[5]
    table = rng.random() < 0.5
    e: list[str] = [rng.choice(("证据目录", "证据清单", "证据材料清单"))]
    e.append(f"提交人：原告{plaintiff}")
    if table:
        columns = "序号\t证据名称\t证明目的\t页码"
        e.append(columns + ("\t质证意见" if has_defence else ""))
    for i, (name, purpose, st, eid) in enumerate(evidence, 1):
        if eid in cross_only:
            opinion = rng.choice(
                (
                    f"对真实性有异议，{rng.choice(texts[eid].reasons).format(**v)}",
                    f"三性均不予认可，{rng.choice(texts[eid].reasons).format(**v)}",
                )
            )
        elif st == "contested" and rng.random() < 0.5:
            opinion = "对真实性无异议，对证明目的有异议"
        else:
            opinion = rng.choice(("无异议", "对真实性、合法性、关联性均无异议", "认可"))
        if table:
            row = f"{i}\t{name}\t{purpose}\t{i}"
            e.append(row + (f"\t{opinion}" if has_defence else ""))
        else:
            n = rng.choice((f"证据{int_to_cn(i)}：", f"{i}.", f"{i}、"))
            line = f"{n}{name}，证明目的：{purpose}。"
            if has_defence:
                line += f"质证意见：{opinion}。"
            e.append(line)
    e.append(f"提交日期：{sign}")
    return "\n".join(e)


def corpus(n_per_type: int, seed: int = 0, noise: float = 0.01) -> list[Pleadings]:
    """`n_per_type` cases of each of the seven types."""
    return [
        pleadings(ct, seed * 1_000_003 + i, noise=noise)
        for ct in CASE_TYPES
        for i in range(n_per_type)
    ]
