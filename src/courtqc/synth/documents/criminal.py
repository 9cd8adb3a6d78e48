"""Criminal judgments and rulings, first and second instance: charges with their 刑法 articles,
the sentence as the main text states it, the term's start and end, unit defendants."""

from __future__ import annotations

from collections.abc import Sequence

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paragraphs import (
    _agent_line,
    _collegial,
    _date,
    _heading,
    _names,
    _numbered,
    _of,
    _ordinal,
    _person,
    _procedure_words,
)
from courtqc.synth.documents.records import (
    _Case,
    _Party,
    _Sentence,
)
from courtqc.synth.documents.text import (
    _CRIM_PL_2018,
    _ROLE_LABEL,
    _ad,
    _cn,
    _money,
    _money_cn,
    _Var,
    format_duration,
)

# 刑法 article of each common charge. Charges outside this table are rendered without their
# own article (the general ones still appear).
CHARGE_ARTICLES: dict[str, str] = {
    "盗窃": "第二百六十四条", "诈骗": "第二百六十六条", "危险驾驶": "第一百三十三条之一",
    "交通肇事": "第一百三十三条", "故意伤害": "第二百三十四条第一款", "抢劫": "第二百六十三条",
    "抢夺": "第二百六十七条第一款", "敲诈勒索": "第二百七十四条", "寻衅滋事": "第二百九十三条",
    "聚众斗殴": "第二百九十二条第一款", "妨害公务": "第二百七十七条第一款",
    "贩卖毒品": "第三百四十七条", "走私、贩卖、运输、制造毒品": "第三百四十七条",
    "容留他人吸毒": "第三百五十四条", "非法吸收公众存款": "第一百七十六条",
    "集资诈骗": "第一百九十二条", "合同诈骗": "第二百二十四条", "信用卡诈骗": "第一百九十六条",
    "贪污": "第三百八十二条第一款、第三百八十三条", "受贿": "第三百八十五条第一款、第三百八十六条",
    "行贿": "第三百八十九条、第三百九十条", "职务侵占": "第二百七十一条第一款",
    "挪用资金": "第二百七十二条第一款", "非国家工作人员受贿": "第一百六十三条第一款",
    "帮助信息网络犯罪活动": "第二百八十七条之二第一款", "掩饰、隐瞒犯罪所得": "第三百一十二条",
    "开设赌场": "第三百零三条第二款", "赌博": "第三百零三条第一款", "强奸": "第二百三十六条",
    "故意杀人": "第二百三十二条", "非法经营": "第二百二十五条", "虚假诉讼": "第三百零七条之一",
    "拒不执行判决、裁定": "第三百一十三条", "侵犯公民个人信息": "第二百五十三条之一",
    "生产、销售伪劣产品": "第一百四十条", "假冒注册商标": "第二百一十三条",
    "销售假冒注册商标的商品": "第二百一十四条", "故意毁坏财物": "第二百七十五条",
    "非法拘禁": "第二百三十八条", "重大责任事故": "第一百三十四条第一款",
    "组织、领导传销活动": "第二百二十四条之一", "骗取贷款": "第一百七十五条之一",
    "虚开增值税专用发票": "第二百零五条", "洗钱": "第一百九十一条",
}  # fmt: skip

# What the defendant did, in the court's words, for the reasoning and the facts.
_CHARGE_CONDUCT: dict[str, str] = {
    "盗窃": "以非法占有为目的，秘密窃取他人财物",
    "诈骗": "以非法占有为目的，虚构事实、隐瞒真相，骗取他人财物",
    "危险驾驶": "在道路上醉酒驾驶机动车",
    "交通肇事": "违反交通运输管理法规，因而发生重大交通事故，致人重伤、死亡或者使公私财产遭受重大损失",
    "故意伤害": "故意非法损害他人身体健康，致人轻伤",
    "抢劫": "以非法占有为目的，当场使用暴力劫取他人财物",
    "寻衅滋事": "随意殴打他人，情节恶劣，破坏社会秩序",
    "贩卖毒品": "明知是毒品而贩卖",
    "容留他人吸毒": "提供场所容留他人吸食毒品",
    "非法吸收公众存款": "违反国家金融管理法规，变相吸收公众存款，扰乱金融秩序",
    "集资诈骗": "以非法占有为目的，使用诈骗方法非法集资",
    "合同诈骗": "以非法占有为目的，在签订、履行合同过程中骗取对方当事人财物",
    "贪污": "身为国家工作人员，利用职务上的便利，侵吞公共财物",
    "受贿": "身为国家工作人员，利用职务上的便利，非法收受他人财物，为他人谋取利益",
    "职务侵占": "利用职务上的便利，将本单位财物非法占为己有",
    "帮助信息网络犯罪活动": "明知他人利用信息网络实施犯罪，仍为其犯罪提供支付结算帮助，情节严重",
    "掩饰、隐瞒犯罪所得": "明知是犯罪所得而予以转移、掩饰、隐瞒",
    "开设赌场": "以营利为目的，开设赌场",
    "虚假诉讼": "以捏造的事实提起民事诉讼，妨害司法秩序",
    "拒不执行判决、裁定": "对人民法院的判决、裁定有能力执行而拒不执行，情节严重",
}


