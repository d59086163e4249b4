package dashboards

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/msg"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// TableColumn is a column of a query result.
type TableColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// TableChart draws a query result by year: the x axis is its "year" column
// (else its first column), a series per value of its first text column (if
// any), and the values its first numeric column that is not the year.
func (cb *Charts) TableChart(lang Lang, kind, heading string, cols []TableColumn, rows [][]any) (Chart, error) {
	ch := Chart{ID: "table", Height: 460}
	if len(cols) < 2 || len(rows) == 0 {
		return ch, msg.E(data.ErrInvalid, "api.chart.table_columns")
	}
	x, group, val := -1, -1, -1
	for i, c := range cols {
		if strings.EqualFold(c.Name, "year") || strings.EqualFold(c.Name, "năm") {
			x = i
		}
	}
	if x < 0 {
		x = 0
	}
	for i, c := range cols {
		if i == x {
			continue
		}
		num := numericType(c.Type)
		if num && val < 0 {
			val = i
		}
		if !num && group < 0 {
			group = i
		}
	}
	if val < 0 {
		return ch, msg.E(data.ErrInvalid, "api.chart.table_numeric", "column", strconv.Quote(cols[x].Name))
	}
	xs := map[string]bool{}
	data := map[string]map[string]any{}
	var groups []string
	for _, r := range rows {
		xk := fmt.Sprint(r[x])
		xs[xk] = true
		g := cols[val].Name
		if group >= 0 {
			g = fmt.Sprint(r[group])
		}
		if data[g] == nil {
			data[g] = map[string]any{}
			groups = append(groups, g)
		}
		data[g][xk] = r[val]
	}
	var xl []string
	for k := range xs {
		xl = append(xl, k)
	}
	sort.Strings(xl)
	global := []charts.GlobalOpts{
		title(heading, cols[val].Name),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Type: "plain", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "10", Right: "40", Top: "70", Bottom: fmt.Sprint(legendRoom(len(groups))), ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
	}
	meta := chartMeta{Lang: lang, Y: FmtNum}
	var err error
	if kind == KindBar {
		bar := charts.NewBar()
		bar.SetGlobalOptions(global...)
		bar.SetXAxis(xl)
		for _, g := range groups {
			d := make([]opts.BarData, len(xl))
			for i, xk := range xl {
				d[i] = opts.BarData{Value: valueOrDash(data[g][xk])}
			}
			bar.AddSeries(g, d)
			meta.Series = append(meta.Series, FmtNum)
		}
		ch.Option, err = finish(bar, meta)
		return ch, err
	}
	line := charts.NewLine()
	line.SetGlobalOptions(global...)
	line.SetXAxis(xl)
	for _, g := range groups {
		d := make([]opts.LineData, len(xl))
		for i, xk := range xl {
			d[i] = opts.LineData{Value: valueOrDash(data[g][xk])}
		}
		line.AddSeries(g, d, charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true)}))
		meta.Series = append(meta.Series, FmtNum)
	}
	ch.Option, err = finish(line, meta)
	return ch, err
}

func numericType(t string) bool {
	t = strings.ToUpper(t)
	for _, n := range []string{"INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL", "NUMERIC"} {
		if strings.Contains(t, n) {
			return true
		}
	}
	return false
}

func valueOrDash(v any) any {
	if v == nil {
		return "-"
	}
	return v
}
