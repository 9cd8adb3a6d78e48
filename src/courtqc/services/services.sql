-- Tables of the 数助决策 services (courtqc.services): data pushes to government bodies, query
-- services for outside bodies (agencies), letters and thematic reports. Platform tables, like
-- web/platform.sql: outside the allowed table list of model and push SQL (sqlcheck refuses them).

CREATE SEQUENCE IF NOT EXISTS svc_delivery_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS svc_query_id_seq START 1;

-- Where each receiving body gets its pushes, and the key its batches are signed with.
CREATE TABLE IF NOT EXISTS push_receivers (
    body_id      VARCHAR PRIMARY KEY,       -- bodies.yaml id, e.g. medical_insurance
    channel      VARCHAR NOT NULL,          -- webhook | file
    target       VARCHAR NOT NULL,          -- https URL, or the drop folder
    file_format  VARCHAR NOT NULL DEFAULT 'jsonl',  -- jsonl | csv (file drop)
    secret       VARCHAR NOT NULL,          -- HMAC-SHA256 key shared with the body (per body)
    ca_file      VARCHAR,                   -- CA bundle to verify the body's certificate (NULL: system)
    updated_at   TIMESTAMP NOT NULL
);

-- One batch per push run that found rows: its id and content hash are fixed when it is prepared,
-- so a retry, a run after a crash and a re-send all carry the very same bytes.
CREATE TABLE IF NOT EXISTS push_batches (
    batch_id      VARCHAR PRIMARY KEY,
    model_id      VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    body_id       VARCHAR NOT NULL,
    court_code    VARCHAR NOT NULL,         -- the sending court (its tree was selected)
    prepared_at   TIMESTAMP NOT NULL,
    row_count     INTEGER NOT NULL,
    content_hash  VARCHAR NOT NULL,         -- sha256 of the canonical JSON of the rows
    payload       JSON NOT NULL,            -- the rows as sent (fields masked as the model says)
    status        VARCHAR NOT NULL,         -- prepared | delivered | failed
    attempts      INTEGER NOT NULL DEFAULT 0,
    delivered_at  TIMESTAMP,
    receipt       VARCHAR,                  -- what the receiver answered (or the manifest written)
    last_error    VARCHAR
);

-- Row keys already put into a batch: a row is prepared once per model, never twice.
CREATE TABLE IF NOT EXISTS push_sent (
    model_id   VARCHAR NOT NULL,
    row_key    VARCHAR NOT NULL,
    batch_id   VARCHAR NOT NULL,
    PRIMARY KEY (model_id, row_key)
);

-- Every delivery attempt (first sends, retries, re-sends), for the board's delivery log.
CREATE TABLE IF NOT EXISTS push_deliveries (
    delivery_id  BIGINT PRIMARY KEY DEFAULT nextval('svc_delivery_id_seq'),
    batch_id     VARCHAR NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    channel      VARCHAR NOT NULL,
    resend       BOOLEAN NOT NULL,
    ok           BOOLEAN NOT NULL,
    http_status  INTEGER,
    receipt      VARCHAR,
    error        VARCHAR,
    by_whom      VARCHAR
);

-- Outside bodies' keys: the api_keys row (role agency) plus named scopes and rate limits.
CREATE TABLE IF NOT EXISTS agency_keys (
    key_id           VARCHAR PRIMARY KEY,   -- api_keys.key_id
    agency           VARCHAR NOT NULL,      -- the body, e.g. 浦东新区教育局
    kind             VARCHAR NOT NULL,      -- education | bank | other
    scopes           JSON NOT NULL,         -- ["minors_bar", "enterprise_litigation"]
    rate_per_minute  INTEGER NOT NULL,      -- per key and scope
    consent_required BOOLEAN NOT NULL       -- enterprise queries need the enterprise's consent token
);

-- Every query answered (or refused) for outside users: counts on the board; the audit log has it too.
CREATE TABLE IF NOT EXISTS service_queries (
    query_id    BIGINT PRIMARY KEY DEFAULT nextval('svc_query_id_seq'),
    asked_at    TIMESTAMP NOT NULL,
    key_id      VARCHAR NOT NULL,
    agency      VARCHAR NOT NULL,
    court_code  VARCHAR NOT NULL,           -- the court whose data answered (the key's court)
    scope       VARCHAR NOT NULL,
    purpose     VARCHAR NOT NULL,
    outcome     VARCHAR NOT NULL,           -- barred | not_barred | unknown | summary | refused
    letter_code VARCHAR
);

-- 企业涉诉信息说明函: what was certified, checkable by anyone with the code.
CREATE TABLE IF NOT EXISTS service_letters (
    code         VARCHAR PRIMARY KEY,       -- verification code printed on the letter
    uscc         VARCHAR NOT NULL,
    enterprise   VARCHAR NOT NULL,
    issued_at    TIMESTAMP NOT NULL,
    issued_to    VARCHAR NOT NULL,          -- the agency
    court_code   VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,          -- sha256 of the summary certified
    summary      JSON NOT NULL,
    html         VARCHAR NOT NULL
);

-- Thematic reports (决策参考), as generated.
CREATE TABLE IF NOT EXISTS service_reports (
    report_id    VARCHAR PRIMARY KEY,
    topic        VARCHAR NOT NULL,
    court_code   VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    generated_at TIMESTAMP NOT NULL,
    generated_by VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    summary      JSON NOT NULL,
    html         VARCHAR NOT NULL
);

-- Keys the services sign with (consent tokens), made on first use.
CREATE TABLE IF NOT EXISTS service_secrets (
    name   VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
