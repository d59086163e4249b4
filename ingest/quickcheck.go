package ingest

import (
	"context"
	"fmt"

	"chitieu/data"
)

// quickSeries is the per-series summary of the rows a quick load wrote.
const quickSeries = "ct_quick_series"

// notQuick is errNotQuick with the reason, for the debug log.
func notQuick(reason string) error { return fmt.Errorf("%w: %s", errNotQuick, reason) }

// quickCheck checks the rows load id wrote as the full path would check the
// file, and what the quick path assumed of it: the years lie in 1900–2100
// and come in blocks (so each year's rows sit together, as the full path's
// sorted insert leaves them), every row has a figure and every figure is
// finite, no observation is given twice, the store held none of them before,
// every unit and indicator is a code the full path would read as itself,
// and, for a data officer, only their units. errNotQuick when one fails.
func quickCheck(ctx context.Context, c *data.Conn, id int64, units []string) error {
	rows, err := c.QueryContext(ctx, `SELECT year, count(*), max(rowid) - min(rowid) + 1,
		count(*) FILTER (WHERE actual IS NULL AND plan IS NULL AND target IS NULL),
		count(*) FILTER (WHERE NOT isfinite(actual) OR NOT isfinite(plan) OR NOT isfinite(target))
		FROM observations WHERE load_id = ? GROUP BY year ORDER BY year`, id)
	if err != nil {
		return fmt.Errorf("ingest: quick check: %w", err)
	}
	var lo, hi int
	var empty, infinite int64
	blocks, seen := true, false
	for rows.Next() {
		var y int
		var n, span, e, inf int64
		if err := rows.Scan(&y, &n, &span, &e, &inf); err != nil {
			rows.Close()
			return err
		}
		if !seen {
			lo, seen = y, true
		}
		hi = y
		blocks = blocks && n == span
		empty += e
		infinite += inf
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	switch {
	case !seen:
		return notQuick("no rows")
	case lo < 1900 || hi > 2100:
		return notQuick("a year outside 1900–2100")
	case empty > 0:
		return notQuick("a row with no figure, which the full path leaves out")
	case infinite > 0:
		return notQuick("a number that is not finite")
	case !blocks:
		return notQuick("the years do not come in blocks")
	case hi-lo > 63:
		return notQuick("years more than 63 apart do not fit the bitmap of a series' years")
	}
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE %s AS
		SELECT unit_code, indicator_code, count(*) AS n, bit_or(1::UBIGINT << (year - %d)) AS years,
		       count(actual) AS n_actual, min(year) FILTER (WHERE actual IS NOT NULL) AS first_actual,
		       max(year) FILTER (WHERE actual IS NOT NULL) AS last_actual
		FROM observations WHERE load_id = %d GROUP BY unit_code, indicator_code`, quickSeries, lo, id)); err != nil {
		return fmt.Errorf("ingest: quick check: %w", err)
	}
	allowed := "false"
	if len(units) > 0 {
		allowed = "n.raw NOT IN (" + sqlList(units) + ")"
	}
	var twice, odd int64
	err = c.QueryRowContext(ctx, fmt.Sprintf(`SELECT
		(SELECT count(*) FROM %[1]s WHERE n <> bit_count(years)),
		(SELECT count(*) FROM (SELECT DISTINCT unit_code AS raw FROM %[1]s) n LEFT JOIN (%[2]s) k ON k.k = ct_fold(n.raw)
		  WHERE k.code IS DISTINCT FROM n.raw OR %[4]s)
		+ (SELECT count(*) FROM (SELECT DISTINCT indicator_code AS raw FROM %[1]s) n LEFT JOIN (%[3]s) k ON k.k = ct_fold(n.raw)
		  WHERE k.code IS DISTINCT FROM n.raw)`,
		quickSeries, nameKeys("units"), nameKeys("indicators"), allowed)).Scan(&twice, &odd)
	if err != nil {
		return fmt.Errorf("ingest: quick check: %w", err)
	}
	if twice > 0 {
		return notQuick("an observation is given more than once")
	}
	if odd > 0 {
		return notQuick("a unit or indicator is not a code read as itself, or not the loading user's")
	}
	return quickFresh(ctx, c, id, lo, hi)
}

// quickFresh: the store held none of the observations load id wrote, which
// the full path would update rather than insert. Rows of other units or
// indicators in the same years are no matter; none at all in those years,
// the usual case of a first load, costs one count.
func quickFresh(ctx context.Context, c *data.Conn, id int64, lo, hi int) error {
	var others int64
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM observations WHERE year BETWEEN ? AND ? AND load_id IS DISTINCT FROM ?`,
		lo, hi, id).Scan(&others); err != nil {
		return fmt.Errorf("ingest: quick check: %w", err)
	}
	if others == 0 {
		return nil
	}
	var same int64
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM observations o
		JOIN %s s ON s.unit_code = o.unit_code AND s.indicator_code = o.indicator_code
		WHERE o.year BETWEEN %d AND %d AND o.load_id IS DISTINCT FROM %d AND (s.years >> (o.year - %d)) & 1 = 1`,
		quickSeries, lo, hi, id, lo)).Scan(&same)
	if err != nil {
		return fmt.Errorf("ingest: quick check: %w", err)
	}
	if same > 0 {
		return notQuick("the store holds some of the observations: an update")
	}
	return nil
}

// quickHooks runs the merge hooks on the series a quick load wrote. A series
// whose actual figures come in a row and that the store held nothing of
// before cannot skip a year, so it is not marked may_gap.
func (in *Ingester) quickHooks(ctx context.Context, c *data.Conn, id int64) error {
	if len(in.hooks) == 0 {
		return nil
	}
	var others int64
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM observations WHERE load_id IS DISTINCT FROM ?`, id).Scan(&others); err != nil {
		return fmt.Errorf("ingest: touched series: %w", err)
	}
	before := "false"
	if others > 0 {
		before = fmt.Sprintf(`EXISTS (SELECT 1 FROM observations o WHERE o.unit_code = s.unit_code
			AND o.indicator_code = s.indicator_code AND o.load_id IS DISTINCT FROM %d)`, id)
	}
	touched := "ct_quick_touched"
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE %s AS
		SELECT unit_code, indicator_code, (n_actual > 0 AND n_actual <> last_actual - first_actual + 1) OR %s AS may_gap
		FROM %s s`, touched, before, quickSeries)); err != nil {
		return fmt.Errorf("ingest: touched series: %w", err)
	}
	for _, h := range in.hooks {
		if err := h(ctx, c, touched); err != nil {
			return err
		}
	}
	return nil
}
