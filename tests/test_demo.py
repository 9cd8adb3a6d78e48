"""The README's main job, end to end on a small court (without serving)."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from courtqc.cli import COMMAND_MODULES, app


def test_every_command_module_registers() -> None:
    import importlib

    for mod in COMMAND_MODULES:
        assert callable(importlib.import_module(mod).register), mod


def test_demo_runs_every_step(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    res = CliRunner().invoke(app, ["demo", "--db", str(db), "--cases", "600", "--no-serve"])
    assert res.exit_code == 0, res.output
    for step in (
        "1. 生成合成法院数据",
        "3. 当事人身份识别",
        "4. 裁判文书信息点抽取",
        "5. 场景模型",
        "6. 审判质效指标",
    ):
        assert step in res.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 600
    assert con.execute("SELECT count(*) FROM parties WHERE person_key IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM info_points").fetchone()[0] > 0
