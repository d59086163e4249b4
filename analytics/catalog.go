package analytics

import (
	"context"
	"fmt"
	"strings"

	"chitieu/data"
)

// CheckCodes returns ErrNotFound naming the first unit or indicator code that
// the catalog does not hold.
func (s *Service) CheckCodes(ctx context.Context, units, indicators []string) error {
	for _, c := range []struct {
		table, what string
		codes       []string
	}{{"units", "unit", units}, {"indicators", "indicator", indicators}} {
		if len(c.codes) == 0 {
			continue
		}
		args := make([]any, len(c.codes))
		for i, v := range c.codes {
			args[i] = v
		}
		q := fmt.Sprintf(`SELECT v FROM (VALUES %s) t(v) WHERE v NOT IN (SELECT code FROM %s) LIMIT 1`,
			strings.TrimSuffix(strings.Repeat("(?), ", len(c.codes)), ", "), c.table)
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("analytics: check codes: %w", err)
		}
		var missing string
		if rows.Next() {
			rows.Scan(&missing)
		}
		rows.Close()
		if missing != "" {
			return data.E("analytics", data.ErrNotFound, "unknown %s %q", c.what, missing)
		}
	}
	return nil
}

// PeriodExists reports ErrNotFound for a plan period the table lacks.
func (s *Service) PeriodExists(ctx context.Context, period string) error {
	rows, err := s.db.QueryContext(ctx, `SELECT 1 FROM plan_periods WHERE code = ?`, period)
	if err != nil {
		return fmt.Errorf("analytics: plan period: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return data.E("analytics", data.ErrNotFound, "unknown plan period %q (periods look like 2021-2025)", period)
	}
	return nil
}
