"""The report's scenario kinds the main generator has no cases of (issue 17, MISSION.md §5):
e-commerce platform liability, trademark-crime probation, criminal reconciliation, unfair
competition, procedural idling (appraisal/audit, repeated remand, suspension), false sales
contracts, gifts disguised as sales, loans disguised as factoring, licence-plate rental,
fund-raising companies' mass lending suits, and the social-governance pushes.

Each scenario writes a few complete cases per instance — parties (valid ID numbers and credit
codes, registry rows), workflow events through the catalogue's side-step nodes (appraisal,
audit, remand, suspension, settlement review ...), judgments whose text carries what the model
reads — as planted positives *and* near misses that differ in the one fact the law turns on.
The ground truth is then computed from the written data by the definitions in ``TRUTH_SQL``
(docs/ANOMALIES.md), with the real identities (truth_identities), like courtqc.synth.truth.

The cases are written after the main court (``add_report_cases``): the generator reserves
``reserved(cases)`` of its case count for them, so the court still has exactly ``cases``
cases. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from courtqc.domain.caseno import format_case_no
from courtqc.domain.courts import BY_CODE
from courtqc.domain.idnumber import make_id_number
from courtqc.domain.uscc import make_uscc
from courtqc.law.sentencing import expected_term_end

#: Truth scenarios this module plants (docs/ANOMALIES.md, one model each in the library).
SCENARIOS: tuple[str, ...] = (
    "ecommerce_platform_liability", "trademark_crime_probation", "reconciliation_wrong_article",
    "unfair_competition_interpretation", "appraisal_audit_idling", "repeated_remand",
    "suspension_idling", "false_sales_contract", "gift_disguised_as_sale",
    "factoring_disguised_loan", "plate_rental_disguised", "fundraising_mass_lending",
    "methadone_diversion", "rural_collective_assets", "house_sale_underpriced",
    "yin_yang_equity_transfer", "executive_pay_after_leaving",
)  # fmt: skip

AS_OF = dt.date(2026, 6, 30)  # courtqc.synth.timeline.WINDOW.as_of
FIRST_DAY = dt.date(2021, 3, 1)
NEW_UCL = dt.date(2022, 3, 20)  # 法释〔2022〕9号 in force
UCL_2007 = "《最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释》（法释〔2007〕2号）"
UCL_2022 = (
    "《最高人民法院关于适用〈中华人民共和国反不正当竞争法〉若干问题的解释》（法释〔2022〕9号）"
)
SUITS_PER_FUNDRAISER = 5


def instances(cases: int) -> int:
    """Instances of each scenario: one per 50,000 cases, at least one."""
    return max(1, round(cases / 50_000))


# -------------------------------------------------------------------------------- specs
@dataclass
class Who:
    """A real person or company of the report cases (one party row per case it appears in)."""

    key: int
    kind: str  # natural | legal | authority
    name: str
    id_number: str | None = None
    birth: dt.date | None = None
    gender: str | None = None
    uscc: str | None = None
    legal_rep: Who | None = None
    registered: bool = True  # a company in registry_enterprises


@dataclass
class Spec:
    scenario: str
    truth: bool  # planted positive (True) or near miss (False)
    note: str
    cause: str
    family: str = "civil"
    type_code: str = "民初"
    procedure: str = "first"
    filing: dt.date = FIRST_DAY
    closing: dt.date | None = None
    method: str | None = "judgment"
    claim: float | None = None
    parties: list[tuple[str, Who]] = field(default_factory=list)
    truth_role: str | None = None  # the role whose party the truth row names (None: the case)
    also: tuple[str, ...] = ()  # other scenarios this case is planted truth of
    text: str | None = None  # judgment text (a document is written when set)
    doc_title: str = "民事判决书"
    side_events: list[tuple[str, dt.date, str]] = field(default_factory=list)
    sentence: dict[str, Any] | None = None
    origin: Spec | None = None
    origin_relation: str | None = None
    intermediate: bool = False  # heard at the intermediate court above the basic court
    court: str | None = None
    case_id: int = 0


class Maker:
    """Draws people, companies and dates for the specs (one RNG, so one seed = one court)."""

    SURNAMES = "钮濮邝戚滕阙祁饶谌蒯隗甄鞠勾"
    GIVEN = "澄湛珏琛翊珩瑾璟煜昕皓曦砚骞霁"
    FIRMS = "琨瑜瀚澜祺熠晟骅"

    def __init__(self, seed: int):
        self.rng = random.Random(seed * 7919 + 17)
        self._key = 0
        self._names: set[str] = set()

    def _next(self) -> int:
        self._key += 1
        return self._key

    def _unique(self, make) -> str:
        for _ in range(1000):
            n = make()
            if n not in self._names:
                self._names.add(n)
                return n
        raise RuntimeError("name space exhausted")

    def person(self, male: bool | None = None) -> Who:
        r = self.rng
        male = r.random() < 0.6 if male is None else male
        name = self._unique(
            lambda: r.choice(self.SURNAMES) + r.choice(self.GIVEN) + r.choice(self.GIVEN)
        )
        birth = dt.date(r.randint(1958, 1995), r.randint(1, 12), r.randint(1, 28))
        idn = make_id_number("310115", birth, r.randint(0, 99), male)
        return Who(self._next(), "natural", name, idn, birth, "male" if male else "female")

    def company(self, word: str, rep: Who | None = None) -> Who:
        r = self.rng
        rep = rep or self.person()
        name = self._unique(
            lambda: f"上海{r.choice(self.FIRMS)}{r.choice(self.FIRMS)}{word}有限公司"
        )
        body = f"{r.randint(0, 99_999_999):08d}"
        return Who(self._next(), "legal", name, uscc=make_uscc("310115", body), legal_rep=rep)

    def day(self, lo: dt.date = FIRST_DAY, hi: dt.date = dt.date(2025, 12, 31)) -> dt.date:
        d = lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return d

    def money(self, lo: int, hi: int) -> int:
        return self.rng.randint(int(lo) // 100, int(hi) // 100) * 100


def _judgment(court_kind: str, body: str, ruling: str) -> str:
    return f"上海市{court_kind}人民法院\n{body}\n本院认为，{ruling}"


# -------------------------------------------------------------------------------- scenarios
def _ecommerce(m: Maker) -> list[Spec]:
    out = []
    for variant in ("liable_no_fault", "liable_with_fault", "platform_not_liable"):
        buyer, seller = m.person(), m.company("贸易")
        platform = m.company("网络科技")
        f = m.day()
        c = f + dt.timedelta(days=m.rng.randint(60, 150))
        paid = m.money(2000, 80000)
        holding = {
            "liable_no_fault": f"被告{platform.name}作为电子商务平台经营者，对被告{seller.name}的上述"
            "赔偿义务承担连带责任。",
            "liable_with_fault": f"被告{platform.name}作为电子商务平台经营者，知道或者应当知道平台内"
            "经营者销售的商品不符合保障人身、财产安全的要求，未采取必要措施，依照《中华人民共和国电子商务法》"
            f"第三十八条第一款，对被告{seller.name}的上述赔偿义务承担连带责任。",
            "platform_not_liable": f"被告{platform.name}作为电子商务平台经营者，已履行审核与提示义务，"
            "原告要求其承担连带责任的请求，本院不予支持。",
        }[variant]
        out.append(
            Spec(
                "ecommerce_platform_liability", variant == "liable_no_fault",
                f"platform held jointly liable: {variant}", "信息网络买卖合同纠纷",
                filing=f, closing=c, claim=paid * 3,
                parties=[("plaintiff", buyer), ("defendant", seller), ("defendant", platform)],
                text=_judgment("某区", f"原告{buyer.name}通过被告{platform.name}经营的网络交易平台向被告"
                               f"{seller.name}购买商品，支付价款{paid}元。",
                               f"被告{seller.name}应退还价款并赔偿损失。{holding}"),
            )
        )  # fmt: skip
    return out


def _trademark(m: Maker) -> list[Spec]:
    out = []
    aggravating = (
        "被告人曾因侵犯知识产权被行政处罚后再次侵犯知识产权",
        "被告人在新冠肺炎疫情防控期间假冒防疫物资的注册商标",
    )
    for variant in ("probation_aggravated", "probation_plain", "aggravated_custody"):
        d = m.person(male=True)
        f = m.day()
        c = f + dt.timedelta(days=m.rng.randint(40, 120))
        term = m.rng.choice((12, 18, 24, 30))
        probation = variant != "aggravated_custody"
        fact = m.rng.choice(aggravating) if variant != "probation_plain" else "被告人系初犯"
        vol = m.money(60000, 240000)
        custody = f - dt.timedelta(days=20)
        sent: dict[str, Any] = {
            "charges": "假冒注册商标", "principal_penalty": "fixed_term", "term_months": term,
            "probation_months": term + 12 if probation else None, "fine_yuan": vol // 2,
            "crime_amount": vol, "custody_start": custody,
        }  # fmt: skip
        if not probation:
            sent["term_end"] = expected_term_end(custody, term, "fixed_term")
        pen = f"有期徒刑{term}个月" + (f"，缓刑{term + 12}个月" if probation else "")
        out.append(
            Spec(
                "trademark_crime_probation", variant == "probation_aggravated",
                f"trademark crime: {variant}", "假冒注册商标罪", family="criminal",
                type_code="刑初", filing=f, closing=c, claim=vol, doc_title="刑事判决书",
                parties=[("criminal_defendant", d)], truth_role="criminal_defendant",
                text=_judgment("某区", f"被告人{d.name}未经注册商标所有人许可，在同一种商品上使用与其注册"
                               f"商标相同的商标，非法经营数额{vol}元。{fact}。",
                               f"被告人{d.name}犯假冒注册商标罪，判处{pen}，并处罚金{vol // 2}元。"),
                sentence=sent,
                side_events=[("sentencing_review", c - dt.timedelta(days=10), "量刑评议")],
            )
        )  # fmt: skip
    return out


def _reconciliation(m: Maker) -> list[Spec]:
    out = []
    cites = {
        "reconciled_old_articles": ("双方当事人达成刑事和解协议，被害人对被告人表示谅解。",
                                    "第二百七十七条、第二百七十九条"),
        "reconciled_right_articles": ("双方当事人达成刑事和解协议，被害人对被告人表示谅解。",
                                      "第二百八十八条、第二百九十条"),
        "juvenile_277": ("被告人犯罪时系未成年人。", "第二百七十七条"),
    }  # fmt: skip
    for variant, (fact, articles) in cites.items():
        d, v = m.person(male=True), m.person()
        f = m.day()
        c = f + dt.timedelta(days=m.rng.randint(30, 90))
        out.append(
            Spec(
                "reconciliation_wrong_article", variant == "reconciled_old_articles",
                f"criminal case: {variant}", "故意伤害罪", family="criminal", type_code="刑初",
                filing=f, closing=c, doc_title="刑事判决书",
                parties=[("criminal_defendant", d), ("victim", v)],
                text=_judgment("某区", f"被告人{d.name}因琐事与被害人{v.name}发生争执，致其轻伤二级。{fact}",
                               f"依照《中华人民共和国刑法》第二百三十四条第一款和《中华人民共和国刑事诉讼法》"
                               f"{articles}之规定，被告人{d.name}犯故意伤害罪，判处有期徒刑八个月，缓刑一年。"),
                sentence={"charges": "故意伤害", "principal_penalty": "fixed_term", "term_months": 8,
                          "probation_months": 12},
                side_events=[("settlement_review", c - dt.timedelta(days=15), "刑事和解审查")]
                if "reconciled" in variant else [],
            )
        )  # fmt: skip
    return out


def _unfair_competition(m: Maker) -> list[Spec]:
    out = []
    variants = (
        # (name, conduct year, judged on/after, cites, truth)
        ("new_trial_old_interp", dt.date(2022, 6, 1), UCL_2007, True),
        ("old_trial_new_interp", dt.date(2021, 4, 1), UCL_2022, True),
        ("old_conduct_new_trial_new_interp", dt.date(2022, 9, 1), UCL_2022, False),
        ("old_trial_old_interp", dt.date(2021, 4, 1), UCL_2007, False),
    )
    for name, lo, cites, truth in variants:
        a, b = m.company("科技"), m.company("信息技术")
        hi = dt.date(2021, 12, 31) if lo.year == 2021 else dt.date(2025, 10, 31)
        judged = m.day(lo, hi)
        f = judged - dt.timedelta(days=m.rng.randint(90, 200))
        out.append(
            Spec(
                "unfair_competition_interpretation", truth, f"unfair competition: {name}",
                "不正当竞争纠纷", family="ip", filing=f, closing=judged, claim=m.money(1e5, 2e6),
                parties=[("plaintiff", a), ("defendant", b)],
                text=_judgment("某区", f"被告{b.name}于{f.year - 1}年起擅自使用与原告{a.name}有一定影响的"
                               "商品名称相同的标识，引人误认。",
                               f"依照《中华人民共和国反不正当竞争法》第六条、第十七条，{cites}之规定，判决"
                               f"被告{b.name}立即停止侵权并赔偿经济损失。"),
            )
        )  # fmt: skip
    # A retrial of a case finally decided before the new interpretation applies the old one
    # (法释〔2022〕9号 第二十九条): a near miss for "judged after, cites the old".
    a, b = m.company("科技"), m.company("信息技术")
    f0 = m.day(dt.date(2021, 3, 1), dt.date(2021, 6, 30))
    final = f0 + dt.timedelta(days=150)
    origin = Spec(
        "unfair_competition_interpretation", False, "origin of a retrial: judged 2021",
        "不正当竞争纠纷", family="ip", filing=f0, closing=final,
        parties=[("plaintiff", a), ("defendant", b)],
    )  # fmt: skip
    rf = m.day(dt.date(2022, 9, 1), dt.date(2024, 6, 30))
    out += [
        origin,
        Spec(
            "unfair_competition_interpretation", False, "retrial of a case final before 2022-03-20",
            "不正当竞争纠纷", family="ip", type_code="民再", procedure="retrial", filing=rf,
            closing=rf + dt.timedelta(days=120), origin=origin, origin_relation="retrial",
            parties=[("plaintiff", a), ("defendant", b)],
            text=_judgment("某区", f"原审判决于{final:%Y年%m月%d日}发生法律效力。本案系再审案件。",
                           f"依照{UCL_2007}之规定，判决维持原判。"),
        ),
    ]  # fmt: skip
    return out


def _appraisal_audit(m: Maker) -> list[Spec]:
    out = []
    for variant, node in (("appraisal_twice_returned", "appraisal"),
                          ("audit_twice_returned", "audit"),
                          ("appraisal_once_returned", "appraisal")):  # fmt: skip
        a, b = m.company("建设工程"), m.company("置业")
        f = m.day(hi=dt.date(2025, 3, 31))
        what = "鉴定" if node == "appraisal" else "审计"
        ev, d = [], f + dt.timedelta(days=40)
        returns = 1 if "once" in variant else 2
        for _ in range(returns):
            ev.append((node, d, f"委托{what}"))
            d += dt.timedelta(days=m.rng.randint(50, 90))
            ev.append((node, d, f"{what}机构退回：材料不足，未出具意见"))
            d += dt.timedelta(days=20)
        ev.append((node, d, f"委托{what}"))
        d += dt.timedelta(days=60)
        ev.append((node, d, f"{what}意见书已出具"))
        out.append(
            Spec(
                "appraisal_audit_idling", returns >= 2, f"{what}: {variant}",
                "建设工程施工合同纠纷", family="civil", filing=f, closing=d + dt.timedelta(days=45),
                claim=m.money(5e5, 5e6), parties=[("plaintiff", a), ("defendant", b)],
                side_events=ev,
            )
        )  # fmt: skip
    return out


def _remand(m: Maker) -> list[Spec]:
    out = []
    for second_result in ("remanded", "modified"):
        a, b = m.person(), m.person()
        f = m.day(hi=dt.date(2023, 12, 31))
        first = Spec("repeated_remand", False, "first instance", "房屋租赁合同纠纷", filing=f,
                     closing=f + dt.timedelta(days=90), parties=[("plaintiff", a), ("defendant", b)])  # fmt: skip
        ap1 = Spec("repeated_remand", False, "appeal remanded once", "房屋租赁合同纠纷",
                   type_code="民终", procedure="second", filing=first.closing + dt.timedelta(days=30),
                   closing=first.closing + dt.timedelta(days=100), method="remanded", origin=first,
                   origin_relation="appeal", intermediate=True,
                   parties=[("appellant", b), ("appellee", a)],
                   side_events=[("remand", first.closing + dt.timedelta(days=95), "裁定发回重审")])  # fmt: skip
        re1 = Spec("repeated_remand", False, "retrial after remand", "房屋租赁合同纠纷",
                   filing=ap1.closing + dt.timedelta(days=20), closing=ap1.closing + dt.timedelta(days=110),
                   origin=ap1, origin_relation="remand_retrial",
                   parties=[("plaintiff", a), ("defendant", b)])  # fmt: skip
        d2 = re1.closing + dt.timedelta(days=100)
        ap2 = Spec("repeated_remand", second_result == "remanded",
                   f"appeal after the retrial: {second_result}", "房屋租赁合同纠纷",
                   type_code="民终", procedure="second", filing=re1.closing + dt.timedelta(days=30),
                   closing=d2, method=second_result, origin=re1, origin_relation="appeal",
                   intermediate=True, parties=[("appellant", b), ("appellee", a)],
                   side_events=[("remand", d2 - dt.timedelta(days=5), "裁定发回重审")]
                   if second_result == "remanded" else [])  # fmt: skip
        out += [first, ap1, re1, ap2]
    return out


def _suspension(m: Maker) -> list[Spec]:
    out = []
    for variant in ("suspended_long", "suspended_resumed", "suspended_recently"):
        a, b = m.person(), m.company("实业")
        if variant == "suspended_recently":
            f = m.day(dt.date(2025, 9, 1), dt.date(2025, 12, 31))
        else:
            f = m.day(dt.date(2022, 1, 1), dt.date(2023, 3, 31))
        s = f + dt.timedelta(days=60)
        ev = [("suspension", s, "裁定中止诉讼：本案须以另一案的审理结果为依据")]
        closing = None
        if variant == "suspended_resumed":
            ev.append(("resumption", s + dt.timedelta(days=200), "中止原因消除，恢复审理"))
            closing = s + dt.timedelta(days=260)
        out.append(
            Spec(
                "suspension_idling", variant == "suspended_long", f"suspension: {variant}",
                "合同纠纷", filing=f, closing=closing, method="judgment" if closing else None,
                parties=[("plaintiff", a), ("defendant", b)], side_events=ev,
            )
        )  # fmt: skip
    return out


def _enforcement_against(m: Maker, debtor: Who, before: dt.date) -> Spec:
    creditor = m.person()
    f = before - dt.timedelta(days=m.rng.randint(60, 200))
    return Spec(
        "",
        False,
        "enforcement case against the debtor",
        "民间借贷纠纷",
        family="enforcement",
        type_code="执",
        procedure="enforcement",
        filing=f,
        closing=None,
        method=None,
        claim=m.money(1e5, 1e6),
        parties=[("applicant", creditor), ("respondent", debtor)],
    )


def _false_sales(m: Maker) -> list[Spec]:
    out = []
    for variant in ("same_rep_debtor_mediated", "same_rep_no_debt", "unrelated_debtor_mediated"):
        rep = m.person(male=True)
        seller = m.company("贸易", rep)
        buyer = m.company("商贸", rep if variant != "unrelated_debtor_mediated" else None)
        f = m.day(dt.date(2021, 9, 1))
        if variant != "same_rep_no_debt":
            out.append(_enforcement_against(m, buyer, f))
        amount = m.money(3e5, 3e6)
        out.append(
            Spec(
                "false_sales_contract", variant == "same_rep_debtor_mediated",
                f"sales contract suit: {variant}", "买卖合同纠纷", family="commercial", filing=f,
                closing=f + dt.timedelta(days=m.rng.randint(8, 25)), method="mediation",
                claim=amount, parties=[("plaintiff", seller), ("defendant", buyer)],
                truth_role="defendant", text=None,
                side_events=[("mediation", f + dt.timedelta(days=5), "诉中调解，达成调解协议")],
            )
        )  # fmt: skip
    return out


def _house_sale(m: Maker) -> list[Spec]:
    """Relatives' house sales: gift disguised as sale (nominal price, seller an enforcement
    debtor) and under-priced sales (below 70% of the assessed value: tax push); near misses at
    fair prices and a debt-free family sale."""
    out = []
    for variant, ratio, debtor in (
        ("nominal_price_debtor", 0.05, True),
        ("nominal_price_no_debt", 0.05, False),
        ("fair_price_debtor", 0.95, True),
        ("underpriced_60pct", 0.6, False),
        ("fair_price_plain", 0.9, False),
    ):
        seller, buyer = m.person(male=True), m.person()
        f = m.day(dt.date(2021, 9, 1))
        if debtor:
            out.append(_enforcement_against(m, seller, f))
        value = m.money(2e6, 8e6)
        price = int(round(value * ratio, -2))
        rel = "父女" if variant != "underpriced_60pct" and variant != "fair_price_plain" else "朋友"
        out.append(
            Spec(
                "gift_disguised_as_sale" if ratio < 0.3 or debtor else "house_sale_underpriced",
                (ratio < 0.3 and debtor) or (0.3 <= ratio < 0.7),
                f"house sale: {variant}", "房屋买卖合同纠纷", filing=f,
                also=("house_sale_underpriced",) if ratio < 0.3 else (),
                closing=f + dt.timedelta(days=m.rng.randint(40, 100)), claim=price,
                parties=[("plaintiff", buyer), ("defendant", seller)], truth_role="defendant",
                text=_judgment("某区", f"原告{buyer.name}与被告{seller.name}系{rel}关系。双方签订《上海市房地产"
                               f"买卖合同》，约定房屋转让价款为人民币{price}元。经评估，该房屋市场价值为人民币"
                               f"{value}元。", f"判决被告{seller.name}协助原告办理房屋过户手续。"),
            )
        )  # fmt: skip
    return out


def _factoring(m: Maker) -> list[Spec]:
    out = []
    for variant in ("related_account_debtor", "independent_account_debtor"):
        factor = m.company("商业保理")
        rep = m.person(male=True)
        seller = m.company("供应链", rep)
        debtor = m.company("实业", rep if variant == "related_account_debtor" else None)
        f = m.day(dt.date(2021, 6, 1))
        amount = m.money(1e6, 1e7)
        out.append(
            Spec(
                "factoring_disguised_loan", variant == "related_account_debtor",
                f"factoring: {variant}", "保理合同纠纷", family="commercial", filing=f,
                closing=f + dt.timedelta(days=m.rng.randint(60, 150)), claim=amount,
                parties=[("plaintiff", factor), ("defendant", seller), ("defendant", debtor)],
                text=_judgment("某区", f"原告{factor.name}与被告{seller.name}签订《有追索权保理合同》，受让"
                               f"其对被告{debtor.name}的应收账款，向其支付保理融资款{amount}元。",
                               f"被告{seller.name}应返还保理融资款{amount}元并支付利息。"),
            )
        )  # fmt: skip
    return out


def _plate_rental(m: Maker) -> list[Spec]:
    out = []
    for variant in ("plate_rental", "genuine_car_rental"):
        owner, user = m.person(male=True), m.person()
        f = m.day()
        plate = f"沪{m.rng.choice('ABCDEFGHJKLN')}{m.rng.randint(10000, 99999)}"
        fact = (
            f"车辆（号牌{plate}）登记于原告名下，购车款由被告支付，车辆一直由被告实际占有使用，"
            "被告按月向原告支付“租金”。"
            if variant == "plate_rental"
            else f"原告将其所有的车辆（号牌{plate}）出租给被告使用，约定月租金3000元。"
        )
        out.append(
            Spec(
                "plate_rental_disguised", variant == "plate_rental", f"car lease: {variant}",
                "租赁合同纠纷", filing=f, closing=f + dt.timedelta(days=m.rng.randint(40, 120)),
                claim=m.money(1e4, 1e5), parties=[("plaintiff", owner), ("defendant", user)],
                text=_judgment("某区", f"原告{owner.name}与被告{user.name}签订《汽车租赁合同》。{fact}",
                               "判决被告支付原告租金。"),
            )
        )  # fmt: skip
    return out


def _fundraising(m: Maker) -> list[Spec]:
    """A company whose boss is convicted of illegal fund-raising files a run of 民间借贷 suits
    (five within a year); near misses: the same run by a company whose boss has no such
    conviction, and a convicted boss's company with one suit fewer."""
    out = []
    for variant, suits, convicted in (
        ("convicted_boss_many_suits", SUITS_PER_FUNDRAISER, True),
        ("clean_boss_many_suits", SUITS_PER_FUNDRAISER, False),
        ("convicted_boss_few_suits", SUITS_PER_FUNDRAISER - 1, True),
    ):
        boss = m.person(male=True)
        firm = m.company("投资管理", boss)
        start = m.day(dt.date(2021, 6, 1), dt.date(2024, 6, 30))
        if convicted:
            cf = start - dt.timedelta(days=m.rng.randint(30, 200))
            amount = m.money(5e6, 3e7)
            out.append(
                Spec(
                    "", False, "the boss's fund-raising conviction", "非法吸收公众存款罪",
                    family="criminal", type_code="刑初", filing=cf, closing=cf + dt.timedelta(days=90),
                    claim=amount, doc_title="刑事判决书", parties=[("criminal_defendant", boss)],
                    sentence={"charges": "非法吸收公众存款", "principal_penalty": "fixed_term",
                              "term_months": 36, "probation_months": 48, "fine_yuan": 100000,
                              "crime_amount": amount},
                )
            )  # fmt: skip
        for i in range(suits):
            f = start + dt.timedelta(days=i * 25)
            out.append(
                Spec(
                    "fundraising_mass_lending", convicted and suits >= SUITS_PER_FUNDRAISER,
                    f"lending suit {i + 1} of {suits}: {variant}", "民间借贷纠纷", filing=f,
                    closing=f + dt.timedelta(days=m.rng.randint(30, 90)), method="mediation",
                    claim=m.money(2e4, 3e5), truth_role="plaintiff",
                    parties=[("plaintiff", firm), ("defendant", m.person())],
                )
            )  # fmt: skip
    return out


