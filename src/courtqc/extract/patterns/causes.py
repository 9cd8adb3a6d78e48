"""What judgments of four common causes state (issue 18 item 2, fifth round), after
`casetype`: a property-service contract's signatory, grade, the manager serving on after the
term, the owner's moving in, the monthly fee, fees paid up to, the due day, the late-payment
penalty rate, the fee standard's filing, the arrears notice and the contract binding every
owner; a credit card's application (date, channel, grade), issue date, cash-advance and
instalment fee rates, statements, last use and the day interest is counted to; a house
sale's online signing and handover, its use, title certificate, down payment, mortgage loan,
estate agent, taxes and household registration; an employment's employer standing, base
wage, wages paid up to, work handed over, termination certificate and the arbitration time
limit.

Pattern rules in the courts' fixed phrasing; every repetition bounded (issue 16).
"""

from __future__ import annotations

from courtqc.extract.patterns.rule import PatternRule, rule
from courtqc.extract.text import DATE_RE, MONEY_RE

_FACTS = ("facts", "claims")
_FACTS_REASON = ("facts", "claims", "reasoning")
_N = r"[一二两三四五六七八九十\d]{1,3}"
_RATE = r"[万千]分之[一二三四五六七八九十]{1,2}"

RULES: list[PatternRule] = [
    # property services
    rule("property.contract_signer", "物业服务合同的委托方", "who signed the service contract with the manager",
         _FACTS,
         r"(?P<v>[^。,;:()（）]{4,30}?(?:业主委员会|业主大会|房地产开发有限公司|置业有限公司|开发有限责任公司))"
         r"\s*[（(]甲方[）)]\s*与原告\s*[（(]乙方[）)]", "text"),
    rule("property.service_grade", "物业服务等级", "service grade the contract fixes (一级 highest)", _FACTS,
         r"(?:物业)?服务等级(?:为)?\s*(?P<v>[一二三四五1-5])\s*级", "int"),
    rule("property.continued_after_term", "合同期满后继续提供物业服务",
         "the manager served on after the contract's term", _FACTS_REASON,
         r"(?:合同)?(?:期限)?(?:期满|届满)后[^。]{0,24}?继续[^。]{0,20}?提供(?:了)?物业(?:管理)?服务"),
    rule("property.move_in_date", "业主入住日期", "date the owner moved in (入住)", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*办理(?:了)?(?:房屋)?入住(?:手续)?", "date"),
    rule("property.monthly_fee", "每月应交物业费", "service fee the home owes a month", _FACTS,
         rf"每月应(?:交|缴|交纳|缴纳)物业(?:服务|管理)?费(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("property.paid_to", "物业费已交至", "date service fees were paid up to", _FACTS,
         rf"已(?:交纳|缴纳|交|缴)(?:物业(?:服务|管理)?费)?至\s*(?P<v>{DATE_RE})", "date"),
    rule("property.due_day", "物业费交纳日", "day of the (first) month fees fall due", _FACTS,
         r"应于\s*每(?:月|季度首月|季度第一个月|年1月|年一月)\s*(?P<v>\d{1,2})\s*日前(?:交纳|缴纳|支付)"
         r"(?:当期|当月|当年度?|下一?期)?(?:的)?物业", "int"),
    rule("property.late_fee_rate", "物业费逾期违约金日比例", "late-payment penalty a day, on the fees unpaid",
         _FACTS,
         rf"逾期(?:交纳|缴纳|交费|缴费)的?\s*,?[^。]{{0,24}}?(?:每日|每逾期一日)[^。,;\d]{{0,10}}?(?P<v>{_RATE})"
         r"[^。,;]{0,6}?(?:违约金|滞纳金)", "text"),
    rule("property.fee_filed", "收费标准已备案", "the fee standard is filed with the price office",
         _FACTS, r"收费标准[^。]{0,10}?(?:报|向)(?:价格主管部门|物价部门|物价局)[^。]{0,4}?备案"),
    rule("property.notice_date", "张贴催缴通知日期", "date an arrears notice was posted or served",
         _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*[^。,;]{{0,16}}?(?:张贴|送达|发出)(?:了)?《?(?:物业(?:服务|管理)?费)?催(?:缴|交)"
         r"(?:物业(?:服务|管理)?费)?(?:通知)", "date"),
    rule("property.binds_owners", "物业服务合同对业主具有约束力", "the service contract binds every owner",
         _FACTS_REASON, r"物业服务合同\s*,?\s*对(?:全体)?业主具有(?:法律)?约束力"),
    # credit cards
    rule("card.application_date", "信用卡申请日期", "date the card was applied for", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:通过[^。,;]{{2,12}}?)?(?:向原告)?申请(?:办理|领用)(?:了)?(?:一张)?信用卡",
         "date"),
    rule("card.channel", "信用卡申请渠道", "how the card was applied for: branch, mobile bank, visit",
         _FACTS, r"通过(?P<v>原告营业网点|原告手机银行|原告网上银行|原告工作人员上门)(?:向原告)?申请",
         "map", {"原告营业网点": "branch", "原告手机银行": "mobile", "原告网上银行": "online",
                 "原告工作人员上门": "visit"}),
    rule("card.grade", "信用卡卡种", "the card's grade", _FACTS,
         r"信用卡[（(](?P<v>普卡|金卡|白金卡|钻石卡)[）)]", "text"),
    rule("card.issued_date", "信用卡发放日期", "date the issuer sent out the card", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向被告(?:发放|核发)(?:了)?(?:一张)?信用卡", "date"),
    rule("card.cash_fee_pct", "预借现金手续费率（%）", "cash-advance fee, per cent of the sum drawn",
         _FACTS, r"(?:预借现金|取现)手续费按[^。,;]{0,8}?的\s*(?P<v>\d{1,2}(?:\.\d{1,2})?)\s*%", "float"),
    rule("card.instalment_fee_pct", "分期手续费率（%每期）", "instalment fee, per cent a month",
         _FACTS, r"分期手续费(?:率)?(?:为|按)?每期\s*(?P<v>\d(?:\.\d{1,3})?)\s*%", "float"),
    rule("card.statement_by", "对账单发送方式", "how statements are sent", _FACTS,
         r"通过(?P<v>电子邮件|短信|邮寄纸质账单)(?:方式)?向被告(?:发送|寄送)(?:了)?对账单", "map",
         {"电子邮件": "email", "短信": "sms", "邮寄纸质账单": "post"}),
    rule("card.last_use_date", "最后一次用卡日期", "date the card was last used", _FACTS,
         rf"最后一次使用(?:该|涉案)?信用卡(?:消费|交易)?的日期为\s*(?P<v>{DATE_RE})", "date"),
    rule("card.owed_as_of", "欠款计算截止日", "date interest and fees are counted to", _FACTS,
         rf"(?:利息|费用|滞纳金|违约金)[^。]{{0,12}}?(?:暂)?计算至\s*(?P<v>{DATE_RE})", "date"),
    # house sales
    rule("house.online_signing_date", "网签备案日期", "date the sale contract was signed online (网签)",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*(?:办理|进行)(?:了)?(?:房屋买卖合同)?网(?:上)?签(?:约)?(?:备案)?",
         "date"),
    rule("house.handover_date", "交房日期", "date the house and keys were handed over", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:向被告)?交付(?:了)?(?:全部)?(?:房屋|涉案房屋|该房屋)(?:及钥匙)?", "date"),
    rule("house.use", "房屋用途", "what the house is for, as registered", _FACTS,
         r"(?:规划|房屋|设计)用途为\s*(?P<v>住宅|商业|办公|商住)", "map",
         {"住宅": "residential", "商业": "commercial", "办公": "office", "商住": "mixed"}),
    rule("house.title_cert_no", "不动产权证号", "number of the title certificate", _FACTS,
         r"(?:不动产权证|房地产权证|产权证)(?:书)?(?:号|编号)为\s*(?P<v>[^。,;]{6,40}?号)", "text"),
    rule("house.down_payment", "首付款", "down payment", _FACTS,
         rf"首付款(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("house.loan_amount", "按揭贷款金额", "part of the price paid by a mortgage loan", _FACTS,
         rf"(?:其余|剩余)?(?:房款|房价款|购房款)\s*(?P<v>{MONEY_RE})\s*以?(?:银行)?(?:按揭|抵押)?贷款(?:方式)?支付",
         "money"),
    rule("house.agent", "居间中介", "estate agent who brought the parties together", _FACTS,
         r"经\s*(?P<v>[^。,;经]{4,30}?(?:房地产经纪|房产经纪|置业顾问|房屋中介)[^。,;经]{0,10}?(?:公司|事务所))"
         r"\s*(?:居间|中介)", "text"),
    rule("house.tax_borne_by", "交易税费承担", "who bears the transaction taxes", _FACTS,
         r"(?:交易)?税费由\s*(?P<v>买方|卖方|被告|原告|双方按规定各自|双方各自)\s*承担", "map",
         {"买方": "buyer", "卖方": "seller", "双方按规定各自": "each", "双方各自": "each"}),
    rule("house.hukou_out_days", "户口迁出期限（日）", "days the seller has to move their hukou out",
         _FACTS, rf"(?P<v>{_N})\s*日内将(?:其)?户口(?:全部)?迁出", "int"),
    # employment
    rule("labour.employer_qualified", "具备用工主体资格", "the employer may lawfully employ",
         _FACTS_REASON, r"(?<!不)具备(?:合法的)?用工主体资格"),
    rule("labour.base_wage", "基本工资", "base wage a month", _FACTS,
         rf"基本工资(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.wage_paid_to", "工资已支付至", "date wages were paid up to", _FACTS,
         rf"已(?:支付|发放)(?:原告)?(?:的)?工资至\s*(?P<v>{DATE_RE})", "date"),
    rule("labour.handover_done", "已办理工作交接", "the employee handed the work over", _FACTS,
         r"(?<!未)办理(?:了)?工作交接"),
    rule("labour.exit_certificate", "出具解除劳动合同证明", "the employer gave the termination certificate",
         _FACTS, r"(?P<v>未向原告出具|向原告出具了|未出具|已出具)(?:了)?解除(?:或者终止)?劳动(?:合同|关系)的?证明",
         "map", {"未向原告出具": False, "未出具": False, "向原告出具了": True, "已出具": True}),
    rule("arbitration.within_limit", "未超过仲裁时效", "arbitration was asked within the time limit",
         _FACTS_REASON, r"未超过(?:一年的|法定的)?仲裁时效"),
]  # fmt: skip

RULES += [
    # property services, continued
    rule("property.tender_no", "前期物业招标备案号", "filing number of the tender that chose the manager",
         _FACTS, r"招标备案号(?:为)?\s*(?P<v>[0-9A-Za-z\-]{3,20})", "text"),
    rule("property.owners_meeting_date", "业主大会选聘日期", "date the owners' assembly chose the manager",
         _FACTS, rf"业主大会于\s*(?P<v>{DATE_RE})\s*召开(?:会议)?[^。]{{0,12}}?(?:选聘|续聘|聘用)", "date"),
    rule("property.contract_filed", "物业服务合同已备案", "the service contract is filed with the housing office",
         _FACTS, r"物业服务合同[^。]{0,6}?(?:报|向)[^。]{0,10}?(?:房屋管理|房管|住房保障)[^。]{0,6}?备案"),
    rule("property.owner_duty", "业主应支付物业费", "owners must pay the manager the agreed fee",
         _FACTS_REASON, r"业主应当按照约定向物业服务人支付物业费"),
    # credit cards, continued
    rule("card.annual_fee", "信用卡年费标准", "the card's annual fee", _FACTS,
         rf"年费(?:标准)?为每年\s*(?P<v>{MONEY_RE})", "money"),
    rule("card.frozen_date", "信用卡止付日期", "date the issuer stopped the card", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*对被告的?信用卡(?:采取了?|进行了?)?(?:止付|冻结|停卡)", "date"),
    # house sales, continued
    rule("house.handover_due", "约定交房日期", "date the house was due to be handed over", _FACTS,
         rf"应(?:于|在)\s*(?P<v>{DATE_RE})\s*(?:前|之前)将(?:该|涉案)?房屋交付", "date"),
    rule("house.repair_fund_transferred", "维修资金随房过户", "the repair fund passes with the title",
         _FACTS, r"(?:专项)?维修资金随(?:房屋)?(?:所有权|产权)[^。]{0,4}?(?:过户|转移)"),
    rule("house.utilities_settled", "水电燃气费已结清", "utility bills were settled at handover", _FACTS,
         r"(?:已|均已)?结清(?:了)?水、?电、?(?:燃气|煤气)"),
    # sales
    rule("contract.delivery_place", "交货地点", "where the goods are delivered", _FACTS,
         r"交货地点(?:为|在)\s*(?P<v>[^。,;]{2,20}?)(?=[。,;])", "text"),
    rule("contract.quality_standard", "质量标准", "the quality standard the goods must meet", _FACTS,
         r"质量(?:标准)?(?:按|依照|执行)\s*(?P<v>国家标准|行业标准|双方确认的样品)", "map",
         {"国家标准": "national", "行业标准": "industry", "双方确认的样品": "sample"}),
    rule("contract.transport_mode", "运输方式", "how the goods travel", _FACTS,
         r"运输方式(?:为|采用)\s*(?P<v>汽车运输|铁路运输|物流快递|水路运输)", "map",
         {"汽车运输": "road", "铁路运输": "rail", "物流快递": "courier", "水路运输": "water"}),
    rule("contract.title_retained", "所有权保留", "title stays with the seller until paid", _FACTS,
         r"(?:付清|支付全部|结清)[^。]{0,10}?(?:之前|以前|前)\s*,?\s*(?:货物|标的物)的?所有权(?:属于|归|仍属于)(?:原告|卖方|出卖人)"),
    # private lending
    rule("loan.funds_source", "出借资金来源", "where the lender's money came from", _FACTS,
         r"出借的?(?:款项|资金|借款)系其\s*(?P<v>自有资金|家庭积蓄|经营所得|向他人借款)", "text"),
    # employment, continued
    rule("labour.handbook_published", "规章制度已公示", "the staff handbook was adopted and made known",
         _FACTS, r"(?:员工手册|规章制度)[^。]{0,16}?(?:已|并已)?向(?:原告|劳动者|员工)公示"),
    rule("labour.annual_leave_days", "带薪年休假天数", "paid annual leave days a year", _FACTS,
         rf"享有带薪年休假\s*(?P<v>{_N})\s*天", "int"),
    rule("labour.overtime_base", "加班工资计算基数", "the wage overtime pay is counted on", _FACTS_REASON,
         rf"加班(?:工资|费)的?计算基数(?:为|按)?\s*(?P<v>{MONEY_RE})", "money"),
]  # fmt: skip

RULES += [
    # sales, continued
    rule("contract.packing", "包装方式", "how the goods are packed", _FACTS,
         r"(?:货物)?采用\s*(?P<v>原厂包装|木箱包装|纸箱包装)", "map",
         {"原厂包装": "factory", "木箱包装": "crate", "纸箱包装": "carton"}),
    rule("contract.price_includes_tax", "价格含税", "the agreed price includes tax", _FACTS,
         r"(?:单价|价格|价款|总价)(?:均)?(?:为)?含税"),
    rule("contract.settlement_mode", "货款结算方式", "how the price is settled", _FACTS,
         r"(?:货款)?结算方式为\s*(?P<v>月结|票到付款|款到发货)", "map",
         {"月结": "monthly", "票到付款": "on_invoice", "款到发货": "prepaid"}),
    rule("contract.delivery_batches", "交货批次", "batches the goods were delivered in", _FACTS,
         rf"分\s*(?P<v>{_N})\s*批(?:次)?(?:向被告)?(?:交付|交货|送货|发货)", "int"),
    # private lending, continued
    rule("loan.witness", "借款见证人", "who witnessed the loan", _FACTS,
         r"借款时\s*,?\s*(?P<v>[\u4e00-\u9fff]{2,4}?)\s*在场(?:见证)?", "text"),
    rule("loan.lender_capacity", "出借人具有出借能力", "the lender could lend that much", _FACTS_REASON,
         r"(?<!不)具有(?:相应的)?(?:资金)?出借能力"),
    # bank loans
    rule("loan.application_date", "借款申请日期", "date the borrower applied for the loan", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向原告(?:提交|提出)(?:了)?(?:借款|贷款)申请", "date"),
    rule("loan.account_tail", "放款账户尾号", "last digits of the account the loan was paid into",
         _FACTS, r"(?:发放|划入|转入)至?被告[^。,;]{0,12}?尾号(?:为)?\s*(?P<v>\d{4})\s*的?(?:账户|银行卡)", "text"),
    rule("loan.acceleration_clause", "提前到期条款", "the contract lets the lender call the whole loan",
         _FACTS, r"原告有权宣布(?:借款|贷款|全部借款)[^。,;]{0,6}?提前到期"),
    rule("loan.setoff_clause", "扣收条款", "the lender may take what is due from the borrower's account",
         _FACTS, r"有权从被告[^。,;]{0,16}?账户(?:中)?(?:直接)?(?:扣收|扣划|扣款)"),
    rule("contract.service_address_clause", "约定送达地址", "the contract fixes the addresses for service",
         _FACTS, r"合同中(?:确认|载明|约定)的(?:联系)?地址为(?:法律文书)?送达地址"),
    # services
    rule("contract.service_content", "服务内容", "what the service was", _FACTS,
         r"为被告提供\s*(?P<v>[^。,;为]{2,12}?服务)\s*,", "text"),
    rule("contract.fee_cycle", "服务费结算周期", "how often the service fee is settled", _FACTS,
         r"服务费按\s*(?P<v>月|季度?|半年|年)\s*结算", "map",
         {"月": "month", "季": "quarter", "季度": "quarter", "半年": "half_year", "年": "year"}),
    rule("contract.service_confirmed", "服务经确认", "the client signed for the service", _FACTS,
         r"服务确认单上签(?:字|章)确认"),
    # leases
    rule("lease.use", "租赁用途", "what the premises are let for", _FACTS,
         r"(?:租赁用途为|租赁设备用于被告的)\s*(?P<v>办公|仓储|居住|生产经营)", "map",
         {"办公": "office", "仓储": "storage", "居住": "residence", "生产经营": "business"}),
]  # fmt: skip

RULES += [
    rule("property.service_scope", "物业服务内容", "what the manager's service covers", _FACTS,
         r"物业服务(?:内容|事项)(?:包括|为)\s*(?P<v>[^。;]{4,60}?)等?[。;]", "text"),
    rule("card.expiry", "信用卡有效期", "month the card expires", _FACTS,
         r"信用卡的?有效期(?:至|为)\s*(?P<v>\d{4}\s*年\s*\d{1,2}\s*月)", "text"),
    rule("contract.spec", "规格型号", "the goods' specification or model", _FACTS,
         r"规格型号(?:为)?\s*(?P<v>[0-9A-Za-z\-./]{2,20})", "text"),
    rule("lease.address", "租赁房屋坐落", "where the let premises are", _FACTS,
         r"租赁(?:房屋|物|场地)坐落(?:于|在)\s*(?P<v>[^。,;]{4,40}?号(?:\d{1,4}室)?)", "text"),
    rule("contract.service_place", "服务地点", "where the service is done", _FACTS,
         r"服务地点(?:为|在)\s*(?P<v>[^。,;]{2,20}?)(?=[。,;])", "text"),
    rule("labour.exit_registered_date", "退工登记日期", "date the employer registered the employee's exit",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*(?:为原告)?办理(?:了)?退工(?:登记)?手续", "date"),
]  # fmt: skip

RULES += [
    rule("contract.attorney_fee_clause", "律师费承担约定", "the contract puts the lawyer's fee on the debtor",
         _FACTS, r"合同约定[^。]{0,20}?律师(?:代理)?费[^。]{0,10}?由被告(?:承担|负担)"),
    rule("accident.driver_licensed", "驾驶人持有有效驾驶证", "the driver held a valid licence", _FACTS_REASON,
         r"(?<!未)持有(?:合法)?有效的?(?:机动车)?驾驶证"),
    rule("accident.vehicle_inspected", "车辆通过安全技术检验", "the vehicle had passed its safety inspection",
         _FACTS_REASON, r"(?:车辆)?(?:已)?(?:按规定)?(?:通过|经过)(?:了)?安全技术检验"),
    rule("property.fee_from_move_in", "物业费自入住起计收", "fees run from the day the owner moved in",
         _FACTS, r"物业(?:服务|管理)?费(?:自|从)[^。,;]{0,12}?入住[^。,;]{0,8}?(?:起|开始)(?:计收|计算|收取)"),
    rule("property.fee_publicised", "收费标准已公示", "the fee standard was published in the estate",
         _FACTS, r"公示(?:了)?物业(?:服务|管理)?(?:收费|费)标准|物业(?:服务|管理)?(?:收费|费)标准已(?:在[^。,;]{0,10}?)?公示"),
    rule("loan.iou_identity", "借条载明借款人身份信息", "the IOU gives the borrower's ID number",
         _FACTS, r"借条(?:上)?载明(?:了)?被告的身份证(?:号码|号)"),
    rule("contract.provider_qualified", "服务方具备资质", "the provider holds the qualification required",
         _FACTS_REASON, r"原告具备[^。,;]{0,12}?(?:相应|相关)?资质"),
    rule("labour.insurance_base", "社会保险缴费基数", "wage social insurance is paid on", _FACTS,
         rf"(?:社会保险|社保)的?缴费基数(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
]  # fmt: skip
