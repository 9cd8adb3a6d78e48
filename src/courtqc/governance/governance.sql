-- Data governance at intake (courtqc.governance, docs/GOVERNANCE.md). Platform tables: not
-- case data, so models and scoped users cannot read them (raw_values holds clear values).

-- The raw value of every governed column that intake rewrote or found invalid, beside the
-- canonical value the store keeps. A value that arrived already canonical has no row.
CREATE TABLE IF NOT EXISTS raw_values (
    table_name  VARCHAR NOT NULL,   -- canonical table (parties, registry_population ...)
    row_key     VARCHAR NOT NULL,   -- the row's primary key, '|' between key columns
    column_name VARCHAR NOT NULL,   -- governed column
    raw         VARCHAR NOT NULL,   -- the value as it arrived
    canonical   VARCHAR,            -- its canonical form (NULL: nothing usable)
    status      VARCHAR NOT NULL,   -- changed | invalid | partial
    source      VARCHAR NOT NULL,   -- intake path: file name, cdc, events, mq, synth
    recorded_at TIMESTAMP NOT NULL DEFAULT (timezone('UTC', current_timestamp)),  -- naive UTC (courtqc.clock)
    PRIMARY KEY (table_name, row_key, column_name)
);

-- Counts per intake day, source and governed column: the trend of what arrives.
CREATE TABLE IF NOT EXISTS intake_stats (
    day         DATE NOT NULL,
    source      VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    column_name VARCHAR NOT NULL,
    seen        BIGINT NOT NULL,    -- rows that carried the column
    present     BIGINT NOT NULL,    -- of them, with a value
    changed     BIGINT NOT NULL,    -- rewritten into canonical form
    invalid     BIGINT NOT NULL,    -- failing their check
    partial     BIGINT NOT NULL,    -- only partly known (a date with only a year)
    PRIMARY KEY (day, source, table_name, column_name)
);
