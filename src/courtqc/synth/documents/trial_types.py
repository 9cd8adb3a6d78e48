"""Facts of the common case types that courts state in ordinary first-instance civil
judgments (issue 18 item 2, the fourth round), after `trial_more`: how a private lender and
borrower know each other and the borrower's written promise to repay; a bank loan's monthly
repayment day, the instalments missed and the mortgage's registration certificate; a sale's
quantity, unit price, objection period and warranty; the statement of account and the invoice
date of any contract; a property-service fee's standard, floor area and the months unpaid; a
lease's term, rent, payment cycle and deposit; an employment's workplace, probation, pay day
and how wages are paid, and the severance base; the income standard and disability index of
an injury's compensation and the insurance period.

Drawn from the trial record's stream after `trial_more` is done with it, so nothing written
before changes; every value goes into `TrialRecord.truth` as the extractor returns it
(tests/test_extract_points.py).
"""

from __future__ import annotations

import datetime as dt

from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _EPOCH, _ad, _Var, int_to_cn
from courtqc.synth.documents.trial_causes import cause_record
from courtqc.synth.documents.trial_record import TrialRecord, _iso, _val, _yuan

_RELATIONS = {"朋友": "friend", "同事": "colleague", "亲戚": "relative", "生意伙伴": "business"}
_CASH_BANKS = ("中国农业银行上海闵行支行", "上海农村商业银行松江支行", "中国银行上海市徐汇支行")
_MODES = {"受托支付": "entrusted", "自主支付": "self"}
_UNITS = ("吨", "件", "台", "套", "箱")
_WORKPLACES = ("上海市浦东新区", "上海市闵行区", "上海市嘉定区", "上海市静安区", "上海市松江区")
_PLATFORMS = ("阿里巴巴1688", "京东企业购", "淘宝")
_INSURED = ("上海申达物流有限公司", "上海浦江仓储有限公司", "上海恒通汽车租赁有限公司")
_PAID_BY = {"银行转账": "transfer", "现金": "cash"}
_DISTRICT_SHORT = ("浦", "闵", "徐", "杨", "宝", "松")
# Shanghai's per-capita disposable income of the year before (上海市统计局, yuan): the
# standard for disability compensation (人身损害赔偿解释 art. 12); urban, rural
_INCOME = {2019: (73615, 33195), 2020: (76437, 34911), 2021: (82429, 38521),
           2022: (84034, 39729), 2023: (88366, 42988)}  # fmt: skip
_INDEX = {
    8: 30,
    9: 20,
    10: 10,
}  # disability grade → index, per cent (GB/T 16180 / 人体损伤致残程度分级)
# from 2022-05-01 the interpretation as amended uses the urban standard for everyone
_UNIFIED = (dt.date(2022, 5, 1) - _EPOCH).days


def type_record(
    r: TrialRecord, c: _Case, w: _Var, group: str, cause: str, total: int,
    defendant_bears: bool,
) -> None:  # fmt: skip
    """Add the case type's facts above to r (text and truth), from w; total in cents."""
    title = _title(cause, (r.truth.get("contract.subject") or [""])[0])
    if title and group in ("loan", "card", "contract"):
        r.elements.insert(0, f"原告与被告签订了《{title}》。")
        r.put("contract.title", title)
    if defendant_bears and group in ("loan", "card", "contract") and "买卖" not in cause:
        # the validity courts state before the breach (买卖 causes state it in their own words)
        what = "借贷关系" if "民间借贷" in cause else "合同"
        r.reasoning = (
            f"原告与被告之间的{what}合法有效，系双方当事人的真实意思表示，"
            "不违反法律、行政法规的强制性规定。" + r.reasoning
        )
        r.put("contract.valid", True)
    if defendant_bears and "costs.attorney_fee" in r.truth:
        if group in ("loan", "card", "contract"):
            r.reasoning += "关于原告主张的律师费，系原告为实现债权支出的合理费用，且合同对此有约定，本院予以支持。"
            r.put("holding.attorney_fee", "upheld")
        else:
            r.reasoning += "关于原告主张的律师费，既无合同约定，亦无法律规定，本院不予支持。"
            r.put("holding.attorney_fee", "rejected")
    if group == "loan":
        _loan(r, c, w, cause, defendant_bears)
    elif group == "contract":
        _contract(r, c, w, cause, total)
    elif group == "card":
        _card(r, w)
    elif group == "labour":
        _labour(r, w, defendant_bears, total)
    elif group == "injury":
        _injury(r, c, w)
    elif group == "subrogation" and "代位求偿" in cause:
        _subrogation(r, c, w, total)
    elif group == "subrogation":  # recourse (追偿权): the claimant paid the defendant's debt
        paid = c.filing - 30 - w.idx(200)
        r.elements.append(f"原告于{_ad(paid)}代被告向债权人清偿了{_yuan(total)}元。")
        r.put("recourse.paid_date", _iso(paid))
        r.put("recourse.paid_amount", _val(total))
    cause_record(r, c, w, group, cause)


