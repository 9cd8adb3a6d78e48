-- The canonical judicial schema (docs/SCHEMA.md documents every column).
-- Plain SQL that DuckDB runs as is; sqlglot transpiles it for other engines.

CREATE TABLE IF NOT EXISTS courts (
    court_code     VARCHAR PRIMARY KEY,   -- case-number court code: 沪, 沪01, 沪0115 ...
    name           VARCHAR NOT NULL,
    level          VARCHAR NOT NULL,      -- high | intermediate | specialised | basic
    kind           VARCHAR NOT NULL,      -- general | maritime | ip | financial | railway
    parent_code    VARCHAR,               -- supervising court; NULL for the High Court
    district       VARCHAR,               -- administrative district served (basic courts)
    division_code  VARCHAR                -- 行政区划代码 of that district
);

CREATE TABLE IF NOT EXISTS departments (
    dept_id     INTEGER PRIMARY KEY,
    court_code  VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,         -- 刑事审判庭, 民事审判第一庭, 执行局 ...
    family      VARCHAR NOT NULL          -- case family it mainly handles
);

CREATE TABLE IF NOT EXISTS judges (
    judge_id    INTEGER PRIMARY KEY,
    court_code  VARCHAR NOT NULL,
    dept_id     INTEGER,
    name        VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,         -- judge | assistant_judge | clerk | juror
    active      BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE IF NOT EXISTS causes (
    cause_code    VARCHAR NOT NULL,       -- list position, e.g. "103(3)" in the 2020 civil list
    list_version  VARCHAR NOT NULL,       -- 2011 | 2020 | 2025 (civil); criminal; administrative
    name          VARCHAR NOT NULL,       -- 民间借贷纠纷, 盗窃罪 ...
    family        VARCHAR NOT NULL,       -- civil | criminal | administrative | ...
    parent_name   VARCHAR,
    PRIMARY KEY (cause_code, list_version)
);

CREATE TABLE IF NOT EXISTS cases (
    case_id            BIGINT PRIMARY KEY,
    case_no            VARCHAR NOT NULL UNIQUE,  -- （2024）沪0115民初1234号
    year               INTEGER NOT NULL,         -- parsed parts of case_no
    court_code         VARCHAR NOT NULL,
    specialist_code    VARCHAR,                  -- 专门审判代字, e.g. 知 (2018 rule)
    type_code          VARCHAR NOT NULL,         -- 民初, 民终, 刑初, 执, 执恢, 破 ...
    seq                INTEGER NOT NULL,
    suffix             INTEGER,                  -- N of 之N
    family             VARCHAR NOT NULL,         -- criminal | civil | commercial | administrative | enforcement | bankruptcy | ip | maritime | financial | state_compensation
    procedure          VARCHAR NOT NULL,         -- first | second | retrial | retrial_review | enforcement | bankruptcy | special | preservation | other
    trial_procedure    VARCHAR,                  -- ordinary | simple | small_claims | fast_track | NULL
    cause_code         VARCHAR,
    cause_name         VARCHAR,
    cause_list_version VARCHAR,                  -- cause list in force at filing
    filing_date        DATE NOT NULL,
    closing_date       DATE,
    closing_method     VARCHAR,                  -- judgment | mediation | withdrawal | dismissal | ruling | transfer | enforced_in_full | termination_current (终本) | termination | settlement | upheld | modified | remanded ...
    status             VARCHAR NOT NULL,         -- pending | closed
    current_node       VARCHAR NOT NULL,         -- last workflow node reached (docs/SCHEMA.md §nodes)
    dept_id            INTEGER,
    presiding_judge_id INTEGER,
    claim_amount       DECIMAL(18,2),            -- amount claimed / applied for enforcement / crime amount
    origin_case_id     BIGINT,                   -- case this one stems from
    origin_relation    VARCHAR,                  -- appeal | retrial | enforcement | resumed_enforcement | remand_retrial
    extended_days      INTEGER NOT NULL DEFAULT 0,  -- approved 审限 extension
    excluded_days      INTEGER NOT NULL DEFAULT 0   -- days not counted in 审限 (公告, 鉴定, 管辖异议 ...)
);

CREATE TABLE IF NOT EXISTS parties (
    party_id      BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,       -- natural | legal | authority (procuratorate, agency)
    name          VARCHAR NOT NULL,       -- as written in the case (variants are separate rows)
    id_number     VARCHAR,                -- 18-digit resident ID (natural persons)
    birth_date    DATE,
    gender        VARCHAR,                -- male | female
    ethnicity     VARCHAR,
    address       VARCHAR,
    phone         VARCHAR,
    uscc          VARCHAR,                -- unified social credit code (legal persons)
    legal_rep     VARCHAR,                -- legal representative (legal persons)
    person_key    VARCHAR                 -- resolved identity: the same real person/company shares it
);

CREATE TABLE IF NOT EXISTS case_parties (
    case_id   BIGINT NOT NULL,
    party_id  BIGINT NOT NULL,
    role      VARCHAR NOT NULL,           -- plaintiff | defendant | third_party | appellant | appellee | applicant | respondent | criminal_defendant | prosecutor | victim
    seq       INTEGER NOT NULL DEFAULT 1, -- order within the role
    PRIMARY KEY (case_id, party_id, role)
);

CREATE TABLE IF NOT EXISTS law_firms (
    firm_id   INTEGER PRIMARY KEY,
    name      VARCHAR NOT NULL,
    address   VARCHAR
);

CREATE TABLE IF NOT EXISTS lawyers (
    lawyer_id   INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    firm_id     INTEGER,
    license_no  VARCHAR
);

CREATE TABLE IF NOT EXISTS case_agents (
    case_id     BIGINT NOT NULL,
    party_id    BIGINT NOT NULL,          -- the party represented
    lawyer_id   INTEGER,                  -- NULL for a citizen agent
    agent_name  VARCHAR NOT NULL,
    agent_kind  VARCHAR NOT NULL          -- lawyer | citizen | legal_aid
);

CREATE TABLE IF NOT EXISTS events (
    event_id     BIGINT PRIMARY KEY,
    case_id      BIGINT NOT NULL,
    node         VARCHAR NOT NULL,        -- workflow node (REFERENCE.md §5)
    occurred_at  TIMESTAMP NOT NULL,
    actor_id     INTEGER,                 -- judges.judge_id of who acted
    note         VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id      BIGINT PRIMARY KEY,
    case_id     BIGINT NOT NULL,
    kind        VARCHAR NOT NULL,         -- judgment | ruling | mediation | indictment | complaint ...
    title       VARCHAR,                  -- 民事判决书 ...
    text        VARCHAR NOT NULL,
    issue_date  DATE
);

CREATE TABLE IF NOT EXISTS info_points (
    doc_id      BIGINT NOT NULL,
    case_id     BIGINT NOT NULL,
    key         VARCHAR NOT NULL,         -- info-point kind, e.g. defendant.term_months
    value       VARCHAR,
    start_pos   INTEGER,                  -- character span in documents.text
    end_pos     INTEGER,
    rule        VARCHAR,                  -- extraction rule (or llm:<model>) that found it
    extracted_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sentences (
    case_id                 BIGINT NOT NULL,
    party_id                BIGINT NOT NULL,   -- the criminal defendant
    charges                 VARCHAR NOT NULL,  -- charge names without 罪, joined by ';'
    principal_penalty       VARCHAR NOT NULL,  -- fixed_term | criminal_detention | public_surveillance | life | death | fine_only | exempt | not_guilty
    term_months             INTEGER,
    probation_months        INTEGER,
    fine_yuan               DECIMAL(18,2),
    crime_amount            DECIMAL(18,2),     -- amount stolen / embezzled / bribe, where the charge has one
    custody_start           DATE,              -- first day in custody (刑事拘留/逮捕)
    custody_days            INTEGER,           -- days to offset
    term_start              DATE,
    term_end                DATE,
    political_rights_months INTEGER,
    confiscation            VARCHAR,
    PRIMARY KEY (case_id, party_id)
);

CREATE TABLE IF NOT EXISTS civil_outcomes (
    case_id             BIGINT NOT NULL,
    item_seq            INTEGER NOT NULL,
    payer_party_id      BIGINT,
    payee_party_id      BIGINT,
    kind                VARCHAR NOT NULL,     -- principal | interest | damages | compensation | costs | other
    amount_yuan         DECIMAL(18,2),
    interest_basis      DECIMAL(18,2),        -- principal the interest runs on
    interest_from       DATE,
    interest_rate_text  VARCHAR,              -- rate wording as in the main text
    interest_annual_pct DECIMAL(8,4),         -- the rate it amounts to, where computable
    contract_date       DATE,                 -- loan contract formation (for the cap in force)
    late_clause_article INTEGER,              -- 民事诉讼法 article cited for doubled late interest
    PRIMARY KEY (case_id, item_seq)
);

CREATE TABLE IF NOT EXISTS appeal_results (
    case_id         BIGINT PRIMARY KEY,       -- the appeal / retrial case
    origin_case_id  BIGINT NOT NULL,          -- the case reviewed
    result          VARCHAR NOT NULL,         -- upheld | modified | partly_modified | remanded | withdrawn | dismissed
    reason          VARCHAR,                  -- new_evidence | fact_error | law_error | procedure_error | ...
    decided_date    DATE
);

CREATE TABLE IF NOT EXISTS enforcement_actions (
    action_id    BIGINT PRIMARY KEY,
    case_id      BIGINT NOT NULL,
    kind         VARCHAR NOT NULL,           -- notice | property_report_order | online_search | freeze | seizure | auction | consumption_restriction | dishonest_list | termination_current | resumed
    action_date  DATE NOT NULL,
    amount       DECIMAL(18,2),
    note         VARCHAR
);

CREATE TABLE IF NOT EXISTS payments (
    payment_id  BIGINT PRIMARY KEY,
    case_id     BIGINT NOT NULL,
    direction   VARCHAR NOT NULL,            -- in (paid by a debtor into the court) | out (案款发放 to a payee)
    party_id    BIGINT NOT NULL,             -- payer for in, payee for out
    amount      DECIMAL(18,2) NOT NULL,
    paid_date   DATE NOT NULL
);

CREATE TABLE IF NOT EXISTS registry_population (
    id_number   VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,            -- alive | dead
    death_date  DATE,
    district    VARCHAR
);

CREATE TABLE IF NOT EXISTS registry_enterprises (
    uscc                     VARCHAR PRIMARY KEY,
    name                     VARCHAR NOT NULL,
    status                   VARCHAR NOT NULL,   -- active | revoked | cancelled | bankrupt
    legal_rep                VARCHAR,
    registered_capital       DECIMAL(18,2),
    established_date         DATE,
    bankruptcy_accepted_date DATE,
    administrator_name       VARCHAR,            -- 破产管理人
    administrator_uscc       VARCHAR
);

CREATE TABLE IF NOT EXISTS registry_housing_fund (
    id_number        VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    balance          DECIMAL(18,2) NOT NULL,
    retired          BOOLEAN NOT NULL,
    retirement_date  DATE,
    as_of            DATE NOT NULL
);

CREATE TABLE IF NOT EXISTS district_population (
    district             VARCHAR NOT NULL,
    court_code           VARCHAR NOT NULL,     -- basic court serving the district
    year                 INTEGER NOT NULL,
    resident_population  BIGINT NOT NULL,
    source               VARCHAR NOT NULL,
    PRIMARY KEY (district, year)
);

CREATE TABLE IF NOT EXISTS truth_anomalies (
    scenario  VARCHAR NOT NULL,              -- planted pattern, e.g. professional_lender
    case_id   BIGINT,
    party_id  BIGINT,
    note      VARCHAR
);

CREATE TABLE IF NOT EXISTS truth_identities (
    party_id  BIGINT PRIMARY KEY,            -- a party row written by the generator
    identity  VARCHAR NOT NULL               -- the real entity it is (same value = same entity)
);

CREATE TABLE IF NOT EXISTS quarantine (
    source_file  VARCHAR NOT NULL,
    row_number   BIGINT NOT NULL,            -- 1-based data row in the source file
    table_name   VARCHAR NOT NULL,
    column_name  VARCHAR,
    reason       VARCHAR NOT NULL,
    raw          VARCHAR,                    -- the row as JSON
    loaded_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
