-- Platform tables of the scenario-model engine. They live in the same store as the case data
-- but are NOT case data: model SQL may not read them (courtqc.models.sqlcheck refuses them).

CREATE SEQUENCE IF NOT EXISTS alert_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS feedback_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS model_run_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS model_state_id_seq START 1;

-- One row per distinct finding. The fingerprint (model, case, party, key) is what makes a rerun
-- idempotent: the same finding found again updates last_seen_at, never adds a row.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id       BIGINT PRIMARY KEY DEFAULT nextval('alert_id_seq'),
    fingerprint    VARCHAR NOT NULL UNIQUE,   -- sha1 of model id, case, party, alert key
    model_id       VARCHAR NOT NULL,
    model_version  VARCHAR NOT NULL,          -- logic hash of the version that fired
    category       VARCHAR NOT NULL,
    case_id        BIGINT NOT NULL,
    case_no        VARCHAR,
    court_code     VARCHAR,
    party_id       BIGINT,
    node           VARCHAR,                   -- node where it fired (NULL in review/backtest)
    severity       VARCHAR NOT NULL,          -- info | warning | critical
    message        VARCHAR NOT NULL,          -- Chinese message to the judge
    evidence       JSON NOT NULL,             -- the row(s) that made the model fire
    status         VARCHAR NOT NULL DEFAULT 'open',  -- open | acknowledged | resolved | dismissed
    mode           VARCHAR NOT NULL,          -- node | review | backtest
    pushed         BOOLEAN NOT NULL,          -- pushed to the judge (false for shadow models)
    created_at     TIMESTAMP NOT NULL,
    last_seen_at   TIMESTAMP NOT NULL,
    run_id         BIGINT
);

-- Feedback on a pushed alert: helpful or not, why, by whom.
CREATE TABLE IF NOT EXISTS alert_feedback (
    feedback_id  BIGINT PRIMARY KEY DEFAULT nextval('feedback_id_seq'),
    alert_id     BIGINT NOT NULL,
    helpful      BOOLEAN NOT NULL,
    reason       VARCHAR,
    given_by     VARCHAR NOT NULL,
    given_at     TIMESTAMP NOT NULL
);

-- Lifecycle: every state change of a model version, newest wins.
CREATE TABLE IF NOT EXISTS model_states (
    change_id      BIGINT PRIMARY KEY DEFAULT nextval('model_state_id_seq'),
    model_id       VARCHAR NOT NULL,
    model_version  VARCHAR NOT NULL,
    state          VARCHAR NOT NULL,
    changed_at     TIMESTAMP NOT NULL,
    changed_by     VARCHAR,
    note           VARCHAR,
    definition     JSON                       -- the definition of that version, as run
);

-- Each model run (a node check, a review, a backtest) and how it went, failures included.
CREATE TABLE IF NOT EXISTS model_runs (
    run_id         BIGINT PRIMARY KEY DEFAULT nextval('model_run_id_seq'),
    mode           VARCHAR NOT NULL,
    model_id       VARCHAR NOT NULL,
    model_version  VARCHAR NOT NULL,
    case_id        BIGINT,                    -- node mode: the case checked
    node           VARCHAR,
    started_at     TIMESTAMP NOT NULL,
    elapsed_ms     DOUBLE NOT NULL,
    hits           BIGINT NOT NULL,
    status         VARCHAR NOT NULL,          -- ok | error | timeout
    error          VARCHAR
);
