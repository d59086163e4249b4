package dashboards

import (
	"context"
	"fmt"
	"io"
	"net/url"
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

type overviewView struct {
	page
	Heading, Summary string
	Counts           []statusCount
	Charts           []chartView
	Attention        []kpiView
	Blocks           []blockView
	Detailed         bool // KPI cards per indicator; false for very large years
}

// maxDetailedRows is the size of a year above which the overview shows
// each agency's counts rather than a card per indicator.
const maxDetailedRows = 400

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
	q2 := url.Values{}
	if q.Year != 0 {
		q2.Set("year", fmt.Sprint(q.Year))
	}
	if lang == EN {
		q2.Set("lang", "en")
	}
	var h history
	v.Detailed = len(rows) <= maxDetailedRows
	if v.Detailed {
		past, err := p.src.Performance(ctx, analytics.Filter{FromYear: year - 9, ToYear: year})
		if err != nil {
			return err
		}
		h = newHistory(past)
		for _, r := range rows {
			if r.Status == "missed" || r.Status == "near" {
				v.Attention = append(v.Attention, p.kpi(lang, r, h, year, q2))
			}
		}
	}
	v.Blocks = p.blocks(lang, rows, h, year, q2, v.Detailed)
	return p.render(w, "overview.html", v)
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
