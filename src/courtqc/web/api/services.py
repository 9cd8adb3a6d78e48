"""数助决策 services over HTTP: the board's counts, the push delivery log with re-send, thematic
reports, and the query ports for outside bodies (agency keys), plus the public check of a
letter's verification code.

Court staff (services.read / services.push) see only their court tree's batches, reports and
counts. An agency key (services.query) reaches only the two query endpoints of the scopes it
holds, within its rate limit, with a stated purpose; each query is audited before its answer
leaves. The push and report scheduler (courtqc.services.scheduler) starts with the server.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import duckdb
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from courtqc.errors import NotFound
from courtqc.services import (
    agency,
    counts,
    enterprise,
    letters,
    minors,
    push,
    pushmodel,
    reports,
    store,
)
from courtqc.services.definition import MASK_ZH
from courtqc.services.groupcommit import GroupCommit
from courtqc.web import audit
from courtqc.web.deps import allowed, client_of, db
from courtqc.web.queries import services as Q
from courtqc.web.schemas import services as S
from courtqc.web.visibility import Principal, resolve_court


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the push and report schedule with the server; stop it with the server."""
    from courtqc.services import scheduler

    with app.state.store.cursor() as con:
        _prepare(con)
    app.state.services_ready = True
    app.state.services_scheduler = scheduler.start(app.state.store)
    app.state.services_limiter = agency.RateLimiter()
    app.state.services_group_commit = GroupCommit(app.state.store)
    try:
        yield
    finally:
        app.state.services_scheduler.shutdown(wait=False)


router = APIRouter(prefix="/api/services", tags=["services 数助决策"], lifespan=lifespan)
ServicesPushUser = allowed("services.push")
ServicesQueryUser = allowed("services.query")
ServicesReadUser = allowed("services.read")


def _limiter(request: Request) -> agency.RateLimiter:
    lim = getattr(request.app.state, "services_limiter", None)
    if lim is None:  # an app used without its lifespan (tests' clients)
        lim = request.app.state.services_limiter = agency.RateLimiter()
    return lim


def _group_commit(request: Request) -> GroupCommit:
    g = getattr(request.app.state, "services_group_commit", None)
    if g is None:
        g = request.app.state.services_group_commit = GroupCommit(request.app.state.store)
    return g


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    """The services' tables, and the look-up indexes the query ports probe (the same ones node
    mode makes: parties by ID number and credit code, case_parties by party, ...)."""
    from courtqc.engine.context import ensure_indexes

    store.ensure(con)
    with contextlib.suppress(duckdb.Error):  # a read-only store: the queries scan instead
        ensure_indexes(con)


async def _ensured(
    request: Request, con: duckdb.DuckDBPyConnection = Depends(db)
) -> duckdb.DuckDBPyConnection:
    """The request's cursor, the services' tables made once per app (not per request: the
    DDL would cost more than a query). Async, so that a request does not go through the
    thread pool once more for a flag (the DDL, once, runs in the pool)."""
    if not getattr(request.app.state, "services_ready", False):
        await run_in_threadpool(_prepare, con)
        request.app.state.services_ready = True
    return con


# ---------------------------------------------------------------- the board


