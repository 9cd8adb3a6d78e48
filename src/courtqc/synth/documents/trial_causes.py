"""What judgments of four common causes state besides the general record (issue 18 item 2,
the fifth round), in the words courts use for them:

- a property-service fee (物业服务合同纠纷): who signed the service contract with the manager
  (the developer's 前期物业服务合同 or the owners' committee's), when, its service grade and
  period, the manager serving on after it ended, the owner's moving in and fees paid up to
  the unpaid months, the monthly fee, the day fees fall due and the late-payment penalty, the
  fee standard's filing with the price office, the arrears notice posted, and that the
  contract binds every owner (民法典 第九百三十九条, 物业服务纠纷解释 第一条);
- a credit card (信用卡纠纷): the day and channel of the application, the card's grade, the
  day it was issued, the cash-advance and instalment fee rates, the statements sent, the
  bills missed, the last use and the day interest and fees are counted to;
- a house sale (房屋买卖合同纠纷): the online signing (网签) and handover dates, the floor
  area and use, the seller's title certificate, down payment and mortgage loan, the estate
  agent, who bears the taxes and when the seller's household registration must move out;
- an employment (劳动争议): the employer's standing, the wage's make-up, wages paid up to,
  the work handed over, the termination certificate, and the arbitration time limit.

Drawn from the trial record's stream after `trial_types` is done with it, so nothing written
before changes; every value goes into `TrialRecord.truth` as the extractor returns it
(tests/test_extract_points.py). Real phrasing: docs/EXTRACTION.md.
"""

from __future__ import annotations

import datetime as dt

from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _EPOCH, _ad, _Var, int_to_cn
from courtqc.synth.documents.trial_record import TrialRecord, _iso, _val, _yuan

_SCOPE = "共用部位及共用设施设备的维修养护、公共区域保洁、绿化养护和秩序维护"
_DEVELOPERS = ("上海万成置业有限公司", "上海申城房地产开发有限公司", "上海锦泰房地产开发有限公司")
_DUE = {"month": "每月", "quarter": "每季度首月", "year": "每年1月"}
_LATE_RATES = ("万分之五", "万分之三", "千分之一", "千分之二")
_GRADES = (1, 2, 3, 4, 5)  # 上海市住宅物业服务分等收费标准: 一级 to 五级


def cause_record(r: TrialRecord, c: _Case, w: _Var, group: str, cause: str) -> None:
    """Add the cause's facts above to r (text and truth), from w."""
    if (r.truth.get("holding.attorney_fee") or [""])[0] == "upheld":
        # the clause the court's holding on the lawyer's fee rests on (trial_types)
        r.elements.append("合同约定，原告为实现债权而支出的律师费等费用由被告承担。")
        r.put("contract.attorney_fee_clause", True)
    if "物业" in cause and "property.arrears_from" in r.truth:
        _property(r, c, w)
    elif group == "card" and "card.activated_date" in r.truth:
        _card(r, c, w)
    elif "房屋买卖" in cause and "contract.price" in r.truth:
        _house(r, c, w)
    elif group == "labour" and "labour.exit_date" in r.truth:
        _labour(r, c, w)
    elif "买卖" in cause and group == "contract":
        _sale(r, w)
    elif "民间借贷" in cause:
        _private_loan(r, w)
    elif group == "loan" and ("金融" in cause or "小额" in cause):
        _bank_loan(r, c, w)
    elif "服务合同" in cause:
        _service(r, w)
    elif "租赁" in cause and "融资" not in cause:
        _lease(r, w)
    elif group == "injury" and "accident.vehicle_plate" in r.truth:
        r.elements.append(
            "事故发生时被告持有合法有效的机动车驾驶证，肇事车辆已按规定通过安全技术检验。"
        )
        r.put("accident.driver_licensed", True)
        r.put("accident.vehicle_inspected", True)


def _day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - _EPOCH).days


