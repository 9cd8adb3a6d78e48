"""核验反馈 and 优化完善 as lifecycle steps (docs/MODELS.md "Verification and optimisation"):
the gate counts judges' answers to a live version's pushed alerts; too few answers is refused
with both thresholds named, a helpful rate under the threshold sends the version to
optimising (it stops running at nodes), and the way back is a new version that starts in
modelling. First on the lifecycle functions over a real DuckDB store, then through the API.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import duckdb
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.engine import store
from courtqc.engine.run import Alert
from courtqc.errors import Conflict, InvalidInput
from courtqc.models.library import builtin_models, find
from courtqc.models.lifecycle import (
    OPTIMISING,
    RUNS_IN,
    VerificationPolicy,
    allowed_next,
    default_policy,
    effective_states,
    load_policy,
    promote,
    verify,
    version_stats,
)
from courtqc.web.app import create_app
from tests.support.web_court import PASSWORD, build

SMALL = VerificationPolicy.model_validate({"default": {"min_answered": 4, "min_helpful_rate": 0.5}})


def _pushed(
    con: duckdb.DuckDBPyConnection,
    model_id: str,
    version: str,
    answers: list[bool | None],
    case_id: int = 1,
    court: str = "沪0115",
    reason: str | None = None,
) -> list[int]:
    """Store one pushed alert per answer (through the engine's store) and the answers given
    (None: not answered); returns the alert ids."""
    tag = f"{model_id}-{version}-{len(answers)}-{reason}"
    alerts = [
        Alert(
            model_id=model_id,
            model_version=version,
            category="procedure",
            case_id=case_id,
            case_no=f"(2023)沪0115民初{i}号",
            court_code=court,
            party_id=None,
            severity="warning",
            message="测试",
            evidence=[],
            fingerprint=f"{tag}-{i}",
            node="filing",
        )
        for i in range(len(answers))
    ]
    store.save_alerts(con, alerts, mode="node", pushed=True)
    ids = [
        r[0]
        for r in con.execute(
            "SELECT alert_id FROM alerts WHERE fingerprint LIKE ? ORDER BY alert_id", [f"{tag}-%"]
        ).fetchall()
    ]
    for aid, helpful in zip(ids, answers, strict=True):
        if helpful is not None:
            store.add_feedback(con, aid, helpful, "judge_a", reason)
    return ids


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(tmp_path / "s.duckdb"))
    store.ensure(c)
    yield c
    c.close()


def dead_party():  # type: ignore[no-untyped-def]
    return find(builtin_models(), "dead_party")


# ---------------------------------------------------------------- the lifecycle functions


def test_the_policy_is_data_with_overrides_by_category_and_model(tmp_path: Path) -> None:
    cm = dead_party()
    assert default_policy().for_model(cm).min_answered >= 1
    f = tmp_path / "p.yaml"
    f.write_text(
        "default: {min_answered: 10, min_helpful_rate: 0.7}\n"
        "categories: {procedure: {min_answered: 30}}\n"
        "models: {dead_party: {min_helpful_rate: 0.8}}\n",
        encoding="utf-8",
    )
    th = load_policy(f).for_model(cm)
    assert (th.min_answered, th.min_helpful_rate) == (30, 0.8)
    f.write_text("default: {min_answered: 0, min_helpful_rate: 1.5}\n", encoding="utf-8")
    with pytest.raises(
        InvalidInput, match=r"核验策略文件有误：default\.min_answered 不合要求 \(bad"
    ):
        load_policy(f)


def test_too_few_answers_is_refused_naming_both_thresholds(con) -> None:  # type: ignore[no-untyped-def]
    cm = dead_party()
    _pushed(con, cm.id, cm.version, [True, True, False, None, None])  # 3 answered of 5
    with pytest.raises(Conflict) as e:
        verify(con, cm, "审管办", policy=SMALL)
    msg = str(e.value)
    assert msg.startswith("模型 dead_party 当前版本仅有 3 条已答复")
    assert "4 条" in msg and "50.0%" in msg and "(too few answered alerts: 3 < 4;" in msg
    assert effective_states(con, [cm])[cm.id] == "live"  # still live, still collecting


def test_a_rate_under_the_threshold_sends_the_version_to_optimising(con) -> None:  # type: ignore[no-untyped-def]
    cm = dead_party()
    _pushed(con, cm.id, cm.version, [True, False, False, False, None])
    _pushed(con, cm.id, "an-older-version", [True] * 6)  # another version's answers do not count
    st = version_stats(con, cm)
    assert (st.pushed, st.answered, st.helpful, st.helpful_rate) == (5, 4, 1, 0.25)
    v = verify(con, cm, "审管办", policy=SMALL)
    assert not v.passed and (v.before, v.after) == ("live", OPTIMISING)
    assert "有用率 25.0%" in v.note and "阈值 4 条、50.0%" in v.note
    assert effective_states(con, [cm])[cm.id] == OPTIMISING
    assert OPTIMISING not in RUNS_IN["node"] and OPTIMISING not in RUNS_IN["review"]
    # no way back to live for the same logic: only retire it, or make a new version
    assert allowed_next(OPTIMISING) == ("retired",)
    for to in ("live", "modelling", "embedding_test"):
        with pytest.raises(Conflict):
            promote(con, cm, to, "审管办")
    with pytest.raises(Conflict, match="只有上线运行的模型才能核验反馈"):
        verify(con, cm, "审管办", policy=SMALL)  # not live any more


def test_only_a_failed_verification_sends_a_live_model_to_optimising(con) -> None:  # type: ignore[no-untyped-def]
    cm = dead_party()
    with pytest.raises(Conflict, match=r"^模型 dead_party 只能经核验反馈未通过转入优化完善"):
        promote(con, cm, OPTIMISING, "admin")


def test_a_passing_version_stays_live_with_its_figures_in_history(con) -> None:  # type: ignore[no-untyped-def]
    cm = dead_party()
    _pushed(con, cm.id, cm.version, [True, True, True, False])
    v = verify(con, cm, "审管办", "季度核验", policy=SMALL)
    assert v.passed and v.after == "live"
    note = con.execute(
        "SELECT note FROM model_states WHERE model_id = ? ORDER BY change_id DESC LIMIT 1",
        [cm.id],
    ).fetchone()[0]
    assert note.startswith("核验反馈通过：已答复 4 条，有用 3 条，有用率 75.0%")
    assert note.endswith("；季度核验")


def test_a_retired_model_cannot_be_verified(con) -> None:  # type: ignore[no-untyped-def]
    cm = dead_party()
    promote(con, cm, "retired", "审管办")
    with pytest.raises(Conflict, match=r"只有上线运行的模型才能核验反馈"):
        verify(con, cm, "审管办", policy=SMALL)


# ---------------------------------------------------------------- through the API

DRAFT = """
id: verify_test_dead_defendant
title: {{zh: 被告在立案前死亡（核验测试）, en: Defendant died before filing (verification test)}}
category: procedure
nodes: [filing]
severity: warning
message: "{message}"
legal_basis: ["《民事诉讼法》第153条"]
owner_court: 沪
time_budget_ms: 2000
logic:
  conditions:
    subject: op_party_death
    where:
      all:
        - {{field: side, op: eq, value: respondent}}
        - {{field: death_date, op: lt, value: {{ref: filing_date}}}}
    evidence: [name, death_date]
"""
MID = "verify_test_dead_defendant"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("verify") / "court.duckdb"
    ids = build(path)
    app = create_app(path)
    client = TestClient(app)
    tokens: dict[str, dict[str, str]] = {}

    def h(user: str) -> dict[str, str]:
        if user not in tokens:
            r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
            assert r.status_code == 200, r.text
            tokens[user] = {"Authorization": f"Bearer {r.json()['token']}"}
        return tokens[user]

    yield app, client, h, ids
    app.state.store.close()


def _save_and_take_live(client, h, message: str) -> str:  # type: ignore[no-untyped-def]
    r = client.post(
        "/api/models", headers=h("modeller"), json={"yaml": DRAFT.format(message=message)}
    )
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "modelling"
    for user, to in (("modeller", "review_rollout"), ("supervisor", "embedding_test"),
                     ("supervisor", "live")):  # fmt: skip
        r = client.post(f"/api/models/{MID}/promote", headers=h(user), json={"to": to})
        assert r.status_code == 200, r.text
    return r.json()["version"]


def test_verification_and_optimisation_through_the_api(api) -> None:  # type: ignore[no-untyped-def]
    app, client, h, ids = api
    th = default_policy().default
    n = th.min_answered
    version = _save_and_take_live(client, h, "被告{name}已于{death_date}死亡")
    unhelpful = n - int(th.min_helpful_rate * n) + 1  # just enough "no" to fail the rate
    answers: list[bool | None] = [False] * unhelpful + [True] * (n - 1 - unhelpful) + [None, None]
    with app.state.store.cursor() as con:
        _pushed(con, MID, version, answers, ids["A1"], reason="死亡日期晚于立案日，误报")

    def do_verify(user: str):  # type: ignore[no-untyped-def]
        return client.post(f"/api/models/{MID}/verify", headers=h(user), json={"note": "核验"})

    # one answer short: refused with both thresholds, Chinese first; the model stays live
    r = do_verify("supervisor")
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert detail.startswith(f"模型 {MID} 当前版本仅有 {n - 1} 条已答复")
    assert f"{th.min_helpful_rate * 100:.1f}%" in detail and f"{n} 条" in detail
    # a modeller may not verify; a judge may not either
    assert do_verify("modeller").status_code == 403
    assert do_verify("judge_a").status_code == 403
    assert do_verify("leader_03").status_code == 403  # the model belongs to 沪, not 沪03

    fb = client.get(f"/api/models/{MID}/feedback", headers=h("supervisor")).json()
    assert fb["current"]["answered"] == n - 1 and fb["current"]["pushed"] == n + 1
    assert (fb["min_answered"], fb["min_helpful_rate"]) == (n, th.min_helpful_rate)
    assert fb["can_verify"] is True and fb["can_optimise"] is False
    assert fb["reasons"] and fb["reasons"][0]["reason"] == "死亡日期晚于立案日，误报"
    # reasons come from the user's own courts only (the alerts are 沪0115's)
    other = client.get(f"/api/models/{MID}/feedback", headers=h("supervisor_b")).json()
    assert other["reasons"] == [] and other["current"]["answered"] == n - 1
    assert other["can_verify"] is False
    judge = client.get(f"/api/models/{MID}/feedback", headers=h("judge_a")).json()
    assert judge["reasons"] == [] and judge["current"]["answered"] == n - 1  # counts only

    with app.state.store.cursor() as con:  # the last answer: a "no"
        aid = con.execute(
            "SELECT min(a.alert_id) FROM alerts a WHERE model_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM alert_feedback f WHERE f.alert_id = a.alert_id)",
            [MID],
        ).fetchone()[0]
    r = client.post(f"/api/alerts/{aid}/feedback", headers=h("judge_a"), json={"helpful": False})
    assert r.status_code == 200, r.text

    def fires_at_filing() -> bool:  # the node check a judge runs on case A1
        r = client.post(
            "/api/check", headers=h("judge_a"), json={"case": str(ids["A1"]), "node": "filing"}
        )
        assert r.status_code == 200, r.text
        return any(a["model_id"] == MID for a in r.json()["alerts"])

    assert fires_at_filing()  # live: it warns the judge
    r = do_verify("supervisor")
    assert r.status_code == 200, r.text
    assert not fires_at_filing()  # optimising: it warns no one any more
    v = r.json()
    assert v["passed"] is False and (v["from"], v["to"], v["to_zh"]) == (
        "live",
        OPTIMISING,
        "优化完善",
    )
    assert v["answered"] == n and v["helpful_rate"] < th.min_helpful_rate
    d = client.get(f"/api/models/{MID}", headers=h("modeller")).json()
    assert d["state"] == OPTIMISING and d["can_promote_to"] == []  # modellers: only a new version
    assert client.get(f"/api/models/{MID}", headers=h("supervisor")).json()["can_promote_to"] == [
        "retired"
    ]
    assert client.get(f"/api/models/{MID}/feedback", headers=h("modeller")).json()["can_optimise"]
    r = client.post(f"/api/models/{MID}/promote", headers=h("supervisor"), json={"to": "live"})
    assert r.status_code == 409

    # 优化完善: a new version from the feedback starts in modelling, on record, and goes round
    new = _save_and_take_live(client, h, "被告{name}死亡日期{death_date}早于立案日，请核实")
    assert new != version
    hist = client.get(f"/api/models/{MID}", headers=h("modeller")).json()["history"]
    states = [x["state"] for x in hist]
    assert states[:5] == ["live", "embedding_test", "review_rollout", "modelling", OPTIMISING]
    assert hist[3]["note"].startswith("优化完善：据核验反馈修订的新版本")
    fb = client.get(f"/api/models/{MID}/feedback", headers=h("supervisor")).json()
    cur = {k: fb["current"][k] for k in ("model_version", "pushed", "answered", "helpful_rate")}
    assert cur == {"model_version": new, "pushed": 0, "answered": 0, "helpful_rate": None}
    assert [x["model_version"] for x in fb["versions"]] == [version]

    # the new version's answers: helpful enough, so it passes and stays live
    with app.state.store.cursor() as con:
        _pushed(con, MID, new, [True] * n, ids["A1"])
    r = do_verify("admin")
    assert r.status_code == 200 and r.json()["passed"] is True and r.json()["to"] == "live"
    log = client.get("/api/admin/audit", headers=h("admin"), params={"target": MID}).json()
    assert ("supervisor", "model_verify") in [(e["actor"], e["action"]) for e in log["items"]]


# ---------------------------------------------------------------- the policy file setting, the CLI


@pytest.fixture()
def policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """COURTQC_VERIFICATION_FILE naming a small policy (3 answered, 60 %), caches cleared."""
    from courtqc.config import settings

    f = tmp_path / "verification.yaml"
    f.write_text("default: {min_answered: 3, min_helpful_rate: 0.6}\n", encoding="utf-8")
    monkeypatch.setenv("COURTQC_VERIFICATION_FILE", str(f))
    settings.cache_clear()
    default_policy.cache_clear()
    yield f
    monkeypatch.delenv("COURTQC_VERIFICATION_FILE")
    settings.cache_clear()
    default_policy.cache_clear()


def test_the_policy_file_is_a_setting(policy_file: Path) -> None:
    """The policy in force is the file the setting names; the packaged one otherwise."""
    from courtqc.config import settings

    assert settings().verification_file == policy_file
    th = default_policy().for_model(dead_party())
    assert (th.min_answered, th.min_helpful_rate) == (3, 0.6)
    policy_file.write_text("default: {min_answered: 0}\n", encoding="utf-8")
    default_policy.cache_clear()
    with pytest.raises(InvalidInput, match="核验策略文件有误") as e:
        default_policy()
    assert e.value.where is not None and e.value.where.file == str(policy_file)


def test_the_packaged_policy_without_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from courtqc.config import settings

    monkeypatch.delenv("COURTQC_VERIFICATION_FILE", raising=False)
    settings.cache_clear()
    default_policy.cache_clear()
    try:
        assert settings().verification_file is None
        assert default_policy() == load_policy(None)
    finally:
        default_policy.cache_clear()


def _cli(*args: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from courtqc.cli import app

    return CliRunner().invoke(app, ["models", "verify", *args])


def test_cli_verify_passes_fails_and_refuses(tmp_path: Path, policy_file: Path) -> None:
    """`courtqc models verify` decides as the API does (lifecycle.verify, the policy of the
    setting): exit 0 when passed; exit 2 with a Chinese-first message when too few answers
    (nothing changes) or when it fails (the version goes to 优化完善). No traceback."""
    cm = dead_party()
    db = tmp_path / "c.duckdb"
    c = duckdb.connect(str(db))
    store.ensure(c)
    _pushed(c, cm.id, cm.version, [True, True])  # 2 answered < 3
    c.close()
    r = _cli("--db", str(db), "--model", "dead_party")
    assert r.exit_code == 2, r.output
    assert "仅有 2 条已答复的推送预警，少于核验所需的 3 条" in r.output, r.output
    assert "Traceback" not in r.output
    c = duckdb.connect(str(db))
    assert effective_states(c, [cm])[cm.id] == "live"  # refused: nothing changed
    _pushed(c, cm.id, cm.version, [True], reason="x")  # 3 answered, all helpful
    c.close()
    r = _cli("--db", str(db), "--model", "dead_party", "--by", "审管办", "--note", "季度核验")
    assert r.exit_code == 0, r.output
    assert "上线运行 → 上线运行" in r.output and "核验反馈通过" in r.output
    c = duckdb.connect(str(db))
    _pushed(c, cm.id, cm.version, [False] * 5, reason="y")  # 3 of 8 helpful: 37.5 % < 60 %
    c.close()
    r = _cli("--db", str(db), "--model", "dead_party")
    assert r.exit_code == 2, r.output
    assert "核验反馈未通过，转优化完善" in r.output and "有用率 37.5%" in r.output
    c = duckdb.connect(str(db))
    assert effective_states(c, [cm])[cm.id] == OPTIMISING
    c.close()
    r = _cli("--db", str(db), "--model", "no_such_model")
    assert r.exit_code == 2 and "no_such_model" in r.output
    r = _cli("--db", str(tmp_path / "absent.duckdb"), "--model", "dead_party")
    assert r.exit_code == 2 and "数据库不存在" in r.output
