"""More of a civil case's record (issue 18 item 2), after `trial`: the pre-filing
mediation, the service address confirmation, the pre-trial conference and evidence exchange,
the hearing's recording; originals shown and facts not in dispute; the facts and reasons of
the claims and what the defence asks; per case type the facts besides those of `trial` (a
loan's contract number, disbursement, IOU, accounts, arrears by head, guarantor and mortgage
registration; a credit card's number, activation, limit, billing and due days and annual fee;
a contract's places, payment method, deposit, acceptance and quality objection; an accident's
vehicle, report, diagnosis, appraiser, periods of recovery, commercial insurance and sums
advanced; an employment's contract term, working hours, social insurance, average wage and
arbitration number; a marriage's breakdown and an earlier suit; custody, visits and the home
in the main text); and a mediation agreement's terms (instalments, account, guarantor,
penalty, waived interest, preservation released, the court's confirmation) and a
withdrawal's review.

Pattern rules in the courts' fixed phrasing. Linear time (issue 16): every repetition is
bounded, so no rule backtracks over a long run.
"""

from __future__ import annotations

from courtqc.extract.patterns.rule import PatternRule, rule
from courtqc.extract.text import DATE_RE, MONEY_RE

_BODY = ("history", "claims", "defence", "facts", "reasoning")
_HIST = ("history", "claims")
_EVID = ("claims", "defence", "facts", "history")
_FACTS = ("facts", "claims")
_MAIN = ("main_text",)
_N = r"[一二三四五六七八九十\d]{1,3}"
_SIDE = {"原告": "plaintiff", "被告": "defendant"}

