"""What the model runs a user's request starts may read, and what must hold before they start.

Every web path that runs model SQL for a user — draft and saved-model backtests, one-click
reviews — runs it on a scoped session (courtqc.engine.scoped): the court tree the run is for,
masked for the roles that see ID numbers, phones and addresses masked in the API (every role
that may run models: judges and division heads may not). The High Court's tree is the whole
city: no row is left out, the columns are masked all the same.

User models (saved in the workshop, or a draft) must declare their own `time_budget_ms`: the
built-in library's models are reviewed code and keep the default budget.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from courtqc.engine.run import Alert
from courtqc.engine.scoped import DataScope
from courtqc.errors import InvalidInput
from courtqc.models.library import CompiledModel, builtin_models
from courtqc.web.roles import UNMASKED_ROLES
from courtqc.web.visibility import CourtTree, Principal

#: Case ids listed in an audit entry (the count is always whole).
AUDIT_CASES_MAX = 200


def data_scope(p: Principal, tree: CourtTree, court: str | None = None) -> DataScope:
    """The data a run for `p` over `court` (default: the user's own court) may read: that
    court and the courts below it; every court when it is the root of the tree."""
    court = court or p.court_code
    courts = frozenset(tree.descendants(court))
    whole = tree.parent.get(court, "") is None
    return DataScope(None if whole else courts, masked=p.role not in UNMASKED_ROLES)


def scope_note(scope: DataScope, tree: CourtTree, court: str) -> str:
    """What the UI tells the user about the data the models ran on (Chinese)."""
    name = tree.name.get(court, court)
    if scope.courts is None:
        where = "全市各级法院的数据"
    else:
        below = len(scope.courts) - 1
        where = f"{name}{'及其下辖 ' + str(below) + ' 家法院' if below else ''}的数据"
        where += "；跨院模型看不到其他法院的案件、当事人和登记信息，结果可能少于全市运行"
    masked = (
        "，身份证号、电话、住址已替换为假名（相同的值假名相同，关联仍然有效）"
        if scope.masked
        else ""
    )
    return f"模型仅在{where}上运行{masked}。"


def scope_info(scope: DataScope, tree: CourtTree, court: str) -> dict[str, Any]:
    return {**scope.describe(), "court": court, "note_zh": scope_note(scope, tree, court)}


def _library(extra: Iterable[CompiledModel]) -> set[int]:
    return {id(m) for m in (*builtin_models(), *extra)}


def require_budgets(models: Sequence[CompiledModel], extra: Iterable[CompiledModel] = ()) -> None:
    """Refuse (422) a run with a user model that does not declare its own time budget."""
    lib = _library(extra)
    missing = sorted(
        m.id
        for m in models
        if id(m) not in lib and "time_budget_ms" not in m.model.model_fields_set
    )
    if missing:
        raise InvalidInput(
            f"模型 {', '.join(missing)} 未声明时间预算 time_budget_ms，不能运行；请在模型中写明，"
            "例如 time_budget_ms: 2000 (a workshop model must declare its time budget)"
        )


def draft_audit(draft: CompiledModel) -> dict[str, Any]:
    """What the audit keeps of a draft that was run: its SQL (or Python operator) and hash."""
    text = draft.sql if draft.sql is not None else f"python:{draft.model.logic.python.operator}"  # type: ignore[union-attr]
    return {
        "id": draft.id,
        "version": draft.version,
        "sql": text,
        "sql_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "time_budget_ms": draft.model.time_budget_ms,
    }


def cases_touched(alerts: Iterable[Alert]) -> dict[str, Any]:
    """The cases a run returned rows about: count and the first AUDIT_CASES_MAX ids."""
    ids = sorted({a.case_id for a in alerts})
    return {"count": len(ids), "ids": ids[:AUDIT_CASES_MAX], "capped": len(ids) > AUDIT_CASES_MAX}
