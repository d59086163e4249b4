package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"chitieu/data"
)

// Plausibility warnings: figures that load but look wrong, each with a
// stable code, found in SQL over the whole staged file at once. They never
// stop a load; Options.Strict makes them refusals. Codes so far:
//   - scale_jump: an actual about 1000× or ÷1000 the same series' actual of
//     the year before, in the file or the store: a slipped thousands separator;
//   - rate_over_100: a value above 100 of an indicator measured in %;
//   - negative_count: a negative value of a count;
//   - ambiguous_locale: decided in evidence.go;
//   - reconcile_mismatch, legacy_encoding, legacy_font: a report table's,
//     found by the interpreter (ingest/rtable) and carried into the file's
//     warnings by tableWarnings.
//
// A rule is one SELECT over the stage s (joined with its indicator i) giving
// src_row, branch, field and a message as sqlMsg builds it; other rules
// (reconcile_mismatch…) join the list the same way.

// warningRules are the SELECTs of the rules over st, the file's staged
// observations. The year before is looked up in the file, else in the store;
// in the store only when it holds something of that year (yearBlocks), in
// the file without grouping when it gives no observation twice. The rules of
// measures and kinds are only run when one scan finds a row they may list.
func warningRules(ctx context.Context, c *data.Conn, st *staged) ([]string, error) {
	t, ser := data.QuoteIdent(st.Table), data.QuoteIdent(st.Series)
	jump := func(a, b string) string {
		return fmt.Sprintf("(abs(%s) BETWEEN 500 * abs(%s) AND 2000 * abs(%s))", a, b, b)
	}
	fileRows := fmt.Sprintf(`(SELECT year, unit_code, indicator_code, any_value(actual) AS actual FROM %s
		WHERE NOT empty AND actual IS NOT NULL GROUP BY ALL)`, t)
	if !st.Duplicates {
		fileRows = fmt.Sprintf(`(SELECT year, unit_code, indicator_code, actual FROM %s WHERE NOT empty AND actual IS NOT NULL)`, t)
	}
	const keys = "f.unit_code = s.unit_code AND f.indicator_code = s.indicator_code"
	// rule is the scale_jump SELECT over rows s, each with its prev.
	rule := func(from string) string {
		return fmt.Sprintf(`SELECT s.src_row, s.branch, 'actual' AS field, %[1]s AS message
		FROM (%[2]s) s WHERE prev IS NOT NULL AND prev <> 0 AND (%[3]s OR %[4]s)`,
			sqlMsg("scale_jump", "value", numText("s.actual"), "prev", numText("s.prev"), "prev_year", "s.year - 1",
				"ratio", "CASE WHEN abs(s.actual) > abs(s.prev) THEN '1000' ELSE '1/1000' END"),
			from, jump("s.actual", "s.prev"), jump("s.prev", "s.actual"))
	}
	const live = "NOT s.empty AND s.actual IS NOT NULL AND s.actual <> 0"
	var rules []string
	// Within the file, only a series whose actuals span a factor of 500 can
	// jump: the usual file has none, and is not joined with itself.
	var suspects, gaps bool
	var firstLo, firstHi sql.NullInt64 // the first years with an actual
	if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %[1]s WHERE most_actual >= 500 * least_actual),
		EXISTS (SELECT 1 FROM %[1]s WHERE n_actual > 0 AND n_actual <> last_actual - first_actual + 1),
		(SELECT min(first_actual) FROM %[1]s), (SELECT max(first_actual) FROM %[1]s)`, ser)).Scan(&suspects, &gaps, &firstLo, &firstHi); err != nil {
		return nil, err
	}
	if suspects {
		rules = append(rules, rule(fmt.Sprintf(`SELECT s.*, f.actual AS prev FROM %[1]s s
			JOIN %[2]s f ON f.year = s.year - 1 AND %[3]s
			SEMI JOIN (SELECT unit_code, indicator_code FROM %[4]s WHERE most_actual >= 500 * least_actual) j
			     ON j.unit_code = s.unit_code AND j.indicator_code = s.indicator_code
			WHERE %[5]s`, t, fileRows, keys, ser, live)))
	}
	// Against the store, only the rows with no actual of the year before in
	// the file: in a series whose years with an actual follow each other,
	// its first; in any other, those the file has no year before for.
	if st.StoredBefore {
		store := fmt.Sprintf(`JOIN (SELECT year, unit_code, indicator_code, actual FROM observations
			WHERE year BETWEEN %d AND %d AND actual IS NOT NULL) o
			ON o.year = s.year - 1 AND o.unit_code = s.unit_code AND o.indicator_code = s.indicator_code`, st.FirstYear-1, st.LastYear-1)
		if !st.Duplicates && firstLo.Valid {
			// A series' first actual is in its summary: it meets the store
			// there, and only a series that jumps is looked for in the
			// stage, for its row.
			rules = append(rules, rule(fmt.Sprintf(`SELECT s.*, j.prev FROM %[1]s s
				JOIN (SELECT f.unit_code, f.indicator_code, f.first_actual AS year, o.actual AS prev FROM %[2]s f
				      JOIN (SELECT year, unit_code, indicator_code, actual FROM observations
				            WHERE year BETWEEN %[6]d AND %[7]d AND actual IS NOT NULL AND actual <> 0) o
				        ON o.year = f.first_actual - 1 AND o.unit_code = f.unit_code AND o.indicator_code = f.indicator_code
				      WHERE f.n_actual = f.last_actual - f.first_actual + 1 AND f.first_value <> 0
				        AND (%[4]s OR %[5]s)) j
				  ON j.year = s.year AND j.unit_code = s.unit_code AND j.indicator_code = s.indicator_code
				WHERE %[3]s`, t, ser, live, jump("f.first_value", "o.actual"), jump("o.actual", "f.first_value"),
				firstLo.Int64-1, firstHi.Int64-1)))
		}
		if gaps || st.Duplicates {
			only := fmt.Sprintf(`SEMI JOIN (SELECT unit_code, indicator_code FROM %s WHERE n_actual <> last_actual - first_actual + 1) j
			     ON j.unit_code = s.unit_code AND j.indicator_code = s.indicator_code`, ser)
			if st.Duplicates {
				only = ""
			}
			rules = append(rules, rule(fmt.Sprintf(`SELECT s.*, o.actual AS prev FROM %[1]s s
				%[2]s
				ANTI JOIN %[3]s f ON f.year = s.year - 1 AND %[4]s
				%[5]s
				WHERE %[6]s`, t, only, fileRows, keys, store, live)))
		}
	}
	more, err := others(ctx, c, st)
	return append(rules, more...), err
}

// others are the rules of measures and kinds, when one scan finds a row
// they may list.
func others(ctx context.Context, c *data.Conn, st *staged) ([]string, error) {
	t := data.QuoteIdent(st.Table)
	var rules []string
	var some bool
	// The series table has each series' greatest and least value: one row
	// a series to look at, not one an observation.
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s s JOIN indicators i ON i.code = s.indicator_code
		WHERE (contains(i.measure, '%%') AND s.most_value > 100) OR (i.kind = 'count' AND s.least_value < 0))`,
		data.QuoteIdent(st.Series))).Scan(&some)
	if err != nil || !some {
		return rules, err
	}
	for _, f := range []Field{FieldActual, FieldPlan, FieldTarget} {
		rules = append(rules,
			fmt.Sprintf(`SELECT s.src_row, s.branch, '%[1]s' AS field, %[3]s AS message FROM %[2]s s JOIN indicators i ON i.code = s.indicator_code
				WHERE NOT s.empty AND contains(i.measure, '%%') AND s.%[1]s > 100`, f, t, sqlMsg("rate_over_100", "value", numText("s."+string(f)))),
			fmt.Sprintf(`SELECT s.src_row, s.branch, '%[1]s' AS field, %[3]s AS message FROM %[2]s s JOIN indicators i ON i.code = s.indicator_code
				WHERE NOT s.empty AND i.kind = 'count' AND s.%[1]s < 0`, f, t, sqlMsg("negative_count", "value", numText("s."+string(f)))))
	}
	return rules, nil
}

