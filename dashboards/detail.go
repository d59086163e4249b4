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

// DetailQuery selects an agency's or an indicator's page.
type DetailQuery struct {
	Code     string
	Year     int
	Units    []string // indicator page: only these units
	Block    string   // indicator page: only this block's units
	Category string   // unit page: only this category's indicators
	Statuses []string
	Page     int // from 1
	Lang     Lang
}

// Page sizes of the detail pages: cards of a unit, values of an indicator.
const (
	unitPageSize      = 24
	indicatorPageSize = 50
	maxBars           = 15 // bars of a detail page's attainment chart: the lowest
)

// pager is a page's place in a long list, with links to its neighbours.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
	Label              string
}

func (p *Pages) pager(lang Lang, path string, q url.Values, page, size, total int) pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	pg := pager{Page: page, Pages: pages, Total: total, Label: fmt.Sprintf(p.cat.T(lang, "figures.page"), page, pages)}
	link := func(n int) string {
		u := url.Values{}
		for k, v := range q {
			u[k] = v
		}
		if n > 1 {
			u.Set("page", fmt.Sprint(n))
		} else {
			u.Del("page")
		}
		return path + "?" + u.Encode()
	}
	if page > 1 {
		pg.Prev = link(page - 1)
	}
	if page < pages {
		pg.Next = link(page + 1)
	}
	return pg
}

// clampPage keeps a page number within 1..pages.
func clampPage(page, size, total int) int {
	pages := max(1, (total+size-1)/size)
	return min(max(page, 1), pages)
}

// lowest returns at most n rows with an attainment, the lowest first.
func lowest(rows []analytics.Row, n int) []analytics.Row {
	var rs []analytics.Row
	for _, r := range rows {
		if basisPct(r) != nil {
			rs = append(rs, r)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return *basisPct(rs[i]) < *basisPct(rs[j]) })
	if len(rs) > n {
		rs = rs[:n]
	}
	return rs
}

// maxSmallCharts bounds the per-indicator charts of an agency page; the
// table below has every indicator.
const maxSmallCharts = 6

type yearCell struct {
	Actual, Plan, Attainment, Class string
}

type matrixRow struct {
	Name, Link, Measure string
	Cells               []yearCell
}

type unitPageView struct {
	page
	Info      analytics.UnitInfo
	Name      string
	RankLink  string
	KPIs      []kpiView
	Charts    []chartView
	YearsCols []int
	Matrix    []matrixRow
	Filter    filterView
	Pager     pager
	Count     string
}

