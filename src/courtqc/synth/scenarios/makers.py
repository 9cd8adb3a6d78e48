"""One maker per report scenario: the few cases each instance plants — the positives and the
near misses that differ in the one fact the law turns on — as ``Spec`` rows, in a fixed order
for the seed (``build_specs``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from courtqc.law.sentencing import expected_term_end
from courtqc.synth.scenarios.specs import (
    SUITS_PER_FUNDRAISER,
    UCL_2007,
    UCL_2022,
    Maker,
    Spec,
    Who,
    _judgment,
    instances,
)


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


def _transfer(m: Maker) -> list[Spec]:
    """Idle jurisdiction transfer (管辖移送空转): a suit closed by transfer (移送管辖) is filed
    again by the same plaintiff against the same defendant on the same cause and transferred
    again within a year. Near misses: refiled after more than a year; refiled and tried
    (the transfer worked); the same plaintiff's next transferred suit is against someone else."""
    out = []
    for variant in (
        "again_within_year",
        "again_after_year",
        "refiled_and_tried",
        "other_defendant",
    ):
        a, b = m.person(), m.company("贸易")
        f = m.day(hi=dt.date(2024, 3, 31))
        closed = f + dt.timedelta(days=m.rng.randint(25, 60))
        ev = [
            ("jurisdiction_objection", f + dt.timedelta(days=15), "被告提出管辖权异议"),
            ("jurisdiction_transfer", closed - dt.timedelta(days=3), "裁定移送有管辖权的法院"),
        ]
        first = Spec("transfer_idling", False, f"first suit, transferred ({variant})", "买卖合同纠纷",
                     filing=f, closing=closed, method="transfer", claim=m.money(5e4, 8e5),
                     parties=[("plaintiff", a), ("defendant", b)], side_events=ev)  # fmt: skip
        gap = m.rng.randint(400, 500) if variant == "again_after_year" else m.rng.randint(20, 200)
        g = closed + dt.timedelta(days=gap)
        method = "judgment" if variant == "refiled_and_tried" else "transfer"
        g_closed = g + dt.timedelta(days=m.rng.randint(30, 90) if method == "transfer" else 150)
        defendant = m.company("贸易") if variant == "other_defendant" else b
        ev2 = [("jurisdiction_transfer", g_closed - dt.timedelta(days=3), "裁定移送有管辖权的法院")]
        again = Spec("transfer_idling", variant == "again_within_year",
                     f"refiled {gap} days after the transfer: {variant}", "买卖合同纠纷",
                     filing=g, closing=g_closed, method=method, claim=first.claim,
                     parties=[("plaintiff", a), ("defendant", defendant)], truth_role="plaintiff",
                     side_events=ev2 if method == "transfer" else [])  # fmt: skip
        out += [first, again]
    return out


def _criminal(
    m: Maker,
    scenario: str,
    truth: bool,
    note: str,
    charge: str,
    fact: str,
    penalty: str,
    sent: dict[str, Any],
    side: str = "sentencing_review",
) -> Spec:
    """A one-defendant criminal judgment: the facts, the sentence row and the text stating it."""
    d = m.person(male=True)
    f = m.day()
    c = f + dt.timedelta(days=m.rng.randint(40, 100))
    custody = f - dt.timedelta(days=20)
    row = {"charges": charge, "principal_penalty": "fixed_term", "custody_start": custody, **sent}
    if row.get("probation_months") is None and row["principal_penalty"] == "fixed_term":
        row["term_end"] = expected_term_end(custody, row["term_months"], "fixed_term")
    return Spec(
        scenario, truth, note, f"{charge}罪", family="criminal", type_code="刑初", filing=f,
        closing=c, claim=row.get("crime_amount"), doc_title="刑事判决书",
        parties=[("criminal_defendant", d)], truth_role="criminal_defendant",
        text=_judgment("某区", f"被告人{d.name}{fact}", f"被告人{d.name}犯{charge}罪，判处{penalty}。"),
        sentence=row, side_events=[(side, c - dt.timedelta(days=10), "量刑评议")],
    )  # fmt: skip


def _fine_missing(m: Maker) -> list[Spec]:
    """A mandatory fine (并处罚金) left out for theft or bribery; near misses: theft with its
    fine, and intentional injury (no fine in the article) without one."""
    out = []
    for variant, charge, fine in (
        ("theft_no_fine", "盗窃", None), ("bribery_no_fine", "受贿", None),
        ("theft_with_fine", "盗窃", 8000), ("injury_no_fine", "故意伤害", None),
    ):  # fmt: skip
        term = m.rng.choice((8, 10, 14, 20, 30))
        amount = {"盗窃": m.money(6000, 40000), "受贿": m.money(60000, 180000)}.get(charge)
        fact = {"盗窃": f"秘密窃取他人财物，价值人民币{amount}元。",
                "受贿": f"利用职务上的便利为他人谋取利益，非法收受他人财物共计人民币{amount}元。",
                "故意伤害": "故意伤害他人身体，致一人轻伤二级。"}[charge]  # fmt: skip
        penalty = f"有期徒刑{term}个月" + (f"，并处罚金人民币{fine}元" if fine else "")
        out.append(_criminal(
            m, "fine_missing_mandatory", charge in ("盗窃", "受贿") and fine is None,
            f"fine: {variant}", charge, fact, penalty,
            {"term_months": term, "fine_yuan": fine, "crime_amount": amount},
        ))  # fmt: skip
    return out


