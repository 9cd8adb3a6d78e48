"""Reversal analysis, the situation overview and the CLI, on the hand-built court of
test_indicators.py (expected values by hand)."""

from __future__ import annotations

import json

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from courtqc.analytics import overview, reversals
from courtqc.cli_common import CourtqcGroup
from courtqc.indicators import Slice, default
from courtqc.indicators.cli import register

from .test_indicators import build

SL = Slice(period="2024", court="沪0104")


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    build(c)
    return c


def test_reversals_by_reason_court_judge_with_reviews(con) -> None:
    rep = reversals(con, SL)
    # C5 modified on appeal (fact_error), C6 remanded (procedure_error), C11 modified on retrial
    assert [(x.case_id, x.kind, x.result, x.reason) for x in rep.cases] == [
        (11, "retrial", "modified", "new_evidence"),  # decided 2024-06-01
        (5, "appeal", "modified", "fact_error"),  # 2024-07-01
        (6, "appeal", "remanded", "procedure_error"),  # 2024-09-01
    ]
    assert (rep.total, rep.reviewed, rep.accountable) == (3, 2, 1)
    assert rep.share_reviewed == pytest.approx(100 * 2 / 3)
    assert rep.review_outcomes == {"error": 1, "no_error": 1}
    assert {b.label: b.cases for b in rep.by_reason} == {
        "认定事实错误": 1,
        "程序违法": 1,
        "出现新证据": 1,
    }
    assert {b.key: (b.cases, b.reviewed) for b in rep.by_kind} == {
        "appeal": (2, 2),
        "retrial": (1, 0),
    }
    # judge 2 (乙法官) tried C5 and C11, judge 1 (甲法官) C6
    assert {b.label: (b.cases, b.reviewed) for b in rep.by_judge} == {
        "乙法官": (2, 1),
        "甲法官": (1, 1),
    }
    assert [(b.key, b.cases) for b in rep.by_court] == [("沪0104", 3)]
    assert [(b.label, b.cases) for b in rep.by_cause] == [("民间借贷纠纷", 3)]


def test_reversals_follow_the_reversed_court_and_the_decision_date(con) -> None:
    assert reversals(con, Slice(period="2024", court="沪01")).total == 3  # its basic courts' cases
    assert reversals(con, Slice(period="2024", court="沪01", subtree=False)).total == 0
    assert reversals(con, Slice(period="2024Q3", court="沪0104")).total == 2  # C5 07-01, C6 09-01
    assert reversals(con, Slice(period="2023", court="沪0104")).total == 0


def test_overview_counts_by_family(con) -> None:
    ov = overview(con, SL)
    t = ov.totals
    assert (t.filed, t.closed, t.carried_over, t.pending) == (18, 16, 4, 6)
    fam = {r.family: (r.filed, r.closed, r.carried_over, r.pending) for r in ov.by_family}
    # civil: filed C1 C2 C3 C6 C7 C10 R1 P1 P2 P3; closed C1-C7 P1 P2; carried C4 C5 C8 C9;
    # pending C8 C9 C10 R1 P3. enforcement: filed E1-E6, closed E1-E4 E6, pending E5
    assert fam == {
        "civil": (10, 9, 4, 5),
        "enforcement": (6, 5, 0, 1),
        "criminal": (1, 1, 0, 0),
        "commercial": (1, 1, 0, 0),
    }


def test_overview_flow_overdue_districts_and_mediation(con) -> None:
    ov = overview(con, SL)
    flow = {n.node: n for n in ov.flow}
    assert (flow["hearing"].cases, flow["hearing"].events) == (3, 4)  # C1 (twice) C3 C7
    assert (flow["scheduling"].cases, flow["scheduling"].events) == (3, 4)  # C3 twice
    # hearing events: C1 03-01 (51 days) and 03-05 (55), C3 12-20 (294), C7 05-15 (14)
    assert flow["hearing"].avg_days_from_filing == pytest.approx((51 + 55 + 294 + 14) / 4)
    assert flow["filing"].cases == 2  # C1, C2; C8's filing event is in 2022
    assert flow["hearing"].pending_here == 6  # every pending fixture case sits at hearing
    assert [n.node for n in ov.flow][:2] == ["pre_filing_mediation", "filing"]  # trial order
    assert ov.overdue_count == 2 and [r.case_id for r in ov.overdue] == [9, 8]
    assert ov.long_pending_count == 2
    (xh,) = ov.districts
    assert (xh.district, xh.residents, xh.civil_first_instance_filed) == ("徐汇区", 1_000_000, 8)
    assert xh.litigation_per_10k == pytest.approx(0.08) and xh.population_source == "fixture"
    pm = ov.presuit_mediation
    assert (pm.filed, pm.closed, pm.succeeded, pm.pending, pm.node_events) == (3, 2, 1, 1, 2)
    assert pm.filed_after_mediation == 1  # C2
    assert pm.success_rate == pytest.approx(50.0)


