"""Build the party graph from a store (or a node-mode context) and read groups and rings off it.

Every function takes a DuckDB connection with the operators installed
(courtqc.operators.install), whose unqualified tables are the data to look at: the whole store
in review mode, one case's context in node mode — so the `party_rings` operator answers the
same in both.

Edges (Relation): each with its type, the table it comes from, and a confidence:

* ``controls`` — a company's controller (party_controller: its controlling shareholder, the
  legal representative as the row or the enterprise register writes it, or the one person
  sharing its phone or address); 1.0 where the row names the representative, 0.9 where only
  the register does (as representative, or as holder of more than half:
  registry_enterprise_shareholders), 0.8 where only a shared phone or address links them.
* ``shareholder`` — a holder (person or company) and the company it holds a current share of,
  by the enterprise register (registry_enterprise_shareholders through the operator
  op_shareholdings: holder matched on an exact ID number or credit code), 0.9, weighted by the
  share (0–1). A holding of more than half (CONTROLLING) is a control edge.
* ``former_name`` — a company and another identity whose rows bear one of its registered former
  names (registry_enterprise_names): 1.0 where those rows carry its credit code, else 0.8.
* ``party`` — an identity in a case in a role (case_parties), 1.0.
* ``agent`` — a lawyer acting for an identity in a case (case_agents), 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import networkx as nx

from courtqc.models.pyops import register

__all__ = ["Relation", "controller_groups", "lending_graph", "party_graph", "relations", "rings"]

LENDING_CAUSE = "民间借贷纠纷"
#: The share above which a holding controls a company (《公司法》（2023）第265条: a
#: controlling shareholder holds more than half of the capital, or less with voting power
#: decisive enough, which the register does not show).
CONTROLLING = 0.5
#: Edge types that say who controls whom (controller_groups).
CONTROL_TYPES = ("controls", "shareholder")


@dataclass(frozen=True)
class Relation:
    src: str  # node id: "P:" + identity key, "C:" + case id, "L:" + lawyer id
    dst: str
    type: str  # controls | shareholder | former_name | party | agent
    source: str  # the table it was read from
    confidence: float
    case_id: int | None = None
    weight: float | None = None  # shareholder: the share held, 0–1

    @property
    def controlling(self) -> bool:
        """A control edge: a company's controller, or a holding of more than CONTROLLING."""
        return self.type == "controls" or (
            self.type == "shareholder" and (self.weight or 0.0) > CONTROLLING
        )


_CONTROLS = """
    SELECT pc.identity_key AS firm, pc.controller_key AS controller,
           CASE WHEN p.legal_rep IS NOT NULL AND op_norm_name(p.legal_rep) = ppl.norm_name THEN 1.0
                WHEN p.legal_rep IS NULL AND ppl.norm_name IS NOT NULL THEN 0.9
                WHEN ho.company_key IS NOT NULL THEN 0.9
                ELSE 0.8 END AS confidence,
           CASE WHEN p.legal_rep IS NOT NULL AND op_norm_name(p.legal_rep) = ppl.norm_name
                THEN 'parties' WHEN p.legal_rep IS NULL AND ppl.norm_name IS NOT NULL
                THEN 'registry_enterprises' WHEN ho.company_key IS NOT NULL
                THEN 'registry_enterprise_shareholders' ELSE 'parties (phone/address)' END AS source
    FROM party_controller pc
    JOIN parties p ON p.party_id = pc.party_id
    LEFT JOIN (SELECT DISTINCT company_key, holder_key FROM op_shareholdings
               WHERE holder_kind = 'natural' AND valid_to IS NULL AND share_pct > 50) ho
           ON ho.company_key = pc.identity_key AND ho.holder_key = pc.controller_key
    LEFT JOIN (SELECT DISTINCT identity_key, norm_name FROM party_identity
               WHERE kind = 'natural') ppl
           ON ppl.identity_key = pc.controller_key
          AND ppl.norm_name = op_norm_name(coalesce(p.legal_rep, (
                SELECT any_value(re.legal_rep) FROM registry_enterprises re
                WHERE re.uscc = op_norm_id(p.uscc))))
    WHERE pc.kind = 'legal' AND pc.controller_key <> pc.identity_key
"""


