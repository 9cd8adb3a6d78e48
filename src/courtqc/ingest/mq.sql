-- Message-queue intake (courtqc.ingest.mq): every applied message, by the sender's id, written
-- in the same store transaction as the rows it made — a message seen again is acknowledged and
-- not applied. Times are UTC.
CREATE TABLE IF NOT EXISTS ingest_mq_messages (
    message_id   VARCHAR PRIMARY KEY,       -- the sender's message id
    type         VARCHAR NOT NULL,          -- sd.served, rk.death ... (mq_schemas/<type>.json)
    system       VARCHAR NOT NULL,          -- the sending system as it names itself
    queue        VARCHAR NOT NULL,          -- the queue it came from
    sent_at      TIMESTAMP,                 -- when the sender published it (its envelope)
    applied_at   TIMESTAMP NOT NULL,        -- when the store transaction that applied it began to commit
    case_id      BIGINT,                    -- the case it concerns, where one
    moved_to     VARCHAR                    -- the node it moved the case to, where it did
);
