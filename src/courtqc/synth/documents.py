"""Render the synthetic court's closing documents (judgments, rulings, mediation documents).

Early version: writes a short document (court, title, case number, parties, date) for every
closed case; the full layouts follow.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

_CN_DIGITS = "〇一二三四五六七八九"


def _cn_date(d) -> str:  # replaced by courtqc.domain.cnnum.format_cn_date once it lands
    y = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    m, day = d.month, d.day

    def n(v: int) -> str:
        if v < 10:
            return _CN_DIGITS[v]
        t, u = divmod(v, 10)
        return ("" if t == 1 else _CN_DIGITS[t]) + "十" + (_CN_DIGITS[u] if u else "")

    return f"{y}年{n(m)}月{n(day)}日"


def render_documents(con: duckdb.DuckDBPyConnection, seed: int, progress: bool = True) -> int:
    """Write one `documents` row per closed case that has a closing document; return the count."""
    rows = con.execute(
        """
        SELECT c.case_id, c.case_no, c.family, c.closing_method, c.closing_date, ct.name,
               string_agg(p.name, '、' ORDER BY cp.role, cp.seq) AS names
        FROM cases c JOIN courts ct USING (court_code)
        LEFT JOIN case_parties cp USING (case_id) LEFT JOIN parties p USING (party_id)
        WHERE c.status = 'closed' AND c.closing_date IS NOT NULL
        GROUP BY ALL ORDER BY c.case_id
        """
    ).fetchall()
    ids, kinds, titles, texts, dates = [], [], [], [], []
    for case_id, case_no, family, method, closing, court, names in rows:
        fam = {"criminal": "刑事", "administrative": "行政"}.get(family, "民事")
        if family == "enforcement":
            fam = "执行"
        kind = "mediation" if method == "mediation" else (
            "judgment" if method in ("judgment", "modified") else "ruling"
        )
        title = fam + {"judgment": "判决书", "ruling": "裁定书", "mediation": "调解书"}[kind]
        ids.append(case_id)
        kinds.append(kind)
        titles.append(title)
        texts.append(f"{court}\n{title}\n{case_no}\n{names or ''}\n{_cn_date(closing)}")
        dates.append(closing)
    start = con.execute("SELECT coalesce(max(doc_id), 0) FROM documents").fetchall()[0][0]
    tbl = pa.table(
        {
            "doc_id": pa.array(range(start + 1, start + 1 + len(ids)), pa.int64()),
            "case_id": pa.array(ids, pa.int64()),
            "kind": kinds,
            "title": titles,
            "text": texts,
            "issue_date": pa.array(dates, pa.date32()),
        }
    )
    con.register("_docs_batch", tbl)
    con.execute("INSERT INTO documents SELECT * FROM _docs_batch")
    con.unregister("_docs_batch")
    return len(ids)
