"""人工评查: the review office's manual quality review of cases, as a workflow.

Tasks are opened from one-click review hits (alerts found in review mode), from reversed or
remanded cases not yet reviewed, or by a random sample of cases closed in a period. Per case
the reviewer records the conclusion (无差错 / 瑕疵 / 差错), the defects found by category and
the people held accountable. A finished review is also written to `quality_reviews`, the
table the reversal analysis reads, so 改发分析's share reviewed counts it. The review report
(JSON, HTML or PDF) gives the counts the report names: cases reviewed, conclusions, defects by
category, people held accountable.
"""

from __future__ import annotations

import html
import json
from typing import Any, Literal

import duckdb
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from courtqc.clock import utcnow_s
from courtqc.indicators.periods import parse_period
from courtqc.web import audit
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.queries import manual_review as Q
from courtqc.web.queries.manual_review import ensure
from courtqc.web.schemas import review_tasks as S
from courtqc.web.visibility import resolve_court

router = APIRouter(prefix="/api/manual-reviews", tags=["manual review 人工评查"])
ReviewsReadUser = allowed("reviews.read")
ReviewsRunUser = allowed("reviews.run")

CONCLUSION_ZH = {"no_error": "无差错", "flawed": "瑕疵", "error": "差错"}
# Defect categories of case-quality review (案件质量评查), as review offices group them.
DEFECT_ZH = {
    "fact": "事实认定",
    "law": "法律适用",
    "procedure": "审判程序",
    "document": "裁判文书",
    "efficiency": "审理效率",
    "enforcement": "执行行为",
    "file": "卷宗归档",
    "other": "其他",
}
SOURCE_ZH = {"hit": "一键评查命中", "reversal": "改发案件", "sample": "随机抽查"}


class OpenTasks(BaseModel):
    """Where the tasks come from: the one-click review hits given (alert ids), the reversed
    cases of the period not yet reviewed, or a sample of cases closed in the period."""

    source: Literal["hit", "reversal", "sample"]
    court: str | None = None
    period: str | None = None
    alert_ids: list[int] = Field(default_factory=list, max_length=500)
    n: int = Field(20, ge=1, le=500)


class Defect(BaseModel):
    category: Literal["fact", "law", "procedure", "document", "efficiency", "enforcement",
                      "file", "other"]  # fmt: skip
    note: str = Field("", max_length=500)


class Person(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    role: str = Field("", max_length=50)
    measure: str = Field("", max_length=200)  # 诫勉谈话, 通报批评 ...


class Record(BaseModel):
    conclusion: Literal["no_error", "flawed", "error"]
    defects: list[Defect] = Field(default_factory=list, max_length=50)
    accountable: list[Person] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=2000)


def _courts_in(request: Request, court: str) -> list[str]:
    return request.app.state.tree.descendants(court)


@router.post("/tasks", response_model=S.Opened, response_model_exclude_unset=True)
def open_tasks(
    body: OpenTasks,
    request: Request,
    p: ReviewsRunUser,
    con: Db,
) -> dict:
    """Open review tasks; a case that already has an open task gets no second one."""
    ensure(con)
    court = resolve_court(p, body.court)
    where, params = Q.in_list("c.court_code", _courts_in(request, court), "ct")
    per = parse_period(body.period or request.app.state.default_period)
    if body.source == "hit":
        if not body.alert_ids:
            raise HTTPException(422, "请选择评查命中的预警 (alert_ids required)")
        found = Q.hit_cases(con, body.alert_ids, where, params)
    elif body.source == "reversal":
        found = Q.reversed_cases(con, where, params, per.start, per.end, body.n)
    else:
        seed = utcnow_s().isoformat()
        found = Q.sampled_cases(con, where, params, per.start, per.end, body.n, seed)
    already = Q.cases_with_open_task(con)
    now = utcnow_s()
    made = []
    for case_id, court_code, alert_id in found:
        if case_id in already:
            continue
        tid = Q.open_task(con, case_id, court_code, body.source, alert_id, p.name, now)
        made.append(tid)
        already.add(case_id)
    audit.record(
        con, p, "open_manual_reviews", court,
        {"source": body.source, "tasks": made, "case_ids": [r[0] for r in found]},
        client_of(request),
    )  # fmt: skip
    return {"opened": len(made), "candidates": len(found), "task_ids": made}


