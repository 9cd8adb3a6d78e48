"""Every built-in model: a positive and a negative case each, and the same answer in node mode
and review mode for every case of the fixture court (docs/BRIEF.md §7: one model, three modes)."""

from __future__ import annotations

import datetime as dt

import pytest

from courtqc.engine.node import NodeChecker
from courtqc.engine.review import review
from courtqc.engine.testing import D, TinyCourt, by_context
from courtqc.models import builtin_models

AS_OF = dt.date(2024, 6, 30)
LOAN = "民间借贷纠纷"


def _judgment_text(article_zh: str | None) -> str:
    clause = (
        f"如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》"
        f"第{article_zh}条规定，加倍支付迟延履行期间的债务利息。"
        if article_zh
        else ""
    )
    return (
        "上海市浦东新区人民法院民事判决书。原告诉称……本院认为……判决如下：一、被告于本判决生效之日起"
        f"十日内偿还原告借款10000元。{clause}案件受理费50元，由被告负担。"
    )


def build_court() -> tuple[TinyCourt, dict[str, tuple[list[int], list[int]]]]:
    t = TinyCourt()
    exp: dict[str, tuple[list[int], list[int]]] = {}
    P = t.party

    # professional_lender: 10 suits in 700 days (two spellings of one ID) vs 3 suits.
    l1 = P("王 大 钱", id_number="31010119800101001X")
    l1b = P("王大钱", id_number="31010119800101001x")
    pos = []
    for i in range(10):
        b = P(f"借款人{i}", id_number=f"3101011990010100{i:02d}")
        pos.append(t.case(filing=(D("2022-01-01") + dt.timedelta(days=70 * i)).isoformat(),
                          parties={"plaintiff": l1 if i % 2 else l1b, "defendant": b}))  # fmt: skip
    l2 = P("赵小钱", id_number="310101198001010020")
    neg = [t.case(filing=f"2022-0{i + 1}-01", parties={"plaintiff": l2, "defendant": P(f"乙{i}")})
           for i in range(3)]  # fmt: skip
    # ... and one lender through two companies he represents (4 + 3 + 3 suits).
    boss = P("钱多多", id_number="310101197901010011")
    firms = [P("上海多多投资有限责任公司", kind="legal", uscc="91310000MA1FL7701A", legal_rep="钱 多多"),
             P("上海多钱咨询有限公司", kind="legal", uscc="91310000MA1FL7702B", legal_rep="钱多多")]  # fmt: skip
    for i, who in enumerate([boss] * 4 + [firms[0]] * 3 + [firms[1]] * 3):
        pos.append(t.case(filing=(D("2022-03-01") + dt.timedelta(days=40 * i)).isoformat(),
                          parties={"plaintiff": who, "defendant": P(f"借款人丙{i}")}))  # fmt: skip
    exp["professional_lender"] = (pos, neg)

    # counterfeit_hunter: 8 sellers within a year vs 3.
    h = P("钱打假", id_number="310101198501010031")
    pos = [t.case(cause="买卖合同纠纷", filing=f"2023-{i + 1:02d}-05",
                  parties={"plaintiff": h, "defendant": P(f"商店{i}有限公司", kind="legal", uscc=f"91310000MA1FL{i:05d}")})
           for i in range(8)]  # fmt: skip
    h2 = P("孙买家", id_number="310101198501010040")
    neg = [t.case(cause="买卖合同纠纷", filing=f"2023-0{i + 1}-05",
                  parties={"plaintiff": h2, "defendant": P(f"超市{i}")}) for i in range(3)]  # fmt: skip
    exp["counterfeit_hunter"] = (pos, neg)

    # refiling_after_withdrawal and transfer_idling.
    p1, d1 = (
        P("周原告", id_number="310101197001010051"),
        P("吴被告", id_number="310101197001010062"),
    )
    t.case(filing="2022-11-01", closing="2023-01-10", closing_method="withdrawal",
           parties={"plaintiff": p1, "defendant": d1})  # fmt: skip
    refile = t.case(filing="2023-03-01", parties={"plaintiff": p1, "defendant": d1})
    late = t.case(
        filing="2023-09-01", cause="买卖合同纠纷", parties={"plaintiff": p1, "defendant": d1}
    )
    p2, d2 = (
        P("郑原告", id_number="310101197001010078"),
        P("冯被告", id_number="310101197001010089"),
    )
    t.case(filing="2022-11-01", closing="2023-01-10", closing_method="judgment",
           parties={"plaintiff": p2, "defendant": d2})  # fmt: skip
    after_judgment = t.case(filing="2023-03-01", parties={"plaintiff": p2, "defendant": d2})
    exp["refiling_after_withdrawal"] = ([refile], [late, after_judgment])
    p3, d3 = (
        P("陈原告", id_number="310101197001010094"),
        P("褚被告", id_number="310101197001010107"),
    )
    t.case(filing="2022-12-01", closing="2023-01-10", closing_method="transfer", cause="合同纠纷",
           parties={"plaintiff": p3, "defendant": d3})  # fmt: skip
    again = t.case(filing="2023-02-01", closing="2023-03-01", closing_method="transfer", cause="合同纠纷",
                   parties={"plaintiff": p3, "defendant": d3})  # fmt: skip
    judged = t.case(filing="2023-02-02", closing="2023-05-01", closing_method="judgment", cause="合同纠纷",
                    parties={"plaintiff": p3, "defendant": d3})  # fmt: skip
    exp["transfer_idling"] = ([again], [judged])

    # repeated_termination and termination_too_early.
    a1, r1 = (
        P("申请人甲", id_number="310101196001010118"),
        P("被执行人甲", id_number="310101196001010129"),
    )
    e1 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-01-01",
                closing="2022-06-01", closing_method="termination_current",
                parties={"applicant": a1, "respondent": r1})  # fmt: skip
    e2 = t.case(family="enforcement", procedure="enforcement", cause=None, type_code="执恢",
                filing="2022-09-01", closing="2023-01-15", closing_method="termination_current",
                origin_case_id=e1, origin_relation="resumed_enforcement",
                parties={"applicant": a1, "respondent": r1})  # fmt: skip
    e3 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-01-01",
                closing="2022-02-10", closing_method="enforced_in_full",
                parties={"applicant": a1, "respondent": r1})  # fmt: skip
    e4 = t.case(family="enforcement", procedure="enforcement", cause=None, type_code="执恢",
                filing="2022-09-01", closing="2023-01-15", closing_method="termination_current",
                origin_case_id=e3, origin_relation="resumed_enforcement",
                parties={"applicant": a1, "respondent": r1})  # fmt: skip
    exp["repeated_termination"] = ([e2], [e1, e4])
    early = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2023-01-01",
                   closing="2023-02-15", closing_method="termination_current",
                   parties={"applicant": P("申请人乙"), "respondent": P("被执行人乙")})  # fmt: skip
    exp["termination_too_early"] = ([early], [e1, e2])

    # dead_party and party_died_during_case.
    dead = P("张 三", id_number="11010519491231002x")
    t.add("registry_population", id_number="11010519491231002X", name="张三", status="dead",
          death_date=D("2022-01-01"))  # fmt: skip
    dies = P("李寿", id_number="110105195001010011")
    t.add("registry_population", id_number="110105195001010011", name="李寿", status="dead",
          death_date=D("2023-05-01"))  # fmt: skip
    alive = P("刘健", id_number="110105195001010022")
    t.add("registry_population", id_number="110105195001010022", name="刘健", status="alive")
    c_dead = t.case(filing="2023-03-01", parties={"plaintiff": P("原告丙"), "defendant": dead})
    c_dies = t.case(filing="2023-01-01", parties={"plaintiff": P("原告丁"), "defendant": dies})
    c_dies_after = t.case(filing="2022-06-01", closing="2022-12-01", closing_method="judgment",
                          parties={"plaintiff": P("原告戊"), "defendant": dies})  # fmt: skip
    c_alive = t.case(filing="2023-03-01", parties={"plaintiff": P("原告己"), "defendant": alive})
    exp["dead_party"] = ([c_dead], [c_dies, c_alive])
    exp["party_died_during_case"] = ([c_dies], [c_dies_after, c_alive, c_dead])

    # bankruptcy: avoidance suit plaintiff, new suits against the debtor, payouts.
    debtor = P("上海甲贸易有限责任公司", kind="legal", uscc="91310000MA1FL0001A")
    admin = P("上海甲贸易有限公司管理人", kind="legal", uscc="31310000MD0000001B")
    t.add("registry_enterprises", uscc="91310000MA1FL0001A", name="上海甲贸易有限公司", status="bankrupt",
          bankruptcy_accepted_date=D("2022-01-01"), administrator_name="上海甲贸易有限公司管理人",
          administrator_uscc="31310000MD0000001B")  # fmt: skip
    creditor = P("债权人甲", id_number="310101198801010013")
    avoid = "请求撤销个别清偿行为纠纷"
    wrong = t.case(
        cause=avoid, filing="2022-06-01", parties={"plaintiff": debtor, "defendant": creditor}
    )
    right = t.case(
        cause=avoid, filing="2022-06-02", parties={"plaintiff": admin, "defendant": creditor}
    )
    claim = t.case(cause="破产债权确认纠纷", filing="2022-06-03",
                   parties={"plaintiff": P("债权人乙"), "defendant": debtor})  # fmt: skip
    exp["bankruptcy_avoidance_wrong_plaintiff"] = ([wrong], [right, claim])
    before = t.case(cause="买卖合同纠纷", filing="2021-06-01", closing="2021-10-01",
                    closing_method="judgment", parties={"plaintiff": P("供应商甲"), "defendant": debtor})  # fmt: skip
    exp["bankrupt_debtor_new_suit"] = ([claim], [before, right])
    co2 = P("上海乙实业有限公司", kind="legal", uscc="91310000MA1FL0002B")
    t.add("registry_enterprises", uscc="91310000MA1FL0002B", name="上海乙实业有限公司", status="bankrupt",
          bankruptcy_accepted_date=D("2023-01-01"))  # fmt: skip
    co3 = P("上海丙实业有限公司", kind="legal", uscc="91310000MA1FL0003C")
    t.add("registry_enterprises", uscc="91310000MA1FL0003C", name="上海丙实业有限公司", status="bankrupt",
          bankruptcy_accepted_date=D("2023-05-01"))  # fmt: skip
    app2, app3 = P("申请人丙"), P("申请人丁")
    x2 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-10-01",
                parties={"applicant": app2, "respondent": co2})  # fmt: skip
    t.add(
        "payments",
        case_id=x2,
        direction="out",
        party_id=app2,
        amount=5000,
        paid_date=D("2023-02-01"),
    )
    x3 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-10-01",
                parties={"applicant": app3, "respondent": co3})  # fmt: skip
    t.add(
        "payments",
        case_id=x3,
        direction="out",
        party_id=app3,
        amount=5000,
        paid_date=D("2023-02-01"),
    )
    exp["payout_after_bankruptcy"] = ([x2], [x3])

    # enforcement money across cases.
    rr = P("被执行人庚", id_number="310101197501010016")
    rr_other = P("被执行人庚", id_number="310101197501010016")  # another row, same person
    enf = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2023-01-01",
                 parties={"applicant": P("申请人戊"), "respondent": rr})  # fmt: skip
    civil = t.case(filing="2022-01-01", closing="2022-06-01", closing_method="judgment",
                   parties={"plaintiff": rr_other, "defendant": P("被告庚")})  # fmt: skip
    payout_enf = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-08-01",
                        parties={"applicant": rr_other, "respondent": P("被执行人辛")})  # fmt: skip
    t.add(
        "payments",
        case_id=payout_enf,
        direction="out",
        party_id=rr_other,
        amount=8000,
        paid_date=D("2023-05-01"),
    )
    rr2 = P("被执行人壬", id_number="310101197501010024")
    enf2 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2023-06-01",
                  parties={"applicant": P("申请人己"), "respondent": rr2})  # fmt: skip
    pe2 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-08-01",
                 parties={"applicant": rr2, "respondent": P("被执行人癸")})  # fmt: skip
    t.add(
        "payments",
        case_id=pe2,
        direction="out",
        party_id=rr2,
        amount=8000,
        paid_date=D("2023-05-01"),
    )
    exp["enforcement_debtor_receives_money"] = ([enf], [enf2, civil])

    td = P("被执行人子", id_number="310101197601010012")
    term = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-10-01",
                  closing="2023-03-01", closing_method="termination_current",
                  parties={"applicant": P("申请人庚"), "respondent": td})  # fmt: skip
    other = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2023-04-01",
                   claim_amount=10000, parties={"applicant": P("申请人辛"), "respondent": td})  # fmt: skip
    t.add(
        "payments",
        case_id=other,
        direction="in",
        party_id=td,
        amount=10000,
        paid_date=D("2023-06-01"),
    )
    td2 = P("被执行人丑", id_number="310101197601010020")
    term2 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-10-01",
                   closing="2023-03-01", closing_method="termination_current",
                   parties={"applicant": P("申请人壬"), "respondent": td2})  # fmt: skip
    other2 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2023-04-01",
                    claim_amount=10000, parties={"applicant": P("申请人癸"), "respondent": td2})  # fmt: skip
    t.add(
        "payments",
        case_id=other2,
        direction="in",
        party_id=td2,
        amount=5000,
        paid_date=D("2023-06-01"),
    )
    exp["terminated_debtor_pays_elsewhere"] = ([term], [term2, other])

    ret, young = (
        P("退休人", id_number="310101195801010013"),
        P("在职人", id_number="310101198801010021"),
    )
    t.add("registry_housing_fund", id_number="310101195801010013", name="退休人", balance=52000,
          retired=True, retirement_date=D("2018-01-01"), as_of=D("2024-01-01"))  # fmt: skip
    t.add("registry_housing_fund", id_number="310101198801010021", name="在职人", balance=30000,
          retired=False, as_of=D("2024-01-01"))  # fmt: skip
    hf1 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-10-01",
                 closing="2023-03-01", closing_method="termination_current",
                 parties={"applicant": P("申请人寅"), "respondent": ret})  # fmt: skip
    hf2 = t.case(family="enforcement", procedure="enforcement", cause=None, filing="2022-10-01",
                 closing="2023-03-01", closing_method="termination_current",
                 parties={"applicant": P("申请人卯"), "respondent": young})  # fmt: skip
    exp["retired_debtor_housing_fund"] = ([hf1], [hf2])

    # fundraising victims: the criminal case's victims sue the company afterwards.
    fr = P("上海集资理财有限公司", kind="legal", uscc="91310000MA1FL0009X")
    inv1, inv2, inv3 = (
        P("投资人甲", id_number="310101196501010017"),
        P("投资人乙", id_number="310101196501010025"),
        P("路人丙", id_number="310101196501010033"),
    )
    t.case(family="criminal", cause="非法吸收公众存款罪", filing="2022-01-01",
           parties={"prosecutor": P("检察院", kind="authority"), "criminal_defendant": fr, "victim": [inv1, inv2]})  # fmt: skip
    v_after = t.case(cause=LOAN, filing="2022-05-01", parties={"plaintiff": inv1, "defendant": fr})
    v_before = t.case(cause=LOAN, filing="2021-06-01", parties={"plaintiff": inv2, "defendant": fr})
    not_victim = t.case(
        cause=LOAN, filing="2022-05-01", parties={"plaintiff": inv3, "defendant": fr}
    )
    exp["fundraising_victim_contract_suit"] = ([v_after], [v_before, not_victim])

    # fake divorce: the mediated divorce moves property from the debtor to the spouse.
    hu, wi = (
        P("丈夫甲", id_number="310101198001010118"),
        P("妻子甲", id_number="310101198201010120"),
    )
    div = t.case(cause="离婚纠纷", filing="2022-01-01", closing="2022-03-01", closing_method="mediation",
                 parties={"plaintiff": wi, "defendant": hu})  # fmt: skip
    t.add("civil_outcomes", case_id=div, item_seq=1, kind="other", payer_party_id=hu, payee_party_id=wi,
          amount_yuan=2000000)  # fmt: skip
    t.case(cause=LOAN, filing="2022-08-01", parties={"plaintiff": P("债主甲"), "defendant": hu})
    hu2, wi2 = (
        P("丈夫乙", id_number="310101198001010126"),
        P("妻子乙", id_number="310101198201010139"),
    )
    div2 = t.case(cause="离婚纠纷", filing="2022-01-01", closing="2022-03-01", closing_method="judgment",
                  parties={"plaintiff": wi2, "defendant": hu2})  # fmt: skip
    t.add("civil_outcomes", case_id=div2, item_seq=1, kind="other", payer_party_id=hu2, payee_party_id=wi2,
          amount_yuan=2000000)  # fmt: skip
    t.case(cause=LOAN, filing="2022-08-01", parties={"plaintiff": P("债主乙"), "defendant": hu2})
    hu3, wi3 = (
        P("丈夫丙", id_number="310101198001010134"),
        P("妻子丙", id_number="310101198201010147"),
    )
    div3 = t.case(cause="离婚纠纷", filing="2022-01-01", closing="2022-03-01", closing_method="mediation",
                  parties={"plaintiff": wi3, "defendant": hu3})  # fmt: skip
    t.add("civil_outcomes", case_id=div3, item_seq=1, kind="other", payer_party_id=hu3, payee_party_id=wi3,
          amount_yuan=2000000)  # fmt: skip
    t.case(
        cause=LOAN, filing="2023-08-01", parties={"plaintiff": P("债主丙"), "defendant": hu3}
    )  # > 1 year
    exp["fake_divorce_debt_evasion"] = ([div], [div2, div3])

    # false lending ring: 5 borrowers, same lawyer, mediation within 30 days; 4 is not a ring.
    t.add("lawyers", lawyer_id=7, name="律师甲")
    t.add("lawyers", lawyer_id=8, name="律师乙")
    rl, rl2 = (
        P("出借人甲", id_number="310101197301010010"),
        P("出借人乙", id_number="310101197301010029"),
    )
    pos, neg = [], []
    for i in range(5):
        c = t.case(filing=f"2023-0{i + 1}-03", closing=f"2023-0{i + 1}-20", closing_method="mediation",
                   parties={"plaintiff": rl, "defendant": P(f"借款人甲{i}")})  # fmt: skip
        t.add(
            "case_agents",
            case_id=c,
            party_id=rl,
            lawyer_id=7,
            agent_name="律师甲",
            agent_kind="lawyer",
        )
        pos.append(c)
    for i in range(4):
        c = t.case(filing=f"2023-0{i + 1}-03", closing=f"2023-0{i + 1}-20", closing_method="mediation",
                   parties={"plaintiff": rl2, "defendant": P(f"借款人乙{i}")})  # fmt: skip
        t.add(
            "case_agents",
            case_id=c,
            party_id=rl2,
            lawyer_id=8,
            agent_name="律师乙",
            agent_kind="lawyer",
        )
        neg.append(c)
    exp["false_lending_ring"] = (pos, neg)
    exp["false_litigation_ring"] = (pos, neg)  # the same ring, found on the party graph

    # one lawyer on both sides.
    both = t.case(
        filing="2023-05-01",
        parties={"plaintiff": (pa := P("原告庚")), "defendant": (pb := P("被告辛"))},
    )
    t.add(
        "case_agents",
        case_id=both,
        party_id=pa,
        lawyer_id=8,
        agent_name="律师乙",
        agent_kind="lawyer",
    )
    t.add(
        "case_agents",
        case_id=both,
        party_id=pb,
        lawyer_id=8,
        agent_name="律师乙",
        agent_kind="lawyer",
    )
    exp["lawyer_both_sides"] = ([both], pos[:2])

    # judgments: interest clause, cap, claims, appeal.
    def judged_loan(closing: str, article: int | None, rate: float | None = None,
                    contract: str | None = None, principal: float = 10000, claim: float = 10000) -> int:  # fmt: skip
        c = t.case(filing="2021-09-01", closing=closing, closing_method="judgment", claim_amount=claim,
                   parties={"plaintiff": P("出借人"), "defendant": P("借款人")})  # fmt: skip
        t.add("civil_outcomes", case_id=c, item_seq=1, kind="principal", amount_yuan=principal,
              late_clause_article=article)  # fmt: skip
        if rate is not None:
            t.add("civil_outcomes", case_id=c, item_seq=2, kind="interest", interest_annual_pct=rate,
                  contract_date=D(contract), late_clause_article=article)  # fmt: skip
        return c

    w_wrong, w_ok, w_missing = (
        judged_loan("2022-06-01", 253),
        judged_loan("2022-06-01", 260),
        judged_loan("2024-03-01", None),
    )
    exp["interest_wording_nonstandard"] = ([w_wrong, w_missing], [w_ok])
    cap_over = judged_loan("2022-06-01", 260, 18.0, "2021-01-01")
    cap_ok = judged_loan("2022-06-01", 260, 15.0, "2021-01-01")
    cap_old = judged_loan("2022-06-01", 260, 20.0, "2018-05-01")
    exp["interest_over_cap"] = ([cap_over], [cap_ok, cap_old])
    over = judged_loan("2022-06-01", 260, principal=12000, claim=10000)
    exp["judgment_exceeds_claims"] = ([over], [w_ok, cap_ok])
    for origin, appeal_principal in ((w_ok, 9000), (cap_ok, 10000)):
        a = t.case(procedure="second", type_code="民终", court="沪01", filing="2022-07-01",
                   closing="2022-09-01", closing_method="upheld", origin_case_id=origin,
                   origin_relation="appeal", parties={"appellant": P("上诉人"), "appellee": P("被上诉人")})  # fmt: skip
        t.add(
            "appeal_results",
            case_id=a,
            origin_case_id=origin,
            result="upheld",
            decided_date=D("2022-09-01"),
        )
        t.add(
            "civil_outcomes", case_id=a, item_seq=1, kind="principal", amount_yuan=appeal_principal
        )
        if appeal_principal == 9000:
            changed = a
        else:
            same = a
    exp["appeal_upheld_amount_changed"] = ([changed], [same])
    doc_wrong = judged_loan("2022-06-01", 260)
    doc_ok = judged_loan("2022-06-02", 260)
    t.add("documents", case_id=doc_wrong, kind="judgment", title="民事判决书", text=_judgment_text("二百五十三"),
          issue_date=D("2022-06-01"))  # fmt: skip
    t.add("documents", case_id=doc_ok, kind="judgment", title="民事判决书", text=_judgment_text("二百六十"),
          issue_date=D("2022-06-02"))  # fmt: skip
    exp["interest_wording_text"] = ([doc_wrong], [doc_ok])

    # element_trial_outline: a pending loan case at 开庭 with its complaint stored, against one
    # still at 立案 and one at 开庭 with no complaint (courtqc.elements.node)
    from courtqc.synth.documents.pleadings import pleadings

    outlined = []
    for node, with_complaint in (("hearing", True), ("filing", True), ("hearing", False)):
        cid = t.case(filing="2024-05-20", current_node=node,
                     parties={"plaintiff": P(f"要素原告{node}{with_complaint}"),
                              "defendant": P(f"要素被告{node}{with_complaint}")})  # fmt: skip
        if with_complaint:
            t.add("documents", case_id=cid, kind="complaint", title="民事起诉状",
                  text=pleadings("private_lending", 1).complaint, issue_date=D("2024-05-20"))  # fmt: skip
        outlined.append(cid)
    exp["element_trial_outline"] = (outlined[:1], outlined[1:])

    # sentences and fines.
    def sentence(end: str, fine: float, amount: float = 5000) -> int:
        d = P("被告人")
        c = t.case(family="criminal", cause="盗窃罪", filing="2023-03-01", closing="2023-08-01",
                   closing_method="judgment", parties={"criminal_defendant": d})  # fmt: skip
        t.add("sentences", case_id=c, party_id=d, charges="盗窃", principal_penalty="fixed_term",
              term_months=12, fine_yuan=fine, crime_amount=amount, custody_start=D("2023-01-05"),
              term_start=D("2023-01-05"), term_end=D(end))  # fmt: skip
        return c

    s_ok, s_wrong, f_wrong = (
        sentence("2024-01-04", 5000),
        sentence("2024-01-05", 5000),
        sentence("2024-01-04", 20000),
    )
    exp["sentence_end_date_wrong"] = ([s_wrong], [s_ok, f_wrong])
    exp["fine_out_of_range"] = ([f_wrong], [s_ok, s_wrong])

    # time limits on AS_OF = 2024-06-30 (civil first instance, ordinary: 6 months).
    near = t.case(filing="2024-01-10", parties={"plaintiff": P("原告近"), "defendant": P("被告近")})
    far = t.case(filing="2024-03-01", parties={"plaintiff": P("原告远"), "defendant": P("被告远")})
    over_due = t.case(
        filing="2023-06-01", parties={"plaintiff": P("原告超"), "defendant": P("被告超")}
    )
    extended = t.case(
        filing="2023-06-01",
        extended_days=300,
        parties={"plaintiff": P("原告延"), "defendant": P("被告延")},
    )
    exp["time_limit_approaching"] = ([near], [far, over_due])
    exp["time_limit_overdue"] = ([over_due], [near, far, extended])
    closed_late = t.case(filing="2023-01-01", closing="2023-09-01", closing_method="judgment",
                         parties={"plaintiff": P("原告晚"), "defendant": P("被告晚")})  # fmt: skip
    closed_ok = t.case(filing="2023-01-01", closing="2023-05-01", closing_method="judgment",
                       parties={"plaintiff": P("原告早"), "defendant": P("被告早")})  # fmt: skip
    exp["closed_over_time_limit"] = ([closed_late], [closed_ok])
    # an institutional litigant (a bank in many cases): a hub once the threshold is low
    bank = P("中国某某银行股份有限公司上海市分行", kind="legal", uscc="91310000MA1FLBANK1")
    for i in range(6):
        t.case(cause="金融借款合同纠纷", filing=f"2023-0{i + 1}-11",
               parties={"plaintiff": bank, "defendant": P(f"贷款人{i}", id_number=f"3101011991010100{i:02d}")})  # fmt: skip
    t.case(cause="买卖合同纠纷", filing="2023-02-01", parties={"plaintiff": h, "defendant": bank})
    from tests.support.scenario_cases import add_report_cases  # the report's scenarios (issue 17)

    add_report_cases(t, exp)
    return t, exp


