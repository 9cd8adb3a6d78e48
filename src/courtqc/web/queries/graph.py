"""The reads behind /api/cases/{ref}/graph: a case's parties with the people and companies
related to them (the operators op_controller_group and op_related_parties) and the lawyers
acting in the case.

The operators read the whole store (a controller is decided among every namesake), which takes
seconds, so a `GraphCache` keeps, per version of the party data, the non-trivial controller
groups and the shared-contact pairs in TEMP tables of one cursor of its own (operators
installed there once; they never change the store); a request then reads a few rows. Only
identities with a party row in a case of the caller's court tree are shown, so the graph names
nobody the caller could not find by searching cases; relations that come from other cases
(opponents, co-parties) are left out: they would reveal those cases."""

from __future__ import annotations

import threading
from typing import Any

import duckdb

from courtqc import operators
from courtqc.web.api.common import rows
from courtqc.web.visibility import Principal, case_scope_sql

Row = dict[str, Any]

_VERSION = """
    SELECT (SELECT count(*) FROM parties), (SELECT max(party_id) FROM parties),
           (SELECT bit_xor(hash(person_key, phone, address, legal_rep)) FROM parties),
           (SELECT count(*) FROM case_parties), (SELECT count(*) FROM registry_enterprises)
"""

_BUILD = """
    CREATE OR REPLACE TEMP TABLE qc_graph_groups AS
    SELECT DISTINCT g.identity_key, g.group_key, g.member_key, g.relation, g.source, g.confidence
    FROM op_controller_group g
    WHERE g.group_key IN (SELECT group_key FROM op_controller_group WHERE member_key <> group_key);
    CREATE OR REPLACE TEMP TABLE qc_graph_contacts AS
    SELECT DISTINCT identity_key AS a, related_key AS b, relation, source, confidence
    FROM op_related_parties WHERE relation IN ('shared_phone', 'shared_address');
"""


class GraphCache:
    """The party graph's cross-case links, rebuilt when the party data changes. One cursor,
    used under a lock (a DuckDB cursor is not shared between threads)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.cur = con.cursor()
        self.lock = threading.Lock()
        self.version: tuple | None = None
        operators.install(self.cur)

    def case_graph(self, p: Principal, case_id: int) -> dict[str, list[Row]]:
        """{"parties": the case's parties with their identity, "related": identities related
        to them (with names), "links": identity–identity edges (src, dst, relation, source,
        confidence), "agents": the case's agents with the party each acts for}."""
        with self.lock:
            version = self.cur.execute(_VERSION).fetchone()
            if version != self.version:
                operators.fill_hubs(self.cur)
                self.cur.execute(_BUILD)
                self.version = version
            return _case_graph(self.cur, p, case_id)


def _case_graph(cur: duckdb.DuckDBPyConnection, p: Principal, case_id: int) -> dict[str, list[Row]]:
    parties = rows(
        cur.execute(
            "SELECT party_id, identity_key, role, kind, name FROM case_roles "
            "WHERE case_id = ? ORDER BY role, seq, party_id",
            [case_id],
        )
    )
    mine = sorted({r["identity_key"] for r in parties if r["identity_key"] is not None})
    agents = rows(
        cur.execute(
            "SELECT DISTINCT party_id, lawyer_id, agent_name, agent_kind FROM case_agents "
            "WHERE case_id = ? ORDER BY party_id, agent_name",
            [case_id],
        )
    )
    if not mine:
        return {"parties": parties, "related": [], "links": [], "agents": agents}
    scope, params = case_scope_sql(p, "c")
    links = rows(
        cur.execute(
            f"""
            WITH mine AS (SELECT unnest($keys) AS identity_key),
            found AS (
                SELECT member_key AS src, group_key AS dst, relation, source, confidence
                FROM qc_graph_groups
                WHERE group_key IN (SELECT group_key FROM qc_graph_groups
                                    WHERE identity_key IN (SELECT identity_key FROM mine))
                  AND member_key <> group_key
                UNION
                SELECT least(a, b), greatest(a, b), relation, source, confidence
                FROM qc_graph_contacts WHERE a IN (SELECT identity_key FROM mine)
            ), ends AS (SELECT src AS k FROM found UNION SELECT dst FROM found),
            seen AS (
                SELECT DISTINCT pi.identity_key FROM party_identity pi
                JOIN case_parties cp ON cp.party_id = pi.party_id
                JOIN cases c ON c.case_id = cp.case_id
                WHERE pi.identity_key IN (SELECT k FROM ends) AND {scope}
            )
            SELECT f.* FROM found f
            WHERE f.src IN (SELECT identity_key FROM seen)
              AND f.dst IN (SELECT identity_key FROM seen)
            ORDER BY f.src, f.dst, f.relation
            """,
            {**params, "keys": mine},
        )
    )
    others = sorted({k for lk in links for k in (lk["src"], lk["dst"])} - set(mine))
    related: list[Row] = []
    if others:
        related = rows(
            cur.execute(
                "SELECT identity_key, min(kind) AS kind, min(name) AS name FROM party_identity "
                "WHERE identity_key IN (SELECT unnest($keys)) GROUP BY identity_key "
                "ORDER BY identity_key",
                {"keys": others},
            )
        )
    return {"parties": parties, "related": related, "links": links, "agents": agents}
