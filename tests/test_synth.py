"""The synthetic court: every table filled, valid identifiers, exact planted truth, determinism,
and the consistency a supervision model relies on (dates, events, sentences, links)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.domain.caseno import format_case_no, parse_case_no
from courtqc.domain.idnumber import id15_to_18, id_birth_date, id_gender, validate_id_number
from courtqc.domain.uscc import validate_uscc
from courtqc.identity.normalize import id_number_sql
from courtqc.law.civil_procedure import late_interest_article
from courtqc.law.fines import fine_range
from courtqc.law.lpr import interest_cap_pct
from courtqc.law.sentencing import expected_term_end
from courtqc.schema import ALL_TABLES
from courtqc.synth import generate
from courtqc.synth.timeline import WINDOW
from courtqc.synth.truth import SCENARIOS, compute_truth

# A party's ID number as the registers hold it (15-digit and full-width forms converted).
ID = id_number_sql("p.id_number")

N = 2000
AS_OF = date.fromisoformat(WINDOW.as_of)
ANOMALIES_MD = Path(__file__).resolve().parents[1] / "docs" / "ANOMALIES.md"


@pytest.fixture(scope="module")
def court(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "court.duckdb"
    stats = generate(path, cases=N, seed=1, progress=False)
    con = duckdb.connect(str(path), read_only=True)
    yield stats, con, path
    con.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def one(con, sql, *params):
    return rows(con, sql, *params)[0][0]


def test_every_table_has_rows(court):
    _stats, con, _ = court
    assert one(con, "SELECT count(*) FROM cases") == N
    empty = [t for t in ALL_TABLES if t not in ("info_points", "quarantine")
             and one(con, f"SELECT count(*) FROM {t}") == 0]  # fmt: skip
    assert empty == []


def test_id_numbers_validate_and_match_birth_and_gender(court):
    _, con, _ = court
    people = rows(con, "SELECT id_number, birth_date, gender FROM parties WHERE kind = 'natural'")
    assert people
    for idn, birth, gender in people:
        assert birth is not None and gender in ("male", "female"), (idn, birth, gender)
        if idn is None:  # written without the ID number: name, sex, birth date, address only
            continue
        idn = id15_to_18(idn) or idn  # a first-generation 15-digit number as old records keep it
        assert validate_id_number(idn), idn
        assert id_birth_date(idn) == birth, idn
        assert id_gender(idn) == gender, idn
    missing = sum(idn is None for idn, _, _ in people) / len(people)
    assert 0.10 <= missing <= 0.20, missing
    # the same person written with and without the number, and without it under a name variant
    assert (
        one(
            con,
            """
        SELECT count(*) FROM (SELECT t.identity FROM parties p JOIN truth_identities t USING (party_id)
                              WHERE p.kind = 'natural' GROUP BY 1
                              HAVING count(p.id_number) > 0 AND count(*) > count(p.id_number))""",
        )
        > 0
    )
    assert one(con, """
        SELECT count(*) FROM parties WHERE kind = 'natural' AND id_number IS NULL
          AND (name LIKE '% %' OR name LIKE '%\u3000%')""") > 0  # fmt: skip
    for table in ("registry_population", "registry_housing_fund"):
        for (idn,) in rows(con, f"SELECT id_number FROM {table}"):
            assert validate_id_number(idn) and idn == idn.upper(), (table, idn)
    assert (
        one(con, "SELECT count(*) FROM parties WHERE id_number LIKE '%x'") > 0
    )  # lower-case x variant


def test_credit_codes_validate(court):
    _, con, _ = court
    codes = rows(con, "SELECT uscc FROM parties WHERE uscc IS NOT NULL UNION ALL "
                      "SELECT uscc FROM registry_enterprises UNION ALL "
                      "SELECT administrator_uscc FROM registry_enterprises WHERE administrator_uscc IS NOT NULL")  # fmt: skip
    assert len(codes) > 100
    assert [c for (c,) in codes if not validate_uscc(c)] == []
    assert (
        one(
            con, "SELECT count(*) FROM parties WHERE kind IN ('legal','authority') AND uscc IS NULL"
        )
        == 0
    )


def test_every_contract_scenario_has_truth_and_truth_is_exactly_the_planted(court):
    stats, con, _ = court
    contract = set(
        re.findall(r"^\| `([a-z_]+)` \|", ANOMALIES_MD.read_text(encoding="utf-8"), re.M)
    )
    assert contract == set(SCENARIOS)
    have = {s for (s,) in rows(con, "SELECT DISTINCT scenario FROM truth_anomalies")}
    assert have == contract
    # No pattern arose by chance in the clean data, and every planted row is truth.
    assert {s: n for s, n in stats.incidental.items() if n} == {}
    assert {s: n for s, n in stats.unmatched.items() if n} == {}
    # The main court's anomalies stay rare; the report scenarios' cases are a fixed set of a few
    # per scenario (at least one instance, whatever the court's size), so they are not counted.
    planted_cases = one(
        con,
        "SELECT count(DISTINCT case_id) FROM truth_anomalies WHERE case_id NOT IN "
        "(SELECT case_id FROM truth_case_sources WHERE source = 'report_scenario')",
    )
    assert 0 < planted_cases < 0.05 * N


def test_truth_follows_the_data(court, tmp_path):
    """Write a defect into a clean case by hand: the truth computation finds it."""
    _, _con, path = court
    copy = tmp_path / "copy.duckdb"
    con2 = duckdb.connect(str(copy))
    con2.execute(f"ATTACH '{path}' AS src (READ_ONLY)")
    for t in ALL_TABLES:
        con2.execute(f"CREATE TABLE {t} AS SELECT * FROM src.{t}")
    con2.execute("DETACH src")
    case_id = one(
        con2,
        """
        SELECT c.case_id FROM cases c JOIN civil_outcomes o USING (case_id)
        WHERE c.closing_method = 'judgment' AND o.kind = 'principal' AND o.late_clause_article IS NOT NULL
          AND c.case_id NOT IN (SELECT case_id FROM truth_anomalies) LIMIT 1""",
    )
    con2.execute("UPDATE civil_outcomes SET late_clause_article = 1 WHERE case_id = ?", [case_id])
    import pyarrow as pa

    truth = compute_truth(
        con2,
        pa.table(
            {"identity": pa.array([], pa.string()), "rep_identity": pa.array([], pa.string())}
        ),
    )
    assert (case_id, None) in truth["interest_wording_nonstandard"]
    con2.close()


def _digest(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for t in ALL_TABLES:
        h = hashlib.sha256()
        for r in con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall():
            h.update(repr(r).encode())
        out[t] = h.hexdigest()
    con.close()
    return out


def test_same_seed_same_data(court, tmp_path):
    _, _, path = court
    again = tmp_path / "again.duckdb"
    generate(again, cases=N, seed=1, progress=False)
    assert _digest(again) == _digest(path)
    other = tmp_path / "other.duckdb"
    generate(other, cases=N, seed=2, progress=False)
    assert _digest(other)["cases"] != _digest(path)["cases"]


def test_case_numbers_and_dates(court):
    _, con, _ = court
    for case_no, year, court_code, spec, type_code, seq, suffix in rows(
        con, "SELECT case_no, year, court_code, specialist_code, type_code, seq, suffix FROM cases"
    ):
        n = parse_case_no(case_no)
        assert (n.year, n.court_code, n.specialist, n.type_code, n.seq, n.suffix) == (
            year,
            court_code,
            spec,
            type_code,
            seq,
            suffix,
        )
    assert one(con, "SELECT count(*) FROM cases WHERE closing_date < filing_date") == 0
    assert (
        one(
            con,
            "SELECT count(*) FROM cases WHERE filing_date > ? OR closing_date > ?",
            AS_OF,
            AS_OF,
        )
        == 0
    )
    assert (
        one(con, "SELECT count(*) FROM cases WHERE status = 'pending' AND closing_date IS NOT NULL")
        == 0
    )
    assert one(con, "SELECT count(*) FROM cases WHERE status = 'pending'") > 0
    # the cause list in force at filing
    assert (
        one(
            con,
            """SELECT count(*) FROM cases WHERE family IN ('civil','commercial','ip','maritime','financial')
                       AND cause_list_version <> CASE WHEN filing_date >= DATE '2026-01-01' THEN '2025' ELSE '2020' END""",
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM cases c LEFT JOIN causes k ON k.cause_code = c.cause_code
                       AND k.list_version = c.cause_list_version WHERE c.cause_code IS NOT NULL AND k.name IS NULL""",
        )
        == 0
    )


