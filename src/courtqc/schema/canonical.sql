-- The canonical judicial schema (docs/SCHEMA.md documents every column).
-- Plain SQL that DuckDB runs as is; sqlglot transpiles it for other engines.

-- The court tree: the High Court, intermediate and specialised courts, basic courts (docs/DOMAIN.md §2.3).
CREATE TABLE IF NOT EXISTS courts (
    court_code     VARCHAR PRIMARY KEY,   -- case-number court code: 沪, 沪01, 沪0115 ...
    name           VARCHAR NOT NULL,  -- full court name, 上海市浦东新区人民法院
    level          VARCHAR NOT NULL,      -- high | intermediate | specialised | basic
    kind           VARCHAR NOT NULL,      -- general | maritime | ip | financial | railway
    parent_code    VARCHAR,               -- supervising court; NULL for the High Court
    district       VARCHAR,               -- administrative district served (basic courts)
    division_code  VARCHAR                -- 行政区划代码 of that district
);

-- Divisions (审判庭 / 执行局) of each court.
CREATE TABLE IF NOT EXISTS departments (
    dept_id     INTEGER PRIMARY KEY,  -- department id
    court_code  VARCHAR NOT NULL,  -- court it belongs to (courts.court_code)
    name        VARCHAR NOT NULL,         -- 刑事审判庭, 民事审判第一庭, 执行局 ...
    family      VARCHAR NOT NULL          -- case family it mainly handles
);

-- Judges, assistant judges, clerks and people's jurors.
CREATE TABLE IF NOT EXISTS judges (
    judge_id    INTEGER PRIMARY KEY,  -- judge (or clerk, juror) id
    court_code  VARCHAR NOT NULL,  -- court of appointment
    dept_id     INTEGER,  -- department (departments.dept_id)
    name        VARCHAR NOT NULL,  -- name as signed on documents
    title       VARCHAR NOT NULL,         -- judge | assistant_judge | clerk | juror
    active      BOOLEAN NOT NULL DEFAULT TRUE  -- still serving
);

-- Causes of action (案由) and charges, by the list version in force.
CREATE TABLE IF NOT EXISTS causes (
    cause_code    VARCHAR NOT NULL,       -- list position, e.g. "103(3)" in the 2020 civil list
    list_version  VARCHAR NOT NULL,       -- 2011 | 2020 | 2025 (civil); criminal; administrative
    name          VARCHAR NOT NULL,       -- 民间借贷纠纷, 盗窃罪 ...
    family        VARCHAR NOT NULL,       -- civil | criminal | administrative | ...
    parent_name   VARCHAR,  -- the higher-level cause it sits under
    PRIMARY KEY (cause_code, list_version)
);

-- One row per case (件): its number and parsed parts, family, procedure, cause, dates, status, node, judge, origin.
CREATE TABLE IF NOT EXISTS cases (
    case_id            BIGINT PRIMARY KEY,  -- surrogate key
    case_no            VARCHAR NOT NULL UNIQUE,  -- （2024）沪0115民初1234号
    year               INTEGER NOT NULL,         -- parsed parts of case_no
    court_code         VARCHAR NOT NULL,  -- court that handles the case (courts.court_code)
    specialist_code    VARCHAR,                  -- 专门审判代字, e.g. 知 (2018 rule)
    type_code          VARCHAR NOT NULL,         -- 民初, 民终, 刑初, 执, 执恢, 破 ...
    seq                INTEGER NOT NULL,  -- sequence number within (year, court, specialist, type)
    suffix             INTEGER,                  -- N of 之N
    family             VARCHAR NOT NULL,         -- criminal | civil | commercial | administrative | enforcement | bankruptcy | ip | maritime | financial | state_compensation
    procedure          VARCHAR NOT NULL,         -- first | second | retrial | retrial_review | enforcement | bankruptcy | special | preservation | other
    trial_procedure    VARCHAR,                  -- ordinary | simple | small_claims | fast_track | NULL
    cause_code         VARCHAR,  -- cause of action / charge: position in its list (causes.cause_code)
    cause_name         VARCHAR,  -- cause of action or principal charge, 民间借贷纠纷 / 盗窃罪
    cause_list_version VARCHAR,                  -- cause list in force at filing
    filing_date        DATE NOT NULL,  -- 立案日期
    closing_date       DATE,  -- 结案日期 (NULL while pending)
    closing_method     VARCHAR,                  -- judgment | mediation | withdrawal | dismissal | ruling | transfer | enforced_in_full | termination_current (终本) | termination | settlement | upheld | modified | remanded ...
    status             VARCHAR NOT NULL,         -- pending | closed
    current_node       VARCHAR NOT NULL,         -- last workflow node reached (docs/SCHEMA.md §nodes)
    dept_id            INTEGER,  -- handling department
    presiding_judge_id INTEGER,  -- 承办法官 / presiding judge (judges.judge_id)
    claim_amount       DECIMAL(18,2),            -- amount claimed / applied for enforcement / crime amount
    origin_case_id     BIGINT,                   -- case this one stems from
    origin_relation    VARCHAR,                  -- appeal | retrial | enforcement | resumed_enforcement | remand_retrial | preservation (执保) | objection (执异) | bankruptcy (破 from 破申; suits derived from a 破)
    extended_days      INTEGER NOT NULL DEFAULT 0,  -- approved 审限 extension
    excluded_days      INTEGER NOT NULL DEFAULT 0   -- days not counted in 审限 (公告, 鉴定, 管辖异议 ...)
);

