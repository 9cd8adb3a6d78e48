"""Facts of the common case types that ordinary first-instance civil judgments state (issue 18
item 2, fourth round), after `record`: the lender's relation to the borrower and a written
promise to repay; a bank loan's repayment day, instalments missed and mortgage certificate; a
sale's quantity, unit price, objection period and warranty; a statement of account and the
invoice date; a property-service fee's standard, floor area and the period unpaid; a lease's
term, rent, payment cycle and deposit; an employment's workplace, probation, pay day, how
wages are paid and the severance base; the income standard, disability index and insurance
period of an injury.

Pattern rules in the courts' fixed phrasing; every repetition bounded (issue 16).
"""

from __future__ import annotations

from courtqc.extract.patterns.rule import PatternRule, rule
from courtqc.extract.text import DATE_RE, MONEY_RE

_FACTS = ("facts", "claims")
_REASON = ("reasoning",)
_FACTS_REASON = ("facts", "claims", "reasoning")
_MAIN = ("main_text",)
_N = r"[一二两三四五六七八九十\d]{1,3}"

# 已(经)(全部)归还 / 还清 / 付清 / 清偿: the debt is said to be paid
_PAID = {f"已{a}{b}{c}": "paid" for a in ("", "经") for b in ("", "全部")
         for c in ("归还", "还清", "付清", "清偿")}  # fmt: skip

