"""op_controller_group and op_related_parties: the party graph as SQL operators models read.

A hand-built court checks each link type exactly; a messy synthetic court checks that the
operators agree with the graph module (courtqc.graph) and transpile to Spark SQL."""

from __future__ import annotations

import duckdb
import pytest

from courtqc import operators, synth
from courtqc.engine.testing import TinyCourt
from courtqc.graph import relations
from courtqc.identity import resolve_parties
from courtqc.operators import VIEWS, install


def _court() -> tuple[TinyCourt, dict[str, int]]:
    t = TinyCourt()
    p = {
        "boss": t.party(
            "王大力",
            id_number="310101197001010051",
            phone="13800000001",
            address="上海市浦东新区张江路1号",
        ),
        # the row names him as legal representative
        "firm_row": t.party(
            "上海甲贸易有限公司", kind="legal", uscc="91310000MA1FL0001X", legal_rep="王大力"
        ),
        # the row leaves the representative out; the register names him
        "firm_reg": t.party("上海乙物流有限公司", kind="legal", uscc="91310000MA1FL0002X"),
        # a nominee represents it; it shares the boss's phone (+86 and dashes)
        "firm_nom": t.party(
            "上海丙投资有限公司",
            kind="legal",
            uscc="91310000MA1FL0003X",
            legal_rep="李小二",
            phone="+86 138-0000-0001",
        ),
        "nominee": t.party("李小二", id_number="310101199001010072"),
        "borrower": t.party("赵六", id_number="310101198501010083"),
        "other": t.party("钱七", id_number="310101198601010094"),
    }
    t.add(
        "registry_enterprises",
        uscc="91310000MA1FL0002X",
        name="上海乙物流有限公司",
        status="active",
        legal_rep="王大力",
    )
    for firm in ("firm_row", "firm_reg", "firm_nom"):
        t.case(parties={"plaintiff": p[firm], "defendant": p["borrower"]})
    t.case(parties={"plaintiff": p["boss"], "defendant": p["other"]})
    t.case(parties={"plaintiff": p["nominee"], "defendant": p["other"]})
    install(t.con)
    return t, p


def _key(t: TinyCourt, party_id: int) -> str:
    return t.con.execute(
        "SELECT identity_key FROM party_identity WHERE party_id = ?", [party_id]
    ).fetchone()[0]


def test_controller_group_names_each_link_type():
    t, p = _court()
    rows = t.con.execute(
        "SELECT member_key, relation, source, confidence FROM op_controller_group "
        "WHERE party_id = ? ORDER BY member_key",
        [p["firm_nom"]],
    ).fetchall()
    boss = _key(t, p["boss"])
    got = {r[0]: r[1:] for r in rows}
    assert got == {
        boss: ("controller", "party_controller", 1.0),
        _key(t, p["firm_row"]): ("legal_rep", "parties", 1.0),
        _key(t, p["firm_reg"]): ("legal_rep_register", "registry_enterprises", 0.9),
        _key(t, p["firm_nom"]): ("shared_phone", "parties", 0.8),
    }
    # Every member of the group sees the same group; the nominee is not in it.
    groups = t.con.execute(
        "SELECT DISTINCT group_key FROM op_controller_group WHERE party_id IN (?, ?, ?, ?)",
        [p["boss"], p["firm_row"], p["firm_reg"], p["firm_nom"]],
    ).fetchall()
    assert groups == [(boss,)]
    nominee = t.con.execute(
        "SELECT group_key, member_key, relation FROM op_controller_group WHERE party_id = ?",
        [p["nominee"]],
    ).fetchall()
    assert nominee == [(_key(t, p["nominee"]), _key(t, p["nominee"]), "controller")]


