"""Writing the specs into a generated court after its own cases: cases, parties, events,
documents, sentences, appeal results and registry rows (``write_specs``), then the ground truth
(``add_report_cases``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from courtqc.domain.caseno import format_case_no
from courtqc.domain.courts import BY_CODE
from courtqc.domain.idnumber import make_id_number
from courtqc.domain.uscc import make_uscc
from courtqc.synth.scenarios.definitions import (
    compute_truth,
)
from courtqc.synth.scenarios.makers import (
    build_specs,
)
from courtqc.synth.scenarios.specs import (
    AS_OF,
    SCENARIOS,
    Spec,
    Who,
)

_MAIN = ("filing", "assignment", "service", "scheduling", "hearing", "deliberation", "drafting",
         "signing", "pronouncement", "closing", "archiving")  # fmt: skip
_ENF = ("enf_filing", "enf_notice", "property_search", "enf_measures")
_TITLE = {"criminal": "刑事判决书"}


def _heading(text: str, court: str, title: str, case_no: str) -> str:
    """The courts' heading (court, document title, case number) in place of the placeholder
    court line the specs are written with, as the judgments of the main court are laid out."""
    court_line, _, rest = text.partition("\n")
    c = BY_CODE.get(court)
    name = c.name if c is not None else court_line
    return f"{name}\n{title}\n{case_no}\n{rest}"


def _max(con: duckdb.DuckDBPyConnection, table: str, col: str) -> int:
    return int(con.execute(f"SELECT coalesce(max({col}), 0) FROM {table}").fetchall()[0][0])


def _events(sp: Spec) -> list[tuple[str, dt.datetime, str | None]]:
    """Main-path events at a steady pace from filing to closing (or to the last side step of a
    pending case), with the scenario's side steps at their days."""

    def at(d: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(hour, 30))

    side = [(n, at(d, 14), note) for n, d, note in sp.side_events]
    if sp.family == "enforcement":
        enf = [(n, at(sp.filing + dt.timedelta(days=7 * i), 10), None) for i, n in enumerate(_ENF)]
        if sp.closing is not None:  # closed: the last step is the closing (终本 or paid in full)
            enf.append(("enf_closing", at(sp.closing, 16), None))
        return sorted([*enf, *side], key=lambda e: e[1])
    if sp.closing is None:
        last = max((d for _, d, _ in side), default=at(sp.filing, 10))
        path = [n for n in _MAIN[:3]]
        out = [(n, at(sp.filing + dt.timedelta(days=3 * i), 10), None) for i, n in enumerate(path)]
        return sorted([*out, *side], key=lambda e: e[1]) if last else out
    span = (sp.closing - sp.filing).days
    out = []
    for i, n in enumerate(_MAIN):
        d = (
            sp.filing + dt.timedelta(days=round(span * min(i, 9) / 9))
            if n != "archiving"
            else min(sp.closing + dt.timedelta(days=10), AS_OF)
        )
        out.append((n, at(d, 9 + i % 6), None))
    return sorted([*out, *side], key=lambda e: e[1])


def add_report_cases(con: duckdb.DuckDBPyConnection, cases: int, seed: int) -> dict[str, Any]:
    """Write the report scenarios' cases into a generated court (after its own cases), then
    their ground truth; returns per-scenario counts: truth cases, planted rows missing from the
    truth (``unmatched``) and truth rows nobody planted (``incidental``)."""
    from courtqc.synth.truth import compute_truth as main_truth

    specs = build_specs(cases, seed)
    planted, rep = write_specs(con, specs, seed)
    truth = compute_truth(con, rep)
    first_case = specs[0].case_id
    # The main court's scenarios on these cases (a fund-raising company's run of suits is also
    # a professional lender's): their truth rows too, so the main models are scored fairly.
    main = main_truth(con, rep)
    mine = {s: {(c, p) for c, p in v if c >= first_case} for s, v in main.items()}
    out_rows = []
    stats: dict[str, Any] = {"cases": len(specs), "truth_cases": {}, "unmatched": {},
                             "incidental": {}, "main_scenarios": {}}  # fmt: skip
    for s in SCENARIOS:
        got = truth[s]
        want = {(c, p) for (sc, c, p) in planted if sc == s}
        stats["truth_cases"][s] = len({c for c, _ in got})
        stats["unmatched"][s] = len(want - got)
        stats["incidental"][s] = len(got - want)
        for c, p in sorted(got, key=lambda x: (x[0], x[1] or 0)):
            out_rows.append({"scenario": s, "case_id": c, "party_id": p,
                             "note": planted.get((s, c, p), "arose from the data (not planted)")})  # fmt: skip
    for s, got in mine.items():
        if got:
            stats["main_scenarios"][s] = len({c for c, _ in got})
        for c, p in sorted(got, key=lambda x: (x[0], x[1] or 0)):
            out_rows.append({"scenario": s, "case_id": c, "party_id": p,
                             "note": "planted: report-scenario case (courtqc.synth.scenarios)"})  # fmt: skip
    if out_rows:
        _write(con, "truth_anomalies", out_rows)
    return stats


