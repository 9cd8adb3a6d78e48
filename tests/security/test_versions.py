"""Versions cover behaviour (issue 13, item 7): any change to what a model does or what a judge
sees is a new version, which starts in 建模 (modelling) whatever state the old one was in; only
the lifecycle puts it live. Through the library (ModelDef, lifecycle) and through the API."""

from __future__ import annotations

import textwrap
from pathlib import Path

import duckdb
import pytest

from courtqc.errors import Conflict
from courtqc.models.definition import COSMETIC_FIELDS
from courtqc.models.library import load_model_text
from courtqc.models.lifecycle import begin_version, effective_states, promote

BASE = textwrap.dedent(
    """\
    id: version_probe
    title: {zh: 版本探针, en: Version probe}
    category: procedure
    description: 用于测试版本
    scenarios: [dead_party]
    nodes: [filing]
    severity: warning
    message: "案件{case_no}命中"
    message_en: "case {case_no} hit"
    legal_basis: ["某法第1条"]
    owner_court: 沪
    state: live
    time_budget_ms: 2000
    context: case
    applies_to: {families: [civil]}
    logic:
      sql: SELECT case_id FROM cases WHERE status = 'pending'
    """
)

# One change of each field that decides what the model does or what a judge sees.
BEHAVIOUR = {
    "logic": ("status = 'pending'", "status = 'closed'"),
    "nodes": ("nodes: [filing]", "nodes: [filing, hearing]"),
    "severity": ("severity: warning", "severity: critical"),
    "message": ('message: "案件{case_no}命中"', 'message: "案件{case_no}可能有误"'),
    "message_en": ('message_en: "case {case_no} hit"', 'message_en: "case {case_no} flagged"'),
    "time_budget_ms": ("time_budget_ms: 2000", "time_budget_ms: 60000"),
    "applies_to": ("families: [civil]", "families: [civil, criminal]"),
    "title": ("zh: 版本探针", "zh: 版本探针二"),
    "description": ("description: 用于测试版本", "description: 另一段说明"),
    "legal_basis": ('legal_basis: ["某法第1条"]', 'legal_basis: ["某法第2条"]'),
    "category": ("category: procedure", "category: judgment-defect"),
    "context": ("context: case", "context: linked"),
    "owner_court": ("owner_court: 沪", "owner_court: 沪01"),
}
COSMETIC = {
    "version": ("state: live", "state: live\nversion: 7"),
    "state": ("state: live", "state: proposed"),
    "scenarios": ("scenarios: [dead_party]", "scenarios: [dead_party, other]"),
    "comments and layout": ("severity: warning", "severity:   warning   # 预警\n# 注释"),
    "key order": ("severity: warning\n", ""),  # moved to the end below
}


def _variant(old: str, new: str) -> str:
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    return text + ("severity: warning\n" if new == "" else "")


@pytest.mark.parametrize("field", BEHAVIOUR)
def test_every_behaviour_field_changes_the_version(field: str) -> None:
    base = load_model_text(BASE)
    changed = load_model_text(_variant(*BEHAVIOUR[field]))
    assert changed.version != base.version, field


@pytest.mark.parametrize("what", COSMETIC)
def test_cosmetic_changes_keep_the_version(what: str) -> None:
    assert load_model_text(_variant(*COSMETIC[what])).version == load_model_text(BASE).version


def test_the_hash_leaves_out_only_the_named_cosmetic_fields() -> None:
    from courtqc.models.definition import ModelDef

    covered = set(ModelDef.model_fields) - COSMETIC_FIELDS
    assert {"version", "state", "scenarios"} == COSMETIC_FIELDS
    assert covered >= set(BEHAVIOUR) | {"id"}


@pytest.fixture
def store() -> duckdb.DuckDBPyConnection:
    from courtqc.engine import store as engine_store

    con = duckdb.connect()
    engine_store.ensure(con)
    yield con
    con.close()


def _to_live(con: duckdb.DuckDBPyConnection, cm) -> None:  # type: ignore[no-untyped-def]
    for state in ("review_rollout", "embedding_test", "live"):
        promote(con, cm, state, "审管办")