def _methadone(m: Maker) -> list[Spec]:
    out = []
    for variant, drug in (("methadone", "美沙酮口服液"), ("meth", "甲基苯丙胺")):
        d = m.person(male=True)
        f = m.day()
        c = f + dt.timedelta(days=m.rng.randint(40, 100))
        src = "其在社区药物维持治疗门诊服药时私自截留的" if variant == "methadone" else ""
        out.append(
            Spec(
                "methadone_diversion", variant == "methadone", f"drug sale: {variant}", "贩卖毒品罪",
                family="criminal", type_code="刑初", filing=f, closing=c, doc_title="刑事判决书",
                parties=[("criminal_defendant", d)], truth_role="criminal_defendant",
                text=_judgment("某区", f"被告人{d.name}将{src}{drug}出售给他人。",
                               f"被告人{d.name}犯贩卖毒品罪，判处有期徒刑十个月，并处罚金二千元。"),
                sentence={"charges": "贩卖毒品", "principal_penalty": "fixed_term", "term_months": 10,
                          "probation_months": None, "fine_yuan": 2000,
                          "custody_start": f - dt.timedelta(days=15),
                          "term_end": expected_term_end(f - dt.timedelta(days=15), 10, "fixed_term")},
            )
        )  # fmt: skip
    return out


