"""Where each value a synthetic document states comes from (``FIELD_SOURCES``), and what a
real document states that no canonical column records (``NOT_IN_TABLES``). The extraction
round-trip test reads the first: a rendered field must equal the column it names."""

from __future__ import annotations

# Where each value rendered into a document comes from. The extraction round-trip test reads
# this map: a rendered field must equal the column it names.
FIELD_SOURCES: dict[str, str] = {
    "court name (first line)": "courts.name via cases.court_code",
    "document title": "derived from cases.family, cases.procedure, cases.closing_method, appeal_results.result",
    "case number": "cases.case_no",
    "party role label": "case_parties.role (+ role in the origin case for 上诉人（原审被告）)",
    "party name": "parties.name (as stored, variants included)",
    "gender / birth / ethnicity / address": "parties.gender, parties.birth_date, parties.ethnicity, parties.address",
    "legal representative": "parties.legal_rep",
    "agent / defender": "case_agents.agent_name, case_agents.agent_kind; firm: law_firms.name via lawyers.firm_id",
    "prosecutor": "parties.name of the case_parties row with role 'prosecutor' (origin case's for appeals); "
    "absent: the court name with 人民法院 → 人民检察院",
    "cause / charge": "cases.cause_name; criminal: sentences.charges (';'-separated, 罪 appended)",
    "filing date (立案 / 提起公诉)": "cases.filing_date",
    "hearing date (开庭)": "min(events.occurred_at) where events.node = 'hearing'",
    "procedure (简易程序 ...)": "cases.trial_procedure",
    "claims (诉讼请求 amount)": "cases.claim_amount",
    "custody date (刑事拘留)": "sentences.custody_start",
    "sentence": "sentences.principal_penalty, term_months, probation_months, fine_yuan, "
    "political_rights_months, confiscation",
    "term start / end (即自…起至…止)": "sentences.term_start, sentences.term_end",
    "crime amount": "sentences.crime_amount",
    "victim": "parties.name of role 'victim'",
    "cited criminal-law articles": "CHARGE_ARTICLES[charge] plus the general articles the sentence uses",
    "civil main-text items": "civil_outcomes (kind, amount_yuan, payer_party_id, payee_party_id) in item_seq order",
    "interest wording": "civil_outcomes.interest_basis, interest_from, interest_rate_text "
    "(or interest_annual_pct when the text is NULL)",
    "loan contract date (facts)": "civil_outcomes.contract_date",
    "late-interest article": "civil_outcomes.late_clause_article (NULL on every item: clause omitted)",
    "case acceptance fee": "civil_outcomes row of kind 'costs' if any, else the 诉讼费用交纳办法 "
    "schedule applied to cases.claim_amount (halved for simple procedure, mediation, withdrawal)",
    "appeal court (上诉于)": "court of the appeal case whose origin is this case, else courts.parent_code",
    "origin judgment (原判 / 一审)": "the origin case (cases.origin_case_id): case_no, court, closing_date, "
    "its sentences / civil_outcomes / parties",
    "enforcement measures": "enforcement_actions (kind, first action_date per kind, amount)",
    "amount recovered (已执行到位)": "sum(payments.amount) where direction = 'in'",
    "unit defendant (被告单位)": "a criminal_defendant whose parties.kind is not 'natural'; "
    "诉讼代表人 from parties.legal_rep",
    "confiscation": "sentences.confiscation: with the sentence when it confiscates 财产, else its own item",
    "presiding judge (审判长 / 审判员)": "judges.name via cases.presiding_judge_id",
    "other panel members, judge's assistant, clerk": "judges of the case's department (else court) with "
    "title judge / juror / assistant_judge / clerk, picked deterministically from the case id",
    "document date (落款)": "appeal_results.decided_date for appeals, else cases.closing_date",
    "preservation ruling (之N)": "the case's 执保 cases (cases.origin_case_id = this case, "
    "cases.origin_relation 'preservation'): N by cases.filing_date, date = that cases.filing_date, "
    "amount = cases.claim_amount, respondents' parties.name (written as in this case where the "
    "names agree)",
}

# What a real document states but no canonical column records, and what is written instead.
NOT_IN_TABLES: dict[str, str] = {
    "起诉书 number, 检察员 and arrest (逮捕) date": "left out (…以起诉书指控…, 指派检察员出庭…)",
    "detention house": "the 看守所 of the trial court's district (courts.district)",
    "divorce judgment": "准予离婚 (no column says whether the divorce was granted)",
    "administrative judgment": "驳回原告的诉讼请求 unless civil_outcomes rows order a payment",
    "dismissal ground (驳回起诉)": "one of four standard grounds, chosen from the seed",
    "claims, defences, facts and reasons": "boilerplate per cause / charge around the table values",
}
