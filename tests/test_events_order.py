"""`courtqc ingest serve`'s POST /events (issue 16, "Events"): the platform's CMS keys, events
applied in order per case, values checked against the column types, limits on size and
nesting, a required Idempotency-Key — and no body gives a 5xx (hypothesis).

The store is tests/support/web_court.py (A1, A2 of 沪0115; B1 of 沪0104), served by the event app alone.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.ingest.events_api import MAX_BODY_BYTES, MAX_DEPTH, json_depth
from courtqc.web.events_app import create_app
from courtqc.web.security import create_api_key, revoke_api_key
from tests.support import cms_rows as R
from tests.support.web_court import build


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path: Path = tmp_path_factory.mktemp("order") / "court.duckdb"
    ids = build(path)
    con = duckdb.connect(str(path))
    app = create_app(con, "simcms")
    keys = {
        "pd": create_api_key(con, "浦东法院办案系统", "沪0115", "test"),
        "xh": create_api_key(con, "徐汇法院办案系统", "沪0104", "test"),
    }
    case_no = dict(con.execute("SELECT case_id, case_no FROM cases").fetchall())
    with TestClient(app) as client:
        yield {"client": client, "con": con, "ids": ids, "keys": keys, "case_no": case_no}
    con.close()


_n = iter(range(1, 10**7))


def post(env: Any, body: Any, key: str | None = "pd", idem: str | None = None, **kw: Any) -> Any:
    headers = {"Idempotency-Key": idem if idem is not None else f"order-{next(_n)}"}
    if key:
        headers["X-API-Key"] = env["keys"].get(key, key)
    if isinstance(body, bytes | str):
        return env["client"].post("/events", content=body, headers=headers, **kw)
    return env["client"].post("/events", json=body, headers=headers, **kw)


def node_of(env: Any, case_id: int) -> str:
    return (
        env["con"]
        .execute("SELECT current_node FROM cases WHERE case_id = ?", [case_id])
        .fetchone()[0]
    )


def new_case(env: Any, n: int) -> tuple[int, str]:
    case_id, case_no = 700000 + n, f"（2025）沪0115民初{700000 + n}号"
    return case_id, case_no


# ---------------------------------------------------------------- keys


def test_ingest_serve_takes_the_platforms_cms_keys(env: Any) -> None:
    a1 = env["ids"]["A1"]
    body = R.event(env["case_no"][a1])
    assert post(env, body, key=None).status_code == 401
    assert post(env, body, key="cqk_nothing_here").status_code == 401
    assert post(env, body, key=env["keys"]["pd"] + "x").status_code == 401
    r = post(env, body, key="xh")  # 徐汇's key, 浦东's case
    assert r.status_code == 403 and "another court" in r.json()["error"]
    assert post(env, body).status_code == 200
    spare = create_api_key(env["con"], "备用", "沪0115", "test")
    revoke_api_key(env["con"], spare.split("_")[1])
    assert post(env, body, key=spare).status_code == 401
    # the event is audited with the rows it wrote, as on the platform
    [(detail,)] = (
        env["con"]
        .execute(
            "SELECT detail FROM audit_log WHERE action = 'cms_event' AND json_extract(detail, "
            "'$.status')::INT = 200 ORDER BY audit_id DESC LIMIT 1"
        )
        .fetchall()
    )
    assert json.loads(detail)["written"] == {}


def test_idempotency_key_is_required_and_per_court(env: Any) -> None:
    body = R.event(env["case_no"][env["ids"]["A1"]])
    for idem in ("", "   ", "x" * 201, "a\nb"):
        r = post(env, body, idem=idem)
        assert r.status_code == 422, (idem, r.text)
        assert "Idempotency-Key" in r.json()["error"]
    r = env["client"].post("/events", json=body, headers={"X-API-Key": env["keys"]["pd"]})
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["error"]
    # the same key string from two courts: two events, no replay across courts
    b1 = env["ids"]["B1"]
    assert post(env, body, idem="shared-1").status_code == 200
    r = post(env, R.event(env["case_no"][b1]), key="xh", idem="shared-1")
    assert r.status_code == 200 and "Idempotent-Replayed" not in r.headers
    assert r.json()["case_id"] == b1


# ---------------------------------------------------------------- order


def test_a_late_older_event_is_stale_recorded_and_not_applied(env: Any) -> None:
    case_id, case_no = new_case(env, 1)
    rows = {"tb_ajxx": [R.ajxx(case_id, case_no, node="0106")]}
    r = post(env, R.event(case_no, rows, node="0106", occurred_at="2025-05-02T10:00:00"))
    assert r.status_code == 200, r.text
    assert node_of(env, case_id) == "deliberation"
    # the service event of the day before arrives late: recorded, answered 409, not applied
    late = R.event(
        case_no,
        {"tb_ajxx": [R.ajxx(case_id, case_no, node="0103")], "tb_ws": [R.ws(700101, case_id)]},
        node="0103",
        occurred_at="2025-05-01T10:00:00+00:00",
    )
    r = post(env, late, idem="late-1")
    assert r.status_code == 409, r.text
    out = r.json()
    assert out["stale"] is True and out["last_applied"]["node"] == "deliberation"
    assert "stale" in out["error"]
    assert node_of(env, case_id) == "deliberation"
    assert (
        env["con"].execute("SELECT count(*) FROM documents WHERE doc_id = 700101").fetchone()[0]
        == 0
    )
    again = post(env, late, idem="late-1")
    assert again.status_code == 409 and again.headers["Idempotent-Replayed"] == "true"
    [(detail,)] = (
        env["con"]
        .execute(
            "SELECT detail FROM audit_log WHERE action = 'cms_event' AND target = ? "
            "AND detail LIKE '%\"stale\": true%' ORDER BY audit_id LIMIT 1",
            [case_no],
        )
        .fetchall()
    )
    assert json.loads(detail)["written"] == {}
    # at the same time, or later: applied (a time zone is read as such: 18:00+08:00 = 10:00Z)
    same = R.event(
        case_no,
        {"tb_ajxx": [R.ajxx(case_id, case_no, node="0108")]},
        node="0108",
        occurred_at="2025-05-02T18:00:00+08:00",
    )
    assert post(env, same).status_code == 200
    assert node_of(env, case_id) == "drafting"


def test_sequence_orders_before_occurred_at(env: Any) -> None:
    case_id, case_no = new_case(env, 2)

    def ev(node: str, seq: int, at: str) -> dict:
        rows = {"tb_ajxx": [R.ajxx(case_id, case_no, node=node)]}
        return R.event(case_no, rows, node=node, occurred_at=at, sequence=seq)

    assert post(env, ev("0105", 5, "2025-05-01T10:00:00")).status_code == 200
    # sequence 4 is older, whatever its clock says
    assert post(env, ev("0103", 4, "2025-06-01T10:00:00")).status_code == 409
    assert node_of(env, case_id) == "hearing"
    assert post(env, ev("0106", 6, "2025-04-01T10:00:00")).status_code == 200
    assert node_of(env, case_id) == "deliberation"
    r = post(env, {"case_no": case_no, "node": "0106"})
    assert r.status_code == 422
    assert any("occurred_at or sequence" in d["reason"] for d in r.json()["details"])
    r = post(env, {"case_no": case_no, "node": "0106", "sequence": -1})
    assert r.status_code == 422 and r.json()["details"][0]["field"] == "sequence"


# ---------------------------------------------------------------- values and limits


@pytest.mark.parametrize(
    "table,column,value",
    [
        ("tb_ajxx", "ycts", 99999999999),  # cases.extended_days INTEGER
        ("tb_ajxx", "ajbs", 2**64),  # cases.case_id BIGINT
        ("tb_ajxx", "ajbs", -(2**63) - 1),
        ("tb_dsr", "xh", 2**31),  # case_parties.seq INTEGER
        ("tb_dsr", "dsrbs", 2**64 + 1),
        ("tb_ajxx", "bdje", "1e30"),  # DECIMAL(18,2)
        ("tb_ajxx", "ycts", "三天"),
        ("tb_ajxx", "ycts", 1.5),
        ("tb_ajxx", "larq", "2025-13-40"),
        ("tb_dsr", "mc", {"name": "x"}),
        ("tb_dsr", "mc", ["x"]),
        ("tb_ajxx", "ycts", True),
    ],
)
def test_values_are_checked_against_the_column_types(
    env: Any, table: str, column: str, value: Any
) -> None:
    case_id, case_no = new_case(env, 3)
    rows = {"tb_ajxx": [R.ajxx(case_id, case_no)], "tb_dsr": [R.dsr(700031, case_id)]}
    rows[table][0][column] = value
    r = post(env, R.event(case_no, rows))
    assert r.status_code == 422, r.text
    [d] = r.json()["details"]
    assert (d["table"], d["row"], d["column"]) == (table, 1, column)
    assert d["field"] == f"case.{table}[0].{column}"
    assert env["con"].execute(
        "SELECT count(*) FROM cases WHERE case_id = ?", [case_id]
    ).fetchone() == (0,)


def test_non_finite_numbers_and_lone_surrogates(env: Any) -> None:
    case_id, case_no = new_case(env, 4)
    text = json.dumps(R.event(case_no, {"tb_ajxx": [R.ajxx(case_id, case_no, ycts=7)]}))
    for bad in ("1e400", "NaN", "-Infinity"):
        r = post(env, text.replace('"ycts": 7', f'"ycts": {bad}'))
        assert r.status_code == 422, (bad, r.text)
    r = post(env, text.replace('"aymc": "', '"aymc": "\\ud800'))
    assert r.status_code == 422, r.text


def test_nesting_and_size_are_capped(env: Any) -> None:
    for n in (MAX_DEPTH + 1, 199, 200, 201, 100_000):  # below and past the parser's own limit
        r = post(env, "[" * n + "]" * n)
        assert r.status_code == 413 and "nested" in r.json()["error"], (n, r.text)
    assert post(env, '"\\' * 100_000).status_code == 422  # an unterminated string of escapes
    case_no = env["case_no"][env["ids"]["A1"]]
    nested: Any = 1
    for _ in range(MAX_DEPTH):
        nested = {"x": nested}
    assert json_depth({"case": nested}) == MAX_DEPTH + 1
    r = post(env, R.event(case_no, {"tb_ws": [R.ws(1, 1, wsnr=nested)]}))
    assert r.status_code == 413
    r = post(env, b'{"case_no": "' + b"x" * (MAX_BODY_BYTES + 1) + b'"}')
    assert r.status_code == 413
    for bad in (b"not json", b"", b"[]", b"null", b'{"case_no": 1}'):
        assert post(env, bad).status_code == 422, bad


# ---------------------------------------------------------------- fuzz: no body gives a 5xx

_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["20250301", "0101", "01", "2", "(2025)沪0115民初1号", "", "2025-03-01"]),
)
_json = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)
_TABLE_COLUMNS = {
    "tb_ajxx": list(R.ajxx(1, "（2025）沪0115民初1号")),
    "tb_dsr": list(R.dsr(1, 1)),
    "tb_ws": list(R.ws(1, 1)),
    "tb_fy": list(R.fy("沪0115", "沪03")),
    "tb_lcjl": list(R.lcjl(1, 1)),
}


@st.composite
def _events(draw: st.DrawFn) -> Any:
    """Event-shaped bodies: real tables and columns, values of any kind."""
    case = {}
    for table in draw(st.lists(st.sampled_from(sorted(_TABLE_COLUMNS)), max_size=3, unique=True)):
        cols = _TABLE_COLUMNS[table]
        case[table] = [
            {c: draw(st.one_of(_scalar, st.integers(1000, 1010))) for c in cols}
            for _ in range(draw(st.integers(0, 2)))
        ]
    body: dict[str, Any] = {
        "case_no": draw(st.sampled_from(["（2025）沪0115民初1号", "（2023）沪0104民初1号", "x"])),
        "node": draw(st.sampled_from(["0101", "filing", "9999", ""])),
        "case": case,
    }
    if draw(st.booleans()):
        body["occurred_at"] = draw(st.sampled_from(["2025-03-01T09:30:00", "yesterday", "9999"]))
    if draw(st.booleans()):
        body["sequence"] = draw(st.integers(-5, 2**65))
    return body


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(_events(), _json))
def test_fuzz_no_body_gives_a_5xx(env: Any, body: Any) -> None:
    text = json.dumps(body, ensure_ascii=False, allow_nan=True)
    r = post(env, text)
    assert r.status_code < 500, (text, r.text)
    assert "Traceback" not in r.text


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzz_valid_events_with_one_value_changed(env: Any, data: st.DataObject) -> None:
    """A valid event of A1 with one value of one row replaced: applied or refused, never 5xx."""
    a1 = env["ids"]["A1"]
    n = data.draw(st.integers(600000, 600999))
    rows = {"tb_ws": [R.ws(n, a1)], "tb_lcjl": [R.lcjl(n, a1)], "tb_dsr": [R.dsr(n, a1)]}
    table = data.draw(st.sampled_from(sorted(rows)))
    column = data.draw(st.sampled_from(sorted(rows[table][0])))
    rows[table][0][column] = data.draw(_scalar)
    body = R.event(env["case_no"][a1], rows)  # the time of the other tests: never stale
    r = post(env, json.dumps(body, ensure_ascii=False, allow_nan=True))
    assert r.status_code in (200, 403, 413, 422), r.text
