"""Python operators (registered for `logic: {python: {operator: ...}}`) — for checks that need
more than SQL, such as reading the judgment text itself."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from courtqc.models.pyops import register

CIVIL_FAMILIES = ("civil", "commercial", "financial", "ip", "maritime")
# The main text (判决主文) runs from "判决如下" to the costs / appeal notice.
_MAIN_START = re.compile(r"判决如下[:：]?")
_MAIN_END = re.compile(r"案件受理费|如不服本判决|本判决为终审判决")


def main_text(judgment: str) -> str | None:
    """The main text of a judgment, or None where the text has no 判决如下."""
    m = _MAIN_START.search(judgment)
    if not m:
        return None
    end = _MAIN_END.search(judgment, m.end())
    return judgment[m.end() : end.start() if end else len(judgment)]


@register("judgment_interest_wording", reads=("documents", "cases"))
def judgment_interest_wording(
    con: duckdb.DuckDBPyConnection, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Read each civil judgment's main text and check its interest wording with
    courtqc.law.civil_procedure.check_interest_wording (late-interest clause present and citing
    the article in force on the judgment date). params.codes limits the finding codes reported
    (default: the two late-interest-clause codes)."""
    from courtqc.domain.cnnum import int_to_cn
    from courtqc.law.civil_procedure import LATE_INTEREST_ARTICLES, check_interest_wording

    default = ("late_interest_clause_missing", "late_interest_article_wrong")
    codes = set(params.get("codes") or default)
    fams = ", ".join(f"'{f}'" for f in CIVIL_FAMILIES)
    # A judgment whose text has the clause and cites the article of its date needs no closer
    # look (both codes are about that clause): SQL drops those before any text reaches Python.
    cited = " ".join(
        f"WHEN jd >= DATE '{start.isoformat()}' THEN '民事诉讼法》第{int_to_cn(article)}条'"
        for start, _, article in sorted(LATE_INTEREST_ARTICLES, reverse=True)
    )
    rows = con.execute(
        f"""WITH j AS (
                SELECT d.case_id, d.doc_id, d.text, coalesce(d.issue_date, c.closing_date) AS jd
                FROM documents d JOIN cases c ON c.case_id = d.case_id
                WHERE d.kind = 'judgment' AND c.family IN ({fams}))
            SELECT case_id, doc_id, text, jd FROM j
            WHERE jd >= DATE '2013-01-01'
              AND NOT (contains(text, '加倍支付迟延履行期间的债务利息')
                       AND contains(text, CASE {cited} END))"""
    ).fetchall()
    out: list[dict[str, Any]] = []
    for case_id, doc_id, text, jd in rows:
        body = main_text(text or "")
        if body is None:
            continue
        for f in check_interest_wording(body, jd):
            if f.code in codes:
                out.append(
                    {
                        "case_id": case_id,
                        "doc_id": doc_id,
                        "finding": f.code,
                        "detail": f.message_zh,
                        "judgment_date": jd,
                    }
                )
    return out
