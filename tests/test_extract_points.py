"""Info points per judgment (issue 18 item 2): the trial record a civil first-instance judgment
writes (service, evidence with cross-examination and finding, disputed issues with reasoning,
fact elements, costs, appeal fee) comes back from the extractor value for value; the number of
kinds per judgment does not fall; the readers work on real phrasing; and the judgments' new
parts leave every other table of the synthetic court as it was."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path

import pytest

from courtqc.extract import extract
from courtqc.extract.model import CitedArticle
from courtqc.extract.points import REGISTRY
from courtqc.extract.trial import article_role
from courtqc.synth.documents.civil import _civil_first
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.records import _load_chunk
from courtqc.synth.documents.text import _Var
from courtqc.synth.generate import generate

SEED = 20240611
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory):
    import duckdb

    path = Path(tmp_path_factory.mktemp("points")) / "court.duckdb"
    generate(path, 800, SEED, progress=False)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def _civil_judgments(con):
    stored = dict(
        con.execute(
            """SELECT d.case_id, d.text FROM documents d JOIN cases c USING (case_id)
               WHERE d.title = '民事判决书' AND c.procedure = 'first'
                 AND d.case_id NOT IN (SELECT case_id FROM truth_case_sources)"""
        ).fetchall()
    )
    hi = max(stored)
    courts = _Courts(con)
    for c in _load_chunk(con, min(stored), hi):
        if c.case_id in stored:
            yield c, courts, stored[c.case_id]


def test_trial_record_round_trip(court) -> None:
    """Every value the trial record wrote comes back under its kind; the stored text is the
    text the writer gives (so the truth is the stored document's)."""
    n, values, misses = 0, 0, Counter()
    examples: list = []
    for c, courts, text in _civil_judgments(court):
        truth: dict[str, list] = {}
        lines = _civil_first(c, courts, _Var(c.case_id, SEED), "民事判决书", truth)
        assert "\n".join(lines) == text
        got: dict[str, list] = {}
        for p in extract(text).info_points:
            got.setdefault(p.key, []).append(p.value)
        for key, vals in truth.items():
            assert key in REGISTRY, key
            for v in vals:
                values += 1
                if v not in got.get(key, []):
                    misses[key] += 1
                    examples.append((c.cause, key, v, got.get(key)))
        n += 1
    assert n >= 100
    assert values >= 30 * n
    assert not misses, examples[:5]


def test_kinds_per_civil_judgment(court) -> None:
    """Median distinct kinds per first-instance civil judgment: 59 before the trial record,
    100 before the case record (patterns/record.py; bench/bench_info_points.py), 142 before
    the case-type facts (patterns/casetype.py); the floor is issue 18's target of 150."""
    counts = [
        len({p.key for p in extract(text).info_points}) for _, _, text in _civil_judgments(court)
    ]
    assert statistics.median(counts) >= 150, statistics.median(counts)
    assert len(REGISTRY) >= 500


def test_disputed_issues_and_roles_on_real_phrasing() -> None:
    text = (
        "上海市浦东新区人民法院\n民事判决书\n（2023）沪0115民初100号\n"
        "原告：张三，男，1980年1月1日出生，汉族，住上海市。\n被告：李四，男，1981年2月2日出生，汉族，住上海市。\n"
        "原告张三与被告李四民间借贷纠纷一案，本院于2023年1月5日立案后，依法适用简易程序，公开开庭进行了审理。"
        "本院于2023年1月9日以邮寄送达方式向被告李四送达了起诉状副本，指定举证期限为十五日。本案现已审理终结。\n"
        "原告张三向本院提出诉讼请求：1.判令被告偿还借款10000元。\n"
        "被告李四辩称，原告主张的数额过高。\n"
        "原告为证明其主张，向本院提交了如下证据：1.借条，证明借贷关系成立；2.转账记录，证明款项已交付。"
        "被告质证认为，对证据1的真实性无异议，对证据2的关联性有异议。\n"
        "经审理查明：2022年3月1日，被告向原告借款10000元。本案的争议焦点是：（一）借款是否已交付；（二）利息如何计算。\n"
        "本院认为，关于借款是否已交付的问题，转账记录可以证明，对原告的该项主张本院予以支持。"
        "依照《中华人民共和国民法典》第六百七十五条、《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十条、"
        "《中华人民共和国民事诉讼法》第一百四十五条之规定，判决如下：\n"
        "被告李四于本判决生效之日起十日内偿还原告张三借款10000元。\n案件受理费50元，由被告李四负担。\n"
        "审判员王五\n二〇二三年三月一日\n书记员赵六"
    )
    ex = extract(text)
    assert [p.value for p in ex.points("dispute.issue")] == ["借款是否已交付", "利息如何计算"]
    assert ex.point("dispute.count") == 2
    assert ex.point("service.method") == "post"
    assert ex.point("evidence.deadline_days") == 15
    assert [p.value for p in ex.points("evidence.submitted")] == ["借条", "转账记录"]
    assert ex.point("evidence.opinion.relevance") == "contested"
    assert ex.point("dispute.holding") == "upheld"
    roles = {p.subject: p.value for p in ex.points("cited_article.role")}
    assert set(roles.values()) == {"substantive", "interpretation", "procedural"}, roles
    assert article_role(CitedArticle("中华人民共和国民事诉讼法", 145)) == "procedural"


def test_real_civil_judgments_yield_the_new_kinds() -> None:
    """On the CAIL2020 civil judgments (real): the kinds a court writes there in our phrasing
    come back (losses by head, the defence, the appeal notice's fee, the evidence)."""
    path = REAL / "cail2020_sfzy_civil_fulltext_sample.jsonl"
    if not path.exists():
        pytest.skip(f"real documents not found at {path} (../shared is not in the repository)")
    with path.open(encoding="utf-8") as f:
        texts = ["\n".join(s["sentence"] for s in json.loads(line)["text"]) for line in f]
    seen: Counter[str] = Counter()
    for t in texts:
        seen.update({p.key for p in extract(t).info_points})
    new = {k for k in seen if REGISTRY[k].source == "pattern" and k.split(".")[0] in (
        "loss", "evidence", "dispute", "defence", "appeal", "costs", "loan", "contract",
        "payment", "accident", "injury", "labour", "arbitration", "marriage", "demand",
    )}  # fmt: skip
    assert len(new) >= 5, sorted(new)


def _kinds_in(text: str) -> dict[str, list]:
    got: dict[str, list] = {}
    for p in extract(text).info_points:
        got.setdefault(p.key, []).append(p.value)
    return got


def test_case_type_facts_on_real_phrasing() -> None:
    """The case-type facts of patterns/casetype.py read sentences as real judgments write them
    (quoted from the CAIL2020 and SimuCourt texts in ../shared), and not the near misses seen
    there: two or three months' rent is no monthly rent, a contract the parties failed to sign
    has no name, a party's argument about where someone worked names no workplace."""
    facts = (
        "原告诉称：被告欠款未还。\n被告辩称：无异议。\n"
        "经审理查明：2021年11月12日，原告（承租方、乙方）与被告（出租方、甲方）签订《租赁合同》"
        "一份，约定租赁期限自2023年4月1日起至2026年3月31日止，月租金为5950元。"
        "合同签订后，原告于2021年11月12日向被告支付押金6000元。"
        "原告许云书于2016年5月16日进入被告睿行公司担任软件工程师，工作地点在本市秦淮区洪武路359号东塔楼3702室。"
        "睿行公司自2016年8月起与许云书签订了书面劳动合同。"
        "业主办理入住手续时预付一年的物业费，此后物业费按年交纳。"
        "经济补偿金的计算基数为4840.42元。\n本院认为，原告的诉请成立。"
    )
    got = _kinds_in(facts)
    assert got.get("contract.title") == ["租赁合同"]
    assert got.get("lease.start") == ["2023-04-01"] and got.get("lease.end") == ["2026-03-31"]
    assert got.get("lease.monthly_rent") == [5950.0]
    assert got.get("lease.deposit") == [6000.0]
    assert got.get("labour.workplace") == ["本市秦淮区洪武路359号东塔楼3702室"]
    assert got.get("labour.written_contract") == [True]
    assert got.get("property.billing_cycle") == ["year"]
    assert got.get("labour.severance_base") == [4840.42]
    misses = _kinds_in(
        "原告诉称：被告欠款未还。\n被告辩称：无异议。\n"
        "经审理查明：2023年7月3日，原告向被告支付押金4500元及7月、8月租金6200元，"
        "剩余三个月租金9300元。后双方未能签订《商品房买卖合同》。"
        "被告认为工作地点记录证明了原告的工作地点在原告家庭住址附近。"
        "双方之间并未签订书面劳动合同。\n本院认为，原告的诉请成立。"
    )
    assert "lease.monthly_rent" not in misses
    assert "contract.title" not in misses
    assert "labour.workplace" not in misses
    assert misses.get("labour.written_contract") == [False]


def test_cause_facts_on_real_phrasing() -> None:
    """The cause facts of patterns/causes.py read sentences as real judgments write them
    (quoted from the CAIL2020 and SimuCourt texts in ../shared: a developer's 前期物业服务合同
    with its tender number and a penalty per day overdue, fees counted from moving in, a
    manager serving on after the term, the contract binding owners; a card's fees counted to a
    day; a house's down payment; a base wage), and not the near miss seen there: a land
    certificate's 用途为住宅 is no house's registered use."""
    facts = (
        "原告诉称：被告欠款未还。\n被告辩称：无异议。\n"
        "经审理查明：天津蓟州鸿坤花语房地产开发有限公司（甲方）与原告（乙方）签订了《天津市住宅前期物业服务合同》，"
        "约定了甲方根据招标备案号2018063将棠清园委托乙方进行前期物业管理服务事宜。"
        "物业服务费从甲方入住通知单上的入住日期开始计算。"
        "在所交年度首月1日及以后交纳的视为逾期交纳，每逾期一日应按欠费总额千分之二向乙方支付违约金等条款。"
        "该合同期限届满后，被上诉人冠芳园物业继续为案涉园区提供物业服务。"
        "利息、费用等暂计算至2023年3月10日。"
        "将购房首付款690000元存入资金监管账户进行资金监管。"
        "合同约定被告基本工资4000元另加提成。"
        "\n本院认为，业主委员会与业主大会依法选聘的物业服务企业签订的物业服务合同，对业主具有约束力。"
    )
    got = _kinds_in(facts)
    assert got.get("property.contract_signer") == ["天津蓟州鸿坤花语房地产开发有限公司"]
    assert got.get("property.tender_no") == ["2018063"]
    assert got.get("property.fee_from_move_in") == [True]
    assert got.get("property.late_fee_rate") == ["千分之二"]
    assert got.get("property.continued_after_term") == [True]
    assert got.get("property.binds_owners") == [True]
    assert got.get("card.owed_as_of") == ["2023-03-10"]
    assert got.get("house.down_payment") == [690000.0]
    assert got.get("labour.base_wage") == [4000.0]
    misses = _kinds_in(
        "原告诉称：被告欠款未还。\n被告辩称：无异议。\n"
        "经审理查明：土地使用者为胡德平，坐落于院××办事处××组，用途为住宅，使用权面积为168㎡。"
        "\n本院认为，原告的诉请成立。"
    )
    assert "house.use" not in misses