def _present(request: Request, r: dict[str, Any]) -> dict[str, Any]:
    r["court_name"] = request.app.state.tree.name.get(r["court_code"], r["court_code"])
    r["source_zh"] = SOURCE_ZH.get(r["source"], r["source"])
    r["status_zh"] = {"open": "待评查", "done": "已评查"}.get(r["status"], r["status"])
    r["conclusion_zh"] = CONCLUSION_ZH.get(r["conclusion"] or "")
    for k in ("defects", "accountable"):
        r[k] = json.loads(r[k]) if isinstance(r[k], str) else (r[k] or [])
    for d in r["defects"]:
        d["category_zh"] = DEFECT_ZH.get(d.get("category", ""), d.get("category"))
    return r


@router.get("", response_model=S.Tasks, response_model_exclude_unset=True)
def list_tasks(
    request: Request,
    p: ReviewsReadUser,
    con: Db,
    court: str | None = None,
    status: str | None = Query(None, pattern="^(open|done)$"),
    page: int = Query(1, ge=1, le=1_000_000),
    size: int = Query(20, ge=1, le=200),
) -> dict:
    """Review tasks in the user's tree, open ones first, newest first."""
    ensure(con)
    c = resolve_court(p, court)
    where, params = Q.in_list("m.court_code", _courts_in(request, c), "ct")
    if status:
        where += " AND m.status = $st"
        params["st"] = status
    total = Q.count_tasks(con, where, params)
    items = Q.task_page(con, where, params, page, size)
    return {
        "total": total,
        "items": [jsonable_encoder(_present(request, r)) for r in items],
        "defect_categories": [{"key": k, "label": v} for k, v in DEFECT_ZH.items()],
        "conclusions": [{"key": k, "label": v} for k, v in CONCLUSION_ZH.items()],
    }


@router.put("/{task_id}", response_model=S.Task, response_model_exclude_unset=True)
def record(
    task_id: int,
    body: Record,
    request: Request,
    p: ReviewsRunUser,
    con: Db,
) -> dict:
    """Record (or correct) the review of one case: conclusion, defects, people accountable.
    The case's `quality_reviews` row is written too (one per task)."""
    ensure(con)
    t = Q.task_case(con, task_id)
    if t is None or t[1] not in p.courts:
        raise HTTPException(404, f"找不到评查任务 {task_id}，或您无权查看 (no such task)")
    if body.conclusion == "no_error" and body.defects:
        raise HTTPException(422, "结论为无差错时不应列出问题 (no_error with defects)")
    now = utcnow_s()
    Q.record_review(
        con, task_id, t[0], body.conclusion,
        json.dumps([d.model_dump() for d in body.defects], ensure_ascii=False),
        json.dumps([a.model_dump() for a in body.accountable], ensure_ascii=False),
        bool(body.accountable), body.note, p.name, now,
    )  # fmt: skip
    audit.record(
        con, p, "record_manual_review", str(task_id),
        {"case_ids": [t[0]], "conclusion": body.conclusion, "defects": len(body.defects),
         "accountable": len(body.accountable)},
        client_of(request),
    )  # fmt: skip
    r = Q.task(con, task_id)
    return jsonable_encoder(_present(request, r))


