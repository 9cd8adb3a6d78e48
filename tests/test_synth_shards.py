"""A court generated a shard at a time (issue 21, courtqc.synth.shards): three shards of 1,000
cases written into one store must read as one court: ids, case numbers, ID numbers, phones and
credit codes never collide across shards, every key holds, each shard's plan is freed before
the next is planned, and identity resolution and the model library score as on one court."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

import duckdb
import pytest

from courtqc import identity
from courtqc.engine.backtest import backtest
from courtqc.identity.evaluate import pairwise_scores
from courtqc.synth import generate
from courtqc.synth.generate import SynthError
from courtqc.synth.shards import shard_seed, shard_sizes

N, S = 3000, 1000


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    path = tmp_path_factory.mktemp("shards") / "court.duckdb"
    stats = generate(path, cases=N, seed=11, progress=False, shard_cases=S)
    con = duckdb.connect(str(path))
    yield stats, con
    con.close()


def _rows(con, sql):
    return con.execute(sql).fetchall()


def test_three_shards_of_the_requested_size(sharded):
    stats, con = sharded
    assert stats.shards == 3
    assert _rows(con, "SELECT count(*) FROM cases")[0][0] == N
    assert shard_sizes(3001, 1000) == [751, 750, 750, 750]
    assert shard_seed(11, 0) == 11 and len({shard_seed(11, k) for k in range(4)}) == 4
    with pytest.raises(SynthError):
        generate(":memory:", cases=1200, seed=1, progress=False, shard_cases=400)


def test_each_shard_plan_freed_before_the_next(sharded):
    stats, _ = sharded
    # the plan of every earlier shard was gone when the next began (a shard's memory does
    # not grow with the shards before it)
    assert stats.live_plans == [0, 0, 0]
    assert {k.split("@")[1] for k in stats.stage_peak_mb if "@" in k} == {"0", "1", "2"}


def test_ids_contiguous_and_unique_across_shards(sharded):
    _, con = sharded
    for table, col in (("cases", "case_id"), ("parties", "party_id"), ("events", "event_id"),
                       ("enforcement_actions", "action_id"), ("payments", "payment_id")):  # fmt: skip
        n, lo, hi, d = _rows(con, f"SELECT count(*), min({col}), max({col}), "
                                  f"count(DISTINCT {col}) FROM {table}")[0]  # fmt: skip
        assert (lo, hi, d) == (1, n, n), table
    assert _rows(con, "SELECT count(*) - count(DISTINCT case_no) FROM cases")[0][0] == 0
    # per (year, court, type, 知): numbers 1..max, none skipped (之N cases share their base's)
    gaps = _rows(
        con,
        """SELECT year, court_code, type_code, specialist_code FROM cases
           GROUP BY ALL HAVING count(DISTINCT seq) <> max(seq)""",
    )
    assert gaps == []


def test_foreign_keys_hold(sharded):
    _, con = sharded
    checks = {
        "case_parties.case_id": "SELECT count(*) FROM case_parties WHERE case_id NOT IN "
        "(SELECT case_id FROM cases)",
        "case_parties.party_id": "SELECT count(*) FROM case_parties WHERE party_id NOT IN "
        "(SELECT party_id FROM parties)",
        "events.case_id": "SELECT count(*) FROM events WHERE case_id NOT IN "
        "(SELECT case_id FROM cases)",
        "cases.origin": "SELECT count(*) FROM cases WHERE origin_case_id IS NOT NULL AND "
        "origin_case_id NOT IN (SELECT case_id FROM cases)",
        "cases.judge": "SELECT count(*) FROM cases WHERE presiding_judge_id NOT IN "
        "(SELECT judge_id FROM judges)",
        "cases.dept": "SELECT count(*) FROM cases WHERE dept_id NOT IN "
        "(SELECT dept_id FROM departments)",
        "case_agents.lawyer": "SELECT count(*) FROM case_agents WHERE lawyer_id IS NOT NULL AND "
        "lawyer_id NOT IN (SELECT lawyer_id FROM lawyers)",
        "payments.case": "SELECT count(*) FROM payments WHERE case_id NOT IN "
        "(SELECT case_id FROM cases)",
        "truth_identities": "SELECT count(*) FROM parties p ANTI JOIN truth_identities t "
        "USING (party_id)",
        "truth_anomalies.case": "SELECT count(*) FROM truth_anomalies WHERE case_id NOT IN "
        "(SELECT case_id FROM cases)",
        "truth_anomalies.party": "SELECT count(*) FROM truth_anomalies WHERE party_id IS NOT "
        "NULL AND party_id NOT IN (SELECT party_id FROM parties)",
    }
    bad = {k: _rows(con, q)[0][0] for k, q in checks.items()}
    assert bad == dict.fromkeys(checks, 0)
    # every shard's cases have parties, events and judges of the one court
    assert (
        _rows(con, "SELECT count(*) FROM judges")[0][0]
        == _rows(con, "SELECT count(DISTINCT judge_id) FROM judges")[0][0]
    )


def _identities_by(con, column: str, norm) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for value, ident in _rows(
        con,
        f"""SELECT p.{column}, t.identity FROM parties p JOIN truth_identities t
            USING (party_id) WHERE p.{column} IS NOT NULL""",
    ):
        out[norm(value)].add(ident)
    return out


def _id18(s: str) -> str:
    s = s.translate({0xFF10 + i: ord("0") + i for i in range(10)}).upper()
    return s


def _phone(s: str) -> str:
    d = re.sub(r"\D", "", s)
    d = d[4:] if d.startswith("0086") else d[2:] if d.startswith("86") and len(d) > 11 else d
    return d[3:] if d.startswith("021") else d


def _shard_of(stats, ident: str) -> int:
    n = int(ident[1:])
    if n < stats.global_entities:
        return -1
    return next(k for k, (lo, hi) in enumerate(stats.shard_entities) if lo <= n < hi)


def test_id_numbers_phones_credit_codes_never_shared_across_shards(sharded):
    stats, con = sharded
    # one person per ID number (registry and party rows; 15-digit forms are left aside)
    n, d = _rows(con, "SELECT count(*), count(DISTINCT id_number) FROM registry_population")[0]
    assert n == d
    ids = _identities_by(con, "id_number", _id18)
    assert ids and all(len(v) == 1 for k, v in ids.items() if len(k) == 18)
    # one company per credit code (an administrator writes its law firm's: left aside)
    codes = _identities_by(con, "uscc", str)
    shared = {k: v for k, v in codes.items() if len({i for i in v if i[0] != "M"}) > 1}
    assert codes and shared == {}
    # a phone is shared only by a company and the person behind it: never across shards
    phones = _identities_by(con, "phone", _phone)
    assert len(phones) > 1000
    across = {k: v for k, v in phones.items() if len({_shard_of(stats, i) for i in v} - {-1}) > 1}
    assert across == {}
    # the shards' own entities are numbered apart
    spans = stats.shard_entities
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


def test_global_entities_are_one_party_each(sharded):
    _, con = sharded
    # the banks of the pools appear in every shard, as the same identity and credit code
    banks = _rows(
        con,
        """SELECT p.name, count(DISTINCT t.identity), count(DISTINCT p.uscc)
           FROM parties p JOIN truth_identities t USING (party_id)
           WHERE p.name LIKE '%银行%' GROUP BY 1""",
    )
    assert banks and all(r[1] == 1 and r[2] == 1 for r in banks)
    dup = _rows(con, "SELECT count(*) - count(DISTINCT name) FROM registry_enterprises")[0][0]
    assert dup == 0


def test_resolution_and_backtest_as_on_one_court(sharded):
    _, con = sharded
    identity.resolve_parties(con)
    pw = pairwise_scores(con)
    assert pw.precision >= 0.95 and pw.recall >= 0.95, pw.as_dict()
    scores = [s for s in backtest(con) if s.scenarios and s.truth]
    assert len(scores) >= 15
    for s in scores:
        assert s.status == "ok", (s.model_id, s.error)
        assert s.precision >= 0.95 and s.recall >= 0.95, s.to_dict()