def test_overview_districts_of_an_intermediate_court(con) -> None:
    ov = overview(con, Slice(period="2024", court="沪01"))
    d = {x.district: x for x in ov.districts}
    assert set(d) == {"徐汇区", "长宁区"}
    # 长宁: D1 civil first instance; suits add G1 (administrative); 500,000 residents
    assert (d["长宁区"].civil_first_instance_filed, d["长宁区"].suits_filed) == (1, 2)
    assert d["长宁区"].litigation_per_10k == pytest.approx(1 / 500_000 * 10000)
    assert d["长宁区"].suits_per_10k == pytest.approx(2 / 500_000 * 10000)


# ---- CLI --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    db = tmp_path_factory.mktemp("ind") / "court.duckdb"
    c = duckdb.connect(str(db))
    build(c)
    c.close()
    app = typer.Typer(cls=CourtqcGroup)  # as courtqc.cli's app: reports a CourtqcError
    register(app)

    def run(*args: str):
        return CliRunner().invoke(app, [a.replace("DB", str(db)) for a in args])

    return run


def test_cli_json_every_court_and_period(cli) -> None:
    r = cli(
        "indicators",
        "--db",
        "DB",
        "--court",
        "*",
        "--period",
        "2024",
        "--period",
        "2024Q1",
        "--json",
    )
    assert r.exit_code == 0, r.output
    vals = json.loads(r.stdout)
    n = len(default())
    assert n >= 45 and len(vals) == n * 5 * 2  # 5 courts x 2 periods
    one = [v for v in vals if v["slice"]["court"] == "沪0104" and v["period"] == "2024"]
    assert {v["id"]: v["numerator"] for v in one}["filed_count"] == 18


def test_cli_table_drill_trend_compare_overview_reversals(cli) -> None:
    r = cli("indicators", "--db", "DB", "--court", "沪0104", "--period", "2024")
    assert r.exit_code == 0 and "结收比" in r.output and "88.89%" in r.output
    r = cli("indicators", "drill", "within_limit_rate", "--db", "DB", "--court", "沪0104",
            "--period", "2024", "--part", "denominator", "--json")  # fmt: skip
    assert r.exit_code == 0 and len(json.loads(r.stdout)) == 13
    r = cli(
        "indicators",
        "trend",
        "closed_count",
        "--db",
        "DB",
        "--court",
        "沪0104",
        "--period",
        "2024",
        "--json",
    )
    assert [v["numerator"] for v in json.loads(r.stdout)] == [1, 2, 2, 2, 1, 2, 2, 0, 2, 0, 0, 2]
    r = cli("indicators", "compare", "filed_count", "--db", "DB", "--period", "2024", "--json")
    assert {v["slice"]["court"]: v["value"] for v in json.loads(r.stdout)}["沪01"] == 25
    r = cli("overview", "--db", "DB", "--court", "沪0104", "--period", "2024", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["totals"]["filed"] == 18
    r = cli("overview", "--db", "DB", "--court", "沪0104", "--period", "2024")
    assert r.exit_code == 0 and "态势总览" in r.output and "徐汇区" in r.output
    r = cli("reversals", "--db", "DB", "--court", "沪0104", "--period", "2024")
    assert r.exit_code == 0 and "改判发回案件 3 件" in r.output


def test_cli_bad_input_is_named(cli) -> None:
    r = cli("indicators", "--db", "DB", "--period", "2024Q7")
    assert r.exit_code == 2 and "统计期间" in r.output
    r = cli("indicators", "--db", "DB", "--court", "沪9999")
    assert r.exit_code == 2 and "沪9999" in r.output
    r = cli("indicators", "--db", "/nonexistent/x.duckdb")
    assert r.exit_code == 2 and "数据库不存在" in r.output
    r = cli("indicators", "drill", "nope", "--db", "DB")
    assert r.exit_code == 2 and "nope" in r.output


def test_cli_bad_period_in_a_subcommand_is_named_not_a_traceback(cli) -> None:
    # drill and trend used to build their slice outside the error handling
    for cmd in ("drill", "trend"):
        r = cli("indicators", cmd, "closed_count", "--db", "DB", "--period", "2024Q7")
        assert r.exit_code == 2 and "统计期间" in r.output, (cmd, r.output)
        assert "Traceback" not in r.output
