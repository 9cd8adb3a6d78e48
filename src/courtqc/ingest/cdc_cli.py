"""`courtqc ingest cdc|file|serve|verify`: CMS data into the canonical store through a mapping."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

ingest_app = typer.Typer(
    help="从审判管理系统采集数据 (CMS data through a mapping: change data capture, event API, files).",
    no_args_is_help=True,
)

MappingOpt = Annotated[
    str, typer.Option("--mapping", help="mapping YAML file, or the name of a bundled one (simcms)")
]
DbOpt = Annotated[Path, typer.Option("--db", help="canonical DuckDB store (created if absent)")]
DsnOpt = Annotated[
    str | None,
    typer.Option("--dsn", help="PostgreSQL DSN of the CMS (default: COURTQC_CMS_DSN)"),
]


def _dsn(dsn: str | None) -> str:
    """The --dsn given, else the configured one (read when the command runs, not at import)."""
    from courtqc.config import settings

    return dsn or settings().cms_dsn


def _mapper(mapping: str):
    from courtqc.ingest.mapping import MappingError, load_mapping

    try:
        return load_mapping(mapping)
    except MappingError as e:
        typer.echo(f"映射文件有误 (bad mapping):\n{e}", err=True)
        raise typer.Exit(code=2) from None


def _models(ids: list[str] | None) -> list | None:
    if not ids:
        return None
    from courtqc.models.library import builtin_models

    by_id = {m.id: m for m in builtin_models()}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise typer.BadParameter(
            f"未知模型 {unknown} (unknown model ids); 可用: {', '.join(sorted(by_id))}"
        )
    return [by_id[i] for i in ids]


# back-pressure (docs/INGEST.md "Back-pressure")
BehindOpt = Annotated[
    float,
    typer.Option(
        "--behind", help="node checks older than this (s) are behind: logged and in metrics"
    ),
]
ShedAfterOpt = Annotated[
    float,
    typer.Option(
        "--shed-after",
        help="load shedding: node checks older than this (s) are answered 'shed', not run "
        "(0: never; latency is then unbounded when checks cannot keep up)",
    ),
]


@ingest_app.command("cdc")
def cdc_cmd(
    db: DbOpt,
    dsn: DsnOpt = None,
    slot: Annotated[
        str, typer.Option("--slot", help="logical replication slot (created on first run)")
    ] = "courtqc",
    mapping: MappingOpt = "simcms",
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST every live alert to this URL")
    ] = None,
    reference_from: Annotated[
        Path | None,
        typer.Option(
            "--reference-from",
            help="on the first run, copy registers/causes/lawyers from this store",
        ),
    ] = None,
    until_lsn: Annotated[
        str | None,
        typer.Option(
            "--until-lsn",
            help="stop once caught up to this LSN ('now': the CMS's current position)",
        ),
    ] = None,
    checks: Annotated[
        bool, typer.Option("--checks/--no-checks", help="run node mode on node changes")
    ] = True,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model", help="only these models (repeatable; default: the built-in library)"
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="node mode's today, YYYY-MM-DD (default: the data's latest day)"
        ),
    ] = None,
    batch_rows: Annotated[
        int, typer.Option("--batch-rows", help="most row changes per store transaction")
    ] = 20_000,
    quiet: Annotated[bool, typer.Option("--quiet", help="log warnings only")] = False,
    metrics_port: Annotated[
        int | None,
        typer.Option("--metrics-port", help="serve Prometheus /metrics on this port"),
    ] = None,
    metrics_host: Annotated[
        str, typer.Option("--metrics-host", help="address the /metrics listener binds")
    ] = "127.0.0.1",
    hub_refresh: Annotated[
        float,
        typer.Option(
            "--hub-refresh",
            help="recount institutional litigants at most this often (s) while parties change",
        ),
    ] = 30.0,
    behind: BehindOpt = 30.0,
    shed_after: ShedAfterOpt = 0.0,
    check_nice: Annotated[
        int,
        typer.Option(
            "--check-nice",
            help="node checks run at this much lower CPU priority than applying changes "
            "(0: the same), so the hub never falls behind the CMS for their sake",
        ),
    ] = 10,
    webhook_drain: Annotated[
        float,
        typer.Option(
            "--webhook-drain", help="on stop, seconds to deliver due webhooks (rest: next start)"
        ),
    ] = 10.0,
    memory_limit: Annotated[
        str,
        typer.Option("--memory-limit", help="DuckDB's memory limit for the store (e.g. 1GB, 4GB)"),
    ] = "1GB",
) -> None:
    """日志采集 — capture every CMS change (logical replication) and check cases at their nodes.

    Runs until SIGTERM/SIGINT (or --until-lsn). A lost PostgreSQL connection is reopened with
    backoff; any failure before streaming exits 2 with its cause (docs/INGEST.md)."""
    import duckdb
    import psycopg2

    from courtqc import runtime
    from courtqc.errors import CourtqcError
    from courtqc.ingest.cdc import CdcRunner, current_lsn, explain, lsn_to_int
    from courtqc.ingest.pg import CmsError

    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO, format="%(asctime)s %(name)s: %(message)s"
    )
    logging.getLogger("courtqc.ingest.cdc").info("内存分配器 allocator: %s", runtime.in_use())
    try:
        dsn = _dsn(dsn)
        until = None
        if until_lsn:
            until = current_lsn(dsn) if until_lsn == "now" else lsn_to_int(until_lsn)
        runner = CdcRunner(
            dsn, slot, db, _mapper(mapping), webhook=webhook, checks=checks,
            batch_rows=batch_rows, until_lsn=until, reference_from=reference_from,
            models=_models(model), as_of=dt.date.fromisoformat(as_of) if as_of else None,
            metrics_port=metrics_port, metrics_host=metrics_host, hub_refresh_seconds=hub_refresh,
            behind_seconds=behind, shed_after_seconds=shed_after or None, check_nice=check_nice,
            webhook_drain_seconds=webhook_drain, memory_limit=memory_limit,
        )  # fmt: skip
        stats = runner.run()
    except (CourtqcError, CmsError) as e:
        typer.echo(f"CDC 错误 (error): {e}", err=True)
        raise typer.Exit(code=2) from None
    except (duckdb.Error, psycopg2.Error, OSError) as e:
        # the environment failed (disk, lock, database): say what, not where in the code
        known = explain(e, db)
        typer.echo(f"CDC 错误 (error): {known or e}", err=True)
        raise typer.Exit(code=2) from None
    timing = ("started", "streaming_since", "first_apply", "last_apply")
    out = {k: v for k, v in stats.__dict__.items() if k not in timing}
    typer.echo(json.dumps(out, ensure_ascii=False))


@ingest_app.command("file")
def file_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="CSV / JSON / JSONL / Parquet files named after a CMS table"),
    ],
    db: DbOpt,
    mapping: MappingOpt = "simcms",
    table: Annotated[
        str | None, typer.Option("--table", help="source table (default: from the file name)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
) -> None:
    """按映射导入审判管理系统导出文件，坏行隔离 — import CMS-layout files, quarantining bad rows."""
    from courtqc.ingest.fileimport import import_files

    results, errors = import_files(db, _mapper(mapping), list(files), table)
    if as_json:
        typer.echo(
            json.dumps(
                {"files": [r.__dict__ for r in results], "errors": errors},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        t = Table(title="按映射导入 (mapped import)")
        for col in (
            "文件 file",
            "源表 table",
            "行 rows",
            "已导入 loaded",
            "已隔离 quarantined",
            "原因 reasons",
        ):
            t.add_column(col)
        for r in results:
            reasons = "; ".join(f"{k} ×{v}" for k, v in r.reasons.items())
            t.add_row(r.file, r.table, str(r.rows), str(r.loaded), str(r.quarantined), reasons)
        Console().print(t)
    for e in errors:
        typer.echo(f"错误 error: {e}", err=True)
    if errors:
        raise typer.Exit(code=2)


@ingest_app.command("serve")
def serve_cmd(
    db: DbOpt,
    mapping: MappingOpt = "simcms",
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8077,
) -> None:
    """节点事件接口 — serve POST /events for CMSs that call out."""
    import uvicorn

    from courtqc.web.events_app import create_app

    uvicorn.run(create_app(db, _mapper(mapping)), host=host, port=port)


@ingest_app.command("verify")
def verify_cmd(
    db: DbOpt,
    dsn: DsnOpt = None,
    mapping: MappingOpt = "simcms",
) -> None:
    """核对 — compare the store with the CMS read through the mapping, table by table."""
    import duckdb

    from courtqc.ingest.verify import compare

    con = duckdb.connect(str(db), read_only=True)
    try:
        diffs = compare(con, _dsn(dsn), _mapper(mapping))
    finally:
        con.close()
    t = Table(title="库与审判管理系统核对 (store vs CMS)")
    for col in ("表 table", "CMS", "库 store", "缺 missing", "多 extra"):
        t.add_column(col)
    for d in diffs:
        t.add_row(d.table, str(d.cms_rows), str(d.store_rows), str(d.missing), str(d.extra))
    Console().print(t)
    if not all(d.equal for d in diffs):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(ingest_app, name="ingest")
