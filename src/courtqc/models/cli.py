"""`courtqc models list | show | validate | promote | verify | doc`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from courtqc.cli_common import DbOpt, JsonOpt, MaybeDbOpt, err, fail, open_db, out, print_json
from courtqc.models.definition import CATEGORY_ZH, STATE_ZH, STATES
from courtqc.models.library import (
    CompiledModel,
    ModelError,
    ModelProblem,
    builtin_models,
    find,
    load_dir,
    load_model_file,
)

models_app = typer.Typer(
    help="场景模型：列表、详情、校验、生命周期、文档 (scenario models)", no_args_is_help=True
)


def all_models(models_dir: Path | None) -> list[CompiledModel]:
    """The built-in library, with the models of `models_dir` replacing those of the same id
    (`--models-dir` of every command that runs models); a bad definition fails the command."""
    try:
        ms = list(builtin_models())
        if models_dir:
            extra = load_dir(models_dir)
            ids = {m.id for m in extra}
            ms = [m for m in ms if m.id not in ids] + extra
        return ms
    except ModelError as e:
        fail(f"模型定义有误 (invalid model definitions):\n{e}")


def _states(db: Path | None, ms: list[CompiledModel]) -> dict[str, str]:
    from courtqc.models.lifecycle import effective_states

    if db is None:
        return effective_states(None, ms)
    con = open_db(db, read_only=True)
    try:
        return effective_states(con, ms)
    finally:
        con.close()


DirOpt = Annotated[Path | None, typer.Option("--models-dir", help="extra model directory")]


@models_app.command("list")
def list_cmd(db: MaybeDbOpt = None, models_dir: DirOpt = None, as_json: JsonOpt = False) -> None:
    """Every model with category, nodes, state and version."""
    ms = all_models(models_dir)
    states = _states(db, ms)
    rows = [
        {
            "id": m.id,
            "title": m.model.title.zh,
            "category": m.model.category,
            "state": states[m.id],
            "version": m.version,
            "nodes": m.model.nodes,
            "scenarios": m.model.scenarios,
            "logic": m.model.logic.kind,
        }
        for m in ms
    ]
    if as_json:
        print_json(rows)
        return
    t = Table("模型", "名称", "类别", "状态", "版本", "节点")
    for r in rows:
        t.add_row(r["id"], r["title"], CATEGORY_ZH[r["category"]], STATE_ZH[r["state"]],
                  r["version"], ",".join(r["nodes"]))  # fmt: skip
    out.print(t)


@models_app.command("show")
def show_cmd(model_id: str, db: MaybeDbOpt = None, models_dir: DirOpt = None) -> None:
    """A model's definition, state, version and the SQL it runs."""
    ms = all_models(models_dir)
    m = find(ms, model_id)  # NotFound: reported by the top-level group, exit 2
    state = _states(db, ms)[m.id]
    d = m.model.model_dump(mode="json", by_alias=True, exclude_none=True)
    d["state"] = state
    d["logic_hash"] = m.version
    d["compiled_sql"] = m.sql
    d["reads"] = sorted(m.tables)
    d["source"] = m.source
    print_json(d)


