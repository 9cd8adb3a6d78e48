"""CMS mappings: validation with file/line/field errors, the transforms, the batch applier and
mapped file import with quarantine. No PostgreSQL needed."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.cms.codes import CODEBOOK, FYDM
from courtqc.domain.idnumber import make_id_number
from courtqc.identity.resolve import strong_key
from courtqc.ingest.apply import Applier, Change
from courtqc.ingest.fileimport import import_file
from courtqc.ingest.load import LoadError
from courtqc.ingest.mapping import MappingError, MapValueError, load_mapping, parse_mapping


@pytest.fixture(scope="module")
def mapper():
    return load_mapping("simcms")


def ajxx(ajbs: int = 1, **kw) -> dict:
    row = {
        "ajbs": ajbs, "ah": f"(2024)沪0115民初{ajbs}号", "fydm": "2815", "ajlb": "2", "spcx": "1",
        "sycx": "2", "aydm": "103(3)", "aymc": "民间借贷纠纷", "aybb": "2020", "larq": "20240105",
        "jarq": None, "jafs": None, "ajzt": "1", "lcjd": "0101", "cbbm": None, "cbr": 3,
        "bdje": decimal.Decimal("12000.50"), "yajbs": None, "glgx": None, "ycts": 0, "kcts": None,
    }  # fmt: skip
    row.update(kw)
    return row


def dsr(dsrbs: int, ajbs: int = 1, **kw) -> dict:
    row = {
        "dsrbs": dsrbs, "ajbs": ajbs, "ssdw": "01", "xh": 1, "dsrlx": "1", "mc": "张三", "zjlx": "01",
        "zjhm": make_id_number("310115", dt.date(1980, 1, 2), 1, True), "xb": "1", "csrq": "19800102",
        "mz": "01", "dz": "上海市", "lxdh": "13800000000", "fddbr": None,
    }  # fmt: skip
    row.update(kw)
    return row


# --------------------------------------------------------------------------- the mapping file


def test_bundled_mapping_covers_the_cms_code_book(mapper) -> None:
    tables = mapper.mapping.code_tables
    for name, codes in CODEBOOK.items():
        if name == "zjlx":  # read through `when:`, not a code table
            continue
        assert set(tables[name]) == set(codes), name
    assert {k: v for k, v in tables["fydm"].items()} == {v: k for k, v in FYDM.items()}
    assert mapper.node_of("0105") == "hearing"
    assert mapper.node_of("hearing") == "hearing"
    assert mapper.node_of("9999") is None


BAD_MAPPING = """\
name: bad
title: a broken mapping
code_tables:
  st:
    1: pending
    "2": closed
tables:
  t_case:
    primary_key: [id]
    targets:
      - table: cases
        columns:
          case_id: id
          case_no: {from: ah, caseno: text}
          colour: x
          status: {from: zt, code: nosuch}
  t_party:
    primary_key: [id]
    targets:
      - table: case_parties
        key: [case_id, party_id]
        columns:
          case_id: ajid
          party_id: id
          role: {from: r, value: plaintiff}
  t_nothing:
    primary_key: [id]
    targets:
      - table: nowhere
        columns: {a: b}
