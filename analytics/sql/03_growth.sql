-- Multi-year growth: a summary per series, and a table macro for any two years.

CREATE OR REPLACE VIEW series_summary AS
SELECT unit_code, indicator_code,
       min(year) FILTER (WHERE actual IS NOT NULL) AS first_year,
       max(year) FILTER (WHERE actual IS NOT NULL) AS last_year,
       count(actual) AS years_reported,
       arg_min(actual, year) FILTER (WHERE actual IS NOT NULL) AS first_actual,
       arg_max(actual, year) FILTER (WHERE actual IS NOT NULL) AS last_actual,
       growth_pct(last_actual, first_actual) AS growth_pct,
       cagr_pct(first_actual, last_actual, last_year - first_year) AS cagr_pct,
       count(*) FILTER (WHERE status_basis IS NOT NULL) AS years_with_plan,
       count(*) FILTER (WHERE status IN ('met', 'exceeded')) AS years_plan_met,
       CASE WHEN years_with_plan > 0 THEN years_plan_met / years_with_plan * 100 END AS plan_met_share_pct
FROM performance
GROUP BY unit_code, indicator_code;
COMMENT ON VIEW series_summary IS 'Per unit and indicator: first and last reported year, growth and CAGR between them, share of years the plan was met.';
COMMENT ON COLUMN series_summary.cagr_pct IS 'Yearly rate from the first to the last reported actual, in per cent.';
COMMENT ON COLUMN series_summary.plan_met_share_pct IS 'Years the plan (or target) was met or exceeded, in per cent of the years that had one.';

-- growth_between(from_year, to_year): the same for two chosen years.
CREATE OR REPLACE MACRO growth_between(from_year, to_year) AS TABLE
SELECT a.unit_code, a.indicator_code, from_year AS from_year, to_year AS to_year,
       a.actual AS from_actual, b.actual AS to_actual,
       b.actual - a.actual AS change,
       growth_pct(b.actual, a.actual) AS growth_pct,
       cagr_pct(a.actual, b.actual, to_year - from_year) AS cagr_pct,
       m.years_with_plan, m.years_plan_met,
       CASE WHEN m.years_with_plan > 0 THEN m.years_plan_met / m.years_with_plan * 100 END AS plan_met_share_pct
FROM observations a
JOIN observations b ON b.unit_code = a.unit_code AND b.indicator_code = a.indicator_code AND b.year = to_year
LEFT JOIN (
    SELECT unit_code, indicator_code,
           count(*) FILTER (WHERE status_basis IS NOT NULL) AS years_with_plan,
           count(*) FILTER (WHERE status IN ('met', 'exceeded')) AS years_plan_met
    FROM performance WHERE year BETWEEN from_year AND to_year GROUP BY ALL
) m ON m.unit_code = a.unit_code AND m.indicator_code = a.indicator_code
WHERE a.year = from_year;
