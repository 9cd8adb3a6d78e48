"""Civil (and administrative) first instance: the judgment, the mediation document and the
ruling that allows a withdrawal or dismisses the suit; with the cause styles, main-text money
items, late-interest clause, 民事诉讼法 articles by version and the case acceptance fee line
that the second instance reuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paragraphs import (
    _collegial,
    _date,
    _heading,
    _names,
    _numbered,
    _of,
    _party_lines,
    _procedure_words,
    rep_title,
)
from courtqc.synth.documents.records import (
    _Case,
    _Outcome,
    _Party,
)
from courtqc.synth.documents.text import (
    _CIVIL_CODE,
    _CPL_2022,
    _CPL_2024,
    _EPOCH,
    _ROLE_LABEL,
    _ad,
    _article,
    _case_fee,
    _money,
    _Var,
    int_to_cn,
)
from courtqc.synth.documents.trial_more import ITEM_KEYS, more_record, statement
from courtqc.synth.documents.trial_record import _group, record_var, trial_record


@dataclass(frozen=True, slots=True)
class _CauseStyle:
    noun: str  # what the principal is (借款本金, 货款 ...)
    verb: str  # 偿还 / 支付 / 赔偿
    code_articles: str  # citation from 2021 (民法典 era)
    old_articles: str  # citation before 2021
    fact: str  # 经审理查明 sentence, {A} plaintiff, {B} defendant, {amt}, {date}
    reason: str


_GENERIC = _CauseStyle(
    "欠款", "支付",
    "《中华人民共和国民法典》第五百零九条、第五百七十七条",
    "《中华人民共和国合同法》第六十条、第一百零七条",
    "原告{A}与被告{B}之间存在{cause}法律关系，被告{B}尚欠原告{amt}元未付，经原告催讨，被告至今未履行付款义务",
    "当事人应当按照约定全面履行自己的义务。被告未按约履行付款义务，应当承担相应的民事责任",
)  # fmt: skip

_STYLES: tuple[tuple[tuple[str, ...], _CauseStyle], ...] = (
    # first match wins: the more specific keys come first
    (("离婚",), _CauseStyle(
        "财产折价款", "支付",
        "《中华人民共和国民法典》第一千零七十九条、第一千零八十四条、第一千零八十七条",
        "《中华人民共和国婚姻法》第三十二条、第三十六条、第三十九条",
        "原告{A}与被告{B}系夫妻关系，婚后双方感情不和，现已分居，夫妻感情确已破裂",
        "婚姻关系的存续应以夫妻感情为基础。原、被告婚后感情不和，分居至今，夫妻感情确已破裂，"
        "原告要求离婚，本院予以准许",
    )),
    (("信用卡",), _CauseStyle(
        "透支本金", "偿还",
        "《中华人民共和国民法典》第六百七十五条、第六百七十六条",
        "《中华人民共和国合同法》第二百零六条、第二百零七条",
        "被告{B}向原告{A}申领信用卡并透支消费，截至起诉之日尚欠透支本金{amt}元未还",
        "被告透支后未按约还款，构成违约，应当承担还款责任",
    )),
    (("民间借贷", "借款合同"), _CauseStyle(
        "借款本金", "偿还",
        "《中华人民共和国民法典》第六百六十七条、第六百七十四条、第六百七十五条、第六百七十六条",
        "《中华人民共和国合同法》第二百零六条、第二百零七条、第二百一十一条",
        "{date}原告{A}向被告{B}出借款项{amt}元，被告{B}出具借条一份。借款到期后，经原告多次催讨，被告未归还借款",
        "合法的借贷关系受法律保护。原告提供的借条、银行转账凭证等证据能够证明双方之间的借贷关系真实存在，被告应当按约归还借款并支付相应利息",
    )),
    (("追偿权",), _CauseStyle(
        "代偿款", "支付",
        "《中华人民共和国民法典》第七百条",
        "《中华人民共和国担保法》第三十一条",
        "原告{A}为被告{B}的借款提供担保，并依约向债权人代为清偿{amt}元",
        "保证人承担保证责任后，有权在其承担保证责任的范围内向债务人追偿",
    )),
    (("融资租赁",), _CauseStyle(
        "租金", "支付",
        "《中华人民共和国民法典》第七百三十五条、第七百五十二条",
        "《中华人民共和国合同法》第二百三十七条、第二百四十八条",
        "原告{A}与被告{B}签订融资租赁合同，被告{B}未按期支付租金，尚欠租金{amt}元",
        "承租人应当按照约定支付租金，经催告后在合理期限内仍不支付的，出租人可以请求支付全部租金",
    )),
    (("租赁",), _CauseStyle(
        "租金", "支付",
        "《中华人民共和国民法典》第七百零三条、第七百二十一条、第七百二十二条",
        "《中华人民共和国合同法》第二百一十二条、第二百二十六条、第二百二十七条",
        "原告{A}与被告{B}签订租赁合同，被告{B}承租后拖欠租金{amt}元",
        "承租人应当按照约定的期限支付租金，被告拖欠租金，应予支付",
    )),
    (("保险人代位求偿",), _CauseStyle(
        "赔偿款", "支付",
        "《中华人民共和国保险法》第六十条第一款、《中华人民共和国民法典》第一千一百六十五条",
        "《中华人民共和国保险法》第六十条第一款、《中华人民共和国侵权责任法》第六条",
        "原告{A}承保的车辆与被告{B}发生事故，原告依约向被保险人赔付{amt}元后取得代位求偿权",
        "因第三者对保险标的的损害而造成保险事故的，保险人自向被保险人赔偿保险金之日起，在赔偿金额范围内代位行使被保险人对第三者请求赔偿的权利",
    )),
    (("产品责任",), _CauseStyle(
        "赔偿款", "支付",
        "《中华人民共和国民法典》第一千二百零二条、第一千二百零三条",
        "《中华人民共和国侵权责任法》第四十一条、第四十三条",
        "原告{A}向被告{B}购买商品，因商品存在缺陷主张赔偿{amt}元",
        "因产品存在缺陷造成他人损害的，生产者、销售者应当承担侵权责任",
    )),
    # before 买卖合同, which 房屋买卖合同纠纷 contains too: a house sale owes 购房款, not 货款
    (("房屋买卖",), _CauseStyle(
        "购房款", "支付",
        "《中华人民共和国民法典》第五百零九条、第五百七十七条、第五百九十五条",
        "《中华人民共和国合同法》第六十条、第一百零七条",
        "原告{A}与被告{B}签订房屋买卖合同，约定房屋转让价款，现就{amt}元价款发生争议",
        "双方签订的房屋买卖合同合法有效，当事人应当按约履行",
    )),
    (("买卖合同",), _CauseStyle(
        "货款", "支付",
        "《中华人民共和国民法典》第五百七十七条、第五百九十五条、第六百二十六条",
        "《中华人民共和国合同法》第一百零七条、第一百五十九条",
        "原告{A}与被告{B}之间存在买卖关系，双方经对账确认被告{B}尚欠货款{amt}元",
        "双方之间的买卖合同关系合法有效，被告收货后未按约支付货款，应承担违约责任",
    )),
    (("建设工程", "装饰装修", "承揽"), _CauseStyle(
        "工程款", "支付",
        "《中华人民共和国民法典》第五百七十七条、第七百八十八条、第七百九十九条",
        "《中华人民共和国合同法》第一百零七条、第二百六十九条、第二百七十九条",
        "原告{A}承接被告{B}发包的工程并已施工完毕，经结算被告{B}尚欠工程款{amt}元",
        "工程经竣工验收，发包人应当按照约定支付价款",
    )),
    (("劳务",), _CauseStyle(
        "劳务费", "支付",
        "《中华人民共和国民法典》第五百零九条、第五百七十七条",
        "《中华人民共和国合同法》第六十条、第一百零七条",
        "原告{A}为被告{B}提供劳务，被告{B}尚欠劳务费{amt}元",
        "原告提供劳务后，被告应当按约支付劳务报酬",
    )),
    (("劳动",), _CauseStyle(
        "劳动报酬", "支付",
        "《中华人民共和国劳动合同法》第三十条",
        "《中华人民共和国劳动合同法》第三十条",
        "原告{A}在被告{B}处工作，被告{B}拖欠原告劳动报酬{amt}元",
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬",
    )),
    (("物业服务",), _CauseStyle(
        "物业服务费", "支付",
        "《中华人民共和国民法典》第九百三十七条、第九百四十四条",
        "《物业管理条例》第四十一条",
        "原告{A}为被告{B}所在小区提供物业服务，被告{B}欠付物业服务费{amt}元",
        "业主应当按照约定向物业服务人支付物业费",
    )),
    (("服务合同",), _CauseStyle(
        "服务费", "支付",
        "《中华人民共和国民法典》第五百零九条、第五百七十七条",
        "《中华人民共和国合同法》第六十条、第一百零七条",
        "原告{A}依约向被告{B}提供服务，被告{B}尚欠服务费{amt}元",
        "原告已依约提供服务，被告应当支付相应的服务费",
    )),
    (("委托理财",), _CauseStyle(
        "投资款", "返还",
        "《中华人民共和国民法典》第五百零九条、第九百二十九条",
        "《中华人民共和国合同法》第六十条、第四百零六条",
        "原告{A}委托被告{B}进行理财，交付投资款{amt}元，到期后被告未按约返还",
        "受托人应当按照约定处理委托事务，被告未按约返还投资款，应承担相应责任",
    )),
    (("合伙",), _CauseStyle(
        "合伙款项", "返还",
        "《中华人民共和国民法典》第九百六十七条、第九百七十八条",
        "《中华人民共和国民法通则》第三十条、第三十五条",
        "原告{A}与被告{B}合伙经营，合伙结束后经结算被告{B}应返还原告{amt}元",
        "合伙合同终止后，合伙财产在支付因终止而产生的费用以及清偿合伙债务后有剩余的，应当按约分配",
    )),
    (("侵害", "著作权", "商标", "专利"), _CauseStyle(
        "经济损失", "赔偿",
        "《中华人民共和国民法典》第一千一百八十五条",
        "《中华人民共和国侵权责任法》第十五条",
        "被告{B}未经原告{A}许可，实施了侵害原告知识产权的行为，原告主张经济损失及合理开支{amt}元",
        "被告的行为侵害了原告依法享有的知识产权，应当承担停止侵害、赔偿损失的民事责任",
    )),
    (("运输", "海上", "海事"), _CauseStyle(
        "运费", "支付",
        "《中华人民共和国海商法》第六十九条、《中华人民共和国民法典》第五百七十七条",
        "《中华人民共和国海商法》第六十九条、《中华人民共和国合同法》第一百零七条",
        "原告{A}为被告{B}提供运输服务，被告{B}尚欠运费{amt}元",
        "托运人应当按照约定向承运人支付运费",
    )),
    (("交通事故", "侵权", "健康权", "生命权", "财产损害", "医疗损害"), _CauseStyle(
        "损失", "赔偿",
        "《中华人民共和国民法典》第一千一百六十五条、第一千一百七十九条",
        "《中华人民共和国侵权责任法》第六条、第十六条",
        "被告{B}的侵权行为造成原告{A}损失，经核定原告各项损失合计{amt}元",
        "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任",
    )),
)  # fmt: skip


@lru_cache(maxsize=2048)
def _style(cause: str | None) -> _CauseStyle:
    if cause:
        for keys, style in _STYLES:
            if any(k in cause for k in keys):
                return style
    return _GENERIC


def _rate(o: _Outcome) -> str:
    if o.rate_text:
        return o.rate_text if o.rate_text.startswith("按") else "按" + o.rate_text
    if o.rate_pct:
        return f"按年利率{_money(o.rate_pct)}%"
    return "按约定利率"


def _interest_paren(o: _Outcome, v: _Var, grouped: bool) -> str:
    basis = f"以{_money(o.basis, grouped)}元为基数，" if o.basis else ""
    start = f"自{_date(o.interest_from, v)}起" if o.interest_from is not None else ""
    return f"（{basis}{start}{_rate(o)}计算至实际清偿之日止）"


def _civil_items(
    c: _Case, outcomes: Sequence[_Outcome], parties: Sequence[_Party], v: _Var,
    deadline: str, grouped: bool,
) -> list[str]:  # fmt: skip
    """Money items of the main text, in item order; a principal and the interest on it with
    the same payer and payee make one item, as courts write them."""
    label = {p.party_id: _ROLE_LABEL.get(p.role, "") + p.name for p in parties}
    style = _style(c.cause or c.o_cause)
    items: list[str] = []
    i = 0
    money = [o for o in outcomes if o.kind != "costs"]
    while i < len(money):
        o = money[i]
        payer = label.get(o.payer, "") if o.payer is not None else ""
        payee = label.get(o.payee, "") if o.payee is not None else ""
        amt = _money(o.amount, grouped)
        nxt = money[i + 1] if i + 1 < len(money) else None
        if o.kind == "principal":
            text = f"{payer}{deadline}{style.verb}{payee}{style.noun}{amt}元"
            if nxt and nxt.kind == "interest" and nxt.payer == o.payer and nxt.payee == o.payee:
                text += "及利息" + _interest_paren(nxt, v, grouped)
                if nxt.amount:
                    text += f"（已计算至起诉之日的利息为{_money(nxt.amount, grouped)}元）"
                i += 1
            items.append(text)
        elif o.kind == "interest":
            text = f"{payer}{deadline}支付{payee}利息"
            text += f"{amt}元" if o.amount else _interest_paren(o, v, grouped)
            if o.amount and (o.basis or o.rate_text):
                text += _interest_paren(o, v, grouped)
            items.append(text)
        elif o.kind == "damages":
            items.append(f"{payer}{deadline}支付{payee}赔偿金{amt}元")
        elif o.kind == "compensation":
            items.append(f"{payer}{deadline}赔偿{payee}各项损失{amt}元")
        else:
            what = "财产折价款" if c.cause and "离婚" in c.cause else "款项"
            items.append(f"{payer}{deadline}支付{payee}{what}{amt}元")
        i += 1
    return items


def _late_clause(outcomes: Sequence[_Outcome], v: _Var, doc: str = "本判决") -> str | None:
    """The doubled-late-interest sentence, citing exactly the article the table records."""
    article = next((o.late_article for o in outcomes if o.late_article is not None), None)
    if article is None:
        return None
    lead = v.pick(("如果未按", "如果未按", "如未按"))
    dep = v.pick(("依照", "依照", "按照"))
    tail = v.pick(("之规定", "之规定", "规定", "的规定"))
    return (
        f"{lead}{doc}指定的期间履行给付金钱义务，应当{dep}《中华人民共和国民事诉讼法》"
        f"{_article(article)}{tail}，加倍支付迟延履行期间的债务利息。"
    )


def _cpl(c: _Case, key: str) -> str:
    """民事诉讼法 article for a procedural step, by the version in force on the closing date."""
    era = 0 if c.closing < _CPL_2022 else (1 if c.closing < _CPL_2024 else 2)
    return _CPL_ARTICLES[key][era]


_CPL_ARTICLES = {
    "withdraw": ("第一百四十五条第一款", "第一百四十八条第一款", "第一百四十八条第一款"),
    "dismiss": (
        "第一百一十九条、第一百五十四条第一款第三项",
        "第一百二十二条、第一百五十七条第一款第三项",
        "第一百二十二条、第一百五十七条第一款第三项",
    ),
    "default": ("第一百四十四条", "第一百四十七条", "第一百四十七条"),
    "upheld": (
        "第一百七十条第一款第一项",
        "第一百七十七条第一款第一项",
        "第一百七十七条第一款第一项",
    ),
    "modified": (
        "第一百七十条第一款第二项",
        "第一百七十七条第一款第二项",
        "第一百七十七条第一款第二项",
    ),
    "remanded": (
        "第一百七十条第一款第三项",
        "第一百七十七条第一款第三项",
        "第一百七十七条第一款第三项",
    ),
    "withdraw_appeal": ("第一百七十三条", "第一百八十条", "第一百八十条"),
}


def _fee_line(
    c: _Case, v: _Var, bearer: str, halved: bool, prefix: str = "案件受理费",
    claim: str | None = None, cause: str | None = None,
) -> str:  # fmt: skip
    costs = next((o for o in c.outcomes if o.kind == "costs" and o.amount), None)
    if costs is not None:
        payer = next((p for p in c.parties if p.party_id == costs.payer), None)
        who = (_ROLE_LABEL.get(payer.role, "") + payer.name) if payer else bearer
        # The recorded amount is what is borne: already halved for a mediation.
        half = "减半收取计" if halved and c.method == "mediation" else ""
        return f"{prefix}{half}{_money(costs.amount)}元，由{who}负担。"
    fee = _case_fee(claim if claim is not None else c.claim, cause or c.cause)
    if halved and fee > 10:
        half = fee / 2
        half_txt = f"{half:.0f}" if half == int(half) else f"{half:.2f}"
        return f"{prefix}{fee}元，减半收取计{half_txt}元，由{bearer}负担。"
    return f"{prefix}{fee}元，由{bearer}负担。"


def _claims(c: _Case, plaintiffs: str, defendants: str, v: _Var, grouped: bool) -> str:
    style = _style(c.cause)
    n = v.pick(("{}.", "{}、", "{}."))
    asks: list[str] = []
    if "离婚" in (c.cause or ""):
        asks.append(f"判令原告与被告{defendants}离婚")
    if c.claim:
        asks.append(f"判令被告{defendants}{style.verb}原告{style.noun}{_money(c.claim, grouped)}元")
    interest = next((o for o in c.outcomes if o.kind == "interest"), None)
    if interest is not None:
        start = (
            f"自{_date(interest.interest_from, v)}起" if interest.interest_from is not None else ""
        )
        asks.append(f"判令被告{defendants}支付利息（{start}计算至实际清偿之日止）")
    if any(o.kind == "damages" for o in c.outcomes):
        asks.append(f"判令被告{defendants}支付赔偿金")
    asks.append("本案诉讼费用由被告负担")
    numbered = "；".join(n.format(i) + a for i, a in enumerate(asks, 1))
    return f"原告{plaintiffs}向本院提出诉讼请求：{numbered}。"


def _claims_truth(c: _Case, truth: dict[str, list]) -> None:
    """What `_claims` and the party lines wrote that the round trip checks: the interest's
    start date asked for, the costs request, the representatives' posts."""
    interest = next((o for o in c.outcomes if o.kind == "interest"), None)
    if interest is not None and interest.interest_from is not None:
        truth["claims.interest_from"] = [_iso_day(interest.interest_from)]
    truth["claims.costs_request"] = [True]
    titles = [t for p in c.parties if (t := rep_title(p))]
    if titles:
        truth["party.legal_rep_title"] = [
            t.removeprefix("该公司").removeprefix("该行") for t in titles
        ]


