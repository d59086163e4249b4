-- The catalog, the observations, and the record of every load.
-- Uniqueness of (year, unit_code, indicator_code) is kept by the ingest merge,
-- which is the only writer; an ART index on 10M rows would slow every load.

CREATE SEQUENCE load_id_seq START 1;

CREATE TABLE loads (
    id             BIGINT PRIMARY KEY DEFAULT nextval('load_id_seq'),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR,
    format         VARCHAR,
    content        VARCHAR,   -- observations, units or indicators
    rows_read      BIGINT NOT NULL DEFAULT 0,
    rows_inserted  BIGINT NOT NULL DEFAULT 0,
    rows_updated   BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    rows_refused   BIGINT NOT NULL DEFAULT 0,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    outcome        VARCHAR NOT NULL, -- loaded, unchanged, refused
    message        VARCHAR,
    loaded_by      VARCHAR
);
COMMENT ON TABLE loads IS 'Every load attempt: file, checksum, row counts, outcome.';
COMMENT ON COLUMN loads.outcome IS 'loaded (something changed), unchanged (nothing to change) or refused (nothing written).';

CREATE TABLE units (
    code       VARCHAR PRIMARY KEY,
    name_vi    VARCHAR NOT NULL,
    name_en    VARCHAR,
    block      VARCHAR,
    sort_order INTEGER,
    load_id    BIGINT
);
COMMENT ON TABLE units IS 'Agencies and districts (đơn vị), grouped in emulation blocks (khối thi đua).';
COMMENT ON COLUMN units.block IS 'Emulation block (khối thi đua) the unit is ranked in.';

CREATE TABLE indicators (
    code       VARCHAR PRIMARY KEY,
    name_vi    VARCHAR NOT NULL,
    name_en    VARCHAR,
    measure    VARCHAR,
    measure_en VARCHAR,
    direction  VARCHAR NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
    kind       VARCHAR NOT NULL DEFAULT 'count' CHECK (kind IN ('count', 'amount', 'rate', 'index')),
    category   VARCHAR,
    sort_order INTEGER,
    load_id    BIGINT
);
COMMENT ON TABLE indicators IS 'Indicators (chỉ tiêu) with their unit of measure and direction.';
COMMENT ON COLUMN indicators.measure IS 'Unit of measure in Vietnamese (ĐVT), e.g. lượt, người, %.';
COMMENT ON COLUMN indicators.direction IS 'higher: a bigger value is better; lower: a smaller value is better (attainment = plan ÷ actual).';
COMMENT ON COLUMN indicators.kind IS 'count, amount, rate (per cent or per mille; changes shown in points) or index.';

CREATE TABLE observations (
    year           INTEGER NOT NULL,
    unit_code      VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    actual         DOUBLE,
    plan           DOUBLE,
    target         DOUBLE,
    numerator      DOUBLE,
    denominator    DOUBLE,
    derived        VARCHAR,
    note           VARCHAR,
    load_id        BIGINT,
    updated_at     TIMESTAMP
);
COMMENT ON TABLE observations IS 'One row per (year, unit, indicator): actual, plan and registered target.';
COMMENT ON COLUMN observations.actual IS 'Actual value (thực hiện, TH).';
COMMENT ON COLUMN observations.plan IS 'Plan set from above (kế hoạch, KH).';
COMMENT ON COLUMN observations.target IS 'Target the unit registered itself (chỉ tiêu đăng ký, ĐK).';
COMMENT ON COLUMN observations.numerator IS 'For a count over a known total: the count (372.412 of 387.279 households).';
COMMENT ON COLUMN observations.denominator IS 'For a count over a known total: the total.';
COMMENT ON COLUMN observations.derived IS 'Fields reconstructed by arithmetic rather than published, comma-separated (actual, plan, target).';
COMMENT ON COLUMN observations.load_id IS 'The load (loads.id) that last set this row.';

CREATE TABLE revisions (
    load_id        BIGINT NOT NULL,
    year           INTEGER NOT NULL,
    unit_code      VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    old_actual     DOUBLE,
    old_plan       DOUBLE,
    old_target     DOUBLE,
    new_actual     DOUBLE,
    new_plan       DOUBLE,
    new_target     DOUBLE,
    old_load_id    BIGINT,
    changed_at     TIMESTAMP NOT NULL
);
COMMENT ON TABLE revisions IS 'Every change to an observation: old and new values, when, and the load that made it.';

CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
COMMENT ON TABLE settings IS 'Analytics settings, e.g. the attainment threshold for status near.';
INSERT INTO settings VALUES ('near_pct', '95');
