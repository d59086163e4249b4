package analytics

import (
	"context"
	"fmt"
	"strings"
)

// Filter narrows the performance rows; zero values select everything.
type Filter struct {
	Year       int
	FromYear   int
	ToYear     int
	Units      []string
	Indicators []string
	Block      string
	// Exact says Units and Indicators are codes as the catalog has them:
	// they are matched as they are, which DuckDB filters in the scan, not
	// whatever their case (which it filters after the view's joins).
	Exact bool
}

// Row is one row of the performance view. Values are unrounded; a nil
// pointer is a NULL (missing, or undefined with its reason beside it).
type Row struct {
	Year                   int      `json:"year"`
	UnitCode               string   `json:"unit_code"`
	UnitNameVI             string   `json:"unit_name_vi"`
	UnitNameEN             string   `json:"unit_name_en"`
	Block                  string   `json:"block"`
	IndicatorCode          string   `json:"indicator_code"`
	IndicatorNameVI        string   `json:"indicator_name_vi"`
	IndicatorNameEN        string   `json:"indicator_name_en"`
	Measure                string   `json:"measure"`
	MeasureEN              string   `json:"measure_en"`
	Direction              string   `json:"direction"`
	Kind                   string   `json:"kind"`
	Category               string   `json:"category"`
	Actual                 *float64 `json:"actual"`
	Plan                   *float64 `json:"plan"`
	Target                 *float64 `json:"target"`
	Numerator              *float64 `json:"numerator"`
	Denominator            *float64 `json:"denominator"`
	PrevActual             *float64 `json:"prev_actual"`
	YoYChange              *float64 `json:"yoy_change"`
	YoYPct                 *float64 `json:"yoy_pct"`
	YoYPP                  *float64 `json:"yoy_pp"`
	AttainmentPct          *float64 `json:"attainment_pct"`
	AttainmentReason       *string  `json:"attainment_reason"`
	AttainmentReasonCode   *string  `json:"attainment_reason_code"`
	TargetAttainmentPct    *float64 `json:"target_attainment_pct"`
	TargetAttainmentReason *string  `json:"target_attainment_reason"`
	// TargetAttainmentReasonCode is the stable code of TargetAttainmentReason.
	TargetAttainmentReasonCode *string  `json:"target_attainment_reason_code"`
	ExceedPct                  *float64 `json:"exceed_pct"`
	StatusBasis                *string  `json:"status_basis"`
	Status                     string   `json:"status"`
	Derived                    *string  `json:"derived"`
	Note                       *string  `json:"note"`
	LoadID                     *int64   `json:"load_id"`
	// Release of the actual: official, preliminary (sơ bộ) or estimate (ước).
	Release string `json:"release"`
	// Source is the cells the figures came from (Biểu 01!F11) or a CSV's
	// line and column; nil when the file said nothing finer than itself.
	Source *string `json:"source"`
}

const performanceColumns = `year, unit_code, coalesce(unit_name_vi, unit_code), coalesce(unit_name_en, unit_name_vi, unit_code),
	coalesce(block, ''), indicator_code, indicator_name_vi, coalesce(indicator_name_en, indicator_name_vi),
	coalesce(measure, ''), coalesce(measure_en, measure, ''), direction, kind, coalesce(category, ''),
	actual, plan, target, numerator, denominator, prev_actual, yoy_change, yoy_pct, yoy_pp,
	attainment_pct, attainment_reason, target_attainment_pct, target_attainment_reason, exceed_pct,
	status_basis, status, derived, note, load_id, coalesce(release, 'official'), source`

// Performance returns the rows of the performance view that match f, ordered
// by year, block, unit and indicator.
func (s *Service) Performance(ctx context.Context, f Filter) ([]Row, error) {
	where, args := f.sql()
	q := "SELECT " + performanceColumns + " FROM performance" + where +
		" ORDER BY year, block, unit_code, indicator_code"
	return s.scanRows(ctx, q, args...)
}

func (f Filter) sql() (string, []any) {
	var conds []string
	var args []any
	if f.Year != 0 {
		conds = append(conds, "year = ?")
		args = append(args, f.Year)
	}
	if f.FromYear != 0 {
		conds = append(conds, "year >= ?")
		args = append(args, f.FromYear)
	}
	if f.ToYear != 0 {
		conds = append(conds, "year <= ?")
		args = append(args, f.ToYear)
	}
	if f.Block != "" {
		conds = append(conds, "block = ?")
		args = append(args, f.Block)
	}
	inList := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		// A code is any text; one typed in another case (viec_lam) still finds it.
		param := "lower(?), "
		if f.Exact {
			param = "?, "
		} else {
			col = "lower(" + col + ")"
		}
		conds = append(conds, col+" IN ("+strings.TrimSuffix(strings.Repeat(param, len(vals)), ", ")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	inList("unit_code", f.Units)
	inList("indicator_code", f.Indicators)
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Years lists the years that have observations, newest first.
func (s *Service) Years(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT year FROM observations ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("analytics: years: %w", err)
	}
	defer rows.Close()
	var ys []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		ys = append(ys, y)
	}
	return ys, rows.Err()
}
