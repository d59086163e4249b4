-- Block rankings (xếp hạng khối thi đua). A unit's score is the weighted
-- share of its indicators with a plan (or target) that were met or exceeded,
-- out of 100, plus the criterion scores it was given (each out of 100).
-- Ties: the higher average attainment (each capped at
-- settings.ranking_attainment_cap, 200% by default, so one runaway figure
-- cannot decide), then more indicators exceeded; units equal on all three
-- share the rank.
CREATE OR REPLACE VIEW ranking AS
WITH cfg AS (
    SELECT coalesce(max(TRY_CAST(value AS DOUBLE)) FILTER (WHERE key = 'ranking_attainment_cap'), 200) AS cap
    FROM settings
), ind AS (
    SELECT p.year, p.unit_code,
           count(*) AS n_indicators,
           count(*) FILTER (WHERE p.status_basis IS NOT NULL) AS n_planned,
           count(*) FILTER (WHERE p.status = 'exceeded') AS n_exceeded,
           count(*) FILTER (WHERE p.status = 'met') AS n_met,
           count(*) FILTER (WHERE p.status = 'near') AS n_near,
           count(*) FILTER (WHERE p.status = 'missed') AS n_missed,
           sum(coalesce(i.weight, 1)) FILTER (WHERE p.status_basis IS NOT NULL) AS weight_planned,
           coalesce(sum(coalesce(i.weight, 1)) FILTER (WHERE p.status IN ('met', 'exceeded')), 0) AS weight_met,
           avg(least(coalesce(p.attainment_pct, p.target_attainment_pct), cfg.cap))
               FILTER (WHERE p.status_basis IS NOT NULL) AS avg_attainment_pct
    FROM performance p JOIN indicators i ON i.code = p.indicator_code CROSS JOIN cfg
    GROUP BY ALL
), crit AS (
    SELECT year, unit_code, sum(score) AS criteria_score, count(*) AS n_criteria,
           string_agg(criterion || ': ' || score, '; ' ORDER BY criterion) AS criteria
    FROM criterion_scores GROUP BY ALL
), years AS (
    SELECT year FROM ind UNION SELECT year FROM crit
), scored AS (
    SELECT y.year, u.block, u.code AS unit_code, u.name_vi AS unit_name_vi, u.name_en AS unit_name_en,
           coalesce(ind.n_indicators, 0) AS n_indicators, coalesce(ind.n_planned, 0) AS n_planned,
           coalesce(ind.n_exceeded, 0) AS n_exceeded, coalesce(ind.n_met, 0) AS n_met,
           coalesce(ind.n_near, 0) AS n_near, coalesce(ind.n_missed, 0) AS n_missed,
           ind.weight_planned, ind.weight_met,
           CASE WHEN ind.weight_planned > 0 THEN ind.weight_met / ind.weight_planned * 100 END AS indicator_score,
           coalesce(crit.criteria_score, 0) AS criteria_score, coalesce(crit.n_criteria, 0) AS n_criteria, crit.criteria,
           ind.avg_attainment_pct
    FROM years y CROSS JOIN units u
    LEFT JOIN ind ON ind.year = y.year AND ind.unit_code = u.code
    LEFT JOIN crit ON crit.year = y.year AND crit.unit_code = u.code
    WHERE u.block IS NOT NULL
), totals AS (
    SELECT *,
           CASE WHEN indicator_score IS NOT NULL OR n_criteria > 0
                THEN coalesce(indicator_score, 0) + criteria_score END AS total_score,
           100 * (1 + n_criteria) AS max_score
    FROM scored
)
SELECT *,
       CASE WHEN total_score IS NOT NULL THEN
           rank() OVER (PARTITION BY year, block ORDER BY total_score DESC NULLS LAST,
                        avg_attainment_pct DESC NULLS LAST, n_exceeded DESC) END AS rank
FROM totals;
COMMENT ON VIEW ranking IS 'Units ranked within their block each year: indicator score plus criterion scores; ties broken by average attainment (capped), then indicators exceeded.';
COMMENT ON COLUMN ranking.indicator_score IS 'Weighted share of the unit''s indicators with a plan or target that were met or exceeded, out of 100.';
COMMENT ON COLUMN ranking.criteria_score IS 'Sum of the unit''s criterion scores for the year (each out of 100).';
COMMENT ON COLUMN ranking.total_score IS 'indicator_score + criteria_score, out of max_score.';
COMMENT ON COLUMN ranking.avg_attainment_pct IS 'Average attainment of the planned indicators, each capped (settings.ranking_attainment_cap); the first tie-breaker.';
COMMENT ON COLUMN ranking.rank IS 'Rank in the block (1 = first); NULL for a unit with nothing to score that year.';
