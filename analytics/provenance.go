package analytics

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Revision is an earlier value of an observation and the load that changed it.
type Revision struct {
	ChangedAt time.Time `json:"changed_at"`
	OldActual *float64  `json:"old_actual"`
	OldPlan   *float64  `json:"old_plan"`
	OldTarget *float64  `json:"old_target"`
	NewActual *float64  `json:"new_actual"`
	// OldRelease and NewRelease: an estimate replaced by the official figure.
	OldRelease *string `json:"old_release"`
	NewRelease *string `json:"new_release"`
	OldSource  *string `json:"old_source"`
	FileName   string  `json:"file_name"`
	LoadID     int64   `json:"load_id"`
}

// Provenance is an observation with where it came from: the file and load
// that last set it, and every earlier value.
type Provenance struct {
	Row
	FileName  string     `json:"file_name"`
	LoadedAt  *time.Time `json:"loaded_at"`
	LoadedBy  string     `json:"loaded_by"`
	Revisions []Revision `json:"revisions,omitempty"`
}

// Provenance returns the performance rows of an indicator (for some units,
// or all) with the load each value came from and its revisions.
func (s *Service) Provenance(ctx context.Context, indicator string, units []string) ([]Provenance, error) {
	rows, err := s.Performance(ctx, Filter{Indicators: []string{indicator}, Units: units})
	if err != nil {
		return nil, err
	}
	out := make([]Provenance, len(rows))
	byKey := map[string]int{}
	for i, r := range rows {
		out[i].Row = r
		byKey[fmt.Sprintf("%d|%s", r.Year, r.UnitCode)] = i
	}
	where, args := "o.indicator_code = ?", []any{indicator}
	if len(units) > 0 {
		where += " AND o.unit_code IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(units)), ", ") + ")"
		for _, u := range units {
			args = append(args, u)
		}
	}
	lr, err := s.db.QueryContext(ctx, `SELECT o.year, o.unit_code, coalesce(l.file_name, ''), l.finished_at, coalesce(l.loaded_by, '')
		FROM observations o LEFT JOIN loads l ON l.id = o.load_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: provenance: %w", err)
	}
	for lr.Next() {
		var y int
		var u, file, by string
		var at *time.Time
		if err := lr.Scan(&y, &u, &file, &at, &by); err != nil {
			lr.Close()
			return nil, err
		}
		if i, ok := byKey[fmt.Sprintf("%d|%s", y, u)]; ok {
			out[i].FileName, out[i].LoadedAt, out[i].LoadedBy = file, at, by
		}
	}
	lr.Close()
	rv, err := s.db.QueryContext(ctx, `SELECT o.year, o.unit_code, o.changed_at, o.old_actual, o.old_plan, o.old_target, o.new_actual,
		o.old_release, o.new_release, o.old_source, coalesce(l.file_name, ''), o.load_id
		FROM revisions o LEFT JOIN loads l ON l.id = o.load_id WHERE `+where+` ORDER BY o.changed_at DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: revisions: %w", err)
	}
	defer rv.Close()
	for rv.Next() {
		var y int
		var u string
		var r Revision
		if err := rv.Scan(&y, &u, &r.ChangedAt, &r.OldActual, &r.OldPlan, &r.OldTarget, &r.NewActual,
			&r.OldRelease, &r.NewRelease, &r.OldSource, &r.FileName, &r.LoadID); err != nil {
			return nil, err
		}
		if i, ok := byKey[fmt.Sprintf("%d|%s", y, u)]; ok {
			out[i].Revisions = append(out[i].Revisions, r)
		}
	}
	return out, rv.Err()
}

// RankPoint is a unit's rank in its block in one year.
type RankPoint struct {
	Year     int    `json:"year"`
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
	Rank     int    `json:"rank"`
}

// RankHistory returns the ranks of a block's units over the years.
func (s *Service) RankHistory(ctx context.Context, block string, lang string) ([]RankPoint, error) {
	name := "unit_name_vi"
	if lang == "en" {
		name = "coalesce(unit_name_en, unit_name_vi)"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT year, unit_code, `+name+`, rank FROM ranking
		WHERE block = ? AND rank IS NOT NULL ORDER BY unit_code, year`, block)
	if err != nil {
		return nil, fmt.Errorf("analytics: rank history: %w", err)
	}
	defer rows.Close()
	var out []RankPoint
	for rows.Next() {
		var p RankPoint
		if err := rows.Scan(&p.Year, &p.UnitCode, &p.UnitName, &p.Rank); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