def _rural_assets(m: Maker) -> list[Spec]:
    out = []
    for variant in ("village_collective", "company"):
        d = m.person(male=True)
        f = m.day()
        amount = m.money(1e5, 2e6)
        where = (
            "被告人系某村村民委员会主任，利用职务便利，侵吞村集体资金"
            if variant == "village_collective"
            else "被告人系某贸易公司财务人员，利用职务便利，侵占公司资金"
        )
        out.append(
            Spec(
                "rural_collective_assets", variant == "village_collective", f"embezzlement: {variant}",
                "职务侵占罪", family="criminal", type_code="刑初", filing=f,
                closing=f + dt.timedelta(days=80), claim=amount, doc_title="刑事判决书",
                parties=[("criminal_defendant", d)], truth_role="criminal_defendant",
                text=_judgment("某区", f"{where}共计{amount}元。",
                               f"被告人{d.name}犯职务侵占罪，判处有期徒刑二年，缓刑三年，并处罚金五万元。"),
                sentence={"charges": "职务侵占", "principal_penalty": "fixed_term", "term_months": 24,
                          "probation_months": 36, "fine_yuan": 50000, "crime_amount": amount},
            )
        )  # fmt: skip
    return out


def _yin_yang(m: Maker) -> list[Spec]:
    out = []
    for variant in ("two_prices", "one_price"):
        a, b = m.person(male=True), m.person()
        target = m.company("餐饮管理")
        f = m.day(dt.date(2021, 6, 1))
        filed = m.money(1e5, 5e5)
        real = filed * m.rng.randint(4, 12)
        fact = (
            f"双方向市场监督管理部门备案的《股权转让协议》载明转让价款为{filed}元；双方另行签订的"
            f"《股权转让补充协议》约定实际转让价款为{real}元。"
            if variant == "two_prices"
            else f"双方签订的《股权转让协议》约定转让价款为{real}元，并已办理变更登记。"
        )
        out.append(
            Spec(
                "yin_yang_equity_transfer", variant == "two_prices", f"equity transfer: {variant}",
                "股权转让纠纷", family="commercial", filing=f,
                closing=f + dt.timedelta(days=m.rng.randint(60, 150)), claim=real,
                parties=[("plaintiff", a), ("defendant", b), ("third_party", target)],
                text=_judgment("某区", f"原告{a.name}将其持有的{target.name}股权转让给被告{b.name}。{fact}",
                               "判决被告支付股权转让款。"),
            )
        )  # fmt: skip
    return out


