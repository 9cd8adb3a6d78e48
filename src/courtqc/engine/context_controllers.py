"""How node mode follows controllers (party_controller) without copying every namesake's
cases (courtqc.engine.context).

party_controller chooses who stands behind a company among the people bearing its
representative's name or sharing its phone or address. To repeat that choice over a context
the context must hold every one of them — but not their cases: their party rows are copied and
their claimant-side cases counted in the store (qc_claims_outside), the one number the choice
reads from cases. Only those the choice puts in a group of the case's own parties are then
followed into their cases (ContextBuilder._build).

`ContextControllers` is a part of `ContextBuilder`, split off by concern: its methods use the
builder's store session (`cur`, `q`, `_in`, `_exec`), its identity lookups (`_same_identity`)
and the session models run on (`work`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from courtqc.engine.context_copy import _STATEMENT, _refill

if TYPE_CHECKING:
    from courtqc.engine.context import _Gathered


def _ints(xs: Iterable[int]) -> str:
    s = ",".join(str(int(x)) for x in sorted(set(xs)))
    return s or "NULL"


class ContextControllers:
    """The controller stage of ContextBuilder (see the module's docstring)."""

    def _links_ready(self) -> str:
        """The party-link keys party_controller joins on, indexed, in a TEMP table of `cur`'s
        session (made on first use, one pass over `parties`; topped up with the rows added
        since, by party_id, at every use — a pass over the newest row group only): one row per
        (party, key), the key a 63-bit hash of 'n' + the normalised name of a natural person or
        legal representative of a company (the row's, else the enterprise register's), 'p' +
        the normalised phone, 'a' + the normalised address, 's' + the normalised ID number of a
        company's controlling shareholder (a current natural-person holding over 50 % in
        registry_enterprise_shareholders) and of a person holding one — the very macros the
        view uses, so a key equal in the view is equal here. A hash collision only brings in a
        party more, and the context stays closed (see _controllers). A party row changed in
        place (a new phone) keeps its old keys until the checker starts again."""
        table = f"temp.main.{self.db}_links"
        q = self.q
        reg = "registry_enterprises" in self.tables
        rep = "coalesce(p.legal_rep, re.legal_rep)" if reg else "p.legal_rep"
        join = (
            f"LEFT JOIN {q('registry_enterprises')} re "
            "ON p.kind = 'legal' AND re.uscc = op_norm_id(p.uscc)"
            if reg
            else ""
        )
        held = ""
        if "registry_enterprise_shareholders" in self.tables:
            # controlling shareholders (party_controller's `holders`): companies and persons
            # meet on the holder's ID number
            held = f""",
            s AS MATERIALIZED (
                SELECT op_norm_id(uscc) AS nuscc, op_norm_id(holder_id_number) AS nid
                FROM {q("registry_enterprise_shareholders")}
                WHERE holder_kind = 'natural' AND valid_to IS NULL
                  AND CAST(share_pct AS DOUBLE) > 50 AND holder_id_number IS NOT NULL)
            SELECT (hash('s' || s.nid) >> 1)::BIGINT, p.party_id, p.person FROM p
            JOIN s ON p.nid = s.nid WHERE p.person
            UNION ALL SELECT (hash('s' || s.nid) >> 1)::BIGINT, p.party_id, p.person FROM p
            JOIN s ON p.nuscc = s.nuscc WHERE NOT p.person
            UNION ALL"""
        new = self._links_max is None
        if new:
            self.cur.execute(
                f"CREATE OR REPLACE TEMP TABLE {self.db}_links "
                "(k BIGINT, party_id BIGINT, person BOOLEAN)"
            )
        since = -1 if new else self._links_max
        if (
            not new
            and self.cur.execute(
                f"SELECT max(party_id) FROM {q('parties')} WHERE party_id > {int(since)}"
            ).fetchone()[0]
            is None
        ):
            return table
        got = self.cur.execute(
            f"""INSERT INTO {table}
            WITH p AS MATERIALIZED (
                SELECT p.party_id, p.kind = 'natural' AS person,
                       nullif(op_norm_name(CASE WHEN p.kind = 'natural' THEN p.name ELSE {rep} END), '') AS n,
                       op_norm_phone(p.phone) AS ph, op_norm_address(p.address) AS ad,
                       op_norm_id(p.id_number) AS nid, op_norm_id(p.uscc) AS nuscc
                FROM {q("parties")} p {join}
                WHERE p.kind IN ('natural', 'legal') AND p.party_id > {int(since)}){held}
            SELECT (hash('n' || n) >> 1)::BIGINT, party_id, person FROM p WHERE n IS NOT NULL
            UNION ALL SELECT (hash('p' || ph) >> 1)::BIGINT, party_id, person FROM p WHERE ph IS NOT NULL
            UNION ALL SELECT (hash('a' || ad) >> 1)::BIGINT, party_id, person FROM p WHERE ad IS NOT NULL
            RETURNING party_id"""
        ).fetchall()
        if new:
            self.cur.execute(
                f"CREATE INDEX {self.db}_links_k ON {self.db}_links (k);"
                f"CREATE INDEX {self.db}_links_p ON {self.db}_links (party_id)"
            )
            self._links_max = -1
        if got:
            self._links_max = max(self._links_max, max(r[0] for r in got))
        return table

    def _link_rows(self, table: str, col: str, values: set[int]) -> list[tuple[int, int, bool]]:
        """(key, party_id, person) rows of the link table whose `col` is one of `values`."""
        if not values:
            return []
        return self._exec(
            self.cur,
            f"SELECT k, party_id, person FROM {table} WHERE {col} IN ({_ints(values)})",
        ).fetchall()

    def _controllers(self, same: set[int]) -> set[int]:
        """The parties node mode must copy for party_controller to give, over the context,
        what it gives over the store, for every controller of these parties (`same`: whole
        identities). A company is linked to the natural persons bearing its representative's
        name (the row's or the register's) or sharing its phone or address; which of them
        controls it is the view's choice (a namesake, a single sharer), made right only when
        all of them are present. So, by the link keys (_links_ready), each lookup an index
        probe:

        1. the controllers that may matter: the natural persons here, and every person linked
           to a company here (with their whole identities);
        2. every company linked to one of them (with its other rows: the same identity);
        3. every person linked to one of those companies — the namesakes and sharers its
           choice is made among, whose other rows the caller adds.

        A company brought in therefore always comes with everyone its controller is chosen
        from, so no company is given to a controller here that the store gives to nobody or
        to someone else. The caller adds them light (their rows, not their cases) and follows
        into their cases only those _in_followed_groups names."""
        table = self._links_ready()
        own = self._link_rows(table, "party_id", same)
        firms = {p for _, p, nat in own if not nat}
        firm_keys = {k for k, _, nat in own if not nat}
        cand = {p for _, p, nat in self._link_rows(table, "k", firm_keys) if nat}
        if cand:
            cand = self._same_identity(cand)
        more = cand - same
        people_keys = {k for k, _, nat in own if nat} | {
            k for k, _, nat in self._link_rows(table, "party_id", more) if nat
        }
        found = {p for _, p, nat in self._link_rows(table, "k", people_keys) if not nat} - firms
        if found:
            found = self._same_identity(found)
            firm_keys |= {k for k, _, nat in self._link_rows(table, "party_id", found) if not nat}
            firms |= found
            cand |= {p for _, p, nat in self._link_rows(table, "k", firm_keys) if nat}
        return firms | cand

    def _claims_outside(self, light: set[int]) -> tuple[float, tuple[str, ...]]:
        """The copy job refilling qc_claims_outside: the light parties' claimant-side rows in
        the store, which party_controller counts to choose among namesakes (the cases
        themselves are not copied)."""
        return (
            _STATEMENT + len(light),
            _refill(
                "qc_claims_outside",
                f"SELECT party_id, case_id FROM {self.q('case_parties')} "
                f"WHERE {self._in('case_parties', 'party_id', light)} "
                "AND role IN ('plaintiff', 'appellant', 'applicant')",
            ),
        )

    def _in_followed_groups(self, g: _Gathered) -> frozenset[int]:
        """The light parties (with their whole identities) that the context's party_controller
        puts under the controller of a followed party, or in its op_controller_group: a model
        counts their cases with the followed parties', so they must be followed too."""
        own, light = _ints(g.own), _ints(g.light)
        rows = self.work.execute(
            f"""WITH mine AS (SELECT controller_key FROM party_controller
                              WHERE party_id IN ({own}) AND controller_key IS NOT NULL),
            grp AS (SELECT group_key FROM op_controller_group WHERE party_id IN ({own})),
            keys AS (
                SELECT identity_key FROM party_controller
                WHERE controller_key IN (SELECT controller_key FROM mine)
                UNION SELECT member_key FROM op_controller_group
                WHERE group_key IN (SELECT group_key FROM grp))
            SELECT party_id FROM party_identity
            WHERE party_id IN ({light}) AND identity_key IN (SELECT identity_key FROM keys)"""
        ).fetchall()
        return frozenset(r[0] for r in rows)
