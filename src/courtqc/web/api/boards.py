"""First screens of the boards that are not a single library call: 数助办案 (warning points by
node, pushes / feedback / helpful rate) and 数助决策's findings by court and period (its data
services are in web.api.services), and the metadata every page needs (courts the user sees,
nodes, periods)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from courtqc.domain.nodes import NODES
from courtqc.indicators.labels import FAMILY_ZH
from courtqc.models.definition import CATEGORY_ZH, STATE_ZH
from courtqc.models.lifecycle import RUNS_IN, effective_states
from courtqc.web import audit
from courtqc.web.api.alerts import scoped_where, stats
from courtqc.web.deps import CurrentUser, Db, allowed, client_of
from courtqc.web.queries import boards as Q
from courtqc.web.schemas import alerts as S
from courtqc.web.visibility import resolve_court

router = APIRouter(tags=["boards 看板"])
AlertsReadUser = allowed("alerts.read")
DecisionReadUser = allowed("decision.read")


@router.get("/api/meta", response_model=S.Meta, response_model_exclude_unset=True)
def meta(
    request: Request,
    p: CurrentUser,
) -> dict:
    """Courts the user sees (as a tree), workflow nodes, case families, the default period."""
    tree = request.app.state.tree

    def node(code: str) -> dict[str, Any]:
        kids = sorted(c for c in tree.children.get(code, []) if c in p.courts)
        return {
            "code": code,
            "name": tree.name.get(code, code),
            "level": tree.level.get(code),
            "children": [node(k) for k in kids],
        }

    return {
        "court_tree": node(p.court_code),
        "nodes": [
            {"id": k, "zh": n.name_zh, "track": n.track, "order": n.order} for k, n in NODES.items()
        ],
        "families": [{"id": k, "zh": v} for k, v in FAMILY_ZH.items()],
        "categories": [{"id": k, "zh": v} for k, v in CATEGORY_ZH.items()],
        "default_period": request.app.state.default_period,
        "years": request.app.state.years,
    }


@router.get(
    "/api/boards/handling", response_model=S.HandlingBoard, response_model_exclude_unset=True
)
def handling_board(
    request: Request,
    p: AlertsReadUser,
    con: Db,
    court: str | None = None,
) -> dict:
    """数助办案: for each workflow node, the warning points (models bound to it that run at
    nodes) and the alerts raised there; pushes, feedback and helpful rate by model and
    category; the user's open inbox."""
    c = resolve_court(p, court)
    models = request.app.state.registry.all(con)
    states = effective_states(con, models)
    where, params = scoped_where(request, p, c)
    per_node = Q.alerts_per_node(con, where, params)
    nodes = []
    warning_points = 0
    for nid, n in NODES.items():
        bound = [
            {
                "id": m.id,
                "title": m.model.title.zh,
                "title_en": m.model.title.en,
                "state": states[m.id],
                "state_zh": STATE_ZH[states[m.id]],
                "category": m.model.category,
            }
            for m in models
            if m.model.binds(nid) and states.get(m.id) in RUNS_IN["node"]
        ]
        warning_points += len(bound)
        r = per_node.get(nid, {})
        nodes.append(
            {
                "node": nid,
                "name_zh": n.name_zh,
                "track": n.track,
                "order": n.order,
                "models": bound,
                "alerts": r.get("alerts", 0),
                "pushed": r.get("pushed", 0),
            }
        )
    by_category = stats(request, p, con, "category", c)
    by_model = stats(request, p, con, "model", c)
    totals = {
        k: sum(r[k] for r in by_category) for k in ("alerts", "pushed", "with_feedback", "helpful")
    }
    totals["helpful_rate"] = (
        round(totals["helpful"] / totals["with_feedback"], 4) if totals["with_feedback"] else None
    )
    owhere, oparams = scoped_where(request, p, c, status="open", feedback="none")
    inbox_open = Q.inbox_open(con, owhere, oparams)
    return {
        "court": c,
        "court_name": request.app.state.tree.name.get(c, c),
        "warning_points": warning_points,
        "nodes": nodes,
        "by_category": by_category,
        "by_model": by_model,
        "totals": totals,
        "inbox_open": inbox_open,
    }


@router.get("/api/decision/findings", response_model=S.Findings, response_model_exclude_unset=True)
def decision_findings(
    request: Request,
    p: DecisionReadUser,
    con: Db,
    court: str | None = None,
    category: str | None = None,
    period_by: str = Query("year", pattern="^(year|quarter)$"),
) -> dict:
    """数助决策: what the models found, by court and period (of filing) and by category —
    governance models first; the basis for thematic reports. The board's data services (pushes,
    query services, reports and their counts per court) are /api/services/* (web.api.services)."""
    c = resolve_court(p, court)
    where, params = scoped_where(request, p, c, category=category)
    tree = request.app.state.tree
    # Each finding is counted under the court directly below the chosen one that holds it.
    kids = tree.children.get(c, [])
    under = {d: k for k in kids for d in tree.descendants(k)}
    cells = Q.findings(con, where, params, period_by)
    registered = request.app.state.registry.all(con)
    titles = {m.id: m.model.title.zh for m in registered}
    titles_en = {m.id: m.model.title.en for m in registered}
    by_court: dict[str, dict[str, Any]] = {}
    by_period: dict[str, int] = {}
    by_model: dict[str, dict[str, Any]] = {}
    for r in cells:
        unit = under.get(r["court_code"], c)
        bc = by_court.setdefault(
            unit,
            {
                "court_code": unit,
                "court_name": tree.name.get(unit, unit),
                "findings": 0,
                "by_period": {},
            },
        )
        bc["findings"] += r["findings"]
        bc["by_period"][r["period"]] = bc["by_period"].get(r["period"], 0) + r["findings"]
        by_period[r["period"]] = by_period.get(r["period"], 0) + r["findings"]
        bm = by_model.setdefault(
            r["model_id"],
            {
                "model_id": r["model_id"],
                "title": titles.get(r["model_id"], r["model_id"]),
                "title_en": titles_en.get(r["model_id"]),
                "category": r["category"],
                "category_zh": CATEGORY_ZH.get(r["category"], r["category"]),
                "findings": 0,
                "cases": 0,
            },
        )
        bm["findings"] += r["findings"]
        bm["cases"] += r["cases"]
    governance = [
        {
            "id": m.id,
            "title": m.model.title.zh,
            "title_en": m.model.title.en,
            "state": s,
            "state_zh": STATE_ZH.get(s, s),
        }
        for m, s in (
            (m, effective_states(con, [m])[m.id]) for m in request.app.state.registry.all(con)
        )
        if m.model.category == "governance"
    ]
    audit.record(con, p, "read_findings", c, {"category": category}, client_of(request))
    return {
        "court": c,
        "court_name": tree.name.get(c, c),
        "periods": sorted(by_period),
        "by_period": by_period,
        "by_court": sorted(by_court.values(), key=lambda x: -x["findings"]),
        "by_model": sorted(
            by_model.values(),
            key=lambda x: (x["category"] != "governance", -x["findings"], x["model_id"]),
        ),  # ties by model id: the same order on every load
        "governance_models": governance,
    }