#: The tables write_specs fills, in the order it writes them.
_TABLES = (
    "cases", "parties", "case_parties", "events", "documents", "sentences", "appeal_results",
    "civil_outcomes", "truth_identities", "truth_party_variants", "truth_case_sources",
)  # fmt: skip

Planted = dict[tuple[str, int, int | None], str]


@dataclass
class _Batch:
    """What ``write_specs`` is writing: the rows per table, the last ids in use, the courts and
    judges the cases go to, and the planted truth rows."""

    rng: random.Random
    courts: list[tuple[str, str]]
    judges: dict[str, list[tuple[int, int]]]
    seqs: dict[tuple[int, str, str], int]
    case_id: int
    party_id: int
    event_id: int
    doc_id: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in _TABLES})
    whos: dict[int, Who] = field(default_factory=dict)
    planted: Planted = field(default_factory=dict)


def write_specs(
    con: duckdb.DuckDBPyConnection, specs: list[Spec], seed: int
) -> tuple[Planted, pa.Table]:
    """Write the specs' cases, parties, events, documents, sentences and registry rows after
    what the store holds; returns the planted truth rows and the company → legal
    representative identities (for the truth definitions)."""
    b = _start(con, seed)
    _dedupe(con, specs, b.rng)
    for sp in specs:
        _write_case(b, sp)
    for table, data in b.rows.items():
        if data:
            _write(con, table, data)
    return b.planted, _write_registries(con, b.whos)


def _start(con: duckdb.DuckDBPyConnection, seed: int) -> _Batch:
    """The courts, judges, case numbers and ids already in the store, and the side tables."""
    rng = random.Random(seed * 31 + 5)
    courts = con.execute(
        "SELECT court_code, parent_code FROM courts WHERE level = 'basic' AND kind = 'general' "
        "ORDER BY court_code"
    ).fetchall() or [("沪0115", "沪01")]
    # Not canonical: the synthetic court's record of how each party row is written.
    con.execute(
        "CREATE TABLE IF NOT EXISTS truth_party_variants (party_id BIGINT, variant INTEGER)"
    )
    # Not canonical either: which cases these specs wrote. Their judgments are short texts (the
    # heading, the facts and the reasoning that the models read), not the full layout that
    # synth/documents/ renders, so the extraction round trip is checked on the main court's only.
    con.execute("CREATE TABLE IF NOT EXISTS truth_case_sources (case_id BIGINT, source VARCHAR)")
    judges: dict[str, list[tuple[int, int]]] = {}
    for code, jid, dept in con.execute(
        "SELECT court_code, judge_id, dept_id FROM judges WHERE title = 'judge' ORDER BY judge_id"
    ).fetchall():
        judges.setdefault(code, []).append((jid, dept))
    seqs = {
        (y, c, t): s
        for y, c, t, s in con.execute(
            "SELECT year, court_code, type_code, max(seq) FROM cases GROUP BY ALL"
        ).fetchall()
    }
    return _Batch(
        rng, courts, judges, seqs,
        case_id=_max(con, "cases", "case_id"), party_id=_max(con, "parties", "party_id"),
        event_id=_max(con, "events", "event_id"), doc_id=_max(con, "documents", "doc_id"),
    )  # fmt: skip


def _place(b: _Batch, sp: Spec) -> tuple[int, int | None, int | None]:
    """The spec's court (a remand returns to the basic court it came from), its sequence
    number in that court's year and type, and its judge and department."""
    courts, rng = b.courts, b.rng
    if sp.intermediate:
        below = _basic_of(sp, courts) if sp.origin is not None else courts[0][0]
        sp.court = dict(courts).get(below) or below
    elif sp.origin is not None:
        sp.court = _basic_of(sp.origin, courts)
    else:
        sp.court = courts[rng.randrange(len(courts))][0]
    key = (sp.filing.year, sp.court, sp.type_code)
    b.seqs[key] = b.seqs.get(key, 0) + 1
    jid, dept = (b.judges.get(sp.court) or [(None, None)])[rng.randrange(
        max(1, len(b.judges.get(sp.court) or [])))]  # fmt: skip
    return b.seqs[key], jid, dept