@models_app.command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="model files or directories (default: built-ins)")
    ] = None,
) -> None:
    """Validate model files before they run: YAML, fields, SQL safety, binding, placeholders.
    Every problem is printed as file:line: field: message, and the command exits 2; no input
    (binary, wrongly encoded, alias bombs, deep nesting) ends in a traceback."""
    problems = []
    count = 0
    targets = paths or []
    if not targets:
        try:
            count = len(builtin_models())
        except ModelError as e:
            problems.extend(e.problems)
    for p in targets:
        try:
            count += len(load_dir(p)) if p.is_dir() else (load_model_file(p) and 1)
        except ModelError as e:
            problems.extend(e.problems)
        except OSError as e:
            problems.append(
                ModelProblem(str(p), None, "", f"无法读取 (cannot read): {e.strerror or e}")
            )
    if problems:
        for pr in problems:
            err.print(f"[red]✗[/red] {escape(str(pr))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    out.print(f"[green]✓[/green] {count} 个模型校验通过 (valid)")


@models_app.command("promote")
def promote_cmd(
    model_id: str,
    to: Annotated[str, typer.Option("--to", help=" | ".join(STATES))],
    db: DbOpt,
    by: Annotated[str, typer.Option("--by", help="who decides")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    models_dir: DirOpt = None,
) -> None:
    """Move a model's current version to the next lifecycle state (申报→建模→推广评查→嵌入测试→上线→停用)."""
    from courtqc.models.lifecycle import promote

    m = find(all_models(models_dir), model_id)
    con = open_db(db)
    try:
        before = promote(con, m, to, by, note)  # Conflict / InvalidInput: reported, exit 2
    finally:
        con.close()
    out.print(f"{m.id} {m.model.version_label}: {STATE_ZH[before]} → {STATE_ZH[to]}")


def _with_saved(con, models_dir: Path | None) -> list[CompiledModel]:  # type: ignore[no-untyped-def]
    """The models the platform runs on this store: the library, then the workshop's saved
    versions (courtqc.web.registry) where the store has the platform's tables."""
    from courtqc.web.registry import Registry

    has_workshop = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'workshop_models'"
    ).fetchone()[0]
    if not has_workshop:
        return all_models(models_dir)
    try:
        return Registry(models_dir).all(con)
    except ModelError as e:
        fail(f"模型定义有误 (invalid model definitions):\n{e}")


@models_app.command("verify")
def verify_cmd(
    db: DbOpt,
    model_id: Annotated[str, typer.Option("--model", help="模型编号 (model id)")],
    by: Annotated[str, typer.Option("--by", help="核验人 (who verifies)")] = "cli",
    note: Annotated[str | None, typer.Option("--note")] = None,
    models_dir: DirOpt = None,
) -> None:
    """核验反馈: check a live model's current version against the verification policy
    (COURTQC_VERIFICATION_FILE, else the packaged one) — what POST /api/models/{id}/verify
    does, through the same function. Passed: it stays live, exit 0. Failed: it goes to 优化完善
    and pushes nothing more, exit 2. Refused (not live, too few answered alerts): nothing
    changes, exit 2, both thresholds named."""
    from courtqc.models.lifecycle import verify

    con = open_db(db)
    try:
        m = find(_with_saved(con, models_dir), model_id)  # NotFound: exit 2
        v = verify(con, m, by, note)  # Conflict: reported by the top-level group, exit 2
    finally:
        con.close()
    line = f"{m.id} {m.model.version_label}: {STATE_ZH[v.before]} → {STATE_ZH[v.after]}；{v.note}"
    if not v.passed:
        fail(line)
    out.print(line, highlight=False, soft_wrap=True)


@models_app.command("doc")
def doc_cmd(
    db: Annotated[
        Path, typer.Option("--db", help="合成法院，用于回测 (synthetic court to backtest on)")
    ],
    output: Annotated[Path, typer.Option("--out")] = Path("docs/MODELS.md"),
    command: Annotated[
        str, typer.Option("--command", help="how the court was made (quoted in the doc)")
    ] = "",
) -> None:
    """Write docs/MODELS.md: every built-in model with its legal basis and backtest figures."""
    from courtqc.engine.backtest import backtest
    from courtqc.models.docs import render_models_doc

    models = list(builtin_models())
    con = open_db(db, read_only=True)
    try:
        scores = {s.model_id: s for s in backtest(con, models, model_ids=[m.id for m in models])}
        text = render_models_doc(con, models, scores, command)
    finally:
        con.close()
    output.write_text(text, encoding="utf-8")
    out.print(f"wrote {output}")


def register(app: typer.Typer) -> None:
    """Add `courtqc models ...` to the top-level app."""
    app.add_typer(models_app, name="models")