# Current holdings, one edge per (company, holder): shares of one holder added up.
_HOLDINGS = """
    SELECT company_key, holder_key, sum(share_pct), max(confidence) FROM op_shareholdings
    WHERE valid_to IS NULL GROUP BY company_key, holder_key ORDER BY company_key, holder_key
"""
# Former-name links (as op_related_parties' `former_name`, read here without the rest of
# that view): the company holding the code, the identity written under its former name.
_FORMER = """
    SELECT f.identity_key, o.identity_key,
           max(CASE WHEN op_norm_id(o.uscc) = op_norm_id(n.uscc) THEN 1.0 ELSE 0.8 END)
    FROM registry_enterprise_names n
    JOIN party_identity f ON f.kind = 'legal' AND op_norm_id(f.uscc) = op_norm_id(n.uscc)
    JOIN party_identity o ON o.kind = 'legal' AND o.norm_name = op_norm_name(n.name)
    WHERE f.identity_key IS NOT NULL AND o.identity_key IS NOT NULL
      AND f.identity_key <> o.identity_key
    GROUP BY 1, 2 ORDER BY 1, 2
"""


def relations(con: duckdb.DuckDBPyConnection, *, cases: bool = True) -> list[Relation]:
    """Every edge of the party graph (see the module docstring); `cases`: with the party and
    agent edges (else the registers' and control edges only)."""
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for firm, ctrl, conf, source in con.execute(_CONTROLS).fetchall():
        key = (firm, ctrl)
        if key not in seen:
            seen.add(key)
            out.append(Relation(f"P:{firm}", f"P:{ctrl}", "controls", source, float(conf)))
    for firm, holder, share, conf in con.execute(_HOLDINGS).fetchall():
        out.append(
            Relation(
                f"P:{firm}", f"P:{holder}", "shareholder", "registry_enterprise_shareholders",
                float(conf), weight=round(float(share) / 100, 6),
            )
        )  # fmt: skip
    for a, b, conf in con.execute(_FORMER).fetchall():
        out.append(
            Relation(f"P:{a}", f"P:{b}", "former_name", "registry_enterprise_names", float(conf))
        )
    if cases:
        for case_id, ident, role in con.execute(
            "SELECT DISTINCT case_id, identity_key, role FROM case_roles "
            "WHERE identity_key IS NOT NULL"
        ).fetchall():
            out.append(
                Relation(
                    f"P:{ident}", f"C:{case_id}", "party", f"case_parties:{role}", 1.0, case_id
                )
            )
        for case_id, ident, lawyer in con.execute(
            "SELECT DISTINCT a.case_id, pi.identity_key, a.lawyer_id FROM case_agents a "
            "JOIN party_identity pi ON pi.party_id = a.party_id "
            "WHERE a.lawyer_id IS NOT NULL AND pi.identity_key IS NOT NULL"
        ).fetchall():
            out.append(Relation(f"L:{lawyer}", f"P:{ident}", "agent", "case_agents", 1.0, case_id))
    return out


def party_graph(con: duckdb.DuckDBPyConnection, *, cases: bool = True) -> nx.MultiGraph:
    """The party graph: one node per identity, case and lawyer; one edge per Relation."""
    g = nx.MultiGraph()
    for r in relations(con, cases=cases):
        g.add_edge(r.src, r.dst, type=r.type, source=r.source, confidence=r.confidence,
                   case_id=r.case_id, weight=r.weight)  # fmt: skip
    return g


def controller_groups(
    con: duckdb.DuckDBPyConnection, min_confidence: float = 0.0
) -> dict[str, int]:
    """identity key → controller group: the connected components of the control edges at or
    above `min_confidence` — a company's controller (`controls`) and a controlling shareholder
    (`shareholder` with a share of more than CONTROLLING; a 5 % holder joins no group): a
    person, the companies he controls or owns, and — through chains — the companies those
    companies control or own. Identities in no control edge are left out (each is a group of
    its own)."""
    g = nx.Graph()
    for r in relations(con, cases=False):
        if r.controlling and r.confidence >= min_confidence:
            g.add_edge(r.src, r.dst)
    out: dict[str, int] = {}
    for i, comp in enumerate(sorted(nx.connected_components(g), key=min)):
        for node in comp:
            out[node[2:]] = i
    return out