def _attendance(plaintiffs: Sequence[_Party], defendants: Sequence[_Party]) -> str:
    """Who attended the hearing: each side's party, or its agents where it has them."""
    out = []
    for label, side in (("原告", plaintiffs), ("被告", defendants)):
        for p in side:
            agents = "、".join(a[0] for a in p.agents)
            out.append(f"{label}{p.name}的委托诉讼代理人{agents}" if agents else f"{label}{p.name}")
    return "，".join(out) if out else "当事人"


def attendance_truth(plaintiffs: Sequence[_Party], defendants: Sequence[_Party]) -> list[str]:
    return ["".join(a[0].split()) for p in (*plaintiffs, *defendants) for a in p.agents]


_DEFENCE_ASKS = {"请求法院酌情处理": "leniency", "请求依法驳回原告的部分诉讼请求": "dismiss_part"}


def _pleading_truth(lines: Sequence[str], truth: dict[str, list]) -> None:
    """The facts and reasons of the claims and what the defence asks, as written."""
    for line in lines:
        if "事实和理由：" in line:
            said = line.split("事实和理由：", 1)[1].split("。", 1)[0]
            truth["claims.grounds"] = ["".join(said.split())]  # text values carry no blanks
        if "辩称" in line:
            asks = [v for k, v in _DEFENCE_ASKS.items() if k in line]
            if asks:
                truth["defence.request"] = asks