def test_library_a_new_version_of_a_live_model_starts_in_modelling(store) -> None:  # type: ignore[no-untyped-def]
    v1 = load_model_text(BASE.replace("state: live", "state: modelling"))
    assert effective_states(store, [v1]) == {"version_probe": "modelling"}
    _to_live(store, v1)
    assert effective_states(store, [v1]) == {"version_probe": "live"}
    # The file of the new version says live; the lifecycle has seen the model, so it is not.
    for field, (old, new) in BEHAVIOUR.items():
        v2 = load_model_text(_variant(old, new))
        assert effective_states(store, [v2]) == {"version_probe": "modelling"}, field
    # Only promotion moves it on; the old version keeps its own state.
    v2 = load_model_text(_variant(*BEHAVIOUR["severity"]))
    with pytest.raises(Conflict, match="不能直接转为"):
        promote(store, v2, "live", "审管办")
    _to_live(store, v2)
    assert effective_states(store, [v2]) == {"version_probe": "live"}
    assert effective_states(store, [v1]) == {"version_probe": "live"}
    # Making the old definition current again (begin_version, as a workshop save does) does
    # not bring it back live.
    assert begin_version(store, v1, "建模人员") == "live"
    assert effective_states(store, [v1]) == {"version_probe": "modelling"}
    assert begin_version(store, v1, "建模人员") is None  # already there: nothing recorded


def test_library_cosmetic_change_keeps_the_state(store) -> None:  # type: ignore[no-untyped-def]
    v1 = load_model_text(BASE.replace("state: live", "state: modelling"))
    _to_live(store, v1)
    same = load_model_text(_variant(*COSMETIC["scenarios"]))
    assert effective_states(store, [same]) == {"version_probe": "live"}


def test_library_a_model_the_lifecycle_never_saw_keeps_its_file_state(store) -> None:  # type: ignore[no-untyped-def]
    assert effective_states(store, [load_model_text(BASE)]) == {"version_probe": "live"}


# ---------------------------------------------------------------- through the API


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from courtqc.web.app import create_app
    from tests.support.web_court import build

    path: Path = tmp_path_factory.mktemp("versions") / "court.duckdb"
    build(path)
    app = create_app(path, prepare_facts=False)
    yield TestClient(app)
    app.state.store.close()


_TOKENS: dict[str, str] = {}


def _headers(client, user: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.support.web_court import PASSWORD

    cache = _TOKENS
    if user not in cache:
        r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
        assert r.status_code == 200, r.text
        cache[user] = r.json()["token"]
    return {"Authorization": f"Bearer {cache[user]}"}


def _save(client, text: str) -> dict:  # type: ignore[no-untyped-def]
    r = client.post("/api/models", headers=_headers(client, "modeller"), json={"yaml": text})
    assert r.status_code == 200, r.text
    return r.json()


def _promote_to_live(client, mid: str) -> None:  # type: ignore[no-untyped-def]
    for user, state in (
        ("modeller", "review_rollout"),
        ("supervisor", "embedding_test"),
        ("supervisor", "live"),
    ):
        r = client.post(
            f"/api/models/{mid}/promote", headers=_headers(client, user), json={"to": state}
        )
        assert r.status_code == 200, r.text


def _state(client, mid: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    d = client.get(f"/api/models/{mid}", headers=_headers(client, "judge_a")).json()
    return d["state"], d["version"]


def test_api_any_behaviour_change_makes_a_new_version_in_modelling(client) -> None:  # type: ignore[no-untyped-def]
    mid = "version_probe"
    first = _save(client, BASE)
    assert first["state"] == "modelling" and first["new_version"]  # the text's "live" ignored
    _promote_to_live(client, mid)
    live_version = first["version"]
    assert _state(client, mid) == ("live", live_version)
    for field, (old, new) in BEHAVIOUR.items():
        if field == "owner_court":
            continue  # moving a model to another court: its own test below
        saved = _save(client, _variant(old, new))
        assert saved["new_version"] and saved["version"] != live_version, field
        assert saved["state"] == "modelling", field
        assert _state(client, mid) == ("modelling", saved["version"]), field
        # Back to the live definition: it is current again, but not live until promoted.
        back = _save(client, BASE)
        assert back["version"] == live_version
        assert back["state"] == "modelling", field
        _promote_to_live(client, mid)
        assert _state(client, mid) == ("live", live_version)


def test_api_cosmetic_resave_keeps_version_and_state(client) -> None:  # type: ignore[no-untyped-def]
    mid = "version_probe_cosmetic"
    text = BASE.replace("id: version_probe", f"id: {mid}")
    v = _save(client, text)["version"]
    _promote_to_live(client, mid)
    for what, (old, new) in COSMETIC.items():
        saved = _save(client, _variant(old, new).replace("id: version_probe", f"id: {mid}"))
        assert not saved["new_version"] and saved["version"] == v, what
        assert saved["state"] == "live", what
    assert _state(client, mid) == ("live", v)


def test_api_moving_a_model_to_another_court_is_a_new_version(client) -> None:  # type: ignore[no-untyped-def]
    mid = "version_probe_court"
    text = BASE.replace("id: version_probe", f"id: {mid}")
    _save(client, text)
    _promote_to_live(client, mid)
    saved = _save(client, text.replace("owner_court: 沪", "owner_court: 沪01"))
    assert saved["new_version"] and saved["state"] == "modelling"
