"""The extractor's legal checks as a Python operator (`extract_checks`) for scenario models:
the same code in node, review and backtest mode.

Listed in `courtqc.models.pyops.BUILTIN_MODULES`, so the operator exists whatever was imported
first (it used to be registered as a side effect of importing courtqc.extract.store).
"""

from __future__ import annotations

from typing import Any

from courtqc.extract.checks import ex_text, finding_codes, run_checks
from courtqc.extract.document import extract
from courtqc.extract.text import ExtractInputError
from courtqc.models.pyops import register


@register("extract_checks", reads=("documents", "cases"))
def extract_checks(con: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Extract every document and run the four checks. params.codes limits the finding codes
    (default: all); rows: case_id, doc_id, finding, subject, detail."""
    codes = set(params.get("codes") or finding_codes())
    rows = con.execute("SELECT doc_id, case_id, text FROM documents ORDER BY doc_id").fetchall()
    out: list[dict[str, Any]] = []
    for doc_id, case_id, text in rows:
        try:
            ex = extract(text or "")
        except ExtractInputError:
            continue
        for r in run_checks(ex, ex_text(text)):
            if r.finding.code in codes:
                out.append(
                    {
                        "case_id": case_id,
                        "doc_id": doc_id,
                        "alert_key": r.subject,
                        "finding": r.finding.code,
                        "subject": r.subject,
                        "detail": r.finding.message_zh,
                    }
                )
    return out