def _months_back(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` before day's month."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, 1)


def _years_later(first: dt.date, years: int) -> dt.date:
    """The last day of a term of whole years from first (a first of the month)."""
    return first.replace(year=first.year + years) - dt.timedelta(days=1)


def _property(r: TrialRecord, c: _Case, w: _Var) -> None:
    first = dt.date.fromisoformat(r.truth["property.arrears_from"][0])
    last = dt.date.fromisoformat(r.truth["property.arrears_to"][0])
    estate = (r.truth.get("property.estate") or ["该小区"])[0]
    developer = (r.truth.get("property.appointed_by") or ["owners"])[0] == "developer"
    term = (r.truth.get("contract.term_months") or [12])[0]
    begin = _months_back(first, 1 + w.idx(term))
    end = _years_later(begin, max(term // 12, 1))
    signed = (begin - _EPOCH).days - 5 - w.idx(40)
    signer = w.pick(_DEVELOPERS) if developer else f"{estate}业主委员会"
    title = "前期物业服务合同" if developer else "物业服务合同"
    grade = w.pick(_GRADES)  # type: ignore[arg-type]
    r.elements.append(
        f"{signer}（甲方）与原告（乙方）于{_ad(signed)}签订《{title}》，约定由原告为{estate}"
        f"提供物业服务，服务等级为{int_to_cn(grade)}级，服务期限自{_ad((begin - _EPOCH).days)}起"
        f"至{_ad((end - _EPOCH).days)}止。"
        + ("合同期满后，原告继续为该小区提供物业服务。" if end < last else "")
    )
    r.put("property.contract_signer", signer)
    r.put("contract.sign_date", _iso(signed))
    r.put("property.service_grade", grade)
    r.put("contract.service_start", begin.isoformat())
    r.put("contract.service_end", end.isoformat())
    if end < last:
        r.put("property.continued_after_term", True)
    moved = (begin - _EPOCH).days + w.idx(max((first - begin).days, 1))
    area = (r.truth.get("property.area") or [100.0])[0]
    rate = (r.truth.get("property.fee_rate") or [2.0])[0]
    monthly = round(area * rate * 100)
    paid_to = (first - _EPOCH).days - 1
    r.elements.append(
        f"被告于{_ad(moved)}办理了入住手续，该房屋每月应交物业服务费{_yuan(monthly)}元。"
        f"被告已交纳物业服务费至{_ad(paid_to)}。"
    )
    r.put("property.move_in_date", _iso(moved))
    r.put("property.monthly_fee", _val(monthly))
    r.put("property.paid_to", _iso(paid_to))
    cycle = (r.truth.get("property.billing_cycle") or ["month"])[0]
    due = 5 + 5 * w.idx(4)
    late = w.pick(_LATE_RATES)
    r.elements.append(
        f"合同约定，业主应于{_DUE.get(cycle, '每月')}{due}日前交纳当期物业服务费，逾期交纳的，"
        f"自逾期之日起按欠费金额每日{late}支付违约金。上述收费标准已报价格主管部门备案。"
    )
    r.put("property.due_day", due)
    r.put("property.late_fee_rate", late)
    r.put("contract.penalty_terms", f"欠费金额每日{late}")
    r.put("property.fee_filed", True)
    posted = (last - _EPOCH).days + 10 + w.idx(max(c.filing - (last - _EPOCH).days - 20, 1))
    r.elements.append(f"原告于{_ad(posted)}在被告房屋门口张贴了《物业服务费催缴通知单》。")
    r.put("property.notice_date", _iso(posted))
    r.reasoning = (
        "建设单位依法与物业服务人订立的前期物业服务合同，以及业主委员会与业主大会依法选聘的"
        "物业服务人订立的物业服务合同，对业主具有法律约束力。" + r.reasoning
    )
    r.put("property.binds_owners", True)
    year = int(r.truth["contract.sign_date"][-1][:4]) - w.idx(6)
    cert = f"沪（{year}）{w.pick(_DISTRICT_SHORT)}字不动产权第{w.idx(900_000) + 100_000:06d}号"
    if developer:
        tender = f"{w.idx(9_000) + 1_000}"
        how = f"建设单位通过招标选聘原告为前期物业服务人，招标备案号为{tender}。"
        r.put("property.tender_no", tender)
    else:
        met = (begin - _EPOCH).days - 20 - w.idx(60)
        how = f"{estate}业主大会于{_ad(met)}召开会议，决定选聘原告为物业服务人。"
        r.put("property.owners_meeting_date", _iso(met))
    r.elements.append(
        how + f"物业服务内容包括{_SCOPE}等。上述物业服务合同已报区房屋管理部门备案。"
        f"该房屋登记在被告名下，不动产权证号为{cert}。"
    )
    r.put("property.contract_filed", True)
    r.put("property.service_scope", _SCOPE)
    r.elements.append(
        "合同约定物业服务费自业主办理入住手续之日起计收。原告已在小区公告栏公示物业服务收费标准。"
    )
    r.put("property.fee_from_move_in", True)
    r.put("property.fee_publicised", True)
    r.put("house.title_cert_no", cert)


_CHANNELS = {"原告营业网点": "branch", "原告手机银行": "mobile", "原告工作人员上门": "visit"}
_GRADES_CARD = ("普卡", "金卡", "白金卡")
_STATEMENTS = {"电子邮件": "email", "短信": "sms", "邮寄纸质账单": "post"}


def _card(r: TrialRecord, c: _Case, w: _Var) -> None:
    opened = _day(r.truth["card.activated_date"][0])
    applied = opened - 10 - w.idx(30)
    issued = applied + 3 + w.idx(7)
    how = w.pick(tuple(_CHANNELS))
    grade = w.pick(_GRADES_CARD)
    r.elements.append(
        f"被告于{_ad(applied)}通过{how}申请办理信用卡（{grade}），原告审核通过后于{_ad(issued)}"
        "向被告发放了信用卡。"
    )
    r.put("card.application_date", _iso(applied))
    r.put("card.channel", _CHANNELS[how])
    r.put("card.grade", grade)
    r.put("card.issued_date", _iso(issued))
    cash = w.pick((1, 2, 3))
    instal = w.pick((0.6, 0.66, 0.75))
    sent = w.pick(tuple(_STATEMENTS))
    r.elements.append(
        f"领用合约另约定，预借现金手续费按取现金额的{cash}%收取，账单分期手续费率为每期{instal:g}%。"
        f"原告每月通过{sent}方式向被告发送对账单。"
    )
    r.put("card.cash_fee_pct", float(cash))
    r.put("card.instalment_fee_pct", instal)
    r.put("card.statement_by", _STATEMENTS[sent])
    since = r.truth.get("loan.overdue_since")
    stop = _day(since[0]) if since else c.filing - 200
    used = max(min(stop, c.filing - 60) - 20 - w.idx(60), opened + 1)
    missed = max(1, min(3 + w.idx(10), (c.filing - used) // 30))  # one bill a month since
    r.elements.append(
        f"被告最后一次使用信用卡消费的日期为{_ad(used)}，此后累计{int_to_cn(missed)}期未按期还款。"
        f"上述透支利息、滞纳金计算至{_ad(c.filing)}。"
    )
    r.put("card.last_use_date", _iso(used))
    r.put("loan.missed_instalments", missed)
    r.put("card.owed_as_of", _iso(c.filing))
    fee = (r.truth.get("card.annual_fee_owed") or [0.0])[0]
    frozen = min(used + 90 + w.idx(90), c.filing - 10)
    r.elements.append(
        (f"领用合约约定信用卡年费为每年{fee:g}元。" if fee else "")
        + f"原告于{_ad(frozen)}对被告的信用卡采取了止付措施。"
    )
    if fee:
        r.put("card.annual_fee", fee)
    r.put("card.frozen_date", _iso(frozen))
    expiry = _EPOCH + dt.timedelta(days=opened)
    r.elements.append(f"该信用卡的有效期至{expiry.year + 5}年{expiry.month}月。")
    r.put("card.expiry", f"{expiry.year + 5}年{expiry.month}月")


_AGENTS = ("上海诚家房地产经纪有限公司", "上海宜居房地产经纪有限公司", "上海安信房地产经纪有限公司")
_DISTRICT_SHORT = ("浦", "闵", "宝", "松")
_TAXES = {"买方承担": "buyer", "双方按规定各自承担": "each"}


def _house(r: TrialRecord, c: _Case, w: _Var) -> None:
    signed = _day(r.truth["contract.sign_date"][0])
    price = round(r.truth["contract.price"][0] * 100)
    area_c = 5_000 + w.idx(10_000)  # 50 to 150 m², in 0.01 m²
    year = (_EPOCH + dt.timedelta(days=signed)).year - 1 - w.idx(8)
    cert = f"沪（{year}）{w.pick(_DISTRICT_SHORT)}字不动产权第{w.idx(900_000) + 100_000:06d}号"
    agent = w.pick(_AGENTS)
    r.elements.append(
        f"双方经{agent}居间介绍达成交易。该房屋建筑面积为{area_c / 100:.2f}平方米，规划用途为住宅，"
        f"出售前登记在原告名下，不动产权证号为{cert}。"
    )
    r.put("house.agent", agent)
    r.put("property.area", round(area_c / 100, 2))
    r.put("house.use", "residential")
    r.put("house.title_cert_no", cert)
    down = max(price * (3 + w.idx(4)) // 10 // 100_00 * 100_00, 100_00)
    loan = price - down
    tax = w.pick(tuple(_TAXES))
    days = w.pick((30, 60, 90))
    r.elements.append(
        f"合同约定，被告应支付首付款{_yuan(down)}元，其余房款{_yuan(loan)}元以银行按揭贷款方式支付；"
        f"交易税费由{tax}；原告应于房屋过户之日起{int_to_cn(days)}日内将户口迁出。"
    )
    r.put("house.down_payment", _val(down))
    r.put("house.loan_amount", _val(loan))
    r.put("house.tax_borne_by", _TAXES[tax])
    r.put("house.hukou_out_days", days)
    handed = _day(r.truth["house.handover_date"][0]) if "house.handover_date" in r.truth else signed
    due = handed + w.idx(10)
    r.elements.append(
        f"合同约定原告应于{_ad(due)}前将房屋交付被告，房屋专项维修资金随房屋所有权"
        "同时过户。交房时双方已结清水、电、燃气等费用。"
    )
    r.put("house.handover_due", _iso(due))
    r.put("house.repair_fund_transferred", True)
    r.put("house.utilities_settled", True)


def _labour(r: TrialRecord, c: _Case, w: _Var) -> None:
    wage = round((r.truth.get("labour.wage") or [5000.0])[0])
    base = max(wage * (5 + w.idx(3)) // 10 // 100 * 100, 2_500)
    leave = dt.date.fromisoformat(r.truth["labour.exit_date"][0])
    months = (r.truth.get("labour.unpaid_months") or [1])[0]
    paid_to = _months_back(leave, months - 1) - dt.timedelta(days=1)
    r.elements.append(
        "被告系依法登记成立的企业，具备用工主体资格。"
        f"原告的月工资由基本工资{base}元及岗位津贴、绩效奖金构成。"
        f"被告已支付原告工资至{_ad((paid_to - _EPOCH).days)}。"
    )
    r.put("labour.employer_qualified", True)
    r.put("labour.base_wage", float(base))
    r.put("labour.wage_paid_to", paid_to.isoformat())
    certified = w.chance(40)
    r.elements.append(
        "原告离职时已办理工作交接，"
        + (
            "被告向原告出具了解除劳动合同的证明。"
            if certified
            else "被告未向原告出具解除劳动合同的证明。"
        )
    )
    r.put("labour.handover_done", True)
    r.put("labour.exit_certificate", certified)
    leave_days = w.pick((5, 10, 15))
    r.elements.append(
        f"被告的《员工手册》经民主程序制定并已向原告公示。原告每年享有带薪年休假{int_to_cn(leave_days)}天，"
        f"加班工资的计算基数为{base}元。"
    )
    r.put("labour.handbook_published", True)
    r.put("labour.annual_leave_days", leave_days)
    r.put("labour.overtime_base", float(base))
    out = (leave - _EPOCH).days + 1 + w.idx(15)
    r.elements.append(f"被告于{_ad(out)}为原告办理了退工登记手续。")
    r.put("labour.exit_registered_date", _iso(out))
    if (r.truth.get("labour.social_insurance") or [""])[0] == "paid":
        r.elements.append(f"被告为原告缴纳社会保险的缴费基数为{base}元。")
        r.put("labour.insurance_base", float(base))
    applied = _day((r.truth.get("arbitration.apply_date") or ["1970-01-01"])[0])
    if 0 <= applied - (leave - _EPOCH).days <= 365:  # 劳动争议调解仲裁法 第二十七条
        r.reasoning = "原告申请劳动仲裁未超过一年的仲裁时效期间。" + r.reasoning
        r.put("arbitration.within_limit", True)


_PLACES = ("被告仓库", "被告厂区", "原告仓库")
_STANDARDS = {"国家标准": "national", "行业标准": "industry", "双方确认的样品": "sample"}
_TRANSPORT = {"汽车运输": "road", "铁路运输": "rail", "物流快递": "courier"}


def _sale(r: TrialRecord, w: _Var) -> None:
    """A sale of goods: where they are delivered, the quality standard, how they travel and,
    in some contracts, title kept until the price is paid (民法典 第六百四十一条)."""
    place = w.pick(_PLACES)
    std = w.pick(tuple(_STANDARDS))
    how = w.pick(tuple(_TRANSPORT))
    kept = w.chance(40)
    r.elements.append(
        f"合同约定，交货地点为{place}，货物质量按{std}执行，运输方式为{how}。"
        + ("合同约定，在被告付清全部货款之前，货物的所有权属于原告。" if kept else "")
    )
    r.put("contract.delivery_place", place)
    r.put("contract.quality_standard", _STANDARDS[std])
    r.put("contract.transport_mode", _TRANSPORT[how])
    if kept:
        r.put("contract.title_retained", True)
    pack = w.pick(tuple(_PACKING))
    batches = 2 + w.idx(5)
    settle = w.pick(tuple(_SETTLE))
    r.elements.append(
        f"货物采用{pack}，上述单价含税。货款结算方式为{settle}。原告分{int_to_cn(batches)}批向被告交付了货物。"
    )
    r.put("contract.packing", _PACKING[pack])
    r.put("contract.price_includes_tax", True)
    r.put("contract.settlement_mode", _SETTLE[settle])
    r.put("contract.delivery_batches", batches)
    spec = f"{w.pick(('GB', 'JB', 'QX'))}-{100 + w.idx(900)}"
    r.elements.append(f"合同约定的货物规格型号为{spec}。")
    r.put("contract.spec", spec)


def _private_loan(r: TrialRecord, w: _Var) -> None:
    """What a court asks of a private lender (民间借贷规定 第十五条): where the money came from."""
    source = w.pick(("自有资金", "家庭积蓄", "经营所得"))
    witness = w.pick(_SURNAMES) + w.pick(_GIVEN)
    r.elements.append(
        f"原告陈述，出借的款项系其{source}。借款时{witness}在场见证。"
        "原告提供的银行流水显示其具有相应的出借能力。"
    )
    r.put("loan.funds_source", source)
    r.put("loan.witness", witness)
    r.put("loan.lender_capacity", True)
    if "loan.iou_date" in r.truth:
        r.elements.append("借条载明了被告的身份证号码及联系电话。")
        r.put("loan.iou_identity", True)


_SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
_GIVEN = ("建国", "丽华", "志强", "海燕", "国庆", "晓东", "玉兰", "伟民", "秀英", "文斌")
_PACKING = {"原厂包装": "factory", "木箱包装": "crate", "纸箱包装": "carton"}
_SETTLE = {"月结": "monthly", "票到付款": "on_invoice", "款到发货": "prepaid"}


def _bank_loan(r: TrialRecord, c: _Case, w: _Var) -> None:
    """A bank loan's application, the account it was paid into and the clauses a bank's
    standard contract holds: acceleration, set-off from the borrower's account, and the
    addresses agreed for service."""
    deal = r.deal if r.deal is not None else c.filing - 400
    applied = deal - 3 - w.idx(20)
    tail = f"{w.idx(10_000):04d}"
    r.elements.append(
        f"被告于{_ad(applied)}向原告提交了借款申请。贷款发放至被告在原告处开立的尾号为{tail}的账户。"
        "借款合同约定，被告未按期还款的，原告有权宣布借款提前到期，并有权从被告在原告处开立的账户中扣收欠款；"
        "双方在合同中确认的地址为送达地址。"
    )
    r.put("loan.application_date", _iso(applied))
    r.put("loan.account_tail", tail)
    r.put("loan.acceleration_clause", True)
    r.put("loan.setoff_clause", True)
    r.put("contract.service_address_clause", True)


_SERVICES = ("技术服务", "咨询服务", "广告推广服务", "保洁服务", "软件运维服务")


def _service(r: TrialRecord, w: _Var) -> None:
    """A service contract: what was to be done, how often it was settled and the client's
    confirmation of the work."""
    what = w.pick(_SERVICES)
    cycle = w.pick(tuple(_CYCLES))
    r.elements.append(
        f"合同约定原告为被告提供{what}，服务费按{cycle}结算。被告在服务确认单上签字确认了原告提供的服务。"
    )
    r.put("contract.service_content", what)
    r.put("contract.fee_cycle", _CYCLES[cycle])
    r.put("contract.service_confirmed", True)
    where = w.pick(("被告经营场所", "被告办公地点", "原告处"))
    r.elements.append(f"服务地点为{where}。")
    r.put("contract.service_place", where)
    r.elements.append("原告具备提供该项服务的相应资质。")
    r.put("contract.provider_qualified", True)


_CYCLES = {"月": "month", "季度": "quarter", "年": "year"}
_USES = {"办公": "office", "仓储": "storage", "居住": "residence", "生产经营": "business"}


def _lease(r: TrialRecord, w: _Var) -> None:
    """A lease: what the premises are let for and their floor area."""
    if (r.truth.get("contract.subject") or [""])[0] == "机器设备":  # equipment: no floor area
        r.elements.append("租赁设备用于被告的生产经营。")
        r.put("lease.use", "business")
        return
    use = w.pick(tuple(_USES))
    area_c = 3_000 + w.idx(50_000)
    r.elements.append(f"租赁房屋的建筑面积为{area_c / 100:.2f}平方米，租赁用途为{use}。")
    r.put("property.area", round(area_c / 100, 2))
    r.put("lease.use", _USES[use])
    home = (f"上海市{w.pick(('浦东新区', '闵行区', '宝山区', '松江区'))}"
            f"{w.pick(('锦绣路', '莲花路', '共康路', '九亭大街'))}{1 + w.idx(999)}号")  # fmt: skip
    r.elements.append(f"租赁房屋坐落于{home}。")
    r.put("lease.address", home)
