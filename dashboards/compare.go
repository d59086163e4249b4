package dashboards

import (
	"fmt"
	"sort"
	"strings"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/msg"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Kinds of comparison chart.
const (
	KindLine       = "line"       // each series over the years
	KindBar        = "bar"        // the same as bars
	KindGrouped    = "grouped"    // units side by side, a bar per year
	KindIndex      = "index"      // each series as an index, its first year = 100
	KindActualPlan = "actualplan" // actual and plan as bars, attainment as a line
	KindGrowth     = "growth"     // change on the year before, in per cent
)

// Kinds lists the comparison kinds in the order a picker shows them.
func Kinds() []string {
	return []string{KindLine, KindBar, KindGrouped, KindIndex, KindActualPlan, KindGrowth}
}

// Spec is a comparison chart: which series, over which years, drawn how.
type Spec struct {
	Indicators []string
	Units      []string
	From, To   int
	Kind       string
	Lang       Lang
	Title      string // empty: made from the indicators and years
	Subtitle   string
	ID         string
}

// series is one unit's indicator over the years of a chart.
type series struct {
	key, name, measure, indicator, unit string
	rows                                map[int]analytics.Row
}

// Compare builds the comparison chart of spec from the performance rows of
// its indicators, units and years.
func (cb *Charts) Compare(spec Spec, rows []analytics.Row) (Chart, error) {
	lang := spec.Lang
	ch := Chart{ID: spec.ID, Height: 420}
	if ch.ID == "" {
		ch.ID = "compare"
	}
	ss, years := groupSeries(lang, rows, spec.From, spec.To)
	if len(ss) == 0 {
		return ch, msg.E(data.ErrNotFound, "page.nodata")
	}
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = fmt.Sprint(y)
	}
	heading := spec.Title
	if heading == "" {
		heading = cb.defaultTitle(lang, ss, years)
	}
	fmtSpec := FmtNum
	if allMeasures(ss, "%") {
		fmtSpec = FmtPct
	}
	sub := spec.Subtitle
	if (spec.Kind == KindLine || spec.Kind == KindBar) && !sameMeasure(ss) {
		// Series of different measures on one axis flatten the smaller
		// ones: draw each as an index of its first year instead.
		spec.Kind = KindIndex
		if sub == "" {
			sub = cb.cat.T(lang, "chart.index")
		}
	}
	// A plain legend names every series, in a static export too.
	legend := opts.Legend{Type: "plain", Bottom: "0"}
	ch.Height = 360 + legendRoom(len(ss))
	global := []charts.GlobalOpts{
		title(heading, sub),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(legend),
		charts.WithGridOpts(opts.Grid{Left: "10", Right: "20", Top: "70", Bottom: fmt.Sprint(legendRoom(len(ss))), ContainLabel: opts.Bool(true)}),
	}
	meta := chartMeta{Lang: lang}
	switch spec.Kind {
	case KindGrouped:
		return cb.grouped(ch, spec, ss, years, global, fmtSpec)
	case KindActualPlan:
		return cb.actualPlan(ch, lang, ss, labels, years, global, fmtSpec)
	}
	value := func(s *series, y int) *float64 { return s.rows[y].Actual }
	axisSpec, seriesSpec := fmtSpec, fmtSpec
	switch spec.Kind {
	case KindIndex:
		value = indexValue
		axisSpec, seriesSpec = FmtNum, FmtNum
	case KindGrowth:
		value = func(s *series, y int) *float64 { return s.rows[y].YoYPct }
		axisSpec, seriesSpec = FmtPctAxis, FmtSignedPc
	}
	meta.Y = axisSpec
	if spec.Kind == KindLine || spec.Kind == KindIndex {
		line := charts.NewLine()
		line.SetGlobalOptions(append(global, charts.WithYAxisOpts(opts.YAxis{Type: "value"}))...)
		line.SetXAxis(labels)
		for _, s := range ss {
			data := make([]opts.LineData, len(years))
			for i, y := range years {
				data[i] = opts.LineData{Value: orDash(value(s, y))}
			}
			line.AddSeries(s.name, data, charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true)}))
			meta.Series = append(meta.Series, seriesSpec)
		}
		var err error
		ch.Option, err = finish(line, meta)
		return ch, err
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(global, charts.WithYAxisOpts(opts.YAxis{Type: "value"}))...)
	bar.SetXAxis(labels)
	for _, s := range ss {
		data := make([]opts.BarData, len(years))
		for i, y := range years {
			data[i] = opts.BarData{Value: orDash(value(s, y))}
		}
		bar.AddSeries(s.name, data)
		meta.Series = append(meta.Series, seriesSpec)
	}
	var err error
	ch.Option, err = finish(bar, meta)
	return ch, err
}

// grouped puts units (or series) on the axis and a bar per year.
func (cb *Charts) grouped(ch Chart, spec Spec, ss []*series, years []int, global []charts.GlobalOpts, f FmtSpec) (Chart, error) {
	cats := make([]string, len(ss))
	for i, s := range ss {
		cats[i] = s.name
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(global, charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Width: 120, Overflow: "truncate"}}))...)
	bar.SetXAxis(cats)
	meta := chartMeta{Lang: spec.Lang, Y: f}
	for _, y := range years {
		data := make([]opts.BarData, len(ss))
		for i, s := range ss {
			data[i] = opts.BarData{Value: orDash(s.rows[y].Actual)}
		}
		bar.AddSeries(fmt.Sprint(y), data)
		meta.Series = append(meta.Series, f)
	}
	var err error
	ch.Option, err = finish(bar, meta)
	return ch, err
}

