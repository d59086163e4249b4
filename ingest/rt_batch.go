package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"chitieu/data"
)

// rtBatch is the report tables of one file, staged, checked, compared with
// the store and written together. Each of those steps costs about as much
// for one small table as for all of them, so a workbook of 23 tables done
// table by table took ten times as long as reading it. One raw relation holds
// every sheet's figures with the sheet's place in parts; each sheet keeps its
// own report, and every problem still names its sheet and row.
type rtBatch struct {
	raw   rawTable
	parts []*fileWork // parts[i] is the sheet whose figures carry "__sheet" i
	st    *staged
	// staged and merged: the steps ran, for the first sheet that asked.
	staged, merged bool
}

// sheetShift puts a figure's sheet above its row in src_row, so the one
// staging's problems and warnings find their sheet again.
const sheetShift = 32

func batchRowExpr() string {
	return `(CAST("__sheet" AS BIGINT) * ` + strconv.FormatInt(1<<sheetShift, 10) + ` + "__row")`
}

// part is the sheet and the row of a staged src_row.
func (b *rtBatch) part(srcRow int) (*fileWork, int) {
	s := srcRow >> sheetShift
	if s < 0 || s >= len(b.parts) {
		return b.parts[0], srcRow
	}
	return b.parts[s], srcRow & (1<<sheetShift - 1)
}

// spread hands the problems of the one staging to their sheets; to is the
// list of a sheet's report they join. Those past the listed are counted on
// the last sheet listed: the list is in sheet order, so they are its or
// later sheets'.
func (b *rtBatch) spread(probs []Problem, more int64, to func(*FileReport) (*[]Problem, *int64)) {
	var last *fileWork
	for _, p := range probs {
		w, row := b.part(p.Row)
		p.Sheet, p.Row = w.report.Sheet, row
		if rows, ok := p.Args["rows"]; ok { // a duplicate names its rows
			var rs []string
			for _, r := range strings.Split(rows, ", ") {
				if n, err := strconv.Atoi(r); err == nil {
					_, n = b.part(n)
					r = strconv.Itoa(n)
				}
				rs = append(rs, r)
			}
			p.Args["rows"] = strings.Join(rs, ", ")
		}
		list, _ := to(w.report)
		*list = append(*list, p)
		last = w
	}
	if more > 0 && last != nil {
		_, n := to(last.report)
		*n += more
	}
}

