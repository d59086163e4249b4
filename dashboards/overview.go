package dashboards

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"chitieu/analytics"
)

// OverviewQuery selects what the overview shows.
type OverviewQuery struct {
	Year     int // 0: the latest year with data
	Block    string
	Category string
	Lang     Lang
}

type statusCount struct {
	Status, Label, Icon, Color, Class, Link string
	N                                       int
}

type rowView struct {
	Indicator, Measure, Actual, Plan, Target, Attainment, YoY string
	Status, StatusLabel, Icon, Class, Note                    string
	ActualDerived, PlanDerived, TargetDerived                 bool
}

type overviewView struct {
	page
	Heading, Summary string
	Counts           []statusCount
	Charts           []chartView
	Attention        []kpiView
	AttentionMore    string // the link to every figure needing attention
	AttentionTotal   int
	Blocks           []blockSummary
	Filter           filterView
	Ends             []figureRow // the lowest and highest attainments, lowest first
	EndsLink         string
}

// topN is how many figures a top or bottom list shows; maxAttention how
// many cards "Cần chú ý" shows before its link to the rest.
const (
	topN         = 10
	maxAttention = 12
	blockEnds    = 3 // units shown at each end of a block's ranking
)

// Overview renders the overview page of a year from SQL aggregates: status
// totals, the worst, best and most changed figures, what needs attention
// (capped) and each block's counts and ranking. Its size does not grow with
// the number of figures.
func (p *Pages) Overview(ctx context.Context, w io.Writer, q OverviewQuery, info DataInfo) error {
	year, years, err := p.yearAsked(ctx, q.Year)
	if err != nil {
		return err
	}
	lang := q.Lang
	base := analytics.FigureQuery{Filter: analytics.Filter{Year: year, Block: q.Block}, Category: q.Category}
	ov, err := p.src.Overview(ctx, base, topN, maxAttention)
	if err != nil {
		return err
	}
	sum := ov.Summary
	cats, err := p.src.Categories(ctx)
	if err != nil {
		return err
	}
	query := url.Values{}
	if q.Year != 0 {
		query.Set("year", fmt.Sprint(q.Year))
	}
	setIf(query, "block", q.Block)
	setIf(query, "category", q.Category)
	v := overviewView{page: p.newPage(lang, "/", query, p.cat.T(lang, "overview"), info)}
	v.Year, v.Years = year, years
	v.Heading = fmt.Sprintf(p.cat.T(lang, "overview.title"), year)
	v.Summary = fmt.Sprintf("%s %s · %s %s · %s %s", lang.Number(float64(sum.Units), 0), p.cat.T(lang, "units"),
		lang.Number(float64(sum.Indicators), 0), p.cat.T(lang, "indicators"), lang.Number(float64(sum.Figures), 0), p.cat.T(lang, "observations"))
	blocks, err := p.src.Blocks(ctx)
	if err != nil {
		return err
	}
	v.Filter = p.filterView(lang, filterState{Year: year, Block: q.Block, Category: q.Category}, blocks, cats)
	v.Filter.Statuses = nil // the overview shows every status
	v.Filters = v.Filter.Line
	figLink := func(extra url.Values) string {
		u := url.Values{"year": {fmt.Sprint(year)}}
		setIf(u, "block", q.Block)
		setIf(u, "category", q.Category)
		if lang == EN {
			u.Set("lang", "en")
		}
		for k, vs := range extra {
			u[k] = vs
		}
		return "/figures?" + u.Encode()
	}
	for _, st := range Statuses() {
		v.Counts = append(v.Counts, statusCount{Status: st, Label: p.cat.T(lang, "status."+st),
			Icon: StatusIcon(st), Color: StatusColor(st), Class: statusClass(st), N: sum.ByStatus[st],
			Link: figLink(url.Values{"status": {st}, "sort": {"attainment"}})})
	}

	worst, best, movers, attention := ov.Worst, ov.Best, ov.Movers, ov.Attention
	var rank []analytics.RankRow
	if len(blocks) > 0 {
		if rank, err = p.src.Ranking(ctx, year, q.Block); err != nil {
			return err
		}
	}
	var statusChart Chart
	if len(sum.BlockTotals) > 1 {
		statusChart, err = p.charts.StatusByBlock(lang, sum.Counts, func(b string) string { return figLink(url.Values{"block": {b}}) })
	} else {
		statusChart, err = p.charts.StatusByUnit(lang, ov.UnitCounts)
	}
	if err != nil {
		return err
	}
	worstChart, err := p.charts.Attainment(lang, "worst", p.cat.T(lang, "chart.worst"), fmt.Sprintf(p.cat.T(lang, "chart.worst.sub"), len(worst)), worst)
	if err != nil {
		return err
	}
	bestChart, err := p.charts.Attainment(lang, "attainment", p.cat.T(lang, "chart.best"), fmt.Sprintf(p.cat.T(lang, "chart.best.sub"), len(best)), best)
	if err != nil {
		return err
	}
	moversChart, err := p.charts.Growth(lang, year, len(movers), movers)
	if err != nil {
		return err
	}
	v.Charts = viewCharts(statusChart, worstChart, bestChart, moversChart)
	seen := map[string]bool{}
	var ends []analytics.Row
	for _, r := range append(append([]analytics.Row(nil), worst...), best...) {
		if k := seriesKey(r.UnitCode, r.IndicatorCode); !seen[k] {
			seen[k] = true
			ends = append(ends, r)
		}
	}
	sort.SliceStable(ends, func(i, j int) bool { return *basisPct(ends[i]) < *basisPct(ends[j]) })
	v.Ends = p.figureRows(lang, year, ends)
	v.EndsLink = figLink(url.Values{"sort": {"attainment"}})

	v.AttentionTotal = sum.ByStatus["missed"] + sum.ByStatus["near"]
	if v.AttentionTotal > len(attention) {
		v.AttentionMore = figLink(url.Values{"status": {"missed", "near"}, "sort": {"attainment"}})
	}
	q2 := url.Values{"year": {fmt.Sprint(year)}}
	if lang == EN {
		q2.Set("lang", "en")
	}
	if len(attention) > 0 {
		h, err := p.historyOf(ctx, attention, year)
		if err != nil {
			return err
		}
		for _, r := range attention {
			v.Attention = append(v.Attention, p.kpi(lang, r, h, year, q2))
		}
	}
	v.Blocks = p.blockSummaries(lang, sum, rank, q2, figLink)
	return p.render(w, "overview.html", v)
}

