"""Shareholders and former names in the party graph (issue 15): the enterprise register's
holdings as `shareholder` edges and controller groups, former names as `former_name` edges, and
a lender model that finds a lender only through the company he owns — its 5 % holder, a near
miss, not flagged."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from courtqc import operators, synth
from courtqc.engine.review import review
from courtqc.engine.testing import TinyCourt
from courtqc.graph import controller_groups, relations
from courtqc.identity import resolve_parties
from courtqc.models.library import load_model_text

AS_OF = dt.date(2024, 6, 30)
BOSS_ID = "310101197001010515"  # valid check digits: the 15-digit form converts back
NEAR_ID = "310101198601010994"

# Private-lending suits per controller group (op_controller_group) within two years: the form
# professional_lender takes when a group, not party_controller alone, says who stands behind.
GROUP_LENDER = """
id: group_lender_test
version: 1
title: {zh: 控制组放贷, en: Lending by controller group}
category: related-cases
description: 同一控制组两年内五件以上民间借贷诉讼（测试用）。
nodes: [filing]
applies_to: {causes: [民间借贷纠纷]}
severity: warning
message: "控制组{group_key}两年内民间借贷诉讼{n_cases}件"
legal_basis: [测试]
owner_court: 沪
state: live
time_budget_ms: 60000  # a loaded test machine; the court is tiny
logic:
  sql: |
    WITH s AS (
        SELECT DISTINCT r.case_id, r.party_id, g.group_key, r.filing_date
        FROM case_roles r
        JOIN op_controller_group g ON g.party_id = r.party_id AND g.member_key = r.identity_key
        WHERE r.role = 'plaintiff' AND r.cause_name = '民间借贷纠纷' AND NOT g.licensed
    )
    SELECT a.case_id, a.party_id, any_value(a.group_key) AS group_key,
           count(DISTINCT b.case_id) AS n_cases
    FROM s a JOIN s b ON b.group_key = a.group_key
     AND abs(date_diff('day', a.filing_date, b.filing_date)) <= 730
    GROUP BY a.case_id, a.party_id
    HAVING count(DISTINCT b.case_id) >= 5