def _executive_pay(m: Maker) -> list[Spec]:
    out = []
    for variant, post, claim in (
        ("executive_large", "总经理", 1_200_000),
        ("executive_small", "副总经理", 60_000),
        ("staff_large", "销售专员", 900_000),
    ):
        emp, firm = m.person(male=True), m.company("控股")
        f = m.day()
        out.append(
            Spec(
                "executive_pay_after_leaving", variant == "executive_large",
                f"pay claim: {variant}", "劳动合同纠纷", filing=f,
                closing=f + dt.timedelta(days=m.rng.randint(50, 120)), claim=claim,
                parties=[("plaintiff", emp), ("defendant", firm)], truth_role="plaintiff",
                text=_judgment("某区", f"原告{emp.name}原任被告{firm.name}{post}，已于{f.year - 1}年离职，"
                               f"现主张被告支付年度奖金、股权激励折价款等共计{claim}元。",
                               "判决被告支付原告相应款项。"),
            )
        )  # fmt: skip
    return out


MAKERS = (
    _ecommerce, _trademark, _reconciliation, _unfair_competition, _appraisal_audit, _remand,
    _suspension, _false_sales, _house_sale, _factoring, _plate_rental, _fundraising, _methadone,
    _rural_assets, _yin_yang, _executive_pay,
)  # fmt: skip


