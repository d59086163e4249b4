package dashboards

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"time"

	"chitieu/analytics"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Source is what the pages read: the analytics service.
type Source interface {
	Performance(ctx context.Context, f analytics.Filter) ([]analytics.Row, error)
	Years(ctx context.Context) ([]int, error)
	Ranking(ctx context.Context, year int, block string) ([]analytics.RankRow, error)
	RankHistory(ctx context.Context, block, lang string) ([]analytics.RankPoint, error)
	Provenance(ctx context.Context, indicator string, units []string) ([]analytics.Provenance, error)
	Unit(ctx context.Context, code string) (analytics.UnitInfo, error)
	Indicator(ctx context.Context, code string) (analytics.IndicatorInfo, error)
	Catalog(ctx context.Context) ([]analytics.UnitInfo, []analytics.IndicatorInfo, error)
	Blocks(ctx context.Context) ([]string, error)
	Overview(ctx context.Context, q analytics.FigureQuery, n, attention int) (analytics.Overview, error)
	Figures(ctx context.Context, q analytics.FigureQuery) ([]analytics.Row, int, error)
	Categories(ctx context.Context) ([]string, error)
	Actuals(ctx context.Context, f analytics.Filter) ([]analytics.Row, error)
	HasReleases(ctx context.Context) (bool, error)
}

// DataInfo says which data a page shows: the version and the last load.
type DataInfo struct {
	Version  int64
	LoadedAt time.Time
	// MaxUpload is the largest upload the server takes, for the load page
	// to say so before sending; 0 when it does not matter.
	MaxUpload int64
}

// Pages renders the dashboards.
type Pages struct {
	src    Source
	assets *Assets
	cat    *Catalog
	charts *Charts
	tmpl   *template.Template
}

// NewPages parses the templates once.
func NewPages(src Source, assets *Assets, cat *Catalog) (*Pages, error) {
	p := &Pages{src: src, assets: assets, cat: cat, charts: NewCharts(cat)}
	funcs := template.FuncMap{
		"t":           func(l Lang, key string) string { return cat.T(l, key) },
		"asset":       assets.URL,
		"list":        func(s ...string) []string { return s },
		"reportlinks": reportLinksOf, // reportdoc.go
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("dashboards: templates: %w", err)
	}
	p.tmpl = t
	return p, nil
}

// page is what every page's layout needs.
type page struct {
	Lang         Lang
	OtherLang    Lang
	OtherLangURL string
	Title        string
	Year         int
	Years        []int
	HasECharts   bool
	HasEditor    bool
	DataLine     string
	Filters      string      // the page's filters in words, for the heading and paper
	Labels       template.JS // status words and icons for app.js, as JSON
	Bare         bool        // no navigation: the login page
}

func (p *Pages) newPage(lang Lang, path string, query url.Values, title string, info DataInfo) page {
	other := EN
	if lang == EN {
		other = VI
	}
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("lang", string(other))
	pg := page{Lang: lang, OtherLang: other, OtherLangURL: path + "?" + q.Encode(), Title: title,
		HasECharts: p.assets.Has(AssetECharts)}
	labels := map[string][2]string{}
	for _, st := range Statuses() {
		labels[st] = [2]string{p.cat.T(lang, "status."+st), StatusIcon(st)}
	}
	// The words of the charts' "PNG for Word" menu (wordcharts.js).
	for _, k := range []string{"png", "copy", "copied", "source", "failed"} {
		labels["word."+k] = [2]string{p.cat.T(lang, "word."+k)}
	}
	if b, err := json.Marshal(labels); err == nil {
		pg.Labels = template.JS(b)
	}
	if info.Version == 0 {
		pg.DataLine = p.cat.T(lang, "data.none") + " " + p.cat.T(lang, "data.empty.help")
	} else {
		pg.DataLine = fmt.Sprintf(p.cat.T(lang, "data.version"), info.Version) + ", " +
			fmt.Sprintf(p.cat.T(lang, "data.loaded"), lang.DateTime(info.LoadedAt))
	}
	return pg
}

// DateTime formats a moment as people of the language write it.
func (l Lang) DateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if l == EN {
		return t.Format("2 Jan 2006 15:04")
	}
	return t.Format("02/01/2006 15:04")
}

// Render executes a named template.
func (p *Pages) render(w io.Writer, name string, data any) error {
	if err := p.tmpl.ExecuteTemplate(w, name, data); err != nil {
		return fmt.Errorf("dashboards: render %s: %w", name, err)
	}
	return nil
}

// chartView is a chart as a template places it.
type chartView struct {
	ID     string
	Option template.JS // JSON from json.Marshal: <, > and & are escaped
	Height int
	Empty  string
}

func viewCharts(cs ...Chart) []chartView {
	out := make([]chartView, len(cs))
	for i, c := range cs {
		out[i] = chartView{ID: c.ID, Option: template.JS(c.Option), Height: c.Height, Empty: c.Empty}
	}
	return out
}

type errorView struct {
	page
	Heading, Message string
}

// Error renders a page that says what went wrong, for a person who followed
// a link; APIs answer JSON instead.
func (p *Pages) Error(w io.Writer, lang Lang, status int, message string) error {
	heading := p.cat.T(lang, "error.notfound")
	if status != 404 {
		heading = p.cat.T(lang, "error.other")
	}
	v := errorView{page: p.newPage(lang, "/", url.Values{}, heading, DataInfo{}), Heading: heading, Message: message}
	v.DataLine = ""
	return p.render(w, "error.html", v)
}

// yearAsked is the years the store holds, newest first, and the year a page
// shows: the one asked for, else the newest.
func (p *Pages) yearAsked(ctx context.Context, asked int) (int, []int, error) {
	years, err := p.src.Years(ctx)
	if err != nil {
		return 0, nil, err
	}
	if asked == 0 && len(years) > 0 {
		asked = years[0]
	}
	return asked, years, nil
}
