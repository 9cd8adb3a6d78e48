"""Rows in the simulated CMS's layout (mappings/simcms.yaml), for event payloads in tests.

Each builder fills every column the mapping reads, so a test names only what it is about.
"""

from __future__ import annotations

from typing import Any

FYDM = {"沪": "2700", "沪01": "2710", "沪03": "2730", "沪0104": "2804", "沪0115": "2815"}


def cms_case_no(case_no: str) -> str:
    """The CMS writes (2025)…; the canonical form is （2025）…."""
    return case_no.replace("（", "(").replace("）", ")")


def ajxx(case_id: int, case_no: str, node: str = "0101", **kw: Any) -> dict[str, Any]:
    row = {"ajbs": case_id, "ah": cms_case_no(case_no), "fydm": "2815", "ajlb": "2", "spcx": "1",
           "sycx": "2", "aydm": "103(3)", "aymc": "民间借贷纠纷", "aybb": "2020", "larq": "20250301",
           "jarq": None, "jafs": None, "ajzt": "1", "lcjd": node, "cbbm": None, "cbr": None,
           "bdje": "50000.00", "yajbs": None, "glgx": None, "ycts": 0, "kcts": 0}  # fmt: skip
    return {**row, **kw}


def dsr(party_id: int, case_id: int, name: str = "某甲", **kw: Any) -> dict[str, Any]:
    row = {"dsrbs": party_id, "ajbs": case_id, "ssdw": "02", "xh": 1, "dsrlx": "1", "mc": name,
           "zjlx": None, "zjhm": None, "xb": None, "csrq": None, "mz": None, "dz": None,
           "lxdh": None, "fddbr": None}  # fmt: skip
    return {**row, **kw}


def ws(doc_id: int, case_id: int, **kw: Any) -> dict[str, Any]:
    row = {"wsbs": doc_id, "ajbs": case_id, "wslx": "01", "wsmc": "民事判决书",
           "wsnr": "本院认为……", "qfrq": "20250301"}  # fmt: skip
    return {**row, **kw}


def fy(court: str, parent: str | None, **kw: Any) -> dict[str, Any]:
    row = {"fydm": FYDM[court], "fymc": "某法院", "fyjb": "4", "fylx": "1",
           "sjfydm": FYDM[parent] if parent else None, "xzqmc": None, "xzqhdm": None}  # fmt: skip
    return {**row, **kw}


def lcjl(event_id: int, case_id: int, node: str = "0103", **kw: Any) -> dict[str, Any]:
    row = {"jlbs": event_id, "ajbs": case_id, "jddm": node, "fssj": "2025-03-02T10:00:00",
           "czr": None, "bz": None}  # fmt: skip
    return {**row, **kw}


def ajk(payment_id: int, case_id: int, party_id: int, **kw: Any) -> dict[str, Any]:
    row = {"kxbs": payment_id, "ajbs": case_id, "sffx": "1", "dsrbs": party_id,
           "je": "100.00", "rq": "2025-03-02"}  # fmt: skip
    return {**row, **kw}


def dlr(agent_id: int, case_id: int, party_id: int, **kw: Any) -> dict[str, Any]:
    row = {"dlrbs": agent_id, "ajbs": case_id, "dsrbs": party_id, "lsbs": None, "xm": "某律师",
           "dllx": "1"}  # fmt: skip
    return {**row, **kw}


def ry(judge_id: int, court: str, **kw: Any) -> dict[str, Any]:
    row = {"rybs": judge_id, "fydm": FYDM[court], "bmbs": None, "xm": "某法官", "zw": "1",
           "sfzz": "1"}  # fmt: skip
    return {**row, **kw}


def bm(dept_id: int, court: str, **kw: Any) -> dict[str, Any]:
    row = {"bmbs": dept_id, "fydm": FYDM[court], "bmmc": "民事审判庭", "bmlx": "03"}
    return {**row, **kw}


def event(case_no: str, rows: dict[str, list[dict[str, Any]]] | None = None, *,
          node: str = "0101", occurred_at: str | None = "2025-03-01T09:30:00",
          **kw: Any) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"case_no": case_no, "node": node, "case": rows or {}}
    if occurred_at is not None:
        out["occurred_at"] = occurred_at
    return {**out, **kw}
