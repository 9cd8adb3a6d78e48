"""Per-judge figures by role (issue 20 §3): `GET /api/indicators/{id}/breakdown?by=judge` gives a
division head the judges of their own division, a leader or the review office every judge of
the court asked for, and a judge nothing (403). The court is tests/support/web_court.py: 沪0115
has judge 1 in division 1 and judge 2 in division 2; divhead_a leads division 1."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.web.app import create_app
from tests.support.web_court import PASSWORD, build


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("judges") / "court.duckdb"
    build(path)
    app = create_app(path)
    yield TestClient(app)
    app.state.store.close()


def _judges(client: TestClient, user: str, court: str = "沪0115") -> tuple[int, set[str]]:
    r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    h = {"Authorization": f"Bearer {r.json()['token']}"}
    r = client.get(
        "/api/indicators/filed_count/breakdown",
        headers=h,
        params={"by": "judge", "court": court, "period": "2023"},
    )
    if r.status_code != 200:
        return r.status_code, set()
    return 200, {row["key"] for row in r.json()["rows"]}


def test_per_judge_figures_follow_the_role(client: TestClient) -> None:
    status, division = _judges(client, "divhead_a")
    assert status == 200 and division == {"1"}, division  # not judge 2 of another division
    status, court = _judges(client, "supervisor")
    assert status == 200 and {"1", "2"} <= court
    status, leader = _judges(client, "leader_03", "沪0115")
    assert status == 200 and leader == court  # a leader above sees the court's judges
    assert _judges(client, "judge_a")[0] == 403  # a judge never compares judges