@pytest.fixture(scope="module")
def court():
    t, exp = build_court()
    models = list(builtin_models())
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    by_model = {r.model_id: r for r in res.runs}
    return t, exp, models, by_model


def test_every_builtin_has_a_positive_and_negative_case(court):
    _, exp, models, _ = court
    assert {m.id for m in models} <= set(exp)


@pytest.mark.parametrize("model_id", sorted(m.id for m in builtin_models()))
def test_builtin_model_positive_and_negative(court, model_id):
    _, exp, _, by_model = court
    run = by_model[model_id]
    assert run.status == "ok", run.error
    hit = {a.case_id for a in run.alerts}
    pos, neg = exp[model_id]
    assert pos and neg
    assert set(pos) <= hit, f"missed {set(pos) - hit}"
    assert not (set(neg) & hit), f"false alarms {set(neg) & hit}"
    for a in run.alerts:
        assert "{" not in a.message, a.message  # every placeholder filled


def _equivalence(t, models, by_model):
    review_alerts: dict[int, list[dict]] = {}
    for r in by_model.values():
        for a in r.alerts:
            review_alerts.setdefault(a.case_id, []).append(a.to_dict())
    checker = NodeChecker(t.con, models, as_of=AS_OF, record=False,
                          states={m.id: "live" for m in models})  # fmt: skip
    case_ids = [
        r[0] for r in t.con.execute("SELECT case_id FROM cases ORDER BY case_id").fetchall()
    ]
    for cid in case_ids:
        runs = []
        # Each model on the context its declared reach gives (ModelDef.context): the models
        # that read the case alone, together, apart from those that read linked cases.
        for group in by_context(models):
            got, _, _, errors = checker.run_models(cid, group)
            assert not errors, errors
            runs += got
        node = sorted((a.to_dict() for r in runs for a in r.alerts), key=lambda d: d["fingerprint"])
        want = sorted(review_alerts.get(cid, []), key=lambda d: d["fingerprint"])
        assert node == want, f"case {cid} differs"
    assert sum(len(v) for v in review_alerts.values()) > 40