// UnitPage renders an agency: its indicators in the year, filtered by
// category and status and paged, the worst first; the lowest attainments;
// actual against plan over the years for the page's first indicators; and
// the table of every year for the page's indicators.
func (p *Pages) UnitPage(ctx context.Context, w io.Writer, q DetailQuery, info DataInfo) error {
	lang := q.Lang
	u, err := p.src.Unit(ctx, q.Code)
	if err != nil {
		return err
	}
	rows, err := p.src.Performance(ctx, analytics.Filter{Units: []string{u.Code}, Exact: true})
	if err != nil {
		return err
	}
	allYears, err := p.src.Years(ctx)
	if err != nil {
		return err
	}
	cats, err := p.src.Categories(ctx)
	if err != nil {
		return err
	}
	year := q.Year
	yearsSet := map[int]bool{}
	for _, r := range rows {
		yearsSet[r.Year] = true
		if q.Year == 0 && r.Year > year {
			year = r.Year
		}
	}
	statuses := validStatuses(q.Statuses)
	query := url.Values{}
	if q.Year != 0 {
		query.Set("year", fmt.Sprint(q.Year))
	}
	setIf(query, "category", q.Category)
	if len(statuses) > 0 {
		query["status"] = statuses
	}
	name := u.NameVI
	if lang == EN {
		name = u.NameEN
	}
	path := "/units/" + url.PathEscape(u.Code)
	v := unitPageView{page: p.newPage(lang, path, query, name, info), Info: u, Name: name}
	v.Year, v.Years = year, allYears
	v.Filter = p.filterView(lang, filterState{Year: year, Category: q.Category, Statuses: statuses}, nil, cats)
	v.Filters = v.Filter.Line
	lq := withLang(url.Values{"year": {fmt.Sprint(year)}}, lang)
	v.RankLink = "/ranking?" + url.Values{"year": {fmt.Sprint(year)}, "block": {u.Block}, "lang": {string(lang)}}.Encode()
	h := newHistory(rows)
	keepStatus := map[string]bool{}
	for _, st := range statuses {
		keepStatus[st] = true
	}
	var ofYear []analytics.Row
	all := 0
	for _, r := range rows {
		if r.Year != year {
			continue
		}
		all++
		if (q.Category == "" || r.Category == q.Category) && (len(statuses) == 0 || keepStatus[r.Status]) {
			ofYear = append(ofYear, r)
		}
	}
	v.Count = fmt.Sprintf(p.cat.T(lang, "unit.filtered"), len(ofYear), all)
	rank := map[string]int{}
	for i, s := range Statuses() {
		rank[s] = i
	}
	sort.SliceStable(ofYear, func(i, j int) bool {
		if rank[ofYear[i].Status] != rank[ofYear[j].Status] {
			return rank[ofYear[i].Status] < rank[ofYear[j].Status]
		}
		pi, pj := basisPct(ofYear[i]), basisPct(ofYear[j])
		return pi != nil && (pj == nil || *pi < *pj)
	})
	page := clampPage(q.Page, unitPageSize, len(ofYear))
	v.Pager = p.pager(lang, path, withLang(query, lang), page, unitPageSize, len(ofYear))
	shown := ofYear[(page-1)*unitPageSize : min(len(ofYear), page*unitPageSize)]
	for _, r := range shown {
		v.KPIs = append(v.KPIs, p.kpi(lang, r, h, year, lq))
	}
	low := lowest(ofYear, maxBars)
	att, err := p.charts.Attainment(lang, "unit-attainment", p.cat.T(lang, "chart.worst"),
		fmt.Sprintf(p.cat.T(lang, "chart.worst.sub"), len(low)), low)
	if err != nil {
		return err
	}
	cs := []Chart{att}
	byInd := map[string][]analytics.Row{}
	for _, r := range rows {
		byInd[r.IndicatorCode] = append(byInd[r.IndicatorCode], r)
	}
	for i, r := range shown {
		if i == maxSmallCharts {
			break
		}
		c, err := p.charts.Compare(Spec{Kind: KindActualPlan, Lang: lang, ID: fmt.Sprintf("ind-%d", i)}, byInd[r.IndicatorCode])
		if err != nil {
			continue
		}
		c.Height = 300
		cs = append(cs, c)
	}
	v.Charts = viewCharts(cs...)
	for y := range yearsSet {
		v.YearsCols = append(v.YearsCols, y)
	}
	sort.Ints(v.YearsCols)
	for _, r := range shown {
		rs := byInd[r.IndicatorCode]
		mr := matrixRow{Name: lang.indicatorName(rs[0]), Measure: rs[0].Measure,
			Link: "/indicators/" + url.PathEscape(r.IndicatorCode) + "?" + url.Values{"unit": {u.Code}, "lang": {string(lang)}, "year": {fmt.Sprint(year)}}.Encode()}
		byYear := map[int]analytics.Row{}
		for _, r := range rs {
			byYear[r.Year] = r
		}
		for _, y := range v.YearsCols {
			r, ok := byYear[y]
			if !ok {
				mr.Cells = append(mr.Cells, yearCell{Actual: "–"})
				continue
			}
			rv := p.rowView(lang, r)
			mr.Cells = append(mr.Cells, yearCell{Actual: rv.Actual, Plan: rv.Plan, Attainment: rv.Attainment, Class: rv.Class})
		}
		v.Matrix = append(v.Matrix, mr)
	}
	return p.render(w, "unit.html", v)
}

type provView struct {
	rowView
	Year                     int
	Unit, UnitLink           string
	File, LoadedAt, LoadedBy string
	LoadID                   int64
	Revisions                []revisionView
	// Release is "estimate" or "preliminary" for a figure not yet official;
	// Cell the cells it came from (Biểu 01!F11).
	Release, Cell string
}

type revisionView struct {
	When, OldActual, OldPlan, OldTarget, NewActual, File string
}

type indicatorPageView struct {
	page
	Info       analytics.IndicatorInfo
	Name       string
	Measure    string
	Direction  string
	UnitFilter string
	Charts     []chartView
	Provenance []provView
	Filter     filterView
	Pager      pager
	TableTitle string
	AllLink    string
}

// maxLines bounds the units drawn as lines on an indicator page.
const maxLines = 12