# the contract's name as the parties wrote it, by cause (private lending has an IOU instead)
_TITLES = (("信用卡", "信用卡领用合约"), ("小额", "小额贷款合同"), ("金融借款", "个人借款合同"),
           ("融资租赁", "融资租赁合同"), ("房屋买卖", "上海市房地产买卖合同"), ("买卖", "购销合同"),
           ("物业", "物业服务合同"), ("建设工程", "建设工程施工合同"),
           ("装饰装修", "装饰装修工程施工合同"), ("承揽", "加工承揽合同"), ("委托理财", "委托理财协议"),
           ("合伙", "合伙协议"), ("劳务", "劳务合同"), ("运输", "运输合同"), ("服务合同", "服务合同"))  # fmt: skip


def _title(cause: str, subject: str) -> str | None:
    if "租赁" in cause and "融资" not in cause:
        return "设备租赁合同" if subject == "机器设备" else "房屋租赁合同"
    return next((t for k, t in _TITLES if k in cause), None)


def _loan(r: TrialRecord, c: _Case, w: _Var, cause: str, defendant_bears: bool) -> None:
    day = r.deal if r.deal is not None else c.filing - 400
    if "民间借贷" in cause:
        rel = w.pick(tuple(_RELATIONS))
        r.elements.insert(0, f"原告与被告系{rel}关系。")
        r.put("parties.relation", _RELATIONS[rel])
        if "loan.paying_bank" in r.truth:  # paid by transfer (trial_more)
            parts = 2 + w.idx(3)
            r.elements.append(f"上述借款分{int_to_cn(parts)}笔转账支付。")
            r.put("loan.transfer_count", parts)
        elif (r.truth.get("loan.delivery") or [""])[0] == "cash":
            # a large sum in cash: the court asks where it came from
            drawn = day - w.idx(3)
            bank = w.pick(_CASH_BANKS)
            r.elements.append(
                f"原告陈述，上述现金系其于{_ad(drawn)}从{bank}取款后当面交付被告，并提供了取款凭证。"
            )
            r.put("loan.cash_withdrawal_date", _iso(drawn))
            r.put("loan.cash_source_bank", bank)
        if defendant_bears:  # the court checks for interest taken out of the principal
            r.reasoning += "原告出借款项时未预先在本金中扣除利息，借款本金按实际出借的金额认定。"
            r.put("loan.no_upfront_interest", True)
        if "loan.iou_date" in r.truth:  # trial_more's IOU line
            how = w.pick(("签名并捺印", "签名"))
            r.elements.append(f"借条由被告{how}。")
            r.put("loan.iou_signed", "signed_thumbprinted" if how == "签名并捺印" else "signed")
        if w.chance(60):
            wrote = day + 60 + w.idx(max(c.filing - day - 120, 1))
            due = wrote + 30 + 30 * w.idx(4)
            r.elements.append(
                f"被告于{_ad(wrote)}向原告出具还款承诺书，承诺于{_ad(due)}前归还全部借款，"
                "但到期后仍未归还。"
            )
            r.put("loan.promise_date", _iso(wrote))
            r.put("loan.promise_due", _iso(due))
        return
    if "金融" in cause or "小额" in cause:
        if (r.truth.get("loan.repayment_method") or ["bullet"])[0] != "bullet":
            payday = 1 + w.idx(28)
            missed = 3 + w.idx(6)
            r.elements.append(
                f"借款合同约定被告应于每月{payday}日归还借款本息，截至起诉之日，"
                f"被告累计{int_to_cn(missed)}期未按约还款。"
            )
            r.put("loan.repayment_day", payday)
            r.put("loan.missed_instalments", missed)
        mode = w.pick(tuple(_MODES))
        r.elements.append(f"贷款发放采用{mode}方式。")
        r.put("loan.payment_mode", _MODES[mode])
        r.elements.append("借款合同约定，对被告未按时支付的利息按罚息利率计收复利。")
        r.put("loan.compound_on_unpaid_interest", True)
        since = r.truth.get("loan.overdue_since")
        if since:
            overdue = (dt.date.fromisoformat(since[0]) - _EPOCH).days
            sent = min(overdue + 30 + w.idx(30), c.filing - 5)
            r.elements.append(f"原告于{_ad(sent)}向被告送达了贷款提前到期通知书。")
            r.put("loan.accelerated_date", _iso(sent))
        if "mortgage.property" in r.truth:
            year = (_EPOCH + dt.timedelta(days=day)).year
            no = (
                f"沪（{year}）{w.pick(_DISTRICT_SHORT)}字不动产证明第{w.idx(900000) + 100000:06d}号"
            )
            r.elements.append(f"抵押权的不动产登记证明号为{no}。")
            r.put("mortgage.certificate_no", no)