def _charges(s: _Sentence) -> list[str]:
    return [x.strip() for x in s.charges.split(";") if x.strip()]


def _charge_text(s: _Sentence) -> str:
    return "、".join(f"{ch}罪" for ch in _charges(s))


def _penalty(s: _Sentence, v: _Var, fine_cn: bool) -> str:
    """判处… as the main text states it."""
    p = s.penalty
    dur = format_duration
    fine = ""
    if s.fine:
        fine = _money_cn(s.fine) if fine_cn else f"{_money(s.fine)}元"
    if p == "not_guilty":
        return "无罪"
    if p == "exempt":
        return "免予刑事处罚"
    if p == "fine_only":
        return f"判处罚金人民币{fine}"
    parts = []
    if p == "fixed_term":
        parts.append(f"判处有期徒刑{dur(s.term_months or 0)}")
    elif p == "criminal_detention":
        parts.append(f"判处拘役{dur(s.term_months or 0)}")
    elif p == "public_surveillance":
        parts.append(f"判处管制{dur(s.term_months or 0)}")
    elif p == "life":
        parts.append("判处无期徒刑，剥夺政治权利终身")
    elif p == "death":
        parts.append("判处死刑，缓期二年执行，剥夺政治权利终身")
    else:
        parts.append(f"判处{p}")
    if s.probation_months:
        parts.append(f"缓刑{dur(s.probation_months)}")
    if s.political_months and p not in ("life", "death"):
        parts.append(f"剥夺政治权利{dur(s.political_months)}")
    if fine:
        parts.append(f"并处罚金人民币{fine}")
    if s.confiscation and _is_property_penalty(s.confiscation):
        conf = s.confiscation
        parts.append(conf if conf.startswith("并处") else f"并处{conf}")
    return "，".join(parts)


def _is_property_penalty(confiscation: str) -> bool:
    """没收（个人全部/部分）财产 is a penalty stated with the sentence; confiscating tools or
    proceeds (没收作案工具, 追缴违法所得) is a main-text item of its own."""
    return "财产" in confiscation


_FINE_DUE = (
    "罚金于本判决生效后十日内缴纳。",
    "罚金于判决生效后一个月内缴纳。",
    "罚金限本判决生效后十日内缴纳。",
    "罚金于本判决生效之日起十日内向本院缴纳。",
)


def _term_paren(s: _Sentence, v: _Var) -> str:
    """The bracket after the sentence: how the term runs (with its start and end, as the
    table records them) and when the fine is due."""
    fine = v.pick(_FINE_DUE) if s.fine and s.penalty != "not_guilty" else ""
    if s.probation_months:
        return f"（缓刑考验期限，从判决确定之日起计算。{fine}）"
    timed = s.penalty in ("fixed_term", "criminal_detention", "public_surveillance")
    if timed and s.term_start is not None and s.term_end is not None:
        span = f"即自{_date(s.term_start, v, 3)}起至{_date(s.term_end, v, 3)}止"
        if s.custody_start is not None:
            rate = "二日" if s.penalty == "public_surveillance" else "一日"
            return (
                f"（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期{rate}，"
                f"{span}。{fine}）"
            )
        return f"（刑期从判决执行之日起计算，{span}。{fine}）"
    return f"（{fine}）" if fine else ""


