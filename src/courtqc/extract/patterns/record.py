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
_N = r"[一二两三四五六七八九十\d]{1,3}"
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
         r"诊断为\s*[:“\"]{0,2}\s*(?:\d{1,2}\s*[.．、]\s*)?(?P<v>[^。,;:“”\"]{2,20})", "text"),
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

_REASON = ("reasoning",)

RULES += [
    # common to many cases: the lawyer's fee, how the claimant demanded, the last payment
    rule("costs.attorney_fee", "律师代理费", "lawyer's fee the claimant paid", _FACTS,
         rf"(?:支付|支出)(?:了)?律师(?:代理)?费\s*(?P<v>{MONEY_RE})", "money"),
    rule("demand.method", "催讨方式", "how the claimant demanded payment", _FACTS,
         r"(?:多次|曾|反复)?通过\s*(?P<v>电话|微信|短信|上门)\s*(?:方式)?(?:向被告)?催(?:讨|收|要)",
         "map", {"电话": "phone", "微信": "wechat", "短信": "sms", "上门": "in_person"}),
    rule("payment.last_date", "最后一次付款日期", "date of the last payment", _FACTS,
         rf"最后一次(?:付款|还款)的?日期为\s*(?P<v>{DATE_RE})", "date"),
    # the reasoning's principles
    rule("principle.binding_contract", "合同约束力", "a contract lawfully made binds the parties",
         _REASON, r"依法成立的合同[^。]{0,6}?(?:对当事人)?具有法律约束力"),
    rule("principle.good_faith", "诚信原则", "the good-faith principle", _REASON,
         r"诚(?:实)?信(?:用)?原则"),
    rule("liability.breach", "违约责任", "liability for breach of contract", _REASON,
         r"(?:承担|负)[^。]{0,20}?违约责任|构成违约"),
    rule("principle.fault", "过错责任", "liability for fault", _REASON,
         r"因过错侵害他人民事权益|过错责任"),
    rule("principle.child_best_interest", "有利于子女成长原则", "the child's best interest",
         _REASON, r"有利于子女(?:身心健康)?成长"),
    rule("penalty.adjusted", "违约金调整", "agreed penalty reduced by the court", _REASON,
         r"违约金[^。]{0,30}?(?:过高|过分高于)[^。]{0,20}?(?:调整|酌减|予以减少)"),
    # loans, more
    rule("guarantee.contract_no", "保证合同编号", "guarantee contract number", _FACTS,
         r"保证合同编号为\s*(?P<v>[^。,;]{2,30}?号)", "text"),
    rule("loan.interest_paid_to", "利息已付至", "date interest has been paid up to", _FACTS,
         rf"(?:已)?支付(?:了)?利息至\s*(?P<v>{DATE_RE})", "date"),
    rule("mortgage.property", "抵押物", "the mortgaged property", _FACTS,
         r"抵押物为(?:位于)?\s*(?P<v>[^。,;]{4,40}?)\s*的?(?:房屋|房产|不动产)", "text"),
    # credit cards, more
    rule("card.principal_owed", "尚欠透支本金", "card principal owed", _FACTS,
         rf"(?:尚欠|欠付)透支本金\s*(?P<v>{MONEY_RE})", "money"),
    rule("card.interest_owed", "尚欠透支利息", "card interest owed", _FACTS,
         rf"透支利息\s*(?P<v>{MONEY_RE})", "money"),
    rule("card.late_fee_owed", "滞纳金", "late fees owed", _FACTS,
         rf"滞纳金\s*(?P<v>{MONEY_RE})", "money"),
    rule("card.instalment", "账单分期", "the statement was paid in instalments", _FACTS,
         r"(?:账单|消费|现金)分期"),
    # contracts, more
    rule("contract.payment_days", "约定付款期（日）", "days agreed for payment", _FACTS,
         rf"(?:收到|开具)(?:增值税)?发票后\s*(?P<v>{_N})\s*日内(?:付款|支付)", "int"),
    rule("contract.signatory", "合同经办人", "who signed the contract for the defendant", _FACTS,
         r"经办人\s*(?P<v>[\u4e00-\u9fff]{2,4}?)\s*在[^。]{0,10}?(?:签字|签名)", "text"),
    rule("contract.sealed", "加盖公章", "the contract bears the company seal", _FACTS,
         r"加盖(?:了)?[^。]{0,10}?(?:公章|合同专用章)"),
    rule("contract.invoice_amount", "发票金额", "amount invoiced", _FACTS,
         rf"发票(?:金额)?(?:共计|合计)\s*(?P<v>{MONEY_RE})", "money"),
    rule("payment.instalment_count", "付款次数", "number of payments made", _FACTS,
         rf"(?:先后)?分\s*(?P<v>{_N})\s*次(?:付款|支付|还款)", "int"),
    # accidents, more
    rule("accident.time", "事故时间", "time of day of the accident", _FACTS,
         r"(?:当日|当天)?\s*(?P<v>\d{1,2}\s*时(?:\d{1,2}\s*分)?许)", "text"),
    rule("accident.vehicle_owner", "肇事车辆登记所有人", "registered owner of the vehicle",
         _FACTS, r"车(?:辆)?[^。,;]{0,10}?登记在\s*(?P<v>[^。,;]{2,30}?)\s*名下", "text"),
    rule("injury.admitted_date", "入院日期", "date admitted to hospital", _FACTS,
         rf"自\s*(?P<v>{DATE_RE})\s*至\s*{DATE_RE}\s*住院", "date"),
    rule("injury.discharged_date", "出院日期", "date discharged", _FACTS,
         rf"自\s*{DATE_RE}\s*至\s*(?P<v>{DATE_RE})\s*住院", "date"),
    rule("appraisal.date", "鉴定意见出具日期", "date of the appraisal opinion", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*出具(?:了)?(?:司法)?鉴定意见", "date"),
    rule("insurance.paid", "交强险已赔付", "paid by the compulsory insurer", _FACTS,
         rf"交强险[^。]{{0,12}}?赔(?:付|偿)(?:了)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("injury.residence", "受害人户籍类别", "the injured person's residence: urban or rural",
         _FACTS, r"系\s*(?P<v>城镇|农村)\s*(?:居民|户籍|户口)", "map",
         {"城镇": "urban", "农村": "rural"}),
    # employment, more
    rule("labour.work_years", "工作年限（年）", "years of service", _FACTS,
         rf"工作年限为\s*(?P<v>{_N})\s*年", "int"),
    rule("labour.termination_notice_date", "解除通知送达日期", "date the dismissal notice was served",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*向原告送达(?:了)?解除劳动合同通知", "date"),
    rule("labour.unpaid_months", "拖欠工资月数", "months of wages unpaid", _FACTS,
         rf"拖欠原告\s*(?P<v>{_N})\s*个月(?:的)?工资", "int"),
    rule("labour.unpaid_wage", "拖欠工资", "wages owed", _FACTS,
         rf"拖欠工资\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.overtime_pay", "加班费", "overtime pay", _FACTS,
         rf"加班(?:工资|费)\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.annual_leave_pay", "未休年休假工资", "pay for annual leave not taken", _FACTS,
         rf"未休年休假工资\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.severance", "经济补偿金", "severance pay", _FACTS,
         rf"经济补偿金?\s*(?P<v>{MONEY_RE})", "money"),
    # marriage, more
    rule("marriage.first_marriage", "初婚", "both spouses married for the first time", _FACTS,
         r"(?P<v>均系初婚|系再婚|均为初婚)", "map",
         {"均系初婚": True, "均为初婚": True, "系再婚": False}),
    rule("divorce.home_address", "共同房屋坐落", "address of the home held in common", _FACTS,
         r"共同(?:所有|财产)?的?房屋(?:坐落于|位于)\s*(?P<v>[^。,;]{4,40}?号)", "text"),
    rule("divorce.savings_each_own", "存款各自所有", "each keeps the savings in their name",
         (*_FACTS, "main_text"), r"存款(?:归)?各自所有"),
]  # fmt: skip

_HOLDING = {"予以支持": "upheld", "部分支持": "partly_upheld", "酌情支持": "partly_upheld",
            "不予支持": "rejected", "予以确认": "upheld", "予以认定": "upheld"}  # fmt: skip
_HOLDING_RE = r"本院(?P<v>予以支持|部分支持|酌情支持|不予支持|予以确认|予以认定)"


def _holding(key: str, zh: str, en: str, what: str) -> PatternRule:
    """The court's holding on one claim item: 关于(原告主张的)X，…，本院予以支持."""
    return rule(key, f"对{zh}的认定", f"the court's holding on {en}", _REASON,
                rf"关于(?:原告主张的?)?(?:{what})\s*[,:][^。]{{0,60}}?{_HOLDING_RE}", "map",
                _HOLDING)  # fmt: skip


RULES += [
    _holding("holding.principal", "本金", "the principal",
             "借款本金|透支本金|欠款本金|货款|本金|赔偿款|欠款"),
    _holding("holding.interest", "利息", "the interest", "利息|逾期利息"),
    _holding("holding.penalty", "违约金", "the agreed penalty", "违约金"),
    _holding("holding.medical", "医疗费", "medical expenses", "医疗费"),
    _holding("holding.hospital_food", "住院伙食补助费", "the hospital food allowance",
             "住院伙食补助费"),
    _holding("holding.nutrition", "营养费", "nutrition expenses", "营养费"),
    _holding("holding.nursing", "护理费", "nursing expenses", "护理费"),
    _holding("holding.lost_income", "误工费", "lost income", "误工费|误工损失"),
    _holding("holding.disability", "残疾赔偿金", "disability compensation", "残疾赔偿金"),
    _holding("holding.mental", "精神损害抚慰金", "mental distress", "精神损害抚慰金"),
    _holding("holding.wages", "拖欠工资", "unpaid wages", "拖欠工资|工资差额|劳动报酬"),
    _holding("holding.overtime", "加班费", "overtime pay", "加班费|加班工资"),
    _holding("holding.severance", "经济补偿金", "severance pay", "经济补偿金|经济补偿"),
    _holding("holding.attorney_fee", "律师费", "the lawyer's fee", "律师费|律师代理费"),
    rule("insurance.first_pay", "交强险先行赔付", "the compulsory insurer pays first",
         _REASON, r"交强险[^。]{0,12}?(?:限额|范围)内[^。]{0,6}?先行(?:赔付|赔偿|承担)"),
    rule("loan.rate_type", "利率类型", "fixed or floating rate", _FACTS,
         r"(?P<v>固定利率|浮动利率)", "map", {"固定利率": "fixed", "浮动利率": "floating"}),
    rule("loan.receipt_no", "借据编号", "number of the loan receipt", _FACTS,
         r"借据编号为\s*(?P<v>[0-9A-Za-z\-]{4,30})", "text"),
    rule("contract.supplement_date", "补充协议签订日期", "date of a supplementary agreement",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*签订(?:了)?(?:一份)?补充协议", "date"),
    rule("contract.retention", "质保金", "retention money (质保金)", _FACTS,
         rf"质保金(?:为|金额为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("contract.delivery_signed", "送货单签收", "delivery notes signed by the buyer", _FACTS,
         r"送货单[^。]{0,20}?(?:签字|签收|签名)"),
    rule("hearing.agent_attended", "出庭的委托诉讼代理人", "an agent who attended the hearing",
         ("history",),
         r"委托(?:诉讼)?代理人\s*(?P<v>[\u4e00-\u9fff]{2,4}?)(?=[,、]|到庭|及)", "text", multi=True),
]  # fmt: skip

_AGREEMENT = ("main_text", "appeal_notice")

RULES += [
    # a mediation agreement's terms besides the sums
    rule("mediation.by_court", "法院主持调解", "the court itself mediated", _BODY,
         r"经本院主持调解"),
    rule("mediation.instalments", "分期履行期数", "number of instalments agreed", _MAIN,
         rf"分\s*(?P<v>{_N})\s*期(?:履行|支付|给付|偿还)", "int"),
    rule("mediation.instalment_day", "每期履行日", "day of the month each instalment is due",
         _MAIN, r"每月\s*(?P<v>\d{1,2})\s*日(?:前|之前)", "int"),
    rule("mediation.final_date", "最后一期履行日", "date the last instalment is due", _MAIN,
         rf"最后一期(?:款项)?(?:应)?于\s*(?P<v>{DATE_RE})\s*(?:前|之前)", "date"),
    rule("payment.account_bank", "收款账户开户行", "bank of the account to pay into", _MAIN,
         r"汇入[^。;]{0,30}?在\s*(?P<v>[^。,;在]{2,30}?(?:银行|信用社)[^。,;]{0,12}?)\s*开立的(?:银行)?账户",
         "text"),
    rule("mediation.guarantor", "调解担保人", "a guarantor who joins the agreement", _MAIN,
         r"案外人\s*(?P<v>[^。,;]{2,30}?)\s*自愿(?:对|为)[^。;]{0,60}?承担连带(?:保证)?责任",
         "text"),
    rule("mediation.interest_waived", "放弃利息", "the claimant gives up the interest", _MAIN,
         r"(?:自愿)?放弃(?:对)?(?:利息|逾期利息)(?:的)?(?:主张|诉讼请求)?"),
    rule("mediation.preservation_release_days", "申请解除保全期限（日）",
         "days after payment to ask for the preservation to be lifted", _MAIN,
         rf"(?P<v>{_N})\s*日内向本院申请解除[^。;]{{0,30}}?保全", "int"),
    rule("mediation.no_other_dispute", "再无其他争议", "the parties have no other dispute",
         _AGREEMENT, r"(?:再无|无其他)(?:其他)?(?:争议|纠纷)"),
    rule("mediation.confirmed", "调解协议经法院确认", "the court confirms the agreement",
         _AGREEMENT, r"上述协议[^。]{0,30}?本院予以(?:确认|认可)"),
    rule("mediation.effective_on_signing", "签收后生效", "effective once the parties sign for it",
         _AGREEMENT, r"签收后[^。]{0,6}?(?:即)?具有(?:同判决书同等的)?法律效力"),
    # withdrawal rulings
    rule("withdrawal.voluntary", "撤诉系真实意思表示", "the withdrawal is the claimant's own will",
         ("reasoning",), r"撤诉申请[^。]{0,6}?(?:系|是)其真实意思表示"),
    rule("preservation.released", "解除保全", "the preservation is lifted", ("main_text",),
         r"(?<!申请)解除[^。;]{0,60}?保全(?:措施)?|(?<!申请)解除(?:对)?[^。;]{0,40}?(?:查封|冻结|扣押)"),
]  # fmt: skip

RULES += [
    rule("evidence.admission", "当庭自认", "what a party admitted in court", _EVID,
         r"(?:当庭|庭审中)(?:自认|认可|承认|确认)(?P<v>[^。,;]{2,30})", "text"),
    rule("evidence.court_collected", "法院调取的证据", "evidence the court collected", _EVID,
         r"(?:依职权|依原告申请|依申请)[^。]{0,40}?调取(?:了)?(?P<v>[^。,;]{2,30})", "text"),
    rule("holding.principal_amount", "确认的欠款金额", "the amount the court finds owed", _REASON,
         rf"本院确认被告尚欠原告[^。,;\d]{{0,8}}?\s*(?P<v>{MONEY_RE})", "money"),
    rule("service.electronic_consent", "同意电子送达", "parties agreed to electronic service",
         _BODY, r"同意[^。]{0,10}?(?:采用|以)?电子(?:方式)?送达"),
]  # fmt: skip

RULES += [
    rule("interest.lpr_value", "一年期LPR（%）", "the one-year LPR the court quotes, per cent",
         _REASON, r"一年期贷款市场报价利率(?:\(LPR\))?(?:为)?\s*(?P<v>\d(?:\.\d{1,2})?)\s*%", "float"),
    rule("interest.cap_value", "利率上限（%）", "the rate cap the court applies, per cent",
         _REASON, r"四倍(?:即|为)\s*(?P<v>\d{1,2}(?:\.\d{1,2})?)\s*%", "float"),
    rule("penalty.cap_30", "违约金超过损失百分之三十", "a penalty over 130 % of the loss is excessive",
         _REASON, r"超过(?:造成的?)?损失的?(?:百分之三十|30\s*%)"),
    rule("jurisdiction.basis", "管辖依据", "why this court has jurisdiction", _BODY,
         r"因?(?P<v>被告住所地|合同履行地|侵权行为地|合同签订地|原告住所地)(?:位于|在)本院辖区",
         "map", {"被告住所地": "defendant", "合同履行地": "contract", "侵权行为地": "tort",
                 "合同签订地": "signing", "原告住所地": "plaintiff"}),
]  # fmt: skip

RULES += [
    rule("limitation.interrupted", "诉讼时效中断", "the limitation period was interrupted",
         _REASON, r"诉讼时效[^。]{0,6}?(?:因此|因而|依法)?(?:发生)?中断"),
    rule("penalty.basis", "违约金计算基数", "amount the penalty runs on", _REASON,
         rf"违约金(?:应)?以[^。,;\d]{{0,8}}?\s*(?P<v>{MONEY_RE})\s*为基数", "money"),
    rule("penalty.from", "违约金起算日", "date the penalty runs from", _REASON,
         rf"违约金[^。]{{0,60}}?(?:即|自)\s*(?P<v>{DATE_RE})\s*起(?:计算|计付|起算)", "date"),
]  # fmt: skip

RULES += [
    # an article the court cites while reasoning, outside the basis clause (依照…之规定，判决如下)
    rule("cited_article.reasoning", "说理引用的法条", "an article cited in the reasoning",
         _REASON,
         r"(?:根据|依据|按照)\s*(?P<v>《[^》]{2,40}》\s*第[一二三四五六七八九十百千零〇]{1,8}条"
         r"(?:第[一二三四五六七八九十]{1,3}款)?)\s*(?:的)?规定\s*,", "text", multi=True),
]  # fmt: skip