// numText is SQL of a number as short text: 15500, not 15500.0.
func numText(x string) string {
	return "regexp_replace(CAST(" + x + " AS VARCHAR), '\\.0$', '')"
}

// warnObservations lists the warnings of a staged file, the first
// maxListed of them, and counts the rest.
func warnObservations(ctx context.Context, c *data.Conn, st *staged, file string) ([]Problem, int64, error) {
	wt := data.QuoteIdent(st.Table + "_warnings")
	rules, err := warningRules(ctx, c, st)
	if err != nil {
		return nil, 0, fmt.Errorf("ingest: warnings: %w", err)
	}
	if len(rules) == 0 {
		return nil, 0, nil
	}
	q := "CREATE TEMP TABLE " + wt + " AS " + strings.Join(rules, "\nUNION ALL\n")
	if _, err := c.ExecContext(ctx, q); err != nil {
		return nil, 0, fmt.Errorf("ingest: warnings: %w", err)
	}
	var n int64
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM "+wt).Scan(&n); err != nil {
		return nil, 0, err
	}
	if n == 0 {
		return nil, 0, nil
	}
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT src_row, branch, field, message FROM %s
		ORDER BY src_row, branch, field LIMIT %d`, wt, maxListed))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Problem
	for rows.Next() {
		var row, br int
		var field, m string
		if err := rows.Scan(&row, &br, &field, &m); err != nil {
			return nil, 0, err
		}
		p := Problem{File: file, Sheet: st.Raw.Sheet, Row: row}
		parseMsg(&p, m)
		if br < len(st.Branches) {
			p.Column = st.Branches[br].Labels[Field(field)]
		}
		out = append(out, p)
	}
	return out, n - int64(len(out)), rows.Err()
}
