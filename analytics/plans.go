package analytics

import (
	"context"
	"fmt"
)

// PlanProgress is a five-year plan target and where it stands.
type PlanProgress struct {
	Period            string   `json:"period"`
	StartYear         int      `json:"start_year"`
	EndYear           int      `json:"end_year"`
	UnitCode          string   `json:"unit_code"`
	IndicatorCode     string   `json:"indicator_code"`
	Direction         string   `json:"direction"`
	PeriodTarget      float64  `json:"period_target"`
	BaseActual        *float64 `json:"base_actual"`
	LatestYear        *int     `json:"latest_year"`
	LatestActual      *float64 `json:"latest_actual"`
	ProgressPct       *float64 `json:"progress_pct"`
	DistanceCovered   *float64 `json:"distance_covered_pct"`
	YearsLeft         *int     `json:"years_left"`
	GrowthSoFarPct    *float64 `json:"growth_so_far_pct"`
	RequiredGrowthPct *float64 `json:"required_growth_pct"`
	Outlook           string   `json:"outlook"`
	Note              *string  `json:"note"`
}

// PlanPeriods returns the targets of a plan period ("2021-2025"), or of all
// periods when period is empty.
func (s *Service) PlanPeriods(ctx context.Context, period string) ([]PlanProgress, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT period, start_year, end_year, unit_code, indicator_code, direction,
		period_target, base_actual, latest_year, latest_actual, progress_pct, distance_covered_pct, years_left,
		growth_so_far_pct, required_growth_pct, outlook, note
		FROM plan_progress WHERE (? = '' OR period = ?) ORDER BY period, unit_code, indicator_code`, period, period)
	if err != nil {
		return nil, fmt.Errorf("analytics: plan periods: %w", err)
	}
	defer rows.Close()
	var out []PlanProgress
	for rows.Next() {
		var p PlanProgress
		if err := rows.Scan(&p.Period, &p.StartYear, &p.EndYear, &p.UnitCode, &p.IndicatorCode, &p.Direction,
			&p.PeriodTarget, &p.BaseActual, &p.LatestYear, &p.LatestActual, &p.ProgressPct, &p.DistanceCovered,
			&p.YearsLeft, &p.GrowthSoFarPct, &p.RequiredGrowthPct, &p.Outlook, &p.Note); err != nil {
			return nil, fmt.Errorf("analytics: plan periods: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