def build_specs(cases: int, seed: int) -> list[Spec]:
    """Every report case to write, in a fixed order for the seed."""
    m = Maker(seed)
    out: list[Spec] = []
    for _ in range(instances(cases)):
        for make in MAKERS:
            out += make(m)
    return out


def reserved(cases: int, seed: int) -> int:
    """How many of a court's ``cases`` the report scenarios take."""
    return len(build_specs(cases, seed))


# -------------------------------------------------------------------------------- truth
_SENT = "unnest(string_split(d.text, '。'))"
_EXEC = """EXISTS (SELECT 1 FROM case_parties ep JOIN truth_identities et USING (party_id)
                  JOIN cases e ON e.case_id = ep.case_id
                  WHERE ep.role = 'respondent' AND e.type_code IN ('执', '执恢')
                    AND et.identity = {who} AND e.filing_date <= c.closing_date
                    AND (e.status = 'pending' OR e.closing_method = 'termination_current'))"""
_PRICE = "TRY_CAST(regexp_extract(d.text, '转让价款为人民币(\\d+)元', 1) AS DECIMAL(18,2))"
_VALUE = "TRY_CAST(regexp_extract(d.text, '市场价值为人民币(\\d+)元', 1) AS DECIMAL(18,2))"

#: The definitions of docs/ANOMALIES.md for these scenarios: (case_id, party_id) rows, computed
#: from the data with the real identities. ``_rsc_rep``: company identity → identity of its
#: legal representative where that person is a party.
TRUTH_SQL: dict[str, str] = {
    "ecommerce_platform_liability": f"""
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id),
        (SELECT {_SENT} AS s) x
        WHERE c.cause_name IN ('信息网络买卖合同纠纷', '网络购物合同纠纷', '产品责任纠纷')
          AND d.kind = 'judgment' AND x.s LIKE '%电子商务平台经营者%' AND x.s LIKE '%承担连带责任%'
          AND x.s NOT LIKE '%不予支持%' AND x.s NOT LIKE '%知道或者应当知道%'""",
    "trademark_crime_probation": """
        SELECT DISTINCT s.case_id, s.party_id FROM sentences s JOIN documents d USING (case_id)
        WHERE s.charges LIKE '%假冒注册商标%' AND s.probation_months IS NOT NULL
          AND d.kind = 'judgment'
          AND regexp_matches(d.text, '因侵犯知识产权被行政处罚|以侵犯知识产权为业|防疫物资|抗灾|拒不交出违法所得')""",
    "reconciliation_wrong_article": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        WHERE c.family = 'criminal' AND d.kind = 'judgment' AND d.issue_date >= DATE '2018-10-26'
          AND d.text LIKE '%刑事和解%'
          AND regexp_matches(d.text, '刑事诉讼法》[^《。]*第二百七十[七八九]条')""",
    "unfair_competition_interpretation": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        LEFT JOIN cases o ON o.case_id = c.origin_case_id
        WHERE d.kind = 'judgment' AND c.cause_name LIKE '%不正当竞争%'
          AND ((d.text LIKE '%法释〔2007〕2号%' AND d.issue_date >= DATE '2022-03-20'
                AND NOT (c.procedure = 'retrial' AND o.closing_date < DATE '2022-03-20'))
            OR (d.text LIKE '%法释〔2022〕9号%' AND d.issue_date < DATE '2022-03-20'))""",
    "appraisal_audit_idling": """
        SELECT case_id, NULL::BIGINT FROM events
        WHERE node IN ('appraisal', 'audit') AND note LIKE '%退回%'
        GROUP BY case_id HAVING count(*) >= 2""",
    "repeated_remand": """
        SELECT c.case_id, NULL::BIGINT FROM cases c JOIN cases r ON r.case_id = c.origin_case_id
        WHERE c.procedure = 'second' AND c.closing_method = 'remanded'
          AND r.origin_relation = 'remand_retrial'""",
    "suspension_idling": """
        SELECT c.case_id, NULL::BIGINT FROM cases c JOIN events s ON s.case_id = c.case_id
        WHERE c.status = 'pending' AND s.node = 'suspension'
          AND s.occurred_at < DATE '{as_of}' - INTERVAL 365 DAY
          AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = c.case_id
                          AND r.node = 'resumption' AND r.occurred_at > s.occurred_at)
        GROUP BY c.case_id""",
    "false_sales_contract": f"""
        SELECT DISTINCT c.case_id, dp.party_id FROM cases c
        JOIN case_parties pp ON pp.case_id = c.case_id AND pp.role = 'plaintiff'
        JOIN parties p ON p.party_id = pp.party_id JOIN registry_enterprises pe ON pe.uscc = p.uscc
        JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
        JOIN parties q ON q.party_id = dp.party_id JOIN registry_enterprises qe ON qe.uscc = q.uscc
        JOIN truth_identities dt ON dt.party_id = dp.party_id
        WHERE c.cause_name = '买卖合同纠纷' AND c.closing_method = 'mediation'
          AND c.closing_date - c.filing_date <= 30 AND pe.legal_rep = qe.legal_rep
          AND {_EXEC.format(who="dt.identity")}""",
    "gift_disguised_as_sale": f"""
        SELECT DISTINCT c.case_id, dp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
        JOIN truth_identities dt ON dt.party_id = dp.party_id
        WHERE c.cause_name = '房屋买卖合同纠纷' AND d.kind = 'judgment'
          AND {_PRICE} < 0.3 * {_VALUE} AND {_EXEC.format(who="dt.identity")}""",
    "house_sale_underpriced": f"""
        SELECT DISTINCT c.case_id, dp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
        WHERE c.cause_name = '房屋买卖合同纠纷' AND d.kind = 'judgment'
          AND {_PRICE} < 0.7 * {_VALUE}""",
    "factoring_disguised_loan": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c
        JOIN case_parties a ON a.case_id = c.case_id AND a.role = 'defendant'
        JOIN parties pa ON pa.party_id = a.party_id JOIN registry_enterprises ea ON ea.uscc = pa.uscc
        JOIN case_parties b ON b.case_id = c.case_id AND b.role = 'defendant' AND b.party_id <> a.party_id
        JOIN parties pb ON pb.party_id = b.party_id JOIN registry_enterprises eb ON eb.uscc = pb.uscc
        WHERE c.cause_name = '保理合同纠纷' AND ea.legal_rep = eb.legal_rep""",
    "plate_rental_disguised": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        WHERE c.cause_name IN ('租赁合同纠纷', '车辆租赁合同纠纷') AND d.kind = 'judgment'
          AND d.text LIKE '%登记于原告名下%' AND d.text LIKE '%购车款由被告支付%'""",
    "fundraising_mass_lending": """
        WITH suits AS (
            SELECT c.case_id, c.filing_date, pp.party_id, coalesce(r.rep_identity, t.identity) AS boss
            FROM cases c JOIN case_parties pp ON pp.case_id = c.case_id AND pp.role = 'plaintiff'
            JOIN parties p ON p.party_id = pp.party_id AND p.kind = 'legal'
            JOIN truth_identities t ON t.party_id = pp.party_id
            LEFT JOIN _rsc_rep r ON r.identity = t.identity
            WHERE c.cause_name = '民间借贷纠纷' AND c.procedure = 'first'),
        convicted AS (
            SELECT DISTINCT t.identity FROM sentences s JOIN cases k USING (case_id)
            JOIN truth_identities t ON t.party_id = s.party_id
            WHERE s.charges LIKE '%非法吸收公众存款%' OR s.charges LIKE '%集资诈骗%')
        SELECT a.case_id, a.party_id FROM suits a JOIN suits b ON a.boss = b.boss
            AND b.filing_date BETWEEN a.filing_date - 365 AND a.filing_date + 365
        WHERE a.boss IN (SELECT identity FROM convicted)
        GROUP BY a.case_id, a.party_id HAVING count(DISTINCT b.case_id) >= 5""",
    "methadone_diversion": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'criminal_defendant'
        WHERE c.family = 'criminal' AND d.kind = 'judgment' AND d.text LIKE '%美沙酮%'
          AND regexp_matches(c.cause_name, '毒品|麻醉药品')""",
    "rural_collective_assets": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'criminal_defendant'
        WHERE c.family = 'criminal' AND d.kind = 'judgment'
          AND c.cause_name IN ('职务侵占罪', '贪污罪', '挪用资金罪', '挪用公款罪')
          AND regexp_matches(d.text, '村集体|村民委员会|村经济合作社')""",
    "yin_yang_equity_transfer": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        WHERE c.cause_name = '股权转让纠纷' AND d.kind = 'judgment'
          AND TRY_CAST(regexp_extract(d.text, '实际转让价款为(\\d+)元', 1) AS DECIMAL(18,2))
            > TRY_CAST(regexp_extract(d.text, '备案的《股权转让协议》载明转让价款为(\\d+)元', 1) AS DECIMAL(18,2))""",
    "executive_pay_after_leaving": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'plaintiff'
        JOIN parties p ON p.party_id = cp.party_id AND p.kind = 'natural'
        WHERE c.cause_name IN ('劳动合同纠纷', '劳动争议') AND d.kind = 'judgment'
          AND c.claim_amount >= 500000
          AND regexp_matches(d.text, '原任被告[^，。]*(总经理|副总经理|董事|监事|总监|财务负责人)')""",
}


