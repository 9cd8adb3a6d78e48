"""Model mining (courtqc.mining, issue 22) on a fresh synthetic court with hidden patterns.

The patterns are planted by bench/mining_plant.py from bench/mining_patterns.yaml — SQL the
miner never sees — into the quality reviews; the miner gets only the `review_defect` target and
must propose models that re-find at least 4 of the 5 at precision and recall >= 0.8 on the
held-back years, each proposal a valid model draft in 申报 that the engine runs with the same
hits the miner measured. Then the same through the CLI and the web API, with the court tree."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import duckdb
import pytest
import yaml
from fastapi.testclient import TestClient

from courtqc import mining
from courtqc.engine.review import review
from courtqc.errors import InvalidInput
from courtqc.models.library import load_model_text
from courtqc.synth.generate import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import mining_plant

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mining") / "court.duckdb"
    # 5,009: the report scenarios' cases grew by 9 (issue 17); the main court stays as it was.
    generate(path, cases=5009, seed=11, progress=False)
    con = duckdb.connect(str(path))
    mining_plant.plant(con, mining_plant.load_patterns(), seed=1)
    con.close()
    return path


@pytest.fixture(scope="module")
def result(court: Path) -> mining.MiningResult:
    con = duckdb.connect(str(court))
    try:
        return mining.mine(con, mining.get("review_defect"))
    finally:
        con.close()


def test_planted_patterns_are_refound_on_held_back_years(court, result) -> None:
    """The issue's measure: of the planted patterns no built-in model covers (all 5 — checked
    below), at least 4 re-found by some proposal at precision and recall >= 0.8 against the
    pattern's truth among the cases filed from the split on (the held-back years)."""
    con = duckdb.connect(str(court))
    scores = mining_plant.score(result, con, mining_plant.load_patterns())
    con.close()
    # (a proposal whose run failed or overran its budget scores 0: the dump names any)
    dump = json.dumps(scores, ensure_ascii=False, indent=1)
    refound = [s for s in scores.values() if s["refound"]]
    assert all(s["truth"] > 0 for s in scores.values()), scores
    assert len(scores) >= 5 and len(refound) >= 4, dump


def test_planted_patterns_are_hidden_from_the_miner_and_the_library(court) -> None:
    """What makes the measure fair: nothing under src/courtqc/mining names a pattern (its
    name, description or the causes its SQL picks), and no built-in model flags a pattern's
    cases at precision and recall >= 0.8."""
    import re

    patterns = mining_plant.load_patterns()
    src = Path(mining.__file__).parent
    code = "\n".join(f.read_text(encoding="utf-8") for f in sorted(src.rglob("*")) if f.is_file()
                     and f.suffix in (".py", ".yaml", ".sql"))  # fmt: skip
    for pat in patterns:
        words = [
            pat["name"],
            pat["zh"],
            *re.findall(r"'([^']*[\u4e00-\u9fff][^']*)'", pat["where"]),
        ]
        assert not [w for w in words if w in code], (pat["name"], words)
    con = duckdb.connect(str(court))
    cover = mining_plant.covered_by_library(con, patterns)
    con.close()
    # (a built-in model whose run failed or timed out is named in the message)
    assert not [n for n, c in cover.items() if c["covered"]], cover


def test_every_proposal_is_a_valid_proposed_draft(result) -> None:
    assert result.proposals
    assert {"tree", "rules", "cluster"} <= {p.method for p in result.proposals}
    for p in result.proposals:
        doc = yaml.safe_load(p.yaml)
        assert doc["state"] == "proposed"
        assert doc["id"] == p.id and p.id.startswith("mined_review_defect_")
        cm = load_model_text(p.yaml, f"{p.id}.yaml")
        assert cm.model.state == "proposed"
        assert p.explanation and p.features
        # Party and lawyer clusters use no label: their support may be nil.
        assert p.support["hits"] > 0 or p.method in ("party_cluster", "lawyer_cluster")
        assert p.backtest.split == result.split
        assert "{" not in cm.model.message


