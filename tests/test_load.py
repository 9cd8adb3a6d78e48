"""`courtqc load`: valid rows land, bad rows go to quarantine with file/row/column/reason."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.domain.idnumber import make_id_number
from courtqc.domain.uscc import make_uscc
from courtqc.ingest.load import LoadError, load_file

CASES_HEADER = (
    "case_id,case_no,year,court_code,type_code,seq,family,procedure,filing_date,status,current_node"
)


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(":memory:")


def _write(p: Path, text: str) -> Path:
    p.write_text(text, encoding="utf-8")
    return p


def test_csv_good_rows_load_and_bad_rows_are_quarantined(tmp_path: Path, con) -> None:
    f = _write(
        tmp_path / "cases.csv",
        CASES_HEADER
        + "\n1,（2024）沪0115民初1号,2024,沪0115,民初,1,civil,first,2024-01-05,pending,filing"
        + "\n2,（2024）沪0115民初2号,2024,沪0115,民初,2,civil,first,2024-13-05,pending,filing"  # bad date
        + "\n3,（2024）沪0115民初3号,2024,沪0115,民初,3,civil,first,2024-02-01,pending"  # short row
        + "\n4,not a case number,2024,沪0115,民初,4,civil,first,2024-02-01,pending,filing"
        + "\n1,（2024）沪0115民初9号,2024,沪0115,民初,9,civil,first,2024-02-01,pending,filing"  # dup key
        + "\n6,（2024）沪0115民初6号,2024,沪0115,民初,6,civil,,2024-02-01,pending,filing"  # required
        + "\n7,（2024）沪0115民初7号,2024,沪0115,民初,7,civil,first,2024-03-01,closed,closing\n",
    )
    r = load_file(con, f)
    assert r.loaded == 2
    assert r.quarantined == 5
    assert [x[0] for x in con.execute("SELECT case_id FROM cases ORDER BY 1").fetchall()] == [1, 7]
    q = con.execute(
        "SELECT row_number, column_name, reason FROM quarantine ORDER BY row_number"
    ).fetchall()
    by_row = {row: (col, reason) for row, col, reason in q}
    assert by_row[2][0] == "filing_date" and "DATE" in by_row[2][1]
    assert by_row[3][0] is None and "expected 11 fields, found 10" in by_row[3][1]
    assert by_row[4][0] == "case_no"
    assert by_row[5][0] == "case_id" and "duplicate" in by_row[5][1]
    assert by_row[6][0] == "procedure" and "required" in by_row[6][1]
    assert all(
        src == str(f) for (src,) in con.execute("SELECT source_file FROM quarantine").fetchall()
    )
    raw = json.loads(con.execute("SELECT raw FROM quarantine WHERE row_number = 2").fetchone()[0])
    assert raw["filing_date"] == "2024-13-05"


def test_key_already_in_store_is_quarantined_not_overwritten(tmp_path: Path, con) -> None:
    row = "\n1,（2024）沪0115民初1号,2024,沪0115,民初,1,civil,first,2024-01-05,pending,filing\n"
    load_file(con, _write(tmp_path / "cases.csv", CASES_HEADER + row))
    r = load_file(
        con,
        _write(tmp_path / "cases.again.csv", CASES_HEADER + row.replace("filing\n", "closing\n")),
    )
    assert (r.loaded, r.quarantined) == (0, 1)
    assert con.execute("SELECT current_node FROM cases").fetchone()[0] == "filing"


def test_json_and_parquet_parties_with_id_checks(tmp_path: Path, con) -> None:
    from datetime import date

    good_id = make_id_number("310115", date(1985, 3, 5), 12, male=True)
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    lines = [
        {"party_id": 1, "kind": "natural", "name": "张三", "id_number": good_id},
        {"party_id": 2, "kind": "natural", "name": "李四", "id_number": bad_id},
        "not an object",
    ]
    jf = tmp_path / "parties.jsonl"
    jf.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{broken", encoding="utf-8"
    )
    r = load_file(con, jf)
    assert (r.loaded, r.quarantined) == (1, 3)
    reasons = [
        x[0]
        for x in con.execute("SELECT column_name FROM quarantine ORDER BY row_number").fetchall()
    ]
    assert reasons == ["id_number", None, None]

    good_uscc = make_uscc("310115", "MA1FL000")
    bad_uscc = good_uscc[:-1] + ("0" if good_uscc[-1] != "0" else "1")
    pf = tmp_path / "parties.parquet"
    pq.write_table(
        pa.table(
            {
                "party_id": [3, 4, 5],
                "kind": ["legal"] * 3,
                "name": ["甲公司", "乙公司", "丙公司"],
                "uscc": [good_uscc, bad_uscc, None],
            }
        ),
        pf,
    )
    r = load_file(con, pf)
    assert (r.loaded, r.quarantined) == (2, 1)
    assert con.execute(
        "SELECT column_name, row_number FROM quarantine WHERE source_file = ?", [str(pf)]
    ).fetchall() == [("uscc", 2)]


def test_file_level_problems_raise_and_load_nothing(tmp_path: Path, con) -> None:
    with pytest.raises(LoadError, match="unknown canonical table 'nosuch'"):
        load_file(con, _write(tmp_path / "nosuch.csv", "a\n1\n"))
    with pytest.raises(LoadError, match=r"unknown column\(s\) \['bogus'\]"):
        load_file(con, _write(tmp_path / "cases.csv", CASES_HEADER + ",bogus\n"))
    with pytest.raises(LoadError, match=r"required column\(s\) \['case_no'"):
        load_file(con, _write(tmp_path / "cases.csv", "case_id\n1\n"))
    with pytest.raises(LoadError, match="empty file"):
        load_file(con, _write(tmp_path / "cases.csv", ""))


def test_cli_reports_and_exits_nonzero_on_file_errors(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    good = _write(
        tmp_path / "courts.csv", "court_code,name,level,kind\n沪,上海市高级人民法院,high,general\n"
    )
    bad = _write(tmp_path / "nosuch.csv", "a\n1\n")
    res = CliRunner().invoke(app, ["load", "--db", str(db), str(good), str(bad), "--json"])
    assert res.exit_code == 2
    out = json.loads(res.stdout)
    assert out["files"][0]["loaded"] == 1
    assert "nosuch" in out["errors"][0]
    assert duckdb.connect(str(db)).execute("SELECT count(*) FROM courts").fetchone()[0] == 1
