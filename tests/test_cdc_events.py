"""The CMS event API: POST /events applies the case's rows through the mapping, runs node mode
and answers with the alerts; an idempotency key replays the first answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from courtqc.web.events_app import create_app
from courtqc.web.security import create_api_key


@pytest.fixture()
def client(cms_court: Path, tmp_path: Path):
    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    app = create_app(con, "simcms")
    key = create_api_key(con, "浦东法院办案系统", "沪0115", "test")  # the platform's CMS keys
    with TestClient(app, headers={"X-API-Key": key}) as c:
        c.con = con  # type: ignore[attr-defined]
        yield c
    con.close()


def _dead_person(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    return con.execute(
        "SELECT name, id_number FROM registry_population WHERE status = 'dead' AND death_date < DATE '2025-01-01' "
        "ORDER BY id_number LIMIT 1"
    ).fetchone()


def _event(con: duckdb.DuckDBPyConnection, node: str = "0101", larq: str = "20250301") -> dict:
    name, idn = _dead_person(con)
    return {
        "case_no": "（2025）沪0115民初99001号",
        "node": node,
        "occurred_at": "2025-03-01T09:30:00",
        "case": {
            "tb_ajxx": [
                {"ajbs": 990001, "ah": "(2025)沪0115民初99001号", "fydm": "2815", "ajlb": "2", "spcx": "1",
                 "sycx": "2", "aydm": "103(3)", "aymc": "民间借贷纠纷", "aybb": "2020", "larq": larq,
                 "jarq": None, "jafs": None, "ajzt": "1", "lcjd": node, "cbbm": None, "cbr": None,
                 "bdje": "50000.00", "yajbs": None, "glgx": None, "ycts": 0, "kcts": 0}
            ],
            "tb_dsr": [
                {"dsrbs": 990011, "ajbs": 990001, "ssdw": "01", "xh": 1, "dsrlx": "2", "mc": "上海某贷款公司",
                 "zjlx": None, "zjhm": None, "xb": None, "csrq": None, "mz": None, "dz": None, "lxdh": None,
                 "fddbr": None},
                {"dsrbs": 990012, "ajbs": 990001, "ssdw": "02", "xh": 1, "dsrlx": "1", "mc": name,
                 "zjlx": "01", "zjhm": idn, "xb": None, "csrq": None, "mz": None, "dz": None, "lxdh": None,
                 "fddbr": None},
            ],
        },
    }  # fmt: skip


def test_event_applies_the_case_and_answers_with_alerts(client) -> None:
    con = client.con
    body = _event(con)
    r = client.post("/events", json=body, headers={"Idempotency-Key": "evt-1"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["case_id"] == 990001 and out["node"] == "filing" and out["node_name"] == "立案"
    assert out["applied"] == {"cases": 1, "parties": 2, "case_parties": 2}
    dead = [a for a in out["alerts"] if a["model_id"] == "dead_party"]
    assert len(dead) == 1 and dead[0]["party_id"] == 990012 and dead[0]["node"] == "filing"
    assert "已于" in dead[0]["message"]
    stored = con.execute("SELECT fingerprint, mode FROM alerts WHERE case_id = 990001").fetchall()
    assert (dead[0]["fingerprint"], "node") in stored
    assert (
        con.execute("SELECT case_no FROM cases WHERE case_id = 990001").fetchone()[0]
        == "（2025）沪0115民初99001号"
    )

    # the same key: the first answer, nothing runs again
    checks = con.execute("SELECT count(*) FROM ingest_node_checks").fetchone()[0]
    r2 = client.post("/events", content=json.dumps(body), headers={"Idempotency-Key": "evt-1"})
    assert r2.status_code == 200 and r2.headers["Idempotent-Replayed"] == "true"
    assert r2.json() == out
    assert con.execute("SELECT count(*) FROM ingest_node_checks").fetchone()[0] == checks
    # the same key with another body is refused
    other = dict(body, node="0103")
    r3 = client.post("/events", json=other, headers={"Idempotency-Key": "evt-1"})
    assert r3.status_code == 422 and "Idempotency-Key" in r3.json()["error"]
    # a new key, a later node given by its id: checked again, same finding (same fingerprint)
    r4 = client.post(
        "/events", json=dict(body, node="service"), headers={"Idempotency-Key": "evt-2"}
    )
    assert r4.status_code == 200, r4.text
    assert dead[0]["fingerprint"] in {a["fingerprint"] for a in r4.json()["alerts"]}
    assert (
        con.execute(
            "SELECT count(*) FROM alerts WHERE fingerprint = ?", [dead[0]["fingerprint"]]
        ).fetchone()[0]
        == 1
    )


def test_bad_events_are_refused_with_reasons_and_nothing_applied(client) -> None:
    con = client.con
    bad = _event(con, larq="2025-03-01")
    r = client.post("/events", json=bad, headers={"Idempotency-Key": "bad-1"})
    assert r.status_code == 422
    [d] = r.json()["details"]
    assert (d["table"], d["row"], d["column"]) == ("tb_ajxx", 1, "larq") and "YYYYMMDD" in d[
        "reason"
    ]
    assert con.execute("SELECT count(*) FROM cases WHERE case_id = 990001").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM parties WHERE party_id = 990011").fetchone()[0] == 0
    h = {"Idempotency-Key": "bad-2"}
    r = client.post("/events", json=_event(con, node="7777"), headers=h)
    assert r.status_code == 422 and "unknown node" in r.json()["error"]
    at = "2025-03-01T09:30:00"
    r = client.post(
        "/events",
        json={"case_no": "（2025）沪0115民初424242号", "node": "filing", "occurred_at": at},
        headers=h,
    )
    assert r.status_code == 404 and "no such case" in r.json()["error"]
    r = client.post(
        "/events", json={"case_no": "not a number", "node": "filing", "occurred_at": at}, headers=h
    )
    assert r.status_code == 422
    r = client.post(
        "/events",
        json={"case_no": "（2025）沪0115民初1号", "node": "filing", "occurred_at": at,
              "case": {"tb_x": []}},
        headers=h,
    )  # fmt: skip
    assert r.status_code == 422 and "tb_x" in r.json()["error"]
    assert client.get("/events/health").json()["mapping"] == "simcms"