"""


def test_mapping_errors_name_file_line_and_field() -> None:
    with pytest.raises(MappingError) as e:
        parse_mapping(BAD_MAPPING, "bad.yaml")
    text = str(e.value)
    # pydantic stage: an unquoted code and a column with both a source and a constant
    assert "bad.yaml:5: code_tables.st.1: " in text and "quote every code" in text
    assert "bad.yaml:25: tables.t_party.targets.0.columns.role:" in text
    fixed = BAD_MAPPING.replace("    1: pending", '    "1": pending').replace(
        "{from: r, value: plaintiff}", "r"
    )
    with pytest.raises(MappingError) as e:
        parse_mapping(fixed, "bad.yaml")
    problems = {(p.line, p.field): p.message for p in e.value.problems}
    assert "no such canonical column" in problems[(15, "tables.t_case.targets.0.columns.colour")]
    assert "no such code table" in problems[(16, "tables.t_case.targets.0.columns.status.code")]
    required = [p.message for p in e.value.problems if p.field == "tables.t_case.targets.0.columns"]
    assert any("cases.year" in m and "required" in m for m in required)
    assert "replica_identity: full" in problems[(23, "tables.t_party.targets.0.columns.case_id")]
    assert "no canonical table" in problems[(29, "tables.t_nothing.targets.0.table")]


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(MappingError, match=r"x.yaml:4: .*syntax error"):
        parse_mapping("name: x\ntitle: y\ntables: [\n", "x.yaml")


# --------------------------------------------------------------------------- transforms


def test_transforms_case_number_codes_dates_and_conditions(mapper) -> None:
    [(tgt, key, values)] = mapper.map_row("tb_ajxx", ajxx(7))
    row = dict(zip(tgt.columns, values, strict=True))
    assert key == (7,)
    assert row["case_no"] == "（2024）沪0115民初7号"  # canonical brackets
    assert (row["year"], row["court_code"], row["type_code"], row["seq"]) == (
        2024,
        "沪0115",
        "民初",
        7,
    )
    assert (
        row["family"] == "civil" and row["status"] == "pending" and row["current_node"] == "filing"
    )
    assert row["filing_date"] == dt.date(2024, 1, 5) and row["closing_date"] is None
    assert row["claim_amount"] == decimal.Decimal("12000.50")
    assert row["excluded_days"] == 0  # default for a null source
    legal = dsr(
        9,
        dsrlx="2",
        mc="某某公司",
        zjlx="11",
        zjhm="91310000MA1FL0000X",
        xb=None,
        csrq=None,
        mz=None,
    )
    rows = {
        t.table: dict(zip(t.columns, v, strict=True)) for t, _, v in mapper.map_row("tb_dsr", legal)
    }
    assert rows["parties"]["uscc"] == "91310000MA1FL0000X" and rows["parties"]["id_number"] is None
    assert rows["case_parties"] == {"case_id": 1, "party_id": 9, "role": "plaintiff", "seq": 1}


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"larq": "2024-01-05"}, "larq", "YYYYMMDD"),
        ({"larq": "20241305"}, "larq", "not a valid date"),
        ({"ajzt": "7"}, "ajzt", "code table ajzt"),
        ({"lcjd": None}, "lcjd", "required"),
        ({"ah": "沪0115民初7号"}, "ah", "year"),
        ({"bdje": "12.345"}, "bdje", "decimals"),
        ({"cbr": "三"}, "cbr", "not an integer"),
    ],
)
def test_bad_values_name_the_source_column(mapper, change, column, words) -> None:
    with pytest.raises(MapValueError) as e:
        mapper.map_row("tb_ajxx", ajxx(7, **change))
    assert e.value.column == column
    assert words in e.value.reason


# --------------------------------------------------------------------------- applier


def test_applier_upserts_deletes_and_reports_every_node_reached(mapper) -> None:
    con = duckdb.connect(":memory:")
    ap = Applier(con, mapper)
    r = ap.apply(
        [
            Change("tb_ajxx", "I", ajxx(1)),
            Change("tb_dsr", "I", dsr(11)),
            Change("tb_dsr", "I", dsr(12, ssdw="02")),
            Change("tb_ajxx", "U", ajxx(1, lcjd="0102"), {"ajbs": 1}),
            Change("tb_ajxx", "U", ajxx(1, lcjd="0102", cbr=4), {"ajbs": 1}),  # node unchanged
            Change("tb_ajxx", "U", ajxx(1, lcjd="0103"), {"ajbs": 1}),
        ],
        source="t",
    )
    assert [(n.case_id, n.node) for n in r.node_changes] == [
        (1, "filing"),
        (1, "assignment"),
        (1, "service"),
    ]
    assert con.execute("SELECT current_node FROM cases").fetchall() == [("service",)]
    assert con.execute("SELECT count(*) FROM parties").fetchone()[0] == 2
    r = ap.apply(
        [
            Change("tb_dsr", "D", None, {"dsrbs": 12}),
            Change("tb_ajxx", "U", ajxx(1, lcjd="0103", ah="(2024)沪0115民初99号"), {"ajbs": 1}),
        ],
        source="t",
    )
    assert r.node_changes == []  # the case number changed, the node did not
    assert con.execute("SELECT count(*) FROM parties").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM case_parties").fetchone()[0] == 1
    assert con.execute("SELECT case_no FROM cases").fetchone()[0] == "（2024）沪0115民初99号"


def test_applier_gives_party_rows_their_strong_identity_key(mapper) -> None:
    """A party row arrives with the key identity resolution would give it (node mode finds the
    same person's rows by it); one without a valid ID number gets none; updates keep keys."""
    con = duckdb.connect(":memory:")
    ap = Applier(con, mapper)
    ap.apply(
        [
            Change("tb_ajxx", "I", ajxx(1)),
            Change("tb_dsr", "I", dsr(11)),
            Change("tb_dsr", "I", dsr(12, zjhm="310115198001020000")),  # bad check digit
        ],
        source="t",
    )
    ap.apply([Change("tb_dsr", "U", dsr(11, lxdh="13900000000"), {"dsrbs": 11})], source="t")
    keys = dict(con.execute("SELECT party_id, person_key FROM parties").fetchall())
    assert keys[11] == strong_key("natural", "张三", dsr(11)["zjhm"], None)
    assert keys[11].startswith("N:") and dsr(11)["zjhm"] not in keys[11]
    assert keys[12] is None
    # A key identity resolution gave survives an update that leaves who the party is alone,
    # not one that changes the name.
    con.execute("UPDATE parties SET person_key = 'X:12' WHERE party_id = 12")
    bad_id = {"zjhm": "310115198001020000"}
    ap.apply([Change("tb_dsr", "U", dsr(12, lxdh="137", **bad_id), {"dsrbs": 12})], source="t")
    assert con.execute("SELECT person_key FROM parties WHERE party_id = 12").fetchone()[0] == "X:12"
    ap.apply([Change("tb_dsr", "U", dsr(12, mc="李四", **bad_id), {"dsrbs": 12})], source="t")
    assert con.execute("SELECT person_key FROM parties WHERE party_id = 12").fetchone()[0] is None


def test_applier_rejects_a_duplicate_case_number_and_keeps_the_old_row(mapper) -> None:
    con = duckdb.connect(":memory:")
    ap = Applier(con, mapper)
    ap.apply([Change("tb_ajxx", "I", ajxx(1)), Change("tb_ajxx", "I", ajxx(2))], source="t")
    r = ap.apply(
        [
            Change(
                "tb_ajxx",
                "U",
                ajxx(2, ah="(2024)沪0115民初1号", lcjd="0104"),
                {"ajbs": 2},
                position=42,
            ),
            Change("tb_ajxx", "U", ajxx(1, lcjd="0102"), {"ajbs": 1}),
            Change("tb_ajxx", "U", ajxx(3, lcjd="zz"), {"ajbs": 3}, position=43),
        ],
        source="cdc:x",
    )
    assert con.execute("SELECT case_id, current_node FROM cases ORDER BY 1").fetchall() == [
        (1, "assignment"),
        (2, "filing"),
    ]
    q = con.execute(
        "SELECT source_file, row_number, table_name, column_name, reason FROM quarantine ORDER BY 2"
    ).fetchall()
    assert q[0][:4] == ("cdc:x", 42, "tb_ajxx", "case_no") and "duplicate" in q[0][4]
    assert q[1][:4] == ("cdc:x", 43, "tb_ajxx", "lcjd") and "code table lcjd" in q[1][4]
    assert len(r.rejected) == 2


# --------------------------------------------------------------------------- file import


def _csv(path: Path, rows: list[dict]) -> Path:
    cols = list(rows[0])
    lines = [",".join(cols)] + [
        ",".join("" if r.get(c) is None else str(r[c]) for c in cols) for r in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_file_import_loads_good_rows_and_quarantines_bad_ones(tmp_path: Path, mapper) -> None:
    con = duckdb.connect(":memory:")
    cases = _csv(
        tmp_path / "tb_ajxx.csv",
        [ajxx(1), ajxx(2, larq="2024-02-30"), ajxx(3, lcjd="9999"), ajxx(4), ajxx(1, lcjd="0105")],
    )
    res = import_file(con, mapper, cases)
    assert (res.rows, res.loaded, res.quarantined) == (5, 2, 3)
    assert con.execute("SELECT case_id FROM cases ORDER BY 1").fetchall() == [(1,), (4,)]
    bad = dsr(23, zjhm="310115198001020000")  # wrong checksum
    parties = _csv(tmp_path / "tb_dsr.csv", [dsr(21), dsr(22, ajbs=4, ssdw="02"), bad])
    res = import_file(con, mapper, parties)
    assert (res.loaded, res.quarantined) == (2, 1)
    assert set(res.written) == {"parties", "case_parties"}
    q = con.execute(
        "SELECT source_file, row_number, table_name, column_name, reason FROM quarantine ORDER BY source_file DESC, row_number"
    ).fetchall()
    assert [(Path(f).name, r, t, c) for f, r, t, c, _ in q] == [
        ("tb_dsr.csv", 3, "tb_dsr", "zjhm"),
        ("tb_ajxx.csv", 2, "tb_ajxx", "larq"),
        ("tb_ajxx.csv", 3, "tb_ajxx", "lcjd"),
        ("tb_ajxx.csv", 5, "tb_ajxx", None),
    ]
    assert "duplicate key" in q[-1][4] and "checksum" in q[0][4]
    # re-importing a newer extract updates the store
    res = import_file(
        con, mapper, _csv(tmp_path / "tb_ajxx.2.csv", [ajxx(1, lcjd="0106")]), table="tb_ajxx"
    )
    assert (
        con.execute("SELECT current_node FROM cases WHERE case_id = 1").fetchone()[0]
        == "deliberation"
    )


def test_file_import_parquet_and_json_and_file_level_errors(tmp_path: Path, mapper) -> None:
    con = duckdb.connect(":memory:")
    rows = [ajxx(1), ajxx(2, ajzt="x")]
    pq.write_table(pa.Table.from_pylist([{k: (None if v is None else str(v)) for k, v in r.items()} for r in rows]),
                   tmp_path / "tb_ajxx.parquet")  # fmt: skip
    res = import_file(con, mapper, tmp_path / "tb_ajxx.parquet")
    assert (res.loaded, res.quarantined) == (1, 1)
    (tmp_path / "tb_lcjl.jsonl").write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "jlbs": 1,
                        "ajbs": 1,
                        "jddm": "0101",
                        "fssj": "2024-01-05 09:00:00",
                        "czr": 3,
                        "bz": None,
                    }
                ),
                "{not json",
                json.dumps(
                    {
                        "jlbs": 2,
                        "ajbs": 1,
                        "jddm": "0102",
                        "fssj": "2024-01-06 10:00:00",
                        "czr": 3,
                        "bz": "分案",
                    }
                ),
            ]
        ),
        encoding="utf-8",
    )
    res = import_file(con, mapper, tmp_path / "tb_lcjl.jsonl")
    assert (res.loaded, res.quarantined) == (2, 1)
    assert con.execute("SELECT node FROM events ORDER BY event_id").fetchall() == [
        ("filing",),
        ("assignment",),
    ]
    (tmp_path / "tb_unknown.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(LoadError, match="no such source table"):
        import_file(con, mapper, tmp_path / "tb_unknown.csv")
    (tmp_path / "tb_ws.csv").write_text("wsbs,ajbs\n1,1\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"columns the mapping reads are missing"):
        import_file(con, mapper, tmp_path / "tb_ws.csv")


def test_ingest_file_command(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    f = _csv(tmp_path / "tb_ajxx.csv", [ajxx(1), ajxx(2, ajlb="77")])
    r = CliRunner().invoke(app, ["ingest", "file", "--db", str(db), "--json", str(f)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["files"][0]["loaded"] == 1 and out["files"][0]["quarantined"] == 1
    r = CliRunner().invoke(app, ["ingest", "file", "--db", str(db), str(tmp_path / "missing.csv")])
    assert r.exit_code == 2 and "no such file" in r.output