def test_node_mode_equals_review_mode_for_every_builtin(court):
    t, _, models, by_model = court
    _equivalence(t, models, by_model)


def test_node_mode_equals_review_mode_with_institutional_litigants(monkeypatch):
    """With a low hub threshold the bank (and the busiest lenders) become institutional
    litigants, never linked across cases — in both modes alike."""
    from courtqc import operators

    monkeypatch.setattr(operators, "HUB_THRESHOLD", 5)
    t, _ = build_court()
    models = list(builtin_models())
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    cur = t.con.cursor()
    operators.install(cur, AS_OF)
    assert len(operators.hub_keys(cur)) >= 2
    _equivalence(t, models, {r.model_id: r for r in res.runs})


def test_node_mode_equals_review_for_models_not_reading_parties(court):
    """Models that read no party table get a context of the case and its origin links only."""
    from courtqc.engine.context import PARTY_TABLES

    t, _, models, by_model = court
    local = [m for m in models if not (m.tables & PARTY_TABLES)]
    assert {m.id for m in local} >= {
        "sentence_end_date_wrong",
        "time_limit_overdue",
        "interest_over_cap",
    }
    _equivalence(t, local, {m.id: by_model[m.id] for m in local})


def test_node_mode_equals_review_across_scratch_compactions(court, monkeypatch):
    """The scratch tables are refilled, not replaced, and rewritten every _COMPACT_EVERY builds
    (the prepared statements then prepared anew): answers are unchanged across rewrites."""
    from courtqc.engine import context

    monkeypatch.setattr(context, "_COMPACT_EVERY", 3)
    t, _, models, by_model = court
    checker = NodeChecker(t.con, models, as_of=AS_OF, record=False,
                          states={m.id: "live" for m in models})  # fmt: skip
    _equivalence(t, models, by_model)
    epoch0 = checker.ctx.epoch
    for cid in [r[0] for r in t.con.execute("SELECT case_id FROM cases LIMIT 12").fetchall()]:
        checker.run_models(cid, models)
    assert checker.ctx.epoch > epoch0  # the tables were rewritten (and statements re-prepared)
    review_alerts: dict[int, list[dict]] = {}
    for r in by_model.values():
        for a in r.alerts:
            review_alerts.setdefault(a.case_id, []).append(a.to_dict())
    for cid in [
        r[0] for r in t.con.execute("SELECT case_id FROM cases ORDER BY case_id").fetchall()
    ]:
        runs, _, _, errors = checker.run_models(cid, models)
        assert not errors, errors
        node = sorted((a.to_dict() for r in runs for a in r.alerts), key=lambda d: d["fingerprint"])
        assert node == sorted(review_alerts.get(cid, []), key=lambda d: d["fingerprint"]), cid


