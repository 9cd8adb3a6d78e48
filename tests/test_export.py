"""courtqc export --format parquet: every table, every row, partitioned by the case's year."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from courtqc import synth
from courtqc.cli import app
from courtqc.errors import Conflict
from courtqc.export import export_parquet, read_manifest


@pytest.fixture(scope="module")
def court(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "court.duckdb"
    synth.generate(path, 600, 7, progress=False)
    return path


def test_every_row_round_trips(court: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    res = export_parquet(court, out)
    man = read_manifest(out)
    assert man["as_of"] == res.as_of
    con = duckdb.connect(str(court), read_only=True)
    checked = 0
    for t in res.tables:
        if t.table.startswith("ref_"):
            continue
        cols = ", ".join(f'"{c}"' for c in t.columns)
        # same rows, same values: an order-free checksum of every column of every row
        want = con.execute(f"SELECT count(*), sum(hash({cols})) FROM {t.table}").fetchone()
        got = con.execute(
            f"SELECT count(*), sum(hash({cols})) FROM read_parquet('{out / t.table}/**/*.parquet', "
            "hive_partitioning = true)"
        ).fetchone()
        assert got == want, t.table
        checked += 1
    assert checked >= 20
    # case tables are split by the filing year of their own case
    years = {p.name for p in (out / "events").iterdir()}
    assert years == {
        f"filing_year={y}"
        for (y,) in con.execute(
            "SELECT DISTINCT year(c.filing_date) FROM events e JOIN cases c USING (case_id)"
        ).fetchall()
    }
    assert not (out / "parties").joinpath("filing_year=0").exists()


def test_refuses_to_overwrite_without_replace(court: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    export_parquet(court, out, tables=["courts"], reference=False)
    with pytest.raises(Conflict):
        export_parquet(court, out, tables=["courts"], reference=False)
    res = export_parquet(court, out, tables=["courts"], reference=False, replace=True)
    assert [t.table for t in res.tables] == ["courts"]


def test_cli_exits_2_with_a_message(court: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["export", "--db", str(court), "--out", str(tmp_path / "x"),
                                 "--format", "delta"])  # fmt: skip
    assert r.exit_code == 2 and "parquet" in r.output
    r = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "--out", "y"])
    assert r.exit_code == 2 and "no such database" in r.output
    r = CliRunner().invoke(
        app, ["export", "--db", str(court), "--out", str(tmp_path / "ok"), "--table", "judges"]
    )
    assert r.exit_code == 0, r.output
    assert (tmp_path / "ok" / "judges").is_dir()