def compute_truth(con: duckdb.DuckDBPyConnection, rep: pa.Table) -> dict[str, set[tuple]]:
    """(case_id, party_id) per report scenario, from the data."""
    con.register("_rsc_rep_src", rep)
    con.execute("CREATE OR REPLACE TEMP TABLE _rsc_rep AS SELECT * FROM _rsc_rep_src")
    con.unregister("_rsc_rep_src")
    out = {}
    for s in SCENARIOS:
        sql = TRUTH_SQL[s].replace("{as_of}", AS_OF.isoformat())
        out[s] = {(int(a), None if b is None else int(b)) for a, b in con.execute(sql).fetchall()}
    con.execute("DROP TABLE IF EXISTS _rsc_rep")
    return out


# -------------------------------------------------------------------------------- writing
_MAIN = ("filing", "assignment", "service", "scheduling", "hearing", "deliberation", "drafting",
         "signing", "pronouncement", "closing", "archiving")  # fmt: skip
_ENF = ("enf_filing", "enf_notice", "property_search", "enf_measures")
_TITLE = {"criminal": "刑事判决书"}


def _heading(text: str, court: str, title: str, case_no: str) -> str:
    """The courts' heading (court, document title, case number) in place of the placeholder
    court line the specs are written with, as the judgments of the main court are laid out."""
    court_line, _, rest = text.partition("\n")
    c = BY_CODE.get(court)
    name = c.name if c is not None else court_line
    return f"{name}\n{title}\n{case_no}\n{rest}"


