-- Platform tables of the web layer: people, sessions, machine keys, the audit log, drafts of
-- the model workshop and the history of one-click reviews. They sit in the same DuckDB file as
-- the case data but are NOT case data: courtqc.models.sqlcheck refuses them to model SQL, and
-- nothing here is in canonical.sql.

CREATE SEQUENCE IF NOT EXISTS web_user_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS web_audit_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS web_review_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS web_attempt_id_seq START 1;

-- People who log in. Each belongs to one court; what they see follows the court tree.
CREATE TABLE IF NOT EXISTS users (
    user_id        INTEGER PRIMARY KEY DEFAULT nextval('web_user_id_seq'),
    username       VARCHAR NOT NULL UNIQUE,
    display_name   VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,          -- judge | division_head | court_leader | supervisor | modeller | admin
    court_code     VARCHAR NOT NULL,          -- courts.court_code of the court they work at
    judge_id       INTEGER,                   -- judges.judge_id, for a judge: whose cases' alerts they see
    dept_id        INTEGER,                   -- departments.dept_id, for a division head
    password_hash  VARCHAR NOT NULL,          -- argon2id, never the password
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP NOT NULL
);

-- Login sessions: only a SHA-256 of the token is kept, so a copy of the store opens nothing.
CREATE TABLE IF NOT EXISTS sessions (
    token_hash     VARCHAR PRIMARY KEY,
    user_id        INTEGER NOT NULL,
    csrf_token     VARCHAR NOT NULL,          -- double-submit token for cookie-authenticated writes
    created_at     TIMESTAMP NOT NULL,
    last_seen_at   TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL         -- absolute expiry; idle expiry is checked on last_seen_at
);

-- Keys for machines (the CMS posting workflow events, asking for node checks).
CREATE TABLE IF NOT EXISTS api_keys (
    key_id         VARCHAR PRIMARY KEY,       -- public part of the key, shown in lists
    key_hash       VARCHAR NOT NULL,          -- SHA-256 of the secret part
    name           VARCHAR NOT NULL,          -- what it is for, e.g. 浦东法院审判系统
    role           VARCHAR NOT NULL,          -- cms
    court_code     VARCHAR NOT NULL,          -- the court whose cases it may report on
    created_by     VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP,                 -- NULL: until revoked
    revoked        BOOLEAN NOT NULL DEFAULT FALSE
);

-- Failed logins, for rate limiting (by user name and by address).
CREATE TABLE IF NOT EXISTS login_attempts (
    attempt_id     BIGINT PRIMARY KEY DEFAULT nextval('web_attempt_id_seq'),
    username       VARCHAR NOT NULL,
    client         VARCHAR NOT NULL,
    attempted_at   TIMESTAMP NOT NULL
);

-- Who read which case data and who changed which model, when (viewable by administrators).
CREATE TABLE IF NOT EXISTS audit_log (
    audit_id       BIGINT PRIMARY KEY DEFAULT nextval('web_audit_id_seq'),
    logged_at      TIMESTAMP NOT NULL,
    actor          VARCHAR NOT NULL,          -- user name, or key:<key_id> for a machine
    role           VARCHAR NOT NULL,
    court_code     VARCHAR,
    action         VARCHAR NOT NULL,          -- read_case | list_cases | read_alerts | drill | model_save | model_promote | ...
    target         VARCHAR,                   -- case number, model id, indicator id ...
    detail         JSON,                      -- query, counts, case ids returned
    client         VARCHAR                    -- remote address
);

-- Models written in the workshop (the YAML text as saved; each save of new logic is a new version).
CREATE TABLE IF NOT EXISTS workshop_models (
    model_id       VARCHAR NOT NULL,
    model_version  VARCHAR NOT NULL,          -- logic hash, as in alerts and model_states
    yaml           VARCHAR NOT NULL,
    saved_by       VARCHAR NOT NULL,
    saved_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (model_id, model_version)
);

-- The latest backtests of saved model versions: the figures only (no hits, no case ids), so a
-- role that may read models but not run them (a judge) sees how a version scored.
CREATE TABLE IF NOT EXISTS model_backtests (
    model_id       VARCHAR NOT NULL,
    model_version  VARCHAR NOT NULL,          -- logic hash, as in workshop_models
    as_of          DATE,                      -- the day it was run for
    run_by         VARCHAR NOT NULL,
    run_court      VARCHAR,                   -- the runner's court: run_by is shown inside its tree only
    run_at         TIMESTAMP NOT NULL,
    scope_note     VARCHAR,                   -- which courts it read (modelscope.scope_note)
    figures        JSON NOT NULL              -- status, hits, truth, tp, fp, fn, precision, recall, elapsed_ms
);

-- One-click quality reviews (一键评查): who ran what over which courts, and how it went.
CREATE TABLE IF NOT EXISTS review_batches (
    review_id      BIGINT PRIMARY KEY DEFAULT nextval('web_review_id_seq'),
    started_by     VARCHAR NOT NULL,
    court_code     VARCHAR NOT NULL,          -- scope: this court and the courts below it
    model_ids      JSON,                      -- NULL: every model whose state runs in review
    since          DATE,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    status         VARCHAR NOT NULL,          -- running | done | error
    models_run     INTEGER,
    hits           BIGINT,
    new_alerts     BIGINT,
    summary        JSON,                      -- per model: status, hits, elapsed_ms, error
    error          VARCHAR
);
