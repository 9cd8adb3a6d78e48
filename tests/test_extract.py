"""courtqc.extract: judgments in, info points out — on hand-written judgments in the courts'
fixed phrasing (each exercising one layout the real data has) and on the real share."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from courtqc.extract import ExtractInputError, extract, split_sections
from courtqc.extract.checks import run_checks
from courtqc.extract.text import normalise

CRIMINAL = """上海市浦东新区人民法院
刑事判决书
（2023）沪0115刑初101号
公诉机关上海市浦东新区人民检察院。
被告人张三，男，1985年3月5日出生，汉族，户籍地上海市浦东新区，住上海市浦东新区张杨路1号。因涉嫌犯盗窃罪于2023年1月5日被上海市公安局浦东分局刑事拘留，同年2月8日被逮捕。现羁押于上海市浦东新区看守所。
辩护人周律师，上海申江律师事务所律师。
上海市浦东新区人民检察院以沪浦检刑诉〔2023〕101号起诉书指控被告人张三犯盗窃罪，于2023年2月1日向本院提起公诉。本院依法适用简易程序，实行独任审判，于2023年3月1日公开开庭审理了本案。上海市浦东新区人民检察院指派检察员钱某出庭支持公诉，被告人张三及其辩护人周律师到庭参加诉讼。现已审理终结。
公诉机关指控：2022年12月20日，被告人张三在本区某超市窃得被害人李某某手机一部，共计价值人民币12,000元。
经审理查明：2022年12月20日，被告人张三窃得被害人李某某手机一部，共计价值人民币12000元。被告人张三到案后如实供述自己的罪行，并退赔被害人全部损失，取得被害人谅解。
本院认为，被告人张三以非法占有为目的，秘密窃取他人财物，数额较大，其行为已构成盗窃罪。被告人张三到案后如实供述自己的罪行，系坦白，依法可以从轻处罚。依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款、第五十二条、第五十三条之规定，判决如下：
被告人张三犯盗窃罪，判处有期徒刑一年六个月，并处罚金人民币五千元。
（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自2023年1月5日起至2024年7月4日止。罚金于本判决生效后十日内缴纳。）
如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向上海市第一中级人民法院提出上诉。书面上诉的，应当提交上诉状正本一份，副本二份。
审判员　王审判
二〇二三年三月十日
书记员　钱书记
"""

CIVIL = """上海市浦东新区人民法院
民事判决书
（2022）沪0115民初2001号
原告：李四，女，1990年7月1日出生，汉族，住上海市浦东新区世纪大道2号。
委托诉讼代理人：周律师，上海申江律师事务所律师。
被告：ＡＢＣ贸易有限公司，住所地上海市浦东新区东方路3号。
法定代表人：王五，总经理。
原告李四与被告ＡＢＣ贸易有限公司（以下简称ABC公司）民间借贷纠纷一案，本院于2022年3月1日立案后，依法适用普通程序，于2022年4月6日公开开庭进行了审理。原告李四及其委托诉讼代理人周律师到庭参加诉讼，被告ABC公司经传票传唤无正当理由拒不到庭参加诉讼，本院依法缺席审理。本案现已审理终结。
李四向本院提出诉讼请求：1.判令被告归还借款本金100,000元；2.判令被告支付利息（以100,000元为基数，自2021年1月1日起按年利率12%计算至实际清偿之日止）；3.本案诉讼费由被告负担。事实和理由：2020年12月1日，被告向原告借款100,000元，约定年利率12%。
被告ABC公司未作答辩。
经审理查明：2020年12月1日，原告与被告签订借款合同，原告向被告出借人民币100,000元。
本院认为，原、被告之间的借贷关系合法有效，被告应当归还借款。依照《中华人民共和国民法典》第六百六十七条、第六百七十四条、第六百七十六条，《中华人民共和国民事诉讼法》第一百四十七条之规定，判决如下：
一、被告ABC公司于本判决生效之日起十日内归还原告李四借款本金100,000元；
二、被告ABC公司于本判决生效之日起十日内支付原告李四利息（以100,000元为基数，自2021年1月1日起按年利率12%计算至实际清偿之日止）。
如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十条规定，加倍支付迟延履行期间的债务利息。
案件受理费2,300元，由被告ABC公司负担。
如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，上诉于上海市第一中级人民法院。
审判长　王审判
人民陪审员　赵陪审
人民陪审员　孙陪审
二〇二二年五月二十日
书记员　钱书记
"""

# One line, full-width digits, an old-style number without a year, a title line before the
# court, and statutes appended without a heading — the real data has each of these.
OLD_STYLE = (
    "陈国林放火刑事判决书 青海省格尔木市人民法院 刑事判决书 格刑初字第１１７号 公诉机关格尔木市人民检察院。"
    " 被告人陈国林，男，１９７９年１１月１４日出生，藏族。 格尔木市人民检察院以格检刑诉（２０１３）１１０号起诉书"
    "指控被告人陈国林犯放火罪，于２０１３年９月２日向本院提起公诉。本院依法组成合议庭，公开开庭审理了本案。现已审理终结。"
    " 经审理查明：２０１３年６月１日，被告人陈国林放火烧毁他人房屋。 本院认为，被告人陈国林的行为已构成放火罪。"
    "依照《刑法》第一百一十四条、第七十二条之规定，判决如下： 被告人陈国林犯放火罪，判处有期徒刑三年，缓刑四年。"
    " （缓刑考验期限，从判决确定之日起计算。） 如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向"
    "青海省海西蒙古族藏族自治州中级人民法院提出上诉。 审判长马某 审判员李某 人民陪审员王某 二〇一三年十月八日"
    " 书记员张某 《中华人民共和国刑法》 第一百一十四条放火、决水、爆炸……"
)

SECOND = """上海市第一中级人民法院
刑事判决书
（2023）沪01刑终55号
原公诉机关上海市浦东新区人民检察院。
上诉人（原审被告人）张三，男，1985年3月5日出生，汉族。
上海市浦东新区人民法院审理上海市浦东新区人民检察院指控原审被告人张三犯盗窃罪、诈骗罪一案，于2023年3月10日作出（2023）沪0115刑初101号刑事判决。原审被告人张三不服，提出上诉。本院依法组成合议庭，经过阅卷，讯问上诉人，认为事实清楚，决定不开庭审理。现已审理终结。
原判认定：被告人张三盗窃、诈骗他人财物。
本院认为，原判定罪准确，但量刑不当。依照《中华人民共和国刑事诉讼法》第二百三十六条第一款第（二）项、《中华人民共和国刑法》第二百六十四条、第二百六十六条、第六十九条之规定，判决如下：
一、维持上海市浦东新区人民法院（2023）沪0115刑初101号刑事判决对被告人张三的定罪部分，即被告人张三犯盗窃罪、诈骗罪。
二、撤销上海市浦东新区人民法院（2023）沪0115刑初101号刑事判决对被告人张三的量刑部分，即判处有期徒刑三年，并处罚金人民币二万元。
三、上诉人张三犯盗窃罪，判处有期徒刑一年，并处罚金人民币五千元；犯诈骗罪，判处有期徒刑一年六个月，并处罚金人民币一万元；决定执行有期徒刑二年，并处罚金人民币一万五千元。
本判决为终审判决。
审判长　王审判
审判员　李法官
审判员　赵法官
二〇二三年六月一日
书记员　钱书记
"""


def test_criminal_first_instance() -> None:
    ex = extract(CRIMINAL)
    assert ex.case_no == "（2023）沪0115刑初101号"
    assert ex.court == "上海市浦东新区人民法院"
    assert (ex.doc_kind, ex.procedure, ex.family) == ("判决书", "first", "criminal")
    assert ex.decision_date == "2023-03-10"
    assert ex.prosecutor == "上海市浦东新区人民检察院"
    assert [(j.role, j.name) for j in ex.judges] == [("judge", "王审判")]
    assert ex.clerk == "钱书记"
    (p,) = ex.parties
    assert (p.role, p.name, p.gender, p.birth_date, p.ethnicity) == (
        "criminal_defendant", "张三", "male", "1985-03-05", "汉族"
    )  # fmt: skip
    assert [(a.name, a.firm) for a in p.agents] == [("周律师", "上海申江律师事务所")]
    (d,) = ex.defendants
    assert (d.name, d.charges, d.penalty, d.term_months, d.fine_yuan) == (
        "张三", ["盗窃"], "fixed_term", 18, 5000.0
    )  # fmt: skip
    assert (d.term_start, d.term_end) == ("2023-01-05", "2024-07-04")
    assert {(a.law, a.article) for a in ex.cited_articles} == {
        ("中华人民共和国刑法", 264), ("中华人民共和国刑法", 67),
        ("中华人民共和国刑法", 52), ("中华人民共和国刑法", 53),
    }  # fmt: skip
    pts = {p.key: p.value for p in ex.info_points}
    assert pts["prosecution_date"] == "2023-02-01"
    assert pts["trial_procedure"] == "simple"
    assert pts["panel"] == "sole_judge"
    assert pts["hearing.date"] == "2023-03-01"
    assert pts["custody.detained"] == "2023-01-05"
    assert pts["custody.arrested"] == "2023-02-08"  # 同年2月8日, read from the year before it
    assert pts["circumstance.confession"] is True
    assert pts["circumstance.forgiveness"] is True
    assert pts["appeal.court"] == "上海市第一中级人民法院"
    # every span points at its value in the original text
    for key in ("case_no.raw", "court", "decision_date"):
        pt = ex.points(key)[0]
        assert pt.start is not None and 0 <= pt.start < pt.end <= len(CRIMINAL)
    raw = ex.points("case_no.raw")[0]
    assert CRIMINAL[raw.start : raw.end] == "（2023）沪0115刑初101号"


def test_civil_main_text_claims_costs() -> None:
    ex = extract(CIVIL)
    assert ex.case_no == "（2022）沪0115民初2001号"
    assert ex.cause == "民间借贷纠纷"
    assert [(p.role, p.name) for p in ex.parties] == [
        ("plaintiff", "李四"),
        ("defendant", "ＡＢＣ贸易有限公司"),
    ]
    company = ex.parties[1]
    assert (company.kind, company.legal_representative, company.address) == (
        "legal", "王五", "上海市浦东新区东方路3号"
    )  # fmt: skip
    assert [(j.role, j.name) for j in ex.judges] == [
        ("presiding_judge", "王审判"), ("juror", "赵陪审"), ("juror", "孙陪审")
    ]  # fmt: skip
    money = [(i.payer, i.payee, i.amount_yuan, i.kind) for i in ex.main_text_items if i.amount_yuan]
    # the short name (以下简称ABC公司) is given as the party's full name
    assert money == [("ＡＢＣ贸易有限公司", "李四", 100000.0, "principal")]
    (interest,) = [i for i in ex.main_text_items if i.kind == "interest"]
    assert interest.interest_basis == 100000.0 and "年利率12%" in interest.interest_rate_text
    assert interest.interest_from == "2021-01-01"
    pts = {p.key: p.value for p in ex.info_points}
    assert pts["filing_date"] == "2022-03-01"
    assert pts["trial_procedure"] == "ordinary"
    assert pts["costs.acceptance_fee"] == 2300.0
    assert pts["costs.bearer"] == "ＡＢＣ贸易有限公司"
    assert pts["claims.total"] == 100000.0
    assert pts["late_interest.article"] == 260
    assert pts["hearing.default"] is True


def test_one_line_full_width_old_style_title_and_appendix() -> None:
    ex = extract(OLD_STYLE)
    assert ex.case_no == "格刑初字第117号" or ex.case_no == "格刑初字第１１７号".translate(
        {0xFF11: "1", 0xFF17: "7"}
    )
    assert (
        ex.case_no_parsed and ex.case_no_parsed["old_style"] and ex.case_no_parsed["year"] is None
    )
    assert ex.title == "陈国林放火刑事判决书"
    assert ex.court == "青海省格尔木市人民法院"
    assert ex.decision_date == "2013-10-08"
    assert [j.name for j in ex.judges] == ["马某", "李某", "王某"]
    (d,) = ex.defendants
    assert (d.charges, d.term_months, d.probation_months) == (["放火"], 36, 48)
    # 《刑法》 → 中华人民共和国刑法; the appended statute is not a citation of the court's
    assert {(a.law, a.article) for a in ex.cited_articles} == {
        ("中华人民共和国刑法", 114), ("中华人民共和国刑法", 72)
    }  # fmt: skip
    names = [s.name for s in ex.sections]
    assert names[-1] == "appendix" and "signatures" in names
    assert ex.parties[0].ethnicity == "藏族" and ex.parties[0].birth_date == "1979-11-14"


def test_second_instance_keeps_upheld_part_and_skips_quoted() -> None:
    ex = extract(SECOND)
    assert ex.procedure == "second"
    assert ex.prosecutor == "上海市浦东新区人民检察院"
    (p,) = ex.parties
    assert (p.role, p.original_role, p.name) == ("appellant", "criminal_defendant", "张三")
    (d,) = ex.defendants
    # charges from the upheld part; the set-aside sentence (撤销…即…) is not read
    assert d.charges == ["盗窃", "诈骗"]
    assert (d.penalty, d.term_months, d.fine_yuan) == ("fixed_term", 24, 15000.0)
    assert ex.point("second_instance.result") == "modified"
    assert ex.point("final") is True


def test_sections_cover_the_text_in_order() -> None:
    for text in (CRIMINAL, CIVIL, OLD_STYLE, SECOND):
        secs = split_sections(normalise(text))
        assert secs[0].start == 0 and secs[-1].end == len(text)
        for a, b in itertools.pairwise(secs):
            assert a.end == b.start and a.start < a.end
    names = [s.name for s in split_sections(normalise(CIVIL))]
    assert names == [
        "heading", "parties", "history", "claims", "defence", "facts", "reasoning",
        "main_text", "costs", "appeal_notice", "signatures",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("", "为空"),
        ("   \n ", "为空"),
        (b"\x00\x01\x02binary\xff", "二进制"),
        ("The quick brown fox jumps.", "不是中文"),
    ],
)
def test_bad_input_is_refused_clearly(bad, says) -> None:
    with pytest.raises(ExtractInputError, match=says):
        extract(bad)


def test_unknown_is_null_not_guessed() -> None:
    ex = extract("本院认为，被告人的行为构成盗窃罪。")
    assert ex.case_no is None and ex.court is None and ex.decision_date is None
    assert ex.defendants == [] and ex.judges == [] and ex.parties == []


def test_checks_find_wrong_end_date_fine_and_over_award() -> None:
    wrong = CRIMINAL.replace("至2024年7月4日止", "至2024年7月14日止").replace(
        "罚金人民币五千元", "罚金人民币五十万元"
    )
    ex = extract(wrong, checks=True)
    codes = {p.value for p in ex.info_points if p.key.startswith("check.")}
    assert codes == {"sentence_end_date_wrong", "fine_out_of_range"}
    assert ex.points("check.term_end")[0].subject == "张三"
    # the clean document raises nothing
    assert not [p for p in extract(CRIMINAL, checks=True).info_points if p.key.startswith("check.")]
    over = CIVIL.replace("归还原告李四借款本金100,000元", "归还原告李四借款本金150,000元")
    assert {r.finding.code for r in run_checks(extract(over), normalise(over))} == {
        "award_exceeds_claim"
    }
    old_article = CIVIL.replace("第二百六十条", "第二百五十三条")
    codes = {r.finding.code for r in run_checks(extract(old_article), normalise(old_article))}
    assert "late_interest_article_wrong" in codes


def test_info_point_registry_and_doc_are_current() -> None:
    from courtqc.extract.docs import render
    from courtqc.extract.points import REGISTRY

    assert len(REGISTRY) >= 120
    doc = Path(__file__).resolve().parents[1] / "docs" / "INFO_POINTS.md"
    assert doc.read_text(encoding="utf-8") == render(), (
        "run: python -m courtqc.extract.docs > docs/INFO_POINTS.md"
    )
    # every key the extractor emits is registered
    for text in (CRIMINAL, CIVIL, OLD_STYLE, SECOND):
        for p in extract(text, checks=True).info_points:
            assert p.key in REGISTRY, p.key


def test_to_dict_has_the_contract_keys() -> None:
    d = extract(CRIMINAL).to_dict()
    for k in (
        "case_no", "court", "doc_kind", "procedure", "decision_date", "prosecutor", "judges",
        "clerk", "parties", "cause", "defendants", "cited_articles", "main_text_items", "info_points",
    ):  # fmt: skip
        assert k in d
    assert set(d["parties"][0]) >= {
        "role", "name", "kind", "gender", "birth_date", "ethnicity", "address", "id_masked",
        "legal_representative", "agents",
    }  # fmt: skip
    assert set(d["defendants"][0]) >= {
        "name", "charges", "penalty", "term_months", "probation_months", "fine_yuan",
        "term_start", "term_end", "political_rights_months", "confiscation",
    }  # fmt: skip
    json.dumps(d, ensure_ascii=False)


# --- the real share ---------------------------------------------------------------------


def _judge(real_dir: Path) -> list[str]:
    return [
        json.loads(line)["fd"]
        for line in (real_dir / "judge_criminal_fulltext.jsonl").open(encoding="utf-8")
    ]


def test_real_criminal_judgments(real_dir: Path) -> None:
    """Every JuDGE full text: heading, date, judges and a sentence for every defendant."""
    docs = _judge(real_dir)
    no_sentence, no_date = [], []
    for fd in docs:
        ex = extract(fd)
        assert ex.case_no and ex.court and ex.court.endswith(("法院", "法庭"))
        assert ex.doc_kind == "判决书" and ex.family == "criminal"
        assert ex.judges and ex.clerk and all(1 < len(j.name) <= 4 for j in ex.judges)
        if not ex.decision_date:  # one signs 二〇一五年四月××日
            no_date.append(ex.case_no)
        if not ex.defendants or not all(d.penalty for d in ex.defendants):
            no_sentence.append(ex.case_no)
        for p in ex.info_points:
            assert p.start is None or 0 <= p.start <= p.end <= len(fd)
    assert len(no_sentence) <= len(docs) // 100, no_sentence
    assert len(no_date) <= len(docs) // 100, no_date


def test_real_cases_with_title_lines_and_appendices(real_dir: Path) -> None:
    docs = _judge(real_dir)
    titled = [
        fd
        for fd in docs
        if fd.split(" ")[0].endswith("判决书") and not fd.startswith(("上海", "北京"))
    ]
    appended = [fd for fd in docs if "相关法律条文" in fd]
    assert titled and appended
    for fd in titled:
        ex = extract(fd)
        assert ex.title and ex.court and ex.court not in ex.title
    for fd in appended:
        ex = extract(fd)
        app = [s for s in ex.sections if s.name == "appendix"]
        assert app, fd[:60]
        # no citation is taken from the appended statute text
        assert all(p.start < app[0].start for p in ex.info_points if p.key == "cited_article")


def test_real_civil_full_texts(real_dir: Path) -> None:
    for line in (real_dir / "cail2020_sfzy_civil_fulltext_sample.jsonl").open(encoding="utf-8"):
        text = "\n".join(s["sentence"] for s in json.loads(line)["text"])
        ex = extract(text)
        assert ex.case_no and ex.court and ex.family == "civil" and ex.procedure == "first"
        assert any(p.role == "plaintiff" for p in ex.parties) and any(
            p.role == "defendant" for p in ex.parties
        )
        assert ex.decision_date and ex.judges
        assert ex.point("costs.acceptance_fee") is not None
