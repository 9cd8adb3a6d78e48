"""Roles and what each may do. One table of permissions, checked by the API on every request
(the UI only hides what the API would refuse anyway).

Visibility of data is a separate question, answered by the court tree (courtqc.web.visibility):
a permission says *what kind* of thing a role may do, the court tree says *on which cases*.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["judge", "division_head", "court_leader", "supervisor", "modeller", "admin"]
ROLES: tuple[str, ...] = (
    "judge",
    "division_head",
    "court_leader",
    "supervisor",
    "modeller",
    "admin",
)
ROLE_ZH: dict[str, str] = {
    "judge": "法官",
    "division_head": "庭长",
    "court_leader": "院领导",
    "supervisor": "审管办",
    "modeller": "建模人员",
    "admin": "系统管理员",
    "cms": "办案系统接口",
    "agency": "外部查询单位",
}
# Machine roles: API keys, never a person's login.
MACHINE_ROLES: tuple[str, ...] = ("cms", "agency")

# Permission -> roles holding it.
PERMISSIONS: dict[str, frozenset[str]] = {
    # case data (always limited by the court tree; judges' alerts by assignment)
    "cases.read": frozenset(ROLES),
    "alerts.read": frozenset(ROLES),
    "alerts.feedback": frozenset({"judge", "division_head", "court_leader", "supervisor"}),
    "indicators.read": frozenset(ROLES),
    "supervision.read": frozenset({"division_head", "court_leader", "supervisor", "admin"}),
    "decision.read": frozenset({"court_leader", "supervisor", "modeller", "admin"}),
    "reviews.run": frozenset({"supervisor", "court_leader", "admin"}),
    "reviews.read": frozenset({"division_head", "court_leader", "supervisor", "modeller", "admin"}),
    # models
    "models.read": frozenset(ROLES),
    "models.write": frozenset({"modeller", "admin"}),
    "models.backtest": frozenset({"modeller", "supervisor", "admin"}),
    "models.promote": frozenset({"modeller", "supervisor", "court_leader", "admin"}),
    # node checks: the CMS at a workflow node, or a judge checking their case
    "check.run": frozenset({"judge", "division_head", "cms"}),
    "events.post": frozenset({"cms"}),
    # administration
    "admin.users": frozenset({"admin"}),
    "admin.audit": frozenset({"admin"}),
    "admin.keys": frozenset({"admin"}),
    "admin.quality": frozenset({"admin"}),
    # 数助决策 services (courtqc.services): the board and push runs; outside bodies' queries
    # (an agency key: its own scopes and rate limits, nothing else)
    "services.read": frozenset({"court_leader", "supervisor", "admin"}),
    "services.push": frozenset({"supervisor", "admin"}),
    "services.query": frozenset({"agency"}),
}

# Lifecycle transitions by role (docs/BRIEF.md §2.5): modellers take a model from proposal to
# rollout for review; the review office (审管办) decides on embedding tests and going live;
# court leaders may take a tested model live or stop one; administrators may do anything.
PROMOTE_TO: dict[str, frozenset[str]] = {
    "modeller": frozenset({"modelling", "review_rollout"}),
    "supervisor": frozenset({"modelling", "review_rollout", "embedding_test", "live", "retired"}),
    "court_leader": frozenset({"live", "retired"}),
    "admin": frozenset(
        {"proposed", "modelling", "review_rollout", "embedding_test", "live", "retired"}
    ),
}

# Roles that see ID numbers and phone numbers in clear: those who handle the case. Everyone
# else (leaders, the review office, modellers, administrators, machines) sees them masked.
UNMASKED_ROLES: frozenset[str] = frozenset({"judge", "division_head"})


# The shape of an account by role: which of judge_id / dept_id it must have ("required") and
# which it may not have ("forbidden": the field means nothing for the role, and an account
# carrying one would suggest a limit that nothing enforces). A judge sees the alerts of the
# cases assigned to their judge_id; a division head those of their department: without it
# they would see the whole court in clear, so such accounts are refused at creation and at
# login (courtqc.web.users.shape_problem).
ACCOUNT_SHAPE: dict[str, dict[str, str]] = {
    "judge": {"judge_id": "required"},
    "division_head": {"dept_id": "required"},
    "court_leader": {"judge_id": "forbidden", "dept_id": "forbidden"},
    "supervisor": {"judge_id": "forbidden", "dept_id": "forbidden"},
    "modeller": {"judge_id": "forbidden", "dept_id": "forbidden"},
    "admin": {"judge_id": "forbidden", "dept_id": "forbidden"},
}
FIELD_ZH = {"judge_id": "法官编号", "dept_id": "部门编号"}


def can(role: str, permission: str) -> bool:
    return role in PERMISSIONS.get(permission, frozenset())


def permissions_of(role: str) -> list[str]:
    return sorted(p for p, roles in PERMISSIONS.items() if role in roles)


def can_promote_to(role: str, state: str) -> bool:
    return state in PROMOTE_TO.get(role, frozenset())
