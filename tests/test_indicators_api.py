"""Drill-down, breakdowns, trends, comparison, the catalogue checks, periods and the fact table,
on the hand-built court of test_indicators.py."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from courtqc.indicators import (
    CatalogueError,
    Slice,
    breakdown,
    compare,
    compute,
    default,
    drill,
    facts,
    load,
    parse_period,
    trend,
)
from courtqc.indicators.figures import UnknownIndicator
from courtqc.indicators.periods import months_back

from .test_indicators import EXPECTED, build

SL = Slice(period="2024", court="沪0104")


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    build(c)
    return c


def _nos(rows) -> set[str]:
    # case numbers end in the fixture's case_id; map back to fixture names via case_id
    return {r.case_id for r in rows}


# ---- drill-down ---------------------------------------------------------------------


@pytest.mark.parametrize("ind_id", sorted(EXPECTED))
def test_drill_adds_up_to_the_number(con, ind_id: str) -> None:
    (v,) = compute(con, SL, [ind_id])
    for part, total in (("numerator", v.numerator), ("denominator", v.denominator)):
        if total is None:
            with pytest.raises(ValueError, match="没有分母"):
                drill(con, ind_id, SL, part)
            continue
        rows = drill(con, ind_id, SL, part)
        assert sum(r.amount for r in rows) == pytest.approx(total), (ind_id, part)
        assert all(r.reason and "{" not in r.reason for r in rows)


def test_drill_names_the_cases_and_why(con) -> None:
    # over the time limit: C3 (id 3) and C4 (id 4) are in the denominator but not the numerator
    num = _nos(drill(con, "within_limit_rate", SL, "numerator"))
    den = _nos(drill(con, "within_limit_rate", SL, "denominator"))
    assert den - num == {3, 4}
    (c4,) = [r for r in drill(con, "within_limit_rate", SL, "denominator") if r.case_id == 4]
    assert "延长 30 天" in c4.reason and c4.closing_date == date(2024, 1, 15)
    # 服判息诉率: the appealed cases C5 C6 C7 with their appeal case
    rows = drill(con, "first_instance_acceptance_rate", SL)
    assert _nos(rows) == {5, 6, 7}
    assert any("2024-06-20 被提起上诉" in r.reason for r in rows)
    # reversal reasons are shown in Chinese
    (c5,) = drill(con, "first_instance_modified_rate", SL)
    assert c5.case_id == 5 and "改判" in c5.reason and "认定事实错误" in c5.reason
    # pending age is computed on the period's last day
    (c9,) = drill(con, "pending_over_36m_count", SL)
    assert c9.case_id == 9 and "1309 天" in c9.reason
    # a sum measure: each enforcement case contributes its amount
    rows = drill(con, "enforcement_amount_rate", SL, "numerator")
    assert {r.case_id: r.amount for r in rows} == {21: 100000, 24: 180000}


def test_drill_judges_and_limit(con) -> None:
    rows = drill(con, "per_judge_closed", SL, "denominator")
    assert [r.judge_id for r in rows] == [1, 2, 3]
    assert "甲法官" in rows[0].reason
    assert len(drill(con, "closed_count", SL, limit=5)) == 5


def test_unknown_indicator_and_part(con) -> None:
    with pytest.raises(UnknownIndicator, match="nope"):
        compute(con, SL, ["nope"])
    with pytest.raises(UnknownIndicator):
        drill(con, "nope", SL)
    with pytest.raises(ValueError, match="numerator"):
        drill(con, "closed_count", SL, "both")
    with pytest.raises(ValueError, match="沪9999"):
        compute(con, Slice(period="2024", court="沪9999"))


# ---- breakdowns, trend, comparison ---------------------------------------------------


def test_court_breakdown_equals_per_court_compute(con) -> None:
    rows = breakdown(con, Slice(period="2024"), "court")
    assert {r.key for r in rows} == {"沪", "沪01", "沪0104", "沪0105", "沪72"}
    for r in rows:
        single = compute(con, Slice(period="2024", court=r.key))
        assert [(v.id, v.numerator, v.denominator, v.value) for v in r.values] == [
            (v.id, v.numerator, v.denominator, v.value) for v in single
        ], r.key


def test_own_and_judge_breakdowns(con) -> None:
    own = {
        r.key: r.values[0].numerator
        for r in breakdown(con, Slice(period="2024"), "court_own", ["filed_count"])
    }
    assert own == {"沪0104": 18, "沪0105": 2, "沪01": 5, "沪72": 1}
    by_judge = {
        r.key: r.values for r in breakdown(con, SL, "judge", ["closed_count", "per_judge_closed"])
    }
    # judge 1: C1 C2 C4 C6 C12; judge 2: C3 C5 C7 K1; judge 3: E1 E2 E3 E4 E6; no judge: P1 P2
    assert {k: v[0].numerator for k, v in by_judge.items()} == {"1": 5, "2": 4, "3": 5, "None": 2}
    assert by_judge["1"][1].value == 5 and by_judge["None"][1].value is None
    fam = {r.key: r.values[0].numerator for r in breakdown(con, SL, "family", ["filed_count"])}
    assert fam == {"civil": 10, "commercial": 1, "criminal": 1, "enforcement": 6}


def test_trend_by_month(con) -> None:
    vals = trend(con, "closed_count", SL, 12)
    assert [v.period for v in vals] == [f"2024-{m:02d}" for m in range(1, 13)]
    # Jan C4; Feb C2 K1; Mar C1 P1; Apr C5 P2; May C7; Jun C6 E2; Jul C12 E3; Sep E1 E6; Dec C3 E4
    assert [v.numerator for v in vals] == [1, 2, 2, 2, 1, 2, 2, 0, 2, 0, 0, 2]
    assert sum(v.numerator for v in vals) == EXPECTED["closed_count"][0]


def test_compare_courts(con) -> None:
    vals = {
        v.slice.court: v
        for v in compare(con, "closure_intake_ratio", "2024", ["沪0104", "沪0105", "沪01"])
    }
    assert (vals["沪0104"].numerator, vals["沪0104"].denominator) == (16, 18)
    assert (vals["沪0105"].numerator, vals["沪0105"].denominator) == (1, 2)  # G1 closed; D1 pending
    # 沪01 with its basic courts: + A1 A2 A3 RA1 RT1, all filed and closed in 2024
    assert (vals["沪01"].numerator, vals["沪01"].denominator) == (16 + 1 + 5, 18 + 2 + 5)


def test_results_are_plain_json(con) -> None:
    vals = compute(con, SL)
    text = json.dumps([v.model_dump(mode="json") for v in vals], ensure_ascii=False)
    back = json.loads(text)
    assert back[0]["slice"]["court"] == "沪0104" and back[0]["start"] == "2024-01-01"


# ---- catalogue validation ------------------------------------------------------------

GOOD = """
- id: x_rate
  name_zh: 测试
  name_en: test
  group: efficiency
  definition: d
  numerator: {count: "{closed} AND within_limit"}
  denominator: {count: "{closed}"}
  unit: percent
  direction: higher
  basis: local
  source: s
