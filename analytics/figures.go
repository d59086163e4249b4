package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FigureQuery selects a page of performance rows: the filters of the figures
// table, its order and its page. Zero values select everything.
type FigureQuery struct {
	Filter
	Category string
	Statuses []string
	Release  string // official, preliminary or estimate; only where the store has releases (HasReleases)
	Sort     string // a key of FigureSorts; "" is year, block, unit, indicator
	Desc     bool
	Limit    int // 0: no limit
	Offset   int
}

// FigureSorts are the orders a figures table offers, by the name a URL
// gives, as SQL. Rows without the value come last either way.
var FigureSorts = map[string]string{
	"unit":       "unit_name_vi",
	"indicator":  "indicator_name_vi",
	"category":   "category",
	"actual":     "actual",
	"plan":       "plan",
	"attainment": "coalesce(attainment_pct, target_attainment_pct)",
	"yoy":        "yoy_pct",
	"movers":     "abs(yoy_pct)",
	"status":     "status_order",
	"year":       "year",
}

// statusOrder is the status from worst to best, for sorting.
const statusOrder = `CASE status WHEN 'missed' THEN 1 WHEN 'near' THEN 2 WHEN 'met' THEN 3 WHEN 'exceeded' THEN 4 ELSE 5 END`

func (q FigureQuery) where() (string, []any) {
	where, args := q.Filter.sql()
	var conds []string
	if where != "" {
		conds = append(conds, strings.TrimPrefix(where, " WHERE "))
	}
	if q.Category != "" {
		conds = append(conds, "category = ?")
		args = append(args, q.Category)
	}
	if q.Release != "" {
		conds = append(conds, "release = ?")
		args = append(args, q.Release)
	}
	if len(q.Statuses) > 0 {
		conds = append(conds, "status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(q.Statuses)), ", ")+")")
		for _, s := range q.Statuses {
			args = append(args, s)
		}
	}
	if q.Sort != "" && q.Sort != "year" && q.Sort != "unit" && q.Sort != "indicator" && q.Sort != "category" && q.Sort != "status" {
		// A table sorted by a value lists the rows that have it.
		conds = append(conds, FigureSorts[q.Sort]+" IS NOT NULL")
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (q FigureQuery) orderBy() string {
	key, ok := FigureSorts[q.Sort]
	if !ok || q.Sort == "" {
		return " ORDER BY year, block, unit_code, indicator_code"
	}
	dir := " ASC"
	if q.Desc {
		dir = " DESC"
	}
	return " ORDER BY " + key + dir + " NULLS LAST, unit_code, indicator_code, year"
}

// Figures returns a page of the rows q selects and how many there are in
// all. Two queries: a count over the window of every row would sort them
// all, where the page alone keeps only its top rows (3.8 s against 1 s for
// a national year).
func (s *Service) Figures(ctx context.Context, q FigureQuery) ([]Row, int, error) {
	where, args := q.where()
	total, err := s.count(ctx, "SELECT count(*) FROM performance"+where, args...)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.FigurePage(ctx, q)
	return rows, total, err
}

func (q FigureQuery) limit() string {
	var b strings.Builder
	if q.Limit > 0 {
		fmt.Fprintf(&b, " LIMIT %d", q.Limit)
	}
	if q.Offset > 0 {
		fmt.Fprintf(&b, " OFFSET %d", q.Offset)
	}
	return b.String()
}

// FigurePage returns a page of the rows q selects, without counting them.
func (s *Service) FigurePage(ctx context.Context, q FigureQuery) ([]Row, error) {
	where, args := q.where()
	return s.figures(ctx, q, where, args)
}

func (s *Service) figures(ctx context.Context, q FigureQuery, where string, args []any) ([]Row, error) {
	query := "SELECT " + performanceColumns + " FROM (SELECT *, " + statusOrder + " AS status_order FROM performance)" + where + q.orderBy() + q.limit()
	return s.scanRows(ctx, query, args...)
}

func (s *Service) count(ctx context.Context, query string, args ...any) (int, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("analytics: count: %w", err)
	}
	defer rows.Close()
	var n int
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// StatusCount is how many figures of a block (or of the whole selection,
// block "") have a status.
type StatusCount struct {
	Block  string `json:"block"`
	Status string `json:"status"`
	N      int    `json:"n"`
	Units  int    `json:"units"`
}

// Summary is a year's selection in counts: figures by block and status,
// and the units and indicators they cover.
type Summary struct {
	Counts      []StatusCount  `json:"counts"` // by block and status
	Units       int            `json:"units"`
	Indicators  int            `json:"indicators"`
	Figures     int            `json:"figures"`
	ByStatus    map[string]int `json:"by_status"`
	BlockTotals map[string]int `json:"block_totals"`
}

func (s *Service) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Releases are the kinds of figure a release filter offers, best first.
var Releases = []string{"official", "preliminary", "estimate"}

// HasReleases says whether the performance view tells official figures
// from preliminary ones and estimates (a store before that migration does not).
func (s *Service) HasReleases(ctx context.Context) (bool, error) {
	n, err := s.count(ctx, `SELECT count(*) FROM duckdb_columns() WHERE table_name = 'performance' AND column_name = 'release'`)
	return n > 0, err
}

// Categories lists the indicators' categories.
func (s *Service) Categories(ctx context.Context) ([]string, error) {
	return s.strings(ctx, `SELECT DISTINCT category FROM indicators WHERE category IS NOT NULL AND category <> '' ORDER BY 1`)
}

func (s *Service) scanRows(ctx context.Context, q string, args ...any) ([]Row, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: performance: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(r.fields()...); err != nil {
			return nil, fmt.Errorf("analytics: performance: %w", err)
		}
		r.AttainmentReasonCode, r.TargetAttainmentReasonCode = reasonCode(r.AttainmentReason), reasonCode(r.TargetAttainmentReason)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Found is a unit or an indicator whose code or name matches a search.
type Found struct {
	Kind   string `json:"kind"` // unit or indicator
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Extra  string `json:"extra"` // the unit's block, the indicator's category
}

// fold is SQL that lowers a text and strips its marks, đ included, so
// "so y te" finds "Sở Y tế".
func fold(col string) string {
	return "replace(lower(strip_accents(coalesce(" + col + ", ''))), 'đ', 'd')"
}

// FoldText is what fold does in SQL, for the search words.
func FoldText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Find returns up to limit units and limit indicators whose code or name
// holds every word of q, with or without diacritics; those starting with
// the words first.
func (s *Service) Find(ctx context.Context, q string, limit int) ([]Found, error) {
	words := strings.FieldsFunc(FoldText(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return []Found{}, nil
	}
	var out []Found
	for _, t := range []struct{ kind, table, extra string }{
		{"unit", "units", "block"}, {"indicator", "indicators", "category"},
	} {
		// Each word must begin a word of the code or a name.
		hay := "regexp_replace(' ' || " + fold("code") + " || ' ' || " + fold("name_vi") + " || ' ' || " + fold("name_en") + ", '[^a-z0-9]+', ' ', 'g')"
		var conds []string
		var args []any
		for _, w := range words {
			conds = append(conds, "contains("+hay+", ?)")
			args = append(args, " "+w)
		}
		args = append(args, words[0], words[0])
		rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT code, coalesce(name_vi, code), coalesce(name_en, name_vi, code), coalesce(%s, '')
			FROM %s WHERE %s
			ORDER BY (lower(code) = ?) DESC, starts_with(%s, ?) DESC, length(name_vi), code LIMIT %d`,
			t.extra, t.table, strings.Join(conds, " AND "), fold("name_vi"), limit), args...)
		if err != nil {
			return nil, fmt.Errorf("analytics: find: %w", err)
		}
		for rows.Next() {
			f := Found{Kind: t.kind}
			if err := rows.Scan(&f.Code, &f.NameVI, &f.NameEN, &f.Extra); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []Found{}
	}
	return out, nil
}

// Overview is what the overview page shows of a year's selection, from one
// pass over it: the counts, the worst and best attainments, the biggest
// movers and the worst of what needs attention.
type Overview struct {
	Summary
	Worst, Best, Movers, Attention []Row
	UnitCounts                     []UnitCount // the units with the most missed, at most n*2.5
}

// UnitCount is a unit's figures by status.
type UnitCount struct {
	Code     string `json:"code"`
	NameVI   string `json:"name_vi"`
	NameEN   string `json:"name_en"`
	Exceeded int    `json:"exceeded"`
	Met      int    `json:"met"`
	Near     int    `json:"near"`
	Missed   int    `json:"missed"`
	NoPlan   int    `json:"no_plan"`
}

// Overview reads the selection q makes (its sort and page ignored) once,
// materialised narrow, and takes from it the counts and the keys of the
// lists of n rows (attention of up to attention rows); a second query
// reads those few rows whole.
func (s *Service) Overview(ctx context.Context, q FigureQuery, n, attention int) (Overview, error) {
	q.Sort, q.Statuses = "", nil
	where, args := q.where()
	query := fmt.Sprintf(`WITH p AS MATERIALIZED (
	      SELECT unit_code, indicator_code, coalesce(block, '') AS block, status, kind, unit_name_vi, unit_name_en, yoy_pct,
	             coalesce(attainment_pct, target_attainment_pct) AS att
	      FROM performance%s),
	s AS (SELECT to_json(list({'block': block, 'status': status, 'n': n, 'units': units}))::VARCHAR AS j
	      FROM (SELECT block, status, count(*) AS n, count(DISTINCT unit_code) AS units FROM p GROUP BY ALL)),
	t AS (SELECT count(DISTINCT unit_code) AS nu, count(DISTINCT indicator_code) AS ni FROM p),
	u AS (SELECT to_json(list(x))::VARCHAR AS j FROM (
	      SELECT unit_code AS code, any_value(unit_name_vi) AS name_vi, coalesce(any_value(unit_name_en), any_value(unit_name_vi)) AS name_en,
	             count(*) FILTER (WHERE status = 'exceeded') AS exceeded, count(*) FILTER (WHERE status = 'met') AS met,
	             count(*) FILTER (WHERE status = 'near') AS near, count(*) FILTER (WHERE status = 'missed') AS missed,
	             count(*) FILTER (WHERE status = 'no plan') AS no_plan
	      FROM p GROUP BY unit_code ORDER BY 2 * missed + near DESC, code LIMIT %[4]d) x),
	l AS (
	    (SELECT 'worst' AS tag, unit_code, indicator_code FROM p WHERE att IS NOT NULL ORDER BY att ASC, unit_code, indicator_code LIMIT %[2]d)
	    UNION ALL (SELECT 'best', unit_code, indicator_code FROM p WHERE att IS NOT NULL ORDER BY att DESC, unit_code, indicator_code LIMIT %[2]d)
	    UNION ALL (SELECT 'movers', unit_code, indicator_code FROM p WHERE yoy_pct IS NOT NULL AND kind <> 'rate' ORDER BY abs(yoy_pct) DESC, unit_code, indicator_code LIMIT %[2]d)
	    UNION ALL (SELECT 'attention', unit_code, indicator_code FROM p WHERE status IN ('missed', 'near') ORDER BY att ASC NULLS LAST, unit_code, indicator_code LIMIT %[3]d)
	    UNION ALL (SELECT 'sum', NULL, NULL))
	SELECT l.tag, l.unit_code, l.indicator_code, s.j, u.j, t.nu, t.ni FROM l, s, t, u`, where, n, attention, n*5/2)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return Overview{}, fmt.Errorf("analytics: overview: %w", err)
	}
	defer rows.Close()
	ov := Overview{Summary: Summary{ByStatus: map[string]int{}, BlockTotals: map[string]int{}}}
	type key struct{ unit, ind string }
	var counts, units *string
	tags := map[string][]key{}
	var order []string
	need := map[key]bool{}
	for rows.Next() {
		var tag string
		var unit, ind *string
		if err := rows.Scan(&tag, &unit, &ind, &counts, &units, &ov.Units, &ov.Indicators); err != nil {
			return ov, fmt.Errorf("analytics: overview: %w", err)
		}
		if unit == nil || ind == nil {
			continue
		}
		k := key{*unit, *ind}
		if tags[tag] == nil {
			order = append(order, tag)
		}
		tags[tag] = append(tags[tag], k)
		need[k] = true
	}
	if err := rows.Err(); err != nil {
		return ov, fmt.Errorf("analytics: overview: %w", err)
	}
	rows.Close()
	if len(need) > 0 {
		f := q.Filter
		uset, iset := map[string]bool{}, map[string]bool{}
		f.Units, f.Indicators, f.Exact = nil, nil, true // the codes the first query read
		for k := range need {
			if !uset[k.unit] {
				uset[k.unit] = true
				f.Units = append(f.Units, k.unit)
			}
			if !iset[k.ind] {
				iset[k.ind] = true
				f.Indicators = append(f.Indicators, k.ind)
			}
		}
		full, err := s.Performance(ctx, f)
		if err != nil {
			return ov, err
		}
		byKey := map[key]Row{}
		for _, r := range full {
			byKey[key{r.UnitCode, r.IndicatorCode}] = r
		}
		for _, tag := range order {
			var list []Row
			for _, k := range tags[tag] {
				if r, ok := byKey[k]; ok {
					list = append(list, r)
				}
			}
			switch tag {
			case "worst":
				ov.Worst = list
			case "best":
				ov.Best = list
			case "movers":
				ov.Movers = list
			case "attention":
				ov.Attention = list
			}
		}
	}
	if counts != nil {
		if err := json.Unmarshal([]byte(*counts), &ov.Counts); err != nil {
			return ov, fmt.Errorf("analytics: overview counts: %w", err)
		}
		sort.Slice(ov.Counts, func(i, j int) bool {
			if ov.Counts[i].Block != ov.Counts[j].Block {
				return ov.Counts[i].Block < ov.Counts[j].Block
			}
			return ov.Counts[i].Status < ov.Counts[j].Status
		})
	}
	if units != nil {
		if err := json.Unmarshal([]byte(*units), &ov.UnitCounts); err != nil {
			return ov, fmt.Errorf("analytics: overview units: %w", err)
		}
		sort.SliceStable(ov.UnitCounts, func(i, j int) bool {
			a, b := ov.UnitCounts[i], ov.UnitCounts[j]
			if wa, wb := 2*a.Missed+a.Near, 2*b.Missed+b.Near; wa != wb {
				return wa > wb
			}
			return a.Code < b.Code
		})
	}
	for _, c := range ov.Counts {
		ov.ByStatus[c.Status] += c.N
		ov.BlockTotals[c.Block] += c.N
		ov.Figures += c.N
	}
	return ov, nil
}

// fields are the scan targets of a row, in performanceColumns' order.
func (r *Row) fields() []any {
	return []any{&r.Year, &r.UnitCode, &r.UnitNameVI, &r.UnitNameEN, &r.Block,
		&r.IndicatorCode, &r.IndicatorNameVI, &r.IndicatorNameEN, &r.Measure, &r.MeasureEN,
		&r.Direction, &r.Kind, &r.Category, &r.Actual, &r.Plan, &r.Target, &r.Numerator,
		&r.Denominator, &r.PrevActual, &r.YoYChange, &r.YoYPct, &r.YoYPP, &r.AttainmentPct,
		&r.AttainmentReason, &r.TargetAttainmentPct, &r.TargetAttainmentReason, &r.ExceedPct,
		&r.StatusBasis, &r.Status, &r.Derived, &r.Note, &r.LoadID, &r.Release, &r.Source}
}

// Actuals returns the actuals of some series over years, read from the
// observations alone (no growth or attainment), for sparklines: every
// combination of the units and indicators given.
func (s *Service) Actuals(ctx context.Context, f Filter) ([]Row, error) {
	f.Block = "" // a column of units, not of observations
	where, args := f.sql()
	rows, err := s.db.QueryContext(ctx, "SELECT year, unit_code, indicator_code, actual FROM observations"+where, args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: actuals: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.Year, &r.UnitCode, &r.IndicatorCode, &r.Actual); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