"""


def _court(with_register: bool = True) -> tuple[TinyCourt, dict[str, int], dict[str, list[int]]]:
    """A lender who sues twice in person and three times through a company fronted by a
    nominee (no shared phone or address): only the register's 60 % holding links them. His
    company's 5 % holder sues twice in person and three times through a company of which he
    also holds 5 %: were a small holding control, he would reach five too."""
    t = TinyCourt()
    p = {
        "boss": t.party("王大力", id_number=BOSS_ID, phone="13800000001"),
        "own": t.party(
            "上海丁投资有限公司", kind="legal", uscc="91310000MA1FL0004X", legal_rep="李小二",
            phone="13900000009", address="上海市闵行区某路9号",
        ),
        "near": t.party("钱七", id_number=NEAR_ID, phone="13700000007"),
        "small": t.party(
            "上海戊投资有限公司", kind="legal", uscc="91310000MA1FL0005X", legal_rep="孙八",
            phone="13600000006",
        ),
        "renamed": t.party("上海旧名贸易有限公司", kind="legal"),  # its former name, no code
        "current": t.party("上海新名贸易有限公司", kind="legal", uscc="91310000MA1FL0006X"),
    }  # fmt: skip
    cases: dict[str, list[int]] = {"boss": [], "near": []}
    for who, firm in (("boss", "own"), ("near", "small")):
        for i, plaintiff in enumerate([p[who]] * 2 + [p[firm]] * 3):
            borrower = t.party(f"借款人{who}{i}", id_number=f"3101011990010{i}{len(who)}01X")
            day = dt.date(2023, 1, 10) + dt.timedelta(days=40 * i)
            cases[who].append(
                t.case(filing=day.isoformat(), parties={"plaintiff": plaintiff,
                                                        "defendant": borrower})
            )  # fmt: skip
    t.case(parties={"plaintiff": p["renamed"], "defendant": p["near"]})
    t.case(parties={"plaintiff": p["current"], "defendant": p["boss"]})
    if with_register:
        for uscc, seq, holder, idn, pct in (
            ("91310000MA1FL0004X", 1, "王大力", BOSS_ID[:6] + BOSS_ID[8:17], 60),  # 15 digits
            ("91310000MA1FL0004X", 2, "李小二", None, 35),  # the nominee, without a number
            ("91310000MA1FL0004X", 3, "钱 七", NEAR_ID, 5),  # the near miss
            ("91310000MA1FL0005X", 1, "钱七", NEAR_ID, 5),
            ("91310000MA1FL0005X", 2, "孙八", "320102196001010375", 95),
        ):
            t.add("registry_enterprise_shareholders", uscc=uscc, seq=seq, holder_name=holder,
                  holder_kind="natural", holder_id_number=idn, share_pct=pct,
                  valid_from="2015-01-01")  # fmt: skip
        t.add("registry_enterprise_names", uscc="91310000MA1FL0006X",
              name="上海旧名贸易有限公司", valid_to="2020-05-01")  # fmt: skip
    operators.install(t.con, AS_OF)
    return t, p, cases


def _key(t: TinyCourt, party_id: int) -> str:
    return t.con.execute(
        "SELECT identity_key FROM party_identity WHERE party_id = ?", [party_id]
    ).fetchone()[0]


def _hits(t: TinyCourt) -> set[int]:
    model = load_model_text(GROUP_LENDER)
    res = review(t.con, [model], model_ids=[model.id], as_of=AS_OF, save=False)
    assert [r.status for r in res.runs] == ["ok"], [r.error for r in res.runs]
    return {a.case_id for r in res.runs for a in r.alerts}


def test_the_lender_is_found_only_through_his_holding():
    t, _, cases = _court()
    assert _hits(t) == set(cases["boss"])  # the 5 % holder's cases are not flagged
    t2, _, _ = _court(with_register=False)
    assert _hits(t2) == set()  # without the register, nothing links him to the company


def test_controller_group_names_the_shareholder_link():
    t, p, _ = _court()
    boss, own, near = _key(t, p["boss"]), _key(t, p["own"]), _key(t, p["near"])
    rows = t.con.execute(
        "SELECT group_key, member_key, relation, source, confidence FROM op_controller_group "
        "WHERE party_id = ? ORDER BY member_key",
        [p["own"]],
    ).fetchall()
    assert {r[1]: r[2:] for r in rows} == {
        boss: ("controller", "party_controller", 1.0),
        own: ("shareholder", "registry_enterprise_shareholders", 0.9),
    }
    assert {r[0] for r in rows} == {boss}
    near_group = t.con.execute(
        "SELECT DISTINCT member_key FROM op_controller_group WHERE group_key = ?", [near]
    ).fetchall()
    assert near_group == [(near,)]


def test_relations_weigh_holdings_and_link_former_names():
    t, p, _ = _court()
    boss, own, near = _key(t, p["boss"]), _key(t, p["own"]), _key(t, p["near"])
    rels = relations(t.con, cases=False)
    held = {(r.src[2:], r.dst[2:]): r for r in rels if r.type == "shareholder"}
    assert held[(own, boss)].weight == 0.6 and held[(own, boss)].controlling
    assert held[(own, near)].weight == 0.05 and not held[(own, near)].controlling
    assert all(r.source == "registry_enterprise_shareholders" for r in held.values())
    # The nominee has no number in the register: a name alone links nobody.
    assert len(held) == 3  # and 孙八 is no party of the court
    former = [r for r in rels if r.type == "former_name"]
    pair = {_key(t, p["renamed"]), _key(t, p["current"])}
    assert [({r.src[2:], r.dst[2:]}, r.confidence) for r in former] == [(pair, 0.8)]
    groups = controller_groups(t.con)
    assert groups[own] == groups[boss]
    assert near not in groups or groups[near] != groups[boss]
    # op_related_parties carries both, both ways, with the share.
    got = t.con.execute(
        "SELECT related_key, relation, share_pct FROM op_related_parties "
        "WHERE identity_key = ? AND relation IN ('shareholder', 'former_name')",
        [own],
    ).fetchall()
    assert sorted(got) == sorted([(boss, "shareholder", 60.0), (near, "shareholder", 5.0)])


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    path = tmp_path_factory.mktemp("holders") / "court.duckdb"
    synth.generate(path, 3000, 5, progress=False)
    con = duckdb.connect(str(path))
    resolve_parties(con)
    operators.install(con)
    return con


def test_synthetic_register_links_planted_lenders_not_their_namesakes(messy):
    """Companies the planted lenders sue through are held by them (or a nominee) in the
    register; their namesakes hold 5 % and join no group."""
    n = messy.execute("SELECT count(*) FROM registry_enterprise_shareholders").fetchone()[0]
    assert n > messy.execute("SELECT count(*) FROM registry_enterprises").fetchone()[0]
    missing = messy.execute(
        "SELECT avg((holder_id_number IS NULL)::INT) FROM registry_enterprise_shareholders "
        "WHERE holder_kind = 'natural'"
    ).fetchone()[0]
    assert 0.03 < missing < 0.15
    rels = relations(messy, cases=False)
    holds = [r for r in rels if r.type == "shareholder"]
    assert any(r.controlling for r in holds) and any(not r.controlling for r in holds)
    # Former names: rows written under one postdate the renaming and still carry the code, so
    # the resolver has made them one identity with the current name (no former_name edge).
    renamed = messy.execute(
        "SELECT count(*), count(*) FILTER (WHERE c.filing_date <= n.valid_to), "
        "count(DISTINCT pi.identity_key) - count(DISTINCT n.uscc) "
        "FROM registry_enterprise_names n "
        "JOIN parties p ON op_norm_name(p.name) = op_norm_name(n.name) "
        "JOIN party_identity pi ON pi.party_id = p.party_id "
        "JOIN case_parties cp ON cp.party_id = p.party_id JOIN cases c ON c.case_id = cp.case_id"
    ).fetchone()
    assert renamed[0] > 0 and renamed[1] == 0 and renamed[2] == 0
    assert not any(r.type == "former_name" for r in rels)
    lender_firms = messy.execute(
        "SELECT DISTINCT pi.identity_key FROM truth_anomalies t "
        "JOIN case_parties cp ON cp.case_id = t.case_id AND cp.role = 'plaintiff' "
        "JOIN party_identity pi ON pi.party_id = cp.party_id AND pi.kind = 'legal' "
        "WHERE t.scenario = 'professional_lender'"
    ).fetchall()
    assert lender_firms
    groups = controller_groups(messy)
    small = [r for r in holds if r.weight == 0.05]
    assert small, "the namesakes of planted controllers hold 5 %"
    for r in small:  # a 5 % holder is never in the company's group through that holding
        assert groups.get(r.dst[2:]) != groups.get(r.src[2:]) or r.dst[2:] not in groups


def test_other_tables_do_not_depend_on_the_registers_stream(tmp_path, monkeypatch):
    """The registers draw from a stream of their own: without them every other table is the
    same, row for row."""
    import pyarrow as pa

    from courtqc.synth import people

    def digest(path) -> dict[str, tuple]:
        con = duckdb.connect(str(path))
        tables = ("parties", "cases", "case_parties", "registry_enterprises",
                  "registry_population", "truth_anomalies")  # fmt: skip
        out = {t: con.execute(f"SELECT bit_xor(hash(t)), count(*) FROM {t} t").fetchone()
               for t in tables}  # fmt: skip
        con.close()
        return out

    synth.generate(tmp_path / "a.duckdb", 800, 3, progress=False)
    empty = (pa.table({"uscc": pa.array([], pa.string())}),) * 2

    def nothing(*_a, **_k):
        return tuple(t.slice(0, 0) for t in empty)

    monkeypatch.setattr(people, "enterprise_registers", nothing)
    monkeypatch.setattr(people, "registers_stream", lambda rng: None)
    synth.generate(tmp_path / "b.duckdb", 800, 3, progress=False)
    assert digest(tmp_path / "a.duckdb") == digest(tmp_path / "b.duckdb")