def _max(con: duckdb.DuckDBPyConnection, table: str, col: str) -> int:
    return int(con.execute(f"SELECT coalesce(max({col}), 0) FROM {table}").fetchall()[0][0])


def _events(sp: Spec) -> list[tuple[str, dt.datetime, str | None]]:
    """Main-path events at a steady pace from filing to closing (or to the last side step of a
    pending case), with the scenario's side steps at their days."""

    def at(d: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(hour, 30))

    side = [(n, at(d, 14), note) for n, d, note in sp.side_events]
    if sp.family == "enforcement":
        return [(n, at(sp.filing + dt.timedelta(days=7 * i), 10), None) for i, n in enumerate(_ENF)]
    if sp.closing is None:
        last = max((d for _, d, _ in side), default=at(sp.filing, 10))
        path = [n for n in _MAIN[:3]]
        out = [(n, at(sp.filing + dt.timedelta(days=3 * i), 10), None) for i, n in enumerate(path)]
        return sorted([*out, *side], key=lambda e: e[1]) if last else out
    span = (sp.closing - sp.filing).days
    out = []
    for i, n in enumerate(_MAIN):
        d = (
            sp.filing + dt.timedelta(days=round(span * min(i, 9) / 9))
            if n != "archiving"
            else min(sp.closing + dt.timedelta(days=10), AS_OF)
        )
        out.append((n, at(d, 9 + i % 6), None))
    return sorted([*out, *side], key=lambda e: e[1])


def add_report_cases(con: duckdb.DuckDBPyConnection, cases: int, seed: int) -> dict[str, Any]:
    """Write the report scenarios' cases into a generated court (after its own cases), then
    their ground truth; returns per-scenario counts: truth cases, planted rows missing from the
    truth (``unmatched``) and truth rows nobody planted (``incidental``)."""
    from courtqc.synth.truth import compute_truth as main_truth

    specs = build_specs(cases, seed)
    planted, rep = write_specs(con, specs, seed)
    truth = compute_truth(con, rep)
    first_case = specs[0].case_id
    # The main court's scenarios on these cases (a fund-raising company's run of suits is also
    # a professional lender's): their truth rows too, so the main models are scored fairly.
    main = main_truth(con, rep)
    mine = {s: {(c, p) for c, p in v if c >= first_case} for s, v in main.items()}
    out_rows = []
    stats: dict[str, Any] = {"cases": len(specs), "truth_cases": {}, "unmatched": {},
                             "incidental": {}, "main_scenarios": {}}  # fmt: skip
    for s in SCENARIOS:
        got = truth[s]
        want = {(c, p) for (sc, c, p) in planted if sc == s}
        stats["truth_cases"][s] = len({c for c, _ in got})
        stats["unmatched"][s] = len(want - got)
        stats["incidental"][s] = len(got - want)
        for c, p in sorted(got, key=lambda x: (x[0], x[1] or 0)):
            out_rows.append({"scenario": s, "case_id": c, "party_id": p,
                             "note": planted.get((s, c, p), "arose from the data (not planted)")})  # fmt: skip
    for s, got in mine.items():
        if got:
            stats["main_scenarios"][s] = len({c for c, _ in got})
        for c, p in sorted(got, key=lambda x: (x[0], x[1] or 0)):
            out_rows.append({"scenario": s, "case_id": c, "party_id": p,
                             "note": "planted: report-scenario case (courtqc.synth.scenarios)"})  # fmt: skip
    if out_rows:
        _write(con, "truth_anomalies", out_rows)
    return stats