// drop takes the figures of refused sheets out of the staging, so the one
// comparison and write cover only the sheets that pass.
func (b *rtBatch) drop(ctx context.Context, c *data.Conn, st *staged, sheets []int) error {
	if len(sheets) == 0 {
		return nil
	}
	var in []string
	for _, s := range sheets {
		in = append(in, strconv.Itoa(s))
	}
	_, err := c.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE src_row >> %d IN (%s)`,
		data.QuoteIdent(st.Rows), sheetShift, strings.Join(in, ", ")))
	if err != nil {
		return fmt.Errorf("report tables: %w", err)
	}
	// The series summary the warnings and the hooks read is of the sheets
	// left: a refused sheet's year of a series is no year before for them.
	return summarise(ctx, c, st)
}

// stageBatch stages and validates every sheet of the batch at once.
func (in *Ingester) stageBatch(ctx context.Context, c *data.Conn, b *rtBatch) error {
	if b.staged {
		return nil
	}
	b.staged = true
	lead := b.parts[0]
	st, err := stageObservations(ctx, c, b.raw, reportShape(b.raw), b.raw.Name+"_stage", lead.units)
	if err != nil {
		return err
	}
	lead.phase("stage")
	probs, more, err := validateObservations(ctx, c, st, lead.in.Name)
	if err != nil {
		return err
	}
	lead.phase("validate")
	b.spread(probs, more, func(fr *FileReport) (*[]Problem, *int64) { return &fr.Problems, &fr.MoreProblems })
	for _, w := range b.parts {
		if len(w.report.Problems) > 0 {
			w.report.Refused = w.report.Rows
		}
		w.staged = st
	}
	b.st = st
	return nil
}

// live is the sheets still to merge, by place; without --partial the first
// refused sheet stops the rest, as one file's refusal stops the files after.
func (b *rtBatch) live(opts Options) (live, out []int) {
	stopped := false
	for i, w := range b.parts {
		if stopped || len(w.report.Problems) > 0 {
			out = append(out, i)
			stopped = stopped || !opts.Partial
			continue
		}
		live = append(live, i)
	}
	return live, out
}

// mergeBatch merges every sheet of the batch at once: one staging, one
// validation, one set of warnings, one comparison with the store and one
// write, each sheet with its own record of the load.
func (in *Ingester) mergeBatch(ctx context.Context, c *data.Conn, b *rtBatch, opts Options, started time.Time) error {
	if b.merged {
		return nil
	}
	b.merged = true
	if err := in.stageBatch(ctx, c, b); err != nil {
		return err
	}
	st, lead := b.st, b.parts[0]
	live, out := b.live(opts)
	if len(live) == 0 {
		return nil
	}
	if err := b.drop(ctx, c, st, out); err != nil {
		return err
	}
	// The stage's years and what the store holds of them: the warnings and
	// the diff's plan need both.
	if err := yearBlocks(ctx, c, st); err != nil {
		return err
	}
	warns, more, err := warnObservations(ctx, c, st, lead.in.Name)
	if err != nil {
		return err
	}
	b.spread(warns, more, func(fr *FileReport) (*[]Problem, *int64) { return &fr.Warnings, &fr.MoreWarnings })
	for _, i := range live {
		strictRefusal(b.parts[i].report, opts)
	}
	if live, out = b.live(opts); len(live) == 0 {
		return nil
	}
	if err := b.drop(ctx, c, st, out); err != nil {
		return err
	}
	var all FileReport
	diff, insertOnly, err := diffObservations(ctx, c, st, &all)
	if err != nil {
		return err
	}
	sheets := b.raw.Name + "_sheets"
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT year, unit AS unit_code, indicator AS indicator_code,
		min("__sheet") AS sheet FROM %s GROUP BY ALL`, data.QuoteIdent(sheets), data.QuoteIdent(b.raw.Name))); err != nil {
		return fmt.Errorf("report tables: %w", err)
	}
	if err := b.count(ctx, c, st.Table, diff, sheets); err != nil {
		return err
	}
	lead.phase("diff")
	if !insertOnly {
		probs, err := estimatesOverOfficial(ctx, c, diff, sheets)
		if err != nil {
			return err
		}
		for _, p := range probs {
			w := b.parts[p.sheet]
			p.p.File, p.p.Sheet = w.in.Name, w.report.Sheet
			w.report.Problems = append(w.report.Problems, p.p)
			w.report.Refused = w.report.Rows
		}
		if len(probs) > 0 {
			// Without --partial the load is refused, and the sheets after the
			// refused one are left as if never compared, as file by file.
			live, out = b.live(opts)
			if err := b.dropDiff(ctx, c, diff, sheets, out); err != nil {
				return err
			}
			for _, i := range out {
				if fr := b.parts[i].report; len(fr.Problems) == 0 {
					fr.Inserted, fr.Updated, fr.Unchanged = 0, 0, 0
				}
			}
		}
	}
	if opts.DryRun {
		if err := b.listChanges(ctx, c, diff, sheets); err != nil {
			return err
		}
	}
	loads, write := map[int]int64{}, false
	for _, i := range live {
		fr := b.parts[i].report
		fr.Outcome = "unchanged"
		if fr.Inserted+fr.Updated > 0 {
			fr.Outcome, write = "loaded", true
		}
		if !opts.DryRun {
			if fr.LoadID, err = in.recordLoad(ctx, c, fr, opts, started); err != nil {
				return err
			}
		}
		// A dry run writes too, under load 0 as a file's does, in the
		// transaction it rolls back: revisions need a load.
		loads[i] = fr.LoadID
	}
	if !write {
		return nil
	}
	if err := applyBatch(ctx, c, diff, sheets, insertOnly, st.Changed, loads, in.now()); err != nil {
		return err
	}
	lead.phase("write")
	defer lead.phase("hooks")
	return in.runHooks(ctx, c, diff, st, insertOnly)
}