def _write_case(b: _Batch, sp: Spec) -> None:
    """One spec's case with its events, parties, judgment and appeal result."""
    b.case_id += 1
    case_id = sp.case_id = b.case_id
    seq, jid, dept = _place(b, sp)
    y = sp.filing.year
    ev = _events(sp)
    rows = b.rows
    rows["truth_case_sources"].append({"case_id": case_id, "source": "report_scenario"})
    rows["cases"].append({
        "case_id": case_id, "case_no": format_case_no(y, sp.court, sp.type_code, seq),
        "year": y, "court_code": sp.court, "specialist_code": None, "type_code": sp.type_code,
        "seq": seq, "suffix": None, "family": sp.family, "procedure": sp.procedure,
        "trial_procedure": "ordinary" if sp.family not in ("enforcement",) else None,
        "cause_code": None, "cause_name": sp.cause, "cause_list_version": None,
        "filing_date": sp.filing, "closing_date": sp.closing, "closing_method": sp.method
        if sp.closing else None, "status": "closed" if sp.closing else "pending",
        "current_node": ev[-1][0], "dept_id": dept, "presiding_judge_id": jid,
        "claim_amount": sp.claim, "origin_case_id": sp.origin.case_id if sp.origin else None,
        "origin_relation": sp.origin_relation, "extended_days": 0,
        "excluded_days": sum(60 for n, _, _ in sp.side_events if n in ("appraisal", "audit"))
        + (400 if any(n == "suspension" for n, _, _ in sp.side_events) else 0),
    })  # fmt: skip
    for node, when, note in ev:
        b.event_id += 1
        rows["events"].append({"event_id": b.event_id, "case_id": case_id, "node": node,
                               "occurred_at": when, "actor_id": jid, "note": note})  # fmt: skip
    pid_of = _write_parties(b, sp)
    if sp.text:
        b.doc_id += 1
        title = _TITLE.get(sp.family, sp.doc_title)
        case_no = rows["cases"][-1]["case_no"]
        rows["documents"].append({"doc_id": b.doc_id, "case_id": case_id, "kind": "judgment",
                                  "title": title, "text": _heading(sp.text, sp.court, title, case_no),
                                  "issue_date": sp.closing})  # fmt: skip
    if sp.procedure == "second" and sp.origin is not None and sp.closing:
        rows["appeal_results"].append({
            "case_id": case_id, "origin_case_id": sp.origin.case_id, "result": sp.method,
            "reason": "procedure_error" if sp.method == "remanded" else "fact_error",
            "decided_date": sp.closing,
        })  # fmt: skip
    if sp.award is not None and sp.closing:
        # 民事诉讼法 article on doubled late interest in force at the closing (253/260/264).
        art = (
            253
            if sp.closing <= dt.date(2021, 12, 31)
            else (260 if sp.closing <= dt.date(2023, 12, 31) else 264)
        )
        rows["civil_outcomes"].append({
            "case_id": case_id, "item_seq": 1, "payer_party_id": pid_of.get("defendant"),
            "payee_party_id": pid_of.get("plaintiff"), "kind": "principal",
            "amount_yuan": sp.award, "late_clause_article": art,
        })  # fmt: skip
    party = pid_of.get(sp.truth_role) if sp.truth_role else None
    for scen in ((sp.scenario,) if sp.truth else ()) + sp.also:
        b.planted[(scen, case_id, party)] = f"planted: {sp.note}"


def _write_parties(b: _Batch, sp: Spec) -> dict[str, int]:
    """A party row per (role, person) of the spec, with its identity and any sentence;
    returns the first party id of each role."""
    rows = b.rows
    seq_in_role: dict[str, int] = {}
    pid_of: dict[str, int] = {}
    for role, who in sp.parties:
        b.party_id += 1
        party_id = b.party_id
        b.whos[who.key] = who
        seq_in_role[role] = seq_in_role.get(role, 0) + 1
        pid_of.setdefault(role, party_id)
        rows["parties"].append({
            "party_id": party_id, "kind": who.kind, "name": who.name,
            "id_number": who.id_number, "birth_date": who.birth, "gender": who.gender,
            "uscc": who.uscc, "legal_rep": who.legal_rep.name if who.legal_rep else None,
        })  # fmt: skip
        rows["case_parties"].append({"case_id": sp.case_id, "party_id": party_id, "role": role,
                                     "seq": seq_in_role[role]})  # fmt: skip
        rows["truth_identities"].append({"party_id": party_id, "identity": f"S{who.key:07d}"})
        rows["truth_party_variants"].append({"party_id": party_id, "variant": 0})
        if sp.sentence is not None and role == "criminal_defendant":
            rows["sentences"].append({"case_id": sp.case_id, "party_id": party_id, **sp.sentence})
    return pid_of