def _principal_total(outcomes: Sequence[_Outcome]) -> float:
    return sum(float(o.amount) for o in outcomes if o.kind == "principal" and o.amount)


def _first_facts(
    c: _Case,
    v: _Var,
    lines: list[str],
    names: tuple[str, str, str],
    style: _CauseStyle,
    grouped: bool,
    absent: bool,
) -> tuple[float, int | None]:
    """The claims, the defence and the facts found of `_civil_first`, appended to `lines`;
    gives the principal total and where the facts found start (None for an administrative
    judgment, which has no trial record to insert there)."""
    A, B, cause = names
    admin = c.family == "administrative"
    defence_at = None
    principal = _principal_total(c.outcomes)
    first_date = next((o.contract_date for o in c.outcomes if o.contract_date is not None), None)
    amt = _money(c.claim, grouped) if c.claim else (f"{principal:.0f}" if principal else "")
    fact = style.fact.format(
        A=A, B=B, amt=amt, cause=cause, date=(_date(first_date, v) + "，") if first_date else ""
    )
    if admin:
        lines.append(f"原告{A}诉称，被告作出的行政行为认定事实不清，适用法律错误，请求依法撤销。")
        lines.append(
            f"被告{B}辩称，被诉行政行为认定事实清楚，证据确凿，适用法律正确，符合法定程序，"
            "请求驳回原告的诉讼请求。"
        )
        lines.append(f"经审理查明：被告{B}于原告起诉前作出被诉行政行为，原告不服，诉至本院。")
    else:
        lines.append(_claims(c, A, B, v, grouped) + f"事实和理由：{fact}。")
        if absent:
            lines.append(f"被告{B}未作答辩。")
        else:
            lines.append(
                f"被告{B}辩称，"
                + v.pick((
                    "对原告主张的事实无异议，但因经济困难暂时无力履行，请求法院酌情处理。",
                    "原告主张的数额过高，请求依法驳回原告的部分诉讼请求。",
                    "双方之间确有往来，但具体数额应以实际结算为准。",
                ))
            )  # fmt: skip
        defence_at = len(lines)
        lines.append(
            v.pick(("经审理查明：", "本院经审理认定事实如下：", "本院查明："))
            + fact + "。上述事实，有当事人的陈述及相关证据在案佐证，本院予以确认。"
        )  # fmt: skip
    return principal, defence_at


