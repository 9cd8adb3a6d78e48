"""The party graph (courtqc.graph) on a messy synthetic court: control edges, controller groups,
and lender–lawyer–borrower rings against the planted false-lending rings."""

from __future__ import annotations

import duckdb
import pytest

from courtqc import operators, synth
from courtqc.graph import controller_groups, party_graph, relations, rings
from courtqc.identity import resolve_parties
from courtqc.models import pyops


@pytest.fixture(scope="module")
def court(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "court.duckdb"
    synth.generate(path, 3000, 5, progress=False)
    con = duckdb.connect(str(path))
    resolve_parties(con)
    operators.install(con)
    return con


def test_control_edges_agree_with_party_controller(court):
    every = relations(court, cases=False)
    # former_name edges only where rows under a former name lack the credit code (none here)
    assert (
        {"controls", "shareholder"}
        <= {r.type for r in every}
        <= {"controls", "shareholder", "former_name"}
    )
    edges = [r for r in every if r.type == "controls"]
    assert edges
    linked = {
        (f"P:{a}", f"P:{b}")
        for a, b in court.execute(
            "SELECT DISTINCT identity_key, controller_key FROM party_controller "
            "WHERE kind = 'legal' AND controller_key <> identity_key"
        ).fetchall()
    }
    assert {(r.src, r.dst) for r in edges} == linked
    # Every source and confidence is one the docs name; the register supplies some of them.
    assert {r.source for r in edges} <= {
        "parties",
        "registry_enterprises",
        "registry_enterprise_shareholders",
        "parties (phone/address)",
    }
    assert any(r.source == "registry_enterprises" and r.confidence == 0.9 for r in edges)
    # the planted lender who controls his companies only as their majority shareholder
    assert any(
        r.source == "registry_enterprise_shareholders" and r.confidence == 0.9 for r in edges
    )
    groups = controller_groups(court)
    for r in edges:
        assert groups[r.src[2:]] == groups[r.dst[2:]]


def test_graph_has_cases_and_lawyers(court):
    g = party_graph(court)
    kinds = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"controls", "shareholder", "party", "agent"} <= kinds
    assert kinds <= {"controls", "shareholder", "former_name", "party", "agent"}
    assert any(n.startswith("L:") for n in g.nodes) and any(n.startswith("C:") for n in g.nodes)


def test_rings_find_the_planted_false_lending_rings(court):
    planted = {
        r[0]
        for r in court.execute(
            "SELECT DISTINCT case_id FROM truth_anomalies WHERE scenario = 'false_lending_ring'"
        ).fetchall()
    }
    assert planted, "the synthetic court plants false-lending rings"
    found = rings(court)
    hit = {r["case_id"] for r in found}
    assert planted <= hit
    # Licensed lenders are never a ring's lender; a ring has at least five borrowers.
    assert all(r["borrowers"] >= 5 and 0 < r["density"] <= 1 for r in found)
    # Raising the bar beyond every ring's size finds none.
    top = max(r["borrowers"] for r in found)
    assert rings(court, min_borrowers=top + 1) == []


def test_party_rings_is_an_operator(court):
    assert "party_rings" in pyops.names()
    rows = pyops.get("party_rings")(court, {"min_borrowers": 5})
    assert rows == rings(court)
