"""The copy stage of a node-mode context build (courtqc.engine.context): the statements that
copy the context's rows from the store into the scratch database, and how they are shared out
between the builder's two cursors — the cost of each copy, the refills and top-ups of the
scratch tables, and a big context's parties copied in two halves, one per cursor, with the
register lookups after them (_copy_split).

`ContextCopies` is a part of `ContextBuilder`, split off by concern: its methods use the
builder's cursors (`_main`, `_aux`, `_pool`), its store lookups (`q`, `_in`, `_exec`) and its
register lookups (`_lookup_sql`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from courtqc.models.conditions import sql_literal

if TYPE_CHECKING:
    from courtqc.engine.context import Focus, _Reach

# Cost of a copy, to split the copies between the two cursors: each statement costs about as
# much as reading 20 rows' worth of a table's rows of one case (of one party, for parties), the
# relative weights below; wide tables (cases, documents) cost more per row.
_WEIGHT = {"cases": 3.0, "documents": 4.0, "events": 3.0, "parties": 1.5, "case_parties": 1.0}
_STATEMENT = 20.0


def _refill(table: str, select: str) -> tuple[str, str]:
    """Empty a scratch table and fill it with `select`: two statements (the tables are refilled,
    never replaced; see context._COMPACT_EVERY)."""
    return f"DELETE FROM {table}", f"INSERT INTO {table} {select}"


class ContextCopies:
    """The copy stage of ContextBuilder (see the module's docstring)."""

    def _where(self, reach: _Reach, t: str) -> str:
        """The rows of table `t` in the context (its cases, or the near ones)."""
        q = self.q
        cs = reach.case_set(t)
        if t == "parties":
            return self._in(t, "party_id", reach.party_set(t))
        if t == "appeal_results":
            return (
                f"{self._in(t, 'case_id', cs)} UNION SELECT * FROM {q(t)} "
                f"WHERE {self._in(t, 'origin_case_id', cs)}"
            )
        if t == "payments":
            by_party = reach.g.linked if t in reach.far else set()
            return (
                f"{self._in(t, 'case_id', cs)} UNION SELECT * FROM {q(t)} "
                f"WHERE {self._in(t, 'party_id', by_party)}"
            )
        return self._in(t, "case_id", cs)

    def _copy_jobs(
        self, reach: _Reach, copy: list[str], by_case: list[str]
    ) -> list[tuple[float, tuple[str, ...]]]:
        """The statements left, each (cost, SQL statements): refills of the scratch tables (see
        _COMPACT_EVERY), or top-ups of those the near cases' rows were prefetched into."""
        q, g = self.q, reach.g
        jobs: list[tuple[float, tuple[str, ...]]] = []
        for t in copy:
            if t == "parties":
                continue
            want = reach.case_set(t)
            if t in by_case and g.copied:
                missing = want - g.copied
                if missing:  # the context reaches beyond the near cases: add the other cases
                    jobs.append(
                        (
                            _STATEMENT + _WEIGHT.get(t, 1.0) * len(missing),
                            (
                                f"INSERT INTO {t} SELECT * FROM {q(t)} "
                                f"WHERE {self._in(t, 'case_id', missing)}",
                            ),
                        )
                    )
            else:
                jobs.append(
                    (
                        _STATEMENT + _WEIGHT.get(t, 1.0) * len(want),
                        _refill(t, f"SELECT * FROM {q(t)} WHERE {self._where(reach, t)}"),
                    )
                )
        return jobs

    @staticmethod
    def _focus_sql(focus: Focus | None) -> list[str]:
        if focus is None:
            return []
        c, no, court = focus.row[0], focus.row[1], focus.row[5]
        return [
            "DELETE FROM qc_focus",
            f"INSERT INTO qc_focus VALUES ({int(c)}, {sql_literal(no)}, {sql_literal(court)})",
        ]

    def _copy_split(
        self,
        reach: _Reach,
        lookups: list[str],
        jobs: list[tuple[float, tuple[str, ...]]],
        focus: Focus | None,
        readback: bool,
    ) -> None:
        """_copy for a context of many parties: fetching a party row by its index costs about
        as much as a case row and there are twice as many (at 1M, 500 parties: 50 ms CPU on a
        busy VM, the single biggest statement of a lender's context), so each cursor copies
        half of them (both append to the emptied table), with the other copies shared out
        around them; then the register lookups, keyed by what both halves read back, are
        shared out the same way. The rows copied are exactly those of _copy."""
        g = reach.g
        who = sorted(reach.party_set("parties"))
        back = " RETURNING party_id, id_number, uscc" if readback else ""
        halves = [
            f"INSERT INTO parties SELECT * FROM {self.q('parties')} "
            f"WHERE {self._in('parties', 'party_id', part)}{back}"
            for part in (who[: len(who) // 2], who[len(who) // 2 :])
        ]
        if lookups and not readback:
            jobs = jobs + [
                (_STATEMENT + len(reach.party_set(t)), self._lookup_sql(reach, t, g.keys))
                for t in lookups
            ]
        half = _STATEMENT + _WEIGHT["parties"] * len(who) / 2
        load = {"main": half, "aux": half}
        lanes: dict[str, list[str]] = {"main": [], "aux": []}
        for cost, sqls in sorted(jobs, key=lambda j: -j[0]):
            side = min(load, key=load.__getitem__)
            load[side] += cost
            lanes[side].extend(sqls)
        # Emptied before either half is appended; each half last on its cursor, so that the
        # cursor's result is what it read back.
        self._main.execute("DELETE FROM parties")
        aux = self._pool.submit(self._exec, self._aux, *lanes["aux"], halves[1])
        try:
            main = self._exec(self._main, *self._focus_sql(focus), *lanes["main"], halves[0])
            rows = main.fetchall() if readback else []
        finally:
            got = aux.result()
        if not readback:
            return
        rows += got.fetchall()
        keys = {r[0]: (r[1], r[2]) for r in rows}
        found = sorted(
            ((len(reach.party_set(t)), self._lookup_sql(reach, t, keys)) for t in lookups),
            key=lambda j: -j[0],
        )
        load = {"main": 0.0, "aux": 0.0}
        lanes = {"main": [], "aux": []}
        for cost, sqls in found:
            side = min(load, key=load.__getitem__)
            load[side] += cost
            lanes[side].extend(sqls)
        aux = self._pool.submit(self._exec, self._aux, *lanes["aux"]) if lanes["aux"] else None
        try:
            self._exec(self._main, *lanes["main"])
        finally:
            if aux is not None:
                aux.result()

    def _register_keys(
        self,
        reach: _Reach,
        party_copy: list[str],
        keyed: set[int],
        stmts: list[str],
        lane: list[str],
    ) -> list[tuple]:
        """(party_id, ID number, credit code) of the parties whose registers are looked up,
        read back from the copy where it has them, after the main cursor's other statements."""
        if party_copy and keyed <= reach.party_set("parties"):
            # Returned by the copy itself, as it is made: a statement less on the way.
            *head, insert = party_copy
            return self._exec(
                self._main, *stmts, *lane, *head,
                f"{insert} RETURNING party_id, id_number, uscc",
            ).fetchall()  # fmt: skip
        src = f"{self.q('parties')} WHERE {self._in('parties', 'party_id', keyed)}"
        return self._exec(
            self._main, *stmts, *party_copy, *lane,
            f"SELECT party_id, id_number, uscc FROM {src}",
        ).fetchall()  # fmt: skip
