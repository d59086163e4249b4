package analytics

import (
	"context"
	"fmt"
)

// GrowthQuery selects series and a span of years; zero years mean the first
// and the last year with an actual.
type GrowthQuery struct {
	Units      []string
	Indicators []string
	From, To   int
}

// Series is one unit's indicator over the years, with its growth between the
// first and last reported year of the span and how often it met its plan.
type Series struct {
	UnitCode        string   `json:"unit_code"`
	UnitNameVI      string   `json:"unit_name_vi"`
	UnitNameEN      string   `json:"unit_name_en"`
	IndicatorCode   string   `json:"indicator_code"`
	IndicatorNameVI string   `json:"indicator_name_vi"`
	IndicatorNameEN string   `json:"indicator_name_en"`
	Measure         string   `json:"measure"`
	Direction       string   `json:"direction"`
	Kind            string   `json:"kind"`
	FromYear        *int     `json:"from_year"`
	ToYear          *int     `json:"to_year"`
	FromActual      *float64 `json:"from_actual"`
	ToActual        *float64 `json:"to_actual"`
	Change          *float64 `json:"change"`
	GrowthPct       *float64 `json:"growth_pct"`
	CAGRPct         *float64 `json:"cagr_pct"`
	YearsWithPlan   int      `json:"years_with_plan"`
	YearsPlanMet    int      `json:"years_plan_met"`
	PlanMetSharePct *float64 `json:"plan_met_share_pct"`
	Points          []Row    `json:"points"`
}

// Growth returns the series that match q, each with its points and summary.
func (s *Service) Growth(ctx context.Context, q GrowthQuery) ([]Series, error) {
	f := Filter{FromYear: q.From, ToYear: q.To, Units: q.Units, Indicators: q.Indicators}
	rows, err := s.Performance(ctx, f)
	if err != nil {
		return nil, err
	}
	where, args := f.sql()
	sq := `WITH s AS (SELECT * FROM performance` + where + `),
	g AS (
		SELECT unit_code, indicator_code,
		       min(year) FILTER (WHERE actual IS NOT NULL) AS fy, max(year) FILTER (WHERE actual IS NOT NULL) AS ly,
		       arg_min(actual, year) FILTER (WHERE actual IS NOT NULL) AS fa,
		       arg_max(actual, year) FILTER (WHERE actual IS NOT NULL) AS la,
		       count(*) FILTER (WHERE status_basis IS NOT NULL) AS wp,
		       count(*) FILTER (WHERE status IN ('met', 'exceeded')) AS wm
		FROM s GROUP BY ALL)
	SELECT unit_code, indicator_code, fy, ly, fa, la, la - fa, growth_pct(la, fa), cagr_pct(fa, la, ly - fy),
	       wp, wm, CASE WHEN wp > 0 THEN wm / wp * 100 END
	FROM g ORDER BY unit_code, indicator_code`
	res, err := s.db.QueryContext(ctx, sq, args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: growth: %w", err)
	}
	defer res.Close()
	byKey := map[string]*Series{}
	var out []Series
	for res.Next() {
		var g Series
		if err := res.Scan(&g.UnitCode, &g.IndicatorCode, &g.FromYear, &g.ToYear, &g.FromActual, &g.ToActual,
			&g.Change, &g.GrowthPct, &g.CAGRPct, &g.YearsWithPlan, &g.YearsPlanMet, &g.PlanMetSharePct); err != nil {
			return nil, fmt.Errorf("analytics: growth: %w", err)
		}
		out = append(out, g)
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		byKey[out[i].UnitCode+"\x00"+out[i].IndicatorCode] = &out[i]
	}
	for _, r := range rows {
		g := byKey[r.UnitCode+"\x00"+r.IndicatorCode]
		if g == nil {
			continue
		}
		if len(g.Points) == 0 {
			g.UnitNameVI, g.UnitNameEN, g.IndicatorNameVI, g.IndicatorNameEN = r.UnitNameVI, r.UnitNameEN, r.IndicatorNameVI, r.IndicatorNameEN
			g.Measure, g.Direction, g.Kind = r.Measure, r.Direction, r.Kind
		}
		g.Points = append(g.Points, r)
	}
	return out, nil
}