-- Parties as written in cases: natural persons, legal persons, authorities.
CREATE TABLE IF NOT EXISTS parties (
    party_id      BIGINT PRIMARY KEY,  -- surrogate key; one row per spelling of a party
    kind          VARCHAR NOT NULL,       -- natural | legal | authority (procuratorate, agency)
    name          VARCHAR NOT NULL,       -- as written in the case (variants are separate rows)
    id_number     VARCHAR,                -- 18-digit resident ID (natural persons)
    birth_date    DATE,  -- natural persons
    gender        VARCHAR,                -- male | female
    ethnicity     VARCHAR,  -- 民族, natural persons
    address       VARCHAR,  -- domicile / registered address
    phone         VARCHAR,  -- contact phone (masked in anything that leaves the platform)
    uscc          VARCHAR,                -- unified social credit code (legal persons)
    legal_rep     VARCHAR,                -- legal representative (legal persons)
    person_key    VARCHAR                 -- resolved identity: the same real person/company shares it
);

-- Which party plays which role in which case.
CREATE TABLE IF NOT EXISTS case_parties (
    case_id   BIGINT NOT NULL,  -- cases.case_id
    party_id  BIGINT NOT NULL,  -- parties.party_id
    role      VARCHAR NOT NULL,           -- plaintiff | defendant | third_party | appellant | appellee | applicant | respondent | criminal_defendant | prosecutor | victim
    seq       INTEGER NOT NULL DEFAULT 1, -- order within the role
    PRIMARY KEY (case_id, party_id, role)
);

-- Law firms.
CREATE TABLE IF NOT EXISTS law_firms (
    firm_id   INTEGER PRIMARY KEY,  -- law firm id
    name      VARCHAR NOT NULL,  -- 上海某某律师事务所
    address   VARCHAR  -- firm address
);

-- Lawyers and their firms.
CREATE TABLE IF NOT EXISTS lawyers (
    lawyer_id   INTEGER PRIMARY KEY,  -- lawyer id
    name        VARCHAR NOT NULL,  -- lawyer name
    firm_id     INTEGER,  -- law_firms.firm_id
    license_no  VARCHAR  -- practising licence number
);

-- Agents (委托诉讼代理人 / 辩护人) of a party in a case.
CREATE TABLE IF NOT EXISTS case_agents (
    case_id     BIGINT NOT NULL,  -- cases.case_id
    party_id    BIGINT NOT NULL,          -- the party represented
    lawyer_id   INTEGER,                  -- NULL for a citizen agent
    agent_name  VARCHAR NOT NULL,  -- agent name as written (lawyer or citizen)
    agent_kind  VARCHAR NOT NULL          -- lawyer | citizen | legal_aid
);