def _sentence_item(who: str, s: _Sentence, v: _Var, fine_cn: bool) -> str:
    if s.penalty == "not_guilty":
        return f"{who}无罪"
    charges = _charge_text(s)
    multi = len(_charges(s)) > 1
    body = _penalty(s, v, fine_cn)
    head = f"{who}犯{charges}，" + ("数罪并罚，决定执行" if multi and s.penalty != "exempt" else "")
    if multi and body.startswith("判处"):
        body = body[2:]
    return head + body


def _accused(p: _Party) -> str:
    """被告人 for a person, 被告单位 for a company tried for a unit crime (单位犯罪)."""
    return "被告人" if p.kind == "natural" else "被告单位"


def _accused_list(defs: Sequence[_Party]) -> str:
    """被告单位X、被告人A、B: the unit first, as judgments list them."""
    units = [p.name for p in defs if p.kind != "natural"]
    people = [p.name for p in defs if p.kind == "natural"]
    parts = []
    if units:
        parts.append("被告单位" + "、".join(units))
    if people:
        parts.append("被告人" + "、".join(people))
    return "、".join(parts)


def _criminal_articles(sentences: Sequence[_Sentence]) -> str:
    arts: list[str] = []
    for s in sentences:
        for ch in _charges(s):
            a = CHARGE_ARTICLES.get(ch)
            if a and a not in arts:
                arts.append(a)
    extra = ["第六十七条第三款"]
    if any(len(_charges(s)) > 1 for s in sentences):
        extra.append("第六十九条")
    if any(s.probation_months for s in sentences):
        extra += ["第七十二条第一款", "第七十三条第二款、第三款"]
    if any(s.fine for s in sentences):
        extra += ["第五十二条", "第五十三条"]
    if any(s.confiscation for s in sentences):
        extra.append("第六十四条")
    if any(s.penalty == "exempt" for s in sentences):
        extra.append("第三十七条")
    return "《中华人民共和国刑法》" + "、".join(arts + extra)


def _prosecutor(c: _Case, courts: _Courts, parties: Sequence[_Party]) -> str:
    p = next((p for p in parties if p.role == "prosecutor"), None)
    return p.name if p else courts.procuratorate(c.o_court or c.court_code)