// historyOf reads the last ten years of the series of rows, for their sparklines.
func (p *Pages) historyOf(ctx context.Context, rows []analytics.Row, year int) (history, error) {
	units, inds := map[string]bool{}, map[string]bool{}
	var us, is []string
	for _, r := range rows {
		if !units[r.UnitCode] {
			units[r.UnitCode] = true
			us = append(us, r.UnitCode)
		}
		if !inds[r.IndicatorCode] {
			inds[r.IndicatorCode] = true
			is = append(is, r.IndicatorCode)
		}
	}
	past, err := p.src.Actuals(ctx, analytics.Filter{FromYear: year - 9, ToYear: year, Units: us, Indicators: is})
	if err != nil {
		return nil, err
	}
	return newHistory(past), nil
}

func setIf(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}

// blockSummary is a block on the overview: its counts by status and the
// ends of its ranking, with links to the whole of both.
type blockSummary struct {
	Name, RankLink, FiguresLink string
	key                         string
	Counts                      []statusCount
	Units                       int
	Top, Bottom                 []rankLine
}

type rankLine struct {
	Rank, Name, Link, Score string
}

func (p *Pages) blockSummaries(lang Lang, sum analytics.Summary, rank []analytics.RankRow, q url.Values, figLink func(url.Values) string) []blockSummary {
	byName := map[string]*blockSummary{}
	var out []*blockSummary
	get := func(name string) *blockSummary {
		b := byName[name]
		if b == nil {
			label := name
			if label == "" {
				label = p.cat.T(lang, "block.none")
			}
			rq := url.Values{"block": {name}}
			for k, vs := range q {
				rq[k] = vs
			}
			b = &blockSummary{key: name, Name: label, RankLink: "/ranking?" + rq.Encode(), FiguresLink: figLink(url.Values{"block": {name}})}
			byName[name] = b
			out = append(out, b)
		}
		return b
	}
	counts := map[string]map[string]int{}
	for _, c := range sum.Counts {
		if counts[c.Block] == nil {
			counts[c.Block] = map[string]int{}
		}
		counts[c.Block][c.Status] += c.N
		get(c.Block)
	}
	for _, b := range out {
		for _, st := range Statuses() {
			if n := counts[b.key][st]; n > 0 {
				b.Counts = append(b.Counts, statusCount{Status: st, Label: p.cat.T(lang, "status."+st),
					Icon: StatusIcon(st), Color: StatusColor(st), Class: statusClass(st), N: n})
			}
		}
	}
	ranked := map[string][]analytics.RankRow{}
	for _, r := range rank {
		if r.Rank != nil {
			ranked[r.Block] = append(ranked[r.Block], r)
		}
	}
	line := func(r analytics.RankRow) rankLine {
		name := r.UnitNameVI
		if lang == EN {
			name = r.UnitNameEN
		}
		l := rankLine{Rank: fmt.Sprint(*r.Rank), Name: name, Link: "/units/" + url.PathEscape(r.UnitCode) + "?" + q.Encode(), Score: "–"}
		if r.TotalScore != nil {
			l.Score = lang.Number(*r.TotalScore, 2)
		}
		return l
	}
	for name, rs := range ranked {
		b := byName[name]
		if b == nil {
			continue
		}
		b.Units = len(rs)
		for i, r := range rs {
			switch {
			case i < blockEnds:
				b.Top = append(b.Top, line(r))
			case i >= len(rs)-blockEnds && i >= blockEnds:
				b.Bottom = append(b.Bottom, line(r))
			}
		}
	}
	res := make([]blockSummary, len(out))
	for i, b := range out {
		res[i] = *b
	}
	return res
}