def test_the_engine_finds_what_the_miner_measured(court, result) -> None:
    """The draft's SQL (or condition tree), run by the engine over the whole store, flags
    exactly the population cases the miner's own evaluation selected."""
    con = duckdb.connect(str(court))
    models = [load_model_text(p.yaml, f"{p.id}.yaml") for p in result.proposals[:8]]
    runs = {r.model_id: r for r in review(con, models, save=False, mode="backtest").runs}
    closed = con.execute("SELECT count(*) FROM cases WHERE status = 'closed'").fetchone()[0]
    assert closed == result.population
    for p in result.proposals[:8]:
        hits = {a.case_id for a in runs[p.id].alerts}
        held = {
            r[0]
            for r in con.execute(
                "SELECT case_id FROM cases WHERE status = 'closed' AND filing_date >= ?",
                [p.backtest.split],
            ).fetchall()
        }
        assert len(hits & held) == p.backtest.hits, p.explanation
    con.close()


def test_condition_tree_drafts_use_the_workshop_builder_shape(result) -> None:
    trees = [p for p in result.proposals if p.logic == "conditions"]
    assert trees, "a rule on case columns only should be a condition-tree model"
    doc = yaml.safe_load(trees[0].yaml)
    assert doc["logic"]["conditions"]["subject"] == "cases"
    assert doc["logic"]["conditions"]["where"]["all"][0] == {
        "field": "status", "op": "eq", "value": "closed",
    }  # fmt: skip


def test_feature_ranking_and_regression_explain(result) -> None:
    assert result.ranking and result.ranking[0]["score"] > 0
    reg = result.methods["regression"]
    assert reg["mae_days"] > 0 and reg["importance"]
    assert result.methods["cluster"]["clusters"] >= 1


def test_a_builtin_pattern_is_marked_as_a_repeat(court) -> None:
    """Mining a selection that is exactly what a built-in model flags proposes rules whose
    cases that model already flags, and the proposals say so."""
    con = duckdb.connect(str(court))
    run = review(con, model_ids=["closed_over_time_limit"], save=False, mode="backtest").runs[0]
    cases = sorted({a.case_id for a in run.alerts})
    nos = [
        r[0]
        for r in con.execute(
            f"SELECT case_no FROM cases WHERE case_id IN ({','.join(map(str, cases))})"
        ).fetchall()
    ]
    res = mining.mine(
        con, mining.for_selection(mining.Selection("超审限结案", tuple(nos))),
        methods=("tree",), min_precision=0.9,
    )  # fmt: skip
    con.close()
    assert res.proposals
    assert any(p.duplicate_of == "closed_over_time_limit" for p in res.proposals), [
        (p.explanation, p.duplicate_of, p.duplicate_overlap) for p in res.proposals
    ]


def test_bad_requests_are_refused_in_chinese(court) -> None:
    with pytest.raises(InvalidInput, match="未知的挖掘目标"):
        mining.get("nope")
    with pytest.raises(InvalidInput, match="选集为空"):
        mining.for_selection(mining.Selection("x", ()))
    con = duckdb.connect(str(court))
    last = con.execute("SELECT max(filing_date) FROM cases WHERE status = 'closed'").fetchone()[0]
    with pytest.raises(InvalidInput, match="不足以挖掘"):  # the last weeks: too few reversals
        mining.mine(con, mining.get("reversal"), since=last - dt.timedelta(days=20))
    with pytest.raises(InvalidInput, match="缺少挖掘目标所需的数据"):
        mining.mine(con, mining.get("helpful"))  # no alert has feedback in a fresh court
    with pytest.raises(InvalidInput, match="未知的挖掘方法"):
        mining.mine(con, mining.get("overdue"), methods=("magic",))
    con.close()


