"""要素式审理提纲 at the workflow nodes (issue 18 item 4): the Python operator behind the built-in
model `element_trial_outline`, bound to 排期, 证据交换 and 开庭. A pending case of the seven
element-trial types standing at one of those nodes, whose complaint is stored, gets a push in
the 数助办案 inbox: how many elements are contested, missing and admitted, the contested ones
named. The outline itself is `GET /api/elements/cases/{案号}` and the board's 要素式审判 tab.

Listed in `courtqc.models.pyops.BUILTIN_MODULES`, so the operator exists in every mode (node,
review, backtest) whatever was imported first; it reads only `cases` and `documents` (node
mode copies the case's rows of both).
"""

from __future__ import annotations

from typing import Any

from courtqc.elements.analyse import analyse
from courtqc.elements.catalogue import catalogue
from courtqc.models.pyops import register

#: the pre-hearing (排期, 证据交换) and hearing (开庭) nodes
NODES = ("scheduling", "evidence_exchange", "hearing")


@register("element_outline", reads=("cases", "documents"))
def element_outline(con: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per pending case at `params.nodes` (default NODES) with a stored complaint and
    a cause the catalogue knows: case_id, case_type_zh, contested, missing, admitted (counts)
    and contested_names."""
    nodes = list(params.get("nodes") or NODES)
    marks = ", ".join("?" * len(nodes))
    rows = con.execute(
        "SELECT c.case_id, c.cause_name, d.kind, d.text FROM cases c "
        "JOIN documents d ON d.case_id = c.case_id "
        f"WHERE c.status = 'pending' AND c.current_node IN ({marks}) "
        "AND d.kind IN ('complaint', 'defence', 'evidence_list') "
        "ORDER BY c.case_id, d.issue_date NULLS FIRST, d.doc_id",
        nodes,
    ).fetchall()
    cases: dict[int, tuple[str | None, dict[str, str]]] = {}
    for case_id, cause, kind, text in rows:
        cases.setdefault(case_id, (cause, {}))[1][kind] = text  # the latest of each kind
    cat = catalogue()
    out: list[dict[str, Any]] = []
    for case_id, (cause, docs) in cases.items():
        ct = cat.find(cause or "")
        if ct is None or not docs.get("complaint"):
            continue
        r = analyse(
            docs["complaint"], docs.get("defence"), docs.get("evidence_list"), case_type=ct.id
        )
        n = r.counts()
        contested = [e.zh for e in r.elements if e.status == "contested"]
        out.append(
            {
                "case_id": case_id,
                "case_type_zh": r.case_type_zh,
                "contested": n["contested"],
                "missing": n["missing"],
                "admitted": n["admitted"],
                "contested_names": "、".join(contested) if contested else "无",
            }
        )
    return out
