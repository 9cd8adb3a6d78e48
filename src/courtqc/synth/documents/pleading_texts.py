"""How each element of the seven element-trial case types is written in synthetic pleadings
(courtqc.synth.documents.pleadings): the complaint's sentences, the defence's topic and
denial reasons, the evidence item that proves it, per case type.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class ElementText:
    """How one element is written: complaint sentences (one drawn), a request (optional),
    the topic the defence names, denial reasons, and the evidence item that proves it."""

    say: tuple[str, ...]
    topic: tuple[str, ...]
    reasons: tuple[str, ...]
    evidence: tuple[str, str] | None = None  # (name, purpose)
    request: str | None = None
    value: str | None = None  # the slot holding the element's value (truth)


# ---------------------------------------------------------------- per case type: the texts
def _lending(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "loan_agreement": ElementText(
            say=(
                "{loan_date}，被告因{purpose}向原告借款，并向原告出具借条一份，载明借款{amount}元。",
                "{loan_date}，原、被告签订《借款协议》，约定被告向原告借款{amount}元。",
                "被告于{loan_date}向原告借款{amount}元，双方之间形成借贷关系，被告当日出具了借据。",
            ),
            topic=("双方之间的借贷关系", "借条的真实性", "借款协议"),
            reasons=(
                "该借条系原告事先拟好、答辩人被迫签字",
                "双方之间实为合伙投资关系，借款协议不是双方真实意思",
            ),
            evidence=("借条(原件)", "证明双方之间存在借贷关系"),
        ),
        "loan_amount": ElementText(
            say=(
                "原告于同日通过银行转账方式向被告交付借款{amount}元。",
                "当日原告以现金方式向被告交付了借款本金{amount}元。",
                "原告分两次通过微信转账向被告支付借款合计{amount}元。",
            ),
            topic=("原告主张的款项交付", "借款本金的数额"),
            reasons=("答辩人实际仅收到{half}元", "原告并未实际交付借款"),
            evidence=("银行转账凭证", "证明原告已向被告交付借款{amount}元"),
            request="判令被告归还借款本金{amount}元",
            value="amount",
        ),
        "interest_agreement": ElementText(
            say=(
                "双方约定借款月利率为{mrate}%。",
                "双方口头约定年利率{yrate}%。",
                "借条载明按月息{fen}分计付利息。",
            ),
            topic=("原告所称的利息约定", "利率的约定"),
            reasons=("双方从未就利息作出约定", "利息已在出借时从本金中预先扣除"),
            request="判令被告支付利息(以{amount}元为基数，按年利率{yrate}%计算，自{due_date}起至实际清偿之日止)",
            value="rate",
        ),
        "repayment_term": ElementText(
            say=(
                "双方约定还款期限为{due_date}。",
                "借条载明被告应于{due_date}前归还全部借款，到期后经原告多次催要，被告均置之不理。",
            ),
            topic=("还款期限", "原告所述的还款时间"),
            reasons=(
                "双方约定待项目回款后再归还，还款期限尚未届至",
                "双方并未约定{due_date}为还款日",
            ),
            value="due_date",
        ),
        "repaid_amount": ElementText(
            say=(
                "被告仅于{repaid_date}归还了部分款项{repaid}元，余款至今未还。",
                "此后被告已归还{repaid}元，余款经原告催讨未果。",
            ),
            topic=("原告所述的已还款数额",),
            reasons=(
                "答辩人实际已归还{repaid2}元，有转账记录为证",
                "答辩人还款{repaid2}元均为本金，原告将其计为利息不当",
            ),
            evidence=("还款记录", "证明被告已还{repaid}元的情况"),
            value="repaid",
        ),
        "guarantee": ElementText(
            say=(
                "{guarantor}作为保证人在借条上签字，承诺承担连带保证责任。",
                "{guarantor}为该笔借款提供连带责任保证。",
            ),
            topic=("{guarantor}的保证责任", "保证人的担保"),
            reasons=(
                "{guarantor}仅为见证人，并非保证人",
                "保证期间已经届满，保证人不再承担保证责任",
            ),
            evidence=("保证书", "证明{guarantor}提供连带责任保证"),
            request="判令被告{guarantor}对上述债务承担连带清偿责任",
        ),
    }


def _finloan(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "loan_contract": ElementText(
            say=(
                "{sign_date}，原告与被告签订《个人借款合同》，约定被告向原告借款{amount}元，期限{term}个月。",
                "{sign_date}，被告向原告申请贷款，双方签订了编号为{contract_no}的借款合同。",
            ),
            topic=("借款合同的签订", "合同条款"),
            reasons=("合同系格式条款，原告未尽提示说明义务", "借款合同上的签名并非答辩人本人所签"),
            evidence=("《个人借款合同》", "证明双方借款合同关系成立及合同条款"),
        ),
        "disbursement": ElementText(
            say=(
                "合同签订后，原告于{loan_date}依约发放贷款{amount}元。",
                "原告已于{loan_date}将{amount}元足额划入被告指定账户。",
            ),
            topic=("原告所称的放款",),
            reasons=("该笔款项到账后即被划走，答辩人实际未使用", "答辩人账户仅收到{half}元"),
            evidence=("借款借据及放款凭证", "证明原告已按约放款{amount}元"),
            value="amount",
        ),
        "rates": ElementText(
            say=("合同约定年利率为{yrate}%，逾期罚息在约定利率基础上加收50%，并对欠息计收复利。",),
            topic=("罚息和复利的计算标准", "原告主张的利率"),
            reasons=("罚息与复利叠加计收过高", "合同中罚息条款未经答辩人确认"),
            request="判令被告支付截至{sue_date}的利息、罚息及复利{interest}元，并支付此后的罚息、复利至实际清偿之日止",
            value="rate",
        ),
        "default": ElementText(
            say=(
                "自{default_date}起，被告未按约还本付息，截至{sue_date}尚欠本金{owed}元。",
                "被告自{default_date}起逾期，至今拖欠本金{owed}元。",
            ),
            topic=("原告主张的欠款数额", "尚欠本金数额"),
            reasons=(
                "答辩人一直按期还款，原告计算的欠款数额有误",
                "答辩人已于{sue_date}前补足了逾期款项",
            ),
            evidence=("贷款账户交易明细", "证明被告自{default_date}起逾期，尚欠本金{owed}元"),
            request="判令被告归还借款本金{owed}元",
            value="owed",
        ),
        "acceleration": ElementText(
            say=(
                "原告遂依约于{accel_date}宣布贷款提前到期。",
                "因被告违约，原告于{accel_date}宣布借款提前到期并要求被告一次性还清。",
            ),
            topic=("原告宣布贷款提前到期",),
            reasons=("答辩人从未收到提前到期的通知", "逾期时间短，不符合合同约定的提前到期条件"),
            evidence=("提前到期通知书及邮寄凭证", "证明原告宣布贷款提前到期并已通知被告"),
            value="accel_date",
        ),
        "security": ElementText(
            say=(
                "被告{guarantor}与原告签订《保证合同》，承诺提供连带责任保证。",
                "被告以其名下位于上海市{district}的房屋设定抵押，并办理了抵押登记。",
            ),
            topic=("担保责任", "抵押登记"),
            reasons=("主合同变更未经担保人同意，担保人不再承担责任", "抵押合同未经答辩人配偶同意"),
            evidence=("《保证合同》或抵押登记证明", "证明担保关系成立"),
            request="判令原告对抵押物折价或拍卖、变卖所得价款享有优先受偿权",
        ),
    }


def _card(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "card_contract": ElementText(
            say=(
                "{sign_date}，被告向原告申领信用卡，并签署了信用卡申请表及领用合约。",
                "被告于{sign_date}申请办理原告发行的信用卡一张，签署了领用合约。",
            ),
            topic=("信用卡申请表上的签名", "领用合约"),
            reasons=("申请表上的签名系他人代签", "原告未对格式条款尽到提示说明义务"),
            evidence=("信用卡申请表及领用合约", "证明双方之间的信用卡合同关系"),
        ),
        "card_use": ElementText(
            say=("被告领卡后激活并透支使用。", "该卡激活后，被告持卡进行透支消费和取现。"),
            topic=("信用卡的透支使用",),
            reasons=("该卡开通后一直由他人保管使用", "答辩人从未激活该卡"),
            evidence=("信用卡交易明细", "证明被告激活信用卡并透支使用"),
        ),
        "arrears": ElementText(
            say=(
                "截至{sue_date}，被告尚欠透支本金{owed}元及利息。",
                "被告未按期还款，至{sue_date}共欠款{owed}元。",
            ),
            topic=("欠款数额", "原告主张的透支本金"),
            reasons=(
                "原告计算的欠款数额包含了已还款项",
                "答辩人已偿还大部分款项，原告主张的本金数额不对",
            ),
            evidence=("对账单", "证明截至{sue_date}被告尚欠透支本金{owed}元"),
            request="判令被告归还信用卡透支本金{owed}元",
            value="owed",
        ),
        "fees": ElementText(
            say=("依照领用合约，被告还应支付违约金{penalty}元及分期手续费。",),
            topic=("违约金和手续费", "原告主张的违约金"),
            reasons=(
                "违约金和手续费叠加计收明显过高，请求予以调减",
                "手续费未在领用合约中明确约定",
            ),
            request="判令被告支付违约金{penalty}元",
            value="penalty",
        ),
        "collection": ElementText(
            say=(
                "经原告多次电话及短信催收，被告至今未还。",
                "原告于{notice_date}向被告邮寄催收函，被告仍未还款。",
            ),
            topic=("原告的催收",),
            reasons=("答辩人从未接到电话或函件", "原告所称的催收函地址并非答辩人住所"),
            evidence=("催收记录", "证明原告多次向被告催收"),
        ),
    }


def _sales(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "sales_agreement": ElementText(
            say=(
                "{sign_date}，原、被告签订《购销合同》，约定原告向被告供应{goods}。",
                "原、被告之间自{sign_date}起建立买卖关系，被告按订单向原告采购{goods}。",
            ),
            topic=("双方之间的买卖合同关系", "购销合同"),
            reasons=(
                "答辩人与原告之间并无直接合同关系，实际采购方为案外人",
                "合同上的公章并非答辩人所盖",
            ),
            evidence=("《购销合同》及订单", "证明双方之间存在买卖合同关系"),
        ),
        "delivery": ElementText(
            say=(
                "原告依约向被告送货，被告均已签收。",
                "原告于{deliver_date}前陆续向被告交付全部货物。",
            ),
            topic=("交付数量", "原告所称的送货"),
            reasons=("原告仅送了部分货物，其余未交付", "送货单上的签收人并非答辩人员工"),
            evidence=("送货单", "证明原告已向被告送货且被告已签收"),
        ),
        "price": ElementText(
            say=(
                "经双方对账，被告应付货款{total}元，已付{paid}元，尚欠货款{owed}元。",
                "被告尚欠货款{owed}元，经原告多次催讨未付。",
            ),
            topic=("尚欠货款数额", "对账金额"),
            reasons=(
                "原告未开具发票，付款条件尚未成就",
                "答辩人已付清大部分货款，实际欠付数额远低于原告主张",
            ),
            evidence=("对账单", "证明被告尚欠货款{owed}元"),
            request="判令被告支付货款{owed}元",
            value="owed",
        ),
        "quality": ElementText(
            say=("被告收货后在检验期内未提出任何质量异议。", "货物经被告验收合格。"),
            topic=("货物的检验结果",),
            reasons=("货物存在严重瑕疵，答辩人收货后即通知原告退换", "部分货物经检测不合格"),
            evidence=("验收单", "证明货物经被告检验合格"),
        ),
        "late_payment_penalty": ElementText(
            say=(
                "合同约定逾期付款的，应按日万分之{perday}支付违约金。",
                "双方约定逾期付款应按未付款项的每日{perday}‱支付违约金。",
            ),
            topic=("违约金条款",),
            reasons=("约定的违约金过分高于实际损失，请求调减", "合同中并无违约金条款"),
            request="判令被告支付逾期付款违约金(以{owed}元为基数，自{deliver_date}起计算至实际清偿之日止)",
        ),
    }


def _traffic(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "accident": ElementText(
            say=(
                "{acc_date}，被告{driver}驾驶牌号为{plate}的小型轿车沿{road}行驶时，与原告驾驶的电动自行车相撞，致原告受伤。",
                "{acc_date}，在上海市{district}{road}路口，被告{driver}驾车撞倒步行的原告。",
            ),
            topic=("事故经过",),
            reasons=("事故系原告突然横穿马路所致", "原告所述的碰撞经过与事实不符"),
            value="acc_date",
        ),
        "liability": ElementText(
            say=(
                "经交警部门出具事故认定书，认定被告{driver}负事故全部责任，原告无责任。",
                "交警部门认定被告{driver}负主要责任，原告负次要责任。",
            ),
            topic=("事故认定书的责任划分",),
            reasons=("交警认定书的责任划分不当，原告亦有过错", "原告违规载人，应当自负部分责任"),
            evidence=("道路交通事故认定书", "证明事故各方的责任划分"),
        ),
        "insurance": ElementText(
            say=("肇事车辆在被告{insurer}处投保了交强险及商业三者险，事故发生在保险期间内。",),
            topic=("投保情况",),
            reasons=(
                "肇事司机无证驾驶，保险公司在商业三者险范围内免责",
                "事故发生时车辆已过保险期间",
            ),
            evidence=("保险单", "证明肇事车辆在被告保险公司投保交强险及商业三者险"),
            request="判令被告{insurer}在交强险和商业三者险范围内承担赔偿责任",
        ),
        "injury": ElementText(
            say=(
                "原告受伤后被送往医院住院治疗，经诊断为{injury}。",
                "原告伤后住院治疗{days}天，经司法鉴定构成{grade}级伤残。",
            ),
            topic=("伤情鉴定意见", "原告的伤残等级"),
            reasons=(
                "鉴定系原告单方委托，程序违法，答辩人申请重新鉴定",
                "原告伤残与本次事故之间无因果关系",
            ),
            evidence=("病历资料及司法鉴定意见书", "证明原告的伤情及伤残等级"),
        ),
        "losses": ElementText(
            say=("原告因此产生医疗费、误工费、护理费、营养费等各项损失合计{loss}元。",),
            topic=("各项损失的计算",),
            reasons=("误工费、护理费计算标准过高", "部分票据与本次事故无关"),
            evidence=("医疗费票据、误工证明等", "证明原告各项损失合计{loss}元"),
            request="判令被告赔偿原告医疗费、误工费等各项损失合计{loss}元",
            value="loss",
        ),
        "advance_payment": ElementText(
            say=("事故发生后，被告{driver}已垫付{advance}元。",),
            topic=("垫付金额",),
            reasons=(
                "答辩人实际垫付{advance2}元，应在赔偿款中扣除",
                "原告少算了答辩人先行支付的款项",
            ),
            value="advance",
        ),
    }


def _labour(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "employment": ElementText(
            say=(
                "原告于{start_date}入职被告处，担任{post}一职。",
                "原告自{start_date}起在被告处工作，岗位为{post}。",
            ),
            topic=("原告的入职时间", "双方的劳动关系"),
            reasons=(
                "原告系案外承包人招用的人员，与答辩人无劳动关系",
                "原告实际入职时间晚于其所述日期",
            ),
            evidence=("工牌及考勤记录", "证明原告自{start_date}起在被告处工作"),
            value="start_date",
        ),
        "written_contract": ElementText(
            say=("被告一直未与原告签订书面劳动合同。", "双方于{contract_date}签订了书面劳动合同。"),
            topic=("劳动合同的签订情况",),
            reasons=("答辩人已与原告签订劳动合同，系原告拒不交回", "原告所称的签订日期不实"),
            request="判令被告支付未签订书面劳动合同的二倍工资差额{double}元",
        ),
        "wages": ElementText(
            say=(
                "原告月工资为{wage}元，被告拖欠原告{months}个月工资。",
                "双方约定月薪{wage}元，被告至今欠发工资。",
            ),
            topic=("工资标准", "原告主张的欠薪"),
            reasons=(
                "原告的工资中包含了绩效部分，固定月薪并非原告所述数额",
                "答辩人已足额发放劳动报酬",
            ),
            evidence=("银行流水", "证明原告每月工资{wage}元"),
            request="判令被告支付拖欠的工资{arrears}元",
            value="wage",
        ),
        "overtime": ElementText(
            say=("原告在职期间经常加班，被告未支付加班费。",),
            topic=("原告所称的加班",),
            reasons=("答辩人实行综合计算工时制，原告并无加班", "原告未经审批自行留在单位"),
            evidence=("加班记录", "证明原告存在延长工作时间的情况"),
            request="判令被告支付加班费{ot}元",
        ),
        "termination": ElementText(
            say=(
                "{end_date}，被告以经营困难为由口头通知将原告辞退。",
                "{end_date}，被告单方解除与原告的劳动关系。",
            ),
            topic=("劳动关系解除的原因",),
            reasons=("原告系自行离职，并非答辩人辞退", "原告严重违反规章制度，答辩人解除合法"),
            evidence=("解除通知", "证明被告于{end_date}辞退原告"),
            value="end_date",
        ),
        "compensation": ElementText(
            say=("原告认为，被告违法解除劳动关系，应当支付赔偿金。",),
            topic=("原告主张的赔偿金",),
            reasons=("原告的计算基数包含加班费，标准有误", "答辩人解除劳动关系合法，无需支付"),
            request="判令被告支付违法解除劳动合同赔偿金{comp}元",
        ),
        "arbitration": ElementText(
            say=(
                "原告曾向上海市{district}劳动人事争议仲裁委员会申请仲裁，该委作出裁决，原告不服。",
            ),
            topic=("仲裁程序",),
            reasons=("原告部分请求未经仲裁前置程序", "原告超过了法定的起诉期限"),
            evidence=("仲裁裁决书", "证明本案已经劳动仲裁前置程序"),
        ),
    }


def _divorce(v: dict[str, str]) -> dict[str, ElementText]:
    return {
        "marriage": ElementText(
            say=(
                "原、被告于{wed_date}登记结婚，均系初婚。",
                "原告与被告经人介绍相识，于{wed_date}办理结婚登记。",
            ),
            topic=("结婚登记的时间",),
            reasons=("双方实为{wed2}登记，原告所述时间有误", "结婚证系补办，原告所述日期不实"),
            evidence=("结婚证", "证明双方婚姻关系"),
            value="wed_date",
        ),
        "breakdown": ElementText(
            say=(
                "婚后双方因性格不合经常吵架，自{apart_date}起分居至今，夫妻感情确已破裂。",
                "被告对家庭不管不问，双方感情已经破裂。",
            ),
            topic=("夫妻感情破裂", "原告所称的分居"),
            reasons=(
                "双方感情基础好，只是偶有口角，答辩人不同意离婚",
                "双方并未分居，原告只是外出工作",
            ),
        ),
        "children": ElementText(
            say=(
                "婚后育有一子{child}，现年{age}岁。",
                "双方婚生女{child}于{birth_year}年出生，现随原告生活。",
            ),
            topic=("孩子由原告抚养的主张",),
            reasons=(
                "孩子一直由答辩人照顾，由答辩人抚养更有利于孩子成长",
                "孩子已满八周岁，表示愿意随答辩人生活",
            ),
            evidence=("出生医学证明", "证明婚生子女的情况"),
            request="判令婚生子女{child}由原告直接抚养",
        ),
        "child_support": ElementText(
            say=("被告应每月负担抚养费{support}元。",),
            topic=("抚养费数额",),
            reasons=("答辩人收入有限，原告主张的抚养费过高", "原告收入更高，应由原告负担"),
            request="判令被告每月支付抚养费{support}元至孩子年满十八周岁",
            value="support",
        ),
        "common_property": ElementText(
            say=(
                "婚后双方共同购买了位于上海市{district}的房屋一套。",
                "婚姻关系存续期间，双方共有存款{deposit}元及车辆一辆。",
            ),
            topic=("共同财产的范围", "房屋的分割"),
            reasons=(
                "该房屋系答辩人父母出资购买，属答辩人个人财产",
                "存款已用于家庭生活开支，现已所剩无几",
            ),
            evidence=("不动产权证书", "证明夫妻共同财产情况"),
            request="依法分割夫妻共同财产",
        ),
        "common_debt": ElementText(
            say=("婚姻关系存续期间，双方为装修房屋对外负债{debt}元。",),
            topic=("共同债务",),
            reasons=("原告所称的负债系其个人消费，答辩人并不知情", "原告所称的负债系其虚构"),
            evidence=("借条", "证明夫妻共同债务{debt}元"),
            value="debt",
        ),
    }


TEXTS = {
    "private_lending": _lending,
    "financial_loan": _finloan,
    "credit_card": _card,
    "sales_contract": _sales,
    "traffic_accident": _traffic,
    "labour_dispute": _labour,
    "divorce": _divorce,
}
# elements a complaint of the type always states (a loan case without the loan is not one)
CORE = {
    "private_lending": {"loan_agreement", "loan_amount"},
    "financial_loan": {"loan_contract", "default"},
    "credit_card": {"card_contract", "arrears"},
    "sales_contract": {"sales_agreement", "price"},
    "traffic_accident": {"accident", "losses"},
    "labour_dispute": {"employment"},
    "divorce": {"marriage", "breakdown"},
}
CAUSE_ZH = {
    "private_lending": "民间借贷纠纷",
    "financial_loan": "金融借款合同纠纷",
    "credit_card": "信用卡纠纷",
    "sales_contract": "买卖合同纠纷",
    "traffic_accident": "机动车交通事故责任纠纷",
    "labour_dispute": "劳动争议",
    "divorce": "离婚纠纷",
}
