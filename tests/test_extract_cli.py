"""`courtqc extract`: one file, a folder, JSONL with --text-field, stdin, --db; bad input."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.extract.store import extract_store
from courtqc.schema import connect

from .test_extract import CIVIL, CRIMINAL, OLD_STYLE

runner = CliRunner()


def test_single_file_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(CRIMINAL, encoding="utf-8")
    r = runner.invoke(app, ["extract", str(f), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["case_no"] == "（2023）沪0115刑初101号" and d["source"] == {"path": str(f)}
    assert d["defendants"][0]["term_months"] == 18


def test_single_file_gb18030_and_summary(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes(CIVIL.encode("gb18030"))
    r = runner.invoke(app, ["extract", str(f)])
    assert r.exit_code == 0, r.output
    assert "（2022）沪0115民初2001号" in r.stdout


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "为空"),
        (b"\x00\x01\x02\x03ELF", "二进制"),
        (b"just some English text here", "不是中文"),
    ],
)
def test_single_bad_file_fails(tmp_path: Path, content: bytes, says: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = runner.invoke(app, ["extract", str(f), "--json"])
    assert r.exit_code == 2
    assert says in r.output


def test_folder_in_order_with_error_records(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text(CRIMINAL, encoding="utf-8")
    (tmp_path / "2.txt").write_bytes(b"\x00\x00binary")
    (tmp_path / "3.txt").write_text(OLD_STYLE, encoding="utf-8")
    (tmp_path / "skip.md").write_text("不是txt", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(tmp_path), "--no-points"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["case_no"] == "（2023）沪0115刑初101号" and "info_points" not in lines[0]
    assert "error" in lines[1] and lines[1]["source"]["path"].endswith("2.txt")
    assert lines[2]["court"] == "青海省格尔木市人民法院"


def test_jsonl_passes_other_fields_as_source(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    rows = [
        {"id": 7, "body": CIVIL},
        {"id": 8, "body": ""},
        {"id": 9},
        {"id": 10, "body": CRIMINAL},
    ]
    f.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in rows) + "\nnot json\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["extract", str(f), "--text-field", "body"])
    assert r.exit_code == 0, r.output
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o.get("source", {}).get("id") for o in out[:4]] == [7, 8, 9, 10]
    assert out[0]["case_no"] == "（2022）沪0115民初2001号"
    assert "为空" in out[1]["error"] and "body" in out[2]["error"]
    assert out[3]["defendants"][0]["name"] == "张三"
    assert "row 5" in out[4]["error"]


def test_jsonl_needs_text_field(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"t": CIVIL}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(f)])
    assert r.exit_code != 0 and "--text-field" in r.output


def test_stdin() -> None:
    r = runner.invoke(app, ["extract", "-", "--json"], input=CRIMINAL)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["clerk"] == "钱书记"


def _store(path: Path | str) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    docs = [(1, 11, "judgment", CRIMINAL), (2, 12, "judgment", CIVIL), (3, 13, "judgment", "   ")]
    wrong = CRIMINAL.replace("至2024年7月4日止", "至2024年7月14日止")
    docs.append((4, 14, "judgment", wrong))
    for doc_id, case_id, kind, text in docs:
        con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, NULL, ?, NULL)", [doc_id, case_id, kind, text]
        )
    return con


def test_extract_store_writes_points_and_checks() -> None:
    con = _store(":memory:")
    counts = extract_store(con, progress=False)
    assert counts["documents"] == 4 and counts["errors"] == 1 and counts["findings"] == 1
    n = con.execute("SELECT count(*) FROM info_points").fetchone()[0]
    assert n == counts["points"]
    got = dict(
        con.execute(
            "SELECT key, value FROM info_points WHERE doc_id = 1 AND key IN "
            "('case_no', 'defendant.term_months', 'defendant.fine_yuan', 'decision_date')"
        ).fetchall()
    )
    assert got == {
        "case_no": "（2023）沪0115刑初101号",
        "defendant.term_months": "18",
        "defendant.fine_yuan": "5000",
        "decision_date": "2023-03-10",
    }
    check = con.execute(
        "SELECT case_id, value, subject, rule FROM info_points WHERE key = 'check.term_end'"
    ).fetchall()
    assert check == [(14, "sentence_end_date_wrong", "张三", "check:sentence_end_date_wrong")]
    assert (
        con.execute("SELECT value FROM info_points WHERE doc_id = 3")
        .fetchall()[0][0]
        .startswith("输入为空")
    )
    # a rerun replaces, never duplicates
    extract_store(con, progress=False)
    assert con.execute("SELECT count(*) FROM info_points").fetchone()[0] == n


def test_cli_db(tmp_path: Path) -> None:
    db = tmp_path / "court.duckdb"
    _store(db).close()
    r = runner.invoke(app, ["extract", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.splitlines()[-1])["documents"] == 4
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(DISTINCT doc_id) FROM info_points").fetchone()[0] == 4
