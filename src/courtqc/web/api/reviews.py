"""One-click quality reviews (一键评查) with their history, and node checks (节点检查): the CMS
(or a judge) asks for the models bound to a workflow node to run on one case."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from courtqc.domain.nodes import NODES
from courtqc.engine.node import NodeChecker
from courtqc.engine.review import review, select_models
from courtqc.engine.scoped import DataScope
from courtqc.models.lifecycle import effective_states
from courtqc.web import audit, modelscope
from courtqc.web.api.cases import find_case
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.masking import mask_record, mask_text
from courtqc.web.queries import reviews as Q
from courtqc.web.schemas import models as S
from courtqc.web.security import now
from courtqc.web.visibility import Principal

router = APIRouter(tags=["reviews 评查"])
CheckRunUser = allowed("check.run")
ReviewsReadUser = allowed("reviews.read")
ReviewsRunUser = allowed("reviews.run")


class ReviewIn(BaseModel):
    court: str | None = None  # default: the user's court (with the courts below it)
    model_ids: list[str] | None = None  # default: every model whose state runs in review
    since: dt.date | None = None
    wait: bool = False  # answer when done (API clients); the UI polls instead


def _run_batch(
    app: Any,
    review_id: int,
    courts: list[str],
    ids: list[str] | None,
    since: dt.date | None,
    scope: DataScope,
) -> None:
    store = app.state.store
    with store.cursor() as con:
        try:
            models = app.state.registry.all(con)
            res = review(
                con, models, model_ids=ids, courts=courts, since=since, save=True,
                data_scope=scope,
            )  # fmt: skip
            summary = res.summary()
            Q.finish_batch(
                con, review_id, now(), len(res.runs), sum(s["hits"] for s in summary),
                res.new_alerts, summary,
            )  # fmt: skip
        except Exception as e:  # recorded for the history, never lost in a thread
            Q.fail_batch(con, review_id, now(), f"{type(e).__name__}: {e}")


@router.post("/api/reviews", response_model=S.ReviewBatch, response_model_exclude_unset=True)
def start_review(
    body: ReviewIn,
    request: Request,
    p: ReviewsRunUser,
    con: Db,
) -> dict:
    """Start a review of the court (and the courts below it) with the chosen models, storing
    their alerts (a rerun never duplicates one). Returns the batch; poll GET /api/reviews/{id}.
    The models read only that court's tree, masked (courtqc.web.modelscope), each within its
    time budget; a workshop model without a declared budget is refused (422)."""
    court = body.court or p.court_code
    if court not in p.courts:
        raise HTTPException(403, f"无权评查法院 {court} (court outside your tree)")
    registry = request.app.state.registry
    models = registry.all(con)
    try:
        chosen = select_models(models, body.model_ids, effective_states(con, models), "review")
    except KeyError as e:
        raise HTTPException(404, str(e.args[0])) from None
    modelscope.require_budgets(chosen, registry.extra)
    tree = request.app.state.tree
    courts = tree.descendants(court)
    scope = modelscope.data_scope(p, tree, court)
    review_id = Q.start_batch(con, p.name, court, body.model_ids, body.since, now())
    audit.record(
        con,
        p,
        "review_run",
        court,
        {
            "review_id": review_id,
            "models": {m.id: m.version for m in chosen},
            "scope": scope.describe(),
        },
        client_of(request),
    )
    args = (request.app, review_id, courts, body.model_ids, body.since, scope)
    if body.wait:
        _run_batch(*args)
    else:
        threading.Thread(
            target=_run_batch, args=args, name=f"review-{review_id}", daemon=True
        ).start()
    return _with_scope(request, p, Q.batch(con, review_id) or {})


def _with_scope(request: Request, p: Principal, b: dict[str, Any]) -> dict[str, Any]:
    """The batch with what its models could read, for the UI to say (Chinese). Masked: every
    role that may start a review sees masked data (whoever reads the batch now)."""
    if b.get("court_code"):
        tree = request.app.state.tree
        scope = replace(modelscope.data_scope(p, tree, b["court_code"]), masked=True)
        b["scope"] = modelscope.scope_info(scope, tree, b["court_code"])
    return b


@router.get("/api/reviews", response_model=S.Reviews, response_model_exclude_unset=True)
def review_history(
    request: Request,
    p: ReviewsReadUser,
    con: Db,
    limit: int = Query(50, ge=1, le=500),
) -> dict:
    """Past reviews over the user's courts or a court above them (a city-wide run covered theirs),
    newest first; hits counted over what the user may see."""
    items = Q.history(con, p, request.app.state.tree, limit)
    return {"items": items}


@router.get(
    "/api/reviews/{review_id}", response_model=S.ReviewBatch, response_model_exclude_unset=True
)
def review_detail(
    review_id: int,
    request: Request,
    p: ReviewsReadUser,
    con: Db,
) -> dict:
    tree = request.app.state.tree
    b = Q.batch(con, review_id)
    if b is None or b["court_code"] not in Q.covering_courts(p, tree):
        raise HTTPException(404, f"找不到评查批次 {review_id} (no such review, or not yours)")
    b = Q.visible_figures(con, p, tree, b)
    return _with_scope(request, p, b) if b["court_code"] in p.courts else b


class CheckIn(BaseModel):
    case: str = Field(description="案号 or case_id")
    node: str


@router.post("/api/check", response_model=S.NodeCheck, response_model_exclude_unset=True)
def node_check(
    body: CheckIn,
    request: Request,
    p: CheckRunUser,
    con: Db,
) -> dict:
    """Node mode: run every live (and shadow) model bound to the node on one case, now. Live
    models' alerts are pushed (stored as pushed); shadow ones recorded only."""
    if body.node not in NODES:
        raise HTTPException(422, f"未知节点 {body.node!r} (unknown node); 可用: {', '.join(NODES)}")
    c = find_case(con, p, body.case)
    if p.role in ("judge", "division_head") and not p.owns_case(
        c["presiding_judge_id"], c["dept_id"]
    ):
        raise HTTPException(403, "只能检查分配给您的案件 (you may check only your own cases)")
    app = request.app
    with app.state.store.lock:
        reg = app.state.registry
        checker, generation = app.state.checker
        if checker is None or generation != reg.generation:
            if checker is not None:
                checker.close()
            checker = NodeChecker(app.state.store.con, reg.all(con))
            app.state.checker = (checker, reg.generation)
        res = checker.check(c["case_id"], body.node).to_dict()
    if not p.unmasked_for(c["presiding_judge_id"], c["dept_id"]):
        for key in ("alerts", "shadow_alerts"):
            for a in res[key]:
                a["message"] = mask_text(a["message"])
                a["evidence"] = [mask_record(e) for e in a["evidence"]]
    audit.record(
        con,
        p,
        "node_check",
        c["case_no"],
        {"node": body.node, "alerts": len(res["alerts"]), "shadow": len(res["shadow_alerts"])},
        client_of(request),
    )
    return res
