"""Ground truth (truth_anomalies): every case that shows a docs/ANOMALIES.md pattern, computed
from the generated data itself under the contract's definitions, with the *real* identities
(truth_identities) rather than resolved ones. So the truth is exact whether a pattern was
planted or arose by chance; ``compare`` tells the two apart.

Definitions written in SQL run in DuckDB over the canonical tables; those that need the legal
rules (interest cap, sentence end, fine range) call courtqc.law in Python on the candidate
rows, so truth and the scenario models share one implementation of the law.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import duckdb
import pyarrow as pa

from courtqc.identity.normalize import id_number_sql
from courtqc.law.fines import fine_range
from courtqc.law.lpr import interest_cap_pct
from courtqc.law.sentencing import TERM_PENALTIES, expected_term_end
from courtqc.synth.scenarios import SCENARIOS as REPORT_SCENARIOS

SCENARIOS: tuple[str, ...] = (
    "professional_lender", "counterfeit_hunter", "refiling_after_withdrawal", "repeated_termination",
    "dead_party", "bankruptcy_avoidance_wrong_plaintiff", "interest_wording_nonstandard",
    "interest_over_cap", "sentence_end_date_wrong", "fine_out_of_range",
    "enforcement_debtor_receives_money", "terminated_debtor_pays_elsewhere",
    "retired_debtor_housing_fund", "payout_after_bankruptcy", "fundraising_victim_contract_suit",
    "fake_divorce_debt_evasion", "false_lending_ring", "lawyer_both_sides",
    *REPORT_SCENARIOS,  # written and computed by courtqc.synth.scenarios
)  # fmt: skip

CIVIL_FAMILIES = "('civil', 'commercial', 'ip', 'maritime', 'financial')"
EXECUTION = "('执', '执恢')"  # 执行实施 cases: what "enforcement case" means in ANOMALIES.md

# _cp: case parties with the real identity and the lender identity (a company counts as its
# legal representative's identity where that person is a party of the data set).
SETUP = """
CREATE OR REPLACE TEMP TABLE _cp AS
SELECT cp.case_id, cp.party_id, cp.role, ti.identity, coalesce(r.rep_identity, ti.identity) AS lender
FROM case_parties cp JOIN truth_identities ti USING (party_id)
LEFT JOIN _synth_rep r ON r.identity = ti.identity;
CREATE OR REPLACE TEMP TABLE _pay AS
SELECT pm.*, ti.identity FROM payments pm JOIN truth_identities ti USING (party_id);
CREATE OR REPLACE TEMP TABLE _root AS
WITH RECURSIVE ch(case_id, root) AS (
    SELECT case_id, case_id FROM cases WHERE type_code = '执'
    UNION ALL
    SELECT c.case_id, ch.root FROM cases c JOIN ch ON c.origin_case_id = ch.case_id
    WHERE c.type_code = '执恢'
)
SELECT case_id, min(root) AS root FROM ch GROUP BY case_id;
"""

# A party row's ID number as the registers write it (18 characters, upper-case X; a 15-digit
# first-generation number converted): the registers are matched on the number as written.
_ID = id_number_sql("p.id_number")

SQL: dict[str, str] = {
    "professional_lender": """
        WITH s AS (
            SELECT c.case_id, c.filing_date, cp.party_id, cp.lender
            FROM cases c JOIN _cp cp ON cp.case_id = c.case_id AND cp.role = 'plaintiff'
            WHERE c.cause_name = '民间借贷纠纷' AND c.procedure = 'first'
              AND cp.lender NOT IN (SELECT identity FROM _synth_licensed))
        SELECT a.case_id, a.party_id FROM s a JOIN s b ON a.lender = b.lender
            AND b.filing_date BETWEEN a.filing_date - 730 AND a.filing_date + 730
        GROUP BY a.case_id, a.party_id HAVING count(DISTINCT b.case_id) >= 10""",
    "counterfeit_hunter": """
        WITH s AS (
            SELECT c.case_id, c.filing_date, p.party_id, p.identity AS plaintiff, d.identity AS defendant
            FROM cases c JOIN _cp p ON p.case_id = c.case_id AND p.role = 'plaintiff'
            JOIN _cp d ON d.case_id = c.case_id AND d.role = 'defendant'
            WHERE c.cause_name IN ('产品责任纠纷', '买卖合同纠纷', '信息网络买卖合同纠纷') AND c.procedure = 'first')
        SELECT a.case_id, a.party_id FROM s a JOIN s b ON a.plaintiff = b.plaintiff
            AND b.filing_date BETWEEN a.filing_date - 365 AND a.filing_date + 365
        GROUP BY a.case_id, a.party_id HAVING count(DISTINCT b.defendant) >= 8""",
    "refiling_after_withdrawal": f"""
        WITH s AS (
            SELECT c.case_id, c.filing_date, c.closing_date, c.closing_method, c.cause_name,
                   p.party_id, p.identity AS pi, d.identity AS di
            FROM cases c JOIN _cp p ON p.case_id = c.case_id AND p.role = 'plaintiff'
            JOIN _cp d ON d.case_id = c.case_id AND d.role = 'defendant'
            WHERE c.procedure = 'first' AND c.family IN {CIVIL_FAMILIES})
        SELECT DISTINCT b.case_id, b.party_id FROM s a JOIN s b
            ON a.pi = b.pi AND a.di = b.di AND a.cause_name = b.cause_name AND a.case_id <> b.case_id
        WHERE a.closing_method IN ('withdrawal', 'dismissal')
          AND b.filing_date > a.closing_date AND b.filing_date <= a.closing_date + 180""",
    "repeated_termination": """
        SELECT r.case_id, cp.party_id FROM cases r JOIN cases o ON o.case_id = r.origin_case_id
        JOIN case_parties cp ON cp.case_id = r.case_id AND cp.role = 'respondent'
        WHERE r.type_code = '执恢' AND r.closing_method = 'termination_current'
          AND o.closing_method = 'termination_current'""",
    "dead_party": """
        SELECT DISTINCT c.case_id, p.party_id FROM cases c
        JOIN case_parties cp ON cp.case_id = c.case_id JOIN parties p ON p.party_id = cp.party_id
        JOIN registry_population r ON r.id_number = {ID}
        WHERE p.kind = 'natural' AND r.death_date < c.filing_date""",
    "bankruptcy_avoidance_wrong_plaintiff": """
        SELECT c.case_id, p.party_id FROM cases c
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'plaintiff'
        JOIN parties p ON p.party_id = cp.party_id JOIN registry_enterprises e ON e.uscc = p.uscc
        WHERE c.cause_name = '请求撤销个别清偿行为纠纷' AND e.bankruptcy_accepted_date IS NOT NULL""",
    "interest_wording_nonstandard": f"""
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN civil_outcomes o ON o.case_id = c.case_id
        WHERE c.closing_method = 'judgment' AND c.family IN {CIVIL_FAMILIES}
          AND EXISTS (SELECT 1 FROM civil_outcomes m WHERE m.case_id = c.case_id AND m.kind <> 'costs')
          AND (o.late_clause_article IS NULL OR o.late_clause_article <>
               CASE WHEN c.closing_date <= DATE '2021-12-31' THEN 253
                    WHEN c.closing_date <= DATE '2023-12-31' THEN 260 ELSE 264 END)""",
    "enforcement_debtor_receives_money": f"""
        WITH e AS (
            SELECT c.case_id, c.filing_date, cp.party_id, cp.identity FROM cases c
            JOIN _cp cp ON cp.case_id = c.case_id AND cp.role = 'respondent'
            WHERE c.type_code IN {EXECUTION} AND (c.status = 'pending' OR c.closing_method = 'termination_current'))
        SELECT DISTINCT e.case_id, e.party_id FROM e JOIN _pay p ON p.identity = e.identity
        WHERE p.direction = 'out' AND p.case_id <> e.case_id AND p.paid_date > e.filing_date""",
    "terminated_debtor_pays_elsewhere": f"""
        WITH z AS (
            SELECT c.case_id, c.closing_date, cp.party_id, cp.identity FROM cases c
            JOIN _cp cp ON cp.case_id = c.case_id AND cp.role = 'respondent'
            WHERE c.type_code IN {EXECUTION} AND c.closing_method = 'termination_current')
        SELECT DISTINCT case_id, party_id FROM (
            SELECT z.case_id, z.party_id, b.case_id AS other, b.claim_amount, sum(p.amount) AS paid
            FROM z JOIN _pay p ON p.identity = z.identity AND p.direction = 'in' AND p.paid_date > z.closing_date
            JOIN cases b ON b.case_id = p.case_id AND b.type_code IN {EXECUTION} AND b.case_id <> z.case_id
            JOIN _root rz ON rz.case_id = z.case_id JOIN _root rb ON rb.case_id = b.case_id
            WHERE rz.root <> rb.root
            GROUP BY ALL) t
        WHERE paid >= claim_amount""",
    "retired_debtor_housing_fund": f"""
        SELECT DISTINCT c.case_id, p.party_id FROM cases c
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'respondent'
        JOIN parties p ON p.party_id = cp.party_id
        JOIN registry_housing_fund h ON h.id_number = {{ID}}
        WHERE c.type_code IN {EXECUTION} AND c.closing_method = 'termination_current'
          AND p.kind = 'natural' AND h.retired AND h.balance > 0""",
    "payout_after_bankruptcy": f"""
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'respondent'
        JOIN parties p ON p.party_id = cp.party_id JOIN registry_enterprises e ON e.uscc = p.uscc
        JOIN payments pm ON pm.case_id = c.case_id
        WHERE c.type_code IN {EXECUTION} AND e.bankruptcy_accepted_date IS NOT NULL
          AND pm.paid_date > e.bankruptcy_accepted_date
          AND (pm.direction = 'out' OR pm.party_id = cp.party_id)""",
    "fundraising_victim_contract_suit": """
        WITH crim AS (
            SELECT case_id, filing_date FROM cases
            WHERE family = 'criminal' AND cause_name IN ('非法吸收公众存款罪', '集资诈骗罪')),
        unit AS (
            SELECT k.case_id, k.filing_date, cp.identity AS company FROM crim k
            JOIN _cp cp ON cp.case_id = k.case_id AND cp.role = 'criminal_defendant'
            JOIN parties p ON p.party_id = cp.party_id AND p.kind = 'legal'),
        victim AS (SELECT cp.case_id, cp.identity FROM _cp cp JOIN crim USING (case_id) WHERE cp.role = 'victim')
        SELECT DISTINCT s.case_id, d.party_id FROM cases s
        JOIN _cp pl ON pl.case_id = s.case_id AND pl.role = 'plaintiff'
        JOIN _cp d ON d.case_id = s.case_id AND d.role = 'defendant'
        JOIN unit u ON u.company = d.identity
        JOIN victim v ON v.case_id = u.case_id AND v.identity = pl.identity
        WHERE s.procedure = 'first' AND s.family <> 'criminal'
          AND (s.cause_name = '民间借贷纠纷' OR s.cause_name LIKE '%合同纠纷')
          AND s.filing_date > u.filing_date""",
    "fake_divorce_debt_evasion": """
        SELECT DISTINCT dv.case_id, o.payer_party_id FROM cases dv
        JOIN civil_outcomes o ON o.case_id = dv.case_id AND o.kind <> 'costs' AND o.amount_yuan > 0
        JOIN truth_identities tp ON tp.party_id = o.payer_party_id
        JOIN _cp d ON d.identity = tp.identity AND d.role = 'defendant'
        JOIN cases s ON s.case_id = d.case_id
        WHERE dv.cause_name = '离婚纠纷' AND dv.closing_method = 'mediation'
          AND s.cause_name IN ('民间借贷纠纷', '买卖合同纠纷') AND s.procedure = 'first'
          AND s.filing_date > dv.closing_date AND s.filing_date <= dv.closing_date + 365""",
    "false_lending_ring": """
        WITH s AS (
            SELECT c.case_id, cp.party_id, cp.lender, a.lawyer_id, d.identity AS borrower
            FROM cases c JOIN _cp cp ON cp.case_id = c.case_id AND cp.role = 'plaintiff'
            JOIN case_agents a ON a.case_id = c.case_id AND a.party_id = cp.party_id AND a.lawyer_id IS NOT NULL
            JOIN _cp d ON d.case_id = c.case_id AND d.role = 'defendant'
            WHERE c.cause_name = '民间借贷纠纷' AND c.procedure = 'first' AND c.closing_method = 'mediation'
              AND c.closing_date - c.filing_date <= 30
              AND NOT EXISTS (
                  SELECT 1 FROM case_agents x JOIN case_parties y
                    ON y.case_id = x.case_id AND y.party_id = x.party_id AND y.role = 'defendant'
                  WHERE x.case_id = c.case_id))
        SELECT DISTINCT s.case_id, s.party_id FROM s JOIN (
            SELECT lender, lawyer_id FROM s GROUP BY 1, 2 HAVING count(DISTINCT borrower) >= 5) g
        USING (lender, lawyer_id)""",
    "lawyer_both_sides": """
        SELECT DISTINCT a.case_id, NULL::BIGINT FROM case_agents a
        JOIN case_parties cp ON cp.case_id = a.case_id AND cp.party_id = a.party_id
        WHERE a.lawyer_id IS NOT NULL
        GROUP BY a.case_id, a.lawyer_id
        HAVING bool_or(cp.role IN ('plaintiff', 'appellant', 'applicant'))
           AND bool_or(cp.role IN ('defendant', 'appellee', 'respondent', 'criminal_defendant'))""",
}


SQL = {k: v.replace("{ID}", _ID) for k, v in SQL.items()}


def _interest_over_cap(con: duckdb.DuckDBPyConnection) -> Iterable[tuple[int, int | None]]:
    rows = con.execute("""
        SELECT DISTINCT o.case_id, o.contract_date, o.interest_annual_pct FROM civil_outcomes o
        JOIN cases c ON c.case_id = o.case_id
        WHERE c.cause_name = '民间借贷纠纷' AND c.closing_method = 'judgment' AND o.kind = 'interest'
          AND o.contract_date IS NOT NULL AND o.interest_annual_pct IS NOT NULL""").fetchall()
    caps: dict[date, float] = {}
    for case_id, contract, pct in rows:
        cap = caps.get(contract)
        if cap is None:
            cap = caps[contract] = float(interest_cap_pct(contract))
        if float(pct) > cap:
            yield case_id, None


def _sentence_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("""
        SELECT case_id, party_id, charges, principal_penalty, term_months, probation_months,
               fine_yuan, crime_amount, custody_start, custody_days, term_start, term_end
        FROM sentences""").fetchall()


def _sentence_end_wrong(rows: list[tuple]) -> Iterable[tuple[int, int]]:
    for case_id, party_id, _ch, penalty, term, prob, _f, _a, cstart, cdays, tstart, tend in rows:
        if (
            penalty not in TERM_PENALTIES
            or prob is not None
            or tend is None
            or cstart is None
            or term is None
        ):
            continue
        expected = expected_term_end(cstart, term, penalty, custody_days=cdays, term_start=tstart)
        if tend != expected:
            yield case_id, party_id


def _fine_out(rows: list[tuple]) -> Iterable[tuple[int, int]]:
    for case_id, party_id, charges, penalty, term, _p, fine, amount, *_ in rows:
        if fine is None or ";" in charges:
            continue
        low, high = fine_range(charges, amount, term if penalty == "fixed_term" else None, penalty)
        if fine < low or (high is not None and fine > high):
            yield case_id, party_id


def compute_truth(
    con: duckdb.DuckDBPyConnection, rep: pa.Table, licensed: pa.Table | None = None
) -> dict[str, set[tuple[int, int | None]]]:
    """(case_id, party_id) per scenario. ``rep`` maps a company identity to the identity of the
    person who controls it (its legal representative, or the man behind a nominee) where that
    person is a party; ``licensed`` lists the identities of licensed lenders (banks, insurers,
    small-loan, finance-lease and guarantee companies), which no lender rule counts."""
    if licensed is None:
        licensed = pa.table({"identity": pa.array([], pa.string())})
    for name, table in (("_synth_rep", rep), ("_synth_licensed", licensed)):
        con.register(f"{name}_src", table)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_src")
        con.unregister(f"{name}_src")
    con.execute(SETUP)
    out: dict[str, set[tuple[int, int | None]]] = {}
    for scenario in SCENARIOS:
        if scenario in SQL:
            out[scenario] = {
                (int(a), None if b is None else int(b))
                for a, b in con.execute(SQL[scenario]).fetchall()
            }
    out["interest_over_cap"] = set(_interest_over_cap(con))
    rows = _sentence_rows(con)
    out["sentence_end_date_wrong"] = set(_sentence_end_wrong(rows))
    out["fine_out_of_range"] = set(_fine_out(rows))
    for t in ("_cp", "_pay", "_root", "_synth_rep", "_synth_licensed"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return out


def truth_table(
    truth: dict[str, set[tuple[int, int | None]]], notes: dict[tuple[str, int, int | None], str]
) -> pa.Table:
    scen, case, party, note = [], [], [], []
    for s in SCENARIOS:
        for c, p in sorted(truth.get(s, ()), key=lambda x: (x[0], -1 if x[1] is None else x[1])):
            scen.append(s)
            case.append(c)
            party.append(p)
            note.append(
                notes.get((s, c, p))
                or notes.get((s, c, None))
                or "arose from the random draws (not planted)"
            )
    return pa.table(
        {
            "scenario": pa.array(scen, pa.string()),
            "case_id": pa.array(case, pa.int64()),
            "party_id": pa.array(party, pa.int64()),
            "note": pa.array(note, pa.string()),
        }
    )


__all__ = ["SCENARIOS", "compute_truth", "truth_table"]