-- Workflow events: a case reaching a node (courtqc.domain.nodes), when and by whom.
CREATE TABLE IF NOT EXISTS events (
    event_id     BIGINT PRIMARY KEY,  -- surrogate key
    case_id      BIGINT NOT NULL,  -- cases.case_id
    node         VARCHAR NOT NULL,        -- workflow node (docs/DOMAIN.md §5)
    occurred_at  TIMESTAMP NOT NULL,  -- when the case reached the node
    actor_id     INTEGER,                 -- judges.judge_id of who acted
    note         VARCHAR  -- free text (e.g. extension approved)
);

-- Documents of a case: judgments, rulings, mediation documents and others.
CREATE TABLE IF NOT EXISTS documents (
    doc_id      BIGINT PRIMARY KEY,  -- surrogate key
    case_id     BIGINT NOT NULL,  -- cases.case_id
    kind        VARCHAR NOT NULL,         -- judgment | ruling | mediation | indictment | complaint ...
    title       VARCHAR,                  -- 民事判决书 ...
    text        VARCHAR NOT NULL,  -- full text
    issue_date  DATE  -- date on the document (裁判日期)
);

-- Info points extracted from documents (courtqc.extract), with their spans.
CREATE TABLE IF NOT EXISTS info_points (
    doc_id      BIGINT NOT NULL,  -- documents.doc_id
    case_id     BIGINT NOT NULL,  -- cases.case_id
    key         VARCHAR NOT NULL,         -- info-point kind, e.g. defendant.term_months
    value       VARCHAR,  -- normalised value as text (ISO dates, yuan, months)
    start_pos   INTEGER,                  -- character span in documents.text
    end_pos     INTEGER,  -- end of the span (exclusive)
    rule        VARCHAR,                  -- extraction rule (or llm:<model>) that found it
    extracted_at TIMESTAMP,  -- when extracted
    subject     VARCHAR  -- the party or defendant the point is about (NULL for the document)
);

-- Criminal sentence per defendant (docs/DOMAIN.md §4.7–4.8).
CREATE TABLE IF NOT EXISTS sentences (
    case_id                 BIGINT NOT NULL,  -- cases.case_id
    party_id                BIGINT NOT NULL,   -- the criminal defendant
    charges                 VARCHAR NOT NULL,  -- charge names without 罪, joined by ';'
    principal_penalty       VARCHAR NOT NULL,  -- fixed_term | criminal_detention | public_surveillance | life | death | fine_only | exempt | not_guilty
    term_months             INTEGER,  -- principal term in months (fixed term, detention, surveillance)
    probation_months        INTEGER,  -- 缓刑考验期 in months, NULL if none
    fine_yuan               DECIMAL(18,2),  -- 罚金 in yuan
    crime_amount            DECIMAL(18,2),     -- amount stolen / embezzled / bribe, where the charge has one
    custody_start           DATE,              -- first day in custody (刑事拘留/逮捕)
    custody_days            INTEGER,           -- days to offset
    term_start              DATE,  -- 刑期起算日 as stated in the judgment
    term_end                DATE,  -- 刑期届满日 as stated in the judgment
    political_rights_months INTEGER,  -- 剥夺政治权利 months (NULL none; -1 life)
    confiscation            VARCHAR,  -- 没收财产 / 没收违法所得 wording
    parole_date             DATE,     -- 假释: the day released on parole (刑法第八十一条; the 假释考验期 runs to term_end, 第八十三条); NULL if none
    outside_prison_from     DATE,     -- 暂予监外执行 decided by the court on judgment (刑事诉讼法第二百六十五条): first day outside prison
    outside_prison_until    DATE,     -- its last day (the condition ends or the term does; counted in the term, 第二百六十八条)
    outside_prison_reason   VARCHAR,  -- serious_illness | pregnant_or_nursing | unable_self_care
    PRIMARY KEY (case_id, party_id)
);

