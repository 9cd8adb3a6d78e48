"""The papers of a case's life (issue 18) in the synthetic court: for a sample of the closed
cases, the documents written between filing and closing besides the closing document —
indictment, hearing transcript, appeal petition, enforcement application, power of attorney,
the court's notices, summons and payment order, administrative complaint, enforcement
rulings and notices. Which case gets which:

==========================  ====================================================================
case                        papers
==========================  ====================================================================
civil*, first               two of: acceptance / response / evidence / fee notice, summons,
                            power of attorney, payment order (民督, civil with a claim); the
                            hearing transcript where there was a hearing; the appeal petition
                            where the case was appealed
administrative, first       the administrative complaint, one of the civil list, transcript,
                            appeal petition as civil
criminal, first             the indictment, the transcript, the appeal petition where appealed
second instance             the transcript
enforcement                 the enforcement application; the power of attorney (30 %); the
                            closing notice where enforced in full; the ruling adding a
                            respondent (25 % of those with a company respondent)
==========================  ====================================================================

(civil* = civil, commercial, ip, maritime, financial.) `PER_MILLE` of the closed cases are
sampled (the report scenarios' cases never); `noise.NOISY_PERCENT` of the papers carry
OCR-like noise. They go to `documents` after every other document (their doc_ids follow),
with `kind` the code of courtqc/extract/kinds.yaml, and every value a paper rendered goes to
`truth_documents` (doc_id, kind, field, value; lists one row per element), so extraction
can be scored by a round trip.

Their own random stream: sampling, choices and noise are drawn from the seed and the case id
through a salt no other table uses, so adding them leaves every other table's rows as they
were (bench/bench_documents.py --papers checks the time, docs/SYNTH.md gives the figures).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.enforcement_papers import addition_ruling, closure_notice
from courtqc.synth.documents.noise import NOISY_PERCENT, ocr_noise
from courtqc.synth.documents.notices import (
    acceptance_notice,
    evidence_notice,
    fee_notice,
    payment_order,
    response_notice,
    summons,
)
from courtqc.synth.documents.paper import Paper
from courtqc.synth.documents.petitions import (
    admin_complaint,
    appeal_petition,
    enforcement_application,
    power_of_attorney,
)
from courtqc.synth.documents.prosecution import indictment
from courtqc.synth.documents.records import _Case, _load_chunk
from courtqc.synth.documents.render import CIVIL_FAMILIES, _document
from courtqc.synth.documents.text import _Var
from courtqc.synth.documents.transcripts import transcript

#: closed cases (per thousand) that get their papers written
PER_MILLE = 20
_SALT = 0x5EED_D0C5  # the papers' own stream: never used by another table
_Writer = Callable[[_Case, _Courts, _Var], Paper | None]
_CIVIL_POOL: tuple[_Writer, ...] = (
    acceptance_notice, response_notice, evidence_notice, fee_notice, summons, power_of_attorney,
    payment_order,
)  # fmt: skip


def _var(case_id: int, seed: int, k: int = 0) -> _Var:
    return _Var(case_id * 64 + k, seed + _SALT)


def sampled(case_id: int, seed: int, per_mille: int = PER_MILLE) -> bool:
    return per_mille >= 1000 or _var(case_id, seed).idx(1000) < per_mille


def _writers(c: _Case, v: _Var) -> list[_Writer]:
    fam, proc = c.family, c.procedure
    if fam == "criminal" and proc == "first":
        return [indictment, transcript, appeal_petition]
    if proc == "second":
        return [transcript]
    if fam == "enforcement":
        out: list[_Writer] = [enforcement_application, closure_notice]
        if v.chance(30):
            out.append(power_of_attorney)
        if v.chance(25):
            out.append(addition_ruling)
        return out
    if proc == "first" and (fam in CIVIL_FAMILIES or fam == "administrative"):
        pool = list(_CIVIL_POOL if fam != "administrative" else _CIVIL_POOL[:-1])
        picks: list[_Writer] = [admin_complaint] if fam == "administrative" else []
        for _ in range(1 if fam == "administrative" else 2):
            picks.append(pool.pop(v.idx(len(pool))))
        return [*picks, transcript, appeal_petition]
    return []


def papers_of(c: _Case, courts: _Courts, seed: int) -> list[tuple[Paper, bool]]:
    """The papers of one case (the module's table), each with whether it is noisy; the text
    of a noisy one is already noised."""
    v = _var(c.case_id, seed, 1)
    out: list[tuple[Paper, bool]] = []
    for k, w in enumerate(_writers(c, v), start=2):
        pv = _var(c.case_id, seed, k)
        p = w(c, courts, pv)
        if p is None:
            continue
        noisy = pv.chance(NOISY_PERCENT)
        if noisy:
            p.lines = ocr_noise(p.text, pv.h).split("\n")
        out.append((p, noisy))
    return out


def _sample_table(con: duckdb.DuckDBPyConnection, seed: int, per_mille: int) -> int:
    has_sources = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'truth_case_sources'"
    ).fetchall()[0][0]
    skip = "AND case_id NOT IN (SELECT case_id FROM truth_case_sources)" if has_sources else ""
    ids = [
        r[0]
        for r in con.execute(
            f"SELECT case_id FROM cases WHERE status = 'closed' {skip} ORDER BY case_id"
        ).fetchall()
        if sampled(r[0], seed, per_mille)
    ]
    con.execute("CREATE OR REPLACE TEMP TABLE _paper_cases (case_id BIGINT)")
    if ids:
        con.register("_paper_ids", pa.table({"case_id": pa.array(ids, pa.int64())}))
        try:
            con.execute("INSERT INTO _paper_cases SELECT case_id FROM _paper_ids")
        finally:
            con.unregister("_paper_ids")
    return len(ids)


def _cases(con: duckdb.DuckDBPyConnection, seed: int, per_mille: int) -> Iterator[_Case]:
    if _sample_table(con, seed, per_mille):
        yield from _load_chunk(con, 0, 0, only="_paper_cases")
    con.execute("DROP TABLE IF EXISTS _paper_cases")


def render_papers(con: duckdb.DuckDBPyConnection, seed: int, per_mille: int = PER_MILLE) -> int:
    """Write the sampled cases' papers to `documents` (after every other document) and their
    rendered values to `truth_documents`; return how many were written."""
    courts = _Courts(con)
    next_id = con.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM documents").fetchall()[0][0]
    con.execute(
        "CREATE TABLE IF NOT EXISTS truth_documents "
        "(doc_id BIGINT, kind VARCHAR, field VARCHAR, value VARCHAR)"
    )
    cols: dict[str, list] = {k: [] for k in ("case_id", "kind", "title", "text", "day")}
    truth: dict[str, list] = {k: [] for k in ("doc_id", "kind", "field", "value")}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for c in _cases(con, seed, per_mille):
            for p, _noisy in papers_of(c, courts, seed):
                doc_id = next_id + len(cols["case_id"])
                for k, val in (("case_id", c.case_id), ("kind", p.kind), ("title", p.title),
                               ("text", p.text), ("day", p.day)):  # fmt: skip
                    cols[k].append(val)
                for f, val in p.truth.items():
                    for x in val if isinstance(val, list) else [val]:
                        truth["doc_id"].append(doc_id)
                        truth["kind"].append(p.kind)
                        truth["field"].append(f)
                        truth["value"].append(x if isinstance(x, str) else json.dumps(x))
    finally:
        if gc_was_enabled:
            gc.enable()
    n = len(cols["case_id"])
    if not n:
        return 0
    docs = pa.table(
        {
            "doc_id": pa.array(range(next_id, next_id + n), pa.int64()),
            "case_id": pa.array(cols["case_id"], pa.int64()),
            "kind": pa.array(cols["kind"], pa.string()),
            "title": pa.array(cols["title"], pa.string()),
            "text": pa.array(cols["text"], pa.string()),
            "issue_date": pa.array(cols["day"], pa.int32()).cast(pa.date32()),
        }
    )
    for name, table, target in (("_papers", docs, "documents"),
                                 ("_papers_truth", pa.table(truth), "truth_documents")):  # fmt: skip
        con.register(name, table)
        try:
            con.execute(f"INSERT INTO {target} SELECT * FROM {name}")
        finally:
            con.unregister(name)
    return n


@dataclass(slots=True)
class Labelled:
    """One document of the labelled mixed set: its kind (kinds.yaml code), text, the values
    it rendered (empty for closing documents: their round trip is tests/test_extract_synth.py)
    and whether it carries OCR noise."""

    case_id: int
    kind: str
    text: str
    truth: dict
    noisy: bool


def labelled_set(
    con: duckdb.DuckDBPyConnection, seed: int, per_mille: int = 1000
) -> list[Labelled]:
    """The labelled mixed set of a generated court: the sampled cases' papers and their
    closing documents (judgment, ruling, mediation, 终本 ruling), noise as in the court."""
    courts = _Courts(con)
    out: list[Labelled] = []
    for c in _cases(con, seed, per_mille):
        doc = _document(c, courts, _Var(c.case_id, seed))
        if doc is not None:
            kind, title, lines = doc
            if title == "执行裁定书":
                kind = "enforcement_ruling"
            text = "\n".join(lines)
            v = _var(c.case_id, seed, 63)
            noisy = v.chance(NOISY_PERCENT)
            out.append(
                Labelled(c.case_id, kind, ocr_noise(text, v.h) if noisy else text, {}, noisy)
            )
        for p, noisy in papers_of(c, courts, seed):
            out.append(Labelled(c.case_id, p.kind, p.text, p.truth, noisy))
    return out
