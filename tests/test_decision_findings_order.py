"""数助决策's findings by model (/api/decision/findings): models with the same count of findings
come in a fixed order — by model id — so the board's table does not reshuffle between loads.
The court is tests/support/web_court.py, with alerts added under several model ids that tie."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import duckdb
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.web.app import create_app
from tests.support.web_court import PASSWORD, build

# Tied: two findings each, written newest id first so neither insertion nor hash order is
# sorted by chance. The built-in dead_party alerts (one per case) are in the court already.
TIED = [f"zz_tie_{c}" for c in "hgfedcba"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("findings_order") / "court.duckdb"
    ids = build(path)
    con = duckdb.connect(str(path))
    now = dt.datetime(2024, 1, 1)
    rows = []
    for model in TIED:
        for label in ("A1", "B1"):
            case_no, court = con.execute(
                "SELECT case_no, court_code FROM cases WHERE case_id = ?", [ids[label]]
            ).fetchone()
            rows.append(
                (f"{model}-{label}", model, "v1", "compliance", ids[label], case_no, court,
                 "info", "测试", json.dumps([]), "review", True, now, now)
            )  # fmt: skip
    con.executemany(
        "INSERT INTO alerts (fingerprint, model_id, model_version, category, case_id, case_no, "
        "court_code, severity, message, evidence, mode, pushed, created_at, last_seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.close()
    app = create_app(path)
    yield TestClient(app)
    app.state.store.close()


def test_findings_by_model_ties_are_ordered_by_model_id(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/auth/login", json={"username": "supervisor", "password": PASSWORD})
    h = {"Authorization": f"Bearer {r.json()['token']}"}
    for _ in range(3):  # the same order on every load
        f = client.get("/api/decision/findings", headers=h)
        assert f.status_code == 200, f.text
        rows = f.json()["by_model"]
        got = [m["model_id"] for m in rows if m["model_id"].startswith("zz_tie_")]
        assert got == sorted(TIED), got
        # Still most findings first; ties by id.
        keys = [(-m["findings"], m["model_id"]) for m in rows if m["category"] != "governance"]
        assert keys == sorted(keys), keys
