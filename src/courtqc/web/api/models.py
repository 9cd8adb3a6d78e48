"""Scenario models: list, show, validate, save (workshop), promote through the lifecycle by
role, and backtest on history with the hits shown."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import duckdb
from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from courtqc import operators
from courtqc.domain.nodes import NODES
from courtqc.engine.backtest import score
from courtqc.engine.node import latest_data_day
from courtqc.engine.review import review
from courtqc.models.conditions import is_date_type, subject_columns
from courtqc.models.definition import (
    CATEGORIES,
    CATEGORY_ZH,
    CONDITION_OPS,
    SEVERITY_ZH,
    STATE_ZH,
    STATES,
)
from courtqc.models.labels import labels
from courtqc.models.library import CompiledModel, ModelError
from courtqc.models.lifecycle import (
    OPTIMISING,
    allowed_next,
    begin_version,
    default_policy,
    effective_states,
    feedback_reasons,
    feedback_stats,
    promote,
    record_state,
    verify,
    version_stats,
)
from courtqc.models.yamlstate import with_state
from courtqc.web import audit, modelscope
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.masking import mask_record, mask_text
from courtqc.web.queries import models as Q
from courtqc.web.roles import PROMOTE_TO
from courtqc.web.schemas import models as S
from courtqc.web.visibility import Principal

router = APIRouter(tags=["models 模型"])
ModelsBacktestUser = allowed("models.backtest")
ModelsPromoteUser = allowed("models.promote")
ModelsReadUser = allowed("models.read")
ModelsWriteUser = allowed("models.write")


def _registry(request: Request):
    return request.app.state.registry


def _next_for(p: Principal, state: str) -> list[str]:
    allowed = PROMOTE_TO.get(p.role, frozenset())
    return [s for s in allowed_next(state) if s in allowed]


def _summary(
    p: Principal, cm: CompiledModel, state: str, workshop: set[tuple[str, str]]
) -> dict[str, Any]:
    m = cm.model
    return {
        "id": m.id,
        "title": m.title.zh,
        "title_en": m.title.en,
        "category": m.category,
        "category_zh": CATEGORY_ZH.get(m.category, m.category),
        "state": state,
        "state_zh": STATE_ZH.get(state, state),
        "version": cm.version,
        "version_label": m.version_label,
        "nodes": m.nodes,
        "nodes_zh": ["全部节点" if n == "*" else NODES[n].name_zh for n in m.nodes],
        "severity": m.severity,
        "severity_zh": SEVERITY_ZH.get(m.severity, m.severity),
        "logic": m.logic.kind,
        "scenarios": m.scenarios,
        "owner_court": m.owner_court,
        "source": "workshop" if (cm.id, cm.version) in workshop else "builtin",
        "can_promote_to": _next_for(p, state) if p.sees_court(m.owner_court) else [],
    }


@router.get("/api/models", response_model=S.ModelList, response_model_exclude_unset=True)
def list_models(
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    ms = _registry(request).all(con)
    states = effective_states(con, ms)
    ws = Q.workshop_keys(con)
    items = [_summary(p, m, states[m.id], ws) for m in ms]
    items.sort(key=lambda x: (STATES.index(x["state"]), x["category"], x["id"]))
    by_state = {s: sum(1 for x in items if x["state"] == s) for s in STATES}
    return {"items": items, "by_state": by_state}


@cache
def _subjects() -> list[dict[str, Any]]:
    out = []
    for name in sorted(operators.allowed_tables()):
        try:
            types = subject_columns(name)
        except duckdb.Error:
            continue
        out.append(
            {
                "name": name,
                "operator": name not in operators.CASE_DATA_TABLES,
                "columns": list(types),
                "dates": [c for c, t in types.items() if is_date_type(t)],  # for 距今天数
            }
        )
    return out


@router.get("/api/models/meta", response_model=S.ModelsMeta, response_model_exclude_unset=True)
def models_meta(
    p: ModelsReadUser,
) -> dict:
    """What the workshop's condition builder offers: subjects (tables and operator views) with
    their fields, operators, categories, nodes, severities and lifecycle states, and the
    words to show for fields and operators (models/labels.yaml, Chinese and English)."""
    return {
        "subjects": _subjects(),
        "ops": list(CONDITION_OPS),
        "labels": labels().model_dump(),
        "categories": [{"id": c, "zh": CATEGORY_ZH[c]} for c in CATEGORIES],
        "nodes": [{"id": k, "zh": n.name_zh, "track": n.track} for k, n in NODES.items()],
        "severities": [{"id": k, "zh": v} for k, v in SEVERITY_ZH.items()],
        "states": [{"id": s, "zh": STATE_ZH[s]} for s in STATES],
        "promote_to": sorted(PROMOTE_TO.get(p.role, frozenset())),
    }


def _find(request: Request, con: duckdb.DuckDBPyConnection, model_id: str) -> CompiledModel:
    cm = _registry(request).find(con, model_id)
    if cm is None:
        raise HTTPException(404, f"未知模型 {model_id!r} (unknown model)")
    return cm


@router.get(
    "/api/models/{model_id}", response_model=S.ModelDetail, response_model_exclude_unset=True
)
def get_model(
    model_id: str,
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    """A model's definition, YAML source, compiled SQL, state and lifecycle history."""
    cm = _find(request, con, model_id)
    state = effective_states(con, [cm])[cm.id]
    d = _summary(p, cm, state, Q.workshop_keys(con))
    d["definition"] = cm.model.model_dump(mode="json", by_alias=True, exclude_none=True)
    d["definition"]["state"] = state  # the lifecycle's, not the one the text was saved with
    text = _registry(request).source_text(con, cm)
    d["yaml"] = with_state(text, state) if text is not None else None
    d["compiled_sql"] = cm.sql
    d["reads"] = sorted(cm.tables)
    d["legal_basis"] = cm.model.legal_basis
    d["message"] = cm.model.message
    d["history"] = Q.state_history(con, cm.id)
    for h in d["history"]:
        h["state_zh"] = STATE_ZH.get(h["state"], h["state"])
    d["versions"] = Q.saved_versions(con, cm.id)
    return d


