"""The engine: alerts with fingerprints, feedback and helpful rates, lifecycle, node-mode
isolation of failing and slow models, backtest scoring, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import duckdb
import pytest
from typer.testing import CliRunner

from courtqc.engine import store
from courtqc.engine.backtest import backtest
from courtqc.engine.node import NodeChecker
from courtqc.engine.review import review
from courtqc.engine.testing import D, TinyCourt
from courtqc.errors import Conflict, NotFound
from courtqc.models import builtin_models, load_model_text
from courtqc.models.lifecycle import effective_states, promote

AS_OF = dt.date(2024, 6, 30)


def model(
    mid: str,
    sql: str,
    state: str = "live",
    nodes: str = "[filing]",
    budget: int = 2000,
    families: str = "[]",
):
    text = textwrap.dedent(
        f"""\
        id: {mid}
        title: {{zh: 测试, en: Test}}
        category: procedure
        nodes: {nodes}
        applies_to: {{families: {families}}}
        message: "案件{{case_no}}命中"
        legal_basis: [某法第1条]
        state: {state}
        time_budget_ms: {budget}
        logic:
          sql: |
        """
    ) + textwrap.indent(sql, "    ")
    return load_model_text(text)


@pytest.fixture
def court(tmp_path):
    con = duckdb.connect(str(tmp_path / "court.duckdb"))
    t = TinyCourt(con)
    dead = t.party("张三", id_number="11010519491231002X")
    t.add("registry_population", id_number="11010519491231002X", name="张三", status="dead",
          death_date=D("2022-01-01"))  # fmt: skip
    c1 = t.case(filing="2023-03-01", parties={"plaintiff": t.party("李四"), "defendant": dead})
    c2 = t.case(
        filing="2023-04-01",
        court="沪0101",
        parties={"plaintiff": t.party("王五"), "defendant": dead},
    )
    c3 = t.case(filing="2021-04-01", parties={"plaintiff": t.party("赵六"), "defendant": dead})
    t.con.execute("INSERT INTO truth_anomalies VALUES ('dead_party', ?, NULL, ''), ('dead_party', ?, NULL, ''), "
                  "('dead_party', ?, NULL, 'a case the model cannot see')", [c1, c2, c3])  # fmt: skip
    return t, tmp_path / "court.duckdb", (c1, c2, c3)


def dead_party():
    return [m for m in builtin_models() if m.id == "dead_party"]


def test_review_stores_alerts_once(court):
    t, _, (c1, c2, _) = court
    r1 = review(t.con, dead_party(), as_of=AS_OF)
    assert {a.case_id for a in r1.alerts} == {c1, c2} and r1.new_alerts == 2
    r2 = review(t.con, dead_party(), as_of=AS_OF)
    assert r2.new_alerts == 0  # the fingerprint makes a rerun idempotent
    rows = t.con.execute(
        "SELECT case_id, mode, pushed, model_version, evidence FROM alerts ORDER BY case_id"
    ).fetchall()
    assert [r[0] for r in rows] == [c1, c2]
    assert all(r[1] == "review" and r[2] is False for r in rows)
    assert rows[0][3] == dead_party()[0].version
    assert json.loads(rows[0][4])[0]["death_date"] == "2022-01-01"
    # a node check of the same finding updates the alert (now pushed), still one row
    NodeChecker(t.con, dead_party(), as_of=AS_OF).check(c1, "filing")
    rows = t.con.execute(
        "SELECT count(*), bool_or(pushed) FROM alerts WHERE case_id = ?", [c1]
    ).fetchone()
    assert rows == (1, True)


def test_review_scope_court_and_since(court):
    t, _, (_c1, c2, _) = court
    r = review(t.con, dead_party(), courts=["沪0101"], as_of=AS_OF, save=False)
    assert {a.case_id for a in r.alerts} == {c2}
    r = review(t.con, dead_party(), since=dt.date(2023, 3, 15), as_of=AS_OF, save=False)
    assert {a.case_id for a in r.alerts} == {c2}


def test_feedback_and_helpful_rates(court):
    t, _, (c1, c2, _) = court
    NodeChecker(t.con, dead_party(), as_of=AS_OF).check(c1, "filing")
    NodeChecker(t.con, dead_party(), as_of=AS_OF).check(c2, "filing")
    ids = [r[0] for r in t.con.execute("SELECT alert_id FROM alerts ORDER BY case_id").fetchall()]
    store.add_feedback(t.con, ids[0], False, "法官甲", "已核实")
    store.add_feedback(t.con, ids[0], True, "法官甲", "改为有帮助")  # the latest counts
    store.add_feedback(t.con, ids[1], False, "法官乙", "误报")
    (row,) = store.helpful_rates(t.con, "model")
    assert row == {
        "model": "dead_party",
        "pushed": 2,
        "with_feedback": 2,
        "helpful": 1,
        "helpful_rate": 0.5,
    }
    courts = {r["court"]: r["helpful_rate"] for r in store.helpful_rates(t.con, "court")}
    assert courts == {"沪0101": 0.0, "沪0115": 1.0}
    assert store.helpful_rates(t.con, "category")[0]["category"] == "procedure"
    with pytest.raises(NotFound):
        store.add_feedback(t.con, 999, True, "x")
    with pytest.raises(ValueError):
        store.add_feedback(t.con, ids[0], True, " ")


def test_shadow_model_records_but_does_not_push(court):
    t, _, (c1, _, _) = court
    shadow = model("shadow_check", "SELECT case_id FROM cases", state="embedding_test")
    res = NodeChecker(t.con, [shadow], as_of=AS_OF).check(c1, "filing")
    assert res.alerts == [] and len(res.shadow_alerts) == 1
    assert t.con.execute("SELECT pushed, mode, node FROM alerts").fetchall() == [
        (False, "node", "filing")
    ]


def test_failing_and_slow_models_are_isolated(court):
    t, _, (c1, _, _) = court
    # divides by zero at run time only (binds fine, so it passes validation)
    boom = model("boom_model", "SELECT case_id, CAST('x' || case_no AS INTEGER) AS n FROM cases")
    slow = model(
        "slow_model",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) "
        "SELECT c.case_id FROM cases c, (SELECT count(*) AS n FROM r) x WHERE x.n > 0",
        budget=50,
    )
    res = NodeChecker(t.con, [boom, slow, *dead_party()], as_of=AS_OF).check(c1, "filing")
    status = {r.model_id: r.status for r in res.runs}
    assert status == {"boom_model": "error", "slow_model": "timeout", "dead_party": "ok"}
    assert [a.model_id for a in res.alerts] == ["dead_party"]
    slow_run = next(r for r in res.runs if r.model_id == "slow_model")
    assert slow_run.elapsed_ms < 5000
    recorded = t.con.execute("SELECT model_id, status FROM model_runs ORDER BY model_id").fetchall()
    assert recorded == [("boom_model", "error"), ("slow_model", "timeout")]


def test_node_mode_runs_only_bound_live_or_shadow_models(court):
    t, _, (c1, _, _) = court
    a = model("at_filing", "SELECT case_id FROM cases", nodes="[filing]")
    b = model("at_hearing", "SELECT case_id FROM cases", nodes="[hearing]")
    c = model("everywhere", "SELECT case_id FROM cases", nodes='["*"]')
    d = model("not_yet", "SELECT case_id FROM cases", state="modelling")
    checker = NodeChecker(t.con, [a, b, c, d], as_of=AS_OF, record=False)
    assert {r.model_id for r in checker.check(c1, "filing").runs} == {"at_filing", "everywhere"}
    assert {r.model_id for r in checker.check(c1, "hearing").runs} == {"at_hearing", "everywhere"}
    with pytest.raises(ValueError):
        checker.check(c1, "lunch")
    with pytest.raises(NotFound):
        checker.check("（2099）沪0115民初1号", "filing")


def test_node_mode_answers_models_that_do_not_apply_without_running_them(court):
    """A model whose families exclude the case can give it no alert (the wrapper would filter
    every row out): node mode reports it answered, without running it — a failing one too."""
    t, _, (c1, _, _) = court
    criminal = model("criminal_only", "SELECT case_id FROM cases", families="[criminal]")
    broken = model(
        "criminal_boom",
        "SELECT case_id, CAST('x' || case_no AS INTEGER) AS n FROM cases",
        families="[criminal]",
    )
    civil = model("civil_only", "SELECT case_id FROM cases", families="[civil]")
    checker = NodeChecker(t.con, [criminal, broken, civil], as_of=AS_OF, record=False)
    res = checker.check(c1, "filing")
    runs = {r.model_id: (r.status, r.elapsed_ms > 0) for r in res.runs}
    assert runs == {
        "criminal_only": ("ok", False),
        "criminal_boom": ("ok", False),
        "civil_only": ("ok", True),
    }
    assert [a.model_id for a in res.alerts] == ["civil_only"] and not res.errors
    # review mode agrees: the criminal-only model has no alert about the civil case
    rev = review(t.con, [criminal, civil], model_ids=["criminal_only", "civil_only"],
                 as_of=AS_OF, save=False)  # fmt: skip
    assert {(a.model_id, a.case_id) for a in rev.alerts if a.case_id == c1} == {("civil_only", c1)}


def test_batched_node_checks_isolate_failures_and_match_single_checks(court):
    t, _, (c1, c2, c3) = court
    boom = model("boom_model", "SELECT case_id, CAST('x' || case_no AS INTEGER) AS n FROM cases")
    at_hearing = model("at_hearing", "SELECT case_id FROM cases", nodes="[hearing]")
    checker = NodeChecker(t.con, [boom, at_hearing, *dead_party()], as_of=AS_OF, record=False)
    events = [(c1, "filing"), (c2, "hearing"), (c3, "filing"), (c1, "hearing")]
    batch = checker.check_many(events)
    assert [(r.case_id, r.node) for r in batch] == events
    for r in batch:
        alone = checker.check(r.case_id, r.node)
        assert [(a.fingerprint, a.node) for a in r.alerts] == [
            (a.fingerprint, a.node) for a in alone.alerts
        ]
        assert {x.model_id: x.status for x in r.runs} == {x.model_id: x.status for x in alone.runs}
    assert {x.model_id: x.status for x in batch[0].runs} == {
        "boom_model": "error",
        "dead_party": "ok",
    }
    assert [a.model_id for a in batch[0].alerts] == ["dead_party"]
    assert [a.model_id for a in batch[1].alerts] == ["at_hearing"]  # dead_party: not bound
    with pytest.raises(ValueError):
        checker.check_many([(c1, "lunch")])
    with pytest.raises(NotFound):
        checker.check_many([(c1, "filing"), ("（2099）沪0115民初1号", "filing")])


def test_lifecycle_promote_and_versions(court):
    t, _, _ = court
    m = model("life_model", "SELECT case_id FROM cases", state="modelling")
    assert effective_states(t.con, [m]) == {"life_model": "modelling"}
    with pytest.raises(Conflict, match="不能直接转为"):
        promote(t.con, m, "live", "审管办")
    promote(t.con, m, "review_rollout", "审管办")
    promote(t.con, m, "embedding_test", "审管办")
    assert effective_states(t.con, [m]) == {"life_model": "embedding_test"}
    # a new version of the logic starts again from the state its file declares
    m2 = model("life_model", "SELECT case_id FROM cases WHERE year > 2000", state="modelling")
    assert m2.version != m.version
    assert effective_states(t.con, [m2]) == {"life_model": "modelling"}
    # alerts keep the version that made them
    review(t.con, [m], model_ids=["life_model"], as_of=AS_OF)
    review(t.con, [m2], model_ids=["life_model"], as_of=AS_OF)
    versions = {r[0] for r in t.con.execute("SELECT model_version FROM alerts").fetchall()}
    assert versions == {m.version}


def test_backtest_scores_against_truth(court):
    t, _, (_c1, _c2, c3) = court
    (s,) = backtest(t.con, dead_party(), as_of=AS_OF)
    assert (s.hits, s.tp, s.fp, s.fn) == (2, 2, 0, 1)
    assert s.precision == 1.0 and s.recall == pytest.approx(2 / 3, abs=1e-3)
    assert s.fn_cases == [c3]


def test_cli_check_review_backtest_feedback(court):
    from courtqc.cli import app

    t, path, (c1, _, _) = court
    case_no = t.con.execute("SELECT case_no FROM cases WHERE case_id = ?", [c1]).fetchone()[0]
    t.con.close()
    runner = CliRunner()
    r = runner.invoke(app, ["check", "--db", str(path), "--case", case_no, "--node", "filing",
                            "--as-of", "2024-06-30", "--json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert "dead_party" in {a["model_id"] for a in out["alerts"]}
    assert "张三" in next(a["message"] for a in out["alerts"] if a["model_id"] == "dead_party")
    r = runner.invoke(
        app,
        ["review", "--db", str(path), "--model", "dead_party", "--json", "--as-of", "2024-06-30"],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["models"][0]["hits"] == 2
    r = runner.invoke(app, ["backtest", "--db", str(path), "--model", "dead_party", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["tp"] == 2
    r = runner.invoke(app, ["alerts", "--db", str(path), "--json"])
    alert_id = json.loads(r.stdout)[0]["alert_id"]
    r = runner.invoke(app, ["feedback", "--db", str(path), "--alert", str(alert_id), "--by", "法官甲",
                            "--not-helpful", "--reason", "已处理"])  # fmt: skip
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["helpful", "--db", str(path), "--json"])
    assert json.loads(r.stdout)[0]["with_feedback"] == 1
    r = runner.invoke(app, ["review", "--db", str(path), "--court", "沪9999"])
    assert r.exit_code == 2 and "未知法院" in r.output
    r = runner.invoke(app, ["check", "--db", str(path), "--case", "nope", "--node", "filing"])
    assert r.exit_code == 2 and "找不到案件" in r.output


def test_cli_models_list_show_validate_promote(court, tmp_path):
    from courtqc.cli import app

    t, path, _ = court
    t.con.close()
    runner = CliRunner()
    r = runner.invoke(app, ["models", "list", "--json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)) >= 25
    r = runner.invoke(app, ["models", "show", "fine_out_of_range"])
    assert r.exit_code == 0 and "op_fine_check" in json.loads(r.stdout)["compiled_sql"]
    r = runner.invoke(app, ["models", "validate"])
    assert r.exit_code == 0
    bad = tmp_path / "bad_model.yaml"
    bad.write_text("id: bad_model\ntitle: {zh: 坏, en: Bad}\ncategory: procedure\nnodes: [filing]\n"
                   "message: x\nlegal_basis: [x]\nlogic:\n  sql: DELETE FROM cases\n", encoding="utf-8")  # fmt: skip
    r = runner.invoke(app, ["models", "validate", str(bad)])
    assert r.exit_code == 2 and "bad_model.yaml:8" in r.output and "DELETE" in r.output
    r = runner.invoke(
        app,
        ["models", "promote", "dead_party", "--to", "retired", "--db", str(path), "--by", "审管办"],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["models", "list", "--db", str(path), "--json"])
    assert {m["id"]: m["state"] for m in json.loads(r.stdout)}["dead_party"] == "retired"
    r = runner.invoke(
        app, ["models", "promote", "dead_party", "--to", "live", "--db", str(path), "--by", "x"]
    )
    assert r.exit_code == 2 and "不能直接转为" in r.output