def _first_decision(
    c: _Case,
    v: _Var,
    names: tuple[str, str, str],
    style: _CauseStyle,
    grouped: bool,
    absent: bool,
    principal: float,
) -> tuple[list[str], str, str]:
    """The judgment items, the court's reasoning and the laws cited of `_civil_first`."""
    A, B, cause = names
    admin = c.family == "administrative"
    deadline = v.pick(
        ("于本判决生效之日起十日内", "应于本判决生效之日起十日内", "于本判决生效后十日内")
    )
    items = _civil_items(c, c.outcomes, c.parties, v, deadline, grouped)
    if "离婚" in cause and not admin:
        items.insert(0, f"准予原告{A}与被告{B}离婚")
    supported_all = c.claim is None or principal >= float(c.claim) - 0.005
    laws = style.code_articles if c.closing >= _CIVIL_CODE else style.old_articles
    if any(o.kind == "damages" for o in c.outcomes) and style.noun == "货款":
        laws += "，《中华人民共和国食品安全法》第一百四十八条第二款"
    if admin:
        if items:
            reason = (
                f"本院认为，被告{B}作出的行政行为损害了原告的合法权益，应当承担相应的法律责任。"
            )
            laws = "《中华人民共和国行政诉讼法》第七十六条"
        else:
            reason = (
                f"本院认为，被告{B}作出的被诉行政行为认定事实清楚，证据确凿，适用法律、法规正确，"
                "符合法定程序。原告的诉讼请求缺乏事实和法律依据，本院不予支持。"
            )
            laws = "《中华人民共和国行政诉讼法》第六十九条"
            items = [f"驳回原告{A}的诉讼请求"]
    else:
        reason = f"本院认为，{style.reason}。"
        if not items:
            reason = "本院认为，原告提供的证据不足以证明其主张，应承担举证不能的不利后果。"
            items = [f"驳回原告{A}的全部诉讼请求"]
        elif not supported_all and c.claim:
            reason += "原告主张超出部分，缺乏事实和法律依据，本院不予支持。"
            items.append(f"驳回原告{A}的其他诉讼请求")
        cpl = f"《中华人民共和国民事诉讼法》{_cpl(c, 'default')}" if absent else ""
        laws = "、".join(x for x in (laws, cpl) if x)
    return items, reason, laws


