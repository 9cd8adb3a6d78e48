"""`courtqc load` on the issue's crashing inputs and on generated files: exit 0 (bad rows in
quarantine with file, row, column and reason) or 2 with the file named, never a traceback,
within a time per KB."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.ingest.load import load_file

from . import corpus
from .support import within_budget

SAMPLES = corpus.load_corpus()


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.why for s in SAMPLES])
def test_corpus_exits_0_or_2_with_the_file_named(tmp_path: Path, sample: corpus.Sample) -> None:
    f = tmp_path / sample.name
    f.write_bytes(sample.data)
    db = tmp_path / "x.duckdb"
    r = within_budget(
        len(sample.data),
        lambda: CliRunner().invoke(app, ["load", "--db", str(db), str(f), "--json"]),
    )
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code in (0, 2)
    out = json.loads(r.stdout)
    if r.exit_code == 2:
        assert len(out["errors"]) == 1 and str(f) in out["errors"][0]
    else:
        con = duckdb.connect(str(db), read_only=True)
        q = con.execute("SELECT source_file, row_number, reason FROM quarantine").fetchall()
        assert all(src == str(f) and row >= 1 and reason for src, row, reason in q)
        assert out["files"][0]["quarantined"] == len({row for _, row, _ in q})


def test_garbage_codes_go_to_quarantine_and_good_rows_load(tmp_path: Path) -> None:
    sample = next(s for s in SAMPLES if "garbage" in s.why)
    f = tmp_path / sample.name
    f.write_bytes(sample.data)
    con = duckdb.connect(":memory:")
    r = load_file(con, f)
    assert (r.loaded, r.quarantined) == (2, 4)
    q = con.execute("SELECT row_number, column_name FROM quarantine ORDER BY 1").fetchall()
    assert q == [(2, "court_code"), (3, "family"), (4, "status"), (5, "court_code")]


def test_encodings_read_alike(tmp_path: Path) -> None:
    """The same rows in UTF-8, UTF-8 with BOM, UTF-16 and GBK load the same."""
    text = corpus.CASES_HEADER + "\n" + corpus.GOOD_CASE + "\n"
    con = duckdb.connect(":memory:")
    for i, enc in enumerate(("utf-8", "utf-8-sig", "utf-16", "gbk")):
        f = tmp_path / f"cases.{i}.csv"
        f.write_bytes(
            text.replace("1,（2024）", f"{i + 1},（2024）")
            .replace("初1号", f"初{i + 1}号")
            .encode(enc)
        )
        assert load_file(con, f).loaded == 1, enc
    assert con.execute("SELECT count(DISTINCT court_code || family) FROM cases").fetchone() == (1,)


def test_whole_corpus_in_one_command_has_no_traceback(tmp_path: Path) -> None:
    """As a user runs it: one process, every file of the corpus, stderr free of tracebacks."""
    files = []
    for i, s in enumerate(SAMPLES):
        d = tmp_path / str(i)
        d.mkdir()
        (d / s.name).write_bytes(s.data)
        files.append(str(d / s.name))
    r = subprocess.run(
        [sys.executable, "-m", "courtqc.cli", "load", "--db", str(tmp_path / "x.duckdb"), *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout


# --- generated files ------------------------------------------------------------------------

_values = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["沪0115", "ZZ", "civil", "pending", "9" * 30, "\t" * 200, "'\"", "\x00"]),
)
_rows = st.lists(st.lists(_values, min_size=11, max_size=12), max_size=6)


def _csv(rows: list[list[str]], dup: bool) -> str:
    header = corpus.CASES_HEADER + (",case_no" if dup else "")
    return "\n".join([header, corpus.GOOD_CASE, *(",".join(r) for r in rows)]) + "\n"


def _jsonl(rows: list[list[str]], nest: int) -> str:
    keys = corpus.CASES_HEADER.split(",")
    recs = [dict(zip(keys, r, strict=False)) for r in rows]
    lines = [json.dumps(x, ensure_ascii=False) for x in recs]
    lines.insert(0, "[" * nest + "]" * nest)
    return "\n".join(lines) + "\n"


files = st.one_of(
    st.builds(lambda r, d: ("cases.csv", _csv(r, d)), _rows, st.booleans()),
    st.builds(lambda r, n: ("cases.jsonl", _jsonl(r, n)), _rows, st.integers(0, 3000)),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files,
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-32"]),
    st.binary(max_size=8),
    st.integers(0, 4000),
)
def test_generated_files(
    tmp_path: Path, file: tuple[str, str], enc: str, noise: bytes, at: int
) -> None:
    name, text = file
    data = text.encode(enc, errors="replace")
    at %= len(data) + 1
    data = data[:at] + noise + data[at:]
    f = tmp_path / name
    f.write_bytes(data)
    con = duckdb.connect(":memory:")
    con.execute("BEGIN")
    within_budget(len(data), lambda: load_file(con, f))