@router.get("/board", response_model=S.Board, response_model_exclude_unset=True)
def board(
    request: Request,
    p: ServicesReadUser,
    court: str | None = None,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    """Per court: reports, receiving bodies, data pushed, applying bodies, services given; the
    court's monthly trend; pushes by body and queries by agency."""
    code = resolve_court(p, court)
    return counts.board(con, request.app.state.tree, code)


@router.get("/pushes", response_model=S.Pushes, response_model_exclude_unset=True)
def pushes(
    request: Request,
    p: ServicesReadUser,
    court: str | None = None,
    limit: int = Query(50, ge=1, le=500),
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    """The push models (body, schedule, fields and masks, basis) and the delivery log."""
    code = resolve_court(p, court)
    tree = frozenset(request.app.state.tree.descendants(code))
    models = [
        {
            "id": m.id, "title": m.spec.title.zh, "title_en": m.spec.title.en,
            "body": m.spec.body, "body_zh": m.spec.body_zh,
            "court": m.spec.court, "cron": m.spec.schedule.cron, "legal_basis": m.spec.legal_basis,
            "fields": [{"name": f.name, "mask": f.mask, "mask_zh": MASK_ZH[f.mask],
                        "unmasked_basis": f.unmasked_basis} for f in m.spec.fields],
            "receiver": (r.channel if (r := push.receiver(con, m.spec.body)) else None),
        }
        for m in pushmodel.builtin()
    ]  # fmt: skip
    s = push.status(con, limit=limit, court=tree)
    return {"models": models, "per_model": s["models"], "batches": s["batches"]}


def _own_batch(con: duckdb.DuckDBPyConnection, p: Principal, batch_id: str) -> None:
    court = Q.push_batch_court(con, batch_id)
    if court is None or court not in p.courts:
        raise NotFound(f"没有推送批次 {batch_id} (no such batch)")


@router.get(
    "/batches/{batch_id}/deliveries",
    response_model=list[S.Delivery],
    response_model_exclude_unset=True,
)
def batch_deliveries(
    batch_id: str,
    p: ServicesReadUser,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> list[dict]:
    _own_batch(con, p, batch_id)
    return push.deliveries(con, batch_id)


@router.post(
    "/batches/{batch_id}/resend", response_model=S.Resent, response_model_exclude_unset=True
)
def resend(
    batch_id: str,
    request: Request,
    p: ServicesPushUser,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    """Send a batch again, as it was (same id and rows, marked as a re-send)."""
    _own_batch(con, p, batch_id)
    audit.record(con, p, "push_resend", batch_id, None, client_of(request))
    with request.app.state.store.lock:
        o = push.resend(con, batch_id, by=p.name, policy=push.RetryPolicy(attempts=2, base_s=0.5))
    return {"ok": o.ok, "receipt": o.receipt, "error": o.error, "http_status": o.http_status}


@router.get("/reports", response_model=S.Reports, response_model_exclude_unset=True)
def report_list(
    request: Request,
    p: ServicesReadUser,
    court: str | None = None,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    code = resolve_court(p, court)
    rows = reports.listing(con, frozenset(request.app.state.tree.descendants(code)))
    return {
        "topics": [{"id": t.id, "zh": t.zh, "cron": t.schedule} for t in reports.TOPICS.values()],
        "reports": rows,
    }


class ReportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic: str
    court: str | None = None
    period: str


@router.post("/reports", response_model=S.ReportMade, response_model_exclude_unset=True)
def report_make(
    body: ReportRequest,
    request: Request,
    p: ServicesReadUser,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    code = resolve_court(p, body.court)
    audit.record(
        con,
        p,
        "report_make",
        body.topic,
        {"court": code, "period": body.period},
        client_of(request),
    )
    r = reports.build(con, body.topic, code, body.period, by=p.name)
    return {"report_id": r.report_id, "title": r.title, "figures": r.summary["figures"]}


@router.get(
    "/reports/{report_id}",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def report_get(
    report_id: str,
    p: ServicesReadUser,
    format: str = Query("html", pattern="^(html|pdf)$"),
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> Response:
    court, text = reports.get(con, report_id)
    if court not in p.courts:
        raise NotFound(f"没有报告 {report_id} (no such report)")
    if format == "pdf":
        return Response(letters.pdf(text), media_type="application/pdf")
    return HTMLResponse(text)


# ---------------------------------------------------------------- queries for outside bodies


class MinorsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=50)
    id_number: str = Field(min_length=15, max_length=25)
    purpose: str = Field(
        min_length=2, max_length=200, description="查询目的，如“拟聘用教师入职查询”"
    )


class EnterpriseQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uscc: str = Field(min_length=18, max_length=25)
    purpose: str = Field(min_length=2, max_length=200, description="查询目的，如“小微企业贷款审查”")
    consent_token: str | None = Field(None, max_length=500)
    letter: bool = False


def _agency(p: Principal, con: duckdb.DuckDBPyConnection) -> agency.Agency:
    """The agency behind the key the principal was made from (already checked live: not
    revoked, not expired, its court known)."""
    return agency.of_key(con, p.name.removeprefix("key:"), p.court_code)


def _record(
    request: Request,
    p: Principal,
    a: agency.Agency,
    scope: str,
    purpose: str,
    outcome: str,
    detail: dict,
    letter_code: str | None = None,
) -> None:
    """The query in service_queries and in the audit log, in one commit: both or neither,
    committed with the records of the queries answered at the same time (group commit: one sync
    of the store's log for all of them, services/groupcommit.py); returns once it is written."""
    client = client_of(request)

    def write(c: duckdb.DuckDBPyConnection) -> None:
        agency.log_query(c, a, scope, purpose, outcome, letter_code)
        audit.record(c, p, "service_query", scope, detail, client)

    _group_commit(request).write(write)


@router.post("/query/minors-bar", response_model=S.QueryAnswer, response_model_exclude_unset=True)
def query_minors(
    q: MinorsQuery,
    request: Request,
    p: ServicesQueryUser,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    """教育机构涉未成年人从业禁止查询: name and ID number in; barred / not barred / unknown out,
    with the basis."""
    a = _agency(p, con)
    agency.authorise(a, "minors_bar", q.purpose, _limiter(request))
    ans = minors.query(con, q.name, q.id_number, p.courts, teacher_rule=a.kind == "education",
                       court_names=request.app.state.tree.name)  # fmt: skip
    _record(request, p, a, "minors_bar", q.purpose, ans.answer,
            {"purpose": q.purpose, "answer": ans.answer, "id_tail": q.id_number[-4:]})  # fmt: skip
    return ans.to_dict()


@router.post(
    "/query/enterprise", response_model=S.EnterpriseAnswer, response_model_exclude_unset=True
)
def query_enterprise(
    q: EnterpriseQuery,
    request: Request,
    p: ServicesQueryUser,
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> dict:
    """小微企业涉诉信息查询: a credit code in, the litigation summary out; with `letter`, the
    企业涉诉信息说明函 too (its verification code and where to fetch it)."""
    a = _agency(p, con)
    agency.authorise(a, "enterprise_litigation", q.purpose, _limiter(request))
    code = enterprise.checked_uscc(q.uscc)
    if a.consent_required:
        enterprise.check_consent(con, q.consent_token, code, a.key_id)
    s = enterprise.summary(con, code, p.courts, request.app.state.tree.name)
    letter_code = None
    if q.letter:
        tree = request.app.state.tree
        letter_code, _ = letters.issue(
            con, s, court_code=a.court_code, court_name=tree.name.get(a.court_code, a.court_code),
            issued_to=a.agency,
        )  # fmt: skip
    _record(request, p, a, "enterprise_litigation", q.purpose, "summary",
            {"purpose": q.purpose, "uscc": code, "letter": letter_code}, letter_code)  # fmt: skip
    out = {"summary": s}
    if letter_code:
        out["letter"] = {
            "code": letter_code,
            "html": f"/api/services/query/letters/{letter_code}",
            "pdf": f"/api/services/query/letters/{letter_code}?format=pdf",
            "verify": f"/api/services/letters/{letter_code}",
        }
    return out


@router.get(
    "/query/letters/{code}",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def letter_get(
    code: str,
    p: ServicesQueryUser,
    format: str = Query("html", pattern="^(html|pdf)$"),
    con: duckdb.DuckDBPyConnection = Depends(_ensured),
) -> Response:
    """The letter issued to this agency, as HTML or PDF."""
    a = _agency(p, con)
    issued_to = Q.letter_recipient(con, code.strip().upper())
    if issued_to is None or issued_to != a.agency:
        raise NotFound("验证码不存在 (no letter with this verification code)")
    text = letters.html_of(con, code)
    if format == "pdf":
        return Response(letters.pdf(text), media_type="application/pdf")
    return HTMLResponse(text)


@router.get("/letters/{code}", response_model=S.LetterCheck, response_model_exclude_unset=True)
def letter_verify(code: str, con: duckdb.DuckDBPyConnection = Depends(_ensured)) -> dict:
    """Public: is this verification code a real letter, for which enterprise, issued when."""
    return letters.verify(con, code)