def test_split_trials_carry_their_base_case_number(court):
    """分案审理: a 之N case shares the year, court, type and sequence number of a case without a
    suffix, is filed after it, and its number round-trips through the domain primitives."""
    _, con, _ = court
    split = rows(
        con,
        """SELECT s.case_no, s.suffix, b.case_no, s.filing_date > b.filing_date, s.family
           FROM cases s LEFT JOIN cases b ON b.year = s.year AND b.court_code = s.court_code
                AND b.type_code = s.type_code AND b.seq = s.seq AND b.suffix IS NULL
           WHERE s.suffix IS NOT NULL""",
    )
    assert split
    for case_no, suffix, base_no, later, family in split:
        assert base_no is not None and later and family == "criminal", case_no
        n = parse_case_no(case_no)
        assert case_no == format_case_no(n.year, n.court_code, n.type_code, n.seq, suffix=suffix)
        assert case_no == f"{base_no}之{'一二三'[suffix - 1]}"
    # the judgment of a split case is headed with its own 之N number
    assert (
        one(
            con,
            """SELECT count(*) FROM documents d JOIN cases c USING (case_id)
           WHERE c.suffix IS NOT NULL AND d.kind = 'judgment'
             AND split_part(d.text, chr(10), 3) NOT LIKE '%' || c.case_no || '%'
             AND split_part(d.text, chr(10), 4) NOT LIKE '%' || c.case_no || '%'""",
        )
        == 0
    )


