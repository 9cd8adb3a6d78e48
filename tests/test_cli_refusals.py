"""Commands moved onto the shared ground (issue 14) refuse in one line with exit 2, never a
traceback: the platform's user and key commands, the CMS commands with the database down or a
DSN that does not parse, load into a store; and the ingest errors are in the one family."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.errors import InvalidInput, NotFound, Unavailable

runner = CliRunner()
#: Nothing listens on port 1: a CMS that is down.
DOWN = "postgresql://postgres@127.0.0.1:1/simcms"


def _refused(r, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    for w in words:
        assert w in r.output, r.output


def test_platform_commands_on_a_missing_or_foreign_store(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    for args in (["users", "list"], ["users", "seed"], ["apikey", "create", "--name", "x",
                                                          "--court", "沪0115"]):  # fmt: skip
        _refused(runner.invoke(app, [*args, "--db", str(missing)]), "数据库不存在")
        assert not missing.exists()
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database", encoding="utf-8")
    _refused(runner.invoke(app, ["users", "list", "--db", str(junk)]), "无法打开数据库")


def test_passwd_of_an_unknown_user(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    duckdb.connect(str(db)).close()  # an empty store: the platform tables are made on open
    r = runner.invoke(
        app, ["users", "passwd", "--db", str(db), "--username", "ghost", "--password", "x" * 12]
    )
    _refused(r, "没有用户 'ghost' (no such user)")


def test_cms_commands_with_the_database_down() -> None:
    for args in (["cms", "status"], ["cms", "run", "--duration", "0.1"]):
        _refused(runner.invoke(app, [*args, "--dsn", DOWN]), "无法连接审判管理系统数据库")
    r = runner.invoke(app, ["cms", "status", "--dsn", "user=a password=secret-9 host"])
    _refused(r, "invalid DSN")
    assert "secret-9" not in r.output  # the DSN is not echoed, password and all


def test_cms_status_reads_the_configured_dsn_when_it_runs(monkeypatch) -> None:
    from courtqc.config import settings

    monkeypatch.setenv("COURTQC_CMS_DSN", DOWN)
    settings.cache_clear()
    try:
        _refused(runner.invoke(app, ["cms", "status"]), "127.0.0.1:1/simcms")
    finally:
        settings.cache_clear()


def test_cms_init_from_a_missing_store(tmp_path: Path) -> None:
    r = runner.invoke(app, ["cms", "init", "--dsn", DOWN, "--from", str(tmp_path / "no.duckdb")])
    _refused(r, "no such file")
    r = runner.invoke(app, ["cms", "run", "--dsn", DOWN, "--dead-from", str(tmp_path / "no.db")])
    _refused(r, "数据库不存在")


def test_load_creates_its_store_and_names_an_unreadable_file(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    courts = tmp_path / "courts.csv"
    courts.write_text("court_code,name,level,kind\n沪,上海市高级人民法院,high,general\n", "utf-8")
    r = runner.invoke(app, ["load", "--db", str(db), str(courts), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["errors"] == [] and out["files"][0]["table"] == "courts"
    r = runner.invoke(app, ["load", "--db", str(db), str(tmp_path / "cases.csv")])
    _refused(r, "cases.csv")


def test_ingest_errors_are_in_the_family() -> None:
    from courtqc.cms.db import CmsError, connect
    from courtqc.ingest.mapping import MappingError, parse_mapping

    try:
        parse_mapping("- not a mapping\n", "m.yaml")
    except MappingError as e:
        assert isinstance(e, InvalidInput) and e.status == 422 and e.problems
        assert e.details[0]["file"] == "m.yaml" and "m.yaml:1" in str(e)
    else:
        raise AssertionError("a list is not a mapping file")
    try:
        connect(DOWN)
    except CmsError as e:
        assert isinstance(e, Unavailable) and e.status == 503 and e.exit_code == 2
    else:
        raise AssertionError("nothing listens on port 1")
    assert not issubclass(CmsError, NotFound)
