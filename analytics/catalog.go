package analytics

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/msg"
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
			code := "analytics.unknown_unit"
			if c.what == "indicator" {
				code = "analytics.unknown_indicator"
			}
			return msg.E(data.ErrNotFound, code, "code", strconv.Quote(missing))
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
		return msg.E(data.ErrNotFound, "analytics.unknown_period", "period", strconv.Quote(period))
	}
	return nil
}

// UnitInfo is a unit of the catalog.
type UnitInfo struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Block  string `json:"block"`
}

// Unit returns a unit of the catalog, or ErrNotFound.
func (s *Service) Unit(ctx context.Context, code string) (UnitInfo, error) {
	var u UnitInfo
	rows, err := s.db.QueryContext(ctx, `SELECT code, name_vi, coalesce(name_en, name_vi), coalesce(block, '') FROM units WHERE code = ?`, code)
	if err != nil {
		return u, fmt.Errorf("analytics: unit: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return u, msg.E(data.ErrNotFound, "analytics.unknown_unit", "code", strconv.Quote(code))
	}
	return u, rows.Scan(&u.Code, &u.NameVI, &u.NameEN, &u.Block)
}

// IndicatorInfo is an indicator of the catalog.
type IndicatorInfo struct {
	Code      string  `json:"code"`
	NameVI    string  `json:"name_vi"`
	NameEN    string  `json:"name_en"`
	Measure   string  `json:"measure"`
	MeasureEN string  `json:"measure_en"`
	Direction string  `json:"direction"`
	Kind      string  `json:"kind"`
	Category  string  `json:"category"`
	Weight    float64 `json:"weight"`
}

// Indicator returns an indicator of the catalog, or ErrNotFound.
func (s *Service) Indicator(ctx context.Context, code string) (IndicatorInfo, error) {
	var i IndicatorInfo
	rows, err := s.db.QueryContext(ctx, `SELECT code, name_vi, coalesce(name_en, name_vi), coalesce(measure, ''),
		coalesce(measure_en, measure, ''), direction, kind, coalesce(category, ''), coalesce(weight, 1) FROM indicators WHERE code = ?`, code)
	if err != nil {
		return i, fmt.Errorf("analytics: indicator: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return i, msg.E(data.ErrNotFound, "analytics.unknown_indicator", "code", strconv.Quote(code))
	}
	return i, rows.Scan(&i.Code, &i.NameVI, &i.NameEN, &i.Measure, &i.MeasureEN, &i.Direction, &i.Kind, &i.Category, &i.Weight)
}

// Catalog lists every unit and indicator, for pickers.
func (s *Service) Catalog(ctx context.Context) ([]UnitInfo, []IndicatorInfo, error) {
	var units []UnitInfo
	var inds []IndicatorInfo
	rows, err := s.db.QueryContext(ctx, `SELECT code, name_vi, coalesce(name_en, name_vi), coalesce(block, '') FROM units ORDER BY block, coalesce(sort_order, 0), code`)
	if err != nil {
		return nil, nil, fmt.Errorf("analytics: catalog: %w", err)
	}
	for rows.Next() {
		var u UnitInfo
		if err := rows.Scan(&u.Code, &u.NameVI, &u.NameEN, &u.Block); err != nil {
			rows.Close()
			return nil, nil, err
		}
		units = append(units, u)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT code, name_vi, coalesce(name_en, name_vi), coalesce(measure, ''), coalesce(measure_en, measure, ''),
		direction, kind, coalesce(category, ''), coalesce(weight, 1) FROM indicators ORDER BY category, coalesce(sort_order, 0), code`)
	if err != nil {
		return nil, nil, fmt.Errorf("analytics: catalog: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i IndicatorInfo
		if err := rows.Scan(&i.Code, &i.NameVI, &i.NameEN, &i.Measure, &i.MeasureEN, &i.Direction, &i.Kind, &i.Category, &i.Weight); err != nil {
			return nil, nil, err
		}
		inds = append(inds, i)
	}
	return units, inds, rows.Err()
}
