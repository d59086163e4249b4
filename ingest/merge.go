package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"chitieu/data"
)

// maxChanges caps the changes a dry run lists.
const maxChanges = 500

// diffObservations compares a valid staged file with the store: each
// observation is an insert, an update or unchanged. An empty cell leaves the
// stored value alone. It fills the counts of fr.
func diffObservations(ctx context.Context, c *data.Conn, st *staged, fr *FileReport) (diffTable string, insertOnly bool, err error) {
	diff := st.Table + "_diff"
	hasDerived := st.Shape.has(FieldDerived)
	// Without a derived column, fields the file gives are published figures:
	// they drop out of the stored list of derived fields.
	newDerived := `CASE WHEN o.derived IS NULL THEN NULL ELSE nullif(array_to_string(list_filter(string_split(o.derived, ','),
		x -> NOT ((x = 'actual' AND s.actual IS NOT NULL) OR (x = 'plan' AND s.plan IS NOT NULL)
		          OR (x = 'target' AND s.target IS NOT NULL))), ','), '') END`
	if hasDerived {
		newDerived = `CASE WHEN s.derived_raw IS NULL THEN NULL ELSE lower(replace(s.derived_raw, ' ', '')) END`
	}
	// The file's own duplicates (identical, or validation would have
	// refused them) collapse to one row; most files have none to collapse.
	src := `SELECT year, unit_code, indicator_code, actual, plan, target, numerator, denominator, derived_raw, note, release, source FROM ` +
		data.QuoteIdent(st.Table) + ` WHERE NOT empty`
	if st.Duplicates {
		src = `SELECT DISTINCT ON (year, unit_code, indicator_code) year, unit_code, indicator_code,
			actual, plan, target, numerator, denominator, derived_raw, note, release, source FROM ` + data.QuoteIdent(st.Table) + ` WHERE NOT empty`
	}
	// When the store holds nothing for the file's years, every row is new:
	// the diff is a view with no join to observations, read once by the insert.
	// Else only the changes are kept, and the store is read in the file's
	// years only, which its zone maps find.
	insertOnly = st.Overlap == 0
	kind, join, changes := "TABLE", fmt.Sprintf(`LEFT JOIN (SELECT * FROM observations WHERE year BETWEEN %d AND %d) o
           ON o.year = s.year AND o.unit_code = s.unit_code AND o.indicator_code = s.indicator_code`, st.FirstYear, st.LastYear),
		"WHERE NOT existed OR "+anyChanged()
	mask := changedMask()
	if insertOnly {
		kind, join, changes, mask = "VIEW", `LEFT JOIN (SELECT * FROM observations LIMIT 0) o ON true`, "", "0"
	}
	// A rate's actual is worked out from a count over a total only when the
	// file gives counts; else the indicators are not joined.
	rate, indicators := "NULL", ""
	if st.countsOverTotals() {
		rate = `CASE WHEN i.kind = 'rate' AND s.denominator > 0
		             THEN s.numerator / s.denominator * CASE WHEN i.measure = '‰' THEN 1000 ELSE 100 END END`
		indicators = "JOIN indicators i ON i.code = s.indicator_code"
	}
	q := fmt.Sprintf(`CREATE TEMP %[4]s %[1]s AS
WITH s AS (%[2]s), n AS (
    SELECT s.year, s.unit_code, s.indicator_code,
           coalesce(s.actual, %[7]s, o.actual) AS actual,
           coalesce(s.plan, o.plan) AS plan, coalesce(s.target, o.target) AS target,
           coalesce(s.numerator, o.numerator) AS numerator, coalesce(s.denominator, o.denominator) AS denominator,
           %[3]s AS derived,
           coalesce(s.note, o.note) AS note,
           CASE WHEN s.actual IS NOT NULL THEN coalesce(s.release, 'official') ELSE coalesce(o.release, s.release, 'official') END AS release,
           -- A file that sets figures without saying their cells leaves no
           -- cell behind that it did not give.
           CASE WHEN s.source IS NOT NULL THEN s.source
                WHEN coalesce(s.actual, s.plan, s.target) IS NOT NULL THEN NULL ELSE o.source END AS source,
           o.release AS old_release, o.source AS old_source,
           o.year IS NOT NULL AS existed,
           o.actual AS old_actual, o.plan AS old_plan, o.target AS old_target,
           o.numerator AS old_numerator, o.denominator AS old_denominator,
           o.derived AS old_derived, o.note AS old_note, o.load_id AS old_load_id
    FROM s
    %[8]s
    %[5]s
)
SELECT * EXCLUDE (existed, old_numerator, old_denominator, old_derived, old_note),
       CASE WHEN NOT existed THEN 'insert' WHEN changed <> 0 THEN 'update' ELSE 'unchanged' END AS action
FROM (SELECT *, %[9]s AS changed FROM n) %[6]s`, data.QuoteIdent(diff), src, newDerived, kind, join, changes, rate, indicators, mask)
	if _, err := c.ExecContext(ctx, q); err != nil {
		return "", false, fmt.Errorf("diff: %w", err)
	}
	// The distinct observations of the stage.
	distinct := st.Live
	if st.Duplicates {
		if err := c.QueryRowContext(ctx, "SELECT count(*) FROM ("+src+")").Scan(&distinct); err != nil {
			return "", false, fmt.Errorf("diff counts: %w", err)
		}
	}
	if insertOnly {
		fr.Inserted = distinct
		return diff, true, nil
	}
	defer func() { fr.Unchanged = distinct - fr.Inserted - fr.Updated }()
	rows, err := c.QueryContext(ctx, "SELECT action, count(*), bit_or(changed) FROM "+data.QuoteIdent(diff)+" GROUP BY action")
	if err != nil {
		return "", false, fmt.Errorf("diff counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var n, mask int64
		if err := rows.Scan(&a, &n, &mask); err != nil {
			return "", false, err
		}
		switch a {
		case "insert":
			fr.Inserted = n
		case "update":
			fr.Updated = n
			st.Changed = changedFields(mask)
		}
	}
	return diff, false, rows.Err()
}

// yearBlocks reads the years of a valid stage in one aggregate: their
// range, how many rows there are, and whether each year's rows lie together
// in the stage, as a file written year by year has them; such a stage is
// inserted as it is, its zone maps as good as sorted ones. Then what the
// store holds of those years, and of the year before them.
func yearBlocks(ctx context.Context, c *data.Conn, st *staged) error {
	var lo, hi sql.NullInt64
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT min(year), max(year), coalesce(sum(n), 0), coalesce(bool_and(n = span), true) FROM (
		SELECT year, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM %s WHERE NOT empty GROUP BY year)`,
		data.QuoteIdent(st.Rows))).Scan(&lo, &hi, &st.Live, &st.InBlocks)
	if err != nil {
		return fmt.Errorf("diff: years: %w", err)
	}
	st.FirstYear, st.LastYear = lo.Int64, hi.Int64
	var before int64
	err = c.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE year >= ?), count(*) FILTER (WHERE year < ?), EXISTS (SELECT 1 FROM observations)
		FROM observations WHERE year BETWEEN ? - 1 AND ?`, lo, lo, lo, hi).Scan(&st.Overlap, &before, &st.Stored)
	if err != nil {
		return fmt.Errorf("diff: overlap: %w", err)
	}
	st.StoredBefore = st.Overlap+before > 0
	return nil
}

