"""Info points of the case record (issue 18 item 2, extract/patterns/record.py): mediation
documents and first-instance rulings give back every value their writers rendered (the
claimant's facts and reasons, the agreement's terms, the withdrawal's review); rulings and
mediation documents together yield at least 150 kinds; a divorce judgment states no debt it
does not have; the rules read real phrasing and stay quiet where a document does not say it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from courtqc.extract import extract
from courtqc.extract.points import REGISTRY
from courtqc.synth.documents.civil import _civil_first, _civil_mediation, _ruling_first
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.records import _load_chunk
from courtqc.synth.documents.text import _Var
from courtqc.synth.generate import generate

SEED = 20240611


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory):
    import duckdb

    path = Path(tmp_path_factory.mktemp("record")) / "court.duckdb"
    generate(path, 800, SEED, progress=False)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def _closing_documents(con, kinds: tuple[str, ...]):
    """(case, courts, kind, method, stored text) of first-instance civil cases."""
    rows = con.execute(
        f"""SELECT d.case_id, d.kind, c.closing_method, d.text, c.cause_name
            FROM documents d JOIN cases c USING (case_id)
            WHERE c.family = 'civil' AND c.procedure = 'first'
              AND d.kind IN {kinds!r} AND d.title IN ('民事调解书', '民事裁定书', '民事判决书')
              AND (d.kind = 'judgment' AND c.closing_method = 'judgment'
                   OR d.kind = 'mediation' AND c.closing_method = 'mediation'
                   OR d.kind = 'ruling' AND c.closing_method IN ('withdrawal', 'dismissal'))
              AND NOT regexp_matches(d.text, '号之[一二三四五六七八九十]+\n')  -- preservation
              AND d.case_id NOT IN (SELECT case_id FROM truth_case_sources)"""
    ).fetchall()
    by_id = {r[0]: r[1:] for r in rows}
    courts = _Courts(con)
    for c in _load_chunk(con, min(by_id), max(by_id)):
        if c.case_id in by_id:
            yield c, courts, *by_id[c.case_id]


def test_mediation_and_ruling_round_trip_and_kinds(court) -> None:
    seen: dict[str, set[str]] = {"mediation": set(), "ruling": set()}
    n, values, misses, examples = Counter(), 0, Counter(), []
    for c, courts, kind, method, text, _ in _closing_documents(court, ("mediation", "ruling")):
        truth: dict[str, list] = {}
        v = _Var(c.case_id, SEED)
        if kind == "mediation":
            lines = _civil_mediation(c, courts, v, "民事调解书", truth)
        else:
            lines = _ruling_first(c, courts, v, "民事裁定书", method == "withdrawal", truth)
        assert "\n".join(lines) == text  # the truth is the stored document's
        got: dict[str, list] = {}
        for p in extract(text).info_points:
            got.setdefault(p.key, []).append(p.value)
        seen[kind].update(got)
        for key, vals in truth.items():
            assert key in REGISTRY, key
            for val in vals:
                values += 1
                if val not in got.get(key, []):
                    misses[key] += 1
                    examples.append((kind, c.cause, key, val, got.get(key)))
        n[kind] += 1
    assert n["mediation"] >= 30 and n["ruling"] >= 10, n
    assert values >= 10 * sum(n.values())
    assert not misses, examples[:5]
    assert len(seen["mediation"] | seen["ruling"]) >= 150, len(seen["mediation"] | seen["ruling"])


def test_divorce_judgment_states_no_debt_without_an_amount(court) -> None:
    """The synthetic divorce judgment wrote 被告尚欠原告元未付 (the generic cause's fact line,
    with no amount): a divorce now has its own facts, reasoning and articles."""
    checked = 0
    for c, courts, _, _, text, cause in _closing_documents(court, ("judgment",)):
        if "离婚" not in (cause or ""):
            continue
        checked += 1
        assert "元未付" not in text and "尚欠原告" not in text, text[:400]
        assert "夫妻感情确已破裂" in text
        assert "第一千零七十九条" in text or "婚姻法》第三十二条" in text
        lines = _civil_first(c, courts, _Var(c.case_id, SEED), "民事判决书", {})
        assert "\n".join(lines) == text
    assert checked >= 1


REAL_PHRASING = (
    "上海市闵行区人民法院\n民事判决书\n（2022）沪0112民初2345号\n"
    "原告：上海某某贸易有限公司，住所地上海市闵行区。\n法定代表人：王某，执行董事。\n"
    "委托诉讼代理人：刘某，上海某某律师事务所律师。\n"
    "被告：陈某，男，1975年3月3日出生，汉族，住上海市闵行区。\n"
    "原告上海某某贸易有限公司与被告陈某买卖合同纠纷一案，本院于2022年3月1日立案后，依法适用简易程序，"
    "公开开庭进行了审理。原告的委托诉讼代理人刘某、被告陈某到庭参加诉讼。本案现已审理终结。\n"
    "原告向本院提出诉讼请求：1.判令被告支付货款50000元；2.判令被告支付违约金5000元。事实和理由：双方于2021年5月"
    "签订买卖合同，原告依约供货，被告仅支付部分货款。\n"
    "被告陈某辩称，原告主张的违约金过高，请求法院酌情处理。\n"
    "经审理查明：2021年5月10日，双方签订买卖合同，合同签订地为上海市闵行区，付款方式为银行转账。"
    "合同约定被告应于收到发票后三十日内付款。被告先后分两次付款，最后一次付款的日期为2021年9月1日。"
    "原告提供的送货单上有被告的签字。上述事实，有买卖合同、送货单及当事人陈述等证据在案佐证。\n"
    "本院认为，依法成立的合同，对当事人具有法律约束力。被告未按约付款，构成违约，应当承担违约责任。"
    "关于原告主张的货款，有合同及送货单为证，本院予以支持。关于原告主张的违约金，约定的标准过高，"
    "本院依法予以调整，本院部分支持。依照《中华人民共和国民法典》第五百七十七条之规定，判决如下：\n"
    "一、被告陈某于本判决生效之日起十日内支付原告上海某某贸易有限公司货款50000元；\n"
    "二、驳回原告的其他诉讼请求。\n案件受理费1150元，减半收取计575元，由被告陈某负担。\n"
    "审判员张某\n二〇二二年五月六日\n书记员李某"
)


def test_rules_on_real_phrasing() -> None:
    ex = extract(REAL_PHRASING)
    assert ex.point("contract.signing_place") == "上海市闵行区"
    assert ex.point("contract.payment_method") == "transfer"
    assert ex.point("contract.payment_days") == 30
    assert ex.point("payment.instalment_count") == 2
    assert ex.point("payment.last_date") == "2021-09-01"
    assert ex.point("contract.delivery_signed") is True
    assert ex.point("facts.evidence_basis") is True
    assert ex.point("principle.binding_contract") is True
    assert ex.point("liability.breach") is True
    assert ex.point("holding.principal") == "upheld"
    assert ex.point("holding.penalty") == "partly_upheld"
    assert ex.point("defence.request") == "leniency"
    assert ex.point("hearing.agent_attended") == "刘某"
    assert ex.point("claims.grounds").startswith("双方于2021年5月签订买卖合同")
    # what the document does not say stays empty
    for key in ("mediation.agreed", "mediation.pre_filing_body", "loan.contract_no",
                "card.credit_limit", "labour.severance", "preservation.released"):  # fmt: skip
        assert ex.point(key) is None, key


def test_failed_mediation_is_not_an_agreement() -> None:
    text = REAL_PHRASING.replace(
        "本案现已审理终结。", "本案现已审理终结。庭审中经本院主持调解，双方未能达成调解协议。"
    )
    ex = extract(text)
    assert ex.point("mediation.failed") is True
    assert ex.point("mediation.agreed") is None
