"""The data quality report: completeness, validity, duplicates and standardisation counts of
party data, per court (with a monthly trend by filing month) and per intake source (with a
monthly trend by intake month).

Per court it reads the store as it is — the party rows that take part in the court's cases —
so it also covers data that arrived before governance did. Per source it reads the counts
intake kept (`intake_stats`), since a row in the store does not say how it came.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb

from courtqc.identity.normalize import id_valid_sql, uscc_valid_sql

# Per party column: which rows should have it (completeness is over those) and when a value
# is valid (SQL over the value v). Validity is judged on the canonical form intake writes.
_PARTY_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("TRUE", "length(v) >= 2"),
    "id_number": ("kind = 'natural'", id_valid_sql("v")),
    "birth_date": ("kind = 'natural'", "v BETWEEN DATE '1900-01-01' AND current_date"),
    "uscc": ("kind = 'legal'", uscc_valid_sql("v")),
    "phone": (
        "kind <> 'authority'",
        r"regexp_full_match(v, '1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-[0-9]{7,8}|[2-9][0-9]{6,7}')",
    ),
    "address": ("kind <> 'authority'", "length(v) >= 4"),
}


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()[0]  # type: ignore[index]
    )


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _court_parties(courts: Iterable[str] | None) -> tuple[str, list[Any]]:
    """SQL of (court_code, month, party row) for the party rows in each court's cases."""
    where, params = "", []
    if courts is not None:
        where, params = "WHERE c.court_code IN (SELECT unnest(?))", [sorted(courts)]
    return (
        "SELECT DISTINCT c.court_code, strftime(c.filing_date, '%Y-%m') AS month, p.* "
        "FROM case_parties cp JOIN cases c USING (case_id) JOIN parties p USING (party_id) "
        f"{where}",
        params,
    )


def _field_sql(group: str) -> str:
    parts = []
    for f, (applies, valid) in _PARTY_FIELDS.items():
        parts.append(f"count(*) FILTER (WHERE {applies}) AS {f}_expected")
        parts.append(f"count({f}) FILTER (WHERE {applies}) AS {f}_present")
        parts.append(
            f"count(*) FILTER (WHERE {applies} AND {f} IS NOT NULL AND {_sub(valid, f)}) AS {f}_valid"
        )
    return f"SELECT {group}, count(DISTINCT party_id) AS rows, " + ", ".join(parts)


def _sub(expr: str, col: str) -> str:
    import re

    return re.sub(r"\bv\b", f'"{col}"', expr)


def _shape(r: dict[str, Any]) -> dict[str, Any]:
    fields = {}
    for f in _PARTY_FIELDS:
        exp, pres, val = r.pop(f"{f}_expected"), r.pop(f"{f}_present"), r.pop(f"{f}_valid")
        fields[f] = {
            "expected": exp,
            "present": pres,
            "valid": val,
            "completeness": round(pres / exp, 4) if exp else None,
            "validity": round(val / pres, 4) if pres else None,
        }
    r["fields"] = fields
    return r


def quality_report(
    con: duckdb.DuckDBPyConnection, courts: Iterable[str] | None = None, *, sources: bool = True
) -> dict[str, Any]:
    """The report as plain data: ``courts`` limits the per-court part (None: every court);
    ``sources=False`` leaves out the per-source part, which belongs to no court."""
    courts = None if courts is None else set(courts)
    base, params = _court_parties(courts)
    fields = _field_sql("court_code")
    by_court = [
        _shape(r)
        for r in _dicts(
            con.execute(
                f"WITH cp AS ({base}), p AS (SELECT DISTINCT ON (court_code, party_id) * FROM cp) "
                f"{fields.replace('count(DISTINCT party_id)', 'count(*)')} FROM p "
                "GROUP BY court_code ORDER BY court_code",
                params,
            )
        )
    ]
    dup = {
        r["court_code"]: r
        for r in _dicts(
            con.execute(
                f"WITH cp AS ({base}), p AS (SELECT DISTINCT ON (court_code, party_id) * FROM cp) "
                "SELECT court_code, "
                "count(*) FILTER (WHERE person_key IS NOT NULL) "
                "- count(DISTINCT person_key) AS duplicate_rows_by_identity, "
                "count(id_number) - count(DISTINCT id_number) AS duplicate_rows_by_id_number, "
                "count(uscc) - count(DISTINCT uscc) AS duplicate_rows_by_uscc "
                "FROM p GROUP BY court_code",
                params,
            )
        )
    }
    std: dict[str, dict[str, dict[str, int]]] = {}
    if _has(con, "raw_values"):
        for court, col, status, n in con.execute(
            f"WITH cp AS ({base}), p AS (SELECT DISTINCT court_code, party_id FROM cp) "
            "SELECT p.court_code, r.column_name, r.status, count(*) FROM p JOIN raw_values r "
            "ON r.table_name = 'parties' AND r.row_key = CAST(p.party_id AS VARCHAR) "
            "GROUP BY ALL",
            params,
        ).fetchall():
            std.setdefault(court, {}).setdefault(col, {})[status] = n
    for r in by_court:
        d = dup.get(r["court_code"], {})
        r["duplicates"] = {k: v for k, v in d.items() if k != "court_code"}
        r["standardised"] = std.get(r["court_code"], {})

    trend_rows = _dicts(
        con.execute(
            f"WITH cp AS ({base}) "
            f"{_field_sql('court_code, month')} FROM cp WHERE month IS NOT NULL "
            "GROUP BY court_code, month ORDER BY court_code, month",
            params,
        )
    )
    trend: dict[str, list[dict[str, Any]]] = {}
    for r in trend_rows:
        court = r.pop("court_code")
        trend.setdefault(court, []).append(_shape(r))
    for r in by_court:
        r["trend"] = trend.get(r["court_code"], [])

    out: dict[str, Any] = {"courts": by_court}
    if sources:
        out["sources"] = _by_source(con)
    return out


def _by_source(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    if not _has(con, "intake_stats"):
        return []
    rows = _dicts(
        con.execute(
            "SELECT source, table_name, column_name, strftime(day, '%Y-%m') AS month, "
            "sum(seen)::BIGINT AS seen, sum(present)::BIGINT AS present, "
            "sum(changed)::BIGINT AS changed, sum(invalid)::BIGINT AS invalid, "
            "sum(partial)::BIGINT AS partial FROM intake_stats GROUP BY ALL ORDER BY ALL"
        )
    )
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        k = (r["source"], r["table_name"], r["column_name"])
        tot = out.setdefault(
            k,
            {
                "source": k[0],
                "table": k[1],
                "column": k[2],
                **dict.fromkeys(("seen", "present", "changed", "invalid", "partial"), 0),
                "trend": [],
            },
        )
        for c in ("seen", "present", "changed", "invalid", "partial"):
            tot[c] += r[c]
        tot["trend"].append(
            {c: r[c] for c in ("month", "seen", "present", "changed", "invalid", "partial")}
        )
    for tot in out.values():
        tot["completeness"] = round(tot["present"] / tot["seen"], 4) if tot["seen"] else None
        tot["validity"] = round(1 - tot["invalid"] / tot["present"], 4) if tot["present"] else None
    return list(out.values())
