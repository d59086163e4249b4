package ingest

import (
	"context"
	"fmt"
	"strconv"

	"chitieu/data"
)

// estimateOverOfficial refuses an estimate that would replace an official
// figure, naming both; an official figure over an estimate is an ordinary
// revision.
func estimateOverOfficial(ctx context.Context, c *data.Conn, diff string, fr *FileReport) ([]Problem, error) {
	found, err := estimates(ctx, c, "SELECT *, 0 AS sheet FROM "+data.QuoteIdent(diff))
	if err != nil {
		return nil, err
	}
	var probs []Problem
	for _, f := range found {
		f.p.File, f.p.Sheet = fr.File, fr.Sheet
		probs = append(probs, f.p)
	}
	return probs, nil
}

// sheetProblem is a problem of the sheet at a place of a batch.
type sheetProblem struct {
	sheet int
	p     Problem
}

// estimatesOverOfficial is estimateOverOfficial over the diff of a batch of
// report tables, each problem with its sheet's place.
func estimatesOverOfficial(ctx context.Context, c *data.Conn, diff, sheets string) ([]sheetProblem, error) {
	return estimates(ctx, c, fmt.Sprintf("SELECT d.*, m.sheet FROM %s d JOIN %s m USING (year, unit_code, indicator_code)",
		data.QuoteIdent(diff), data.QuoteIdent(sheets)))
}

func estimates(ctx context.Context, c *data.Conn, from string) ([]sheetProblem, error) {
	rows, err := c.QueryContext(ctx, `SELECT sheet, year, unit_code, indicator_code, coalesce(source, ''), coalesce(old_source, ''),
		coalesce(old_load_id, 0), old_actual, actual FROM (`+from+`)
		WHERE action = 'update' AND old_release = 'official' AND release = 'estimate' AND old_actual IS NOT NULL
		ORDER BY sheet, year, unit_code, indicator_code LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("estimates: %w", err)
	}
	defer rows.Close()
	var out []sheetProblem
	for rows.Next() {
		var sheet, year int
		var unit, ind, src, oldSrc string
		var oldLoad int64
		var oldV, newV float64
		if err := rows.Scan(&sheet, &year, &unit, &ind, &src, &oldSrc, &oldLoad, &oldV, &newV); err != nil {
			return nil, err
		}
		args := []string{"value", fmt.Sprint(newV), "cell", src, "old", fmt.Sprint(oldV),
			"indicator", ind, "unit", unit, "year", strconv.Itoa(year)}
		p := coded("ingest.estimate_over_official", append(args, "old_cell", oldSrc)...)
		if oldSrc == "" { // a figure loaded before cells were kept
			p = coded("ingest.estimate_over_official_load", append(args, "load", strconv.FormatInt(oldLoad, 10))...)
		}
		out = append(out, sheetProblem{sheet, p})
	}
	return out, rows.Err()
}
