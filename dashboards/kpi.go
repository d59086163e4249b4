package dashboards

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strings"

	"chitieu/analytics"
)

// kpiView is one indicator of one unit as a card: the year's figures, its
// status by colour, icon and word, and the years before as a sparkline.
type kpiView struct {
	Lang                                                    Lang
	Indicator, Unit, Measure, Actual, Plan, Attainment, YoY string
	Status, StatusLabel, Icon, Class, Color, Note, Link     string
	Derived                                                 bool
	Spark                                                   template.HTML
}

// history holds each series' actuals by year, for sparklines.
type history map[string]map[int]*float64

func seriesKey(unit, indicator string) string { return unit + "\x00" + indicator }

func newHistory(rows []analytics.Row) history {
	h := history{}
	for _, r := range rows {
		k := seriesKey(r.UnitCode, r.IndicatorCode)
		if h[k] == nil {
			h[k] = map[int]*float64{}
		}
		h[k][r.Year] = r.Actual
	}
	return h
}

func (p *Pages) kpi(lang Lang, r analytics.Row, h history, year int, q url.Values) kpiView {
	rv := p.rowView(lang, r)
	k := kpiView{Lang: lang, Indicator: rv.Indicator, Unit: lang.unitName(r), Measure: rv.Measure, Actual: rv.Actual, Plan: rv.Plan,
		Attainment: rv.Attainment, YoY: rv.YoY, Status: r.Status, StatusLabel: rv.StatusLabel, Icon: rv.Icon,
		Class: rv.Class, Color: StatusColor(r.Status), Note: rv.Note, Derived: rv.ActualDerived || rv.PlanDerived || rv.TargetDerived}
	lq := url.Values{"unit": {r.UnitCode}}
	for _, key := range []string{"lang", "year"} {
		if v := q.Get(key); v != "" {
			lq.Set(key, v)
		}
	}
	k.Link = "/indicators/" + url.PathEscape(r.IndicatorCode) + "?" + lq.Encode()
	if h != nil {
		k.Spark = sparkline(h[seriesKey(r.UnitCode, r.IndicatorCode)], year-9, year, k.Indicator, lang, r.Measure)
	}
	return k
}

// sparkline draws a series' last years as a small SVG line, the year shown
// marked; its label reads the values for a screen reader.
func sparkline(vals map[int]*float64, from, to int, name string, lang Lang, measure string) template.HTML {
	var years []int
	for y := from; y <= to; y++ {
		if v, ok := vals[y]; ok && v != nil {
			years = append(years, y)
		}
	}
	if len(years) < 2 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, y := range years {
		lo, hi = math.Min(lo, *vals[y]), math.Max(hi, *vals[y])
	}
	const w, h, pad = 120.0, 28.0, 3.0
	span := float64(years[len(years)-1] - years[0])
	x := func(y int) float64 { return pad + (w-2*pad)*float64(y-years[0])/span }
	yv := func(v float64) float64 {
		if hi == lo {
			return h / 2
		}
		return h - pad - (h-2*pad)*(v-lo)/(hi-lo)
	}
	var pts, label []string
	for _, y := range years {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(y), yv(*vals[y])))
		label = append(label, fmt.Sprintf("%d: %s", y, lang.Value(vals[y], measure)))
	}
	last := years[len(years)-1]
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="%s"/><circle cx="%.1f" cy="%.1f" r="2.5" fill="#1f6feb"/></svg>`,
		w, h, w, h, template.HTMLEscapeString(name+" — "+strings.Join(label, "; ")), strings.Join(pts, " "), x(last), yv(*vals[last])))
}