def _criminal_first(c: _Case, courts: _Courts, v: _Var, title: str) -> list[str]:
    defs = _of(c, "criminal_defendant", "defendant")
    victims = _of(c, "victim")
    sent = {s.party_id: s for s in c.sentences}
    names = _names(defs)
    accused = _accused_list(defs)
    pros = _prosecutor(c, courts, c.parties)
    fine_cn = v.chance(70)
    all_charges = "、".join(dict.fromkeys(ch for s in c.sentences for ch in _charges(s)))
    caption = f"{names}{all_charges or c.cause or ''}一审刑事判决书"
    lines = _heading(c, courts, title, v, caption)
    if not any(p.role == "prosecutor" for p in c.parties):
        lines.append(f"公诉机关{pros}。")
    for line in _criminal_party_lines(c, v, courts, sent, {}):
        lines.append(line)
    charge_words = "、".join(f"{x}罪" for x in all_charges.split("、") if x) or (c.cause or "")
    open_day = f"于{_date(c.hearing, v)}" if c.hearing is not None and v.chance(50) else ""
    defenders = [a[0] for p in defs for a in p.agents]
    attend = f"{accused}" + (f"及其辩护人{'、'.join(defenders)}" if defenders else "")
    lines.append(
        f"{pros}以起诉书指控{accused}犯{charge_words}，于{_ad(c.filing)}向本院提起公诉。"
        f"本院{_procedure_words(c.trial_procedure, True)}，{open_day}公开开庭审理了本案。"
        f"{pros}指派检察员出庭支持公诉，{attend}到庭参加诉讼。现已审理终结。"
    )
    facts = []
    for p in defs:
        s = sent.get(p.party_id)
        if s is None:
            continue
        for ch in _charges(s):
            conduct = _CHARGE_CONDUCT.get(ch, f"实施了{ch}犯罪行为")
            victim = f"（被害人{_names(victims)}）" if victims and v.chance(50) else ""
            amount = f"，涉案金额人民币{_money(s.crime_amount)}元" if s.crime_amount else ""
            facts.append(f"{_accused(p)}{p.name}{conduct}{victim}{amount}")
        if s.custody_start is not None:
            facts.append(f"{_ad(s.custody_start)}，{_accused(p)}{p.name}被公安机关抓获归案")
    fact_text = "。".join(facts) + "。" if facts else ""
    lead = v.idx(2)
    if lead == 0:
        lines.append(f"公诉机关指控：{fact_text}")
        lines.append(
            f"上述事实，{accused}在开庭审理过程中亦无异议，且有被害人陈述、证人证言、"
            "书证、被告人供述等证据证实，足以认定。"
        )
    else:
        lines.append(f"{pros}指控{accused}犯{charge_words}，并提出了量刑建议。")
        lines.append(
            f"{accused}对指控的犯罪事实和罪名均无异议，"
            + v.pick(("自愿认罪认罚。", "当庭表示认罪。"))
        )
        lines.append(f"经审理查明：{fact_text}")
        lines.append("上述事实，有经庭审举证、质证的证据予以证实，本院予以确认。")
    reasons = []
    for p in defs:
        s = sent.get(p.party_id)
        if s is None:
            continue
        if s.penalty == "not_guilty":
            reasons.append(
                f"公诉机关指控{_accused(p)}{p.name}犯{_charge_text(s)}的事实不清、证据不足，指控的犯罪不能成立"
            )
            continue
        conduct = "；".join(
            _CHARGE_CONDUCT.get(ch, f"其行为符合{ch}罪的构成要件") for ch in _charges(s)
        )
        reasons.append(f"{_accused(p)}{p.name}{conduct}，其行为已构成{_charge_text(s)}")
    reason = "本院认为，" + "；".join(reasons) + "。" if reasons else "本院认为，"
    if any(s.penalty != "not_guilty" for s in c.sentences):
        reason += "公诉机关指控的罪名成立。" + v.pick((
            f"{accused}到案后如实供述自己的罪行，依法可以从轻处罚。",
            f"{accused}到案后能如实供述罪行，且自愿认罪认罚，依法可以从宽处理。",
        ))  # fmt: skip
    lines.append(f"{reason}依照{_criminal_articles(c.sentences)}之规定，判决如下：")
    items = []
    for p in defs:
        s = sent.get(p.party_id)
        if s is None:
            continue
        items.append(
            _sentence_item(f"{_accused(p)}{p.name}", s, v, fine_cn) + "。" + _term_paren(s, v)
        )
    for conf in dict.fromkeys(
        s.confiscation
        for s in c.sentences
        if s.confiscation and not _is_property_penalty(s.confiscation)
    ):
        items.append(f"{conf}。")
    if len(items) == 1:
        lines.append(items[0])
    else:
        lines += [f"{_ordinal(i)}、{it}" for i, it in enumerate(items, 1)]
    copies = v.pick(("一", "二"))
    lines.append(
        f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{courts.appeal_court(c)}"
        f"提出上诉。书面上诉的，应当提交上诉状正本一份，副本{copies}份。"
    )
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines


def _criminal_party_lines(
    c: _Case, v: _Var, courts: _Courts, sent: dict[int, _Sentence], labels: dict[int, str]
) -> list[str]:
    out = []
    for p in c.parties:
        if p.role in ("victim", "prosecutor"):
            if p.role == "prosecutor":
                out.append(f"公诉机关{p.name}。")
            continue
        label = labels.get(p.party_id, _ROLE_LABEL.get(p.role, p.role))
        if p.kind == "natural":
            line = f"{label}{_person(p, v, True)}"
        else:
            label = label.replace("被告人", "被告单位")
            line = f"{label}{p.name}" + (f"，住所地{p.address}。" if p.address else "。")
            if p.legal_rep:
                line += f"\n诉讼代表人{p.legal_rep}。"
        s = sent.get(p.party_id)
        if s is not None and s.custody_start is not None:
            line += f"因涉嫌{_charge_text(s)}于{_date(s.custody_start, v, 8)}被刑事拘留。"
            if s.penalty in ("fixed_term", "criminal_detention") and not s.probation_months:
                line += f"现羁押于{courts.detention_house(c.o_court or c.court_code)}。"
        out.append(line)
        for name, kind, firm in p.agents:
            out.append(_agent_line(name, kind, firm, True, "", courts, c, v))
    return out