def write_specs(
    con: duckdb.DuckDBPyConnection, specs: list[Spec], seed: int
) -> tuple[dict[tuple[str, int, int | None], str], pa.Table]:
    """Write the specs' cases, parties, events, documents, sentences and registry rows after
    what the store holds; returns the planted truth rows and the company → legal
    representative identities (for the truth definitions)."""
    rng = random.Random(seed * 31 + 5)
    courts = con.execute(
        "SELECT court_code, parent_code FROM courts WHERE level = 'basic' AND kind = 'general' "
        "ORDER BY court_code"
    ).fetchall() or [("沪0115", "沪01")]
    # Not canonical: the synthetic court's record of how each party row is written.
    con.execute(
        "CREATE TABLE IF NOT EXISTS truth_party_variants (party_id BIGINT, variant INTEGER)"
    )
    # Not canonical either: which cases these specs wrote. Their judgments are short texts (the
    # heading, the facts and the reasoning that the models read), not the full layout that
    # documents.py renders, so the extraction round trip is checked on the main court's only.
    con.execute("CREATE TABLE IF NOT EXISTS truth_case_sources (case_id BIGINT, source VARCHAR)")
    judges: dict[str, list[tuple[int, int]]] = {}
    for code, jid, dept in con.execute(
        "SELECT court_code, judge_id, dept_id FROM judges WHERE title = 'judge' ORDER BY judge_id"
    ).fetchall():
        judges.setdefault(code, []).append((jid, dept))
    seqs = {
        (y, c, t): s
        for y, c, t, s in con.execute(
            "SELECT year, court_code, type_code, max(seq) FROM cases GROUP BY ALL"
        ).fetchall()
    }
    case_id, party_id = _max(con, "cases", "case_id"), _max(con, "parties", "party_id")
    event_id, doc_id = _max(con, "events", "event_id"), _max(con, "documents", "doc_id")
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in (
        "cases", "parties", "case_parties", "events", "documents", "sentences", "appeal_results",
        "truth_identities", "truth_party_variants", "truth_case_sources",
    )}  # fmt: skip
    whos: dict[int, Who] = {}
    _dedupe(con, specs, rng)
    planted: dict[tuple[str, int, int | None], str] = {}
    for sp in specs:
        case_id += 1
        sp.case_id = case_id
        if sp.intermediate:
            below = _basic_of(sp, courts) if sp.origin is not None else courts[0][0]
            sp.court = dict(courts).get(below) or below
        elif sp.origin is not None:
            sp.court = _basic_of(sp.origin, courts)
        else:
            sp.court = courts[rng.randrange(len(courts))][0]
        y = sp.filing.year
        key = (y, sp.court, sp.type_code)
        seqs[key] = seqs.get(key, 0) + 1
        jid, dept = (judges.get(sp.court) or [(None, None)])[rng.randrange(
            max(1, len(judges.get(sp.court) or [])))]  # fmt: skip
        ev = _events(sp)
        rows["truth_case_sources"].append({"case_id": case_id, "source": "report_scenario"})
        rows["cases"].append({
            "case_id": case_id, "case_no": format_case_no(y, sp.court, sp.type_code, seqs[key]),
            "year": y, "court_code": sp.court, "specialist_code": None, "type_code": sp.type_code,
            "seq": seqs[key], "suffix": None, "family": sp.family, "procedure": sp.procedure,
            "trial_procedure": "ordinary" if sp.family not in ("enforcement",) else None,
            "cause_code": None, "cause_name": sp.cause, "cause_list_version": None,
            "filing_date": sp.filing, "closing_date": sp.closing, "closing_method": sp.method
            if sp.closing else None, "status": "closed" if sp.closing else "pending",
            "current_node": ev[-1][0], "dept_id": dept, "presiding_judge_id": jid,
            "claim_amount": sp.claim, "origin_case_id": sp.origin.case_id if sp.origin else None,
            "origin_relation": sp.origin_relation, "extended_days": 0,
            "excluded_days": sum(60 for n, _, _ in sp.side_events if n in ("appraisal", "audit"))
            + (400 if any(n == "suspension" for n, _, _ in sp.side_events) else 0),
        })  # fmt: skip
        for node, when, note in ev:
            event_id += 1
            rows["events"].append({"event_id": event_id, "case_id": case_id, "node": node,
                                   "occurred_at": when, "actor_id": jid, "note": note})  # fmt: skip
        seq_in_role: dict[str, int] = {}
        pid_of: dict[str, int] = {}
        for role, who in sp.parties:
            party_id += 1
            whos[who.key] = who
            seq_in_role[role] = seq_in_role.get(role, 0) + 1
            pid_of.setdefault(role, party_id)
            rows["parties"].append({
                "party_id": party_id, "kind": who.kind, "name": who.name,
                "id_number": who.id_number, "birth_date": who.birth, "gender": who.gender,
                "uscc": who.uscc, "legal_rep": who.legal_rep.name if who.legal_rep else None,
            })  # fmt: skip
            rows["case_parties"].append({"case_id": case_id, "party_id": party_id, "role": role,
                                         "seq": seq_in_role[role]})  # fmt: skip
            rows["truth_identities"].append({"party_id": party_id, "identity": f"S{who.key:07d}"})
            rows["truth_party_variants"].append({"party_id": party_id, "variant": 0})
            if sp.sentence is not None and role == "criminal_defendant":
                rows["sentences"].append({"case_id": case_id, "party_id": party_id, **sp.sentence})
        if sp.text:
            doc_id += 1
            title = _TITLE.get(sp.family, sp.doc_title)
            case_no = rows["cases"][-1]["case_no"]
            rows["documents"].append({"doc_id": doc_id, "case_id": case_id, "kind": "judgment",
                                      "title": title, "text": _heading(sp.text, sp.court, title, case_no),
                                      "issue_date": sp.closing})  # fmt: skip
        if sp.procedure == "second" and sp.origin is not None and sp.closing:
            rows["appeal_results"].append({
                "case_id": case_id, "origin_case_id": sp.origin.case_id, "result": sp.method,
                "reason": "procedure_error" if sp.method == "remanded" else "fact_error",
                "decided_date": sp.closing,
            })  # fmt: skip
        party = pid_of.get(sp.truth_role) if sp.truth_role else None
        for scen in ((sp.scenario,) if sp.truth else ()) + sp.also:
            planted[(scen, case_id, party)] = f"planted: {sp.note}"
    for table, data in rows.items():
        if data:
            _write(con, table, data)
    companies = [w for w in whos.values() if w.kind == "legal"]
    _write(con, "registry_enterprises", [
        {"uscc": w.uscc, "name": w.name, "status": "active", "legal_rep": w.legal_rep.name,
         "registered_capital": 1_000_000, "established_date": dt.date(2015, 1, 1)}
        for w in companies
    ])  # fmt: skip
    _write(con, "registry_population", [
        {"id_number": w.id_number, "name": w.name, "status": "alive", "district": "浦东新区"}
        for w in whos.values() if w.kind == "natural"
    ])  # fmt: skip
    rep = pa.table({
        "identity": pa.array([f"S{w.key:07d}" for w in companies if w.legal_rep.key in whos], pa.string()),
        "rep_identity": pa.array([f"S{w.legal_rep.key:07d}" for w in companies
                                  if w.legal_rep.key in whos], pa.string()),
    })  # fmt: skip
    return planted, rep


def _dedupe(con: duckdb.DuckDBPyConnection, specs: list[Spec], rng: random.Random) -> None:
    """Re-draw any ID number or credit code the main court already uses (one real person or
    company per number)."""
    people = {w.key: w for sp in specs for _, w in sp.parties}
    for w in list(people.values()):
        if w.legal_rep is not None:
            people.setdefault(w.legal_rep.key, w.legal_rep)
    for _ in range(20):
        ids = [w.id_number for w in people.values() if w.id_number]
        codes = [w.uscc for w in people.values() if w.uscc]
        taken = {r[0] for r in con.execute(
            "SELECT id_number FROM parties WHERE id_number IN (SELECT unnest(?)) UNION "
            "SELECT id_number FROM registry_population WHERE id_number IN (SELECT unnest(?)) UNION "
            "SELECT uscc FROM parties WHERE uscc IN (SELECT unnest(?)) UNION "
            "SELECT uscc FROM registry_enterprises WHERE uscc IN (SELECT unnest(?))",
            [ids, ids, codes, codes]).fetchall()}  # fmt: skip
        if not taken:
            return
        for w in people.values():
            if w.id_number in taken and w.birth is not None:
                w.id_number = make_id_number(
                    "310115", w.birth, rng.randint(0, 99), w.gender == "male"
                )
            if w.uscc in taken:
                w.uscc = make_uscc("310115", f"{rng.randint(0, 99_999_999):08d}")


def _basic_of(sp: Spec, courts: list[tuple[str, str]]) -> str:
    """The basic court a remanded case returns to: that of the first instance above it."""
    s: Spec | None = sp
    while s is not None and s.intermediate:
        s = s.origin
    return s.court if s is not None and s.court else courts[0][0]


def _write(con: duckdb.DuckDBPyConnection, table: str, data: list[dict[str, Any]]) -> None:
    cols = list(data[0])
    t = pa.table({c: [r.get(c) for r in data] for c in cols})
    con.register("_rsc_src", t)
    names = ", ".join(cols)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rsc_src")
    con.unregister("_rsc_src")