"""


def _write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_catalogue_loads_a_good_file(tmp_path) -> None:
    cat = load([_write(tmp_path, GOOD)])
    assert list(cat) == ["x_rate"]
    assert cat["x_rate"].preds["numerator"] == "(_closed AND within_limit)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("within_limit", "no_such_col"), "未知列 (unknown column) 'no_such_col'"),
        (("{closed} AND within_limit", "{nope}"), "未知的集合"),
        (("within_limit", "case_id IN (SELECT case_id FROM users)"), "found"),
        (("within_limit", "within_limit AND $when > 1"), "未知参数"),
        (("within_limit", "within_limit AND ("), "语法错误"),
        (("unit: percent", "unit: percentage"), "unit"),
        (("basis: local", "basis: chosen"), "needs a note"),
        (("direction: higher", "direction: up"), "direction"),
        # a measure that is not about the period (the engine skips cases filed after it)
        (('{count: "{closed}"}', '{count: "within_limit"}'), "统计期间"),
    ],
)
def test_catalogue_errors_name_file_entry_and_field(tmp_path, change, message) -> None:
    p = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(CatalogueError) as e:
        load([p])
    assert str(p) in str(e.value) and "x_rate" in str(e.value) and message in str(e.value)


def test_catalogue_duplicate_ids_and_bad_yaml(tmp_path) -> None:
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(CatalogueError, match="duplicate id"):
        load([tmp_path])
    with pytest.raises(CatalogueError, match="YAML"):
        load([_write(tmp_path, "- id: [", "c.yaml")])
    with pytest.raises(CatalogueError, match="count indicator has no denominator"):
        load([_write(tmp_path, GOOD.replace("unit: percent", "unit: count"), "d.yaml")])


def test_packaged_catalogue_covers_reference_section_1() -> None:
    names = {c.ind.name_zh for c in default().values()}
    for n in (
        "结收比",
        "结案率",
        "法定审限内结案率",
        "平均审理天数",
        "超12个月未结案件比",
        "长期未结案件数",
        "一审服判息诉率",
        "二审改判-发回重审比",
        "再审改判-发回重审比",
        "调撤率",
        "调解率",
        "撤诉率",
        "实际执行率",
        "执行到位率",
        "执行完毕率",
        "终本率",
        "案-件比",
        "万人起诉率",
        "万人成讼率",
        "申请再审率",
        "法官人均结案数",
    ):
        assert n in names, n
    assert {c.ind.basis for c in default().values()} >= {"local", "courtools", "chosen"}


# ---- periods -------------------------------------------------------------------------


def test_periods() -> None:
    p = parse_period("2024Q4")
    assert (p.start, p.end, p.as_of) == (date(2024, 10, 1), date(2025, 1, 1), date(2024, 12, 31))
    assert parse_period("2024-02").as_of == date(2024, 2, 29)
    assert parse_period("2024-01-05..2024-01-05").end == date(2024, 1, 6)
    assert [x.label for x in months_back("2024Q1", 3)] == ["2024-01", "2024-02", "2024-03"]
    assert [x.label for x in months_back("2024-02", 3)] == ["2023-12", "2024-01", "2024-02"]
    for bad in ("24", "2024Q5", "2024-13", "2024-02-01..2024-01-01", "last year"):
        with pytest.raises(ValueError, match="统计期间"):
            parse_period(bad)


# ---- the fact table --------------------------------------------------------------------


def test_fact_table_equals_its_live_view_and_notices_new_data() -> None:
    c = duckdb.connect(":memory:")
    build(c)
    diff = c.execute(
        f"SELECT count(*) FROM (SELECT * FROM {facts.FACTS} EXCEPT ALL SELECT * FROM {facts.FACTS}_live)"
    ).fetchone()[0]
    assert diff == 0
    assert facts.is_current(c)
    c.execute(
        "UPDATE cases SET closing_date = DATE '2024-12-30', status = 'closed' WHERE case_id = 10"
    )
    assert not facts.is_current(c)
    assert facts.ensure(c)
    assert facts.is_current(c)
    (v,) = compute(c, SL, ["closed_count"])
    assert v.numerator == EXPECTED["closed_count"][0] + 1


def test_live_computation_equals_the_fact_table(con) -> None:
    fast = [(v.id, v.numerator, v.denominator) for v in compute(con, SL)]
    live = [(v.id, v.numerator, v.denominator) for v in compute(con, SL, live=True)]
    assert fast == live


def test_indicators_md_table_is_current() -> None:
    from courtqc.indicators.docs import current

    from .conftest import REPO

    assert current(REPO / "docs" / "INDICATORS.md"), (
        "docs/INDICATORS.md is stale: run `courtqc indicators docs --write docs/INDICATORS.md`"
    )


def test_every_packaged_measure_lets_the_engine_skip_inactive_cases() -> None:
    from courtqc.indicators.models import Measure

    for i, c in default().items():
        for part, m in c.ind.measures():
            if isinstance(m, Measure) and m.agg in ("count", "sum"):
                assert c.active[part], (i, part)


@pytest.mark.parametrize(
    ("condition", "active"),
    [
        ("_closed AND within_limit", True),
        ("(_filed OR _pending_start) AND family = 'civil'", True),
        ("(appeal_decided >= $start AND appeal_decided < $end) OR _closed", True),
        ("_closed OR within_limit", False),  # within_limit alone says nothing about the period
        ("closing_date < $start", False),  # closed before the period: not active in it
        ("family = 'civil'", False),
    ],
)
def test_implies_activity(condition: str, active: bool) -> None:
    from courtqc.indicators.sql import implies_activity

    assert implies_activity(condition) is active


def test_a_fact_table_of_another_version_is_rebuilt() -> None:
    c = duckdb.connect(":memory:")
    build(c)
    c.execute(f"UPDATE {facts.META} SET version = 'older'")
    assert not facts.is_current(c)
    assert facts.ensure(c, check=False)
    assert facts.is_current(c)
