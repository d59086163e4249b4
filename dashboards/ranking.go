package dashboards

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"sort"

	"chitieu/analytics"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// RankingQuery selects the ranking page's year and block.
type RankingQuery struct {
	Year  int
	Block string
	Lang  Lang
}

type rankRowView struct {
	Rank, Unit, Code, Link, Total, Max, IndicatorScore, Criteria, CriteriaScore string
	Planned, MetOrExceeded, Weights, AvgAttainment                              string
	PartsURL                                                                    string
	Counts                                                                      []statusCount
}

type rankBlockView struct {
	Name                  string
	Rows                  []rankRowView
	Charts                []chartView
	HistoryURL, HistoryID string
}

// RankHistoryChart is the chart of a block's ranks over the years.
func (p *Pages) RankHistoryChart(ctx context.Context, block string, lang Lang) (Chart, error) {
	hist, err := p.src.RankHistory(ctx, block, string(lang))
	if err != nil {
		return Chart{}, err
	}
	return p.charts.RankHistory(lang, block, hist)
}

type rankingView struct {
	page
	Heading, Rule string
	Blocks        []rankBlockView
	BlockNames    []string
	Block         string
}

// Ranking renders the ranking of one block in a year, the first block
// unless one is asked for: each unit's score, its parts loaded on demand
// (from /api/performance), a chart of the scores and the ranks over the years.
func (p *Pages) Ranking(ctx context.Context, w io.Writer, q RankingQuery, info DataInfo) error {
	lang := q.Lang
	year, years, err := p.yearAsked(ctx, q.Year)
	if err != nil {
		return err
	}
	names, err := p.src.Blocks(ctx)
	if err != nil {
		return err
	}
	block := q.Block
	if block == "" && len(names) > 0 {
		block = names[0]
	}
	rows, err := p.src.Ranking(ctx, year, block)
	if err != nil {
		return err
	}
	query := url.Values{}
	if q.Year != 0 {
		query.Set("year", fmt.Sprint(q.Year))
	}
	if q.Block != "" {
		query.Set("block", q.Block)
	}
	v := rankingView{page: p.newPage(lang, "/ranking", query, p.cat.T(lang, "nav.ranking"), info),
		Heading: fmt.Sprintf(p.cat.T(lang, "ranking.title"), year), Rule: p.cat.T(lang, "ranking.rule"),
		BlockNames: names, Block: block}
	v.Year, v.Years = year, years
	lq := url.Values{"year": {fmt.Sprint(year)}}
	if lang == EN {
		lq.Set("lang", "en")
	}
	v.Filters = fmt.Sprintf("%s %d · %s: %s", p.cat.T(lang, "year"), year, p.cat.T(lang, "filter.block"), block)
	byBlock := map[string]*rankBlockView{}
	var order []string
	for _, r := range rows {
		b := byBlock[r.Block]
		if b == nil {
			b = &rankBlockView{Name: r.Block}
			byBlock[r.Block] = b
			order = append(order, r.Block)
		}
		rv := rankRowView{Code: r.UnitCode, Unit: r.UnitNameVI, Link: "/units/" + url.PathEscape(r.UnitCode) + "?" + lq.Encode(),
			Rank: "–", Total: "–", IndicatorScore: "–", AvgAttainment: "–", Max: lang.Number(r.MaxScore, 0),
			CriteriaScore: lang.Number(r.CriteriaScore, 2), Planned: fmt.Sprint(r.NPlanned), MetOrExceeded: fmt.Sprint(r.NMet + r.NExceeded)}
		if lang == EN {
			rv.Unit = r.UnitNameEN
		}
		if r.Rank != nil {
			rv.Rank = fmt.Sprint(*r.Rank)
		}
		if r.TotalScore != nil {
			rv.Total = lang.Number(*r.TotalScore, 2)
		}
		if r.IndicatorScore != nil {
			rv.IndicatorScore = lang.Number(*r.IndicatorScore, 2)
		}
		if r.AvgAttainmentPct != nil {
			rv.AvgAttainment = lang.Pct(*r.AvgAttainmentPct)
		}
		if r.WeightPlanned != nil && r.WeightMet != nil {
			rv.Weights = lang.Number(*r.WeightMet, 2) + " / " + lang.Number(*r.WeightPlanned, 2)
		}
		if r.Criteria != nil {
			rv.Criteria = *r.Criteria
		}
		for _, st := range Statuses() {
			n := map[string]int{"exceeded": r.NExceeded, "met": r.NMet, "near": r.NNear, "missed": r.NMissed}[st]
			if n > 0 {
				rv.Counts = append(rv.Counts, statusCount{Status: st, Label: p.cat.T(lang, "status."+st), Icon: StatusIcon(st), Class: statusClass(st), N: n})
			}
		}
		if r.NIndicators > 0 {
			rv.PartsURL = "/api/performance?" + url.Values{"year": {fmt.Sprint(year)}, "unit": {r.UnitCode}, "limit": {"1000"}}.Encode()
		}
		b.Rows = append(b.Rows, rv)
	}
	for _, name := range order {
		b := byBlock[name]
		scores, err := p.charts.RankScores(lang, name, rows)
		if err != nil {
			return err
		}
		b.Charts = viewCharts(scores)
		// The ranks over the years take every year's ranking: drawn when
		// asked, from /api/charts/rank-history.
		b.HistoryURL = "/api/charts/rank-history?" + withLang(url.Values{"block": {name}}, lang).Encode()
		b.HistoryID = "ranks-" + slug(name)
		v.Blocks = append(v.Blocks, *b)
	}
	return p.render(w, "ranking.html", v)
}