def _write_registries(con: duckdb.DuckDBPyConnection, whos: dict[int, Who]) -> pa.Table:
    """The registry rows of the people and companies written; returns the company → legal
    representative identities."""
    companies = [w for w in whos.values() if w.kind == "legal"]
    _write(con, "registry_enterprises", [
        {"uscc": w.uscc, "name": w.name, "status": "active", "legal_rep": w.legal_rep.name,
         "registered_capital": 1_000_000, "established_date": dt.date(2015, 1, 1)}
        for w in companies
    ])  # fmt: skip
    _write(con, "registry_population", [
        {"id_number": w.id_number, "name": w.name, "status": "dead" if w.death else "alive",
         "death_date": w.death, "district": "浦东新区"}
        for w in whos.values() if w.kind == "natural"
    ])  # fmt: skip
    return pa.table({
        "identity": pa.array([f"S{w.key:07d}" for w in companies if w.legal_rep.key in whos], pa.string()),
        "rep_identity": pa.array([f"S{w.legal_rep.key:07d}" for w in companies
                                  if w.legal_rep.key in whos], pa.string()),
    })  # fmt: skip


def _dedupe(con: duckdb.DuckDBPyConnection, specs: list[Spec], rng: random.Random) -> None:
    """Re-draw any ID number or credit code the main court already uses (one real person or
    company per number)."""
    people = {w.key: w for sp in specs for _, w in sp.parties}
    for w in list(people.values()):
        if w.legal_rep is not None:
            people.setdefault(w.legal_rep.key, w.legal_rep)
    for _ in range(20):
        ids = [w.id_number for w in people.values() if w.id_number]
        codes = [w.uscc for w in people.values() if w.uscc]
        taken = {r[0] for r in con.execute(
            "SELECT id_number FROM parties WHERE id_number IN (SELECT unnest(?)) UNION "
            "SELECT id_number FROM registry_population WHERE id_number IN (SELECT unnest(?)) UNION "
            "SELECT uscc FROM parties WHERE uscc IN (SELECT unnest(?)) UNION "
            "SELECT uscc FROM registry_enterprises WHERE uscc IN (SELECT unnest(?))",
            [ids, ids, codes, codes]).fetchall()}  # fmt: skip
        # Two people of the specs themselves may draw one number (at 1M cases, ~10,000 of
        # them): the later one re-draws too.
        again = _second_holders(people.values())
        if not taken and not again:
            return
        for w in people.values():
            if (w.id_number in taken or (w.key, "id") in again) and w.birth is not None:
                w.id_number = make_id_number(
                    "310115", w.birth, rng.randint(0, 99), w.gender == "male"
                )
            if w.uscc in taken or (w.key, "uscc") in again:
                w.uscc = make_uscc("310115", f"{rng.randint(0, 99_999_999):08d}")


def _second_holders(people) -> set[tuple[int, str]]:
    """(key, "id" | "uscc") of each person or company whose number an earlier one holds."""
    seen: dict[tuple[str, str], int] = {}
    again: set[tuple[int, str]] = set()
    for w in people:
        for kind, number in (("id", w.id_number), ("uscc", w.uscc)):
            if number and seen.setdefault((kind, number), w.key) != w.key:
                again.add((w.key, kind))
    return again


def _basic_of(sp: Spec, courts: list[tuple[str, str]]) -> str:
    """The basic court a remanded case returns to: that of the first instance above it."""
    s: Spec | None = sp
    while s is not None and s.intermediate:
        s = s.origin
    return s.court if s is not None and s.court else courts[0][0]


def _write(con: duckdb.DuckDBPyConnection, table: str, data: list[dict[str, Any]]) -> None:
    cols = list(data[0])
    t = pa.table({c: [r.get(c) for r in data] for c in cols})
    con.register("_rsc_src", t)
    names = ", ".join(cols)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rsc_src")
    con.unregister("_rsc_src")
