"""The trial's record in a civil judgment (issue 18 item 2): service and the time to produce
evidence, preservation, each evidence item with its purpose, the cross-examination opinions
(真实性 / 合法性 / 关联性 / 证明目的) and the court's finding, the court's holding on each
disputed issue, the fact elements of the common case types (a loan's term, rate, delivery,
guarantee and repayment; a contract's price, due date, penalty terms, payments and demand;
an accident's date and liability, the injury, each head of loss and the insurance; an
employment, its wage, end and arbitration; a marriage, its child, separation and property),
the costs besides the acceptance fee and the appeal fee notice.

Pattern rules in the courts' fixed phrasing, registered after the civil ones. Linear time
(issue 16): every repetition is bounded or over a class the next token cannot start, so no
rule backtracks over a long run. The disputed issues themselves are listed by a reader
(courtqc.extract.trial), which splits the enumerated list.
"""

from __future__ import annotations

from courtqc.extract.patterns.rule import PatternRule, rule
from courtqc.extract.text import DATE_RE, MONEY_RE

_HIST = ("history",)
_EVID = ("claims", "defence", "facts", "history")
_FACTS = ("facts", "claims")  # the facts found, and the facts a claimant states
_FACTS_CLAIMS = ("facts", "claims")
_REASON = ("reasoning",)
_COSTS = ("costs", "main_text")
_NOTICE = ("appeal_notice", "signatures")
_N = r"[一二三四五六七八九十\d]{1,3}"
_OPINION = {
    "无异议": "admitted", "予以认可": "admitted", "认可": "admitted", "予以确认": "admitted",
    "有异议": "contested", "不予认可": "contested", "不认可": "contested",
    "不予确认": "contested",
}  # fmt: skip
_OPINION_RE = r"(?P<v>无异议|有异议|不予认可|予以认可|不认可|认可|予以确认|不予确认)"

_LOSSES = (
    ("loss.medical", "医疗费", "medical expenses"),
    ("loss.hospital_food", "住院伙食补助费", "hospital food allowance"),
    ("loss.nutrition", "营养费", "nutrition expenses"),
    ("loss.nursing", "护理费", "nursing expenses"),
    ("loss.lost_income", "误工费", "lost income"),
    ("loss.transport", "交通费", "transport expenses"),
    ("loss.disability", "残疾赔偿金", "disability compensation"),
    ("loss.mental", "精神损害抚慰金", "compensation for mental distress"),
    ("loss.appraisal_fee", "鉴定费", "appraisal fee (as a head of loss)"),
)