-- Money items of a civil main text: who pays whom, how much, interest wording (§4.1–4.3).
CREATE TABLE IF NOT EXISTS civil_outcomes (
    case_id             BIGINT NOT NULL,  -- cases.case_id
    item_seq            INTEGER NOT NULL,  -- order of the item in the main text
    payer_party_id      BIGINT,  -- party ordered to pay
    payee_party_id      BIGINT,  -- party to be paid
    kind                VARCHAR NOT NULL,     -- principal | interest | damages | compensation | costs | other
    amount_yuan         DECIMAL(18,2),  -- amount awarded
    interest_basis      DECIMAL(18,2),        -- principal the interest runs on
    interest_from       DATE,  -- date interest starts
    interest_rate_text  VARCHAR,              -- rate wording as in the main text
    interest_annual_pct DECIMAL(8,4),         -- the rate it amounts to, where computable
    contract_date       DATE,                 -- loan contract formation (for the cap in force)
    late_clause_article INTEGER,              -- 民事诉讼法 article cited for doubled late interest
    PRIMARY KEY (case_id, item_seq)
);

-- Outcome of an appeal or retrial against the case it reviewed.
CREATE TABLE IF NOT EXISTS appeal_results (
    case_id         BIGINT PRIMARY KEY,       -- the appeal / retrial case
    origin_case_id  BIGINT NOT NULL,          -- the case reviewed
    result          VARCHAR NOT NULL,         -- upheld | modified | partly_modified | remanded | withdrawn | dismissed
    reason          VARCHAR,                  -- new_evidence | fact_error | law_error | procedure_error | ...
    decided_date    DATE  -- date of the decision
);

-- Case-quality review (案件质量评查) of a case, typically one reversed or remanded on appeal or retrial.
CREATE TABLE IF NOT EXISTS quality_reviews (
    case_id      BIGINT NOT NULL,  -- the case reviewed (the reversed or remanded original)
    reviewed_at  DATE NOT NULL,  -- date the review concluded
    reviewer     VARCHAR,  -- reviewing office or person (审管办, 评查委员会 ...)
    outcome      VARCHAR NOT NULL,  -- no_error | flawed (瑕疵) | error (差错)
    accountable  BOOLEAN NOT NULL DEFAULT FALSE  -- someone was held accountable (追责)
);

-- Enforcement measures and closings (终本 is kind termination_current).
CREATE TABLE IF NOT EXISTS enforcement_actions (
    action_id    BIGINT PRIMARY KEY,  -- surrogate key
    case_id      BIGINT NOT NULL,  -- the enforcement case
    kind         VARCHAR NOT NULL,           -- notice | property_report_order | online_search | freeze | seizure | auction | consumption_restriction | dishonest_list | termination_current | resumed
    action_date  DATE NOT NULL,  -- date of the action
    amount       DECIMAL(18,2),  -- amount frozen / seized / realised, where any
    note         VARCHAR  -- free text
);

-- Money through enforcement cases: paid in by debtors, paid out (案款发放) to payees.
CREATE TABLE IF NOT EXISTS payments (
    payment_id  BIGINT PRIMARY KEY,  -- surrogate key
    case_id     BIGINT NOT NULL,  -- the enforcement case the money passes through
    direction   VARCHAR NOT NULL,            -- in (paid by a debtor into the court) | out (案款发放 to a payee)
    party_id    BIGINT NOT NULL,             -- payer for in, payee for out
    amount      DECIMAL(18,2) NOT NULL,  -- yuan
    paid_date   DATE NOT NULL  -- date paid
);

-- External: population register (deaths).
CREATE TABLE IF NOT EXISTS registry_population (
    id_number   VARCHAR PRIMARY KEY,  -- resident ID number (normalised, upper-case X)
    name        VARCHAR NOT NULL,  -- registered name
    status      VARCHAR NOT NULL,            -- alive | dead
    death_date  DATE,  -- date of death (status dead)
    district    VARCHAR  -- district of household registration
);

-- External: enterprise register incl. bankruptcy acceptance and administrator.
CREATE TABLE IF NOT EXISTS registry_enterprises (
    uscc                     VARCHAR PRIMARY KEY,  -- unified social credit code
    name                     VARCHAR NOT NULL,  -- registered name
    status                   VARCHAR NOT NULL,   -- active | revoked | cancelled | bankrupt
    legal_rep                VARCHAR,  -- legal representative
    registered_capital       DECIMAL(18,2),  -- yuan
    established_date         DATE,  -- date of establishment
    bankruptcy_accepted_date DATE,  -- date the court accepted the bankruptcy application
    administrator_name       VARCHAR,            -- 破产管理人
    administrator_uscc       VARCHAR  -- credit code of the administrator (a firm)
);

