-- Macros analysts can use in their own queries. A missing, zero or
-- non-finite base gives NULL, never ±Inf or NaN.

-- finite_or_null: x, or NULL when it overflowed to ±Inf or is NaN; the
-- macros below end in it, so an extreme input cannot leak an infinity.
CREATE OR REPLACE MACRO finite_or_null(x) AS CASE WHEN isfinite(x::DOUBLE) THEN x::DOUBLE END;

-- growth_pct: change from previous to current in per cent of |previous|.
-- The base is taken as an absolute value so that a negative base (a net
-- change, say -10 -> -5) reads as +50%: the value went up.
CREATE OR REPLACE MACRO growth_pct(current, previous) AS
    CASE WHEN current IS NULL OR previous IS NULL OR previous = 0
              OR NOT isfinite(current::DOUBLE) OR NOT isfinite(previous::DOUBLE) THEN NULL
         ELSE finite_or_null((current - previous) / abs(previous) * 100) END;

-- attainment_pct: actual ÷ plan × 100 when higher is better, plan ÷ actual × 100
-- when lower is better. A ratio of values of different signs means nothing,
-- so the divisor must be positive; for higher-is-better a negative actual
-- against a positive plan gives a negative attainment (went the wrong way).
CREATE OR REPLACE MACRO attainment_pct(actual, plan, direction) AS
    CASE WHEN actual IS NULL OR plan IS NULL
              OR NOT isfinite(actual::DOUBLE) OR NOT isfinite(plan::DOUBLE) THEN NULL
         WHEN direction = 'lower' THEN
              CASE WHEN actual > 0 AND plan >= 0 THEN finite_or_null(plan / actual * 100) END
         ELSE CASE WHEN plan > 0 THEN finite_or_null(actual / plan * 100) END END;

-- attainment_reason: why attainment_pct is NULL, or NULL when it is not.
CREATE OR REPLACE MACRO attainment_reason(actual, plan, direction) AS
    CASE WHEN plan IS NULL THEN 'no plan'
         WHEN actual IS NULL THEN 'no actual'
         WHEN NOT isfinite(actual::DOUBLE) OR NOT isfinite(plan::DOUBLE) THEN 'not a finite number'
         WHEN attainment_pct(actual, plan, direction) IS NULL AND (direction = 'lower' AND actual > 0 AND plan >= 0
              OR direction <> 'lower' AND plan > 0) THEN 'too large to compute'
         WHEN direction = 'lower' AND actual = 0 THEN 'actual is zero (lower is better: plan ÷ actual)'
         WHEN direction = 'lower' AND (actual < 0 OR plan < 0) THEN 'negative value: the ratio has no meaning'
         WHEN direction <> 'lower' AND plan = 0 THEN 'plan is zero'
         WHEN direction <> 'lower' AND plan < 0 THEN 'plan is negative: the ratio has no meaning'
    END;

-- plan_status: exceeded, met, near, missed or 'no plan', compared at the two
-- decimals a report shows, so a status never contradicts the printed figure.
CREATE OR REPLACE MACRO plan_status(attainment, near_pct) AS
    CASE WHEN attainment IS NULL THEN 'no plan'
         WHEN round(attainment, 2) > 100 THEN 'exceeded'
         WHEN round(attainment, 2) = 100 THEN 'met'
         WHEN attainment >= near_pct THEN 'near'
         ELSE 'missed' END;

-- cagr_pct: the yearly rate that takes first to last in years years, in per
-- cent. Defined for a positive first value and a non-negative last one only:
-- a rate cannot compound from zero or across a change of sign.
CREATE OR REPLACE MACRO cagr_pct(first, last, years) AS
    CASE WHEN first IS NULL OR last IS NULL OR years IS NULL OR years <= 0 OR first <= 0 OR last < 0
              OR NOT isfinite(first::DOUBLE) OR NOT isfinite(last::DOUBLE) THEN NULL
         ELSE finite_or_null((pow(last::DOUBLE / first, 1.0 / years) - 1) * 100) END;