// actualPlan draws actual and plan as bars and the attainment as a line on
// a second axis, in per cent.
func (cb *Charts) actualPlan(ch Chart, lang Lang, ss []*series, labels []string, years []int, global []charts.GlobalOpts, f FmtSpec) (Chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(global, charts.WithYAxisOpts(opts.YAxis{Type: "value"}))...)
	bar.ExtendYAxis(opts.YAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	bar.SetXAxis(labels)
	meta := chartMeta{Lang: lang, Y: f, Y2: FmtPctAxis}
	line := charts.NewLine()
	line.SetXAxis(labels)
	var lineSpecs []FmtSpec
	for _, s := range ss {
		actual := make([]opts.BarData, len(years))
		plan := make([]opts.BarData, len(years))
		att := make([]opts.LineData, len(years))
		for i, y := range years {
			r := s.rows[y]
			actual[i] = opts.BarData{Value: orDash(r.Actual)}
			plan[i] = opts.BarData{Value: orDash(r.Plan)}
			att[i] = opts.LineData{Value: orDash(r.AttainmentPct)}
		}
		prefix := ""
		if len(ss) > 1 {
			prefix = s.name + " · "
		}
		bar.AddSeries(prefix+cb.cat.T(lang, "series.actual"), actual)
		bar.AddSeries(prefix+cb.cat.T(lang, "series.plan"), plan, charts.WithItemStyleOpts(opts.ItemStyle{Opacity: opts.Float(0.45)}))
		line.AddSeries(prefix+cb.cat.T(lang, "series.attainment"), att,
			charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1, ConnectNulls: opts.Bool(true)}))
		meta.Series = append(meta.Series, f, f)
		lineSpecs = append(lineSpecs, FmtPct)
	}
	meta.Series = append(meta.Series, lineSpecs...)
	bar.Overlap(line)
	var err error
	ch.Option, err = finish(bar, meta)
	return ch, err
}

// groupSeries turns performance rows into series, one per indicator and
// unit, and the years of the chart: from..to, or those with data.
func groupSeries(lang Lang, rows []analytics.Row, from, to int) ([]*series, []int) {
	byKey := map[string]*series{}
	var ss []*series
	indicators, units := map[string]bool{}, map[string]bool{}
	minY, maxY := 0, 0
	for _, r := range rows {
		if (from != 0 && r.Year < from) || (to != 0 && r.Year > to) {
			continue
		}
		indicators[r.IndicatorCode], units[r.UnitCode] = true, true
		key := r.IndicatorCode + "\x00" + r.UnitCode
		s := byKey[key]
		if s == nil {
			s = &series{key: key, measure: r.Measure, indicator: r.IndicatorCode, unit: r.UnitCode, rows: map[int]analytics.Row{}}
			byKey[key] = s
			ss = append(ss, s)
		}
		s.rows[r.Year] = r
		if minY == 0 || r.Year < minY {
			minY = r.Year
		}
		maxY = max(maxY, r.Year)
	}
	for _, s := range ss {
		var r analytics.Row
		for _, v := range s.rows {
			r = v
			break
		}
		switch {
		case len(indicators) == 1:
			s.name = lang.unitName(r)
		case len(units) == 1:
			s.name = lang.indicatorName(r)
		default:
			s.name = fmt.Sprintf("%s (%s)", lang.indicatorName(r), r.UnitCode)
		}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].key < ss[j].key })
	if from != 0 {
		minY = from
	}
	if to != 0 {
		maxY = to
	}
	var years []int
	for y := minY; y <= maxY && y != 0; y++ {
		years = append(years, y)
	}
	return ss, years
}

// indexValue is a series' actual as an index of its first actual in the
// chart: 100 in that year.
func indexValue(s *series, y int) *float64 {
	first := 0
	for yy, r := range s.rows {
		if r.Actual != nil && (first == 0 || yy < first) {
			first = yy
		}
	}
	base, v := s.rows[first].Actual, s.rows[y].Actual
	if base == nil || v == nil || *base == 0 {
		return nil
	}
	x := *v / *base * 100
	return &x
}

func orDash(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

// sameMeasure says whether every series counts in one measure.
func sameMeasure(ss []*series) bool {
	for _, s := range ss {
		if s.measure != ss[0].measure {
			return false
		}
	}
	return true
}

func allMeasures(ss []*series, m string) bool {
	for _, s := range ss {
		if s.measure != m {
			return false
		}
	}
	return len(ss) > 0
}

func (cb *Charts) defaultTitle(lang Lang, ss []*series, years []int) string {
	seen := map[string]bool{}
	var names []string
	for _, s := range ss {
		for _, r := range s.rows {
			if n := lang.indicatorName(r); !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
			break
		}
	}
	t := strings.Join(names, ", ")
	if len(years) > 1 {
		t += fmt.Sprintf(" %d–%d", years[0], years[len(years)-1])
	} else if len(years) == 1 {
		t += fmt.Sprintf(" %d", years[0])
	}
	return t
}
