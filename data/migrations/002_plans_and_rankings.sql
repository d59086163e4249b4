-- Five-year plan periods and their targets, indicator weights and criterion
-- scores for block rankings, and the index of gaps in reported series.

ALTER TABLE indicators ADD COLUMN weight DOUBLE DEFAULT 1;
COMMENT ON COLUMN indicators.weight IS 'Weight of the indicator in block rankings (default 1).';

CREATE TABLE plan_periods (
    code       VARCHAR PRIMARY KEY,
    start_year INTEGER NOT NULL,
    end_year   INTEGER NOT NULL,
    CHECK (end_year >= start_year)
);
COMMENT ON TABLE plan_periods IS 'Five-year plan periods (kế hoạch 5 năm), e.g. 2016-2020.';
INSERT INTO plan_periods VALUES
    ('2011-2015', 2011, 2015), ('2016-2020', 2016, 2020), ('2021-2025', 2021, 2025), ('2026-2030', 2026, 2030);

CREATE TABLE period_targets (
    period         VARCHAR NOT NULL,
    unit_code      VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    target         DOUBLE NOT NULL,
    note           VARCHAR,
    load_id        BIGINT
);
COMMENT ON TABLE period_targets IS 'Target of a unit for an indicator by the end of a plan period.';

CREATE TABLE criterion_scores (
    year      INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL,
    criterion VARCHAR NOT NULL,
    score     DOUBLE NOT NULL,
    note      VARCHAR,
    load_id   BIGINT
);
COMMENT ON TABLE criterion_scores IS 'Scores out of 100 given to a unit for an emulation criterion (nội dung thi đua) in a year; added to its ranking score.';

-- report_gaps holds, for each observation whose previous report is not the
-- year before, that previous report. Annual series leave it empty; the load
-- that changes a series recomputes its rows, so the performance view needs
-- no window over the whole table.
CREATE TABLE report_gaps (
    year           INTEGER NOT NULL,
    unit_code      VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    prev_year      INTEGER NOT NULL,
    prev_actual    DOUBLE
);
COMMENT ON TABLE report_gaps IS 'Internal: previous report of observations whose series skips years (kept by each load).';

INSERT INTO settings VALUES ('ranking_attainment_cap', '200');