def test_one_lawyer_never_acts_for_both_sides_outside_the_planted_cases(court):
    _, con, _ = court
    both = {
        c
        for (c,) in rows(
            con,
            """SELECT a.case_id FROM case_agents a JOIN case_parties cp USING (case_id, party_id)
               WHERE a.lawyer_id IS NOT NULL GROUP BY a.case_id, a.lawyer_id
               HAVING bool_or(cp.role IN ('plaintiff', 'appellant', 'applicant'))
                  AND bool_or(cp.role IN ('defendant', 'appellee', 'respondent', 'criminal_defendant'))""",
        )
    }
    planted = {
        c
        for (c, note) in rows(
            con, "SELECT case_id, note FROM truth_anomalies WHERE scenario = 'lawyer_both_sides'"
        )
        if note.startswith("planted")
    }
    assert both and both == planted
    # the distractor: the same lawyer on opposite sides of two different suits is allowed
    assert (
        one(
            con,
            """SELECT count(*) FROM case_agents a JOIN case_parties p USING (case_id, party_id)
           JOIN case_agents b ON b.lawyer_id = a.lawyer_id AND b.case_id <> a.case_id
           JOIN case_parties d ON d.case_id = b.case_id AND d.party_id = b.party_id
           WHERE p.role = 'plaintiff' AND d.role = 'defendant'""",
        )
        > 0
    )


def test_identity_resolution_links_rows_without_id_numbers(court, tmp_path):
    """Resolve a copy: rows without an ID number are linked by name, birth date, address and
    phone (fuzzy merges happen), and pairwise precision and recall stay high."""
    from courtqc.identity.evaluate import pairwise_scores
    from courtqc.identity.resolve import resolve_parties

    _, _con, path = court
    copy = tmp_path / "resolved.duckdb"
    copy.write_bytes(Path(path).read_bytes())
    con2 = duckdb.connect(str(copy))
    stats = resolve_parties(con2)
    scores = pairwise_scores(con2)
    con2.close()
    assert stats.fuzzy_merges > 0
    assert scores.precision >= 0.99 and scores.recall >= 0.99, scores.as_dict()