class YamlIn(BaseModel):
    yaml: str = Field(min_length=1, max_length=200_000)


def _problems(e: ModelError) -> list[dict[str, Any]]:
    return [{"line": pr.line, "field": pr.field, "message": pr.message} for pr in e.problems]


@router.post("/api/models/validate", response_model=S.Validation, response_model_exclude_unset=True)
def validate_model(
    body: YamlIn,
    request: Request,
    p: ModelsBacktestUser,
) -> dict:
    """Check a model text as the engine would before running it: YAML, fields, SQL safety (one
    read-only SELECT over allowed tables), binding, placeholders. Problems name line and field.
    Only for the roles that work on drafts — those that may backtest one (modeller, 审管办,
    administrator; every role that may save one is among them): a judge gets 403."""
    try:
        cm = _registry(request).compile_text(body.yaml)
    except ModelError as e:
        return {"ok": False, "problems": _problems(e)}
    return {
        "ok": True,
        "problems": [],
        "id": cm.id,
        "version": cm.version,
        "compiled_sql": cm.sql,
        "columns": cm.columns,
        "reads": sorted(cm.tables),
    }


@router.post("/api/models", response_model=S.Saved, response_model_exclude_unset=True)
def save_model(
    body: YamlIn,
    request: Request,
    p: ModelsWriteUser,
    con: Db,
) -> dict:
    """Save a workshop model (a new version when its logic changed). It starts in 建模
    (modelling) whatever state the text declares; only promotion moves it on."""
    reg = _registry(request)
    try:
        cm = reg.compile_text(body.yaml)
    except ModelError as e:
        raise HTTPException(
            422, {"message": "模型校验未通过 (invalid model)", "problems": _problems(e)}
        ) from None
    if not p.sees_court(cm.model.owner_court):
        raise HTTPException(
            403,
            f"模型归属法院 {cm.model.owner_court} 不在您的管辖范围内 (owner court outside your tree)",
        )
    existing = reg.find(con, cm.id)
    if existing is not None and not p.sees_court(existing.model.owner_court):
        raise HTTPException(
            403,
            f"模型 {cm.id} 属于 {existing.model.owner_court}，您无权修改 (model of another court)",
        )
    with request.app.state.store.lock:
        before = effective_states(con, [existing])[existing.id] if existing else None
        cm, new = reg.save(con, body.yaml, p.name)
        if existing is not None and existing.version == cm.version:
            # Only cosmetic fields changed (COSMETIC_FIELDS): same version, same state.
            if before and effective_states(con, [cm])[cm.id] != before:
                record_state(con, cm, before, p.name, "仅改说明性字段，状态不变 (cosmetic change)")
        else:
            begin_version(con, cm, p.name)  # a new version starts in 建模, whatever was live
        reg.bump()
    audit.record(
        con,
        p,
        "model_save",
        cm.id,
        {
            "version": cm.version,
            "new_version": new,
            "replaces": existing.version if existing else None,
        },
        client_of(request),
    )
    state = effective_states(con, [cm])[cm.id]
    return {
        "id": cm.id,
        "version": cm.version,
        "new_version": new,
        "state": state,
        "state_zh": STATE_ZH.get(state, state),
    }