RULES: list[PatternRule] = [
    # how the case came to trial
    rule("mediation.pre_filing_body", "诉前调解组织", "who mediated before the suit was filed",
         _BODY, r"(?<![\u4e00-\u9fff])经\s*(?P<v>[^。,;]{2,20}?)\s*(?:进行(?:了)?)?诉前调解", "text"),
    rule("service.address_confirmed", "签署送达地址确认书", "service address confirmed in writing",
         _BODY, r"送达地址确认书"),
    rule("pretrial.conference", "庭前会议", "a pre-trial conference was held", _BODY,
         r"庭前会议"),
    rule("evidence.exchange_date", "证据交换日期", "date evidence was exchanged", _BODY,
         rf"于\s*(?P<v>{DATE_RE})[^。]{{0,30}}?(?:进行(?:了)?|组织(?:了)?)证据交换", "date"),
    rule("hearing.recorded", "庭审录音录像", "the hearing was recorded on audio and video",
         _BODY, r"录音录像"),
    # pleadings
    rule("claims.grounds", "诉讼请求的事实和理由", "the facts and reasons of the claims",
         _HIST, r"事实(?:和|与|及)理由\s*:\s*(?P<v>[^。]{4,300})", "text"),
    rule("defence.request", "答辩请求", "what the defence asks: dismissal, in part, leniency",
         ("defence",),
         r"请求(?:法院|本院)?(?P<v>酌情处理|(?:依法)?驳回原告的(?:部分|全部)?诉讼请求)", "map",
         {"酌情处理": "leniency", "依法驳回原告的部分诉讼请求": "dismiss_part",
          "驳回原告的部分诉讼请求": "dismiss_part", "依法驳回原告的诉讼请求": "dismiss_all",
          "驳回原告的诉讼请求": "dismiss_all", "依法驳回原告的全部诉讼请求": "dismiss_all",
          "驳回原告的全部诉讼请求": "dismiss_all"}),
    # evidence and facts
    rule("evidence.original_checked", "出示证据原件", "originals shown for checking",
         (*_EVID, "reasoning"), r"(?:出示|提供|提交)(?:了)?(?:证据)?原件|原件(?:以供)?核对"),
    rule("facts.undisputed", "无争议事实予以确认", "facts not in dispute confirmed",
         (*_EVID, "reasoning"),
         r"(?:无争议|没有争议|无异议)的(?:事实|证据)[^。]{0,10}?本院予以(?:确认|认定)"),
    rule("facts.evidence_basis", "事实的证据依据", "the facts found rest on evidence named",
         ("facts",), r"上述事实[^。]{0,60}?(?:在案佐证|予以佐证|在卷佐证|为证|证实)"),
    # loans
    rule("loan.contract_no", "借款合同编号", "loan contract number", _FACTS,
         r"(?:借款合同|合同)编号为\s*(?P<v>[^。,;]{2,30}?号)", "text"),
    rule("loan.disbursed_date", "放款日期", "date the loan was paid out", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向被告发放(?:了)?贷款", "date"),
    rule("loan.disbursed_amount", "放款金额", "amount paid out", _FACTS,
         rf"发放(?:了)?贷款\s*(?P<v>{MONEY_RE})", "money"),
    rule("loan.receiving_bank", "借款人收款账户开户行", "bank of the borrower's account", _FACTS,
         r"转入被告在\s*(?P<v>[^。,;在]{2,30}?(?:银行|信用社)[^。,;]{0,12}?)\s*开立的(?:银行)?账户",
         "text"),
    rule("loan.iou_date", "借条出具日期", "date of the IOU", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向原告出具(?:了)?(?:借条|借据|欠条)", "date"),
    rule("loan.iou_amount", "借条载明金额", "amount the IOU states", _FACTS,
         rf"(?:借条|借据|欠条)[^。]{{0,8}}?载明(?:借款|欠款)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("loan.paying_bank", "出借人付款账户开户行", "bank of the lender's account", _FACTS,
         r"通过其?在\s*(?P<v>[^。,;在]{2,30}?(?:银行|信用社)[^。,;]{0,12}?)\s*开立的(?:银行)?账户",
         "text"),
    rule("loan.principal_owed", "尚欠本金", "principal owed", _FACTS,
         rf"(?:尚欠|欠付|结欠)(?:借款|贷款)?本金\s*(?P<v>{MONEY_RE})", "money"),
    rule("loan.penalty_interest_owed", "尚欠罚息", "penalty interest owed", _FACTS,
         rf"罚息\s*(?P<v>{MONEY_RE})", "money"),
    rule("loan.compound_interest_owed", "尚欠复利", "compound interest owed", _FACTS,
         rf"复利\s*(?P<v>{MONEY_RE})", "money"),
    rule("guarantee.guarantor", "保证人", "the guarantor", _FACTS,
         r"保证人\s*(?P<v>[\u4e00-\u9fff]{2,4}?)\s*在[^。]{0,12}?(?:签字|签名|盖章)", "text"),
    rule("mortgage.registration_date", "抵押登记日期", "date the mortgage was registered", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*办理(?:了)?抵押(?:权)?登记", "date"),
    # credit cards
    rule("card.number_tail", "信用卡卡号尾号", "last four digits of the card", _FACTS,
         r"卡号尾号(?:为)?\s*(?P<v>\d{4})", "text"),
    rule("card.activated_date", "信用卡激活日期", "date the card was activated", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:激活|开卡)", "date"),
    rule("card.credit_limit", "信用额度", "credit limit", _FACTS,
         rf"信用额度(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("card.bill_day", "账单日", "statement day of the month", _FACTS,
         r"账单日为每月\s*(?P<v>\d{1,2})\s*日", "int"),
    rule("card.due_day", "到期还款日", "payment due day of the month", _FACTS,
         r"还款日为每月\s*(?P<v>\d{1,2})\s*日", "int"),
    rule("card.annual_fee_owed", "欠付年费", "annual fee owed", _FACTS,
         rf"年费\s*(?P<v>{MONEY_RE})", "money"),
    # contracts
    rule("contract.signing_place", "合同签订地", "where the contract was signed", _FACTS,
         r"签订地(?:点)?为\s*(?P<v>[^。,;]{2,20})", "text"),
    rule("contract.performance_place", "合同履行地", "where the contract is performed", _FACTS,
         r"履行地(?:点)?为\s*(?P<v>[^。,;]{2,20})", "text"),
    rule("contract.payment_method", "付款方式", "how payment is made", _FACTS,
         r"付款方式为\s*(?P<v>银行转账|银行承兑汇票|商业承兑汇票|现金)", "map",
         {"银行转账": "transfer", "银行承兑汇票": "acceptance_bill",
          "商业承兑汇票": "commercial_bill", "现金": "cash"}),
    rule("contract.deposit", "定金", "deposit paid", _FACTS,
         rf"(?:支付|交付|交纳)(?:了)?定金\s*(?P<v>{MONEY_RE})", "money"),
    rule("contract.acceptance_date", "验收日期", "date the work or goods were accepted", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*验收合格", "date"),
    rule("contract.no_quality_objection", "异议期内未提出质量异议",
         "no quality objection within the agreed period", _FACTS,
         r"异议期(?:限)?内未(?:就质量)?提出(?:质量)?异议"),
    # accidents and injuries
    rule("accident.vehicle_plate", "肇事车辆号牌", "plate of the vehicle", _FACTS,
         r"牌号(?:为)?\s*(?P<v>[\u4e00-\u9fff][A-Z][·•]?[A-Z0-9]{5,6})", "text"),
    rule("accident.report_no", "事故认定书编号", "number of the police accident finding",
         _FACTS, r"(?P<v>第\s*[0-9A-Z]{6,20}\s*号)\s*《?道路交通事故认定书", "text"),
    rule("injury.diagnosis", "伤情诊断", "diagnosis of the injury", _FACTS,
         r"诊断为\s*(?P<v>[^。,;]{2,20})", "text"),
    rule("injury.appraiser", "鉴定机构", "who appraised the injury", _FACTS,
         r"经\s*(?P<v>[^。,;经]{2,30}?(?:鉴定所|鉴定中心|研究院))\s*(?:鉴定|评定)", "text"),
    rule("injury.lost_work_days", "误工期（日）", "days off work allowed", _FACTS,
         r"误工期(?:为)?\s*(?P<v>\d{1,3})\s*(?:日|天)", "int"),
    rule("injury.nursing_days", "护理期（日）", "days of nursing allowed", _FACTS,
         r"护理期(?:为)?\s*(?P<v>\d{1,3})\s*(?:日|天)", "int"),
    rule("injury.nutrition_days", "营养期（日）", "days of extra nutrition allowed", _FACTS,
         r"营养期(?:为)?\s*(?P<v>\d{1,3})\s*(?:日|天)", "int"),
    rule("insurance.commercial_limit", "商业三者险限额", "third-party liability insurance limit",
         _FACTS,
         rf"(?:商业第三者责任保险|商业三者险)[^。]{{0,12}}?限额(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("injury.advance_paid", "已垫付费用", "sum advanced by the other side", _FACTS,
         rf"垫付(?:了)?(?:医疗费|费用|款项)?\s*(?P<v>{MONEY_RE})", "money"),
    # employment
    rule("labour.contract_end", "劳动合同期满日", "end of the employment contract", _FACTS,
         rf"劳动合同期限[^。]{{0,20}}?至\s*(?P<v>{DATE_RE})", "date"),
    rule("labour.working_hours", "工时制度", "working-hours regime", _FACTS,
         r"实行(?P<v>标准工时制|综合计算工时工作制|不定时工作制)", "map",
         {"标准工时制": "standard", "综合计算工时工作制": "comprehensive",
          "不定时工作制": "flexible"}),
    rule("labour.social_insurance", "社会保险缴纳情况", "social insurance paid or not", _FACTS,
         r"(?P<v>未为原告缴纳|为原告缴纳了|为原告缴纳)社会保险", "map",
         {"未为原告缴纳": "unpaid", "为原告缴纳了": "paid", "为原告缴纳": "paid"}),
    rule("labour.average_wage", "离职前十二个月平均工资", "average monthly wage before leaving",
         _FACTS, rf"月平均工资(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("arbitration.case_no", "仲裁案号", "arbitration case number", _FACTS,
         r"(?:仲裁案号(?:为|:)\s*|(?<![\u4e00-\u9fff]))"
         r"(?P<v>[\u4e00-\u9fff]{1,4}?劳人仲\s*[(（]\s*\d{4}\s*[)）][^。,;]{1,12}?号)", "text"),
    # marriage
    rule("marriage.breakdown_reason", "感情破裂原因", "why the marriage broke down", _FACTS,
         r"因\s*(?P<v>性格不合|家庭琐事|被告长期在外务工|双方缺乏沟通)\s*(?:经常|时常|多次)?"
         r"(?:发生)?(?:争吵|矛盾)", "map",
         {"性格不合": "incompatibility", "家庭琐事": "domestic_quarrels",
          "被告长期在外务工": "long_absence", "双方缺乏沟通": "no_communication"}),
    rule("divorce.prior_suit_date", "前次起诉离婚日期", "date of an earlier divorce suit",
         _FACTS, rf"曾于\s*(?P<v>{DATE_RE})\s*(?:向本院)?起诉(?:要求)?离婚", "date"),
    rule("divorce.custody_to", "子女由哪一方抚养", "which parent the child lives with", _MAIN,
         r"(?:子女|儿子|女儿)[^。;]{0,8}?由\s*(?P<v>原告|被告)\s*(?:直接)?抚养", "map", _SIDE),
    rule("divorce.visits_per_month", "每月探视次数", "visits a month by the other parent", _MAIN,
         rf"每月探视(?:子女)?\s*(?P<v>{_N})\s*次", "int"),
    rule("divorce.home_to", "房屋归属", "who keeps the home", _MAIN,
         r"房屋[^。;]{0,10}?归\s*(?P<v>原告|被告)\s*所有", "map", _SIDE),
]  # fmt: skip