def test_mix_is_realistic(court):
    _, con, _ = court
    share = dict(
        rows(con, "SELECT family, count(*) / sum(count(*)) OVER () FROM cases GROUP BY family")
    )
    civil = sum(share.get(f, 0) for f in ("civil", "commercial", "ip", "maritime", "financial"))
    assert civil > 0.5
    assert 0.2 < share["enforcement"] < 0.32
    for f in ("criminal", "administrative", "bankruptcy", "ip", "maritime", "financial"):
        assert share.get(f, 0) > 0, f
    types = {t for (t,) in rows(con, "SELECT DISTINCT type_code FROM cases")}
    assert {"民初", "民终", "刑初", "执", "执恢", "执保", "执异", "破", "行初"} <= types
    assert (
        one(con, "SELECT count(*) FROM cases WHERE court_code = '沪73' AND specialist_code = '知'")
        > 0
    )
    methods = {
        m
        for (m,) in rows(
            con, "SELECT DISTINCT closing_method FROM cases WHERE closing_method IS NOT NULL"
        )
    }
    assert {
        "judgment",
        "mediation",
        "withdrawal",
        "dismissal",
        "termination_current",
        "enforced_in_full",
    } <= methods


def test_events_follow_the_case(court):
    _, con, _ = court
    bad = one(
        con,
        f"""
        WITH e AS (SELECT case_id, min(occurred_at) AS first, max(occurred_at) AS last,
                          arg_min(node, occurred_at) AS first_node, arg_max(node, occurred_at) AS last_node
                   FROM events WHERE node <> 'pre_filing_mediation' GROUP BY case_id)
        SELECT count(*) FROM cases c JOIN e USING (case_id)
        WHERE CAST(e.first AS DATE) <> c.filing_date OR e.first_node NOT IN ('filing', 'enf_filing')
           OR (c.status = 'closed' AND CAST(e.last AS DATE) < c.closing_date)
           OR e.last > TIMESTAMP '{AS_OF.isoformat()}' + INTERVAL 1 DAY""",
    )
    assert bad == 0
    assert (
        one(con, "SELECT count(*) FROM cases WHERE case_id NOT IN (SELECT case_id FROM events)")
        == 0
    )
    # current_node is the last node reached
    assert (
        one(
            con,
            """SELECT count(*) FROM cases c JOIN (SELECT case_id, arg_max(node, occurred_at) AS n
                       FROM events GROUP BY case_id) e USING (case_id) WHERE c.current_node <> e.n""",
        )
        == 0
    )
    # closing events on the closing date
    assert (
        one(
            con,
            """SELECT count(*) FROM events e JOIN cases c USING (case_id)
                       WHERE e.node IN ('closing', 'enf_closing') AND CAST(e.occurred_at AS DATE) <> c.closing_date""",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM events e JOIN cases c USING (case_id) WHERE e.node = 'closing' AND c.status = 'pending'",
        )
        == 0
    )


