"""`courtqc extract` on the issue's crashing inputs and on generated ones: a bad JSONL record
is reported on its own line and the run goes on; a single bad document exits 2 with the
reason; long runs of one character (tabs in a citation) cost time linear in the text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.extract import extract
from courtqc.extract.cli import _jsonl

from ..test_extract import CIVIL, CRIMINAL, SECOND
from . import corpus
from .support import within_budget

JSONL = corpus.extract_jsonl()
TEXTS = corpus.extract_texts()


@pytest.mark.parametrize(("why", "data"), JSONL, ids=[w for w, _ in JSONL])
def test_jsonl_corpus_reports_bad_records_and_goes_on(
    tmp_path: Path, why: str, data: bytes
) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes(data)
    r = within_budget(
        len(data),
        lambda: CliRunner().invoke(app, ["extract", str(f), "--text-field", "text", "--no-points"]),
    )
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out, why
    for o in out:
        if "error" in o:
            assert str(f) in o["error"] and (o["source"].get("row") or "binary" in o["error"])
        else:
            assert o["case_no"] == "（2023）沪0115刑初101号"


def test_surrogate_record_does_not_stop_the_run() -> None:
    data = JSONL[0][1]  # 3 good, 1 with \ud800, 3 good
    out = list(_jsonl(data, "x.jsonl", "text"))
    assert [err is None for _, _, err in out] == [True] * 3 + [False] + [True] * 3
    assert out[3][0]["row"] == 4 and "ud800" in (out[3][2] or "")


@pytest.mark.parametrize(("why", "text"), TEXTS, ids=[w for w, _ in TEXTS])
def test_text_corpus_within_budget(why: str, text: str) -> None:
    within_budget(len(text.encode("utf-8", "surrogatepass")), lambda: extract(text, checks=True))


def test_tabs_in_a_citation_are_linear() -> None:
    """86 s at 1,500 tabs before (about the cube of the run); now a 10x longer run costs
    about 10x, not 1000x."""
    import time

    def cost(n: int) -> float:
        text = corpus.tabs_in_citation(n)
        t0 = time.perf_counter()
        extract(text)
        return time.perf_counter() - t0

    cost(100)  # warm the pattern caches
    small, big = min(cost(1500) for _ in range(3)), min(cost(15000) for _ in range(3))
    assert big < 20 * small + 0.05, (small, big)


def test_single_bad_file_exits_2_without_traceback(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes("张\ud800三".encode("utf-8", "surrogatepass"))
    r = subprocess.run(
        [sys.executable, "-m", "courtqc.cli", "extract", str(f)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr and str(f) in r.stderr


# --- generated inputs -----------------------------------------------------------------------

PUMP = "\t \n\u3000、，,。：;第条款项之《》()（）“”一二三四五六七八九十百千万元年月日号1234567890%×"


def _pumped(doc: str, at: int, c: str, n: int) -> str:
    at %= len(doc) + 1
    return doc[:at] + c * n + doc[at:]


pumped = st.builds(
    _pumped,
    st.sampled_from([CRIMINAL, CIVIL, SECOND, corpus.JUDGMENT]),
    st.integers(0, 5000),
    st.sampled_from(PUMP),
    st.integers(1, 3000),
)


@settings(max_examples=60, deadline=None)
@given(pumped)
def test_long_runs_of_one_character(text: str) -> None:
    within_budget(len(text.encode()), lambda: extract(text, checks=True))


records = st.lists(
    st.one_of(
        st.builds(lambda t: {"text": t}, pumped | st.text(max_size=50)),
        st.builds(lambda n: {"text": json.loads("[" * n + "]" * n)}, st.integers(1, 200)),
        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records,
    st.sampled_from(["utf-8", "utf-16", "gb18030"]),
    st.binary(max_size=6),
    st.integers(0, 9999),
)
def test_generated_jsonl(recs: list[dict], enc: str, noise: bytes, at: int) -> None:
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in recs).encode(enc, errors="replace")
    at %= len(data) + 1
    data = data[:at] + noise + data[at:]

    def run() -> int:
        n = 0
        for src, text, err in _jsonl(data, "gen.jsonl", "text"):
            if err is None:
                within_budget(
                    len((text or "").encode()), lambda t=text, s=src: extract(t or "", source=s)
                )
            else:
                assert "gen.jsonl" in err
            n += 1
        return n

    within_budget(len(data), run)