-- External: enterprise register, shareholders (股东及出资信息). One row per shareholder and
-- holding period; written as the register writes it (names and ID numbers as messy as party
-- rows: variants, 15-digit numbers, some without a number). A nominee may hold a share for
-- another; a controlling shareholder need not be the legal representative.
CREATE TABLE IF NOT EXISTS registry_enterprise_shareholders (
    uscc              VARCHAR NOT NULL,  -- credit code of the company
    seq               INTEGER NOT NULL,  -- the holder's place in the company's register (from 1)
    holder_name       VARCHAR NOT NULL,  -- shareholder as registered (a person or a company)
    holder_kind       VARCHAR NOT NULL,  -- natural | legal
    holder_id_number  VARCHAR,  -- resident ID number of a natural-person shareholder (may be missing)
    holder_uscc       VARCHAR,  -- credit code of a company shareholder
    share_pct         DECIMAL(7,4),  -- share of the registered capital, percent
    valid_from        DATE,  -- date the holding was registered
    valid_to          DATE,  -- date it ended (NULL: current)
    PRIMARY KEY (uscc, seq)
);

-- External: enterprise register, former names (名称变更记录). One row per name a company bore
-- before its current one; parties may still be written under it after the change.
CREATE TABLE IF NOT EXISTS registry_enterprise_names (
    uscc        VARCHAR NOT NULL,  -- credit code (a renaming keeps it)
    name        VARCHAR NOT NULL,  -- the former name
    valid_from  DATE,  -- date the name was first registered
    valid_to    DATE NOT NULL,  -- date of the renaming (the name was used until then)
    PRIMARY KEY (uscc, name)
);

-- External: housing provident fund accounts.
CREATE TABLE IF NOT EXISTS registry_housing_fund (
    id_number        VARCHAR PRIMARY KEY,  -- resident ID number of the account holder
    name             VARCHAR NOT NULL,  -- account holder
    balance          DECIMAL(18,2) NOT NULL,  -- 住房公积金 balance, yuan
    retired          BOOLEAN NOT NULL,  -- account holder has retired
    retirement_date  DATE,  -- date of retirement
    as_of            DATE NOT NULL  -- date of the registry extract
);

-- Resident population per district, for litigation per 10,000 residents.
CREATE TABLE IF NOT EXISTS district_population (
    district             VARCHAR NOT NULL,  -- district name, 浦东新区
    court_code           VARCHAR NOT NULL,     -- basic court serving the district
    year                 INTEGER NOT NULL,  -- census / statistics year
    resident_population  BIGINT NOT NULL,  -- 常住人口
    source               VARCHAR NOT NULL,  -- where the figure comes from
    PRIMARY KEY (district, year)
);

-- Ground truth of planted anomalies (synthetic court only; docs/ANOMALIES.md).
CREATE TABLE IF NOT EXISTS truth_anomalies (
    scenario  VARCHAR NOT NULL,              -- planted pattern, e.g. professional_lender
    case_id   BIGINT,  -- case that shows the pattern
    party_id  BIGINT,  -- party concerned, where one is
    note      VARCHAR  -- what was planted
);

-- Ground truth of party identity (synthetic court only).
CREATE TABLE IF NOT EXISTS truth_identities (
    party_id  BIGINT PRIMARY KEY,            -- a party row written by the generator
    identity  VARCHAR NOT NULL               -- the real entity it is (same value = same entity)
);

-- Rows rejected on import, with file, row, column and reason.
CREATE TABLE IF NOT EXISTS quarantine (
    source_file  VARCHAR NOT NULL,  -- file the row came from
    row_number   BIGINT NOT NULL,            -- 1-based data row in the source file
    table_name   VARCHAR NOT NULL,  -- target table
    column_name  VARCHAR,  -- offending column (NULL: the row as a whole)
    reason       VARCHAR NOT NULL,  -- why it was rejected (Chinese and English)
    raw          VARCHAR,                    -- the row as JSON
    loaded_at    TIMESTAMP NOT NULL DEFAULT (timezone('UTC', current_timestamp))  -- when it was rejected (naive UTC, courtqc.clock)
);