def test_related_parties_types_sources_and_symmetry():
    t, p = _court()
    boss, borrower = _key(t, p["boss"]), _key(t, p["borrower"])
    rows = t.con.execute(
        "SELECT related_key, relation, source, confidence, case_id FROM op_related_parties "
        "WHERE identity_key = ? ORDER BY relation, related_key",
        [boss],
    ).fetchall()
    rel = {(r[0], r[1]) for r in rows}
    assert (_key(t, p["firm_row"]), "legal_rep") in rel
    assert (_key(t, p["firm_reg"]), "legal_rep_register") in rel
    assert (_key(t, p["firm_nom"]), "shared_phone") in rel
    assert (_key(t, p["other"]), "opponent") in rel
    assert all(r[4] is not None for r in rows if r[1] == "opponent")
    assert all(r[4] is None for r in rows if r[1] != "opponent")
    # The borrower is sued by three companies: opponents, each with its case.
    opp = t.con.execute(
        "SELECT count(DISTINCT case_id) FROM op_related_parties "
        "WHERE identity_key = ? AND relation = 'opponent'",
        [borrower],
    ).fetchone()[0]
    assert opp == 3
    # Every edge is there both ways.
    asym = t.con.execute(
        "SELECT count(*) FROM op_related_parties a WHERE NOT EXISTS (SELECT 1 FROM "
        "op_related_parties b WHERE b.identity_key = a.related_key AND b.related_key = "
        "a.identity_key AND b.relation = a.relation AND b.case_id IS NOT DISTINCT FROM a.case_id)"
    ).fetchone()[0]
    assert asym == 0


def test_a_switchboard_phone_relates_nobody():
    t = TinyCourt()
    ids = [
        t.party(f"人{i}", id_number=f"3101011980010100{i}X", phone="021-12345678") for i in range(6)
    ]
    for i in ids:
        t.case(parties={"plaintiff": i, "defendant": t.party("某", id_number=None)})
    install(t.con)
    n = t.con.execute(
        "SELECT count(*) FROM op_related_parties WHERE relation = 'shared_phone'"
    ).fetchone()[0]
    assert n == 0
    t.con.execute("DELETE FROM parties WHERE party_id IN (?, ?, ?)", ids[:3])
    n = t.con.execute(
        "SELECT count(*) FROM op_related_parties WHERE relation = 'shared_phone'"
    ).fetchone()[0]
    assert n == 6  # three identities, each related to the other two


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    path = tmp_path_factory.mktemp("graphops") / "court.duckdb"
    synth.generate(path, 3000, 5, progress=False)
    con = duckdb.connect(str(path))
    resolve_parties(con)
    operators.install(con)
    return con


def test_operators_agree_with_the_graph_module(messy):
    every = relations(messy, cases=False)
    edges = {(r.src[2:], r.dst[2:]) for r in every if r.type == "controls"}
    # A company nobody is found behind joins its controlling shareholder's group.
    behind = {a for a, _ in edges}
    natural = {
        k for (k,) in messy.execute("SELECT identity_key FROM party_identity WHERE kind = 'natural'")
        .fetchall()
    }  # fmt: skip
    held: dict[str, tuple[float, str]] = {}
    for r in every:
        if r.controlling and r.type == "shareholder" and r.dst[2:] in natural:
            held[r.src[2:]] = max(held.get(r.src[2:], (0.0, "")), (r.weight, r.dst[2:]))
    edges |= {(firm, h) for firm, (_, h) in held.items() if firm not in behind}
    group = {
        (a, b)
        for a, b in messy.execute(
            "SELECT DISTINCT member_key, group_key FROM op_controller_group "
            "WHERE member_key <> group_key"
        ).fetchall()
    }
    assert edges and group == edges
    # Planted rings sue through companies the lender represents (his phone or address on its
    # rows): those companies are in the lender's group.
    ring_firms = messy.execute(
        "SELECT count(DISTINCT g.member_key) FROM truth_anomalies t "
        "JOIN case_parties cp ON cp.case_id = t.case_id AND cp.role = 'plaintiff' "
        "JOIN parties p ON p.party_id = cp.party_id AND p.kind = 'legal' "
        "JOIN op_controller_group g ON g.party_id = p.party_id AND g.member_key <> g.group_key "
        "WHERE t.scenario = 'false_lending_ring'"
    ).fetchone()[0]
    assert ring_firms >= 1


def test_graph_operators_are_views_and_transpile_to_spark():
    from courtqc.spark.transpile import to_spark, view_body

    for v in ("op_controller_group", "op_related_parties"):
        assert v in VIEWS
        assert "SELECT" in to_spark(view_body(v)).upper()
