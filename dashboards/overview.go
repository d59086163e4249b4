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
	Year int // 0: the latest year with data
	Lang Lang
}

type statusCount struct {
	Status, Label, Icon, Color, Class string
	N                                 int
}

type rowView struct {
	Indicator, Measure, Actual, Plan, Target, Attainment, YoY string
	Status, StatusLabel, Icon, Class, Note                    string
	ActualDerived, PlanDerived, TargetDerived                 bool
}

type unitView struct {
	Code, Name string
	Rows       []rowView
}

type overviewView struct {
	page
	Heading, Summary string
	Counts           []statusCount
	Charts           []chartView
	Units            []unitView
}

// Overview renders the overview page of a year: status totals, the charts
// and the table of every figure by unit, worst first.
func (p *Pages) Overview(ctx context.Context, w io.Writer, q OverviewQuery, info DataInfo) error {
	years, err := p.src.Years(ctx)
	if err != nil {
		return err
	}
	year := q.Year
	if year == 0 && len(years) > 0 {
		year = years[0]
	}
	rows, err := p.src.Performance(ctx, analytics.Filter{Year: year})
	if err != nil {
		return err
	}
	lang := q.Lang
	query := url.Values{}
	if q.Year != 0 {
		query.Set("year", fmt.Sprint(q.Year))
	}
	v := overviewView{page: p.newPage(lang, "/", query, p.cat.T(lang, "overview"), info)}
	v.Year, v.Years = year, years
	v.Heading = fmt.Sprintf(p.cat.T(lang, "overview.title"), year)

	units, inds := map[string]bool{}, map[string]bool{}
	counts := map[string]int{}
	for _, r := range rows {
		units[r.UnitCode], inds[r.IndicatorCode] = true, true
		counts[r.Status]++
	}
	v.Summary = fmt.Sprintf("%d %s · %d %s · %d %s", len(units), p.cat.T(lang, "units"),
		len(inds), p.cat.T(lang, "indicators"), len(rows), p.cat.T(lang, "observations"))
	for _, st := range Statuses() {
		v.Counts = append(v.Counts, statusCount{Status: st, Label: p.cat.T(lang, "status."+st),
			Icon: StatusIcon(st), Color: StatusColor(st), Class: statusClass(st), N: counts[st]})
	}

	var charts []Chart
	for _, build := range []func() (Chart, error){
		func() (Chart, error) { return p.charts.Attainment(lang, rows) },
		func() (Chart, error) { return p.charts.StatusByUnit(lang, rows) },
		func() (Chart, error) { return p.charts.Growth(lang, year, rows) },
		func() (Chart, error) { return p.charts.ActualPlan(lang, rows) },
	} {
		c, err := build()
		if err != nil {
			return err
		}
		charts = append(charts, c)
	}
	v.Charts = viewCharts(charts...)
	v.Units = p.unitViews(lang, rows)
	return p.render(w, "overview.html", v)
}

func statusClass(s string) string { return strings.ReplaceAll(s, " ", "-") }

// unitViews groups rows by unit, units with the most missed plans first and
// within a unit the worst status first.
func (p *Pages) unitViews(lang Lang, rows []analytics.Row) []unitView {
	rank := map[string]int{}
	for i, s := range Statuses() {
		rank[s] = i
	}
	byUnit := map[string]*unitView{}
	missed := map[string]int{}
	var order []string
	sorted := append([]analytics.Row(nil), rows...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank[sorted[i].Status] < rank[sorted[j].Status] })
	for _, r := range sorted {
		u := byUnit[r.UnitCode]
		if u == nil {
			u = &unitView{Code: r.UnitCode, Name: lang.unitName(r)}
			byUnit[r.UnitCode] = u
			order = append(order, r.UnitCode)
		}
		if r.Status == "missed" || r.Status == "near" {
			missed[r.UnitCode]++
		}
		u.Rows = append(u.Rows, p.rowView(lang, r))
	}
	sort.SliceStable(order, func(i, j int) bool {
		if missed[order[i]] != missed[order[j]] {
			return missed[order[i]] > missed[order[j]]
		}
		return byUnit[order[i]].Name < byUnit[order[j]].Name
	})
	out := make([]unitView, len(order))
	for i, c := range order {
		out[i] = *byUnit[c]
	}
	return out
}

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
