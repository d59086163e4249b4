package dashboards

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"

	"chitieu/analytics"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is one ECharts option built in Go, ready for the browser, the SVG
// renderer or an HTML export.
type Chart struct {
	ID     string
	Option json.RawMessage
	Height int    // pixels
	Empty  string // shown instead of the chart when there is nothing to draw
}

// chartMeta rides in the option under "ct": how app.js formats numbers on
// axes, labels and tooltips, and where a click on a category leads.
type chartMeta struct {
	Lang   Lang      `json:"lang"`
	X      FmtSpec   `json:"x,omitempty"`
	Y      FmtSpec   `json:"y,omitempty"`
	Y2     FmtSpec   `json:"y2,omitempty"` // the second value axis, when there is one
	Series []FmtSpec `json:"series,omitempty"`
	Links  []string  `json:"links,omitempty"`
}

// Charts builds the chart options of the dashboards.
type Charts struct {
	cat *Catalog
}

// NewCharts returns chart builders labelled from cat.
func NewCharts(cat *Catalog) *Charts { return &Charts{cat: cat} }

type chartConfig interface {
	Validate()
	JSON() map[string]interface{}
}

func finish(c chartConfig, meta chartMeta) (json.RawMessage, error) {
	c.Validate()
	obj := c.JSON()
	delete(obj, "toolbox")
	obj["ct"] = meta
	obj["animation"] = false
	obj["textStyle"] = map[string]string{"fontFamily": "'Be Vietnam Pro', system-ui, sans-serif"}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return b, nil
}

// categoryGutter is the room left of a horizontal bar chart for its category
// labels; a fixed gutter with truncated labels lays out the same whatever the
// font, where ECharts' containLabel measures before a web font arrives.
const categoryGutter = "230"

func categoryLabel() *opts.AxisLabel {
	return &opts.AxisLabel{Width: 220, Overflow: "truncate"}
}

func title(t, sub string) charts.GlobalOpts {
	return charts.WithTitleOpts(opts.Title{Title: t, Subtitle: sub, Left: "left",
		TitleStyle: &opts.TextStyle{FontSize: 15}})
}

func (l Lang) unitName(r analytics.Row) string {
	if l == EN {
		return r.UnitNameEN
	}
	return r.UnitNameVI
}

func (l Lang) indicatorName(r analytics.Row) string {
	if l == EN {
		return r.IndicatorNameEN
	}
	return r.IndicatorNameVI
}

// basisPct is the attainment a status is measured by: against the plan, else
// against the registered target.
func basisPct(r analytics.Row) *float64 {
	if r.AttainmentPct != nil {
		return r.AttainmentPct
	}
	return r.TargetAttainmentPct
}

// Attainment is a horizontal bar per indicator and unit: its attainment,
// coloured by status, the lowest on top, with a line at 100%.
func (cb *Charts) Attainment(lang Lang, rows []analytics.Row) (Chart, error) {
	var rs []analytics.Row
	for _, r := range rows {
		if basisPct(r) != nil {
			rs = append(rs, r)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return *basisPct(rs[i]) > *basisPct(rs[j]) })
	ch := Chart{ID: "attainment", Height: 120 + 28*len(rs)}
	if len(rs) == 0 {
		ch.Empty = cb.cat.T(lang, "status.no plan")
		return ch, nil
	}
	cats := make([]string, len(rs))
	data := make([]opts.BarData, len(rs))
	links := make([]string, len(rs))
	for i, r := range rs {
		cats[i] = fmt.Sprintf("%s (%s)", lang.indicatorName(r), r.UnitCode)
		data[i] = opts.BarData{Value: *basisPct(r), ItemStyle: &opts.ItemStyle{Color: StatusColor(r.Status)}}
		links[i] = "/indicators/" + url.PathEscape(r.IndicatorCode)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		title(cb.cat.T(lang, "chart.attainment"), cb.cat.T(lang, "chart.attainment.sub")),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(opts.Grid{Left: categoryGutter, Right: "60", Top: "60", Bottom: "30"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", AxisLabel: categoryLabel()}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	bar.SetXAxis(cats).AddSeries(cb.cat.T(lang, "series.attainment"), data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "100%", XAxis: 100}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#cf222e", Type: "dashed"}, Label: &opts.Label{Show: opts.Bool(false)}}),
	)
	bar.XYReversal()
	var err error
	ch.Option, err = finish(bar, chartMeta{Lang: lang, X: FmtPctAxis, Series: []FmtSpec{FmtPct}, Links: links})
	return ch, err
}