// listChanges reads the inserts and updates of a diff for a dry run.
func listChanges(ctx context.Context, c *data.Conn, diff string, fr *FileReport) error {
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT action, year, unit_code, indicator_code,
		old_actual, actual, old_plan, plan, old_target, target
		FROM %s WHERE action <> 'unchanged' ORDER BY year, unit_code, indicator_code LIMIT %d`,
		data.QuoteIdent(diff), maxChanges))
	if err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch Change
		if err := rows.Scan(&ch.Action, &ch.Year, &ch.Unit, &ch.Indicator, &ch.OldActual, &ch.NewActual,
			&ch.OldPlan, &ch.NewPlan, &ch.OldTarget, &ch.NewTarget); err != nil {
			return err
		}
		fr.Changes = append(fr.Changes, ch)
	}
	fr.MoreChanges = fr.Inserted + fr.Updated - int64(len(fr.Changes))
	return rows.Err()
}

// applyObservations writes a diff to the store: the old values of every
// changed observation to revisions, then the updates and the inserts.
// Inserts go in (year, indicator, unit) order, the order dashboards filter in.
func applyObservations(ctx context.Context, c *data.Conn, st *staged, diff string, loadID int64, now time.Time) error {
	return writeDiff(ctx, c, fmt.Sprintf("(SELECT *, %d::BIGINT AS load_id FROM %s)", loadID, data.QuoteIdent(diff)), false, now, st.Changed)
}

// updatable are the fields of an observation a load may change, in the
// order of their bits in a diff's changed mask.
var updatable = []string{"actual", "plan", "target", "numerator", "denominator", "derived", "note", "release", "source"}

// fieldChanges is the SQL of whether each updatable field of a diff row
// changes, in updatable's order.
func fieldChanges() []string {
	cs := make([]string, len(updatable))
	for i, f := range updatable {
		cs[i] = fmt.Sprintf("%s IS DISTINCT FROM old_%s", f, f)
	}
	return cs
}

// changedMask is the SQL of a diff row's changed fields, a bit each.
func changedMask() string {
	var bits []string
	for i, c := range fieldChanges() {
		bits = append(bits, fmt.Sprintf("((%s)::INTEGER << %d)", c, i))
	}
	return strings.Join(bits, " | ")
}

// anyChanged is the SQL of whether a diff row changes some field: the
// filter of a reload's diff, cheaper than the mask for the rows it drops,
// most of them in a reload that changes little.
func anyChanged() string {
	return "(" + strings.Join(fieldChanges(), " OR ") + ")"
}

// changedFields lists the fields a mask of changedMask sets.
func changedFields(mask int64) []string {
	var fs []string
	for i, f := range updatable {
		if mask&(1<<i) != 0 {
			fs = append(fs, f)
		}
	}
	return fs
}

// writeDiff applies a diff whose rows carry the load that writes them:
// revisions kept of what updates replace, then the updates and the inserts
// (only the inserts when the store held nothing in its years). The
// updates set only the fields changed, those some update changes: DuckDB
// writes each column set, even to the value it had, and a reload most
// often changes a field or two.
func writeDiff(ctx context.Context, c *data.Conn, d string, insertOnly bool, now time.Time, changed []string) error {
	set := []string{"load_id = d.load_id"}
	for _, f := range changed {
		set = append(set, f+" = d."+f)
	}
	stmts := []string{
		`INSERT INTO revisions (load_id, year, unit_code, indicator_code, old_actual, old_plan, old_target,
			new_actual, new_plan, new_target, old_load_id, changed_at, old_release, new_release, old_source, new_source)
		 SELECT load_id, year, unit_code, indicator_code, old_actual, old_plan, old_target,
			actual, plan, target, old_load_id, $1, old_release, release, old_source, source FROM ` + d + ` WHERE action = 'update'`,
		`UPDATE observations o SET ` + strings.Join(set, ", ") + `, updated_at = $1
		 FROM ` + d + ` d WHERE d.action = 'update'
		   AND o.year = d.year AND o.unit_code = d.unit_code AND o.indicator_code = d.indicator_code`,
		`INSERT INTO observations (year, unit_code, indicator_code, actual, plan, target, numerator, denominator,
			derived, note, release, source, load_id, updated_at)
		 SELECT year, unit_code, indicator_code, actual, plan, target, numerator, denominator, derived, note, release, source, load_id, $1
		 FROM ` + d + ` WHERE action = 'insert' ORDER BY year, indicator_code, unit_code`,
	}
	if insertOnly {
		stmts = stmts[2:] // nothing to revise or update
	}
	for _, q := range stmts {
		if _, err := c.ExecContext(ctx, q, now); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
	}
	return nil
}

// insertFresh writes a stage whose observations are all new to the store
// (diffObservations found none of its years there) straight from the stage,
// with what the diff would give for a row the store did not hold: no join
// to observations, none to indicators unless a rate comes from a count over
// a total. The rows go in (year, indicator, unit) order, the order
// dashboards filter in, unless each year's rows lie together already.
func insertFresh(ctx context.Context, c *data.Conn, st *staged, loadID int64, now time.Time) error {
	actual, join := "s.actual", ""
	if st.countsOverTotals() {
		actual = `coalesce(s.actual, CASE WHEN i.kind = 'rate' AND s.denominator > 0
			THEN s.numerator / s.denominator * CASE WHEN i.measure = '‰' THEN 1000 ELSE 100 END END)`
		join = "JOIN indicators i ON i.code = s.indicator_code"
	}
	derived := "NULL"
	if st.Shape.has(FieldDerived) {
		derived = "CASE WHEN s.derived_raw IS NULL THEN NULL ELSE lower(replace(s.derived_raw, ' ', '')) END"
	}
	// The stage's rows are read from its table, the fields the file does
	// not have written as NULL: a sort then carries only what the file gave.
	src, field := data.QuoteIdent(st.Rows)+" s", func(f Field, col string) string {
		if st.Shape.has(f) {
			return "s." + col
		}
		return "NULL"
	}
	switch {
	case st.Duplicates:
		src = `(SELECT DISTINCT ON (year, unit_code, indicator_code) * FROM ` + data.QuoteIdent(st.Table) + ` WHERE NOT empty) s`
	case st.countsOverTotals():
		src = data.QuoteIdent(st.Table) + " s" // a rate worked out needs both, given or NULL
	}
	order := ""
	if !st.InBlocks || st.Duplicates {
		order = "ORDER BY s.year, s.indicator_code, s.unit_code"
	}
	release := "'official'"
	if st.Shape.has(FieldRelease) {
		release = "coalesce(s.release, 'official')"
	}
	q := fmt.Sprintf(`INSERT INTO observations (year, unit_code, indicator_code, actual, plan, target, numerator, denominator,
			derived, note, release, source, load_id, updated_at)
		SELECT s.year, s.unit_code, s.indicator_code, %s, s.plan, s.target, %s, %s,
			%s, %s, %s, %s, $1, $2
		FROM %s %s WHERE NOT s.empty %s`, actual, field(FieldNumerator, "numerator"), field(FieldDenominator, "denominator"),
		derived, field(FieldNote, "note"), release, field(FieldSource, "source"), src, join, order)
	if _, err := c.ExecContext(ctx, q, loadID, now); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// countsOverTotals says the file gives counts over totals, from which a
// rate's actual is worked out.
func (st *staged) countsOverTotals() bool {
	return st.Shape.has(FieldNumerator) || st.Shape.has(FieldDenominator)
}