def _civil_first(
    c: _Case, courts: _Courts, v: _Var, title: str, truth: dict[str, list] | None = None
) -> list[str]:
    """A first-instance civil or administrative judgment. A civil one also records the trial
    (trial_record: service, evidence, disputed issues, fact elements, costs, appeal fee) from
    a stream of its own; `truth`, where given, receives the values it wrote."""
    w = record_var(v)
    P = _of(c, "plaintiff")
    D = _of(c, "defendant")
    T = _of(c, "third_party")
    A, B = _names(P), _names(D)
    cause = c.cause or "合同纠纷"
    style = _style(c.cause)
    grouped = v.chance(5)
    admin = c.family == "administrative"
    lines = _heading(c, courts, title, v, f"{A}与{B}{cause}一审{title}")
    lines += _party_lines(c, v, courts, {})
    absent = not admin and bool(D) and all(p.kind != "authority" for p in D) and v.chance(30)
    open_day = f"于{_date(c.hearing, v)}" if c.hearing is not None and v.chance(60) else ""
    third = f"、第三人{_names(T)}" if T else ""
    if admin:
        lines.append(
            f"原告{A}诉被告{B}{cause}一案，本院于{_ad(c.filing)}立案后，依法组成合议庭，"
            f"{open_day}公开开庭审理了本案。原告{A}、被告{B}{third}的委托诉讼代理人到庭参加诉讼。"
            "本案现已审理终结。"
        )
    else:
        presence = (
            f"被告{B}经本院合法传唤，无正当理由拒不到庭参加诉讼，本院依法缺席审理。"
            if absent
            else _attendance(P, D) + "到庭参加诉讼。"
        )
        lines.append(
            f"原告{A}与被告{B}{third}{cause}一案，本院于{_ad(c.filing)}立案后，"
            f"{_procedure_words(c.trial_procedure, False)}，"
            f"{'依法组成合议庭' if _collegial(c) else '由审判员独任审理'}，"
            f"{open_day}公开开庭进行了审理。"
            f"{presence}本案现已审理终结。"
        )
    history_at = len(lines)
    principal, defence_at = _first_facts(c, v, lines, (A, B, cause), style, grouped, absent)
    items, reason, laws = _first_decision(c, v, (A, B, cause), style, grouped, absent, principal)
    rec = None
    if not admin:
        rec = trial_record(
            c, w, (A, B, cause), absent, c.claim or f"{principal:.2f}",
            c.trial_procedure != "small_claims", not items[0].startswith("驳回"),
        )  # fmt: skip
        more_record(
            rec, c, w, _group(cause), cause, absent, not items[0].startswith("驳回"),
            c.claim or f"{principal:.2f}",
        )  # fmt: skip
        if rec.items:
            at = next((i for i, x in enumerate(items) if x.startswith("驳回")), len(items))
            items[at:at] = rec.items
        if truth is not None:
            truth.update(rec.truth)
            _claims_truth(c, truth)
            _pleading_truth(lines, truth)
            if not absent and (agents := attendance_truth(P, D)):
                truth["hearing.agent_attended"] = agents
        # the parts go in from the back, so the earlier positions stay right
        lines[defence_at + 1 : defence_at + 1] = rec.elements + rec.issues
        lines[defence_at:defence_at] = rec.evidence
        lines[history_at:history_at] = rec.procedure
        reason += rec.reasoning
    if absent:
        reason += f"被告{B}经本院合法传唤，无正当理由拒不到庭，视为放弃抗辩的权利。"
    lines.append(f"{reason}{v.pick(('综上，', '据此，', ''))}依照{laws}之规定，判决如下：")
    lines += _numbered(items, v)
    late = None if admin else _late_clause(c.outcomes, v)
    if late:
        lines.append(late)
    bearer = f"原告{A}" if items[0].startswith("驳回") else f"被告{B}"
    if admin:
        lines.append(f"案件受理费50元，由{bearer}负担。")
    else:
        lines.append(_fee_line(c, v, bearer, c.trial_procedure in ("simple", "small_claims")))
    if rec is not None:
        lines += rec.costs
    if c.trial_procedure == "small_claims":
        lines.append("本判决为终审判决。")
    else:
        lines.append(_appeal_notice(c, courts, v, "判决", 15) + (rec.appeal if rec else ""))
    sign = courts.signatures(c, v, _collegial(c), jurors=True)
    if rec is not None and w.chance(70):
        at = next((i for i, x in enumerate(sign) if x.replace("　", "").startswith("书记员")), None)
        if "本件与原本核对无异" in sign:  # the signatures wrote it already
            if truth is not None:
                truth["doc.certified_copy"] = [True]
        elif at is not None:
            sign.insert(at, "本件与原本核对无异")
            if truth is not None:
                truth["doc.certified_copy"] = [True]
    if rec is not None:
        _assistant(c, courts, w, sign, truth)
    lines += sign
    return lines


