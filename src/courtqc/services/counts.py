"""The 数助决策 board's counts per court: reports made, receiving bodies served, data pushed
(batches, rows), applying bodies (agencies that asked) and services given (queries answered),
with a monthly trend, for a court and each court directly below it (its subtree summed), and
the court's own records apart from its children's."""

from __future__ import annotations

import duckdb

from courtqc.services import store
from courtqc.web.visibility import CourtTree


def _per_court(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in con.execute(sql).fetchall()}


def board(con: duckdb.DuckDBPyConnection, tree: CourtTree, court: str) -> dict:
    store.ensure(con)
    pushes = _per_court(
        con,
        "SELECT court_code, count(*), coalesce(sum(row_count), 0), count(DISTINCT body_id) "
        "FROM push_batches WHERE status = 'delivered' GROUP BY 1",
    )
    queries = _per_court(
        con,
        "SELECT court_code, count(*) FILTER (WHERE outcome <> 'refused'), count(DISTINCT agency) "
        "FROM service_queries GROUP BY 1",
    )
    reps = _per_court(con, "SELECT court_code, count(*) FROM service_reports GROUP BY 1")
    bodies_by = {
        r[0]: set(r[1])
        for r in con.execute(
            "SELECT court_code, list(DISTINCT body_id) FROM push_batches WHERE status = 'delivered' GROUP BY 1"
        ).fetchall()
    }
    agencies_by = {
        r[0]: set(r[1])
        for r in con.execute(
            "SELECT court_code, list(DISTINCT agency) FROM service_queries GROUP BY 1"
        ).fetchall()
    }

    def total(code: str, own: bool = False) -> dict:
        sub = [code] if own else tree.descendants(code)
        return {
            "court_code": code,
            "court_name": tree.name.get(code, code),
            "reports": sum(reps.get(c, (0,))[0] for c in sub),
            "bodies": len(set().union(*(bodies_by.get(c, set()) for c in sub))),
            "batches": sum(pushes.get(c, (0, 0, 0))[0] for c in sub),
            "rows_pushed": int(sum(pushes.get(c, (0, 0, 0))[1] for c in sub)),
            "agencies": len(set().union(*(agencies_by.get(c, set()) for c in sub))),
            "services": sum(queries.get(c, (0, 0))[0] for c in sub),
        }

    sub = tree.descendants(court)
    ph = ", ".join("?" * len(sub))
    trend: dict[str, dict] = {}
    for sql, key in (
        (f"SELECT strftime(delivered_at, '%Y-%m'), sum(row_count) FROM push_batches WHERE status = 'delivered' AND court_code IN ({ph}) GROUP BY 1", "rows_pushed"),
        (f"SELECT strftime(asked_at, '%Y-%m'), count(*) FROM service_queries WHERE outcome <> 'refused' AND court_code IN ({ph}) GROUP BY 1", "services"),
        (f"SELECT strftime(generated_at, '%Y-%m'), count(*) FROM service_reports WHERE court_code IN ({ph}) GROUP BY 1", "reports"),
    ):  # fmt: skip
        for month, n in con.execute(sql, sub).fetchall():
            trend.setdefault(
                month, {"month": month, "rows_pushed": 0, "services": 0, "reports": 0}
            )[key] = int(n)
    by_body = con.execute(
        f"""SELECT body_id, count(*), sum(row_count), max(delivered_at) FROM push_batches
            WHERE status = 'delivered' AND court_code IN ({ph}) GROUP BY 1 ORDER BY 3 DESC""",
        sub,
    ).fetchall()
    by_agency = con.execute(
        f"""SELECT agency, scope, count(*) FROM service_queries
            WHERE outcome <> 'refused' AND court_code IN ({ph}) GROUP BY 1, 2 ORDER BY 3 DESC""",
        sub,
    ).fetchall()
    from courtqc.services.definition import bodies

    return {
        "court": total(court),
        "children": [total(c) for c in sorted(tree.children.get(court, []))],
        # The court's own records, apart from those of the courts below it (a High Court's own
        # pushes to city bodies, its own agencies' queries): shown beside its children.
        "own": total(court, own=True) if tree.children.get(court) else None,
        "trend": [trend[m] for m in sorted(trend)],
        "by_body": [
            {
                "body": b,
                "body_zh": bodies().get(b, b),
                "batches": n,
                "rows": int(r or 0),
                "last": last,
            }
            for b, n, r, last in by_body
        ],
        "by_agency": [{"agency": a, "scope": s, "queries": n} for a, s, n in by_agency],
    }
