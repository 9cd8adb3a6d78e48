"""The procuratorate's indictment (起诉书) of a criminal first instance, in the layout of
人民检察院刑事诉讼法律文书格式: the procuratorate, the title and its document number, each
defendant's paragraph (with the custody history), how the case came, the facts found, the
charge and the articles, 此致 and the court, the prosecutor and the date."""

from __future__ import annotations

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.criminal import CHARGE_ARTICLES
from courtqc.synth.documents.paper import Paper, iso, of, party_para, sign_date, staff_name
from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _ad, _money, _Var


def indictment(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    defendants = of(c, "criminal_defendant")
    if not defendants:
        return None
    pros = of(c, "prosecutor")
    proc = pros[0].name if pros else courts.procuratorate(c.court_code)
    district = courts.district.get(c.court_code) or ""
    police = f"上海市公安局{district}分局" if district else "上海市公安局"
    day = c.filing - 2 - v.idx(12)
    year = (iso(day))[:4]
    sentences = {s.party_id: s for s in c.sentences}
    charges: list[str] = []
    for d in defendants:
        s = sentences.get(d.party_id)
        for ch in s.charges.split(";") if s else []:
            if ch and ch not in charges:
                charges.append(ch)
    if not charges:
        charges = [(c.cause or "").removesuffix("罪")] if c.cause else []
    if not charges:
        return None
    crime = "罪、".join(charges) + "罪"
    title = v.pick(("起诉书", "起 诉 书", "起诉书"))
    lines = [proc, title, f"沪{district[:1]}检刑诉〔{year}〕{100 + v.idx(900)}号", ""]
    for d in defendants:
        label = "被告人" if d.kind == "natural" else "被告单位"
        lines += party_para(label, d, v, colon=v.pick(("", "", "：")))
        s = sentences.get(d.party_id)
        if d.kind == "natural" and s is not None and s.custody_start is not None:
            lines[-1] += (
                f"因涉嫌{crime}，于{_ad(s.custody_start)}被{police}刑事拘留，"
                + v.pick(("现羁押于", "现押于")) + courts.detention_house(c.court_code) + "。"
            )  # fmt: skip
    who = "、".join(d.name for d in defendants)
    lines.append(
        f"本案由{police}侦查终结，以被告人{who}涉嫌{crime}，于{_ad(day - 20 - v.idx(40))}"
        "向本院移送审查起诉。本院受理后，于同日告知被告人有权委托辩护人，依法讯问了被告人，"
        "审查了全部案件材料。"
    )
    lines.append(v.pick(("经依法审查查明：", "经审查查明：")))
    amounts = [s.crime_amount for s in c.sentences if s.crime_amount]
    fact = f"被告人{who}" + v.pick(("在本市", f"在上海市{district}")) + "实施了上述犯罪行为"
    if amounts:
        fact += f"，涉案金额共计人民币{_money(amounts[0], grouped=v.chance(50))}元"
    lines.append(fact + "。")
    lines.append("认定上述事实的证据如下：被害人陈述、证人证言、书证、被告人的供述和辩解等。")
    articles = "、".join(
        dict.fromkeys(CHARGE_ARTICLES[ch] for ch in charges if ch in CHARGE_ARTICLES)
    )
    law = f"，其行为触犯了《中华人民共和国刑法》{articles}" if articles else ""
    lines.append(
        f"本院认为，被告人{who}{law}，犯罪事实清楚，证据确实、充分，应当以{crime}追究其刑事责任。"
        "根据《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉，请依法判处。"
    )
    court = courts.court_name(c.court_code)
    lines += ["", v.pick(("此致", "此  致")), court, "", f"检察官：{staff_name(v)}"]
    lines.append(sign_date(day, v))
    if v.chance(40):
        lines += [
            "",
            "附：",
            f"1．被告人{defendants[0].name}现羁押情况。",
            "2．案卷材料和证据若干册。",
        ]
    truth = {
        "court": court,
        "date": iso(day),
        "parties": [d.name for d in defendants],
        "charges": charges,
        "prosecutor": proc,
    }
    return Paper("indictment", "起诉书", lines, day, truth)