def _assistant(
    c: _Case, courts: _Courts, w: _Var, sign: list[str], truth: dict[str, list] | None
) -> None:
    """The judge assistant's line before the clerk's, where the signatures have none and the
    department has assistants (from the trial record's stream)."""
    flat = [x.replace("　", "") for x in sign]
    if any(x.startswith("法官助理") for x in flat):
        return
    bench = courts.by_dept.get((c.court_code, c.dept_id)) or courts.by_court.get(c.court_code)
    pool = bench.assistant_judge if bench else []
    at = next((i for i, x in enumerate(flat) if x.startswith("书记员")), None)
    if not pool or at is None:
        return
    name = pool[w.idx(len(pool))]
    sign.insert(at, f"法官助理{name}")
    if truth is not None:
        truth["judge_assistant"] = ["".join(name.split())]


def _appeal_notice(c: _Case, courts: _Courts, v: _Var, doc: str, days: int) -> str:
    return (
        f"如不服本{doc}，{v.pick(('可以在', '可在'))}{doc}书送达之日起{int_to_cn(days)}日内，"
        f"向本院递交上诉状，并按{v.pick(('照', ''))}对方当事人{v.pick(('或者代表人', ''))}的人数提出副本，"
        f"上诉于{courts.appeal_court(c)}。"
    )