def _criminal_second(c: _Case, courts: _Courts, v: _Var, title: str, result: str) -> list[str]:
    appellants = _of(c, "appellant", "criminal_defendant")
    names = _names(appellants)
    o_court = courts.court_name(c.o_court)
    o_doc = f"{o_court}{c.o_case_no or ''}刑事判决"
    pros = _prosecutor(c, courts, c.o_parties)
    labels = {p.party_id: "上诉人（原审被告人）" for p in appellants}
    fine_cn = v.chance(70)
    lines = _heading(c, courts, title, v, None)
    lines.append(f"原公诉机关{pros}。")
    sent = {s.party_id: s for s in c.sentences}
    o_sent = {s.party_id: s for s in c.o_sentences}
    for line in _criminal_party_lines(c, v, courts, sent or o_sent, labels):
        if not line.startswith("公诉机关"):
            lines.append(line)
    charges = "、".join(dict.fromkeys(ch for s in c.o_sentences for ch in _charges(s)))
    charge_words = "、".join(f"{x}罪" for x in charges.split("、") if x) or (c.cause or "")
    o_date = f"于{_cn(c.o_closing)}" if c.o_closing is not None else ""
    lines.append(
        f"{o_court}审理{pros}指控原审被告人{names}犯{charge_words}一案，{o_date}作出{c.o_case_no or ''}"
        f"刑事判决。原审被告人{names}不服，提出上诉。本院受理后依法组成合议庭，"
        + v.pick((
            "经过阅卷，讯问上诉人，听取辩护人的意见，认为本案事实清楚，决定不开庭审理。",
            "公开开庭审理了本案。",
        ))
        + "现已审理终结。"
    )  # fmt: skip
    o_items = [
        _sentence_item(f"{_accused(p)}{p.name}", o_sent[p.party_id], v, fine_cn)
        for p in appellants
        if p.party_id in o_sent
    ]
    if o_items:
        lines.append(
            "原判认定被告人" + names + "犯" + charge_words + "，判决：" + "；".join(o_items) + "。"
        )
    if result == "withdrawn":
        lines.append(f"本院审理过程中，上诉人{names}申请撤回上诉。")
        lines.append(
            "本院认为，上诉人在上诉期满后要求撤回上诉，经审查原判认定事实和适用法律正确，量刑适当，"
            "依照《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第三百八十三条之规定，裁定如下："
        )
        lines.append(f"准许上诉人{names}撤回上诉。")
        lines.append("本裁定为终审裁定。")
        lines += courts.signatures(c, v, True, jurors=False)
        return lines
    lines.append(f"上诉人{names}上诉提出，原判量刑过重，请求二审法院从轻改判。")
    lines.append("经审理查明的事实和证据与原判相同，本院予以确认。")
    art = "第二百三十六条第一款" if c.closing >= _CRIM_PL_2018 else "第二百二十五条第一款"
    cpl = f"《中华人民共和国刑事诉讼法》{art}"
    if result == "upheld":
        lines.append(
            f"本院认为，原判认定事实清楚，证据确实、充分，定罪准确，量刑适当，审判程序合法。"
            f"上诉人{names}的上诉理由不能成立，本院不予采纳。依照{cpl}第（一）项之规定，裁定如下："
        )
        lines.append("驳回上诉，维持原判。")
        lines.append("本裁定为终审裁定。")
    elif result in ("modified", "partly_modified"):
        lines.append(
            "本院认为，原判认定事实清楚，定罪准确，但量刑不当，本院予以纠正。"
            f"依照{_criminal_articles(c.sentences or c.o_sentences)}、{cpl}第（二）项之规定，判决如下："
        )
        items = [f"撤销{o_doc}；"]
        for p in appellants:
            s = sent.get(p.party_id)
            if s is not None:
                items.append(
                    _sentence_item(f"上诉人（原审被告人）{p.name}", s, v, fine_cn)
                    + "。"
                    + _term_paren(s, v)
                )
        lines += [f"{_ordinal(i)}、{it}" for i, it in enumerate(items, 1)]
        lines.append("本判决为终审判决。")
    else:  # remanded
        lines.append(f"本院认为，原判认定事实不清、证据不足。依照{cpl}第（三）项之规定，裁定如下：")
        lines += _numbered([f"撤销{o_doc}", f"发回{o_court}重新审判"], v)
        lines.append("本裁定为终审裁定。")
    lines += courts.signatures(c, v, True, jurors=False)
    return lines
