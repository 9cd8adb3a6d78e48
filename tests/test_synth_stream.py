"""The synthetic court written in chunks: the chunk sizes change how much is in memory at once,
never what is written (issue 21: synth with memory bounded whatever the size)."""

from __future__ import annotations

import pytest

from courtqc.synth import generate, people
from tests.test_synth import _digest

N = 700


@pytest.fixture(scope="module")
def default_court(tmp_path_factory):
    path = tmp_path_factory.mktemp("stream") / "court.duckdb"
    stats = generate(path, cases=N, seed=3, progress=False)
    return stats, path


def test_small_chunks_write_the_same_court(default_court, tmp_path, monkeypatch):
    stats, path = default_court
    # party rows built and written in 97-row pieces instead of one. (The cases and events
    # chunk, generate.CHUNK, is not a knob: each chunk's events draw from a random stream of
    # its own, so it is fixed at 100,000 cases, a constant amount of memory.)
    assert stats.rows["parties"] > 3 * 97
    monkeypatch.setattr(people, "PARTY_CHUNK", 97)
    small = tmp_path / "small.duckdb"
    again = generate(small, cases=N, seed=3, progress=False)
    assert again.rows == stats.rows
    assert again.truth_cases == stats.truth_cases
    assert _digest(small) == _digest(path)


def test_memory_recorded_per_stage(default_court):
    stats, _ = default_court
    stages = ["plan", "people", "write_reference", "details", "cases_events", "truth",
              "documents", "report_cases", "papers"]  # fmt: skip
    assert [s for s in stages if s not in stats.stage_peak_mb] == []
    peaks = [stats.stage_peak_mb[s] for s in stats.stage_seconds]
    assert peaks == sorted(peaks)  # a peak so far never falls
    assert all(0 < stats.stage_rss_mb[s] <= stats.stage_peak_mb[s] + 1 for s in stages)


def test_documents_in_small_chunks_and_no_row_group_vacuum(default_court, tmp_path, monkeypatch):
    # The documents stage renders CHUNK_CASES cases at a time; each insert leaves a part-filled
    # row group, which DuckDB's checkpoint vacuum used to merge and rewrite (0.5-1.6 GB and
    # 15-40 s per merge at 500,000 cases: docs/SYNTH.md, "Memory"). generate() turns the
    # vacuum off; neither the chunk size nor the Arrow batches change what is written.
    import courtqc.synth.documents as documents
    from courtqc.synth.documents import render

    seen = []
    real = documents.render_documents

    def spy(con, seed, progress=True):
        seen.append(con.execute("SELECT current_setting('max_vacuum_tasks')").fetchall()[0][0])
        return real(con, seed=seed, progress=progress)

    monkeypatch.setattr(documents, "render_documents", spy)
    monkeypatch.setattr(render, "CHUNK_CASES", 53)
    monkeypatch.setattr(render, "ARROW_DOCS", 7)  # Arrow batches within a chunk
    small = tmp_path / "docs_small.duckdb"
    again = generate(small, cases=N, seed=3, progress=False)
    assert seen == [0]
    stats, path = default_court
    assert again.rows["documents"] == stats.rows["documents"] > 3 * 53
    assert _digest(small) == _digest(path)