def _civil_mediation(
    c: _Case, courts: _Courts, v: _Var, title: str, truth: dict[str, list] | None = None
) -> list[str]:
    """A mediation document; the session date, the acceleration clause and the waiver of
    the other claims come from a stream of their own (`truth`, where given, gets them)."""
    w = record_var(v)
    said = record_var(w)  # the claimant's facts and reasons: a stream of their own
    rec: dict[str, list] = {} if truth is None else truth
    P, D = _of(c, "plaintiff"), _of(c, "defendant")
    A, B = _names(P), _names(D)
    cause = c.cause or "合同纠纷"
    grouped = v.chance(5)
    lines = _heading(c, courts, title, v, None)
    lines += _party_lines(c, v, courts, {})
    lines.append(
        f"原告{A}与被告{B}{cause}一案，本院于{_ad(c.filing)}立案后，"
        f"{_procedure_words(c.trial_procedure, False)}进行了审理。"
    )
    principal = _principal_total(c.outcomes)
    facts, told = statement(c, said, (A, B, cause), c.claim or f"{principal:.2f}")
    lines.append(_claims(c, A, B, v, grouped) + f"事实和理由：{facts}")
    for k, vals in told.truth.items():
        rec.setdefault(k, []).extend(vals)
    session = c.closing - 1 - w.idx(max(min(c.closing - c.filing, 20), 1))
    lines.append(f"{_ad(session)}，本院组织双方当事人进行了调解。")
    rec.setdefault("mediation.session_date", []).append(_iso_day(session))
    lines.append(
        v.pick(("本案审理过程中，经本院主持调解，", "本案在审理过程中，经本院主持调解，"))
        + v.pick(("当事人自愿达成如下协议：", "双方当事人自愿达成如下协议："))
    )
    deadline = v.pick(("于本调解书生效之日起十日内", "应于本调解书签收之日起十日内"))
    items = _civil_items(c, c.outcomes, c.parties, v, deadline, grouped)
    if "离婚" in cause:
        items.insert(0, f"原告{A}与被告{B}自愿离婚")
    items += told.items
    items += _agreement_terms(c, said, rec, A, B)
    if any(o.kind != "costs" and o.amount for o in c.outcomes):
        items.append(
            f"如被告{B}未按期足额履行上述付款义务，原告{A}有权就全部未付款项一并申请强制执行"
        )
        rec.setdefault("mediation.acceleration", []).append(True)
    if w.chance(60):
        items.append(f"原告{A}自愿放弃其他诉讼请求")
        rec.setdefault("mediation.waiver", []).append(True)
    items.append("双方当事人就本案再无其他争议")
    for k in ("mediation.by_court", "mediation.no_other_dispute", "mediation.confirmed",
              "mediation.effective_on_signing"):  # fmt: skip
        rec.setdefault(k, []).append(True)
    fee = _fee_line(c, v, f"被告{B}", True).rstrip("。")
    items.append(fee)
    lines += _numbered(items, v)
    late = _late_clause(c.outcomes, v, "本调解书")
    if late:
        lines.append(late)
    lines.append("上述协议，不违反法律规定，本院予以确认。")
    lines.append(
        v.pick(
            (
                "本调解书经双方当事人签收后，即具有法律效力。",
                "本调解书经各方当事人签收后，即具有法律效力。",
            )
        )
    )
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines


def _agreement_terms(c: _Case, w: _Var, rec: dict[str, list], A: str, B: str) -> list[str]:
    """What a mediation agreement settles besides the sums: instalments, the account, a
    guarantor, interest waived, the preservation released (values into rec)."""
    if not any(o.kind != "costs" and o.amount for o in c.outcomes):
        return []
    out = []
    n = 2 + w.idx(5)
    day = 5 + w.idx(24)
    last = c.closing + 30 * n
    out.append(
        f"上述款项分{int_to_cn(n)}期履行，每月{day}日前履行一期，最后一期于{_ad(last)}前履行完毕"
    )
    rec.setdefault("mediation.instalments", []).append(n)
    rec.setdefault("mediation.instalment_day", []).append(day)
    rec.setdefault("mediation.final_date", []).append(_iso_day(last))
    bank = w.pick(_MEDIATION_BANKS)
    out.append(f"上述款项汇入原告{A}在{bank}开立的账户")
    rec.setdefault("payment.account_bank", []).append(bank)
    if w.chance(40):
        who = w.pick("王李张刘陈杨黄赵周吴") + w.pick(("建国", "丽华", "志强", "海燕", "晓东"))
        out.append(f"案外人{who}自愿对被告{B}的上述付款义务承担连带保证责任")
        rec.setdefault("mediation.guarantor", []).append(who)
    if w.chance(50):
        out.append(f"原告{A}自愿放弃对利息的主张")
        rec.setdefault("mediation.interest_waived", []).append(True)
    if c.preservations:
        days = w.pick((3, 5, 7))
        out.append(
            f"原告{A}应于收到全部款项后{int_to_cn(days)}日内向本院申请解除对被告{B}财产的保全措施"
        )
        rec.setdefault("mediation.preservation_release_days", []).append(days)
    return out


