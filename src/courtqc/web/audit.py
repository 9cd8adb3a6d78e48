"""The audit log: every read of case data and every model change — who, what, when, from where.

Written in the same request that serves the data, before the answer leaves: a read that cannot
be logged is not served.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from courtqc.web.security import now
from courtqc.web.visibility import Principal

# Actions recorded (the UI shows their Chinese names).
ACTION_ZH: dict[str, str] = {
    "read_case": "查看案件",
    "read_document": "查看文书",
    "read_case_graph": "查看当事人关系图",
    "list_cases": "检索案件",
    "read_alerts": "查看预警",
    "read_alert": "查看预警详情",
    "feedback": "预警反馈",
    "drill": "指标穿透",
    "read_reversals": "查看改发案件",
    "read_overview": "查看态势总览",
    "read_findings": "查看决策线索",
    "backtest": "模型回测",
    "node_check": "节点检查",
    "cms_event": "办案系统节点事件",
    "review_run": "一键评查",
    "model_save": "保存模型",
    "model_promote": "模型状态变更",
    "model_verify": "模型核验反馈",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "user_create": "新建用户",
    "user_update": "修改用户",
    "key_create": "新建接口密钥",
    "key_revoke": "吊销接口密钥",
    "read_audit": "查看审计日志",
    "service_query": "外部单位查询",
    "push_resend": "数据推送重发",
    "report_make": "生成专题报告",
    "read_identity_review": "查看身份复核列表",
    "identity_decision": "身份复核决定",
}


def record(
    con: duckdb.DuckDBPyConnection,
    who: Principal | None,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    client: str | None = None,
    *,
    actor: str | None = None,
    role: str | None = None,
    court: str | None = None,
) -> None:
    con.execute(
        """INSERT INTO audit_log (logged_at, actor, role, court_code, action, target, detail, client)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            now(),
            actor or (who.name if who else "anonymous"),
            role or (who.role if who else "-"),
            who.court_code if who else court,
            action,
            target,
            json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None,
            client,
        ],
    )


def entries(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int = 200,
    offset: int = 0,
    courts: frozenset[str] | None = None,
    with_courtless: bool = True,
) -> tuple[int, list[dict[str, Any]]]:
    """Entries newest first. `courts`: only those of actors at these courts (None: all);
    `with_courtless`: also entries with no court (failed logins of unknown names)."""
    where, params = [], {}
    for col, v in (("actor", actor), ("action", action), ("target", target)):
        if v:
            where.append(f"{col} = ${col}")
            params[col] = v
    if courts is not None:
        keys = {f"scope_{i}": c for i, c in enumerate(sorted(courts))}
        params.update(keys)
        scoped = f"court_code IN ({', '.join('$' + k for k in keys)})" if keys else "FALSE"
        where.append(f"({scoped} OR court_code IS NULL)" if with_courtless else scoped)
    w = f"WHERE {' AND '.join(where)}" if where else ""
    total = con.execute(f"SELECT count(*) FROM audit_log {w}", params).fetchone()[0]
    cur = con.execute(
        f"""SELECT audit_id, logged_at AS at, actor, role, court_code, action, target, detail, client
            FROM audit_log {w} ORDER BY audit_id DESC LIMIT {int(limit)} OFFSET {int(offset)}""",
        params,
    )
    names = [d[0] for d in cur.description]
    rows = []
    for r in cur.fetchall():
        d = dict(zip(names, r, strict=True))
        d["detail"] = json.loads(d["detail"]) if d["detail"] else None
        d["action_zh"] = ACTION_ZH.get(d["action"], d["action"])
        rows.append(d)
    return total, rows
