package ingest

import (
	"context"
	"fmt"

	"chitieu/data"
)

// estimateOverOfficial refuses an estimate that would replace an official
// figure, naming both; an official figure over an estimate is an ordinary
// revision.
func estimateOverOfficial(ctx context.Context, c *data.Conn, diff string, fr *FileReport) ([]Problem, error) {
	rows, err := c.QueryContext(ctx, `SELECT year, unit_code, indicator_code, coalesce(source, ''), coalesce(old_source, ''),
		coalesce(old_load_id, 0), old_actual, actual FROM `+data.QuoteIdent(diff)+`
		WHERE action = 'update' AND old_release = 'official' AND release = 'estimate' AND old_actual IS NOT NULL
		ORDER BY year, unit_code, indicator_code LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("estimates: %w", err)
	}
	defer rows.Close()
	var probs []Problem
	for rows.Next() {
		var year int
		var unit, ind, src, oldSrc string
		var oldLoad int64
		var oldV, newV float64
		if err := rows.Scan(&year, &unit, &ind, &src, &oldSrc, &oldLoad, &oldV, &newV); err != nil {
			return nil, err
		}
		if oldSrc == "" {
			oldSrc = fmt.Sprintf("lần nạp %d", oldLoad)
		}
		probs = append(probs, Problem{File: fr.File, Sheet: fr.Sheet, Message: fmt.Sprintf(
			"số ước tính %v (%s) không thay được số chính thức %v (%s) của %s, %s, năm %d", newV, src, oldV, oldSrc, ind, unit, year)})
	}
	return probs, rows.Err()
}