_MEDIATION_BANKS = ("中国银行上海市分行", "上海农商银行", "中国农业银行上海市分行", "浦发银行")

_DISMISS_REASONS = (
    "原告提供的证据不能证明其与本案有直接利害关系",
    "双方当事人在合同中约定了仲裁条款，本案不属于人民法院受理民事诉讼的范围",
    "原告的起诉没有具体的诉讼请求和事实、理由",
    "原告就同一纠纷重复起诉",
)
_DISMISS_GROUNDS = dict(
    zip(_DISMISS_REASONS, ("no_interest", "arbitration", "no_claim", "repeat"), strict=True)
)


def _iso_day(days: int) -> str:
    return (_EPOCH + dt.timedelta(days=days)).isoformat()


def _ruling_first(
    c: _Case, courts: _Courts, v: _Var, title: str, withdrawal: bool,
    truth: dict[str, list] | None = None,
) -> list[str]:  # fmt: skip
    """A ruling allowing a withdrawal or dismissing the suit; the withdrawal's date and the
    dismissal's ground are recorded in `truth`, where given."""
    rec: dict[str, list] = {} if truth is None else truth
    w = record_var(v)
    admin = c.family == "administrative"
    P, D = _of(c, "plaintiff"), _of(c, "defendant")
    A, B = _names(P), _names(D)
    cause = c.cause or ("行政行为" if admin else "合同纠纷")
    lines = _heading(c, courts, title, v, None)
    lines += _party_lines(c, v, courts, {})
    link = "诉" if admin else "与"
    what = "撤回起诉" if admin else "撤诉"
    if withdrawal:
        asked = max(c.filing, c.closing - 1 - w.idx(10))
        lines.append(
            f"原告{A}{link}被告{B}{cause}一案，本院于{_ad(c.filing)}立案。"
            f"原告{A}于{_ad(asked)}{v.pick(('向本院提出撤诉申请。', '以双方已自行和解为由，向本院申请撤回起诉。'))}"
        )
        rec.setdefault("withdrawal.date", []).append(_iso_day(asked))
        if "和解" in lines[-1]:
            rec.setdefault("withdrawal.reason", []).append("settled")
        law = (
            "《中华人民共和国行政诉讼法》第六十二条"
            if admin
            else f"《中华人民共和国民事诉讼法》{_cpl(c, 'withdraw')}"
        )
        lines.append(
            f"本院认为，原告{A}的撤诉申请系其真实意思表示，且符合法律规定，"
            f"依照{law}之规定，裁定如下："
        )
        rec.setdefault("withdrawal.voluntary", []).append(True)
        if c.preservations and not admin:
            lines.append(f"准许原告{A}{what}，并解除本院对被告{B}财产采取的保全措施。")
            rec.setdefault("preservation.released", []).append(True)
        else:
            lines.append(f"准许原告{A}{what}。")
        if admin:
            lines.append(f"案件受理费50元，减半收取计25元，由原告{A}负担。")
        else:
            lines.append(_fee_line(c, v, f"原告{A}", True))
        lines += courts.signatures(c, v, False, jurors=False)
        return lines
    lines.append(f"原告{A}{link}被告{B}{cause}一案，本院于{_ad(c.filing)}立案后，依法进行了审理。")
    if not admin:
        principal = _principal_total(c.outcomes)
        facts, told = statement(c, record_var(w), (A, B, cause), c.claim or f"{principal:.2f}")
        lines.append(_claims(c, A, B, v, False) + f"事实和理由：{facts}")
        for k, vals in told.truth.items():
            if k not in ITEM_KEYS:  # a ruling writes no such items
                rec.setdefault(k, []).extend(vals)
    reason = v.pick(_DISMISS_REASONS)
    rec.setdefault("dismissal.ground", []).append(_DISMISS_GROUNDS[reason])
    law = (
        "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第六十九条第一款"
        if admin
        else f"《中华人民共和国民事诉讼法》{_cpl(c, 'dismiss')}"
    )
    lines.append(
        f"本院经审查认为，{reason}，原告的起诉不符合法定的起诉条件，应予驳回。依照{law}之规定，裁定如下："
    )
    lines.append(f"驳回原告{A}的起诉。")
    fee = 50 if admin else _case_fee(c.claim, c.cause)
    lines.append(f"原告{A}预交的案件受理费{fee}元予以退还。")
    lines.append(_appeal_notice(c, courts, v, "裁定", 10))
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines
