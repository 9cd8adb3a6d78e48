"""`courtqc cms init|run|status`: the simulated court CMS in PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from courtqc.cli_common import fail, opened, out

if TYPE_CHECKING:
    import psycopg2.extensions

cms_app = typer.Typer(
    help="模拟审判管理系统 (the simulated court CMS in PostgreSQL: seed it, drive a workload).",
    no_args_is_help=True,
)

#: Default None: the configured COURTQC_CMS_DSN (courtqc.config), read when the command runs.
DsnOpt = Annotated[
    str | None,
    typer.Option(
        "--dsn",
        help="PostgreSQL DSN of the CMS database (created if absent; default: COURTQC_CMS_DSN)",
    ),
]


def _dsn(dsn: str | None) -> str:
    """The --dsn given, else the configured one."""
    from courtqc.config import settings

    return dsn or settings().cms_dsn


def dead_people(court_db: str | Path, limit: int = 5000) -> list[tuple[str, str]]:
    """(name, ID number) of people the population register lists as dead."""
    import duckdb

    con = opened(Path(court_db), lambda p: duckdb.connect(str(p), read_only=True))
    try:
        return con.execute(
            "SELECT name, id_number FROM registry_population WHERE status = 'dead' ORDER BY id_number LIMIT ?",
            [limit],
        ).fetchall()
    finally:
        con.close()


def generate_court(path: Path, cases: int, seed: int) -> None:
    """A synthetic court of `cases` cases at `path` (the CMS is seeded from it)."""
    from courtqc.synth import generate

    path.parent.mkdir(parents=True, exist_ok=True)
    generate(path, cases=cases, seed=seed)


@cms_app.command("init")
def init_cmd(
    dsn: DsnOpt = None,
    cases: Annotated[
        int, typer.Option("--cases", help="cases of the synthetic court to generate")
    ] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="random seed of the synthetic court")] = 1,
    from_db: Annotated[
        Path | None,
        typer.Option(
            "--from", help="seed from this canonical DuckDB store instead of generating one"
        ),
    ] = None,
    court_db: Annotated[
        Path, typer.Option("--court-db", help="where the generated synthetic court is written")
    ] = Path("var/cms/court.duckdb"),
    replace: Annotated[
        bool, typer.Option("--replace", help="drop the CMS tables first if they hold data")
    ] = False,
) -> None:
    """建库并写入合成法院数据 — create the CMS schema and seed it from the synthetic court."""
    import duckdb
    import psycopg2

    from courtqc.cms import db
    from courtqc.cms import seed as seeding

    dsn = _dsn(dsn)
    source = from_db
    if source is None:
        if court_db.exists():
            court_db.unlink()
        generate_court(court_db, cases, seed)
        source = court_db
    elif not source.is_file():
        fail(f"{source}: 文件不存在 (no such file)")
    created = db.ensure_database(dsn)
    pg = db.connect(dsn)
    try:
        if not created and not replace and any(n for t, n in _counts(pg).items() if t != "ts_dm"):
            fail(
                f"审判管理系统 {db.describe(dsn)} 已有数据；加 --replace 重建 "
                "(the CMS holds data: use --replace)"
            )
        db.create_schema(pg, replace=True)
        con = opened(source, lambda p: duckdb.connect(str(p), read_only=True))
        try:
            res = seeding.seed_from_store(con, pg)
        except (seeding.SeedError, psycopg2.Error) as e:
            pg.rollback()
            fail(f"写入审判管理系统失败 (seeding failed): {e}")
        finally:
            con.close()
    finally:
        pg.close()
    t = Table(title=f"审判管理系统 {db.describe(dsn)} (seeded from {source})")
    t.add_column("表 table")
    t.add_column("行 rows", justify="right")
    for k, v in res.rows.items():
        t.add_row(k, str(v))
    out.print(t)
    for reason, n in res.skipped.items():
        typer.echo(f"未写入 (not carried over) ×{n}: {reason}", err=True)


def _counts(pg: psycopg2.extensions.connection) -> dict[str, int]:
    """Rows per CMS table; none when the schema is not there yet."""
    from psycopg2 import errors

    from courtqc.cms import db

    try:
        return db.row_counts(pg)
    except errors.UndefinedTable:
        pg.rollback()
        return {}


@cms_app.command("run")
def run_cmd(
    rate: Annotated[float, typer.Option("--rate", help="node changes per second")] = 50.0,
    duration: Annotated[float, typer.Option("--duration", help="seconds to run")] = 60.0,
    dsn: DsnOpt = None,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    workers: Annotated[int, typer.Option("--workers", help="concurrent clerks (connections)")] = 2,
    dead_from: Annotated[
        Path | None,
        typer.Option(
            "--dead-from",
            help="canonical store whose population register names dead people to file against",
        ),
    ] = None,
    dead_share: Annotated[
        float, typer.Option("--dead-share", help="share of new cases with a dead defendant")
    ] = 0.2,
    log: Annotated[
        Path | None,
        typer.Option("--log", help="write every node change (ajbs, node code) as JSON here"),
    ] = None,
) -> None:
    """驱动案件流转 — move live cases through workflow nodes at a chosen rate."""
    from courtqc.cms.workload import run_workload

    dead = dead_people(dead_from) if dead_from else None
    stats = run_workload(
        _dsn(dsn), rate, duration, seed=seed, workers=workers, dead=dead, dead_share=dead_share
    )
    summary = {k: v for k, v in stats.__dict__.items() if k not in ("log", "withdrawn")}
    summary["rate"] = round(stats.rate, 1)
    typer.echo(json.dumps(summary, ensure_ascii=False))
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(
            json.dumps({"node_changes": stats.log, "withdrawn": stats.withdrawn}), encoding="utf-8"
        )


@cms_app.command("status")
def status_cmd(dsn: DsnOpt = None) -> None:
    """行数与复制槽 — row counts and replication slots of the CMS. A CMS that cannot be
    reached is said in one line (CmsError, exit 2), not a traceback."""
    from courtqc.cms import db

    pg = db.connect(_dsn(dsn), autocommit=True)
    try:
        counts = _counts(pg)
        with pg.cursor() as cur:
            cur.execute(
                "SELECT slot_name, plugin, active, confirmed_flush_lsn::text, "
                "pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) FROM pg_replication_slots "
                "WHERE database = current_database()"
            )
            slots = cur.fetchall()
    finally:
        pg.close()
    typer.echo(json.dumps({"tables": counts, "slots": [
        {"slot": s, "plugin": p, "active": a, "confirmed_flush_lsn": c, "retained_wal": w} for s, p, a, c, w in slots
    ]}, ensure_ascii=False, indent=2))  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add `courtqc cms ...` to the top-level app."""
    app.add_typer(cms_app, name="cms")
