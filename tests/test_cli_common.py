"""The command line's shared ground (courtqc.cli_common): one translation of a CourtqcError
into a message and an exit status, for commands at any depth; opening a store; fail()."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
import typer
from pydantic import BaseModel
from typer.testing import CliRunner

from courtqc.cli_common import (
    CourtqcGroup,
    fail,
    invalid_input,
    open_db,
    opened,
    print_json,
)
from courtqc.errors import Conflict, InvalidInput, NotFound, Unavailable, Where


def _app() -> typer.Typer:
    app = typer.Typer(cls=CourtqcGroup)
    sub = typer.Typer()
    app.add_typer(sub, name="sub")

    @app.command("top")
    def top() -> None:
        raise Conflict("已存在 (already there)")

    @sub.command("deep")
    def deep() -> None:
        raise NotFound("找不到案件 X (no such case)", where=Where(file="a.csv", row=3))

    @sub.command("bug")
    def bug() -> None:
        raise RuntimeError("a bug stays a bug")

    @sub.command("refuse")
    def refuse() -> None:
        fail("不行 (refused)", code=3)

    return app


def test_a_courtqc_error_is_reported_at_any_depth() -> None:
    runner = CliRunner()
    r = runner.invoke(_app(), ["top"])
    assert r.exit_code == Conflict.exit_code == 2
    assert "已存在 (already there)" in r.output and "Traceback" not in r.output
    r = runner.invoke(_app(), ["sub", "deep"])
    assert r.exit_code == 2
    assert "a.csv, 第 3 行 (row 3): 找不到案件 X (no such case)" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_other_exceptions_are_not_swallowed_and_fail_exits_with_its_code() -> None:
    r = CliRunner().invoke(_app(), ["sub", "bug"])
    assert isinstance(r.exception, RuntimeError)
    r = CliRunner().invoke(_app(), ["sub", "refuse"])
    assert r.exit_code == 3 and "不行 (refused)" in r.output


def test_the_courtqc_app_reports_errors_for_every_command() -> None:
    from courtqc.cli import app

    assert isinstance(typer.main.get_command(app), CourtqcGroup)
    r = CliRunner().invoke(app, ["check", "--db", "/nonexistent/x.duckdb", "--case", "1",
                                 "--node", "filing"])  # fmt: skip
    assert r.exit_code == 2 and "数据库不存在" in r.output and "Traceback" not in r.output


def test_open_db_names_a_missing_or_unreadable_store(tmp_path) -> None:
    with pytest.raises(NotFound, match="数据库不存在"):
        open_db(tmp_path / "absent.duckdb")
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    with pytest.raises(Unavailable, match="无法打开数据库"):
        open_db(junk)
    good = tmp_path / "good.duckdb"
    duckdb.connect(str(good)).close()
    con = open_db(good, read_only=True)
    assert con.execute("SELECT 1").fetchone() == (1,)
    con.close()
    assert opened(good, lambda p: p.name) == "good.duckdb"


def test_invalid_input_wraps_library_value_errors_only() -> None:
    with pytest.raises(InvalidInput, match="month must be 1-12"), invalid_input(ValueError):
        raise ValueError("统计期间 '2024-13' 的月份应为 1-12 (month must be 1-12)")
    with pytest.raises(NotFound), invalid_input(ValueError):
        raise NotFound("x")
    with pytest.raises(TypeError), invalid_input(ValueError):
        raise TypeError("not input")


def test_print_json_handles_models_and_dates(capsys) -> None:
    class M(BaseModel):
        day: dt.date
        name: str

    print_json([M(day=dt.date(2024, 3, 1), name="沪0115")])
    text = capsys.readouterr().out
    assert "沪0115" in text  # not \u escaped
    assert json.loads(text) == [{"day": "2024-03-01", "name": "沪0115"}]
    print_json({"at": dt.datetime(2024, 3, 1, 8, 0)})
    assert json.loads(capsys.readouterr().out) == {"at": "2024-03-01 08:00:00"}
