"""The clerical-review list of borderline identity pairs and a steward's decisions
(courtqc.identity.review): written by every resolve, decisions kept and applied across reruns."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from typer.testing import CliRunner

from courtqc.errors import Conflict, InvalidInput, NotFound
from courtqc.identity.resolve import _Groups, resolve_parties
from courtqc.identity.review import decide, list_pairs, parse_pair_id
from courtqc.identity.sample import load_sample


def _keys(con: duckdb.DuckDBPyConnection, *ids: int) -> list[str]:
    got = dict(
        con.execute(
            f"SELECT party_id, person_key FROM parties WHERE party_id IN ({', '.join(map(str, ids))})"
        ).fetchall()
    )
    return [got[i] for i in ids]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("idreview") / "s.duckdb"
    con = duckdb.connect(str(path))
    load_sample(con, 400, seed=7)
    con.close()
    return path


@pytest.fixture
def con(sample_db, tmp_path):  # type: ignore[no-untyped-def]
    """A fresh copy of the sample store for each test (decisions change it)."""
    dst = tmp_path / "s.duckdb"
    dst.write_bytes(sample_db.read_bytes())
    c = duckdb.connect(str(dst))
    yield c
    c.close()


def test_resolve_writes_borderline_pairs_without_numbers(con) -> None:  # type: ignore[no-untyped-def]
    stats = resolve_parties(con)
    total, rows = list_pairs(con, limit=1000)
    assert stats.review_pairs == total > 0
    assert all(1 <= r["score"] <= 2 and r["method"] == "rules" for r in rows)
    assert {r["merged"] for r in rows} == {True, False}  # at the bar and one point short
    stored = con.execute("SELECT evidence, name_a, name_b FROM identity_review").fetchall()
    # The table names evidence in words: no ID number or phone is copied into it.
    assert not any(re.search(r"\d{7,}", json.dumps(s, ensure_ascii=False)) for s in stored)
    for r in rows:
        assert set(r["evidence"]) >= {"name", "id_number", "phone", "address"}
        assert r["same_key_now"] == r["merged"]
        assert r["party_a"] < r["party_b"] and r["pair_id"] == f"{r['party_a']}-{r['party_b']}"
    # A rerun writes the same list (pair ids are the groups' smallest party ids).
    resolve_parties(con)
    assert [r["pair_id"] for r in list_pairs(con, limit=1000)[1]] == [r["pair_id"] for r in rows]


def test_split_and_confirm_hold_across_reruns(con) -> None:  # type: ignore[no-untyped-def]
    resolve_parties(con)
    rows = list_pairs(con, limit=1000)[1]
    merged = next(r for r in rows if r["merged"])
    apart = next(r for r in rows if not r["merged"])
    assert _keys(con, merged["party_a"])[0] == _keys(con, merged["party_b"])[0]
    decide(con, merged["party_a"], merged["party_b"], "split", "steward", "两个人 (namesakes)")
    decide(con, apart["party_b"], apart["party_a"], "confirm", "steward", None)
    for _ in range(2):  # the decisions hold on every later run
        stats = resolve_parties(con)
        assert stats.decisions_applied == 2 and stats.decisions_refused == 0
        ka, kb = _keys(con, merged["party_a"], merged["party_b"])
        assert ka != kb  # the evidence says merge; the split wins
        ka, kb = _keys(con, apart["party_a"], apart["party_b"])
        assert ka == kb
    decided = {r["pair_id"]: r for r in list_pairs(con, status="decided", limit=1000)[1]}
    assert decided[merged["pair_id"]]["decision"] == "split"
    assert decided[merged["pair_id"]]["decided_by"] == "steward"
    assert decided[apart["pair_id"]]["decision"] == "confirm"
    pending = list_pairs(con, status="pending", limit=1000)[1]
    assert merged["pair_id"] not in {r["pair_id"] for r in pending}


def test_split_pair_stays_apart_through_a_chain() -> None:
    """A cannot-link refuses a union the way two ID numbers do: no chain of merges through a
    third group brings the split pair under one key."""
    g = _Groups({})
    g.keep_apart("X:1", "X:3")
    assert g.union("X:1", "X:2")
    assert not g.union("X:2", "X:3")
    assert not g.union("X:3", "X:1")
    assert g.union("X:3", "X:4")
    assert not g.union("X:4", "X:2")
    assert g.find("X:1") != g.find("X:3")


def test_split_with_the_same_id_number_is_refused(con) -> None:  # type: ignore[no-untyped-def]
    resolve_parties(con)
    a, b = con.execute(
        """SELECT min(party_id), max(party_id) FROM parties WHERE person_key LIKE 'N:%'
           GROUP BY person_key HAVING count(DISTINCT id_number) = 1 AND count(*) > 1 LIMIT 1"""
    ).fetchone()
    with pytest.raises(Conflict):
        decide(con, a, b, "split", "steward")
    with pytest.raises(NotFound):
        decide(con, a, 10**15, "split", "steward")
    with pytest.raises(InvalidInput):
        decide(con, a, b, "merge", "steward")


@pytest.mark.parametrize("bad", ["1", "1-1", "a-b", "1-2-3", "-1-2", "1" * 30 + "-2"])
def test_bad_pair_ids(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_pair_id(bad)
    assert parse_pair_id("34-12") == (12, 34)


def test_splink_band_and_decisions(con) -> None:  # type: ignore[no-untyped-def]
    resolve_parties(con, method="splink")
    rows = list_pairs(con, limit=1000)[1]
    assert rows and all(r["method"] == "splink" or r["kind"] == "legal" for r in rows)
    natural = [r for r in rows if r["method"] == "splink"]
    assert all(0.5 <= r["score"] < 0.999 for r in natural)
    merged = next(r for r in natural if r["merged"])
    decide(con, merged["party_a"], merged["party_b"], "split", "steward")
    resolve_parties(con, method="splink")
    ka, kb = _keys(con, merged["party_a"], merged["party_b"])
    assert ka != kb


def test_cli_review(con, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from courtqc.cli import app

    resolve_parties(con)
    pair = list_pairs(con, limit=1)[1][0]["pair_id"]
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = 's'").fetchone()[
        0
    ]
    con.close()
    run = CliRunner().invoke
    out = run(app, ["identity", "review", "list", "--db", path, "--json"])
    assert out.exit_code == 0, out.output
    listed = json.loads(out.stdout)
    assert listed["total"] > 0
    sides = [x for r in listed["items"] for x in (r["a"], r["b"])]
    assert any(x["id_number"] for x in sides) and any(x["phone"] for x in sides)
    assert all("*" in x[k] for x in sides for k in ("id_number", "phone") if x[k])
    out = run(app, ["identity", "review", "split", pair, "--db", path, "--by", "steward"])
    assert out.exit_code == 0 and "split" in out.stdout
    for args in (["split", "1-x"], ["confirm", "1-999999999999"], ["split", pair, "--db", "/nope"]):
        if "--db" not in args:
            args = [*args, "--db", path]
        out = run(app, ["identity", "review", *args, "--by", "steward"])
        assert out.exit_code == 2 and "Traceback" not in out.output
        assert re.match(r"错误：[^\x00-\x7f]", out.stderr)
