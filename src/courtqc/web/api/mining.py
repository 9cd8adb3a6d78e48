"""Model mining in the workshop (模型挖掘): start a run for a target over the user's court tree,
see the ranked proposals with their evidence and backtests, mark one saved (after the workshop
saved it as a model) or set aside; per-court counts for the 数助决策 board.

A run reads only the user's court tree, masked as their backtests are (courtqc.web.modelscope,
courtqc.engine.scoped): a basic court mines its own cases, an intermediate court its tree, the
High Court the city. Proposals are drafts in 申报 (proposed); nothing here saves or promotes a
model — the workshop's own save and promote do, by role."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from courtqc import mining
from courtqc.errors import Forbidden
from courtqc.mining import store
from courtqc.web import audit, modelscope
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.schemas import mining as S
from courtqc.web.visibility import Principal

router = APIRouter(tags=["mining 模型挖掘"])
ModelsBacktestUser = allowed("models.backtest")
ModelsReadUser = allowed("models.read")
ModelsWriteUser = allowed("models.write")


def _courts(request: Request, p: Principal) -> list[str] | None:
    tree = request.app.state.tree
    if tree.parent.get(p.court_code, "") is None:  # the root: the whole city
        return None
    return tree.descendants(p.court_code)


@router.get("/api/mining/targets", response_model=S.Targets, response_model_exclude_unset=True)
def targets(
    p: ModelsReadUser,
) -> dict:
    """The targets and methods a run may use."""
    return {
        "targets": [
            {"id": t.name, "zh": t.zh, "en": t.en, "label_zh": t.label_zh}
            for t in mining.TARGETS.values()
        ],
        "methods": [{"id": m, "zh": z} for m, z in mining.METHOD_ZH.items()],
    }


class MineIn(BaseModel):
    target: Literal["reversal", "review_defect", "helpful", "overdue", "selection"]
    court: str | None = Field(None, max_length=32)  # a court in the user's tree (default: own)
    methods: (
        list[Literal["tree", "rules", "cluster", "party_cluster", "lawyer_cluster", "regression"]]
        | None
    ) = None
    since: dt.date | None = None
    split: dt.date | None = None
    selection_name: str = Field("选集", max_length=100)
    case_nos: list[str] = Field(default_factory=list, max_length=20_000)


@router.post("/api/mining/runs", response_model=S.Run, response_model_exclude_unset=True)
def start_run(
    body: MineIn,
    request: Request,
    p: ModelsBacktestUser,
    con: Db,
) -> dict:
    """Mine a target over the user's court tree (or a court below it) and store the proposals.
    For the modelling roles (modeller, 审管办, administrator): those that may backtest."""
    court = body.court or p.court_code
    if not p.sees_court(court):
        raise Forbidden(f"法院 {court} 不在您的管辖范围内 (court outside your tree)")
    tree = request.app.state.tree
    scope = modelscope.data_scope(p, tree, court)
    if body.target == "selection":
        tgt = mining.for_selection(
            mining.Selection(body.selection_name, tuple(n.strip() for n in body.case_nos if n))
        )
    else:
        tgt = mining.get(body.target)
    res = mining.mine(
        con, tgt, since=body.since, split=body.split,
        methods=tuple(body.methods or mining.METHODS), data_scope=scope, owner_court=court,
        models=request.app.state.registry.all(con),
    )  # fmt: skip
    with request.app.state.store.lock:
        run_id = store.save(con, res, court, p.name)
    audit.record(
        con,
        p,
        "mining_run",
        body.target,
        {
            "run_id": run_id,
            "court": court,
            "scope": scope.describe(),
            "population": res.population,
            "proposals": len(res.proposals),
            "selection": len(body.case_nos) if body.target == "selection" else None,
        },
        client_of(request),
    )
    d = res.to_dict()
    d["scope"] = modelscope.scope_info(scope, tree, court)
    d["run_id"] = run_id
    d["proposals"] = [{**x, "status": "proposed"} for x in d["proposals"]]
    return d


@router.get("/api/mining/runs", response_model=S.Runs, response_model_exclude_unset=True)
def list_runs(
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    """The mining runs of the user's court tree, newest first."""
    return {"items": store.runs(con, _courts(request, p))}


@router.get("/api/mining/runs/{run_id}", response_model=S.Run, response_model_exclude_unset=True)
def get_run(
    run_id: int,
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    """A stored run: its summary and every proposal with its YAML (404 outside the tree)."""
    return store.run_detail(con, run_id, _courts(request, p))


class StatusIn(BaseModel):
    status: Literal["proposed", "saved", "dismissed"]


@router.post(
    "/api/mining/runs/{run_id}/proposals/{model_id}",
    response_model=S.ProposalStatus,
    response_model_exclude_unset=True,
)
def set_status(
    run_id: int,
    model_id: str,
    body: StatusIn,
    request: Request,
    p: ModelsWriteUser,
    con: Db,
) -> dict:
    """Mark a proposal saved (the workshop saved it as a model) or set aside."""
    with request.app.state.store.lock:
        store.set_status(con, run_id, model_id, body.status, _courts(request, p))
    audit.record(
        con, p, "mining_proposal", model_id, {"run_id": run_id, "status": body.status},
        client_of(request),
    )  # fmt: skip
    return {"run_id": run_id, "model_id": model_id, "status": body.status}


@router.get("/api/mining/counts", response_model=S.Counts, response_model_exclude_unset=True)
def counts(
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    """Proposals per court in the user's tree: made, saved as models, set aside."""
    return {"by_court": store.counts_by_court(con, _courts(request, p))}