def test_node_mode_equals_review_with_the_parties_copy_split(court, monkeypatch):
    """A context of many parties is copied by both cursors, half each, with the register
    lookups shared out after (context._copy_split): the answers are those of one copy. Here
    every context is split, and every key set is matched by index probes or by a scan."""
    from courtqc.engine import context

    t, _, models, by_model = court
    monkeypatch.setattr(context, "_SPLIT_PARTIES", 1)
    _equivalence(t, models, by_model)
    monkeypatch.setattr(context, "_PROBE_MAX", 0)
    monkeypatch.setattr(context, "_SCAN_RATIO_OF", {})
    monkeypatch.setattr(context, "_SCAN_RATIO", 1)
    _equivalence(t, models, by_model)


def test_node_mode_equals_review_on_a_store_older_than_the_added_tables():
    """A store made before the enterprise register's shareholders and former names were added
    (schema.ADDED_TABLES): review reads empty stand-ins of them, and so does node mode — the
    models reading party_controller run there too, with the same answers."""
    from courtqc.schema import ADDED_TABLES

    t, _ = build_court()
    for table in ADDED_TABLES:
        t.con.execute(f"DROP TABLE {table}")
    models = list(builtin_models())
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    assert all(r.status == "ok" for r in res.runs)
    readers = [m for m in models if "party_controller" in m.reads]
    assert len(readers) >= 3
    _equivalence(t, models, {r.model_id: r for r in res.runs})


def test_review_shares_the_views_many_models_read_and_alerts_stay_the_same(court, monkeypatch):
    """review() computes the operator views two or more models read once, as tables of its
    session (engine.review.share_views); every model's alerts are those it gives when each
    model computes them itself."""
    from courtqc.engine import review as review_mod

    t, _, models, shared = court
    made: list[list[str]] = []
    real = review_mod.share_views
    monkeypatch.setattr(review_mod, "share_views", lambda cur, ms: made.append(real(cur, ms)))
    review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    assert {"party_identity", "case_roles", "party_controller"} <= set(made[0])
    monkeypatch.setattr(review_mod, "share_views", lambda cur, ms: [])
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    alone = {r.model_id: sorted(a.fingerprint for a in r.alerts) for r in res.runs}
    assert alone == {m: sorted(a.fingerprint for a in r.alerts) for m, r in shared.items()}
    assert sum(len(v) for v in alone.values()) > 40
