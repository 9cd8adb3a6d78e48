"""Facts of the common case types that ordinary first-instance civil judgments state (issue 18
item 2, fourth round), after `record`: the lender's relation to the borrower and a written
promise to repay; a bank loan's repayment day, instalments missed and mortgage certificate; a
sale's quantity, unit price, objection period and warranty; a statement of account and the
invoice date; a property-service fee's standard, floor area and the period unpaid; a lease's
term, rent, payment cycle and deposit; an employment's workplace, probation, pay day, how
wages are paid and the severance base; the income standard, disability index and insurance
period of an injury; the age child support runs to.

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
    rule("loan.promise_date", "还款承诺书出具日期", "date of the borrower's written promise to repay",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*(?:向原告)?出具(?:了)?(?:一份)?还款(?:承诺书|计划书|保证书)",
         "date"),
    rule("loan.promise_due", "承诺还款日期", "date the borrower promised to repay by", _FACTS,
         rf"承诺(?:于|在)\s*(?P<v>{DATE_RE})\s*(?:前|之前)(?:归还|还清|偿还|结清)", "date"),
    # bank loans
    rule("loan.repayment_day", "每月还款日", "day of the month each instalment is due", _FACTS,
         r"应于每月\s*(?P<v>\d{1,2})\s*日(?:前)?(?:归还|偿还|还本付息|还款)", "int"),
    rule("loan.missed_instalments", "逾期期数", "instalments missed", _FACTS,
         rf"(?:连续|累计)\s*(?P<v>{_N})\s*期未(?:按约|按期|按时)?(?:归还|还款|偿还)", "int"),
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
    rule("contract.warranty_months", "质保期（月）", "warranty period in months", _FACTS,
         rf"质保期(?:为)?\s*(?P<v>{_N})\s*个月", "int"),
    rule("contract.platform", "交易平台", "the online platform the deal was made on", _FACTS,
         r"通过\s*(?P<v>[^。,;通]{2,12}?)\s*(?:平台|网店|APP)(?:交易|下单|购买|订购)", "text"),
    rule("contract.order_no", "订单编号", "the order number", _FACTS,
         r"订单(?:编)?号(?:为|:)?\s*(?P<v>[0-9A-Za-z]{8,30})", "text"),
    # any contract
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
    rule("lease.monthly_rent", "月租金", "monthly rent", _FACTS,
         rf"月租金(?:为|标准为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("lease.pay_every_months", "租金支付周期（月）", "rent paid every so many months", _FACTS,
         rf"租金(?:每|按)\s*(?P<v>{_N})\s*个月(?:支付|交纳|缴纳)一次", "int"),
    rule("lease.deposit", "租赁押金", "deposit for the lease", _FACTS,
         rf"(?:交纳|支付|交付|缴纳)(?:了)?(?:租赁|房屋)?押金\s*(?P<v>{MONEY_RE})", "money"),
    # employment
    rule("labour.workplace", "工作地点", "where the employee works", _FACTS,
         r"工作地点(?:为|在)\s*(?P<v>[^。,;]{2,20}?)(?=[。,;])", "text"),
    rule("labour.probation_months", "试用期（月）", "probation in months", _FACTS,
         rf"试用期(?:为)?\s*(?P<v>{_N})\s*个月", "int"),
    rule("labour.payday", "工资发放日", "day of the month wages are paid", _FACTS,
         r"每月\s*(?P<v>\d{1,2})\s*日(?:以[^。,;]{2,8}?方式)?发放(?:上月|当月|上一月)?(?:的)?工资", "int"),
    rule("labour.wage_paid_by", "工资发放方式", "how wages are paid", _FACTS,
         r"以\s*(?P<v>银行转账|现金)\s*(?:方式|形式)\s*发放", "map",
         {"银行转账": "transfer", "现金": "cash"}),
    rule("labour.severance_base", "经济补偿计算基数", "the monthly wage severance is counted on",
         _FACTS_REASON, rf"经济补偿(?:金)?(?:的)?计算基数(?:为|按)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.written_contract", "签订书面劳动合同", "a written employment contract was signed",
         _FACTS, r"(?P<v>未(?:与原告)?签订|签订(?:了)?)书面劳动合同", "map",
         {"签订了": True, "签订": True, "未签订": False, "未与原告签订": False}),
    # injuries
    rule("insurance.in_period", "事故发生在保险期间内", "the accident fell within the policy period",
         _FACTS_REASON, r"(?:事故)?发生(?:在|于)(?:保险期间|保险期限|保险责任期间)内"),
    rule("injury.income_standard", "人均可支配收入标准", "per-capita disposable income applied",
         _FACTS_REASON, rf"居民人均可支配收入(?:标准)?(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("injury.income_year", "收入标准年度", "year of the income standard", _FACTS_REASON,
         r"(?P<v>\d{4})\s*年度?[^。,;\d]{0,8}?居民人均可支配收入", "int"),
    rule("injury.disability_index", "伤残赔偿指数（%）", "disability index, per cent",
         _FACTS_REASON, r"伤残(?:赔偿)?(?:指数|系数)(?:为)?\s*(?P<v>\d{1,3})\s*%", "int"),
    # divorce
    rule("divorce.support_until_age", "抚养费支付至子女年龄", "age child support is paid until", _MAIN,
         r"至(?:子女|儿子|女儿|孩子|婚生子|婚生女)?年满\s*(?P<v>十八|十六|18|16)\s*周岁", "int"),
    # subrogation
    rule("insurance.policy_no", "保险单号", "insurance policy number", _FACTS,
         r"保险单(?:号|编号)(?:为|:)?\s*(?P<v>[0-9A-Z]{8,30})", "text"),
    rule("subrogation.paid_date", "保险人赔付日期", "date the insurer paid the insured", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向被保险人[^。,;]{{0,30}}?赔付(?:了)?保险金", "date"),
    rule("subrogation.paid_amount", "保险人赔付金额", "sum the insurer paid the insured", _FACTS,
         rf"向被保险人[^。,;]{{0,30}}?赔付(?:了)?保险金\s*(?P<v>{MONEY_RE})", "money"),
    # the defence's ground
    rule("defence.ground", "答辩理由", "the ground the defence gives", ("defence",),
         r"(?P<v>经济困难|资金(?:周转)?困难|数额过高|金额过高|以实际结算为准|超过(?:了)?诉讼时效|"
         r"已(?:经)?(?:全部)?(?:归还|还清|付清|清偿)|质量问题)", "map",
         {"经济困难": "hardship", "资金困难": "hardship", "资金周转困难": "hardship",
          "数额过高": "amount_too_high", "金额过高": "amount_too_high",
          "以实际结算为准": "per_settlement", "超过诉讼时效": "time_barred",
          "超过了诉讼时效": "time_barred", "质量问题": "quality", **_PAID}),
]  # fmt: skip
