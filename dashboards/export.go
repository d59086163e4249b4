package dashboards

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/msg"
)

// Limits on what a chart may ask for: beyond them the picture means nothing
// or the request is an attack.
const (
	MinSize, MaxSize   = 200, 4000
	DefaultW, DefaultH = 900, 500
	MaxYears           = 60
	MaxIndicators      = 20
	MaxUnits           = 100
)

// Export formats of a chart.
const (
	FormatSVG  = "svg"
	FormatPNG  = "png"
	FormatHTML = "html"
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// ContentType is the MIME type of an export format.
func ContentType(format string) string {
	return map[string]string{FormatSVG: "image/svg+xml", FormatPNG: "image/png", FormatHTML: "text/html; charset=utf-8",
		FormatJSON: "application/json", FormatCSV: "text/csv; charset=utf-8"}[format]
}

// ChartRequest is a comparison chart asked for by a person or a program.
type ChartRequest struct {
	Spec
	Format        string
	Width, Height int
	// CSVPlain asks for the CSV of programs rather than the one people
	// open in Excel (see WritePerformanceCSV).
	CSVPlain bool
}

// Validate refuses absurd requests with a reason, and fills defaults.
func (r *ChartRequest) Validate() error {
	if r.Kind == "" {
		r.Kind = KindLine
	}
	if !slices.Contains(Kinds(), r.Kind) {
		return msg.E(data.ErrInvalid, "api.chart.kind", "kinds", strings.Join(Kinds(), ", "), "value", strconv.Quote(r.Kind))
	}
	if r.Format == "" {
		r.Format = FormatSVG
	}
	if ContentType(r.Format) == "" {
		return msg.E(data.ErrInvalid, "api.chart.format", "value", strconv.Quote(r.Format))
	}
	if r.Width == 0 {
		r.Width = DefaultW
	}
	if r.Height == 0 {
		r.Height = DefaultH
	}
	if r.Width < MinSize || r.Width > MaxSize || r.Height < MinSize || r.Height > MaxSize {
		return msg.E(data.ErrInvalid, "api.chart.size", "min", strconv.Itoa(MinSize), "max", strconv.Itoa(MaxSize))
	}
	switch {
	case len(r.Indicators) == 0:
		return msg.E(data.ErrInvalid, "api.chart.no_indicator")
	case len(r.Indicators) > MaxIndicators:
		return msg.E(data.ErrInvalid, "api.chart.max_indicators", "n", strconv.Itoa(MaxIndicators))
	case len(r.Units) > MaxUnits:
		return msg.E(data.ErrInvalid, "api.chart.max_units", "n", strconv.Itoa(MaxUnits))
	case r.From != 0 && r.To != 0 && r.From > r.To:
		return msg.E(data.ErrInvalid, "params.from_after_to", "from", strconv.Itoa(r.From), "to", strconv.Itoa(r.To))
	case r.From != 0 && r.To != 0 && r.To-r.From >= MaxYears:
		return msg.E(data.ErrInvalid, "api.chart.max_years", "n", strconv.Itoa(MaxYears))
	case r.From != 0 && (r.From < 1900 || r.From > 2100), r.To != 0 && (r.To < 1900 || r.To > 2100):
		return msg.E(data.ErrInvalid, "api.chart.years")
	}
	return nil
}

// Exporter builds comparison charts from the store and writes them in every
// format: the same option for the browser, the SVG, the HTML and the PNG.
type Exporter struct {
	src      Source
	charts   *Charts
	cat      *Catalog
	assets   *Assets
	renderer *Renderer
	// pngSlots bounds the PNG pictures drawn at once: each one holds a
	// JavaScript runtime and a full-size bitmap.
	pngSlots chan struct{}
}

// MaxPNGRenders is how many PNG pictures are drawn at once; more wait.
const MaxPNGRenders = 2

// NewExporter returns an exporter drawing with renderer.
func NewExporter(src Source, assets *Assets, cat *Catalog, renderer *Renderer) *Exporter {
	return &Exporter{src: src, charts: NewCharts(cat), cat: cat, assets: assets, renderer: renderer,
		pngSlots: make(chan struct{}, MaxPNGRenders)}
}

// Build checks the codes, reads the rows and builds the chart; a choice
// with no data is an error that says so, never an empty picture.
func (e *Exporter) Build(ctx context.Context, r ChartRequest, version int64) (Chart, []analytics.Row, error) {
	for _, c := range r.Indicators {
		if _, err := e.src.Indicator(ctx, c); err != nil {
			return Chart{}, nil, err
		}
	}
	for _, c := range r.Units {
		if _, err := e.src.Unit(ctx, c); err != nil {
			return Chart{}, nil, err
		}
	}
	rows, err := e.src.Performance(ctx, analytics.Filter{Indicators: r.Indicators, Units: r.Units, FromYear: r.From, ToYear: r.To})
	if err != nil {
		return Chart{}, nil, err
	}
	if !hasValues(rows, r.Kind) {
		units := msg.M{} // renders empty: every unit
		if len(r.Units) > 0 {
			units = msg.New("where.units", "units", strings.Join(r.Units, ", "))
		}
		m := msg.New("chart.no_data", "indicators", strings.Join(r.Indicators, ", ")).With("units", units)
		return Chart{}, nil, msg.Err(data.ErrNotFound, m.With("years", yearsPart(r.From, r.To)))
	}
	if r.Subtitle == "" {
		r.Subtitle = fmt.Sprintf(e.cat.T(r.Lang, "chart.source"), version)
	}
	ch, err := e.charts.Compare(r.Spec, rows)
	return ch, rows, err
}

func hasValues(rows []analytics.Row, kind string) bool {
	for _, r := range rows {
		switch {
		case kind == KindGrowth && r.YoYPct != nil:
			return true
		case kind != KindGrowth && (r.Actual != nil || r.Plan != nil):
			return true
		}
	}
	return false
}

// yearsPart names the years a chart asked for, if it did.
func yearsPart(from, to int) msg.M {
	f, t := strconv.Itoa(from), strconv.Itoa(to)
	switch {
	case from != 0 && to != 0:
		return msg.New("where.years", "from", f, "to", t)
	case from != 0:
		return msg.New("where.from", "from", f)
	case to != 0:
		return msg.New("where.to", "to", t)
	}
	return msg.M{}
}

// Export writes the chart of r in its format.
func (e *Exporter) Export(ctx context.Context, w io.Writer, r ChartRequest, version int64) error {
	ch, rows, err := e.Build(ctx, r, version)
	if err != nil {
		return err
	}
	switch r.Format {
	case FormatJSON:
		var buf bytes.Buffer
		if err := json.Indent(&buf, ch.Option, "", "  "); err != nil {
			return err
		}
		_, err = w.Write(buf.Bytes())
		return err
	case FormatCSV:
		return e.cat.WritePerformanceCSV(w, rows, r.Lang, r.CSVPlain)
	case FormatSVG:
		svg, err := e.renderer.SVG(ctx, ch.Option, r.Width, r.Height)
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	case FormatHTML:
		return e.StandaloneHTML(w, ch, r.Lang, r.Width, r.Height)
	case FormatPNG:
		return e.PNG(ctx, w, ch, r.Lang, r.Width, r.Height)
	}
	return msg.E(data.ErrInvalid, "api.chart.format", "value", strconv.Quote(string(r.Format)))
}

var standaloneTmpl = template.Must(template.New("standalone").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.Fonts}}
body { margin: 0; font-family: 'Be Vietnam Pro', system-ui, sans-serif; background: #fff; }
#chart { width: {{.Width}}px; height: {{.Height}}px; max-width: 100%; }</style>
<script>{{.ECharts}}</script>
<script>{{.Format}}</script>
</head><body>
<div id="chart" role="img" aria-label="{{.Title}}"></div>
<script>
(function () {
  var option = ctApplyFormats({{.Option}});
  var c = echarts.init(document.getElementById('chart'), null, { renderer: 'svg' });
  c.setOption(option);
  window.addEventListener('resize', function () { c.resize(); });
  document.getElementById('chart').setAttribute('data-drawn', 'true');
})();
</script>
</body></html>
`))

// StandaloneHTML writes one HTML file that draws the chart with ECharts and
// the fonts inlined: it opens offline, on any machine.
func (e *Exporter) StandaloneHTML(w io.Writer, ch Chart, lang Lang, width, height int) error {
	ec, ok := e.assets.Body(AssetECharts)
	if !ok {
		return ErrNoECharts
	}
	f, _ := e.assets.Body(AssetFormatJS)
	var title struct {
		Title struct {
			Text string `json:"text"`
		} `json:"title"`
	}
	json.Unmarshal(ch.Option, &title)
	return standaloneTmpl.Execute(w, map[string]any{
		"Lang": lang, "Title": title.Title.Text, "Width": width, "Height": height,
		"ECharts": template.JS(ec), "Format": template.JS(f), "Option": template.JS(ch.Option),
		"Fonts": template.CSS(e.inlineFonts()),
	})
}

// inlineFonts is the @font-face rules of Be Vietnam Pro with the font files
// as data: URLs.
func (e *Exporter) inlineFonts() string {
	var b strings.Builder
	for _, name := range e.assets.Names() {
		if !strings.HasSuffix(name, ".woff2") {
			continue
		}
		body, _ := e.assets.Body(name)
		parts := strings.Split(strings.TrimSuffix(filepath.Base(name), "-normal.woff2"), "-")
		if len(parts) < 2 || (parts[len(parts)-1] != "400" && parts[len(parts)-1] != "700") {
			continue
		}
		fmt.Fprintf(&b, "@font-face{font-family:'Be Vietnam Pro';font-weight:%s;src:url(data:font/woff2;base64,%s) format('woff2')}\n",
			parts[len(parts)-1], base64.StdEncoding.EncodeToString(body))
	}
	return b.String()
}

// TableChart draws a query result by year (see Charts.TableChart).
func (e *Exporter) TableChart(lang Lang, kind, title string, cols []TableColumn, rows [][]any) (Chart, error) {
	return e.charts.TableChart(lang, kind, title, cols, rows)
}

// SVG renders a built chart.
func (e *Exporter) SVG(ctx context.Context, ch Chart, width, height int) ([]byte, error) {
	return e.renderer.SVG(ctx, ch.Option, width, height)
}

// deref is a text cell for the CSV; one a spreadsheet would take for a
// formula (a sheet named "=…") is kept as text.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	if *s != "" && strings.ContainsRune("=+-@", rune((*s)[0])) {
		return "'" + *s
	}
	return *s
}