def _card(r: TrialRecord, w: _Var) -> None:
    least = w.pick((5, 10))
    free = w.pick((50, 56))
    r.elements.append(
        f"领用合约约定，免息还款期最长为{free}天，最低还款额为当期应还款额的{least}%，"
        "滞纳金按最低还款额未还部分的5%计收。"
    )
    r.put("card.interest_free_days", free)
    r.put("card.min_payment_pct", least)
    r.put("card.late_fee_pct", 5)
    r.elements.append("被告在信用卡申请表上签名，确认已阅读并同意领用合约及章程的全部条款。")
    r.put("card.application_signed", True)


def _contract(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    deal = r.deal if r.deal is not None else c.filing - 300
    done = r.done if r.done is not None else deal + 10
    price = total + total // 5 // 100 * 100  # as trial_record's contract price
    if "买卖" in cause and "房屋" not in cause:
        subject = (r.truth.get("contract.subject") or ["货物"])[0]
        qty = w.pick((10, 20, 50, 100, 200, 500))
        unit = w.pick(_UNITS)
        each = max(price // qty, 1)
        days = w.pick((3, 7, 10, 15))
        months = w.pick((6, 12, 24))
        r.elements.append(
            f"合同约定，原告向被告供应{subject}，数量为{qty}{unit}，单价为{_yuan(each)}元，"
            f"被告应在收货后{int_to_cn(days)}日内提出质量异议，质保期为{int_to_cn(months)}个月。"
        )
        r.put("contract.quantity", f"{qty}{unit}")
        ship = deal + 3 + w.idx(max(done - deal - 3, 1))
        r.elements.append(f"合同约定原告应于{_ad(ship)}前交货。")
        r.put("contract.delivery_due", _iso(ship))
        r.put("contract.unit_price", _val(each))
        r.put("contract.objection_days", days)
        r.put("contract.warranty_months", months)
        freight = w.pick(("原告", "被告"))
        r.elements.append(f"合同约定运费由{freight}承担。")
        r.put("contract.freight_borne_by", "plaintiff" if freight == "原告" else "defendant")
    elif "物业" in cause:
        _property_arrears(r, c, w, total)
    elif "租赁" in cause:
        term = (r.truth.get("contract.term_months") or [12])[0]
        first = _EPOCH + dt.timedelta(days=deal)
        last = _months_later(deal, term)
        rent = max(price // term // 100_00 * 100, 500)
        every = w.pick((1, 3, 6))
        deposit = rent * w.pick((1, 2, 3))
        r.elements.append(
            f"双方约定租赁期限自{_ad(deal)}起至{_ad((last - _EPOCH).days)}止，月租金为{rent}元，"
            f"租金每{int_to_cn(every)}个月支付一次。被告向原告交纳押金{deposit}元。"
        )
        r.elements.append(f"原告于{_ad(deal)}将租赁物交付被告使用。")
        r.put("lease.handover_date", first.isoformat())
        r.put("lease.start", first.isoformat())
        r.put("lease.end", last.isoformat())
        r.put("lease.monthly_rent", float(rent))
        r.put("lease.pay_every_months", every)
        r.put("lease.deposit", float(deposit))
        unpaid = deal + 30 * every * (1 + w.idx(3))
        if unpaid < c.filing - 30:
            r.elements.append(f"被告自{_ad(unpaid)}起未支付租金。")
            r.put("lease.arrears_from", _iso(unpaid))
    if "信息网络" in cause:
        platform = w.pick(_PLATFORMS)
        order = f"{w.idx(9) + 1}{w.idx(10**9):09d}{w.idx(10**8):08d}"
        r.elements.append(f"双方通过{platform}平台交易，订单编号为{order}。")
        r.put("contract.platform", platform)
        r.put("contract.order_no", order)
    term = (r.truth.get("contract.term_months") or [12])[0]
    if "服务合同" in cause and "物业" not in cause:
        fee = max(price // term // 100_00 * 100, 500)
        end = _months_later(deal, term)
        r.elements.append(
            f"双方约定服务期限自{_ad(deal)}起至{_ad((end - _EPOCH).days)}止，服务费为每月{fee}元。"
        )
        r.put("contract.service_start", _iso(deal))
        r.put("contract.service_end", end.isoformat())
        r.put("contract.monthly_fee", float(fee))
    elif "物业" in cause:
        estate = w.pick(_ESTATES)
        cycle = w.pick(tuple(_CYCLES))
        how = w.pick(tuple(_APPOINTED))
        r.elements.append(f"原告{how}，为{estate}提供物业服务，物业服务费按{cycle}预交。")
        r.put("property.appointed_by", _APPOINTED[how])
        r.put("property.estate", estate)
        r.put("property.billing_cycle", _CYCLES[cycle])
    elif "房屋买卖" in cause:
        home = (f"上海市{w.pick(('浦东新区', '闵行区', '宝山区', '松江区'))}"
                f"{w.pick(('锦绣路', '莲花路', '共康路', '九亭大街'))}{1 + w.idx(999)}弄"
                f"{1 + w.idx(99)}号{101 + w.idx(20) * 100 + w.idx(4)}室")  # fmt: skip
        moved = deal + 30 + w.idx(60)
        r.elements.append(
            f"原告向被告出售其名下位于{home}的房屋，房屋已交付被告，"
            f"双方于{_ad(moved)}办理了房屋过户登记。"
        )
        r.put("house.address", home)
        r.put("house.transfer_date", _iso(moved))
    elif "合伙" in cause:
        share = w.pick((20, 30, 40, 50))
        r.elements.append(f"原告出资{_yuan(total)}元，占合伙份额的{share}%。")
        r.put("partnership.contribution", _val(total))
        r.put("partnership.share", float(share))
    elif "委托理财" in cause:
        rate = w.pick((6, 8, 10, 12))
        r.elements.append(f"双方约定年化收益率为{rate}%。")
        r.put("contract.agreed_return", float(rate))
    if "房屋买卖" in cause:  # a home sold is not invoiced, nor settled on a statement of account
        return
    # any other contract: the statement of account, the invoice's date
    if w.chance(70):
        r.elements.append(f"双方签署的对账单确认被告尚欠原告款项{_yuan(total)}元。")
        r.put("contract.statement_amount", _val(total))
    invoiced = done + 1 + w.idx(10)
    r.elements.append(f"原告于{_ad(invoiced)}向被告开具了增值税专用发票。")
    r.put("contract.invoice_date", _iso(invoiced))


def _property_arrears(r: TrialRecord, c: _Case, w: _Var, total: int) -> None:
    """A property owner's arrears as the judgment finds them: the home, its floor area, the fee
    standard and the unpaid months, which multiply out to the sum claimed (_fee_terms)."""
    home = (f"上海市{w.pick(('浦东新区', '闵行区', '宝山区', '松江区'))}"
            f"{w.pick(('锦绣路', '莲花路', '共康路', '九亭大街'))}{1 + w.idx(999)}弄"
            f"{1 + w.idx(99)}号{101 + w.idx(20) * 100 + w.idx(4)}室")  # fmt: skip
    area_c, rate_f, months = _fee_terms(total, w)
    end_day = _EPOCH + dt.timedelta(days=c.filing - 20 - w.idx(60))
    end = end_day.replace(day=1) - dt.timedelta(days=1)  # the last month-end before
    first = end.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    start, stop = (first - _EPOCH).days, (end - _EPOCH).days
    area, rate = area_c / 100, rate_f / 100
    r.elements.append(
        f"被告系{home}房屋的业主，该房屋建筑面积为{area:.2f}平方米，物业服务费标准为每月每平方米"
        f"{rate:g}元。被告自{_ad(start)}起至{_ad(stop)}止未缴纳物业服务费，共计{int_to_cn(months)}个月，"
        f"按建筑面积、收费标准及欠费月数计算，合计{_yuan(total)}元。"
    )
    r.put("property.owner_address", home)
    r.put("property.area", round(area, 2))
    r.put("property.fee_rate", rate)
    r.put("property.arrears_from", _iso(start))
    r.put("property.arrears_to", _iso(stop))


# service fee standards, fen per square metre a month
_FEE_RATES = (100, 120, 150, 180, 200, 230, 250, 280, 300, 350)


def _fee_terms(total: int, w: _Var) -> tuple[int, int, int]:
    """Floor area (0.01 m²), fee standard (fen per m² a month) and months unpaid whose product
    is exactly the arrears claimed (total, cents): area × standard × months = total, as a
    court computes it; a home of 40 to 300 m² and 3 to 60 months where any such exists."""
    fits = [
        (total * 100 // (f * m), f, m)
        for f in _FEE_RATES
        for m in range(3, 61)
        if total * 100 % (f * m) == 0 and 4_000 <= total * 100 // (f * m) <= 30_000
    ]
    if fits:
        return fits[w.idx(len(fits))]
    # no exact fit (an odd sum): the nearest area, the product then off by less than a fen a month
    f = _FEE_RATES[w.idx(len(_FEE_RATES))]
    m = max(3, min(60, round(total * 100 / (f * 10_000))))
    return max(round(total * 100 / (f * m)), 1), f, m


_ESTATES = ("锦绣华庭小区", "春申花园", "莲花苑", "东方明珠公寓", "古美小区")
_APPOINTED = {"经业主大会选聘": "owners", "根据与开发商签订的前期物业服务合同": "developer"}
_CYCLES = {"季度": "quarter", "年": "year", "月": "month"}


def _months_later(day: int, months: int) -> dt.date:
    """The last day of a term of whole years from `day` (terms here are 12, 24, 36 months)."""
    first = _EPOCH + dt.timedelta(days=day)
    try:
        return first.replace(year=first.year + months // 12) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return first.replace(year=first.year + months // 12, day=28)


def _labour(r: TrialRecord, w: _Var, defendant_bears: bool, total: int) -> None:
    where = w.pick(_WORKPLACES)
    probation = w.pick((1, 2, 3, 6))
    payday = w.pick((5, 10, 15, 20, 25))
    how = w.pick(tuple(_PAID_BY))
    r.elements.append(
        f"原告的工作地点为{where}，双方约定试用期为{int_to_cn(probation)}个月。"
        f"被告每月{payday}日以{how}方式发放上月工资。"
    )
    r.put("labour.workplace", where)
    r.put("labour.probation_months", probation)
    r.put("labour.payday", payday)
    r.put("labour.wage_paid_by", _PAID_BY[how])
    if any("签订了书面劳动合同" in x for x in r.elements):  # trial_record's entry line
        r.put("labour.written_contract", True)
    r.elements.append(f"原告的仲裁请求为要求被告支付拖欠工资及经济补偿金等共计{_yuan(total)}元。")
    r.put("arbitration.claim_total", _val(total))
    avg = (r.truth.get("labour.average_wage") or [None])[0]
    if defendant_bears and avg:
        r.reasoning += f"原告的经济补偿计算基数为{avg:.0f}元。"
        r.put("labour.severance_base", avg)


def _injury(r: TrialRecord, c: _Case, w: _Var) -> None:
    if any("的小型轿车" in x for x in r.elements):  # trial_more's vehicle line
        r.put("accident.vehicle_type", "小型轿车")
    r.elements.append("事故发生在保险期间内。")
    r.put("insurance.in_period", True)
    year = min(max((_EPOCH + dt.timedelta(days=c.filing)).year - 1, 2019), 2023)
    urban = c.filing >= _UNIFIED or (r.truth.get("injury.residence") or ["urban"])[0] == "urban"
    income = _INCOME[year][0 if urban else 1]
    grade = (r.truth.get("injury.disability_grade") or [10])[0]
    index = _INDEX.get(grade, 10)
    r.elements.append(
        f"残疾赔偿金按{year}年度上海市{'城镇' if urban else '农村'}居民人均可支配收入{income}元，"
        f"伤残赔偿指数为{index}%计算。"
    )
    r.put("injury.income_standard", float(income))
    r.put("injury.income_year", year)
    r.put("injury.disability_index", index)


def _subrogation(r: TrialRecord, c: _Case, w: _Var, total: int) -> None:
    insured = w.pick(_INSURED)
    year = (_EPOCH + dt.timedelta(days=c.filing - 200)).year
    policy = f"A{w.idx(9) + 1}{year}3101{w.idx(10**8):08d}"
    paid = c.filing - 30 - w.idx(150)
    r.elements.append(
        f"原告承保了{insured}的财产损失保险，保险单号为{policy}。原告于{_ad(paid)}向被保险人"
        f"{insured}赔付保险金{_yuan(total)}元，被保险人向原告出具了权益转让书。"
    )
    r.put("insurance.policy_no", policy)
    r.put("subrogation.paid_date", _iso(paid))
    r.put("subrogation.paid_amount", _val(total))