def report_data(
    request: Request, con: duckdb.DuckDBPyConnection, court: str, period: str | None
) -> dict[str, Any]:
    """The counts of the review report for a court's tree, over reviews finished in the period
    (all of them without one)."""
    # Reviews are dated by the clock, not by the data: without a period, every review counts.
    per = parse_period(period or "1900-01-01..2999-12-31")
    where, params = Q.in_list("m.court_code", _courts_in(request, court), "ct")
    params.update({"start": per.start, "end": per.end})
    done = [_present(request, r) for r in Q.done_between(con, where, params)]
    open_n = Q.count_open(con, where, {k: v for k, v in params.items() if k.startswith("ct")})
    by_conclusion = {k: 0 for k in CONCLUSION_ZH}
    by_defect = {k: 0 for k in DEFECT_ZH}
    by_source = {k: 0 for k in SOURCE_ZH}
    people = []
    for r in done:
        by_conclusion[r["conclusion"]] += 1
        by_source[r["source"]] = by_source.get(r["source"], 0) + 1
        for d in r["defects"]:
            by_defect[d["category"]] = by_defect.get(d["category"], 0) + 1
        for a in r["accountable"]:
            people.append({**a, "case_no": r["case_no"]})
    return {
        "court": court,
        "court_name": request.app.state.tree.name.get(court, court),
        "period": per.label if period else "全部",
        "reviewed": len(done),
        "open": open_n,
        "by_conclusion": [
            {"key": k, "label": CONCLUSION_ZH[k], "cases": v} for k, v in by_conclusion.items()
        ],
        "by_defect": [
            {"key": k, "label": DEFECT_ZH.get(k, k), "defects": v} for k, v in by_defect.items()
        ],
        "by_source": [
            {"key": k, "label": SOURCE_ZH.get(k, k), "cases": v} for k, v in by_source.items()
        ],
        "defects": sum(by_defect.values()),
        "cases_with_accountability": sum(1 for r in done if r["accountable"]),
        "people_accountable": people,
        "cases": [
            {
                k: r[k]
                for k in (
                    "task_id",
                    "case_no",
                    "court_name",
                    "judge_name",
                    "source_zh",
                    "conclusion_zh",
                    "reviewer",
                )
            }
            | {"defects": "、".join(d["category_zh"] for d in r["defects"]) or "—"}
            for r in done
        ],
    }


def _html(rep: dict[str, Any]) -> str:
    e = html.escape

    def table(head: list[str], body: list[list[Any]]) -> str:
        th = "".join(f"<th>{e(h)}</th>" for h in head)
        trs = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in body)
        return f"<table><tr>{th}</tr>{trs or '<tr><td colspan=9>—</td></tr>'}</table>"

    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>案件质量评查报告 {e(rep["court_name"])} {e(rep["period"])}</title>
<style>body{{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:2em}}
table{{border-collapse:collapse;margin:.5em 0 1.5em}}td,th{{border:1px solid #999;padding:3px 8px}}
th{{background:#eee}}</style></head><body>
<h1>案件质量评查报告</h1>
<p>{e(rep["court_name"])}（含下级法院） · 统计期间 {e(rep["period"])} · 生成于 {utcnow_s():%Y-%m-%d}</p>
<h2>总体情况</h2>
{table(["已评查案件", "待评查任务", "发现问题", "追责案件", "被追责人员"],
       [[rep["reviewed"], rep["open"], rep["defects"], rep["cases_with_accountability"],
         len(rep["people_accountable"])]])}
<h2>评查结论</h2>{table(["结论", "案件数"], [[x["label"], x["cases"]] for x in rep["by_conclusion"]])}
<h2>问题类别</h2>{table(["类别", "问题数"], [[x["label"], x["defects"]] for x in rep["by_defect"]])}
<h2>任务来源</h2>{table(["来源", "案件数"], [[x["label"], x["cases"]] for x in rep["by_source"]])}
<h2>责任追究</h2>{table(["姓名", "职务", "措施", "案号"],
    [[a["name"], a["role"], a["measure"], a["case_no"]] for a in rep["people_accountable"]])}
<h2>评查案件</h2>{table(["任务", "案号", "法院", "承办法官", "来源", "结论", "问题", "评查人"],
    [[c["task_id"], c["case_no"], c["court_name"], c["judge_name"] or "—", c["source_zh"],
      c["conclusion_zh"], c["defects"], c["reviewer"]] for c in rep["cases"]])}
</body></html>"""  # fmt: skip


@router.get(
    "/report",
    response_model=S.Report,
    response_model_exclude_unset=True,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def review_report(
    request: Request,
    p: ReviewsReadUser,
    con: Db,
    court: str | None = None,
    period: str | None = None,
    format: str = Query("json", pattern="^(json|html|pdf)$"),
) -> dict | Response:
    """The review report: cases reviewed and open, conclusions, defects by category, sources,
    people held accountable, every case — as JSON, HTML or PDF (WeasyPrint)."""
    ensure(con)
    c = resolve_court(p, court)
    try:
        rep = report_data(request, con, c, period)
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    if format == "json":
        return jsonable_encoder(rep)
    page = _html(rep)
    if format == "html":
        return HTMLResponse(page)
    from weasyprint import HTML

    return Response(
        HTML(string=page).write_pdf(),
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="review_report.pdf"'},
    )
