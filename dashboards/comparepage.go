package dashboards

import (
	"context"
	"encoding/json"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"

	"chitieu/data"
	"chitieu/msg"
)

type option struct {
	Value, Label, Group string
	Selected            bool
}

type compareView struct {
	page
	Indicators, Units, Kinds []option
	From, To                 int
	FromSQL                  bool
	Charts                   []chartView
	Formats                  []string
	Config                   template.JS
}

// ComparePage renders the chart builder: pick indicators, units, years and a
// kind, see the chart, download it in each format, copy its permalink. With
// source=sql it draws the result the SQL console handed it.
func (p *Pages) ComparePage(ctx context.Context, w io.Writer, r ChartRequest, fromSQL bool, ex *Exporter, info DataInfo) error {
	lang := r.Lang
	units, inds, err := p.src.Catalog(ctx)
	if err != nil {
		return err
	}
	q := url.Values{}
	if len(r.Indicators) > 0 {
		q.Set("indicator", strings.Join(r.Indicators, ","))
	}
	v := compareView{page: p.newPage(lang, "/compare", q, p.cat.T(lang, "nav.compare"), info), From: r.From, To: r.To,
		FromSQL: fromSQL, Formats: []string{FormatSVG, FormatPNG, FormatHTML, FormatJSON, FormatCSV}}
	// No year picker: the builder's own from and to years say which years.
	for _, i := range inds {
		name := i.NameVI
		if lang == EN {
			name = i.NameEN
		}
		v.Indicators = append(v.Indicators, option{Value: i.Code, Label: name, Group: i.Category, Selected: slices.Contains(r.Indicators, i.Code)})
	}
	for _, u := range units {
		name := u.NameVI
		if lang == EN {
			name = u.NameEN
		}
		v.Units = append(v.Units, option{Value: u.Code, Label: name, Group: u.Block, Selected: slices.Contains(r.Units, u.Code)})
	}
	for _, k := range Kinds() {
		v.Kinds = append(v.Kinds, option{Value: k, Label: p.cat.T(lang, "kind.chart."+k), Selected: k == r.Kind})
	}
	if len(r.Indicators) > 0 && !fromSQL {
		ch, _, err := ex.Build(ctx, r, info.Version)
		if err != nil {
			text, ok := msg.Render(string(lang), err)
			if !ok {
				text = data.PublicMessage(err)
			}
			ch = Chart{ID: "compare", Empty: text}
		}
		v.Charts = viewCharts(ch)
	}
	cfg, _ := json.Marshal(map[string]any{"lang": lang, "labels": p.cat.All(lang)})
	v.Config = template.JS(cfg)
	return p.render(w, "compare.html", v)
}