def lending_graph(
    con: duckdb.DuckDBPyConnection, *, staged_within_days: int | None = None
) -> nx.Graph:
    """Private-lending first-instance suits as a graph of lenders ("P:" + the controller of
    the plaintiff; licensed lenders left out) and borrowers ("B:" + the defendant's identity):
    each lender–borrower edge holds its suits as {case_id: the lender's lawyer or None}.

    `staged_within_days`: only suits with the marks of a staged one — closed by mediation at
    most that many days after filing, no defendant with an agent (法〔2021〕281号 lists quick
    mediation and a defendant who does not contest among the signs of false litigation)."""
    staged = ""
    if staged_within_days is not None:
        staged = f"""
          AND r.closing_method = 'mediation'
          AND date_diff('day', r.filing_date, r.closing_date) <= {int(staged_within_days)}
          AND NOT EXISTS (
              SELECT 1 FROM case_agents x JOIN case_parties y
                ON y.case_id = x.case_id AND y.party_id = x.party_id AND y.role = 'defendant'
              WHERE x.case_id = r.case_id)"""
    rows = con.execute(
        f"""
        SELECT DISTINCT r.case_id, pc.controller_key, b.identity_key, a.lawyer_id
        FROM case_roles r
        JOIN party_controller pc ON pc.party_id = r.party_id
        JOIN case_roles b ON b.case_id = r.case_id AND b.role = 'defendant'
        LEFT JOIN case_agents a ON a.case_id = r.case_id AND a.party_id = r.party_id
        WHERE r.role = 'plaintiff' AND r.procedure = 'first' AND r.cause_name = '{LENDING_CAUSE}'
          AND NOT pc.licensed AND pc.controller_key IS NOT NULL AND b.identity_key IS NOT NULL
          {staged}
        ORDER BY 1, 2, 3, 4
        """
    ).fetchall()
    g = nx.Graph()
    for case_id, lender, borrower, lawyer in rows:
        a, b = f"P:{lender}", f"B:{borrower}"
        if not g.has_edge(a, b):
            g.add_edge(a, b, cases={})
        suits = g.edges[a, b]["cases"]
        if suits.get(case_id) is None:
            suits[case_id] = lawyer
        g.nodes[a]["role"], g.nodes[b]["role"] = "lender", "borrower"
    return g


def rings(
    con: duckdb.DuckDBPyConnection,
    min_borrowers: int = 5,
    *,
    staged_within_days: int | None = None,
) -> list[dict[str, Any]]:
    """Lender–borrower–lawyer rings: for each lawyer, the graph of the suits he brings for
    lenders (lender–borrower edges); each of its connected components — one lender and his
    borrowers, or several lenders suing the same borrowers — with at least `min_borrowers`
    borrowers is a ring. A lawyer serving many unrelated lenders gives as many components,
    not one ring. One row per case of a ring (the shape an operator returns): case_id, ring
    ("L:" + lawyer + "/" + its first lender), lenders, borrowers, density (lender–borrower
    edges over lenders × borrowers: 1.0 when every lender sued every borrower).
    `staged_within_days`: only the suits that look staged (lending_graph)."""
    g = lending_graph(con, staged_within_days=staged_within_days)
    per_lawyer: dict[int, nx.Graph] = {}
    for a, b, d in g.edges(data=True):
        for case_id, lawyer in d["cases"].items():
            if lawyer is None:
                continue
            h = per_lawyer.setdefault(lawyer, nx.Graph())
            lender, borrower = (a, b) if a.startswith("P:") else (b, a)
            if not h.has_edge(lender, borrower):
                h.add_edge(lender, borrower, cases=set())
            h.edges[lender, borrower]["cases"].add(case_id)
    out: list[dict[str, Any]] = []
    for lawyer in sorted(per_lawyer):
        h = per_lawyer[lawyer]
        for comp in nx.connected_components(h):
            lenders = sorted(n for n in comp if n.startswith("P:"))
            borrowers = [n for n in comp if n.startswith("B:")]
            if len(borrowers) < min_borrowers:
                continue
            sub = h.subgraph(comp)
            density = sub.number_of_edges() / (len(lenders) * len(borrowers))
            ring = f"L:{lawyer}/{lenders[0]}"
            cases = set().union(*(d["cases"] for _, _, d in sub.edges(data=True)))
            out.extend(
                {
                    "case_id": case_id,
                    "alert_key": ring,
                    "ring": ring,
                    "lenders": len(lenders),
                    "borrowers": len(borrowers),
                    "density": round(density, 3),
                }
                for case_id in sorted(cases)
            )
    return sorted(out, key=lambda r: (r["case_id"], r["ring"]))


@register("party_rings", reads=("case_roles", "party_controller", "case_agents", "case_parties"))
def party_rings(con: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The `party_rings` operator for scenario models: rings() with params min_borrowers and
    staged_within_days (absent: every private-lending suit counts)."""
    staged = params.get("staged_within_days")
    return rings(
        con,
        min_borrowers=int(params.get("min_borrowers", 5)),
        staged_within_days=None if staged is None else int(staged),
    )
