package analytics

import (
	"context"
	"fmt"
)

// RefreshGaps recomputes report_gaps for the series listed (unit_code,
// indicator_code, may_gap) in the table touched. The ingester calls it inside
// a load's transaction, after the observations are written. Only series
// marked may_gap, or that had a gap before, are looked at again: the
// ingester clears the mark for a series the load cannot have given a gap
// (see ingest.MergeHook), and such a series' gaps may still have closed or
// their previous reports changed. Series without gaps, the usual case, cost
// one aggregate and no window.
func RefreshGaps(ctx context.Context, db Execer, touched string) error {
	q := fmt.Sprintf(`
CREATE OR REPLACE TEMP TABLE ct_regap AS
    SELECT unit_code, indicator_code FROM %[1]s WHERE may_gap
    UNION SELECT g.unit_code, g.indicator_code FROM report_gaps g
    SEMI JOIN %[1]s t ON g.unit_code = t.unit_code AND g.indicator_code = t.indicator_code;
DELETE FROM report_gaps g USING %[1]s t WHERE g.unit_code = t.unit_code AND g.indicator_code = t.indicator_code;
CREATE OR REPLACE TEMP TABLE ct_gapped AS
    SELECT o.unit_code, o.indicator_code FROM observations o
    SEMI JOIN ct_regap t
        ON o.unit_code = t.unit_code AND o.indicator_code = t.indicator_code
    WHERE o.actual IS NOT NULL
    GROUP BY o.unit_code, o.indicator_code
    HAVING count(*) <> max(o.year) - min(o.year) + 1;
INSERT INTO report_gaps
SELECT year, unit_code, indicator_code, prev_year, prev_actual FROM (
    SELECT o.year, o.unit_code, o.indicator_code,
           lag(o.year) OVER w AS prev_year, lag(o.actual) OVER w AS prev_actual
    FROM observations o
    SEMI JOIN ct_gapped t ON o.unit_code = t.unit_code AND o.indicator_code = t.indicator_code
    WHERE o.actual IS NOT NULL
    WINDOW w AS (PARTITION BY o.unit_code, o.indicator_code ORDER BY o.year))
WHERE prev_year IS NOT NULL AND prev_year <> year - 1;
DROP TABLE ct_gapped;
DROP TABLE ct_regap;`, touched)
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("analytics: refresh report gaps: %w", err)
	}
	return nil
}