def _recidivist_probation(m: Maker) -> list[Spec]:
    """Probation for a recidivist (累犯, 刑法 art. 74); near misses: a recidivist in prison, a
    first offender on probation, and one found not to be a recidivist, on probation."""
    out = []
    for variant in (
        "recidivist_probation",
        "recidivist_custody",
        "first_offender",
        "not_recidivist",
    ):
        term = m.rng.choice((8, 10, 12, 18))
        amount = m.money(5000, 30000)
        history = {
            "recidivist_probation": "曾因盗窃罪被判处有期徒刑一年，刑满释放后五年内再犯，系累犯，",
            "recidivist_custody": "曾因盗窃罪被判处有期徒刑一年，刑满释放后五年内再犯，系累犯，",
            "first_offender": "系初犯，",
            "not_recidivist": "曾因盗窃罪被判处拘役三个月，前罪非有期徒刑以上刑罚，不构成累犯，",
        }[variant]
        probation = variant != "recidivist_custody"
        penalty = f"有期徒刑{term}个月" + (f"，缓刑{term + 12}个月" if probation else "")
        penalty += f"，并处罚金人民币{amount // 2}元"
        out.append(_criminal(
            m, "recidivist_probation", variant == "recidivist_probation", f"probation: {variant}",
            "盗窃", f"秘密窃取他人财物，价值人民币{amount}元。被告人{history}当庭自愿认罪。", penalty,
            {"term_months": term, "probation_months": term + 12 if probation else None,
             "fine_yuan": amount // 2, "crime_amount": amount},
        ))  # fmt: skip
    return out


def _enforcement_suspension(m: Maker) -> list[Spec]:
    """Enforcement suspended (中止执行) more than a year ago and never resumed; near misses:
    suspended and resumed, suspended within the year."""
    out = []
    for variant in ("suspended_long", "suspended_resumed", "suspended_recently"):
        creditor, debtor = m.person(), m.company("商贸")
        if variant == "suspended_recently":
            f = m.day(dt.date(2025, 9, 1), dt.date(2025, 12, 31))
        else:
            f = m.day(dt.date(2022, 1, 1), dt.date(2023, 3, 31))  # a year before 2024-06-30 too
        s = f + dt.timedelta(days=45)
        ev = [("enf_suspension", s, "裁定中止执行：案外人对执行标的提出确有理由的异议")]
        if variant == "suspended_resumed":
            ev.append(("enf_resumption", s + dt.timedelta(days=150), "中止情形消失，恢复执行"))
        out.append(Spec(
            "enforcement_suspension_idling", variant == "suspended_long", f"enforcement: {variant}",
            "买卖合同纠纷", family="enforcement", type_code="执", procedure="enforcement", filing=f,
            closing=None, method=None, claim=m.money(1e5, 9e5),
            parties=[("applicant", creditor), ("respondent", debtor)], side_events=ev,
        ))  # fmt: skip
    return out


def _public_notice(m: Maker) -> list[Spec]:
    """Public-notice service (公告送达) with no attempt at service first (民事诉讼法 art. 95);
    near misses: public notice after service failed, and ordinary service only."""
    out = []
    for variant in ("notice_first", "notice_after_service", "service_only"):
        a, b = m.person(), m.person()
        f = m.day(hi=dt.date(2025, 6, 30))
        c = f + dt.timedelta(days=m.rng.randint(120, 170))
        side = []
        if variant == "notice_first":
            side = [
                ("public_notice_service", f + dt.timedelta(days=2), "公告送达起诉状副本及开庭传票")
            ]
        elif variant == "notice_after_service":
            side = [("public_notice_service", f + dt.timedelta(days=45),
                     "邮寄送达被退回、被告下落不明，公告送达")]  # fmt: skip
        out.append(Spec(
            "public_notice_without_service", variant == "notice_first", f"service: {variant}",
            "民间借贷纠纷", filing=f, closing=c, claim=m.money(2e4, 3e5),
            parties=[("plaintiff", a), ("defendant", b)], side_events=side,
        ))  # fmt: skip
    return out


def _claim_confirmation(m: Maker) -> list[Spec]:
    """A claim-confirmation suit (破产债权确认纠纷) naming the administrator (管理人) as defendant,
    where 企业破产法解释三 art. 9 makes the debtor (or the disputed creditor) the defendant; near
    misses: the debtor as defendant, and an avoidance suit brought by the administrator."""
    out = []
    for variant in ("administrator_defendant", "debtor_defendant", "avoidance_by_administrator"):
        debtor, creditor = m.company("制造"), m.company("材料")
        admin = Who(m._next(), "legal", f"{debtor.name}管理人", uscc=m.company("律师").uscc,
                    legal_rep=m.person())  # fmt: skip
        f = m.day(dt.date(2022, 1, 1), dt.date(2025, 6, 30))
        if variant == "avoidance_by_administrator":
            cause, parties = (
                "请求撤销个别清偿行为纠纷",
                [("plaintiff", admin), ("defendant", creditor)],
            )
        else:
            defendant = admin if variant == "administrator_defendant" else debtor
            cause, parties = "破产债权确认纠纷", [("plaintiff", creditor), ("defendant", defendant)]
        out.append(Spec(
            "bankruptcy_claim_wrong_defendant", variant == "administrator_defendant",
            f"bankruptcy-derived suit: {variant}", cause, family="commercial", filing=f,
            closing=f + dt.timedelta(days=m.rng.randint(60, 150)), claim=m.money(1e5, 2e6),
            parties=parties, truth_role="defendant",
        ))  # fmt: skip
    return out


def _termination_early(m: Maker) -> list[Spec]:
    """An enforcement case terminated (终本) 40–80 days after filing, where 终本 needs at least
    three months from filing (《最高人民法院关于严格规范终结本次执行程序的规定（试行）》 art. 1);
    near misses: terminated 100–200 days after filing, and paid in full within five weeks."""
    out = []
    for variant in ("terminated_early", "terminated_after_three_months", "paid_in_full_early"):
        creditor, debtor = m.person(), m.company("建材")
        f = m.day(hi=dt.date(2025, 9, 30))
        days = {"terminated_early": m.rng.randint(40, 80),
                "terminated_after_three_months": m.rng.randint(100, 200),
                "paid_in_full_early": m.rng.randint(25, 35)}[variant]  # fmt: skip
        out.append(Spec(
            "termination_too_early", variant == "terminated_early", f"enforcement: {variant}",
            "买卖合同纠纷", family="enforcement", type_code="执", procedure="enforcement",
            filing=f, closing=f + dt.timedelta(days=days),
            method="enforced_in_full" if variant == "paid_in_full_early" else "termination_current",
            claim=m.money(5e4, 8e5), parties=[("applicant", creditor), ("respondent", debtor)],
        ))  # fmt: skip
    return out


def _died_during_case(m: Maker) -> list[Spec]:
    """A defendant who dies, by the population register, after filing and before the case
    closes (民事诉讼法 art. 153.1(1): the suit is suspended for the heirs); near misses: a
    defendant who dies after the judgment, and one alive."""
    out = []
    for variant in ("died_during", "died_after_closing", "alive"):
        f = m.day(hi=dt.date(2025, 6, 30))
        c = f + dt.timedelta(days=m.rng.randint(90, 170))
        a, b = m.person(), m.person()
        if variant == "died_during":
            b.death = f + dt.timedelta(days=m.rng.randint(20, (c - f).days - 10))
        elif variant == "died_after_closing":
            b.death = c + dt.timedelta(days=m.rng.randint(30, 120))
        out.append(Spec(
            "party_died_during_case", variant == "died_during", f"defendant {variant}",
            "民间借贷纠纷", filing=f, closing=c, claim=m.money(2e4, 3e5),
            parties=[("plaintiff", a), ("defendant", b)], truth_role="defendant",
        ))  # fmt: skip
    return out


def _exceeds_claims(m: Maker) -> list[Spec]:
    """A judgment awarding more principal than the plaintiff claimed (民事诉讼法 art. 211(11):
    超出诉讼请求); near misses: the full claim awarded, and part of it."""
    out = []
    for variant in ("award_over_claim", "award_equals_claim", "award_below_claim"):
        f = m.day(hi=dt.date(2025, 6, 30))
        claim = m.money(5e4, 5e5)
        award = {"award_over_claim": claim + m.money(1e3, 5e4), "award_equals_claim": claim,
                 "award_below_claim": claim - m.money(1e3, 4e4)}[variant]  # fmt: skip
        out.append(Spec(
            "judgment_exceeds_claims", variant == "award_over_claim", f"judgment: {variant}",
            "买卖合同纠纷", filing=f, closing=f + dt.timedelta(days=m.rng.randint(60, 150)),
            claim=claim, award=award, parties=[("plaintiff", m.company("贸易")),
                                               ("defendant", m.company("机电"))],
        ))  # fmt: skip
    return out


MAKERS = (
    _ecommerce, _trademark, _reconciliation, _unfair_competition, _appraisal_audit, _remand,
    _suspension, _false_sales, _house_sale, _factoring, _plate_rental, _fundraising, _methadone,
    _rural_assets, _yin_yang, _executive_pay, _transfer, _fine_missing, _recidivist_probation,
    _enforcement_suspension, _public_notice, _claim_confirmation, _termination_early,
    _died_during_case, _exceeds_claims,
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
