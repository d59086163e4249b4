package dashboards

import (
	"encoding/json"
	"fmt"
	"net/url"

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

// categoryLabel wraps a long category name on up to three lines instead
// of cutting it, so a name keeps its end; containLabel in the grid gives the
// labels the room they take, measured once the web font is in (app.js draws
// after document.fonts.ready).
func categoryLabel() *opts.AxisLabel {
	return &opts.AxisLabel{Width: 240, Overflow: "break", Interval: "0"}
}

// barGrid is the grid of a horizontal bar chart: labels inside the box.
// containLabel measures a label a few pixels short of what is drawn (its
// margin), so the left edge keeps 16 px of slack.
func barGrid(top string) opts.Grid {
	return opts.Grid{Left: "16", Right: "70", Top: top, Bottom: "10", ContainLabel: opts.Bool(true)}
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

// Attainment is a horizontal bar per figure of rows, in their order from
// the top: its attainment, coloured by status, with a line at 100%. The
// rows are a capped list (the worst or best N), never a year's every row.
func (cb *Charts) Attainment(lang Lang, id, heading, sub string, rows []analytics.Row) (Chart, error) {
	var rs []analytics.Row
	for _, r := range rows {
		if basisPct(r) != nil {
			rs = append(rs, r)
		}
	}
	ch := Chart{ID: id, Height: 110 + 40*len(rs)}
	if len(rs) == 0 {
		ch.Empty = cb.cat.T(lang, "nodata")
		ch.Height = 0
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
		title(heading, sub),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(barGrid("64")),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: categoryLabel()}),
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
// exceeded, met, nearly met or missed their plan; the units with the most
// missed first, as the overview's query capped them.
func (cb *Charts) StatusByUnit(lang Lang, units []analytics.UnitCount) (Chart, error) {
	cats := make([]string, len(units))
	links := make([]string, len(units))
	n := map[string][]int{}
	for i, u := range units {
		cats[i] = u.NameVI
		if lang == EN {
			cats[i] = u.NameEN
		}
		links[i] = "/units/" + url.PathEscape(u.Code)
		n["exceeded"] = append(n["exceeded"], u.Exceeded)
		n["met"] = append(n["met"], u.Met)
		n["near"] = append(n["near"], u.Near)
		n["missed"] = append(n["missed"], u.Missed)
		n["no plan"] = append(n["no plan"], u.NoPlan)
	}
	return cb.statusBars(lang, "status", cb.cat.T(lang, "chart.status"), cats, links, n)
}

// StatusByBlock is a stacked bar per block: its figures by status.
func (cb *Charts) StatusByBlock(lang Lang, counts []analytics.StatusCount, link func(string) string) (Chart, error) {
	var blocks []string
	idx := map[string]int{}
	for _, c := range counts {
		if _, ok := idx[c.Block]; !ok {
			idx[c.Block] = len(blocks)
			blocks = append(blocks, c.Block)
		}
	}
	n := map[string][]int{}
	for _, st := range Statuses() {
		n[st] = make([]int, len(blocks))
	}
	for _, c := range counts {
		if n[c.Status] != nil {
			n[c.Status][idx[c.Block]] += c.N
		}
	}
	cats := make([]string, len(blocks))
	links := make([]string, len(blocks))
	for i, b := range blocks {
		cats[i] = b
		if b == "" {
			cats[i] = cb.cat.T(lang, "block.none")
		}
		links[i] = link(b)
	}
	return cb.statusBars(lang, "status", cb.cat.T(lang, "chart.blocks"), cats, links, n)
}

// statusBars stacks counts by status, a bar per category from the top.
func (cb *Charts) statusBars(lang Lang, id, heading string, cats, links []string, n map[string][]int) (Chart, error) {
	ch := Chart{ID: id, Height: 150 + 40*len(cats)}
	if len(cats) == 0 {
		ch.Empty = cb.cat.T(lang, "nodata")
		ch.Height = 0
		return ch, nil
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		title(heading, cb.cat.T(lang, "chart.status.sub")),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(barGrid("96")),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1, Min: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: categoryLabel()}),
		charts.WithLegendOpts(opts.Legend{Type: "plain", Top: "50", Left: "left"}),
	)
	bar.SetXAxis(cats)
	var specs []FmtSpec
	for _, st := range []string{"exceeded", "met", "near", "missed", "no plan"} {
		data := make([]opts.BarData, len(cats))
		for i := range cats {
			if i < len(n[st]) {
				data[i] = opts.BarData{Value: n[st][i]}
			}
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

// Growth is a horizontal bar per figure of rows (the biggest movers, in
// their order from the top): its change on the year before in per cent,
// each label beside its own bar. Rates change in points and are left out.
func (cb *Charts) Growth(lang Lang, year, n int, rows []analytics.Row) (Chart, error) {
	var rs []analytics.Row
	for _, r := range rows {
		if r.YoYPct != nil && r.Kind != "rate" {
			rs = append(rs, r)
		}
	}
	ch := Chart{ID: "growth", Height: 110 + 40*len(rs)}
	if len(rs) == 0 {
		ch.Empty = cb.cat.T(lang, "chart.growth.none")
		ch.Height = 0
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
		title(cb.cat.T(lang, "chart.movers"), fmt.Sprintf(cb.cat.T(lang, "chart.movers.sub"), n, year-1)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(barGrid("64")),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: categoryLabel()}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	bar.SetXAxis(cats).AddSeries(cb.cat.T(lang, "series.growth"), data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "60%"}))
	bar.XYReversal()
	var err error
	ch.Option, err = finish(bar, chartMeta{Lang: lang, X: FmtPctAxis, Series: []FmtSpec{FmtSignedPc}, Links: links})
	return ch, err
}
