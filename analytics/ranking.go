package analytics

import (
	"context"
	"fmt"
)

// RankRow is a unit's place in its block for a year, with every part of its
// score.
type RankRow struct {
	Year             int      `json:"year"`
	Block            string   `json:"block"`
	UnitCode         string   `json:"unit_code"`
	UnitNameVI       string   `json:"unit_name_vi"`
	UnitNameEN       string   `json:"unit_name_en"`
	Rank             *int     `json:"rank"`
	TotalScore       *float64 `json:"total_score"`
	MaxScore         float64  `json:"max_score"`
	IndicatorScore   *float64 `json:"indicator_score"`
	CriteriaScore    float64  `json:"criteria_score"`
	Criteria         *string  `json:"criteria"`
	NIndicators      int      `json:"n_indicators"`
	NPlanned         int      `json:"n_planned"`
	NExceeded        int      `json:"n_exceeded"`
	NMet             int      `json:"n_met"`
	NNear            int      `json:"n_near"`
	NMissed          int      `json:"n_missed"`
	WeightPlanned    *float64 `json:"weight_planned"`
	WeightMet        *float64 `json:"weight_met"`
	AvgAttainmentPct *float64 `json:"avg_attainment_pct"`
	Parts            []Row    `json:"parts,omitempty"`
}

// TieRule states how the ranking orders units of equal score.
const TieRule = "Score = weighted share of planned indicators met or exceeded (out of 100) + criterion scores (each out of 100). " +
	"Equal scores: higher average attainment (each capped at 200%), then more indicators exceeded; units equal on all three share the rank."

// Ranking returns the ranking of a year, every block or one, without the
// performance rows behind the scores (RankingParts adds them).
func (s *Service) Ranking(ctx context.Context, year int, block string) ([]RankRow, error) {
	q := `SELECT year, block, unit_code, unit_name_vi, coalesce(unit_name_en, unit_name_vi), rank, total_score, max_score,
		indicator_score, criteria_score, criteria, n_indicators, n_planned, n_exceeded, n_met, n_near, n_missed,
		weight_planned, weight_met, avg_attainment_pct
		FROM ranking WHERE year = ? AND (? = '' OR block = ?) ORDER BY block, rank NULLS LAST, unit_code`
	rows, err := s.db.QueryContext(ctx, q, year, block, block)
	if err != nil {
		return nil, fmt.Errorf("analytics: ranking: %w", err)
	}
	defer rows.Close()
	var out []RankRow
	for rows.Next() {
		var r RankRow
		if err := rows.Scan(&r.Year, &r.Block, &r.UnitCode, &r.UnitNameVI, &r.UnitNameEN, &r.Rank, &r.TotalScore, &r.MaxScore,
			&r.IndicatorScore, &r.CriteriaScore, &r.Criteria, &r.NIndicators, &r.NPlanned, &r.NExceeded, &r.NMet,
			&r.NNear, &r.NMissed, &r.WeightPlanned, &r.WeightMet, &r.AvgAttainmentPct); err != nil {
			return nil, fmt.Errorf("analytics: ranking: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RankingParts gives each unit of a ranking the performance rows its score
// counts.
func (s *Service) RankingParts(ctx context.Context, out []RankRow, year int, block string) ([]RankRow, error) {
	parts, err := s.Performance(ctx, Filter{Year: year, Block: block})
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, r := range out {
		idx[r.UnitCode] = i
	}
	for _, p := range parts {
		if i, ok := idx[p.UnitCode]; ok {
			out[i].Parts = append(out[i].Parts, p)
		}
	}
	return out, nil
}

// Blocks lists the emulation blocks.
func (s *Service) Blocks(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT block FROM units WHERE block IS NOT NULL ORDER BY block`)
	if err != nil {
		return nil, fmt.Errorf("analytics: blocks: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