def test_appeals_and_enforcement_link_to_their_origin(court):
    _, con, _ = court
    links = rows(
        con,
        """
        SELECT c.origin_relation, c.type_code, o.type_code, c.filing_date >= coalesce(o.closing_date, o.filing_date),
               c.cause_name IS NOT DISTINCT FROM o.cause_name
        FROM cases c JOIN cases o ON o.case_id = c.origin_case_id""",
    )
    assert links
    for rel, t, ot, after, same_cause in links:
        if rel == "appeal":
            assert t.endswith("终") and ot.endswith("初") and after and same_cause, (t, ot)
        if rel == "enforcement":
            assert t == "执" and after
        if rel == "resumed_enforcement":
            assert t == "执恢" and ot in ("执", "执恢") and after
    assert (
        one(
            con,
            "SELECT count(*) FROM cases WHERE origin_case_id IS NOT NULL AND origin_case_id NOT IN (SELECT case_id FROM cases)",
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM appeal_results a JOIN cases c USING (case_id)
                       WHERE a.origin_case_id <> c.origin_case_id OR a.decided_date <> c.closing_date""",
        )
        == 0
    )
    results = dict(
        rows(
            con,
            "SELECT result, count(*) FROM appeal_results a JOIN cases c USING (case_id) WHERE c.type_code = '民终' GROUP BY 1",
        )
    )
    total = sum(results.values())
    assert results["upheld"] > 0.5 * total and results.get("remanded", 0) < 0.1 * total


def test_clean_sentences_interest_and_fines_follow_the_law(court):
    _, con, _ = court
    planted = {
        (c, p)
        for c, p in rows(
            con, "SELECT case_id, party_id FROM truth_anomalies WHERE party_id IS NOT NULL"
        )
    }
    checked = 0
    for (
        case_id,
        party_id,
        charges,
        penalty,
        term,
        prob,
        fine,
        amount,
        cstart,
        cdays,
        tstart,
        tend,
    ) in rows(
        con,
        """
            SELECT case_id, party_id, charges, principal_penalty, term_months, probation_months, fine_yuan,
                   crime_amount, custody_start, custody_days, term_start, term_end FROM sentences""",
    ):
        if (case_id, party_id) in planted:
            continue
        if tend is not None and prob is None:
            assert tend == expected_term_end(
                cstart, term, penalty, custody_days=cdays, term_start=tstart
            )
            checked += 1
        if fine is not None:
            low, high = fine_range(
                charges, amount, term if penalty == "fixed_term" else None, penalty
            )
            assert low <= fine and (high is None or fine <= high), (charges, fine, amount)
    assert checked > 10
    flagged = {
        c
        for (c,) in rows(con, "SELECT case_id FROM truth_anomalies WHERE scenario LIKE 'interest%'")
    }
    for case_id, closing, article in rows(
        con,
        """
            SELECT c.case_id, c.closing_date, o.late_clause_article FROM cases c JOIN civil_outcomes o USING (case_id)
            WHERE c.closing_method = 'judgment'""",
    ):
        if case_id not in flagged:
            assert article == late_interest_article(closing)
    for case_id, contract, pct in rows(
        con,
        """
            SELECT o.case_id, o.contract_date, o.interest_annual_pct FROM civil_outcomes o JOIN cases c USING (case_id)
            WHERE c.cause_name = '民间借贷纠纷' AND o.kind = 'interest'""",
    ):
        if case_id not in flagged:
            assert float(pct) <= 0.8 * float(
                interest_cap_pct(contract)
            )  # clean stays well under the cap


def test_parties_registries_and_money(court):
    _, con, _ = court
    # hard variants in the data: spaces / full-width in names, 有限责任公司, several rows per entity
    assert (
        one(con, "SELECT count(*) FROM parties WHERE name LIKE '% %' OR name LIKE '%\u3000%'") > 0
    )
    assert one(con, "SELECT count(*) FROM parties WHERE name LIKE '%有限责任公司'") > 0
    assert (
        one(
            con,
            "SELECT count(*) FROM (SELECT identity FROM truth_identities GROUP BY 1 HAVING count(*) > 1)",
        )
        > 0
    )
    assert one(con, "SELECT count(*) FROM truth_identities") == one(
        con, "SELECT count(*) FROM parties"
    )
    # every natural person is in the population registry (with the ID number, whether or not
    # a party row states it); deaths only where planted or after the cases
    assert (
        one(
            con,
            """SELECT count(*) FROM parties p LEFT JOIN registry_population r ON r.id_number = """
            + ID
            + """
                       WHERE p.kind = 'natural' AND p.id_number IS NOT NULL AND r.id_number IS NULL""",
        )
        == 0
    )
    assert one(
        con,
        """SELECT count(DISTINCT t.identity) FROM parties p JOIN truth_identities t USING (party_id)
           WHERE p.kind = 'natural'""",
    ) == one(con, "SELECT count(*) FROM registry_population")
    dead_cases = {
        c for (c,) in rows(con, "SELECT case_id FROM truth_anomalies WHERE scenario = 'dead_party'")
    }
    for case_id, _filing in rows(
        con,
        """SELECT c.case_id, c.filing_date FROM cases c JOIN case_parties cp USING (case_id)
                                         JOIN parties p USING (party_id) JOIN registry_population r ON r.id_number = """
        + ID
        + """
                                         WHERE r.death_date <= c.filing_date""",
    ):
        assert case_id in dead_cases
    # bankrupt companies have an acceptance date and an administrator
    assert (
        one(
            con,
            """SELECT count(*) FROM registry_enterprises WHERE status = 'bankrupt'
                       AND (bankruptcy_accepted_date IS NULL OR administrator_name IS NULL)""",
        )
        == 0
    )
    # payments inside the case's life; full execution pays the amount applied for
    assert (
        one(
            con,
            f"""SELECT count(*) FROM payments p JOIN cases c USING (case_id)
                       WHERE p.paid_date < c.filing_date OR p.paid_date > coalesce(c.closing_date, DATE '{AS_OF}')""",
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM cases c JOIN (SELECT case_id, sum(amount) s FROM payments WHERE direction = 'in' GROUP BY 1) p
                       USING (case_id) WHERE c.closing_method = 'enforced_in_full' AND c.type_code IN ('执','执恢')
                       AND abs(p.s - c.claim_amount) > 0.01""",
        )
        == 0
    )
    assert (
        one(con, "SELECT count(*) FROM enforcement_actions WHERE kind = 'termination_current'") > 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM cases WHERE type_code = '执' AND closing_method = 'termination_current' AND closing_date - filing_date < 92"
            " AND case_id NOT IN (SELECT case_id FROM truth_anomalies WHERE scenario = 'termination_too_early')",
        )
        == 0
    )


