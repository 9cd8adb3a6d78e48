"""`courtqc indicators ...`, `courtqc overview` and `courtqc reversals`.

The commands are module-level functions on `indicators_app` (importable by tests); `register`
adds the sub-app and the two top-level commands to the `courtqc` app. Bad input (an unknown
indicator, court or period) is raised by the library and reported by the app (cli_common)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from courtqc.cli_common import (
    DbOpt,
    JsonOpt,
    MaybeDbOpt,
    err,
    fail,
    invalid_input,
    opened,
    print_json,
)
from courtqc.cli_common import out as console

if TYPE_CHECKING:
    import duckdb

    from courtqc.indicators import Slice

CourtOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--court", help="法院代字，如 沪0115；可重复；'*' 为全部法院 (court code; repeatable)"
    ),
]
OneCourtOpt = Annotated[str | None, typer.Option("--court", help="法院代字 (court code)")]
OwnOpt = Annotated[bool, typer.Option("--own", help="只计本院案件，不含下级法院 (own cases only)")]
PeriodOpt = Annotated[
    list[str] | None,
    typer.Option("--period", help="2024 | 2024Q1 | 2024-03 | 2024-01-01..2024-03-31；可重复"),
]
OnePeriodOpt = Annotated[str | None, typer.Option("--period", help="2024 | 2024Q1 | 2024-03")]
LevelOpt = Annotated[
    str | None, typer.Option("--level", help="法院层级 high|intermediate|specialised|basic")
]
JudgeOpt = Annotated[int | None, typer.Option("--judge", help="法官 judge_id")]
DeptOpt = Annotated[int | None, typer.Option("--dept", help="部门 dept_id")]
FamilyOpt = Annotated[
    str | None, typer.Option("--family", help="案件大类 civil|criminal|enforcement ...")
]
ProcOpt = Annotated[
    str | None, typer.Option("--procedure", help="审级/程序 first|second|retrial ...")
]
TypeOpt = Annotated[str | None, typer.Option("--type-code", help="类型代字，如 民初、执")]
CauseOpt = Annotated[str | None, typer.Option("--cause", help="案由名称或代码")]
IndicatorArg = Annotated[str, typer.Argument(help="指标 id")]

indicators_app = typer.Typer(
    help="审判质效指标：计算、趋势、对比、下钻 (indicators: compute, trend, compare, drill).",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    """`courtqc indicators ...`, `courtqc overview`, `courtqc reversals`."""
    app.add_typer(indicators_app, name="indicators")
    app.command("overview")(overview_cmd)
    app.command("reversals")(reversals_cmd)


def _open(db: Path) -> duckdb.DuckDBPyConnection:
    """The store, with its case-fact table built first if the data or the code changed."""
    import duckdb

    from courtqc.indicators import facts

    con = opened(db, lambda p: duckdb.connect(str(p)))
    if not facts.is_current(con):
        err.print("[dim]正在生成指标事实表 (building the case-fact table) …[/dim]")
        n = facts.prepare(con)
        err.print(f"[dim]事实表已生成：{n:,} 件案件[/dim]")
    return con


def _slice(
    con: duckdb.DuckDBPyConnection,
    period: str | None,
    *,
    court: str | None = None,
    own: bool = False,
    level: str | None = None,
    judge: int | None = None,
    dept: int | None = None,
    family: str | None = None,
    procedure: str | None = None,
    type_code: str | None = None,
    cause: str | None = None,
) -> Slice:
    """The slice the options name; the period defaults to the data's latest year."""
    from courtqc.indicators import Slice, default_period

    return Slice(
        period=period or default_period(con),
        court=court,
        subtree=not own,
        court_level=level,
        judge_id=judge,
        dept_id=dept,
        family=family,
        procedure=procedure,
        type_code=type_code,
        cause=cause,
    )


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return {
        "percent": f"{value:.2f}%",
        "days": f"{value:.1f} 天",
        "count": f"{value:,.0f}",
        "per_10k": f"{value:.2f} 件/万人",
        "cases_per_judge": f"{value:.1f} 件/人",
        "ratio": f"{value:.2f}",
        "yuan": f"{value:,.2f} 元",
    }.get(unit, f"{value:.4g}")


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _values_table(title: str, values) -> Table:
    from courtqc.indicators.models import GROUP_ZH

    arrow = {"higher": "↑", "lower": "↓", "neutral": "·"}
    t = Table(title=title, title_justify="left")
    t.add_column("类别")
    t.add_column("指标 indicator")
    t.add_column("值 value", justify="right")
    t.add_column("分子", justify="right")
    t.add_column("分母", justify="right")
    t.add_column("优", justify="center")
    t.add_column("id", style="dim")
    for v in values:
        t.add_row(
            GROUP_ZH.get(v.group, v.group),
            v.name_zh,
            fmt_value(v.value, v.unit),
            _num(v.numerator),
            _num(v.denominator),
            arrow[v.direction],
            v.id,
        )
    return t


