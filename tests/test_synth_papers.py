"""The papers of a case's life (issue 18): the synthetic court writes indictments, hearing
transcripts, appeal petitions, enforcement applications, powers of attorney, notices,
summonses, payment orders, enforcement rulings and administrative complaints; each is
classified as the kind written and every value it rendered comes back from extraction —
also with OCR-like noise. Adding them leaves every other table of the court as it was."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

import courtqc.synth as synth
from courtqc.extract import extract
from courtqc.synth.documents.noise import ocr_noise
from courtqc.synth.documents.papers import labelled_set, render_papers

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
from papers import misses, score

NEW_KINDS = {
    "indictment", "transcript", "appeal", "enforcement_application", "power_of_attorney",
    "acceptance_notice", "response_notice", "evidence_notice", "summons", "payment_order",
    "enforcement_ruling", "enforcement_closure_notice", "fee_notice", "admin_complaint",
}  # fmt: skip
#: written after the papers by their own stage (tests/test_elements_court.py)
PLEADINGS = ("complaint", "defence", "evidence_list")


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("papers") / "court.duckdb")
    synth.generate(path, cases=1500, seed=5, progress=False)
    return path


@pytest.fixture(scope="module")
def mixed(court: str) -> list:
    con = duckdb.connect(court)
    try:
        return labelled_set(con, seed=5, per_mille=250)
    finally:
        con.close()


def test_mixed_set_has_every_new_kind_and_noise(mixed) -> None:
    kinds = Counter(d.kind for d in mixed)
    assert set(kinds) >= NEW_KINDS, NEW_KINDS - set(kinds)
    assert {"judgment", "ruling", "mediation"} <= set(kinds)
    noisy = sum(d.noisy for d in mixed) / len(mixed)
    assert 0.2 < noisy < 0.4  # noise.NOISY_PERCENT = 30


def test_kind_accuracy_and_round_trip(mixed) -> None:
    res = score(mixed)
    kind_errors = [e for e in res["errors"] if "field" not in e]
    assert res["kind_accuracy"] >= 0.97, kind_errors[:10]
    # every value of a clean paper comes back; through OCR noise nearly every one (the
    # judgment reader, which reads the court's rulings, does not read through a blank inside a
    # role word: 申请 人（申请执行人）— docs/EXTRACTION.md)
    value_errors = [e for e in res["errors"] if "field" in e]
    assert not [e for e in value_errors if not e["noisy"]], value_errors[:10]
    assert res["value_recall"] >= 0.995, value_errors[:10]
    for f in ("court", "date", "parties", "case_no", "claimed_amount", "charges", "prosecutor",
              "agents", "fee"):  # fmt: skip
        assert res["values"][f][1] > 0, f  # every field is exercised


def test_noise_keeps_the_values_readable() -> None:
    text = (
        "上海市闵行区人民法院\n受理案件通知书\n（2023）沪0112民初8765号\n\n王建国：\n"
        "你方诉李红梅民间借贷纠纷一案的起诉状已收到。经审查，起诉符合法定受理条件，本院决定立案审理。\n"
        "二、应在接到本通知书后七日内向本院预交案件受理费4,300元。\n\n二〇二三年三月二十日\n"
    )
    truth = {"court": "上海市闵行区人民法院", "date": "2023-03-20",
             "case_no": "（2023）沪0112民初8765号", "fee": 4300.0}  # fmt: skip
    for seed in range(40):
        noisy = ocr_noise(text, seed)
        ex = extract(noisy)
        assert ex.doc_type == "acceptance_notice", noisy
        assert not misses(ex, truth), (noisy, misses(ex, truth))


def test_papers_go_to_documents_with_truth_and_keep_other_rows(court: str, tmp_path) -> None:
    con = duckdb.connect(court, read_only=True)
    kinds = dict(
        con.execute(
            "SELECT kind, count(*) FROM documents WHERE kind NOT IN ('judgment','ruling','mediation')"
            f" AND kind NOT IN {PLEADINGS} GROUP BY kind"
        ).fetchall()
    )
    assert kinds and set(kinds) <= NEW_KINDS
    # every paper has truth rows, and papers follow every closing document
    no_truth = con.execute(
        "SELECT count(*) FROM documents d WHERE kind NOT IN ('judgment','ruling','mediation') "
        f"AND kind NOT IN {PLEADINGS} "
        "AND NOT EXISTS (SELECT 1 FROM truth_documents t WHERE t.doc_id = d.doc_id)"
    ).fetchall()[0][0]
    assert no_truth == 0
    first_paper, last_closing = con.execute(
        "SELECT min(doc_id) FILTER (WHERE kind NOT IN ('judgment','ruling','mediation')), "
        "max(doc_id) FILTER (WHERE kind IN ('judgment','ruling','mediation')) FROM documents"
    ).fetchall()[0]
    assert first_paper > last_closing
    # writing them again into a copy gives the same texts (deterministic) and only appends
    rows = con.execute(
        f"SELECT kind, text FROM documents WHERE doc_id >= ? AND kind NOT IN {PLEADINGS} "
        "ORDER BY doc_id",
        [first_paper],
    ).fetchall()
    con.close()
    copy = str(tmp_path / "copy.duckdb")
    c2 = duckdb.connect(copy)
    c2.execute(f"ATTACH '{court}' AS src (READ_ONLY)")
    for t in ("courts", "judges", "cases", "case_parties", "parties", "case_agents", "events",
              "lawyers", "law_firms",
              "appeal_results", "sentences", "civil_outcomes", "enforcement_actions", "payments",
              "truth_case_sources"):  # fmt: skip
        c2.execute(f"CREATE TABLE {t} AS SELECT * FROM src.{t}")
    c2.execute(
        f"CREATE TABLE documents AS SELECT * FROM src.documents WHERE doc_id < {first_paper}"
    )
    c2.execute("DETACH src")
    assert render_papers(c2, seed=5) == len(rows)
    again = c2.execute(
        "SELECT kind, text FROM documents WHERE doc_id >= ? ORDER BY doc_id", [first_paper]
    ).fetchall()
    assert again == rows
    c2.close()