class PromoteIn(BaseModel):
    to: str
    note: str | None = Field(None, max_length=1000)


@router.post(
    "/api/models/{model_id}/promote", response_model=S.Promoted, response_model_exclude_unset=True
)
def promote_model(
    model_id: str,
    body: PromoteIn,
    request: Request,
    p: ModelsPromoteUser,
    con: Db,
) -> dict:
    """Move the model's current version to another lifecycle state, if the lifecycle allows the
    step and the user's role may take it (modellers up to 推广评查; the review office on to
    嵌入测试 and 上线; court leaders 上线 and 停用)."""
    cm = _find(request, con, model_id)
    if body.to not in STATES:
        raise HTTPException(422, f"未知状态 {body.to!r}；可用: {', '.join(STATES)}")
    if not p.sees_court(cm.model.owner_court):
        raise HTTPException(
            403,
            f"模型 {cm.id} 属于 {cm.model.owner_court}，您无权变更其状态 (model of another court)",
        )
    if body.to not in PROMOTE_TO.get(p.role, frozenset()):
        raise HTTPException(
            403,
            f"您的角色不能将模型转为“{STATE_ZH[body.to]}” (role {p.role} may not move a model to {body.to})",
        )
    with request.app.state.store.lock:
        try:
            before = promote(con, cm, body.to, p.name, body.note)
        except ValueError as e:
            raise HTTPException(409, str(e)) from None
        _registry(request).bump()
    audit.record(
        con,
        p,
        "model_promote",
        cm.id,
        {"version": cm.version, "from": before, "to": body.to, "note": body.note},
        client_of(request),
    )
    return {
        "id": cm.id,
        "version": cm.version,
        "from": before,
        "to": body.to,
        "from_zh": STATE_ZH[before],
        "to_zh": STATE_ZH[body.to],
    }


def _may_verify(p: Principal) -> bool:
    """核验反馈 decides whether a version stays live: the roles that may take one live."""
    return "live" in PROMOTE_TO.get(p.role, frozenset())


