"""Alerts: the inbox (scoped by court tree and, for judges, by assignment), one alert with its
evidence, one-click feedback, and push / feedback / helpful-rate statistics."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from courtqc.domain.nodes import NODES
from courtqc.engine import store
from courtqc.models.definition import CATEGORY_ZH
from courtqc.web import audit
from courtqc.web.api.common import label_alert, page_args
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.masking import mask_record, mask_text
from courtqc.web.queries import alerts as Q
from courtqc.web.schemas import alerts as S
from courtqc.web.visibility import Principal

router = APIRouter(prefix="/api/alerts", tags=["alerts 预警"])
AlertsFeedbackUser = allowed("alerts.feedback")
AlertsReadUser = allowed("alerts.read")


def scoped_where(
    request: Request, p: Principal, court: str | None = None, **filters: Any
) -> tuple[str, dict[str, Any]]:
    """WHERE over `a` (alerts) joined with `c` (cases) and `fb`: the principal's scope plus
    the filters given (None means no filter)."""
    sub = None
    if court:
        if court not in p.courts:
            raise HTTPException(403, f"无权查看法院 {court} 的预警 (court outside your tree)")
        sub = request.app.state.tree.descendants(court)
    return Q.alert_filter(p, sub, **filters)


def present(
    p: Principal,
    a: dict[str, Any],
    titles: dict[str, str],
    titles_en: dict[str, str] | None = None,
) -> dict[str, Any]:
    label_alert(a)
    a["model_title"] = titles.get(a["model_id"], a["model_id"])
    a["model_title_en"] = (titles_en or {}).get(a["model_id"])
    if not p.unmasked_for(a.get("presiding_judge_id"), a.get("dept_id")):
        a["message"] = mask_text(a["message"])
        a["evidence"] = [mask_record(e) for e in a["evidence"]]
        a["masked"] = True
    else:
        a["masked"] = False
    return a


def titles(request: Request, con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {m.id: m.model.title.zh for m in request.app.state.registry.all(con)}


def titles_en(request: Request, con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The English titles the YAML gives (None where it gives none), for the EN locale."""
    return {m.id: m.model.title.en for m in request.app.state.registry.all(con) if m.model.title.en}


def version_info(
    con: duckdb.DuckDBPyConnection, model_id: str, version: str, current: Any
) -> dict[str, Any]:
    """What a person recognises a model version by, instead of its hash: the label (v2-1a2b3c4d),
    its place in the model's lifecycle (the Nth version recorded) and the date it was first
    recorded (model_states)."""
    seen = con.execute(
        """SELECT model_version, min(changed_at) AS since, arg_min(definition, changed_at)
           FROM model_states WHERE model_id = ? GROUP BY model_version ORDER BY since""",
        [model_id],
    ).fetchall()
    out: dict[str, Any] = {"hash": version, "label": None, "lifecycle_no": None, "since": None}
    for n, (v, since, definition) in enumerate(seen, start=1):
        if v == version:
            d = json.loads(definition) if isinstance(definition, str) else definition or {}
            if d.get("version") is not None:
                out["label"] = f"v{d['version']}-{version[:8]}"
            out["lifecycle_no"], out["since"] = n, since
    if current is not None and current.model.logic_hash == version:
        out["label"] = current.model.version_label
    return out


@router.get("", response_model=S.AlertPage, response_model_exclude_unset=True)
def list_alerts(
    request: Request,
    p: AlertsReadUser,
    con: Db,
    status: str | None = None,
    model_id: str | None = None,
    category: str | None = None,
    node: str | None = None,
    mode: str | None = Query(None, pattern="^(node|review|backtest)$"),
    pushed: bool | None = None,
    case_no: str | None = None,
    severity: str | None = None,
    court: str | None = None,
    feedback: str | None = Query(None, pattern="^(none|helpful|unhelpful)$"),
    since: dt.date | None = Query(None, description="raised on or after this day"),
    until: dt.date | None = Query(None, description="raised on or before this day"),
    page: int = 1,
    size: int = 20,
) -> dict:
    """The alerts the user may see, newest first — a judge's inbox holds only the alerts of
    cases assigned to them."""
    limit, offset = page_args(page, size)
    where, params = scoped_where(
        request,
        p,
        court,
        status=status,
        model_id=model_id,
        category=category,
        node=node,
        mode=mode,
        pushed=pushed,
        case_no=case_no,
        severity=severity,
        feedback=feedback,
        since=since,
        until=until,
    )
    total = Q.count_alerts(con, where, params)
    items = Q.alert_page(con, where, params, limit, offset)
    t, t_en = titles(request, con), titles_en(request, con)
    items = [present(p, a, t, t_en) for a in items]
    audit.record(
        con,
        p,
        "read_alerts",
        None,
        {
            "filters": {"status": status, "model_id": model_id, "court": court, "node": node},
            "total": total,
            "case_ids": sorted({a["case_id"] for a in items}),
        },
        client_of(request),
    )
    return {"total": total, "page": page, "size": size, "items": items}