def test_cli(tmp_path):
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(
        app, ["synth", "--cases", "600", "--seed", "3", "--db", str(db), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "truth_anomalies" in result.output and db.exists()
    result = CliRunner().invoke(
        app, ["synth", "--cases", "600", "--seed", "3", "--db", str(db), "--quiet"]
    )
    assert result.exit_code == 2 and "已有案件数据" in result.output
    result = CliRunner().invoke(
        app, ["synth", "--cases", "10", "--db", str(tmp_path / "x.duckdb"), "--quiet"]
    )
    assert result.exit_code == 2 and "500" in result.output


def test_dates_are_on_working_days_mostly(court):
    _, con, _ = court
    weekend = one(
        con, "SELECT avg(CASE WHEN dayofweek(filing_date) IN (0, 6) THEN 1 ELSE 0 END) FROM cases"
    )
    assert weekend < 0.02


def test_references_resolve(court):
    _, con, _ = court
    for sql in (
        "SELECT count(*) FROM events e LEFT JOIN judges j ON j.judge_id = e.actor_id WHERE e.actor_id IS NOT NULL AND j.judge_id IS NULL",
        "SELECT count(*) FROM cases c JOIN judges j ON j.judge_id = c.presiding_judge_id WHERE j.court_code <> c.court_code OR j.title <> 'judge'",
        "SELECT count(*) FROM cases c JOIN departments d USING (dept_id) WHERE d.court_code <> c.court_code",
        "SELECT count(*) FROM case_agents a LEFT JOIN lawyers l USING (lawyer_id) WHERE a.lawyer_id IS NOT NULL AND l.lawyer_id IS NULL",
        "SELECT count(*) FROM case_parties cp LEFT JOIN parties p USING (party_id) WHERE p.party_id IS NULL",
        "SELECT count(*) FROM civil_outcomes o LEFT JOIN case_parties cp ON cp.case_id = o.case_id AND cp.party_id = o.payer_party_id WHERE o.payer_party_id IS NOT NULL AND cp.case_id IS NULL",
        "SELECT count(*) FROM payments p LEFT JOIN case_parties cp USING (case_id, party_id) WHERE cp.case_id IS NULL",
        "SELECT count(*) FROM sentences s LEFT JOIN case_parties cp USING (case_id, party_id) WHERE cp.case_id IS NULL",
    ):
        assert one(con, sql) == 0, sql
    assert (
        one(con, "SELECT count(*) FROM cases WHERE presiding_judge_id IS NULL OR dept_id IS NULL")
        == 0
    )