func statusClass(s string) string { return strings.ReplaceAll(s, " ", "-") }

func (p *Pages) rowView(lang Lang, r analytics.Row) rowView {
	measure := r.Measure
	if lang == EN {
		measure = r.MeasureEN
	}
	rv := rowView{Indicator: lang.indicatorName(r), Measure: measure,
		Actual: lang.Value(r.Actual, r.Measure), Plan: lang.Value(r.Plan, r.Measure), Target: lang.Value(r.Target, r.Measure),
		Attainment: "–", YoY: "–", Status: r.Status, StatusLabel: p.cat.T(lang, "status."+r.Status),
		Icon: StatusIcon(r.Status), Class: statusClass(r.Status)}
	if pct := basisPct(r); pct != nil {
		rv.Attainment = lang.Pct(*pct)
	}
	switch {
	case r.Kind == "rate" && r.YoYPP != nil:
		rv.YoY = lang.SignedNumber(*r.YoYPP, 2) + " " + pointsLabel(lang)
	case r.YoYPct != nil:
		rv.YoY = lang.SignedPct(*r.YoYPct)
	}
	if r.Numerator != nil && r.Denominator != nil {
		rv.Actual = fmt.Sprintf("%s (%s/%s)", rv.Actual, lang.Number(*r.Numerator, 2), lang.Number(*r.Denominator, 2))
	}
	if r.Derived != nil {
		for _, f := range strings.Split(*r.Derived, ",") {
			switch f {
			case "actual":
				rv.ActualDerived = true
			case "plan":
				rv.PlanDerived = true
			case "target":
				rv.TargetDerived = true
			}
		}
	}
	if r.Note != nil {
		rv.Note = *r.Note
	}
	return rv
}

func pointsLabel(l Lang) string {
	if l == EN {
		return "pp"
	}
	return "điểm %"
}
