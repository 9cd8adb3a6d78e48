"""`courtqc push ...` (push models, runs, the delivery log, receivers), `courtqc services ...`
(agency keys, consent tokens, the two queries from the command line) and `courtqc report`
(thematic reports)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from courtqc.cli_common import DbOpt, JsonOpt, err, fail, open_db, out, print_json

push_app = typer.Typer(
    help="数据推送 (routine data pushes to government bodies)", no_args_is_help=True
)
services_app = typer.Typer(
    help="数助决策服务：外部查询单位、企业授权、查询 (query services)", no_args_is_help=True
)


def _con(db: Path):  # type: ignore[no-untyped-def]
    from courtqc.services import store

    con = open_db(db)
    store.ensure(con)
    return con


def _models(files: list[Path] | None):  # type: ignore[no-untyped-def]
    from courtqc.services import pushmodel

    if not files:
        return list(pushmodel.builtin())
    return [pushmodel.load_file(f) for f in files]


def list_cmd(as_json: JsonOpt = False) -> None:
    """The built-in push models: body, schedule, fields and their masks."""
    from courtqc.services import pushmodel

    models = pushmodel.builtin()
    if as_json:
        print_json([
            {"id": m.id, "title": m.spec.title.zh, "body": m.spec.body, "body_zh": m.spec.body_zh,
             "court": m.spec.court, "cron": m.spec.schedule.cron,
             "fields": [f.model_dump() for f in m.spec.fields], "legal_basis": m.spec.legal_basis}
            for m in models
        ])  # fmt: skip
        return
    t = Table("id", "推送内容", "接收单位", "计划", "字段（脱敏）")
    for m in models:
        fields = ", ".join(
            f.name + ("" if f.mask == "none" else f"[{f.mask}]") for f in m.spec.fields
        )
        t.add_row(m.id, m.spec.title.zh, m.spec.body_zh, m.spec.schedule.cron, fields)
    out.print(t)
    out.print(f"{len(models)} 个推送模型，{len({m.spec.body for m in models})} 个接收单位")


def validate_cmd(files: Annotated[list[Path], typer.Argument(help="推送模型 YAML 文件")]) -> None:
    """Check push model files (shape, sandboxed SQL, fields against the selection)."""
    for m in _models(files):
        out.print(
            f"[green]✓[/green] {m.source}: {m.id} → {m.spec.body_zh}（{len(m.spec.fields)} 个字段）"
        )


def run_cmd(
    db: DbOpt,
    model: Annotated[
        list[str] | None, typer.Option("--model", help="推送模型 id（可多次）")
    ] = None,
    file: Annotated[
        list[Path] | None, typer.Option("--file", help="推送模型文件（代替内置库）")
    ] = None,
    attempts: Annotated[int, typer.Option(help="每批最多投递次数 (attempts per batch)")] = 5,
    backoff: Annotated[
        float, typer.Option(help="首次重试前等待秒数，其后倍增 (first backoff, doubling)")
    ] = 1.0,
    as_json: JsonOpt = False,
) -> None:
    """Run push models now: prepare each one's new rows as a batch, deliver every batch not yet
    delivered (retries with backoff), record receipts."""
    from courtqc.services import push, pushmodel

    models = _models(file)
    if model:
        models = [pushmodel.find(m, models) for m in model]
    con = _con(db)
    try:
        results = push.run(con, models, policy=push.RetryPolicy(attempts, backoff), by="cli")
    finally:
        con.close()
    if as_json:
        print_json([r.__dict__ for r in results])
        return
    t = Table("model", "选中行", "新行", "批次", "已投递", "待投递", "选择耗时 s")
    for r in results:
        t.add_row(r.model_id, str(r.selected), str(r.new_rows), r.batch_id or "-",
                  str(len(r.delivered)), str(len(r.pending)), f"{r.select_s:.2f}")  # fmt: skip
    out.print(t)
    for r in results:
        for e in sorted(set(r.errors)):
            err.print(f"[yellow]{r.model_id}[/yellow]: {e}")


def status_cmd(
    db: DbOpt, limit: Annotated[int, typer.Option(help="最近批次数")] = 20, as_json: JsonOpt = False
) -> None:
    """The delivery log: per model, and the latest batches with their receipts."""
    from courtqc.services import push

    con = _con(db)
    s = push.status(con, limit=limit)
    if as_json:
        print_json(s)
        return
    t = Table("model", "body", "批次", "行数", "已投递", "待投递")
    for m in s["models"]:
        t.add_row(
            m["model_id"],
            m["body"],
            str(m["batches"]),
            str(m["rows"]),
            str(m["delivered"]),
            str(m["pending"]),
        )
    out.print(t)
    b = Table("batch", "rows", "status", "attempts", "sha256", "receipt / error")
    for x in s["batches"]:
        b.add_row(x["batch_id"], str(x["row_count"]), x["status"], str(x["attempts"]),
                  x["content_hash"][:12], (x["receipt"] or x["last_error"] or "")[:60])  # fmt: skip
    out.print(b)


def resend_cmd(
    db: DbOpt,
    batch: Annotated[str, typer.Option("--batch", help="批次 id")],
    by: Annotated[str, typer.Option(help="操作人")] = "cli",
) -> None:
    """Send a batch again as it was (same id and rows; the body deduplicates by id)."""
    from courtqc.services import push

    con = _con(db)
    o = push.resend(con, batch, by=by)
    if not o.ok:
        fail(f"重发失败 (resend failed): {o.error}")
    out.print(f"[green]已重发[/green] {batch}: {o.receipt or ''}"[:300])


def receiver_cmd(
    db: DbOpt,
    body: Annotated[str, typer.Option("--body", help="接收单位 id（bodies.yaml）")],
    webhook: Annotated[str | None, typer.Option(help="https 推送地址")] = None,
    folder: Annotated[Path | None, typer.Option("--dir", help="文件投放目录")] = None,
    file_format: Annotated[str, typer.Option("--format", help="jsonl | csv（文件投放）")] = "jsonl",
    secret: Annotated[str | None, typer.Option(help="签名密钥（不填则生成并显示一次）")] = None,
    ca_file: Annotated[str | None, typer.Option(help="校验对方证书的 CA 文件")] = None,
) -> None:
    """Set where a body receives (webhook or file drop) and its signing key."""
    from courtqc.services import push

    if (webhook is None) == (folder is None):
        fail("须且只须给出 --webhook 或 --dir 之一 (give exactly one of --webhook, --dir)")
    con = _con(db)
    channel, target = ("webhook", webhook) if webhook else ("file", str(folder))
    key = push.set_receiver(
        con, body, channel, target, secret=secret, file_format=file_format, ca_file=ca_file
    )
    out.print(f"接收方已设置 {body}: {channel} {target}")
    if secret is None:
        out.print(f"签名密钥（仅显示一次，交给接收单位）: {key}")


def agency_add_cmd(
    db: DbOpt,
    name: Annotated[str, typer.Option(help="单位名称")],
    kind: Annotated[str, typer.Option(help="education | bank | other")],
    scope: Annotated[list[str], typer.Option("--scope", help="minors_bar | enterprise_litigation")],
    court: Annotated[str, typer.Option(help="数据范围：该法院及下级法院")] = "沪",
    rate: Annotated[int, typer.Option(help="每个密钥每个范围每分钟限额")] = 60,
    consent: Annotated[
        bool, typer.Option("--consent/--no-consent", help="企业查询须带企业授权")
    ] = False,
    by: Annotated[str, typer.Option(help="操作人")] = "cli",
) -> None:
    """A key for an outside body (role agency), shown once."""
    from courtqc.services import agency

    con = _con(db)
    key = agency.create(con, name=name, kind=kind, scopes=scope, court=court, created_by=by,
                        rate_per_minute=rate, consent_required=consent)  # fmt: skip
    out.print(f"外部查询单位 {name} 的接口密钥（仅显示一次）:\n{key}")


def agency_list_cmd(db: DbOpt, as_json: JsonOpt = False) -> None:
    """Agency keys with their scopes and limits."""
    from courtqc.services import agency

    rows = agency.listing(_con(db))
    if as_json:
        print_json(rows)
        return
    t = Table("key", "单位", "类别", "范围", "限额/分", "须授权", "法院", "吊销")
    for r in rows:
        t.add_row(r["key_id"], r["agency"], r["kind"], ",".join(json.loads(r["scopes"])),
                  str(r["rate_per_minute"]), str(r["consent_required"]), r["court_code"], str(r["revoked"]))  # fmt: skip
    out.print(t)


def consent_cmd(
    db: DbOpt,
    uscc: Annotated[str, typer.Option(help="企业统一社会信用代码")],
    key: Annotated[str, typer.Option(help="获授权查询单位的密钥 id")],
    days: Annotated[int, typer.Option(help="有效天数")] = 30,
) -> None:
    """A consent token the enterprise gives a lender (valid for that key only)."""
    from courtqc.services import enterprise

    out.print(enterprise.issue_consent(_con(db), uscc, key, days))


def report_cmd(
    db: DbOpt,
    topic: Annotated[str, typer.Option(help="tax | fundraising | petition")],
    court: Annotated[str, typer.Option(help="法院代码")] = "沪",
    period: Annotated[str, typer.Option(help="2025 | 2025Q1 | 2025-03")] = "",
    out_file: Annotated[Path | None, typer.Option("--out", help="输出 .pdf 或 .html")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A thematic report (决策参考), stored and written as PDF or HTML."""
    from courtqc.indicators import default_period
    from courtqc.services import reports

    con = _con(db)
    r = reports.build(con, topic, court, period or default_period(con), by="cli")
    if out_file is not None:
        reports.write(r.html, out_file)
    if as_json:
        print_json(
            {
                "report_id": r.report_id,
                "title": r.title,
                "summary": r.summary,
                "out": str(out_file or ""),
            }
        )
        return
    f = r.summary["figures"]
    out.print(f"{r.title}: 相关案件 {f['total']}（上期 {f['previous']}），模型线索 {f['alerts']}")
    if out_file:
        out.print(f"已写入 {out_file}")


def register(app: typer.Typer) -> None:
    """`courtqc push ...`, `courtqc services ...`, `courtqc report`."""
    push_app.command("list")(list_cmd)
    push_app.command("validate")(validate_cmd)
    push_app.command("run")(run_cmd)
    push_app.command("status")(status_cmd)
    push_app.command("resend")(resend_cmd)
    push_app.command("receiver")(receiver_cmd)
    services_app.command("agency-add")(agency_add_cmd)
    services_app.command("agency-list")(agency_list_cmd)
    services_app.command("consent")(consent_cmd)
    app.add_typer(push_app, name="push")
    app.add_typer(services_app, name="services")
    app.command("report")(report_cmd)