def test_cli_mine_prints_saves_and_writes_drafts(court, tmp_path) -> None:
    from typer.testing import CliRunner

    from courtqc.cli import app

    runner = CliRunner()
    out = tmp_path / "drafts"
    r = runner.invoke(
        app,
        ["mine", "--db", str(court), "--target", "review_defect", "--method", "tree",
         "--no-duplicates", "--out", str(out), "--save", "--json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["run_id"] and data["proposals"]
    files = sorted(out.glob("*.yaml"))
    assert len(files) == len(data["proposals"])
    v = runner.invoke(app, ["models", "validate", *map(str, files)])
    assert v.exit_code == 0, v.output
    bad = runner.invoke(app, ["mine", "--db", str(court), "--target", "nope"])
    assert bad.exit_code == 2 and "未知的挖掘目标" in bad.output
    assert "Traceback" not in bad.output
    con = duckdb.connect(str(court))
    n = con.execute("SELECT count(*) FROM mining_proposals WHERE run_id = ?", [data["run_id"]])
    assert n.fetchone()[0] == len(data["proposals"])
    con.close()


# ---------------------------------------------------------------- web: the court tree


@pytest.fixture(scope="module")
def client(court: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from courtqc.web import users
    from courtqc.web.app import create_app
    from courtqc.web.db import ensure_platform

    path = tmp_path_factory.mktemp("mining_web") / "court.duckdb"
    path.write_bytes(court.read_bytes())
    con = duckdb.connect(str(path))
    ensure_platform(con)
    basic = con.execute(
        "SELECT court_code FROM cases WHERE court_code LIKE '沪0%' GROUP BY 1 "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    judge, dept = con.execute(
        "SELECT judge_id, dept_id FROM judges WHERE court_code = ? ORDER BY judge_id LIMIT 1",
        [basic],
    ).fetchone()
    users.create(con, "modeller", PASSWORD, "modeller", "沪")
    users.create(con, "modeller_basic", PASSWORD, "modeller", basic)
    users.create(con, "judge_basic", PASSWORD, "judge", basic, judge_id=judge, dept_id=dept)
    con.close()
    app = create_app(path)
    c = TestClient(app)
    c.basic = basic  # type: ignore[attr-defined]
    yield c
    app.state.store.close()


def _auth(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_web_mining_stays_in_the_users_court_tree(client) -> None:
    basic = client.basic
    h = _auth(client, "modeller_basic")
    r = client.post(
        "/api/mining/runs", json={"target": "review_defect", "methods": ["tree"]}, headers=h
    )
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["scope"]["courts"] == [basic] and d["scope"]["masked"]
    with client.app.state.store.cursor() as con:
        own = con.execute(
            "SELECT count(*) FROM cases WHERE status = 'closed' AND court_code = ?", [basic]
        ).fetchone()[0]
    assert d["population"] == own
    assert all(p["state"] == "proposed" and p["status"] == "proposed" for p in d["proposals"])
    # Another court, outside the tree: refused.
    r = client.post("/api/mining/runs", json={"target": "overdue", "court": "沪"}, headers=h)
    assert r.status_code == 403
    # Stored runs and counts: the basic court sees its own; the city's modeller sees it too.
    runs = client.get("/api/mining/runs", headers=h).json()["items"]
    assert [x["run_id"] for x in runs] == [d["run_id"]]
    city = _auth(client, "modeller")
    assert d["run_id"] in [
        x["run_id"] for x in client.get("/api/mining/runs", headers=city).json()["items"]
    ]
    counts = client.get("/api/mining/counts", headers=h).json()["by_court"]
    assert counts[basic]["proposals"] == len(d["proposals"])


def test_web_proposal_saved_as_model_starts_in_modelling(client) -> None:
    h = _auth(client, "modeller")
    d = client.post(
        "/api/mining/runs", json={"target": "review_defect", "methods": ["rules"]}, headers=h
    ).json()
    p = d["proposals"][0]
    bt = client.post("/api/backtests", json={"yaml": p["yaml"]}, headers=h)
    assert bt.status_code == 200, bt.text
    saved = client.post("/api/models", json={"yaml": p["yaml"]}, headers=h)
    assert saved.status_code == 200, saved.text
    assert saved.json()["state"] == "modelling"  # never live by itself
    r = client.post(
        f"/api/mining/runs/{d['run_id']}/proposals/{p['id']}", json={"status": "saved"}, headers=h
    )
    assert r.status_code == 200
    detail = client.get(f"/api/mining/runs/{d['run_id']}", headers=h).json()
    assert detail["proposals"][0]["status"] == "saved"
    # A basic court cannot read the city's run.
    other = _auth(client, "modeller_basic")
    assert client.get(f"/api/mining/runs/{d['run_id']}", headers=other).status_code == 404


def test_every_method_is_offered_and_documented(client) -> None:
    """Every method the miner has — party and lawyer clustering and regression included — is
    in the API's choice (which the workshop's panel offers and pre-selects whole), in
    `courtqc mine --help`, and in docs/MINING.md's table of methods."""
    from typer.testing import CliRunner

    from courtqc.cli import app

    offered = client.get("/api/mining/targets", headers=_auth(client, "modeller")).json()
    assert [m["id"] for m in offered["methods"]] == list(mining.METHODS)
    assert {"party_cluster", "lawyer_cluster", "regression"} <= set(mining.METHODS)
    helptext = CliRunner().invoke(app, ["mine", "--help"], env={"COLUMNS": "400"}).output
    docs = (Path(__file__).resolve().parents[1] / "docs" / "MINING.md").read_text("utf-8")
    panel = Path(__file__).resolve().parents[1] / "web" / "src" / "components" / "MiningPanel.vue"
    for m in mining.METHODS:
        assert m in helptext, (m, helptext)
        assert f"`{m}`" in docs, m
    # The panel takes its methods from the API and ticks them all, naming none itself.
    vue = panel.read_text("utf-8")
    assert "meta.value.methods.map((m) => m.id)" in vue
    assert not [m for m in mining.METHODS if f"'{m}'" in vue]


def test_web_judges_may_not_mine(client) -> None:
    h = _auth(client, "judge_basic")
    r = client.post("/api/mining/runs", json={"target": "overdue"}, headers=h)
    assert r.status_code == 403


# ---------------------------------------------------------------- parties, lawyers, feedback


def test_party_clusters_refind_planted_rings_and_lenders(court, result) -> None:
    """HDBSCAN over the parties (no label used) finds the planted false-lending ring and the
    professional lenders as groups whose description, run by the engine, flags their cases.
    The ring's precision is bounded by the near misses the generator plants beside it (four
    borrowers; one suit a day late): ring-like by construction, not truth."""
    import mining_entities

    assert result.methods["party_cluster"]["entities"] > 20
    assert {"party_cluster", "lawyer_cluster"} <= {p.method for p in result.proposals}
    con = duckdb.connect(str(court))
    scores = mining_entities.score(con, result)
    # The baseline, from the same court: the share of all cases that are the scenario's. A
    # proposal that picked cases blindly would flag them at about that rate (lift 1).
    cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    con.close()
    ring, lender = scores["false_lending_ring"], scores["professional_lender"]
    dump = json.dumps(scores, ensure_ascii=False, indent=1)  # with any run that timed out

    def lift(s: dict) -> float:
        return s["precision"] / (s["truth"] / cases)

    # Rings are a handful of cases per court (recall moves in steps of 1/truth): most of them,
    # flagged 20 times more precisely than chance (the near misses planted beside each ring
    # are ring-shaped, so precision itself stays low by construction).
    assert ring["truth"] and ring["recall"] >= 0.6 and lift(ring) >= 20, dump
    assert lender["truth"] and lender["recall"] >= 0.8 and lift(lender) >= 20, dump
    for p in result.proposals:
        if p.method in ("party_cluster", "lawyer_cluster"):
            assert p.logic == "sql" and p.explanation.startswith(("当事人", "律师"))
            assert p.note and "聚类" in p.note


def test_helpful_target_mines_on_simulated_feedback(court, tmp_path) -> None:
    """Simulated judges answer the alerts of a review (85 % of true positives helpful, 20 % of
    the others, 40 % unanswered) through the API's store function; the `helpful` target,
    refused on the fresh court, then mines, on exactly the cases with feedback."""
    import shutil

    from courtqc.mining.feedback_sim import SIMULATED_BY, Rates, simulate_feedback

    copy = tmp_path / "feedback.duckdb"
    shutil.copy(court, copy)
    con = duckdb.connect(str(copy))
    sim = simulate_feedback(con, Rates(), seed=3)
    assert sim.reviewed_first and sim.alerts > 50 and sim.true_positive_alerts > 0
    assert 0.45 <= sim.answered / sim.alerts <= 0.75
    by = con.execute("SELECT DISTINCT given_by FROM alert_feedback").fetchall()
    assert all(b[0].startswith(SIMULATED_BY) for b in by)
    res = mining.mine(con, mining.get("helpful"), methods=("tree", "rules"),
                      check_duplicates=False, min_hits=3)  # fmt: skip
    with_feedback, helpful = con.execute(
        "SELECT count(DISTINCT a.case_id), count(DISTINCT a.case_id) FILTER (WHERE f.helpful) "
        "FROM alerts a JOIN alert_feedback f ON f.alert_id = a.alert_id"
    ).fetchone()
    con.close()
    assert res.population == with_feedback and res.positives == helpful
    assert res.train_positives >= 5 and res.ranking
    for p in res.proposals:
        assert load_model_text(p.yaml, f"{p.id}.yaml").model.state == "proposed"
    with pytest.raises(InvalidInput, match="合成法院"):
        simulate_feedback(duckdb.connect(), Rates())