def _court_list(con, courts: list[str] | None) -> list[str | None]:
    if not courts:
        return [None]
    if "*" in courts:
        return [
            r[0]
            for r in con.execute("SELECT court_code FROM courts ORDER BY court_code").fetchall()
        ]
    known = {r[0] for r in con.execute("SELECT court_code FROM courts").fetchall()}
    for c in courts:
        if c not in known:
            fail(f"未知法院代字 (unknown court code): {c}")
    return list(courts)


@indicators_app.callback()
def compute_cmd(
    ctx: typer.Context,
    db: MaybeDbOpt = None,
    court: CourtOpt = None,
    own: OwnOpt = False,
    period: PeriodOpt = None,
    level: LevelOpt = None,
    judge: JudgeOpt = None,
    dept: DeptOpt = None,
    family: FamilyOpt = None,
    procedure: ProcOpt = None,
    type_code: TypeOpt = None,
    cause: CauseOpt = None,
    ids: Annotated[str | None, typer.Option("--ids", help="只算这些指标，逗号分隔")] = None,
    as_json: JsonOpt = False,
) -> None:
    """计算指标 (compute the catalogue for a slice): courtqc indicators --db D [--court C] [--period P]."""
    if ctx.invoked_subcommand is not None:
        return
    if db is None:
        fail("需要 --db (a database is required); 子命令见 courtqc indicators --help")
    from courtqc.indicators import breakdown, compute, default_period

    con = _open(db)
    id_list = [i.strip() for i in ids.split(",")] if ids else None
    periods = period or [default_period(con)]
    courts = _court_list(con, court)
    out = []
    with invalid_input(ValueError):
        for p in periods:
            base = _slice(
                con, p, own=own, level=level, judge=judge, dept=dept, family=family,
                procedure=procedure, type_code=type_code, cause=cause,
            )  # fmt: skip
            if len(courts) > 1:
                rows = breakdown(con, base, "court_own" if own else "court", id_list, keys=courts)
                out += [(f"{r.label}（{r.key}） {p}", r.values) for r in rows]
            else:
                sl = base.model_copy(update={"court": courts[0]})
                out.append((f"{courts[0] or '全部法院'} {p}", compute(con, sl, id_list)))
    if as_json:
        print_json([v for _, vals in out for v in vals])
        return
    for title, vals in out:
        console.print(_values_table(f"审判质效指标 — {title}", vals))


@indicators_app.command("prepare")
def prepare_cmd(db: DbOpt) -> None:
    """生成/刷新指标事实表 (build the case-fact table once after a load)."""
    import duckdb

    from courtqc.indicators import facts

    con = opened(db, lambda p: duckdb.connect(str(p)))
    t0 = time.perf_counter()
    n = facts.prepare(con)
    console.print(f"指标事实表 {facts.FACTS}: {n:,} 件案件，用时 {time.perf_counter() - t0:.1f} s")