// IndicatorPage renders an indicator: actual, plan and target over the
// years, its growth, and every value with the file and load it came from.
func (p *Pages) IndicatorPage(ctx context.Context, w io.Writer, q DetailQuery, info DataInfo) error {
	lang := q.Lang
	ind, err := p.src.Indicator(ctx, q.Code)
	if err != nil {
		return err
	}
	for _, u := range q.Units {
		if _, err := p.src.Unit(ctx, u); err != nil {
			return err
		}
	}
	prov, err := p.src.Provenance(ctx, ind.Code, q.Units)
	if err != nil {
		return err
	}
	allYears, err := p.src.Years(ctx)
	if err != nil {
		return err
	}
	query := url.Values{}
	if q.Year != 0 {
		query.Set("year", fmt.Sprint(q.Year))
	}
	if len(q.Units) > 0 {
		query["unit"] = q.Units
	}
	statuses := validStatuses(q.Statuses)
	setIf(query, "block", q.Block)
	if len(statuses) > 0 {
		query["status"] = statuses
	}
	blocks, err := p.src.Blocks(ctx)
	if err != nil {
		return err
	}
	name, measure := ind.NameVI, ind.Measure
	if lang == EN {
		name, measure = ind.NameEN, ind.MeasureEN
	}
	v := indicatorPageView{page: p.newPage(lang, "/indicators/"+url.PathEscape(ind.Code), query, name, info),
		Info: ind, Name: name, Measure: measure, Direction: p.cat.T(lang, "direction."+ind.Direction)}
	rows := make([]analytics.Row, len(prov))
	year := q.Year
	units := map[string]bool{}
	for i, pr := range prov {
		rows[i] = pr.Row
		units[pr.UnitCode] = true
		if q.Year == 0 && pr.Year > year {
			year = pr.Year
		}
	}
	v.Year, v.Years = year, allYears
	if len(q.Units) == 1 {
		v.UnitFilter = q.Units[0]
	}
	v.Filter = p.filterView(lang, filterState{Year: year, Block: q.Block, Unit: strings.Join(q.Units, ", "), Statuses: statuses}, blocks, nil)
	v.Filters = v.Filter.Line
	v.AllLink = "/indicators/" + url.PathEscape(ind.Code) + "?" + withLang(url.Values{"year": {fmt.Sprint(year)}}, lang).Encode()
	// Lines for at most maxLines units: those with the largest actual in the year.
	lines := rows
	if len(units) > maxLines {
		var ofYear []analytics.Row
		for _, r := range rows {
			if r.Year == year && r.Actual != nil {
				ofYear = append(ofYear, r)
			}
		}
		sort.SliceStable(ofYear, func(i, j int) bool { return *ofYear[i].Actual > *ofYear[j].Actual })
		keep := map[string]bool{}
		for i := 0; i < len(ofYear) && i < maxLines; i++ {
			keep[ofYear[i].UnitCode] = true
		}
		lines = nil
		for _, r := range rows {
			if keep[r.UnitCode] {
				lines = append(lines, r)
			}
		}
	}
	var cs []Chart
	if len(rows) > 0 {
		kind := KindLine
		if len(units) == 1 {
			kind = KindActualPlan
		}
		main, err := p.charts.Compare(Spec{Kind: kind, Lang: lang, ID: "indicator-years"}, lines)
		if err != nil {
			return err
		}
		growth, err := p.charts.Compare(Spec{Kind: KindGrowth, Lang: lang, ID: "indicator-growth",
			Title: p.cat.T(lang, "chart.growth") + " — " + name}, lines)
		if err != nil {
			return err
		}
		cs = append(cs, main, growth)
		if len(units) > 1 {
			var ofYear []analytics.Row
			for _, r := range rows {
				if r.Year == year {
					ofYear = append(ofYear, r)
				}
			}
			low := lowest(ofYear, maxBars)
			att, err := p.charts.Attainment(lang, "indicator-attainment", p.cat.T(lang, "chart.worst"),
				fmt.Sprintf(p.cat.T(lang, "chart.worst.sub"), len(low)), low)
			if err != nil {
				return err
			}
			cs = append(cs, att)
		}
	}
	v.Charts = viewCharts(cs...)
	// The table: the year's values, filtered by block and status, a page at a time.
	keep := map[string]bool{}
	for _, st := range statuses {
		keep[st] = true
	}
	var table []analytics.Provenance
	for _, pr := range prov {
		if pr.Year == year && (q.Block == "" || pr.Block == q.Block) && (len(keep) == 0 || keep[pr.Status]) {
			table = append(table, pr)
		}
	}
	sort.SliceStable(table, func(i, j int) bool { return table[i].UnitCode < table[j].UnitCode })
	v.TableTitle = fmt.Sprintf(p.cat.T(lang, "ind.ofyear"), year)
	page := clampPage(q.Page, indicatorPageSize, len(table))
	v.Pager = p.pager(lang, "/indicators/"+url.PathEscape(ind.Code), withLang(query, lang), page, indicatorPageSize, len(table))
	for _, pr := range table[(page-1)*indicatorPageSize : min(len(table), page*indicatorPageSize)] {
		pv := provView{rowView: p.rowView(lang, pr.Row), Year: pr.Year, Unit: lang.unitName(pr.Row),
			UnitLink: "/units/" + url.PathEscape(pr.UnitCode) + "?" + url.Values{"year": {fmt.Sprint(pr.Year)}, "lang": {string(lang)}}.Encode(),
			File:     pr.FileName, LoadedBy: pr.LoadedBy}
		if pr.Release != "official" && pr.Actual != nil {
			pv.Release = pr.Release
		}
		if pr.Source != nil {
			pv.Cell = *pr.Source
		}
		if pr.LoadID != nil {
			pv.LoadID = *pr.LoadID
		}
		if pr.LoadedAt != nil {
			pv.LoadedAt = lang.DateTime(*pr.LoadedAt)
		}
		for _, rv := range pr.Revisions {
			pv.Revisions = append(pv.Revisions, revisionView{When: lang.DateTime(rv.ChangedAt), File: rv.FileName,
				OldActual: lang.Value(rv.OldActual, pr.Measure), OldPlan: lang.Value(rv.OldPlan, pr.Measure),
				OldTarget: lang.Value(rv.OldTarget, pr.Measure), NewActual: lang.Value(rv.NewActual, pr.Measure)})
		}
		v.Provenance = append(v.Provenance, pv)
	}
	return p.render(w, "indicator.html", v)
}