// StatusByUnit is a stacked bar per unit: how many of its indicators
// exceeded, met, nearly met or missed their plan, or have none.
func (cb *Charts) StatusByUnit(lang Lang, rows []analytics.Row) (Chart, error) {
	type unit struct {
		code, name string
		n          map[string]int
	}
	var units []*unit
	byCode := map[string]*unit{}
	for _, r := range rows {
		u := byCode[r.UnitCode]
		if u == nil {
			u = &unit{code: r.UnitCode, name: lang.unitName(r), n: map[string]int{}}
			byCode[r.UnitCode] = u
			units = append(units, u)
		}
		u.n[r.Status]++
	}
	ch := Chart{ID: "status", Height: 140 + 34*len(units)}
	if len(units) == 0 {
		ch.Empty = cb.cat.T(lang, "data.none")
		return ch, nil
	}
	cats := make([]string, len(units))
	links := make([]string, len(units))
	for i, u := range units {
		cats[i] = u.name
		links[i] = "/units/" + url.PathEscape(u.code)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		title(cb.cat.T(lang, "chart.status"), cb.cat.T(lang, "chart.status.sub")),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(opts.Grid{Left: categoryGutter, Right: "30", Top: "90", Bottom: "30"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: categoryLabel()}),
		charts.WithLegendOpts(opts.Legend{Top: "50", Left: "left"}),
	)
	bar.SetXAxis(cats)
	var specs []FmtSpec
	for _, st := range []string{"exceeded", "met", "near", "missed", "no plan"} {
		data := make([]opts.BarData, len(units))
		for i, u := range units {
			data[i] = opts.BarData{Value: u.n[st]}
		}
		bar.AddSeries(cb.cat.T(lang, "status."+st), data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "status"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: StatusColor(st)}))
		specs = append(specs, FmtNum)
	}
	bar.XYReversal()
	var err error
	ch.Option, err = finish(bar, chartMeta{Lang: lang, X: FmtNum, Series: specs, Links: links})
	return ch, err
}

// Growth is a bar per indicator and unit with a figure for the year before:
// its change in per cent. Rates change in points and are left to the table.
func (cb *Charts) Growth(lang Lang, year int, rows []analytics.Row) (Chart, error) {
	var rs []analytics.Row
	for _, r := range rows {
		if r.YoYPct != nil && r.Kind != "rate" {
			rs = append(rs, r)
		}
	}
	ch := Chart{ID: "growth", Height: 340}
	if len(rs) == 0 {
		ch.Empty = cb.cat.T(lang, "chart.growth.none")
		return ch, nil
	}
	cats := make([]string, len(rs))
	data := make([]opts.BarData, len(rs))
	links := make([]string, len(rs))
	for i, r := range rs {
		cats[i] = fmt.Sprintf("%s (%s)", lang.indicatorName(r), r.UnitCode)
		color := "#1f6feb"
		if (*r.YoYPct < 0) != (r.Direction == "lower") && *r.YoYPct != 0 {
			color = "#cf222e" // moved the wrong way
		}
		data[i] = opts.BarData{Value: *r.YoYPct, ItemStyle: &opts.ItemStyle{Color: color}}
		links[i] = "/indicators/" + url.PathEscape(r.IndicatorCode)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		title(cb.cat.T(lang, "chart.growth"), fmt.Sprintf(cb.cat.T(lang, "chart.growth.sub"), year-1)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "20", Top: "70", Bottom: "10", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Width: 160, Overflow: "break"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	bar.SetXAxis(cats).AddSeries(cb.cat.T(lang, "series.growth"), data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}))
	var err error
	ch.Option, err = finish(bar, chartMeta{Lang: lang, Y: FmtPctAxis, Series: []FmtSpec{FmtSignedPc}, Links: links})
	return ch, err
}

// ActualPlan is grouped bars of actual and plan per indicator and unit, on a
// log scale so that 12 inspections and 7.620.000 arrivals share one chart.
// Rates are left out: their plan is a rate, not an amount.
func (cb *Charts) ActualPlan(lang Lang, rows []analytics.Row) (Chart, error) {
	var rs []analytics.Row
	for _, r := range rows {
		if r.Plan != nil && r.Actual != nil && r.Kind != "rate" && *r.Plan > 0 && *r.Actual > 0 {
			rs = append(rs, r)
		}
	}
	ch := Chart{ID: "actualplan", Height: 120 + 44*len(rs)}
	if len(rs) == 0 {
		ch.Empty = cb.cat.T(lang, "status.no plan")
		return ch, nil
	}
	cats := make([]string, len(rs))
	actual := make([]opts.BarData, len(rs))
	plan := make([]opts.BarData, len(rs))
	links := make([]string, len(rs))
	for i, r := range rs {
		cats[i] = fmt.Sprintf("%s (%s)", lang.indicatorName(r), r.UnitCode)
		actual[i] = opts.BarData{Value: *r.Actual}
		plan[i] = opts.BarData{Value: *r.Plan}
		links[i] = "/indicators/" + url.PathEscape(r.IndicatorCode)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		title(cb.cat.T(lang, "chart.actualplan"), cb.cat.T(lang, "chart.actualplan.sub")),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(opts.Grid{Left: categoryGutter, Right: "30", Top: "80", Bottom: "30"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "log", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: categoryLabel()}),
		charts.WithLegendOpts(opts.Legend{Top: "45", Left: "left"}),
	)
	bar.SetXAxis(cats).
		AddSeries(cb.cat.T(lang, "series.actual"), actual, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f6feb"})).
		AddSeries(cb.cat.T(lang, "series.plan"), plan, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#8c959f"}))
	bar.XYReversal()
	var err error
	ch.Option, err = finish(bar, chartMeta{Lang: lang, X: FmtNum, Series: []FmtSpec{FmtNum, FmtNum}, Links: links})
	return ch, err
}