@indicators_app.command("drill")
def drill_cmd(
    indicator_id: IndicatorArg,
    db: DbOpt,
    part: Annotated[str, typer.Option("--part", help="numerator | denominator")] = "numerator",
    court: OneCourtOpt = None,
    own: OwnOpt = False,
    period: OnePeriodOpt = None,
    level: LevelOpt = None,
    judge: JudgeOpt = None,
    dept: DeptOpt = None,
    family: FamilyOpt = None,
    procedure: ProcOpt = None,
    type_code: TypeOpt = None,
    cause: CauseOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", help="最多列出多少行")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """下钻：列出构成分子或分母的案件及其计入原因 (the cases behind a number)."""
    from courtqc.indicators import compute, drill

    con = _open(db)
    sl = _slice(
        con, period, court=court, own=own, level=level, judge=judge, dept=dept, family=family,
        procedure=procedure, type_code=type_code, cause=cause,
    )  # fmt: skip
    with invalid_input(ValueError):
        rows = drill(con, indicator_id, sl, part, limit=limit)
        (v,) = compute(con, sl, [indicator_id])
    if as_json:
        print_json(rows)
        return
    total = v.numerator if part == "numerator" else v.denominator
    t = Table(
        title=f"{v.name_zh} {fmt_value(v.value, v.unit)} — {'分子' if part == 'numerator' else '分母'} "
        f"{_num(total)}（列出 {len(rows)}）",
        title_justify="left",
    )
    for col in ("案号 / 对象", "法院", "立案", "结案", "计入", "原因 reason"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            r.case_no or (str(r.judge_id) if r.judge_id else ""),
            r.court_code or "",
            str(r.filing_date or ""),
            str(r.closing_date or ""),
            _num(r.amount),
            r.reason,
        )
    console.print(t)


@indicators_app.command("trend")
def trend_cmd(
    indicator_id: IndicatorArg,
    db: DbOpt,
    months: Annotated[int, typer.Option("--months", help="月数")] = 12,
    court: OneCourtOpt = None,
    own: OwnOpt = False,
    period: Annotated[str | None, typer.Option("--period", help="最后一个月所在期间")] = None,
    judge: JudgeOpt = None,
    family: FamilyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按月趋势 (monthly trend of one indicator)."""
    from courtqc.indicators import trend

    con = _open(db)
    sl = _slice(con, period, court=court, own=own, judge=judge, family=family)
    with invalid_input(ValueError):
        vals = trend(con, indicator_id, sl, months)
    if as_json:
        print_json(vals)
        return
    t = Table(title=f"{vals[0].name_zh} 按月 — {court or '全部法院'}", title_justify="left")
    for col in ("月份", "值", "分子", "分母"):
        t.add_column(col, justify="right")
    for v in vals:
        t.add_row(v.period, fmt_value(v.value, v.unit), _num(v.numerator), _num(v.denominator))
    console.print(t)


@indicators_app.command("compare")
def compare_cmd(
    indicator_id: IndicatorArg,
    db: DbOpt,
    period: OnePeriodOpt = None,
    court: CourtOpt = None,
    own: OwnOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """法院对比 (one indicator, court against court; each court with its lower courts)."""
    from courtqc.indicators import compare, default_period

    con = _open(db)
    courts = None if not court or "*" in court else _court_list(con, court)
    with invalid_input(ValueError):
        vals = compare(con, indicator_id, period or default_period(con), courts, subtree=not own)
    if as_json:
        print_json(vals)
        return
    names = dict(con.execute("SELECT court_code, name FROM courts").fetchall())
    t = Table(title=f"{vals[0].name_zh} 法院对比 {vals[0].period}", title_justify="left")
    for col in ("法院", "代字", "值", "分子", "分母"):
        t.add_column(col, justify="right")
    for v in sorted(vals, key=lambda v: (v.value is None, -(v.value or 0))):
        t.add_row(
            names.get(v.slice.court, ""),
            v.slice.court or "",
            fmt_value(v.value, v.unit),
            _num(v.numerator),
            _num(v.denominator),
        )
    console.print(t)


@indicators_app.command("breakdown")
def breakdown_cmd(
    db: DbOpt,
    by: Annotated[
        str,
        typer.Option("--by", help="court|court_own|judge|dept|family|procedure|type_code|cause"),
    ],
    ids: Annotated[
        str, typer.Option("--ids", help="指标 id，逗号分隔")
    ] = "closed_count,pending_count,per_judge_closed",
    court: OneCourtOpt = None,
    own: OwnOpt = False,
    period: OnePeriodOpt = None,
    family: FamilyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """分组 (by judge, department, family ...): e.g. per-judge workload."""
    from courtqc.indicators import breakdown

    con = _open(db)
    sl = _slice(con, period, court=court, own=own, family=family)
    with invalid_input(ValueError):
        rows = breakdown(con, sl, by, [i.strip() for i in ids.split(",")])
    if as_json:
        print_json(rows)
        return
    t = Table(title=f"按 {by} 分组 — {court or '全部法院'} {sl.period}", title_justify="left")
    t.add_column(by)
    for v in rows[0].values if rows else []:
        t.add_column(v.name_zh, justify="right")
    for r in rows:
        t.add_row(r.label, *[fmt_value(v.value, v.unit) for v in r.values])
    console.print(t)


@indicators_app.command("catalogue")
def catalogue_cmd(as_json: JsonOpt = False) -> None:
    """列出指标目录 (the catalogue: definitions, formulas, sources)."""
    from courtqc.indicators import default
    from courtqc.indicators.models import GROUP_ZH

    cat = default()
    if as_json:
        print_json([c.ind for c in cat.values()])
        return
    t = Table(title=f"指标目录 ({len(cat)} 项)", title_justify="left")
    for col in ("类别", "id", "名称", "单位", "依据"):
        t.add_column(col)
    for c in cat.values():
        t.add_row(GROUP_ZH[c.ind.group], c.ind.id, c.ind.name_zh, c.ind.unit, c.ind.basis)
    console.print(t)


@indicators_app.command("docs")
def docs_cmd(
    write: Annotated[Path | None, typer.Option("--write", help="更新此文件中生成的目录表")] = None,
) -> None:
    """生成 docs/INDICATORS.md 的目录表 (regenerate the catalogue table)."""
    from courtqc.indicators.docs import render_table, update_file

    if write:
        with invalid_input(ValueError):
            update_file(write)
        console.print(f"已更新 {write}")
    else:
        sys.stdout.write(render_table())


def overview_cmd(
    db: DbOpt,
    court: OneCourtOpt = None,
    own: OwnOpt = False,
    period: OnePeriodOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="超审限/长期未结案件最多列出多少件")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """态势总览 (situation overview: intake, closings, pending, flow, overdue, 万人成讼率)."""
    from courtqc.analytics import overview

    con = _open(db)
    sl = _slice(con, period, court=court, own=own)
    with invalid_input(ValueError):
        ov = overview(con, sl, limit=limit)
    if as_json:
        print_json(ov)
        return
    _print_overview(ov)


def reversals_cmd(
    db: DbOpt,
    court: OneCourtOpt = None,
    own: OwnOpt = False,
    period: OnePeriodOpt = None,
    judge: JudgeOpt = None,
    family: FamilyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """改判发回分析 (cases modified or remanded on appeal/retrial; share reviewed)."""
    from courtqc.analytics import reversals

    con = _open(db)
    sl = _slice(con, period, court=court, own=own, judge=judge, family=family)
    with invalid_input(ValueError):
        rep = reversals(con, sl)
    if as_json:
        print_json(rep)
        return
    share = f"{rep.share_reviewed:.1f}%" if rep.share_reviewed is not None else "—"
    console.print(
        f"[bold]改判发回案件 {rep.total} 件[/bold]（{court or '全部法院'} {sl.period}）；"
        f"已评查 {rep.reviewed} 件（{share}）；结论 {rep.review_outcomes}；追责 {rep.accountable} 件"
    )
    for title, buckets in (
        ("按原因", rep.by_reason),
        ("按法院", rep.by_court),
        ("按法官", rep.by_judge[:15]),
        ("按案由", rep.by_cause[:15]),
        ("按结果", rep.by_result),
    ):
        t = Table(title=title, title_justify="left")
        for col in ("", "件数", "已评查", "评查率"):
            t.add_column(col, justify="right")
        for b in buckets:
            t.add_row(
                b.label,
                str(b.cases),
                str(b.reviewed),
                f"{b.share_reviewed:.0f}%" if b.share_reviewed is not None else "—",
            )
        console.print(t)


def _print_overview(ov) -> None:
    sl = ov.slice
    console.rule(
        f"态势总览 — {sl.court or '全部法院'} {sl.period}（{ov.start} 至 {ov.end}，不含末日）"
    )
    t = Table(title="收结存 (by family)", title_justify="left")
    for col in ("类别", "旧存", "新收", "已结", "未结"):
        t.add_column(col, justify="right")
    for r in [*ov.by_family, ov.totals]:
        t.add_row(r.label, f"{r.carried_over:,}", f"{r.filed:,}", f"{r.closed:,}", f"{r.pending:,}")
    console.print(t)
    t = Table(title="流程节点 (flow through workflow nodes in the period)", title_justify="left")
    for col in ("节点", "案件", "事件", "距立案平均天数", "当前停留(未结)"):
        t.add_column(col, justify="right")
    for n in ov.flow:
        t.add_row(
            n.name_zh,
            f"{n.cases:,}",
            f"{n.events:,}",
            f"{n.avg_days_from_filing:.1f}" if n.avg_days_from_filing is not None else "—",
            f"{n.pending_here:,}",
        )
    console.print(t)
    console.print(
        f"超审限未结 [bold red]{ov.overdue_count:,}[/bold red] 件；长期未结（超12个月）"
        f"[bold]{ov.long_pending_count:,}[/bold] 件"
    )
    for title, rows in (("超审限未结（部分）", ov.overdue), ("长期未结（部分）", ov.long_pending)):
        if rows:
            t = Table(title=title, title_justify="left")
            t.add_column("案号")
            t.add_column("原因")
            for r in rows:
                t.add_row(r.case_no or "", r.reason)
            console.print(t)
    if ov.districts:
        t = Table(title="万人成讼率 (by district; 常住人口)", title_justify="left")
        for col in ("区", "法院", "常住人口", "民商事一审收案", "万人成讼率", "万人起诉率"):
            t.add_column(col, justify="right")
        for d in ov.districts:
            t.add_row(
                d.district,
                d.court_code,
                f"{d.residents:,}",
                f"{d.civil_first_instance_filed:,}",
                fmt_value(d.litigation_per_10k, "per_10k"),
                fmt_value(d.suits_per_10k, "per_10k"),
            )
        console.print(t)
        console.print(
            f"[dim]人口来源：{ov.districts[0].population_source}（{ov.districts[0].population_year}）[/dim]"
        )
    pm = ov.presuit_mediation
    rate = f"{pm.success_rate:.1f}%" if pm.success_rate is not None else "—"
    console.print(
        f"诉前调解：收 {pm.filed:,} 件，办结 {pm.closed:,} 件，成功 {pm.succeeded:,} 件（{rate}），"
        f"期末在办 {pm.pending:,} 件；经诉前调解后立案 {pm.filed_after_mediation:,} 件"
    )
