package dashboards

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sort"

	"chitieu/analytics"
)

// DetailQuery selects an agency's or an indicator's page.
type DetailQuery struct {
	Code  string
	Year  int
	Units []string // indicator page: only these units
	Lang  Lang
}

// maxSmallCharts bounds the per-indicator charts of an agency page; the
// table below has every indicator.
const maxSmallCharts = 12

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
}

// UnitPage renders an agency: its indicators in the year, each one's actual
// against plan over the years, and the table of every year.
func (p *Pages) UnitPage(ctx context.Context, w io.Writer, q DetailQuery, info DataInfo) error {
	lang := q.Lang
	u, err := p.src.Unit(ctx, q.Code)
	if err != nil {
		return err
	}
	rows, err := p.src.Performance(ctx, analytics.Filter{Units: []string{u.Code}})
	if err != nil {
		return err
	}
	allYears, err := p.src.Years(ctx)
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
	query := url.Values{}
	if q.Year != 0 {
		query.Set("year", fmt.Sprint(q.Year))
	}
	name := u.NameVI
	if lang == EN {
		name = u.NameEN
	}
	v := unitPageView{page: p.newPage(lang, "/units/"+url.PathEscape(u.Code), query, name, info), Info: u, Name: name}
	v.Year, v.Years = year, allYears
	lq := url.Values{"year": {fmt.Sprint(year)}}
	if lang == EN {
		lq.Set("lang", "en")
	}
	v.RankLink = "/ranking?" + url.Values{"year": {fmt.Sprint(year)}, "block": {u.Block}, "lang": {string(lang)}}.Encode()
	h := newHistory(rows)
	var ofYear []analytics.Row
	for _, r := range rows {
		if r.Year == year {
			ofYear = append(ofYear, r)
		}
	}
	rank := map[string]int{}
	for i, s := range Statuses() {
		rank[s] = i
	}
	sort.SliceStable(ofYear, func(i, j int) bool { return rank[ofYear[i].Status] < rank[ofYear[j].Status] })
	for _, r := range ofYear {
		v.KPIs = append(v.KPIs, p.kpi(lang, r, h, year, lq))
	}
	att, err := p.charts.Attainment(lang, ofYear)
	if err != nil {
		return err
	}
	att.ID = "unit-attainment"
	cs := []Chart{att}
	byInd := map[string][]analytics.Row{}
	var inds []string
	for _, r := range rows {
		if byInd[r.IndicatorCode] == nil {
			inds = append(inds, r.IndicatorCode)
		}
		byInd[r.IndicatorCode] = append(byInd[r.IndicatorCode], r)
	}
	for i, code := range inds {
		if i == maxSmallCharts {
			break
		}
		c, err := p.charts.Compare(Spec{Kind: KindActualPlan, Lang: lang, ID: fmt.Sprintf("ind-%d", i)}, byInd[code])
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
	for _, code := range inds {
		rs := byInd[code]
		mr := matrixRow{Name: lang.indicatorName(rs[0]), Measure: rs[0].Measure,
			Link: "/indicators/" + url.PathEscape(code) + "?" + url.Values{"unit": {u.Code}, "lang": {string(lang)}}.Encode()}
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
			att, err := p.charts.Attainment(lang, ofYear)
			if err != nil {
				return err
			}
			att.ID = "indicator-attainment"
			cs = append(cs, att)
		}
	}
	v.Charts = viewCharts(cs...)
	sort.SliceStable(prov, func(i, j int) bool {
		if prov[i].Year != prov[j].Year {
			return prov[i].Year > prov[j].Year
		}
		return prov[i].UnitCode < prov[j].UnitCode
	})
	for _, pr := range prov {
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
