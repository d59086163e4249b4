package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"chitieu/data"
)

// estimateOverOfficial refuses an estimate that would replace an official
// figure, naming both; an official figure over an estimate is an ordinary
// revision. A file's figure has no cell: its row and column name it.
func estimateOverOfficial(ctx context.Context, c *data.Conn, diff string, st *staged, fr *FileReport) ([]Problem, error) {
	// Only the few rows an estimate replaces an official figure in are
	// looked up in the stage, not every row of the diff.
	found, err := estimates(ctx, c, fmt.Sprintf(`WITH d AS (SELECT * FROM %s WHERE `+estimateOverOfficialCond+`)
		SELECT d.*, 0 AS sheet, s.src_row, s.branch FROM d
		LEFT JOIN (SELECT year, unit_code, indicator_code, min(src_row) AS src_row, arg_min(branch, src_row) AS branch
			FROM %s SEMI JOIN d USING (year, unit_code, indicator_code) WHERE NOT empty GROUP BY ALL) s USING (year, unit_code, indicator_code)`,
		data.QuoteIdent(diff), data.QuoteIdent(st.Table)))
	if err != nil {
		return nil, err
	}
	var probs []Problem
	for _, f := range found {
		f.p.File, f.p.Sheet, f.p.Row = fr.File, fr.Sheet, f.row
		if f.branch >= 0 && f.branch < len(st.Branches) {
			f.p.Column = st.Branches[f.branch].Labels[FieldActual]
		}
		probs = append(probs, f.p)
	}
	return probs, nil
}

// sheetProblem is a problem of the sheet at a place of a batch.
type sheetProblem struct {
	sheet int
	p     Problem
	// The file's row and branch of the figure, 0 and -1 for a report table's.
	row, branch int
}

// estimatesOverOfficial is estimateOverOfficial over the diff of a batch of
// report tables, each problem with its sheet's place.
func estimatesOverOfficial(ctx context.Context, c *data.Conn, diff, sheets string) ([]sheetProblem, error) {
	return estimates(ctx, c, fmt.Sprintf(`SELECT d.*, m.sheet, NULL::BIGINT AS src_row, NULL::INTEGER AS branch
		FROM %s d JOIN %s m USING (year, unit_code, indicator_code)`,
		data.QuoteIdent(diff), data.QuoteIdent(sheets)))
}

// estimateOverOfficialCond holds for a diff's row whose estimate would
// replace an official figure.
const estimateOverOfficialCond = `action = 'update' AND old_release = 'official' AND release = 'estimate' AND old_actual IS NOT NULL`

func estimates(ctx context.Context, c *data.Conn, from string) ([]sheetProblem, error) {
	rows, err := c.QueryContext(ctx, `SELECT sheet, year, unit_code, indicator_code, coalesce(source, ''), coalesce(old_source, ''),
		coalesce(old_load_id, 0), old_actual, actual, coalesce(src_row, 0), coalesce(branch, -1) FROM (`+from+`)
		WHERE `+estimateOverOfficialCond+`
		ORDER BY sheet, year, unit_code, indicator_code LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("estimates: %w", err)
	}
	defer rows.Close()
	var out []sheetProblem
	for rows.Next() {
		var sheet, year, row, branch int
		var unit, ind, src, oldSrc string
		var oldLoad int64
		var oldV, newV float64
		if err := rows.Scan(&sheet, &year, &unit, &ind, &src, &oldSrc, &oldLoad, &oldV, &newV, &row, &branch); err != nil {
			return nil, err
		}
		args := []string{"value", plainNumber(newV), "cell", src, "old", plainNumber(oldV),
			"indicator", ind, "unit", unit, "year", strconv.Itoa(year)}
		key := "ingest.estimate_over_official"
		if src == "" { // a file's figure: the problem's row and column say where
			key += "_row"
		}
		p := coded(key, append(args, "old_cell", oldSrc)...)
		if oldSrc == "" { // a figure loaded before cells were kept
			p = coded(strings.Replace(key, "official", "official_load", 1), append(args, "load", strconv.FormatInt(oldLoad, 10))...)
		}
		out = append(out, sheetProblem{sheet, p, row, branch})
	}
	return out, rows.Err()
}
