-- One row per observation with its year-on-year change and plan attainment.
-- prev_actual is the actual of year - 1 for the same unit and indicator:
-- NULL when that year is missing, never the previous row. A series reported
-- every few years has instead a change since its previous report, with the
-- gap in years and the yearly rate (CAGR) over it.
CREATE OR REPLACE VIEW performance AS
WITH cfg AS (
    SELECT coalesce(max(TRY_CAST(value AS DOUBLE)) FILTER (WHERE key = 'near_pct'), 95) AS near_pct
    FROM settings
), base AS (
    SELECT o.year, o.unit_code, u.name_vi AS unit_name_vi, u.name_en AS unit_name_en, u.block,
           o.indicator_code, i.name_vi AS indicator_name_vi, i.name_en AS indicator_name_en,
           i.measure, i.measure_en, i.direction, i.kind, i.category,
           o.actual, o.plan, o.target, o.numerator, o.denominator,
           p.actual AS prev_actual,
           CASE WHEN p.actual IS NOT NULL THEN o.year - 1 ELSE g.prev_year END AS prev_report_year,
           CASE WHEN p.actual IS NOT NULL THEN p.actual ELSE g.prev_actual END AS prev_report_actual,
           attainment_pct(o.actual, o.plan, i.direction) AS attainment_pct,
           -- Reasons are worked out only where there is something to explain.
           CASE WHEN attainment_pct IS NULL THEN attainment_reason(o.actual, o.plan, i.direction) END AS attainment_reason,
           attainment_pct(o.actual, o.target, i.direction) AS target_attainment_pct,
           CASE WHEN target_attainment_pct IS NULL THEN attainment_reason(o.actual, o.target, i.direction) END AS target_attainment_reason,
           o.derived, o.note, o.load_id, o.release, o.source
    FROM observations o
    JOIN indicators i ON i.code = o.indicator_code
    LEFT JOIN units u ON u.code = o.unit_code
    LEFT JOIN observations p
           ON p.unit_code = o.unit_code AND p.indicator_code = o.indicator_code AND p.year = o.year - 1
    LEFT JOIN report_gaps g
           ON g.unit_code = o.unit_code AND g.indicator_code = o.indicator_code AND g.year = o.year
)
SELECT b.year, b.unit_code, b.unit_name_vi, b.unit_name_en, b.block,
       b.indicator_code, b.indicator_name_vi, b.indicator_name_en,
       b.measure, b.measure_en, b.direction, b.kind, b.category,
       b.actual, b.plan, b.target, b.numerator, b.denominator,
       b.prev_actual,
       CASE WHEN isfinite(b.actual - b.prev_actual) THEN b.actual - b.prev_actual END AS yoy_change,
       growth_pct(b.actual, b.prev_actual) AS yoy_pct,
       CASE WHEN b.kind = 'rate' AND isfinite(b.actual - b.prev_actual) THEN b.actual - b.prev_actual END AS yoy_pp,
       b.prev_report_year,
       b.prev_report_actual,
       b.year - b.prev_report_year AS report_gap_years,
       CASE WHEN isfinite(b.actual - b.prev_report_actual) THEN b.actual - b.prev_report_actual END AS change_since_prev_report,
       growth_pct(b.actual, b.prev_report_actual) AS change_since_prev_report_pct,
       cagr_pct(b.prev_report_actual, b.actual, b.year - b.prev_report_year) AS cagr_since_prev_report_pct,
       b.attainment_pct,
       b.attainment_reason,
       b.attainment_pct - 100 AS exceed_pct,
       b.target_attainment_pct,
       b.target_attainment_reason,
       b.target_attainment_pct - 100 AS target_exceed_pct,
       CASE WHEN b.attainment_pct IS NOT NULL THEN 'plan'
            WHEN b.target_attainment_pct IS NOT NULL THEN 'target' END AS status_basis,
       plan_status(coalesce(b.attainment_pct, b.target_attainment_pct), cfg.near_pct) AS status,
       b.derived, b.note, b.load_id, b.release, b.source
FROM base b CROSS JOIN cfg;

COMMENT ON VIEW performance IS 'One row per observation with year-on-year change and plan attainment; values unrounded.';
COMMENT ON COLUMN performance.prev_actual IS 'Actual of year - 1 for the same unit and indicator; NULL when that year is missing.';
COMMENT ON COLUMN performance.yoy_change IS 'actual - prev_actual, in the indicator''s measure (points for a rate).';
COMMENT ON COLUMN performance.yoy_pct IS 'Growth on year - 1 in per cent: growth_pct(actual, prev_actual).';
COMMENT ON COLUMN performance.yoy_pp IS 'For rate indicators: change on year - 1 in percentage points.';
COMMENT ON COLUMN performance.prev_report_year IS 'Year of the previous report with an actual (year - 1 for a yearly series).';
COMMENT ON COLUMN performance.prev_report_actual IS 'Actual of the previous report.';
COMMENT ON COLUMN performance.report_gap_years IS 'Years since the previous report (5 for a five-yearly series).';
COMMENT ON COLUMN performance.change_since_prev_report IS 'actual - prev_report_actual.';
COMMENT ON COLUMN performance.change_since_prev_report_pct IS 'Growth since the previous report in per cent.';
COMMENT ON COLUMN performance.cagr_since_prev_report_pct IS 'Yearly rate (CAGR) since the previous report, in per cent.';
COMMENT ON COLUMN performance.attainment_pct IS 'Against plan: actual ÷ plan × 100 (higher is better) or plan ÷ actual × 100 (lower is better).';
COMMENT ON COLUMN performance.attainment_reason IS 'Why attainment_pct is NULL (no plan, zero plan, …); NULL when it is not.';
COMMENT ON COLUMN performance.exceed_pct IS 'attainment_pct - 100: how far past the plan, in per cent of it.';
COMMENT ON COLUMN performance.target_attainment_pct IS 'Against the registered target (chỉ tiêu đăng ký), same formula.';
COMMENT ON COLUMN performance.target_exceed_pct IS 'target_attainment_pct - 100.';
COMMENT ON COLUMN performance.status_basis IS 'plan or target: what status is measured against (the plan when there is one).';
COMMENT ON COLUMN performance.release IS 'official, preliminary (sơ bộ) or estimate (ước tính).';
COMMENT ON COLUMN performance.source IS 'The cells the figures came from (Biểu 01!F11) or a CSV line and column.';
COMMENT ON COLUMN performance.status IS 'exceeded, met, near (at least settings.near_pct), missed, or no plan.';