RULES: list[PatternRule] = [
    # service and evidence time limit
    rule("service.date", "送达起诉状副本日期", "date the complaint was served", _HIST,
         rf"于\s*(?P<v>{DATE_RE})\s*以[^。,]{{0,8}}?方式向[^。]{{0,60}}?送达", "date"),
    rule("service.method", "送达方式", "how the papers were served", _HIST,
         r"以\s*(?P<v>直接送达|邮寄送达|电子送达|留置送达|委托送达)\s*(?:的)?方式", "map",
         {"直接送达": "direct", "邮寄送达": "post", "电子送达": "electronic",
          "留置送达": "left_at_address", "委托送达": "entrusted"}),
    rule("evidence.deadline_days", "举证期限（日）", "days allowed to produce evidence", _HIST,
         rf"举证期限(?:为)?\s*(?P<v>{_N})\s*日", "int"),
    # preservation
    rule("preservation.date", "申请财产保全日期", "date preservation was applied for",
         (*_HIST, "facts"),
         rf"于\s*(?P<v>{DATE_RE})\s*向本院(?:提出|申请)[^。]{{0,6}}?(?:财产|诉讼)?保全", "date"),
    rule("preservation.amount", "保全金额", "value of the property to preserve",
         (*_HIST, "facts"),
         rf"(?:冻结|查封|扣押)[^。]{{0,80}}?(?:价值|金额为?|限额)\s*(?P<v>{MONEY_RE})", "money"),
    rule("preservation.granted", "保全申请获准", "preservation granted", (*_HIST, "facts"),
         r"保全[^。]{0,120}?裁定(?:予以)?准许|作出[^。]{0,20}?保全裁定"),
    # the defence
    rule("defence.position", "答辩意见类型", "defence: facts admitted / amount or account disputed / none",
         ("defence",),
         r"(?P<v>对原告主张的事实无异议|数额过高|以实际结算为准|未作答辩|未予答辩)", "map",
         {"对原告主张的事实无异议": "admits", "数额过高": "amount_disputed",
          "以实际结算为准": "settlement_disputed", "未作答辩": "none", "未予答辩": "none"}),
    # evidence, cross-examination and the court's finding
    rule("evidence.exchange", "证据交换", "evidence exchanged before the court", _EVID,
         r"证据交换"),
    rule("evidence.proponent", "举证方", "who produced evidence", _EVID,
         r"(?P<v>原告|被告|上诉人|被上诉人|第三人)[^。;]{0,50}?(?<![未不])向本院提交了?"
         r"(?:如下|以下|下列)?(?:证据|[^。,;]{1,12}?(?:一份|等证据))", "map",
         {"原告": "plaintiff", "被告": "defendant", "上诉人": "appellant",
          "被上诉人": "appellee", "第三人": "third_party"}, multi=True),
    rule("evidence.submitted", "提交的证据", "an evidence item produced", _EVID,
         r"(?:[:;]\s*\d{1,2}\s*[.、]\s*|(?<![未不])向本院提交了?)(?P<v>[^,;。:、]{2,20}?)"
         r"\s*(?:一份|,\s*证明)", "text", multi=True),
    rule("evidence.purpose", "证明目的", "what an evidence item is to prove", _EVID,
         r",\s*(?:用以|拟)?证明(?P<v>[^;。,]{2,40})", "text", multi=True),
    rule("evidence.opinion.authenticity", "质证意见：真实性", "opinion on authenticity", _EVID,
         rf"真实性(?:\s*[、,]\s*(?:合法性|关联性))*\s*均?\s*{_OPINION_RE}", "map", _OPINION,
         multi=True),
    rule("evidence.opinion.legality", "质证意见：合法性", "opinion on legality", _EVID,
         rf"合法性(?:\s*[、,]\s*关联性)?\s*均?\s*{_OPINION_RE}", "map", _OPINION, multi=True),
    rule("evidence.opinion.relevance", "质证意见：关联性", "opinion on relevance", _EVID,
         rf"关联性\s*均?\s*{_OPINION_RE}", "map", _OPINION, multi=True),
    rule("evidence.opinion.purpose", "质证意见：证明目的", "opinion on what it proves", _EVID,
         rf"证明目的\s*{_OPINION_RE}", "map", _OPINION, multi=True),
    rule("evidence.opinion.waived", "放弃质证", "the right to cross-examine waived", _EVID,
         r"放弃(?:了)?(?:举证、)?质证(?:的)?权利"),
    rule("evidence.defendant_none", "被告未提交证据", "the defendant produced no evidence",
         _EVID, r"被告[^。]{0,60}?未(?:向本院)?提交(?:任何)?证据"),
    rule("evidence.admitted", "本院采信的证据", "evidence the court accepts", (*_EVID, "reasoning"),
         r"证据\s*(?P<v>\d{1,2}(?:\s*[、,-]\s*\d{1,2})*)[^。;]{0,40}?本院予以(?:采信|确认|认定)",
         "text", multi=True),
    rule("evidence.rejected", "本院不予采信的证据", "evidence the court rejects",
         (*_EVID, "reasoning"),
         r"提交的(?P<v>[^,;。:]{2,20}?)(?:不足以|不能)证明[^。;]{0,20}?本院不予(?:采信|确认|采纳)",
         "text", multi=True),
    # the disputed issues: the court's reasoning and holding on each
    rule("dispute.reasoning", "争议焦点的评判", "the court's reasoning on a disputed issue",
         _REASON, r"关于[^,。;]{2,40}?的问题\s*,\s*(?P<v>[^。]{4,160})", "text", multi=True),
    rule("dispute.holding", "争议焦点的结论", "holding on a party's contention", _REASON,
         r"(?:主张|抗辩|请求|意见)\s*,?\s*本院(?P<v>予以支持|不予支持|部分支持|予以采纳|不予采纳)",
         "map", {"予以支持": "upheld", "部分支持": "partly_upheld", "不予支持": "rejected",
                 "予以采纳": "upheld", "不予采纳": "rejected"}, multi=True),
    # fact elements: any contract
    rule("demand.date", "催告日期", "date the claimant demanded performance", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:向被告)?(?:发出|送达)[^。]{{0,10}}?(?:催告函|催款函|催款通知|律师函)",
         "date"),
    rule("contract.sign_date", "合同签订日期", "date the contract was signed", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*签订", "date"),
    rule("contract.price", "合同总价款", "contract price", _FACTS,
         rf"(?:合同)?总价款(?:为|共计)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("contract.payment_due", "约定付款期限", "payment due date agreed", _FACTS,
         rf"付款期限(?:为|至)?\s*(?P<v>{DATE_RE})", "date"),
    rule("contract.penalty_terms", "违约金约定", "agreed late-payment penalty", _FACTS,
         r"按\s*(?P<v>[^。,;]{2,20}?)\s*(?:支付|计付|计算)违约金", "text"),
    rule("payment.paid", "已付款", "amount already paid", _FACTS,
         rf"已(?:支付|付款|付)\s*(?P<v>{MONEY_RE})", "money"),
    rule("payment.outstanding", "尚欠金额", "amount outstanding", _FACTS,
         rf"(?:尚欠|仍欠|结欠)[^。,;\d]{{0,8}}?\s*(?P<v>{MONEY_RE})", "money"),
    # loans and credit cards
    rule("loan.term_start", "借款期限起始日", "loan term from", _FACTS,
         rf"(?:借款|透支)期限自\s*(?P<v>{DATE_RE})", "date"),
    rule("loan.term_end", "借款到期日", "loan term to", _FACTS,
         rf"(?:借款|透支)期限自\s*{DATE_RE}\s*起?至\s*(?P<v>{DATE_RE})", "date"),
    rule("loan.agreed_rate", "约定借款利率", "interest rate the parties agreed", _FACTS,
         r"约定(?P<v>(?:年|月|日)利率(?:为)?\s*\d{1,3}(?:\.\d{1,4})?\s*(?:%|‰))", "text"),
    rule("loan.delivery", "借款交付方式", "how the loan was handed over", _FACTS,
         r"(?:款项|借款)以\s*(?P<v>银行转账|微信转账|支付宝转账|现金)\s*(?:的)?方式(?:交付|支付|出借)",
         "map", {"银行转账": "transfer", "微信转账": "transfer", "支付宝转账": "transfer",
                 "现金": "cash"}),
    rule("loan.guarantee_kind", "担保方式", "kind of guarantee", _FACTS,
         r"提供(?P<v>连带责任保证|一般保证|抵押担保|质押担保)", "map",
         {"连带责任保证": "joint_surety", "一般保证": "general_surety", "抵押担保": "mortgage",
          "质押担保": "pledge"}),
    rule("loan.repaid", "已还款金额", "amount repaid", _FACTS,
         rf"已(?:归还|偿还|还款)\s*(?P<v>{MONEY_RE})", "money"),
    # accidents and injuries
    rule("accident.date", "事故日期", "date of the accident", _FACTS,
         rf"(?P<v>{DATE_RE})\s*,\s*[^。]{{0,40}}?(?:驾驶|驾车)", "date"),
    rule("accident.liability", "事故责任认定", "liability in the police's accident finding",
         _FACTS, r"负(?:事故|此次事故|本起事故)?的?(?P<v>全部|主要|同等|次要)责任", "map",
         {"全部": "full", "主要": "main", "同等": "equal", "次要": "minor"}),
    rule("injury.hospital_days", "住院天数", "days in hospital", _FACTS,
         r"住院(?:治疗)?\s*(?P<v>\d{1,3})\s*天", "int"),
    rule("injury.disability_grade", "伤残等级", "disability grade", _FACTS,
         r"(?:伤残等级为|构成)\s*(?P<v>[一二三四五六七八九十]{1,2}|\d{1,2})\s*级", "int"),
    rule("insurance.compulsory", "交强险", "compulsory motor insurance", _FACTS_CLAIMS,
         r"交强险|机动车交通事故责任强制保险"),
    *[
        rule(k, zh, en, _FACTS_CLAIMS, rf"{zh}\s*(?:为|共计|合计)?\s*(?P<v>{MONEY_RE})", "money")
        for k, zh, en in _LOSSES
    ],
    # employment
    rule("labour.entry_date", "入职日期", "date employment began", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:入职|进入被告|到被告处工作)", "date"),
    rule("labour.wage", "约定月工资", "monthly wage", _FACTS,
         rf"(?:月工资|工资标准)(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("labour.exit_date", "劳动关系解除日期", "date employment ended", _FACTS,
         rf"(?P<v>{DATE_RE})\s*,?\s*(?:双方)?(?:劳动关系|劳动合同)(?:解除|终止)", "date"),
    rule("arbitration.apply_date", "申请劳动仲裁日期", "date labour arbitration was sought",
         _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*向[^。]{{0,30}}?仲裁委员会申请(?:劳动)?仲裁", "date"),
    rule("arbitration.award_date", "仲裁裁决日期", "date of the arbitral award", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*作出[^。]{{0,30}}?裁决", "date"),
    rule("arbitration.result", "仲裁裁决结果", "what the arbitral award decided", _FACTS,
         r"仲裁请求\s*(?P<v>不予支持|部分支持|予以支持|全部支持)", "map",
         {"不予支持": "rejected", "部分支持": "partly_upheld", "予以支持": "upheld",
          "全部支持": "upheld"}),
    # marriage
    rule("marriage.acquaintance", "相识方式", "how the spouses met", _FACTS,
         r"(?P<v>经人介绍|自由恋爱|通过网络)\s*(?:相识|认识)", "map",
         {"经人介绍": "introduced", "自由恋爱": "free_choice", "通过网络": "online"}),
    rule("marriage.registration_date", "结婚登记日期", "date the marriage was registered",
         _FACTS, rf"于\s*(?P<v>{DATE_RE})\s*(?:登记结婚|办理(?:了)?结婚登记)", "date"),
    rule("marriage.child_birth_date", "子女出生日期", "date a child was born", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*生育", "date", multi=True),
    rule("marriage.separation_date", "分居起始日", "date the spouses separated", _FACTS,
         rf"自\s*(?P<v>{DATE_RE})\s*(?:起)?分居", "date"),
    rule("marriage.common_property", "夫妻共同财产", "property held in common", _FACTS,
         r"共同财产(?:有|为)\s*(?P<v>[^。,;]{2,30})", "text"),
    rule("marriage.no_common_debt", "无夫妻共同债务", "no debts in common", _FACTS,
         r"(?:无|没有)(?:夫妻)?共同债务|共同债务\s*[:]?\s*无"),
    # costs besides the acceptance fee
    rule("costs.preservation_fee", "财产保全费", "preservation fee", _COSTS,
         rf"(?:财产)?保全(?:申请)?费\s*(?:为)?\s*(?P<v>{MONEY_RE})", "money"),
    rule("costs.prepaid_by", "预交受理费的当事人", "who paid the fee in advance", _COSTS,
         r"(?P<v>原告|被告|上诉人|申请人)[^。,;]{0,40}?已预交", "map",
         {"原告": "plaintiff", "被告": "defendant", "上诉人": "appellant", "申请人": "applicant"}),
    rule("costs.refund", "退还受理费", "fee refunded", _COSTS,
         r"本院予以退还|予以退还|退还[^。]{0,10}?(?:原告|上诉人|申请人)"),
    rule("costs.pay_deadline_days", "交纳诉讼费期限（日）", "days to pay the costs to the court",
         _COSTS, rf"(?P<v>{_N})\s*日内向本院(?:交纳|缴纳)", "int"),
    # the appeal fee notice
    rule("appeal.fee_prepay", "预交上诉费告知", "notice to prepay the appeal fee", _NOTICE,
         r"(?:预交|交纳)上诉(?:案件)?受理费"),
    rule("appeal.fee_deadline_days", "上诉费交纳期限（日）", "days after the appeal period to pay",
         _NOTICE, rf"上诉期(?:满|届满)后\s*(?P<v>{_N})\s*日内", "int"),
    rule("appeal.auto_withdrawal", "未交上诉费按撤回上诉处理",
         "an appeal fee unpaid counts as withdrawn", _NOTICE, r"自动撤回上诉处理|按撤回上诉处理"),
]  # fmt: skip

_YM = r"[一二三四五六七八九十\d]{1,3}\s*(?:年|个月)"

RULES += [
    # loans: the terms and the default
    rule("loan.purpose", "借款用途", "what the loan was for", _FACTS,
         r"借款用途(?:为|是)\s*(?P<v>[^。,;]{2,12})", "text"),
    rule("loan.repayment_method", "还款方式", "how the loan is repaid", _FACTS,
         r"还款方式(?:为|是)\s*(?P<v>按月等额本息|按月等额本金|按月付息\s*[、,]\s*到期还本|到期一次性还本付息)",
         "map", {"按月等额本息": "equal_instalments", "按月等额本金": "equal_principal",
                 "按月付息、到期还本": "interest_monthly", "按月付息,到期还本": "interest_monthly",
                 "到期一次性还本付息": "bullet"}),
    rule("loan.penalty_markup", "逾期罚息上浮比例", "penalty interest: agreed rate raised by",
         _FACTS, r"按(?:约定|合同)?利率(?P<v>上浮\s*\d{1,3}\s*%)\s*(?:计收|计算|收取)罚息", "text"),
    rule("guarantee.period_months", "保证期间（月）", "guarantee period in months", _FACTS,
         rf"保证期间为[^。,;]{{0,20}}?(?P<v>{_YM})", "months"),
    rule("loan.overdue_since", "逾期起始日", "date repayments stopped", _FACTS,
         rf"自\s*(?P<v>{DATE_RE})\s*起\s*(?:未按期|未按约|未再|停止)(?:还款|还本付息|归还)", "date"),
    rule("loan.accelerated", "宣布贷款提前到期", "loan declared due early", _FACTS,
         r"宣布[^。,;]{0,8}?提前到期"),
    rule("loan.interest_owed_as_of", "欠息计算截止日", "date the interest owed is counted to",
         _FACTS, rf"截至\s*(?P<v>{DATE_RE})\s*,\s*[^。,;]{{0,20}}?(?:尚欠|欠付)[^。,;]{{0,6}}?利息",
         "date"),
    rule("loan.interest_owed", "尚欠利息", "interest owed", _FACTS,
         rf"(?:尚欠|欠付)(?:的)?(?:借款)?利息\s*(?P<v>{MONEY_RE})", "money"),
    # contracts: subject, term, performance, invoice, account, forum
    rule("contract.subject", "合同标的", "what the contract is about", _FACTS,
         r"合同标的(?:为|是)\s*(?P<v>[^。,;]{2,12})", "text"),
    rule("contract.term_months", "合同期限（月）", "contract term in months", _FACTS,
         rf"合同期限为\s*(?P<v>{_YM})", "months"),
    rule("contract.performed_date", "合同义务履行完毕日期", "date the claimant performed", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:履行完毕|交付(?:了)?全部|完成(?:了)?全部)", "date"),
    rule("contract.received", "对方签收确认", "performance signed for", _FACTS,
         r"签收确认|予以签收|已签收"),
    rule("contract.invoice", "已开具发票", "invoice issued", _FACTS, r"开具(?:了)?(?:增值税)?(?:专用|普通)?发票"),
    rule("contract.settlement_date", "对账结算日期", "date the parties settled accounts", _FACTS,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:进行)?(?:对账|结算)", "date"),
    rule("contract.jurisdiction_clause", "约定管辖", "agreed forum", _FACTS,
         r"争议由\s*(?P<v>[^。,;]{2,12}?)\s*人民法院管辖", "text"),
]  # fmt: skip

_BEFORE_MAIN = ("history", "claims", "defence", "facts")

RULES += [
    # mediation documents
    rule("mediation.session_date", "调解日期", "date the court held the mediation", _BEFORE_MAIN,
         rf"(?P<v>{DATE_RE})\s*,\s*本院组织(?:双方)?当事人进行(?:了)?调解", "date"),
    rule("mediation.acceleration", "未按期履行即可申请执行全部", "default on any instalment makes all due",
         ("main_text",),
         r"未按(?:期|时)?足额(?:履行|支付)[^。;]{0,40}?申请(?:强制)?执行"),
    rule("mediation.waiver", "放弃其他诉讼请求", "the claimant gives up the other claims",
         ("main_text", "reasoning"), r"放弃(?:其他|其余|本案其他)(?:诉讼请求|诉请)"),
    # rulings: withdrawal and dismissal
    rule("withdrawal.date", "申请撤诉日期", "date the withdrawal was applied for", _BEFORE_MAIN,
         rf"于\s*(?P<v>{DATE_RE})\s*(?:以[^。]{{0,20}}?为由\s*,?\s*)?向本院(?:提出撤诉申请|申请撤回(?:起诉|上诉))",
         "date"),
    rule("withdrawal.reason", "撤诉理由", "why the suit was withdrawn", _BEFORE_MAIN,
         r"以\s*(?P<v>双方已自行和解|已自行和解|双方已达成和解|被告已履行|已履行完毕)\s*为由", "map",
         {"双方已自行和解": "settled", "已自行和解": "settled", "双方已达成和解": "settled",
          "被告已履行": "performed", "已履行完毕": "performed"}),
    rule("dismissal.ground", "驳回起诉的理由", "why the suit was dismissed", ("reasoning",),
         r"(?P<v>直接利害关系|仲裁条款|没有具体的诉讼请求|重复起诉)[^。]{0,60}?(?:起诉|诉讼)[^。]{0,20}?(?:驳回|不符合)",
         "map", {"直接利害关系": "no_interest", "仲裁条款": "arbitration",
                 "没有具体的诉讼请求": "no_claim", "重复起诉": "repeat"}),
]  # fmt: skip

RULES += [
    rule("party.legal_rep_title", "法定代表人职务", "the legal representative's post", ("parties",),
         r"法定代表人\s*:?\s*[^,。;\n]{1,12}?\s*,\s*(?:该公司|该行|该单位|该所|该中心)?"
         r"(?P<v>执行董事|总经理|董事长|行长|经理|主任|厂长|院长|董事)", "text", multi=True),
    rule("claims.interest_from", "请求的利息起算日", "date the interest claimed runs from",
         ("claims", "history"), rf"利息\s*\(\s*自\s*(?P<v>{DATE_RE})\s*起", "date"),
    rule("claims.costs_request", "请求对方负担诉讼费", "asks that the other side bear the costs",
         ("claims", "history"), r"(?:诉讼|受理)费(?:用)?(?:等)?由被告(?:负担|承担)"),
]  # fmt: skip

RULES += [
    rule("accident.place", "事故地点", "where the accident happened", _FACTS,
         r"(?:事故)?发生(?:在|于)\s*(?P<v>[^。,;]{2,20}?(?:路口|路段|交叉口))", "text"),
    rule("insurance.insurer", "承保的保险公司", "insurer of the vehicle", _FACTS,
         r"在\s*(?P<v>[^。,;在]{2,40}?保险(?:股份)?有限公司[^。,;]{0,12}?)\s*投保", "text"),
    rule("injury.hospital", "治疗医院", "hospital the injured was treated in", _FACTS,
         r"在\s*(?P<v>[^。,;在]{2,20}?医院)\s*(?:住院|治疗|就诊)", "text"),
    rule("labour.post", "工作岗位", "the employee's post", _FACTS,
         r"从事\s*(?P<v>[^。,;]{2,8}?)\s*工作", "text"),
    rule("labour.exit_reason", "劳动关系解除原因", "why the employment ended", _FACTS,
         r"(?P<v>严重违反(?:用人单位的?)?规章制度|未足额支付劳动报酬|劳动合同期满|协商一致)", "map",
         {"严重违反规章制度": "employer_dismissal", "严重违反用人单位规章制度": "employer_dismissal",
          "严重违反用人单位的规章制度": "employer_dismissal", "未足额支付劳动报酬": "wage_arrears",
          "劳动合同期满": "expiry", "协商一致": "agreement"}),
    rule("arbitration.body", "仲裁机构", "the arbitration commission", _FACTS,
         r"向\s*(?P<v>[^。,;向]{2,20}?劳动(?:人事)?争议仲裁委员会)", "text"),
    rule("marriage.child_wish", "子女随哪一方生活的意愿", "which parent the child wishes to live with",
         _FACTS, r"表示(?:愿意|愿)随\s*(?P<v>原告|被告)\s*生活", "map",
         {"原告": "plaintiff", "被告": "defendant"}),
]  # fmt: skip
