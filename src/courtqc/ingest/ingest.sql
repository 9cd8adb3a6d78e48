-- Platform tables of ingestion (CDC position, node checks, webhook deliveries, event API
-- idempotency). They sit beside the case data in the store but are not case data.
-- Times are UTC.

-- Where each CDC slot has got to: written in the same transaction as the changes it covers.
CREATE TABLE IF NOT EXISTS ingest_cdc_state (
    slot          VARCHAR PRIMARY KEY,      -- replication slot name
    lsn           UBIGINT NOT NULL,         -- commit LSN (end) of the last transaction applied
    lsn_text      VARCHAR NOT NULL,         -- the same, as PostgreSQL writes it (0/16B3748)
    mapping       VARCHAR NOT NULL,         -- mapping name
    source        VARCHAR,                  -- host:port/database of the CMS
    snapshot_at   TIMESTAMP,                -- when the initial snapshot was taken
    updated_at    TIMESTAMP NOT NULL,
    transactions  BIGINT NOT NULL DEFAULT 0,  -- CMS transactions applied since the snapshot
    changes       BIGINT NOT NULL DEFAULT 0   -- row changes applied since the snapshot
);

CREATE SEQUENCE IF NOT EXISTS ingest_check_id_seq START 1;

-- A case reached a node: queued in the transaction that applied the change, checked after it.
CREATE TABLE IF NOT EXISTS ingest_node_checks (
    check_id      BIGINT PRIMARY KEY DEFAULT nextval('ingest_check_id_seq'),
    source        VARCHAR NOT NULL,         -- cdc:<slot> | api
    case_id       BIGINT NOT NULL,
    node          VARCHAR NOT NULL,
    lsn           UBIGINT,                  -- CMS transaction (CDC)
    committed_at  TIMESTAMP,                -- when the CMS committed the change
    queued_at     TIMESTAMP NOT NULL,
    checked_at    TIMESTAMP,                -- when its alerts were stored
    status        VARCHAR NOT NULL DEFAULT 'queued',  -- queued | done | skipped | error | shed
    alerts        INTEGER,                  -- live alerts found
    elapsed_ms    DOUBLE,                   -- node-mode time
    error         VARCHAR
);

-- Alerts to push to the configured webhook, with retries and exponential backoff.
CREATE TABLE IF NOT EXISTS ingest_deliveries (
    fingerprint      VARCHAR NOT NULL,      -- alerts.fingerprint
    node             VARCHAR NOT NULL,      -- node where it was found
    case_id          BIGINT NOT NULL,
    payload          JSON NOT NULL,         -- what is POSTed
    created_at       TIMESTAMP NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL,
    delivered_at     TIMESTAMP,
    status           VARCHAR NOT NULL DEFAULT 'pending',  -- pending | delivered | failed
    last_error       VARCHAR,
    PRIMARY KEY (fingerprint, node)
);

-- Answers of the event API by idempotency key: a repeated key gets the first answer.
CREATE TABLE IF NOT EXISTS ingest_event_requests (
    idempotency_key  VARCHAR PRIMARY KEY,
    request_sha256   VARCHAR NOT NULL,      -- of the request body: a reused key with another body is refused
    status_code      INTEGER NOT NULL,
    response         JSON NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