// count sets each sheet's inserts, updates and unchanged figures. The diff
// keeps only the changes of a reload, so the unchanged are the figures of
// the stage the diff does not hold.
func (b *rtBatch) count(ctx context.Context, c *data.Conn, stage, diff, sheets string) error {
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT m.sheet, count(*) FILTER (WHERE d.action = 'insert'),
		count(*) FILTER (WHERE d.action = 'update'), count(*) FILTER (WHERE d.action IS NULL OR d.action = 'unchanged')
		FROM (SELECT DISTINCT year, unit_code, indicator_code FROM %s WHERE NOT empty) s
		JOIN %s m USING (year, unit_code, indicator_code)
		LEFT JOIN %s d USING (year, unit_code, indicator_code) GROUP BY m.sheet`,
		data.QuoteIdent(stage), data.QuoteIdent(sheets), data.QuoteIdent(diff)))
	if err != nil {
		return fmt.Errorf("diff counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s int
		var ins, upd, same int64
		if err := rows.Scan(&s, &ins, &upd, &same); err != nil {
			return err
		}
		fr := b.parts[s].report
		fr.Inserted, fr.Updated, fr.Unchanged = ins, upd, same
	}
	return rows.Err()
}

// dropDiff takes the figures of sheets refused after the comparison out of
// it, and their counts.
func (b *rtBatch) dropDiff(ctx context.Context, c *data.Conn, diff, sheets string, refused []int) error {
	var in []string
	for _, s := range refused {
		in = append(in, strconv.Itoa(s))
	}
	_, err := c.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s d USING %s m WHERE m.year = d.year AND m.unit_code = d.unit_code
		AND m.indicator_code = d.indicator_code AND m.sheet IN (%s)`, data.QuoteIdent(diff), data.QuoteIdent(sheets), strings.Join(in, ", ")))
	if err != nil {
		return fmt.Errorf("report tables: %w", err)
	}
	return nil
}

// listChanges reads each sheet's inserts and updates for a dry run, the
// first maxChanges of each.
func (b *rtBatch) listChanges(ctx context.Context, c *data.Conn, diff, sheets string) error {
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT sheet, action, year, unit_code, indicator_code,
		old_actual, actual, old_plan, plan, old_target, target FROM (
			SELECT m.sheet, d.*, row_number() OVER (PARTITION BY m.sheet ORDER BY d.year, d.unit_code, d.indicator_code) AS n
			FROM %s d JOIN %s m USING (year, unit_code, indicator_code) WHERE d.action <> 'unchanged')
		WHERE n <= %d ORDER BY sheet, n`, data.QuoteIdent(diff), data.QuoteIdent(sheets), maxChanges))
	if err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s int
		var ch Change
		if err := rows.Scan(&s, &ch.Action, &ch.Year, &ch.Unit, &ch.Indicator, &ch.OldActual, &ch.NewActual,
			&ch.OldPlan, &ch.NewPlan, &ch.OldTarget, &ch.NewTarget); err != nil {
			return err
		}
		fr := b.parts[s].report
		fr.Changes = append(fr.Changes, ch)
	}
	for _, w := range b.parts {
		if fr := w.report; len(fr.Problems) == 0 {
			fr.MoreChanges = fr.Inserted + fr.Updated - int64(len(fr.Changes))
		}
	}
	return rows.Err()
}

// applyBatch writes a batch's diff as applyObservations writes a file's,
// each figure with the load of its sheet.
func applyBatch(ctx context.Context, c *data.Conn, diff, sheets string, insertOnly bool, changed []string, loads map[int]int64, now time.Time) error {
	var when []string
	for s, id := range loads {
		when = append(when, fmt.Sprintf("WHEN %d THEN %d", s, id))
	}
	load := "NULL::BIGINT"
	if len(when) > 0 {
		load = "CASE m.sheet " + strings.Join(when, " ") + " END"
	}
	d := fmt.Sprintf(`(SELECT d.*, %s AS load_id FROM %s d JOIN %s m USING (year, unit_code, indicator_code))`,
		load, data.QuoteIdent(diff), data.QuoteIdent(sheets))
	return writeDiff(ctx, c, d, insertOnly, now, changed)
}

// buildCodeMap is buildNameMap for a relation whose names are codes of the
// catalog already: each maps to itself where the catalog has it, without
// folding every name of the catalog to find it.
func buildCodeMap(ctx context.Context, c *data.Conn, rawName, expr, catalog, table string) error {
	q := fmt.Sprintf(`CREATE TEMP TABLE %[1]s AS
SELECT n.raw, k.code, NULL::VARCHAR AS candidates FROM (SELECT DISTINCT %[2]s AS raw FROM %[3]s) n
LEFT JOIN %[4]s k ON k.code = n.raw WHERE n.raw IS NOT NULL`,
		data.QuoteIdent(table), expr, data.QuoteIdent(rawName), catalog)
	if _, err := c.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("resolve %s: %w", catalog, err)
	}
	return nil
}