@router.get(
    "/api/models/{model_id}/feedback",
    response_model=S.ModelFeedback,
    response_model_exclude_unset=True,
)
def model_feedback(
    model_id: str,
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    """核验反馈: judges' answers to the pushed alerts of each version (city-wide counts, as the
    gate counts them), the policy's thresholds, and the reasons given on alerts of the user's
    own courts (masked), newest first — what the next version (优化完善) is made from."""
    cm = _find(request, con, model_id)
    state = effective_states(con, [cm])[cm.id]
    th = default_policy().for_model(cm)
    return {
        "id": cm.id,
        "version": cm.version,
        "state": state,
        "state_zh": STATE_ZH.get(state, state),
        "min_answered": th.min_answered,
        "min_helpful_rate": th.min_helpful_rate,
        "current": version_stats(con, cm).as_dict(),
        "versions": [s.as_dict() for s in feedback_stats(con, cm.id)],
        "reasons": [  # for those who act on them: judges do not read each other's answers
            {**r, "reason": mask_text(str(r["reason"]))}
            for r in feedback_reasons(con, cm.id, p.courts)
        ]
        if p.can("models.write") or p.can("models.promote")
        else [],
        "can_verify": state == "live" and _may_verify(p) and p.sees_court(cm.model.owner_court),
        "can_optimise": state == OPTIMISING and p.can("models.write"),
    }


class VerifyIn(BaseModel):
    note: str | None = Field(None, max_length=1000)


@router.post(
    "/api/models/{model_id}/verify", response_model=S.Verified, response_model_exclude_unset=True
)
def verify_model(
    model_id: str,
    body: VerifyIn,
    request: Request,
    p: ModelsPromoteUser,
    con: Db,
) -> dict:
    """核验反馈: check the live version against the verification policy. 409 when it is not
    live or too few pushed alerts have been answered (both thresholds named); otherwise the
    outcome is stored: passed stays 上线运行, failed goes to 优化完善 and pushes nothing more.
    For the roles that may take a model live (审管办, court leaders, administrators)."""
    cm = _find(request, con, model_id)
    if not p.sees_court(cm.model.owner_court):
        raise HTTPException(
            403,
            f"模型 {cm.id} 属于 {cm.model.owner_court}，您无权核验 (model of another court)",
        )
    if not _may_verify(p):
        raise HTTPException(
            403, f"您的角色不能核验模型 (role {p.role} may not verify a live model)"
        )
    with request.app.state.store.lock:
        v = verify(con, cm, p.name, body.note)
        _registry(request).bump()
    audit.record(
        con,
        p,
        "model_verify",
        cm.id,
        {"version": cm.version, "passed": v.passed, "from": v.before, "to": v.after},
        client_of(request),
    )
    return {
        "id": cm.id,
        "version": cm.version,
        "passed": v.passed,
        **{k: getattr(v.stats, k) for k in ("answered", "helpful", "helpful_rate")},
        "min_answered": v.threshold.min_answered,
        "min_helpful_rate": v.threshold.min_helpful_rate,
        "from": v.before,
        "to": v.after,
        "from_zh": STATE_ZH[v.before],
        "to_zh": STATE_ZH[v.after],
        "note": v.note,
    }


@router.get(
    "/api/models/{model_id}/backtest",
    response_model=S.StoredBacktest,
    response_model_exclude_unset=True,
)
def stored_backtest(
    model_id: str,
    request: Request,
    p: ModelsReadUser,
    con: Db,
) -> dict:
    """The figures of the latest backtest of the model's current version (hits, TP / FP / FN,
    precision, recall, the day and the courts it ran over), for every role that may read
    models — a judge included, who may not run one. Counts only: no hits, no case ids; who ran
    it only when that account is of the reader's court tree.
    `backtest` is null when the version has not been backtested since it was saved."""
    cm = _find(request, con, model_id)
    bt = Q.latest_backtest(con, cm.id, cm.version)
    if bt is not None:
        court = bt.pop("run_court")
        if not (court and p.sees_court(court)):  # an account of another court stays unnamed
            bt["run_by"] = None
    return {"id": cm.id, "version": cm.version, "backtest": bt}


class BacktestIn(BaseModel):
    model_ids: list[str] | None = None
    yaml: str | None = Field(None, max_length=200_000)  # an unsaved draft from the workshop
    as_of: dt.date | None = None
    max_hits: int = Field(200, ge=0, le=5000)


@router.post("/api/backtests", response_model=S.Backtest, response_model_exclude_unset=True)
def run_backtest(
    body: BacktestIn,
    request: Request,
    p: ModelsBacktestUser,
    con: Db,
) -> dict:
    """Run models (saved ones by id, or a draft's YAML) over history in the user's courts and
    score them against the known outcomes: hits, TP / FP / FN, precision, recall, and the hits
    themselves. Nothing is stored. The models read only the user's court tree, masked
    (courtqc.web.modelscope), each within its time budget; the answer's `scope` says so."""
    reg = _registry(request)
    models = reg.all(con)
    saved = {m.id: m.version for m in models}  # a draft equal to its saved version is that one
    ids = body.model_ids or []
    draft = None
    if body.yaml:
        try:
            draft = reg.compile_text(body.yaml)
        except ModelError as e:
            raise HTTPException(
                422, {"message": "模型校验未通过 (invalid model)", "problems": _problems(e)}
            ) from None
        models = [m for m in models if m.id != draft.id] + [draft]
        ids = [*ids, draft.id]
    if not ids:
        raise HTTPException(422, "请指定模型 (give model_ids or yaml)")
    known = {m.id for m in models}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise HTTPException(404, f"未知模型 (unknown models): {', '.join(unknown)}")
    modelscope.require_budgets([m for m in models if m.id in set(ids)], reg.extra)
    tree = request.app.state.tree
    data_scope = modelscope.data_scope(p, tree)
    courts = None if data_scope.courts is None else sorted(data_scope.courts)
    as_of = body.as_of or latest_data_day(con)
    res = review(
        con, models, model_ids=ids, courts=courts, as_of=as_of, save=False, mode="backtest",
        data_scope=data_scope,
    )  # fmt: skip
    truth = Q.truth_in_scope(con, courts)
    by_id = {m.id: m for m in models}
    out = []
    clear = False  # a backtest's hits span many cases: always masked
    for run in res.runs:
        cm = by_id[run.model_id]
        sc = score(run, cm, truth).to_dict()
        want: set[int] = (
            set().union(*(truth.get(s, set()) for s in cm.model.scenarios))
            if cm.model.scenarios
            else set()
        )
        hits = []
        for a in run.alerts[: body.max_hits]:
            h = a.to_dict()
            h["true_positive"] = (a.case_id in want) if cm.model.scenarios else None
            if not clear:
                h["message"] = mask_text(h["message"])
                h["evidence"] = [mask_record(e) for e in h["evidence"]]
            hits.append(h)
        sc["title"] = cm.model.title.zh
        sc["alerts"] = len(run.alerts)
        sc["hits_shown"] = hits
        out.append(sc)
        if saved.get(cm.id) == run.model_version:
            Q.store_backtest(
                con, cm.id, run.model_version, as_of, p.name, p.court_code,
                modelscope.scope_note(data_scope, tree, p.court_code), sc,
            )  # fmt: skip
    audit.record(
        con,
        p,
        "backtest",
        ",".join(ids),
        {
            "as_of": as_of,
            "courts": courts,
            "scope": data_scope.describe(),
            "draft": modelscope.draft_audit(draft) if draft is not None else None,
            "models": {r.model_id: r.model_version for r in res.runs},
            "status": {r.model_id: r.status for r in res.runs},
            "hits": {s["model_id"]: s["hits"] for s in out},
            "cases": modelscope.cases_touched(res.alerts),
        },
        client_of(request),
    )
    return {
        "as_of": as_of,
        "courts": courts,
        "scope": modelscope.scope_info(data_scope, tree, p.court_code),
        "results": out,
    }