def _visible_alert(
    request: Request, p: Principal, con: duckdb.DuckDBPyConnection, alert_id: int
) -> dict[str, Any]:
    where, params = scoped_where(request, p)
    a = Q.alert_by_id(con, alert_id, where, params)
    if a is None:
        raise HTTPException(
            404, f"找不到预警 {alert_id}，或您无权查看 (no such alert, or not yours)"
        )
    return a


@router.get("/stats", response_model=S.AlertStats, response_model_exclude_unset=True)
def alert_stats(
    request: Request,
    p: AlertsReadUser,
    con: Db,
    by: str = Query("model", pattern="^(model|category|court|node|judge)$"),
    court: str | None = None,
    mode: str | None = Query(None, pattern="^(node|review|backtest)$"),
) -> dict:
    """Per model, category, court, node or judge: alerts, pushed, with feedback, helpful and the
    helpful rate (helpful / with feedback; an alert's latest feedback counts) — in scope."""
    return {"by": by, "rows": stats(request, p, con, by, court, mode)}


def stats(
    request: Request,
    p: Principal,
    con: duckdb.DuckDBPyConnection,
    by: str,
    court: str | None = None,
    mode: str | None = None,
) -> list[dict[str, Any]]:
    where, params = scoped_where(request, p, court, mode=mode)
    out = Q.counts_by(con, by, where, params)
    labels: dict[Any, str] = {}
    if by == "model":
        labels = titles(request, con)
    elif by == "category":
        labels = dict(CATEGORY_ZH)
    elif by == "court":
        labels = request.app.state.tree.name
    elif by == "node":
        labels = {k: n.name_zh for k, n in NODES.items()}
    elif by == "judge":
        labels = Q.judge_names(con)
    for r in out:
        r["label"] = labels.get(r["key"], "—" if r["key"] is None else str(r["key"]))
        r["helpful_rate"] = (
            round(r["helpful"] / r["with_feedback"], 4) if r["with_feedback"] else None
        )
    return out


@router.get("/{alert_id}", response_model=S.AlertDetail, response_model_exclude_unset=True)
def get_alert(
    alert_id: int,
    request: Request,
    p: AlertsReadUser,
    con: Db,
) -> dict:
    """One alert with its evidence (the rows that made the model fire) and feedback history."""
    a = present(
        p,
        _visible_alert(request, p, con, alert_id),
        titles(request, con),
        titles_en(request, con),
    )
    a["feedback_history"] = Q.feedback_history(con, alert_id)
    cm = request.app.state.registry.find(con, a["model_id"])
    if a.get("model_version"):
        a["model_version_info"] = version_info(con, a["model_id"], a["model_version"], cm)
    if cm is not None:
        a["legal_basis"] = cm.model.legal_basis
        a["model_description"] = cm.model.description
    audit.record(con, p, "read_alert", a["case_no"], {"alert_id": alert_id}, client_of(request))
    return a


class FeedbackIn(BaseModel):
    helpful: bool
    reason: str | None = Field(None, max_length=500)


@router.post(
    "/{alert_id}/feedback", response_model=S.FeedbackOut, response_model_exclude_unset=True
)
def give_feedback(
    alert_id: int,
    body: FeedbackIn,
    request: Request,
    p: AlertsFeedbackUser,
    con: Db,
) -> dict:
    """One-click feedback: helpful or not, with an optional reason."""
    a = _visible_alert(request, p, con, alert_id)
    fid = store.add_feedback(con, alert_id, body.helpful, p.name, body.reason)
    audit.record(
        con,
        p,
        "feedback",
        a["case_no"],
        {"alert_id": alert_id, "helpful": body.helpful, "reason": body.reason},
        client_of(request),
    )
    return {"feedback_id": fid, "alert_id": alert_id, "helpful": body.helpful}