// RankScores is a stacked bar per unit of a block: its indicator score and
// its criterion scores, best first.
func (cb *Charts) RankScores(lang Lang, block string, rows []analytics.RankRow) (Chart, error) {
	var rs []analytics.RankRow
	for _, r := range rows {
		if r.Block == block && r.TotalScore != nil {
			rs = append(rs, r)
		}
	}
	if len(rs) > maxScoreBars {
		// The head and the tail of a long block; the table has every unit.
		rs = append(rs[:maxScoreBars-5:maxScoreBars-5], rs[len(rs)-5:]...)
	}
	ch := Chart{ID: "scores-" + slug(block), Height: 120 + 36*len(rs)}
	if len(rs) == 0 {
		ch.Empty = cb.cat.T(lang, "data.none")
		return ch, nil
	}
	cats := make([]string, len(rs))
	ind, crit := make([]opts.BarData, len(rs)), make([]opts.BarData, len(rs))
	links := make([]string, len(rs))
	for i, r := range rs {
		cats[i] = fmt.Sprintf("%d. %s", *r.Rank, r.UnitNameVI)
		if lang == EN {
			cats[i] = fmt.Sprintf("%d. %s", *r.Rank, r.UnitNameEN)
		}
		ind[i] = opts.BarData{Value: orDash(r.IndicatorScore)}
		crit[i] = opts.BarData{Value: r.CriteriaScore}
		links[i] = "/units/" + url.PathEscape(r.UnitCode)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		title(cb.cat.T(lang, "chart.scores"), block),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(barGrid("80")),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: categoryLabel()}),
		charts.WithLegendOpts(opts.Legend{Top: "45", Left: "left"}),
	)
	bar.SetXAxis(cats).
		AddSeries(cb.cat.T(lang, "series.indicatorscore"), ind, charts.WithBarChartOpts(opts.BarChart{Stack: "score"})).
		AddSeries(cb.cat.T(lang, "series.criteriascore"), crit, charts.WithBarChartOpts(opts.BarChart{Stack: "score"}))
	bar.XYReversal()
	var err error
	ch.Option, err = finish(bar, chartMeta{Lang: lang, X: FmtNum, Series: []FmtSpec{FmtNum, FmtNum}, Links: links})
	return ch, err
}

// RankHistory is a line per unit of its rank over the years, first at top.
func (cb *Charts) RankHistory(lang Lang, block string, pts []analytics.RankPoint) (Chart, error) {
	ch := Chart{ID: "ranks-" + slug(block), Height: 360}
	yearSet := map[int]bool{}
	byUnit := map[string]map[int]int{}
	names := map[string]string{}
	var units []string
	maxRank := 1
	for _, p := range pts {
		yearSet[p.Year] = true
		if byUnit[p.UnitCode] == nil {
			byUnit[p.UnitCode] = map[int]int{}
			names[p.UnitCode] = p.UnitName
			units = append(units, p.UnitCode)
		}
		byUnit[p.UnitCode][p.Year] = p.Rank
		maxRank = max(maxRank, p.Rank)
	}
	var years []int
	for y := range yearSet {
		years = append(years, y)
	}
	sort.Ints(years)
	if len(years) < 2 {
		ch.Empty = cb.cat.T(lang, "ranking.oneyear")
		return ch, nil
	}
	if len(units) > maxRankLines {
		// The units leading in the last year: a hundred lines read as none.
		last := years[len(years)-1]
		sort.SliceStable(units, func(i, j int) bool {
			ri, oki := byUnit[units[i]][last]
			rj, okj := byUnit[units[j]][last]
			if oki != okj {
				return oki
			}
			return ri < rj
		})
		units = units[:maxRankLines]
	}
	ch.Height = 300 + legendRoom(len(units))
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = fmt.Sprint(y)
	}
	line := charts.NewLine()
	line.SetGlobalOptions(
		title(cb.cat.T(lang, "chart.ranks"), block),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Type: "plain", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "10", Right: "30", Top: "70", Bottom: fmt.Sprint(legendRoom(len(units))), ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Inverse: opts.Bool(true), Min: 1, Max: maxRank, MinInterval: 1}),
	)
	line.SetXAxis(labels)
	var specs []FmtSpec
	for _, u := range units {
		data := make([]opts.LineData, len(years))
		for i, y := range years {
			if r, ok := byUnit[u][y]; ok {
				data[i] = opts.LineData{Value: r}
			} else {
				data[i] = opts.LineData{Value: "-"}
			}
		}
		line.AddSeries(names[u], data)
		specs = append(specs, FmtNum)
	}
	var err error
	ch.Option, err = finish(line, chartMeta{Lang: lang, Y: FmtNum, Series: specs})
	return ch, err
}

// maxScoreBars bounds the units of a block's score chart.
const maxScoreBars = 20

// maxRankLines bounds the lines of a rank history chart.
const maxRankLines = 10

// legendRoom is the height a plain legend of n series takes below a chart:
// it wraps, about three names a line.
func legendRoom(n int) int { return 30 + 22*((n+2)/3) }

// slug makes a name usable as part of an element id.
func slug(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%08x", h.Sum32())
}