RULES: list[PatternRule] = [
    # private lending
    rule("parties.relation", "当事人之间的关系", "how the parties know each other", _FACTS,
         r"(?:原、被告|原告与被告|双方)(?:之间)?(?:系|是)\s*(?P<v>朋友|同事|亲戚|生意伙伴|同学|老乡)关系",
         "map", {"朋友": "friend", "同事": "colleague", "亲戚": "relative", "生意伙伴": "business",
                 "同学": "classmate", "老乡": "fellow_townsman"}),
    rule("loan.transfer_count", "转账笔数", "number of transfers the loan was paid in", _FACTS,
         rf"分\s*(?P<v>{_N})\s*笔(?:转账|汇款)?(?:支付|交付|汇入|转入|转账)", "int"),
    rule("loan.cash_withdrawal_date", "现金取款日期", "date the lender drew the cash lent", _FACTS,
         rf"(?:现金|款项)系其?于\s*(?P<v>{DATE_RE})\s*从[^。,;]{{2,40}}?(?:取款|取现|提取现金)", "date"),
    rule("loan.cash_source_bank", "现金取款银行", "bank the lender drew the cash from", _FACTS,
         r"从\s*(?P<v>[^。,;从]{2,30}?(?:银行|信用社)[^。,;从]{0,12}?)\s*(?:取款|取现|提取现金)", "text"),
    rule("loan.no_upfront_interest", "未预先扣除利息", "no interest was taken out of the principal",
         _FACTS_REASON, r"未(?:预先)?在(?:借款)?本金中(?:预先)?扣除利息|(?:未|不存在)预先扣除(?:借款)?利息"),
    rule("loan.payment_mode", "贷款支付方式", "how the bank paid the loan out: entrusted or self",
         _FACTS, r"(?P<v>受托支付|自主支付)", "map", {"受托支付": "entrusted", "自主支付": "self"}),
    rule("loan.promise_date", "还款承诺书出具日期", "date of the borrower's written promise to repay",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*(?:向原告)?出具(?:了)?(?:一份)?还款(?:承诺书|计划书|保证书)",
         "date"),
    rule("loan.promise_due", "承诺还款日期", "date the borrower promised to repay by", _FACTS,
         rf"承诺(?:于|在)\s*(?P<v>{DATE_RE})\s*(?:前|之前)(?:归还|还清|偿还|结清)", "date"),
    rule("loan.iou_signed", "借条签署方式", "how the borrower signed the IOU", _FACTS,
         r"(?:借条|借据|欠条)[^。]{0,10}?由被告(?P<v>签名并捺印|签字并捺印|签名|签字)", "map",
         {"签名并捺印": "signed_thumbprinted", "签字并捺印": "signed_thumbprinted",
          "签名": "signed", "签字": "signed"}),
    # bank loans
    rule("loan.repayment_day", "每月还款日", "day of the month each instalment is due", _FACTS,
         r"应于每月\s*(?P<v>\d{1,2})\s*日(?:前)?(?:归还|偿还|还本付息|还款)", "int"),
    rule("loan.missed_instalments", "逾期期数", "instalments missed", _FACTS,
         rf"(?:连续|累计)\s*(?P<v>{_N})\s*期未(?:按约|按期|按时)?(?:归还|还款|偿还)", "int"),
    rule("loan.compound_on_unpaid_interest", "未付利息计收复利", "compound interest on unpaid interest",
         _FACTS, r"未(?:按时|按期)?(?:支付|偿还|付)的利息[^。]{0,10}?计收复利"),
    rule("loan.accelerated_date", "提前到期通知送达日期", "date the notice of early maturity was served",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*向被告(?:送达|发出|寄送)(?:了)?《?(?:贷款|借款)?提前到期通知",
         "date"),
    # credit cards
    rule("card.interest_free_days", "免息还款期（天）", "longest interest-free period, days", _FACTS,
         r"免息还款期(?:最长)?(?:为)?\s*(?P<v>\d{1,2})\s*(?:天|日)", "int"),
    rule("card.min_payment_pct", "最低还款额比例（%）", "minimum payment, per cent of the bill", _FACTS,
         r"最低还款额为[^。,;]{0,12}?的\s*(?P<v>\d{1,2})\s*%", "int"),
    rule("card.late_fee_pct", "滞纳金比例（%）", "late fee, per cent of the minimum unpaid", _FACTS,
         r"滞纳金按[^。,;]{0,16}?的\s*(?P<v>\d{1,2})\s*%", "int"),
    rule("card.application_signed", "签署信用卡申请表", "the cardholder signed the application",
         _FACTS, r"在[^。,;]{0,6}?(?:信用卡)?申请表上(?:签名|签字)"),
    rule("mortgage.certificate_no", "不动产登记证明号", "number of the mortgage registration certificate",
         _FACTS, r"(?:不动产登记证明|他项权证)(?:号|编号)为\s*(?P<v>[^。,;]{6,40}?号)", "text"),
    # sales
    rule("contract.quantity", "标的物数量", "quantity of the goods", _FACTS,
         r"数量为\s*(?P<v>\d{1,6}(?:\.\d{1,3})?\s*(?:吨|件|台|套|箱|个|千克|公斤|米|批))", "text"),
    rule("contract.unit_price", "单价", "unit price", _FACTS,
         rf"单价(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("contract.objection_days", "质量异议期（日）", "days the buyer has to object to quality",
         _FACTS, rf"(?:收货|收到货物|到货)后\s*(?P<v>{_N})\s*日内(?:以书面形式)?提出(?:书面)?(?:质量)?异议",
         "int"),
    rule("contract.delivery_due", "约定交货日期", "date the goods were due", _FACTS,
         rf"(?:应于|应在)\s*(?P<v>{DATE_RE})\s*(?:前|之前)(?:交货|交付货物|送货)", "date"),
    rule("contract.warranty_months", "质保期（月）", "warranty period in months", _FACTS,
         rf"质保期(?:为)?\s*(?P<v>{_N})\s*个月", "int"),
    rule("contract.platform", "交易平台", "the online platform the deal was made on", _FACTS,
         r"通过\s*(?P<v>[^。,;通]{2,12}?)\s*(?:平台|网店|APP)(?:交易|下单|购买|订购)", "text"),
    rule("contract.order_no", "订单编号", "the order number", _FACTS,
         r"订单(?:编)?号(?:为|:)?\s*(?P<v>[0-9A-Za-z]{8,30})", "text"),
    rule("contract.freight_borne_by", "运费承担方", "who bears the freight", _FACTS,
         r"运(?:输)?费(?:用)?由\s*(?P<v>原告|被告|买方|卖方)\s*(?:承担|负担)", "map",
         {"原告": "plaintiff", "被告": "defendant", "买方": "buyer", "卖方": "seller"}),
    # any contract
    rule("contract.title", "合同名称", "the contract's name as written", _FACTS,
         r"(?<![未没能])签订(?:了)?(?:一份)?《(?P<v>[^》《]{2,30}?(?:合同|协议|协议书|合约))》", "text"),
    rule("contract.statement_amount", "对账单确认欠款", "arrears a signed statement of account confirms",
         _FACTS,
         rf"对账单[^。]{{0,10}}?确认[^。]{{0,12}}?(?:尚欠|结欠|欠付)[^。,;\d]{{0,8}}?\s*(?P<v>{MONEY_RE})",
         "money"),
    rule("contract.invoice_date", "发票开具日期", "date the invoice was issued", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:向被告)?开具(?:了)?(?:增值税)?(?:专用|普通)?发票", "date"),
    # property services
    rule("property.owner_address", "业主房屋坐落", "the home the owner holds", _FACTS,
         r"被告系\s*(?P<v>[^。,;系]{4,40}?号(?:\d{1,4}室)?)\s*房屋的(?:业主|所有权人)", "text"),
    rule("property.area", "房屋建筑面积（平方米）", "floor area, square metres", _FACTS,
         r"建筑面积(?:为)?\s*(?P<v>\d{1,5}(?:\.\d{1,2})?)\s*(?:平方米|㎡)", "float"),
    rule("property.fee_rate", "物业费标准（元/平方米/月）", "service fee per square metre a month",
         _FACTS,
         r"物业(?:服务)?费(?:收费)?标准(?:为)?\s*(?:每月每平方米|每平方米每月)\s*(?P<v>\d{1,2}(?:\.\d{1,2})?)\s*元",
         "float"),
    rule("property.arrears_from", "欠缴物业费起始日", "first day of the unpaid period", _FACTS,
         rf"自\s*(?P<v>{DATE_RE})\s*起?至\s*{DATE_RE}\s*止?[^。]{{0,4}}?未(?:缴纳|交纳|支付)物业",
         "date"),
    rule("property.arrears_to", "欠缴物业费截止日", "last day of the unpaid period", _FACTS,
         rf"自\s*{DATE_RE}\s*起?至\s*(?P<v>{DATE_RE})\s*止?[^。]{{0,4}}?未(?:缴纳|交纳|支付)物业",
         "date"),
    # leases
    rule("lease.start", "租赁期限起始日", "first day of the lease", _FACTS,
         rf"租赁期(?:限)?(?:为)?自?\s*(?P<v>{DATE_RE})\s*起?至\s*{DATE_RE}", "date"),
    rule("lease.end", "租赁期限届满日", "last day of the lease", _FACTS,
         rf"租赁期(?:限)?(?:为)?自?\s*{DATE_RE}\s*起?至\s*(?P<v>{DATE_RE})", "date"),
    rule("lease.handover_date", "租赁物交付日期", "date the leased thing was handed over", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*将(?:租赁|涉案)?(?:房屋|设备|租赁物)交付(?:给)?被告(?:使用)?", "date"),
    rule("lease.monthly_rent", "月租金", "monthly rent", _FACTS,
         rf"(?<![\d一二三四五六七八九十月、个])月租金(?:为|标准为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("lease.pay_every_months", "租金支付周期（月）", "rent paid every so many months", _FACTS,
         rf"租金(?:每|按)\s*(?P<v>{_N})\s*个月(?:支付|交纳|缴纳)一次", "int"),
    rule("lease.arrears_from", "欠付租金起始日", "date the tenant stopped paying rent", _FACTS,
         rf"自\s*(?P<v>{DATE_RE})\s*起\s*(?:未|拖欠|停止)(?:支付|交纳|缴纳)?(?:房屋)?租金", "date"),
    rule("lease.deposit", "租赁押金", "deposit for the lease", _FACTS,
         rf"(?:交纳|支付|交付|缴纳)(?:了)?(?:租赁|房屋)?押金\s*(?P<v>{MONEY_RE})", "money"),
    # employment
    rule("labour.workplace", "工作地点", "where the employee works", _FACTS,
         r"工作地点(?:为|在)\s*(?P<v>[^。,;]{1,28}?(?:省|市|区|县|镇|路|街|号|室))(?=[。,;])", "text"),
    rule("labour.probation_months", "试用期（月）", "probation in months", _FACTS,
         rf"试用期(?:为)?\s*(?P<v>{_N})\s*个月", "int"),
    rule("labour.payday", "工资发放日", "day of the month wages are paid", _FACTS,
         r"每月\s*(?P<v>\d{1,2})\s*日(?:以[^。,;]{2,8}?方式)?发放(?:上月|当月|上一月)?(?:的)?工资", "int"),
    rule("labour.wage_paid_by", "工资发放方式", "how wages are paid", _FACTS,
         r"以\s*(?P<v>银行转账|现金)\s*(?:方式|形式)\s*发放", "map",
         {"银行转账": "transfer", "现金": "cash"}),
    rule("arbitration.claim_total", "仲裁请求金额", "the sum asked of the arbitrators", _FACTS,
         rf"仲裁请求(?:为)?[^。]{{0,40}}?(?:共计|合计)\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.severance_base", "经济补偿计算基数", "the monthly wage severance is counted on",
         _FACTS_REASON, rf"经济补偿(?:金)?(?:的)?计算基数(?:为|按)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.written_contract", "签订书面劳动合同", "a written employment contract was signed",
         _FACTS, r"(?P<v>未(?:与原告)?签订|签订(?:了)?)书面劳动合同", "map",
         {"签订了": True, "签订": True, "未签订": False, "未与原告签订": False}),
    # injuries
    rule("accident.vehicle_type", "肇事车辆类型", "kind of vehicle", _FACTS,
         r"牌号(?:为)?\s*[\u4e00-\u9fff][A-Z][·•]?[A-Z0-9]{5,6}\s*的\s*(?P<v>小型轿车|小型普通客车|"
         r"小型客车|大型客车|重型货车|中型货车|轻型货车|重型半挂牵引车|二轮摩托车|电动自行车)", "text"),
    rule("insurance.in_period", "事故发生在保险期间内", "the accident fell within the policy period",
         _FACTS_REASON, r"(?:事故)?发生(?:在|于)(?:保险期间|保险期限|保险责任期间)内"),
    rule("injury.income_standard", "人均可支配收入标准", "per-capita disposable income applied",
         _FACTS_REASON, rf"居民人均可支配收入(?:标准)?(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("injury.income_year", "收入标准年度", "year of the income standard", _FACTS_REASON,
         r"(?P<v>\d{4})\s*年度?[^。,;\d]{0,8}?居民人均可支配收入", "int"),
    rule("injury.disability_index", "伤残赔偿指数（%）", "disability index, per cent",
         _FACTS_REASON, r"伤残(?:赔偿)?(?:指数|系数)(?:为)?\s*(?P<v>\d{1,3})\s*%", "int"),
    # services, property services, house sales, partnerships, entrusted investment
    rule("contract.service_start", "服务期限起始日", "first day of the service period", _FACTS,
         rf"服务期(?:限|间)?(?:为)?自?\s*(?P<v>{DATE_RE})\s*起?至\s*{DATE_RE}", "date"),
    rule("contract.service_end", "服务期限届满日", "last day of the service period", _FACTS,
         rf"服务期(?:限|间)?(?:为)?自?\s*{DATE_RE}\s*起?至\s*(?P<v>{DATE_RE})", "date"),
    rule("contract.monthly_fee", "每月服务费", "service fee a month", _FACTS,
         rf"服务费(?:为|标准为)?每月\s*(?P<v>{MONEY_RE})", "money"),
    rule("property.estate", "物业服务区域", "the estate the manager serves", _FACTS,
         r"为\s*(?!被告|原告)(?P<v>[^。,;为]{2,20}?(?:小区|花园|苑|公寓|大厦))\s*(?:提供|的)物业(?:管理)?服务", "text"),
    rule("property.billing_cycle", "物业费交纳周期", "how often the service fee is paid", _FACTS,
         r"物业(?:服务)?费(?:按|每)\s*(?P<v>月|季度?|半年|年)\s*(?:预交|交纳|缴纳|支付)", "map",
         {"月": "month", "季": "quarter", "季度": "quarter", "半年": "half_year", "年": "year"}),
    rule("property.appointed_by", "物业服务人的选聘", "who appointed the manager: owners or developer",
         _FACTS, r"(?P<v>业主大会选聘|前期物业服务合同)", "map",
         {"业主大会选聘": "owners", "前期物业服务合同": "developer"}),
    rule("house.address", "买卖房屋坐落", "the house sold", _FACTS,
         r"(?:出售|购买|转让)(?:其)?(?:名下)?(?:位于|坐落于)\s*(?P<v>[^。,;]{4,40}?号(?:\d{1,4}室)?)\s*的?房屋",
         "text"),
    rule("house.transfer_date", "房屋过户登记日期", "date title to the house was transferred", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*办理(?:了)?(?:房屋)?(?:过户|产权转移|不动产转移)登记", "date"),
    rule("partnership.contribution", "合伙出资额", "what the claimant put into the partnership",
         _FACTS, rf"原告(?:实际)?出资\s*(?P<v>{MONEY_RE})", "money"),
    rule("partnership.share", "合伙份额（%）", "the claimant's share of the partnership, per cent",
         _FACTS, r"(?:占|享有)(?:合伙)?(?:份额|股份|收益)(?:的)?\s*(?P<v>\d{1,2}(?:\.\d{1,2})?)\s*%", "float"),
    rule("contract.agreed_return", "约定收益率（%）", "the return promised a year, per cent", _FACTS,
         r"(?:年化)?收益率(?:为)?\s*(?P<v>\d{1,2}(?:\.\d{1,2})?)\s*%", "float"),
    # subrogation and recourse
    rule("recourse.paid_date", "代为清偿日期", "date the claimant paid the defendant's debt", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*代被告[^。,;]{{0,20}}?(?:清偿|偿还|支付|代偿)", "date"),
    rule("recourse.paid_amount", "代为清偿金额", "sum the claimant paid for the defendant", _FACTS,
         rf"代被告[^。,;]{{0,20}}?(?:清偿|偿还|支付|代偿)(?:了)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("insurance.policy_no", "保险单号", "insurance policy number", _FACTS,
         r"保险单(?:号|编号)(?:为|:)?\s*(?P<v>[0-9A-Z]{8,30})", "text"),
    rule("subrogation.paid_date", "保险人赔付日期", "date the insurer paid the insured", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向被保险人[^。,;]{{0,30}}?赔付(?:了)?保险金", "date"),
    rule("subrogation.paid_amount", "保险人赔付金额", "sum the insurer paid the insured", _FACTS,
         rf"向被保险人[^。,;]{{0,30}}?赔付(?:了)?保险金\s*(?P<v>{MONEY_RE})", "money"),
    # the defence's ground for not paying, besides the amount or the account (defence.position)
    rule("defence.ground", "答辩理由", "the ground the defence gives for not paying", ("defence",),
         r"(?P<v>经济困难|资金(?:周转)?困难|超过(?:了)?诉讼时效|"
         r"已(?:经)?(?:全部)?(?:归还|还清|付清|清偿)|质量问题)", "map",
         {"经济困难": "hardship", "资金困难": "hardship", "资金周转困难": "hardship",
          "超过诉讼时效": "time_barred", "超过了诉讼时效": "time_barred", "质量问题": "quality",
          **_PAID}),
]  # fmt: skip
