-- Progress towards five-year plan targets: where the latest actual of the
-- period stands, and the yearly growth still needed to reach the target by
-- the period's last year.
CREATE OR REPLACE VIEW plan_progress AS
WITH latest AS (
    SELECT t.period, t.unit_code, t.indicator_code,
           max(o.year) AS latest_year, arg_max(o.actual, o.year) AS latest_actual
    FROM period_targets t
    JOIN plan_periods pp ON pp.code = t.period
    JOIN observations o ON o.unit_code = t.unit_code AND o.indicator_code = t.indicator_code
     AND o.year BETWEEN pp.start_year AND pp.end_year AND o.actual IS NOT NULL
    GROUP BY ALL
), rows AS (
    SELECT t.period, pp.start_year, pp.end_year, t.unit_code, t.indicator_code, i.direction, i.kind,
           t.target AS period_target,
           b.actual AS base_actual,
           l.latest_year, l.latest_actual,
           attainment_pct(l.latest_actual, t.target, i.direction) AS progress_pct,
           CASE WHEN t.target <> b.actual
                THEN (l.latest_actual - b.actual) / (t.target - b.actual) * 100 END AS distance_covered_pct,
           pp.end_year - l.latest_year AS years_left,
           cagr_pct(b.actual, l.latest_actual, l.latest_year - (pp.start_year - 1)) AS growth_so_far_pct,
           CASE WHEN pp.end_year > l.latest_year
                THEN cagr_pct(l.latest_actual, t.target, pp.end_year - l.latest_year) END AS required_growth_pct,
           t.note
    FROM period_targets t
    JOIN plan_periods pp ON pp.code = t.period
    JOIN indicators i ON i.code = t.indicator_code
    LEFT JOIN observations b ON b.unit_code = t.unit_code AND b.indicator_code = t.indicator_code AND b.year = pp.start_year - 1
    LEFT JOIN latest l ON l.period = t.period AND l.unit_code = t.unit_code AND l.indicator_code = t.indicator_code
)
SELECT *,
       CASE WHEN latest_actual IS NULL THEN 'no data'
            WHEN progress_pct >= 100 THEN 'reached'
            WHEN years_left <= 0 THEN 'missed'
            WHEN growth_so_far_pct IS NULL OR required_growth_pct IS NULL THEN 'unknown'
            WHEN direction = 'lower' AND growth_so_far_pct <= required_growth_pct THEN 'on track'
            WHEN direction <> 'lower' AND growth_so_far_pct >= required_growth_pct THEN 'on track'
            ELSE 'behind' END AS outlook
FROM rows;
COMMENT ON VIEW plan_progress IS 'Five-year plan targets: latest actual, progress, and the yearly growth still needed.';
COMMENT ON COLUMN plan_progress.base_actual IS 'Actual of the year before the period starts (2015 for 2016-2020).';
COMMENT ON COLUMN plan_progress.progress_pct IS 'Latest actual against the period target, by direction (attainment_pct).';
COMMENT ON COLUMN plan_progress.distance_covered_pct IS 'Share of the way from the base to the target covered so far, in per cent.';
COMMENT ON COLUMN plan_progress.growth_so_far_pct IS 'Yearly rate from the base year to the latest year, in per cent.';
COMMENT ON COLUMN plan_progress.required_growth_pct IS 'Yearly rate needed from the latest actual to reach the target by the end of the period.';
COMMENT ON COLUMN plan_progress.outlook IS 'reached, on track (growing at least as fast as needed), behind, missed (period over), no data or unknown.';
