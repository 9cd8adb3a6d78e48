"""Drafts checked before signing (issue 18 item 3): courtqc.drafts and POST /api/drafts/check."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from courtqc.drafts import check_draft
from courtqc.errors import InvalidInput

HEAD = """上海市闵行区人民法院
民事判决书
（2023）沪0112民初8765号
原告：王建国，男，1975年3月12日出生，汉族，住上海市闵行区。
被告：李红梅，女，1980年7月2日出生，汉族，住上海市徐汇区。
被告：上海某某贸易有限公司，住所地上海市徐汇区。
原告王建国与被告李红梅、上海某某贸易有限公司民间借贷纠纷一案，本院于2023年3月20日立案后，依法适用简易程序公开开庭进行了审理。
王建国向本院提出诉讼请求：1．判令李红梅归还借款本金100,000元（大写：壹拾万元整）。
本院认为，合法的借贷关系受法律保护。依照《中华人民共和国民法典》第六百七十五条规定，判决如下：
"""
MAIN = "一、被告李红梅于本判决生效之日起十日内归还原告王建国借款本金150,000元。\n"


def test_cut_off_draft_gives_its_points_and_no_findings_it_cannot_have() -> None:
    r = check_draft(HEAD[: HEAD.index("本院认为")])
    assert r.doc_type == "judgment" and r.case_no == "（2023）沪0112民初8765号"
    assert {p["name"] for p in r.parties} == {"王建国", "李红梅", "上海某某贸易有限公司"}
    assert r.warnings == []


def test_draft_warns_award_above_claim_and_party_missing_from_main_text() -> None:
    r = check_draft(HEAD + MAIN)
    codes = {w.code for w in r.warnings}
    assert "award_exceeds_claim" in codes or any("claim" in c for c in codes), codes
    missing = [w for w in r.warnings if w.code == "party_missing_from_main_text"]
    assert [w.subject for w in missing] == ["上海某某贸易有限公司"]


def test_draft_input_errors_are_422() -> None:
    with pytest.raises(InvalidInput):
        check_draft("abc")


def test_api_route(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from courtqc.engine import open_store
    from courtqc.synth import generate
    from courtqc.web import users
    from courtqc.web.app import create_app
    from courtqc.web.db import ensure_platform

    path = tmp_path / "court.duckdb"
    generate(path, 500, seed=3, progress=False)
    con = open_store(path)
    ensure_platform(con)
    jid, court = con.execute(
        "SELECT judge_id, court_code FROM judges ORDER BY judge_id LIMIT 1"
    ).fetchone()
    users.create(con, "judge1", "correct-horse-battery-9", "judge", court, judge_id=jid)
    users.create(con, "modeller1", "correct-horse-battery-9", "modeller", "沪")
    con.close()
    app = create_app(path)
    try:
        c = TestClient(app)
        tok = {}
        for u in ("judge1", "modeller1"):
            r = c.post(
                "/api/auth/login", json={"username": u, "password": "correct-horse-battery-9"}
            )
            tok[u] = {"Authorization": f"Bearer {r.json()['token']}"}
        r = c.post("/api/drafts/check", json={"text": HEAD + MAIN}, headers=tok["judge1"])
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["doc_type"] == "judgment"
        assert any(w["code"] == "party_missing_from_main_text" for w in body["warnings"])
        assert (
            c.post("/api/drafts/check", json={"text": "abc"}, headers=tok["judge1"]).status_code
            == 422
        )
        assert (
            c.post("/api/drafts/check", json={"text": HEAD}, headers=tok["modeller1"]).status_code
            == 403
        )
        assert c.post("/api/drafts/check", json={"text": HEAD}).status_code in (401, 403)
    finally:
        app.state.store.close()
