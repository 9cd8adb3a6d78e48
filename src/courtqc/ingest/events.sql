-- Platform table of the event API (courtqc.ingest.events_api): the order of each case's events.
-- Beside ingest.sql's tables; times are UTC.

-- The last event applied per case: an event older than it is stale, recorded and not applied.
CREATE TABLE IF NOT EXISTS ingest_event_clock (
    case_id          BIGINT PRIMARY KEY,
    occurred_at      TIMESTAMP,             -- occurred_at of the last applied event (UTC)
    sequence         UBIGINT,               -- its sequence, where the CMS numbers its events
    node             VARCHAR NOT NULL,      -- the node it reported
    idempotency_key  VARCHAR NOT NULL,      -- the request that applied it
    applied_at       TIMESTAMP NOT NULL
);
