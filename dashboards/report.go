package dashboards

import (
	"context"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/msg"
)

// ReportRequest asks for a year's review pack.
type ReportRequest struct {
	Year  int
	Block string
	Lang  Lang
	Dir   string
}

type reportIndicator struct {
	Code, Name, Category string
	Charts               []string // file names under charts/
	Sentences            []string
}

type reportView struct {
	Lang                 Lang
	Title, Summary, Rule string
	Generated, Source    string
	Ranking              []rankRowView
	RankingChart         string
	Indicators           []reportIndicator
	Blocks, Categories   []reportGroup // a pack at size: summaries instead of a section per indicator
	Derived              string
	T                    func(string) string
}

// Report writes a year's review pack into r.Dir: an SVG chart per indicator
// (actual against plan over the years, and growth), the ranking chart, and an
// index.html laying them out with the figures in sentences, as the seed
// article words them ("đạt 113,76% kế hoạch", "tăng 25,3% so cùng kỳ").
func (e *Exporter) Report(ctx context.Context, r ReportRequest, version int64) ([]string, error) {
	lang := r.Lang
	rows, err := e.src.Performance(ctx, analytics.Filter{Year: r.Year, Block: r.Block})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, msg.Err(data.ErrNotFound, noDataFor(r.Year, nil, r.Block))
	}
	if err := os.MkdirAll(filepath.Join(r.Dir, "charts"), 0o700); err != nil {
		return nil, err
	}
	var files []string
	writeSVG := func(name string, ch Chart, w, h int) (string, error) {
		svg, err := e.renderer.SVG(ctx, ch.Option, w, h)
		if err != nil {
			return "", err
		}
		rel := "charts/" + name + ".svg"
		if err := os.WriteFile(filepath.Join(r.Dir, rel), svg, 0o600); err != nil {
			return "", err
		}
		files = append(files, rel)
		return rel, nil
	}
	source := fmt.Sprintf(e.cat.T(lang, "chart.source"), version)
	byInd := map[string][]analytics.Row{}
	var order []string
	for _, row := range rows {
		if byInd[row.IndicatorCode] == nil {
			order = append(order, row.IndicatorCode)
		}
		byInd[row.IndicatorCode] = append(byInd[row.IndicatorCode], row)
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := byInd[order[i]][0], byInd[order[j]][0]
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		return order[i] < order[j]
	})
	v := reportView{Lang: lang, Source: source, Generated: lang.DateTime(time.Now()), Rule: e.cat.T(lang, "ranking.rule"),
		Derived: e.cat.T(lang, "report.derived"), T: func(k string) string { return e.cat.T(lang, k) }}
	v.Title = fmt.Sprintf(e.cat.T(lang, "report.title"), r.Year)
	if r.Block != "" {
		v.Title += " — " + r.Block
	}
	counts := map[string]int{}
	units := map[string]bool{}
	for _, row := range rows {
		counts[row.Status]++
		units[row.UnitCode] = true
	}
	v.Summary = fmt.Sprintf(e.cat.T(lang, "report.summary"), len(units), len(order), counts["exceeded"], counts["met"], counts["near"], counts["missed"], counts["no plan"])
	if len(order) > maxDetailedIndicators {
		if err := e.reportAtSize(ctx, r, &v, rows, writeSVG); err != nil {
			return nil, err
		}
		return e.writeReportIndex(r, v, files)
	}
	all, err := e.src.Performance(ctx, analytics.Filter{Block: r.Block, ToYear: r.Year})
	if err != nil {
		return nil, err
	}
	for _, code := range order {
		ofYear := byInd[code]
		ri := reportIndicator{Code: code, Name: lang.indicatorName(ofYear[0]), Category: ofYear[0].Category}
		var series []analytics.Row
		for _, row := range all {
			if row.IndicatorCode == code {
				series = append(series, row)
			}
		}
		ap, err := e.charts.Compare(Spec{Kind: KindActualPlan, Lang: lang, Subtitle: source, ID: code}, series)
		if err == nil {
			f, err := writeSVG(strings.ToLower(code)+"-actualplan", ap, 900, 420)
			if err != nil {
				return nil, err
			}
			ri.Charts = append(ri.Charts, f)
		}
		if hasValues(series, KindGrowth) {
			g, err := e.charts.Compare(Spec{Kind: KindGrowth, Lang: lang, Subtitle: source, ID: code,
				Title: e.cat.T(lang, "chart.growth") + " — " + ri.Name}, series)
			if err == nil {
				f, err := writeSVG(strings.ToLower(code)+"-growth", g, 900, 360)
				if err != nil {
					return nil, err
				}
				ri.Charts = append(ri.Charts, f)
			}
		}
		for _, row := range ofYear {
			ri.Sentences = append(ri.Sentences, sentence(lang, row))
		}
		v.Indicators = append(v.Indicators, ri)
	}
	ranking, err := e.src.Ranking(ctx, r.Year, r.Block)
	if err != nil {
		return nil, err
	}
	blocks := map[string]bool{}
	for _, rr := range ranking {
		blocks[rr.Block] = true
		if r.Block != "" && rr.Block != r.Block {
			continue
		}
		v.Ranking = append(v.Ranking, e.rankRow(lang, rr))
	}
	if r.Block != "" || len(blocks) == 1 {
		name := r.Block
		for b := range blocks {
			name = b
		}
		ch, err := e.charts.RankScores(lang, name, ranking)
		if err != nil {
			return nil, err
		}
		if ch.Empty == "" {
			f, err := writeSVG("ranking", ch, 900, 120+34*len(v.Ranking))
			if err != nil {
				return nil, err
			}
			v.RankingChart = f
		}
	}
	return e.writeReportIndex(r, v, files)
}

// writeReportIndex writes the pack's index.html.
func (e *Exporter) writeReportIndex(r ReportRequest, v reportView, files []string) ([]string, error) {
	idx, err := os.OpenFile(filepath.Join(r.Dir, "index.html"), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	if err := reportTmpl.Execute(idx, v); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return append(files, "index.html"), nil
}

// reportAtSize finishes a pack too large for a section per indicator: by
// block (counts, the ranking's head and tail, its chart) and by category
// (counts, the lowest and highest figures in words, a chart of the lowest).
func (e *Exporter) reportAtSize(ctx context.Context, r ReportRequest, v *reportView, rows []analytics.Row,
	chart func(string, Chart, int, int) (string, error)) error {
	ranking, err := e.src.Ranking(ctx, r.Year, r.Block)
	if err != nil {
		return err
	}
	if v.Blocks, err = e.blockGroups(r.Lang, rows, ranking, chart); err != nil {
		return err
	}
	v.Categories, err = e.categoryGroups(r.Lang, rows, chart)
	return err
}

// sentence words a figure as a year-end review does: "Sở Y tế: 5.119.291
// lượt, đạt 113,76% kế hoạch, tăng 25,3% so cùng kỳ".
func sentence(lang Lang, r analytics.Row) string {
	var b strings.Builder
	b.WriteString(lang.unitName(r))
	b.WriteString(": ")
	b.WriteString(lang.Value(r.Actual, r.Measure))
	if r.Measure != "%" && r.Measure != "" && r.Actual != nil {
		b.WriteString(" " + r.Measure)
	}
	if r.Numerator != nil && r.Denominator != nil {
		fmt.Fprintf(&b, " (%s/%s)", lang.Number(*r.Numerator, 2), lang.Number(*r.Denominator, 2))
	}
	say := func(key, v string) string {
		return msg.Text(string(lang), "doc.sentence."+key, map[string]string{"value": v})
	}
	switch {
	case r.AttainmentPct != nil:
		b.WriteString(", " + say("of_plan", lang.Pct(*r.AttainmentPct)))
	case r.TargetAttainmentPct != nil:
		b.WriteString(", " + say("of_target", lang.Pct(*r.TargetAttainmentPct)))
	}
	change, unit := r.YoYPct, "%"
	if r.Kind == "rate" {
		change, unit = r.YoYPP, " "+pointsLabel(lang)
	}
	if change != nil && *change != 0 {
		key, v := "up", *change
		if v < 0 {
			key, v = "down", -v
		}
		b.WriteString(", " + say(key, lang.Number(v, 2)+unit))
	}
	if r.Derived != nil {
		b.WriteString(" *")
	}
	return b.String()
}

var reportTmpl = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: 'Be Vietnam Pro', system-ui, sans-serif; max-width: 960px; margin: 24px auto; padding: 0 16px; color: #1f2328; line-height: 1.5; }
h1 { font-size: 26px; } h2 { border-bottom: 2px solid #0b3d91; padding-bottom: 4px; margin-top: 32px; }
img { max-width: 100%; height: auto; display: block; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; } td.num, th.num { text-align: right; }
.meta { color: #59636e; } section { page-break-inside: avoid; }
@media print { h2 { page-break-before: always; } section.group h2 { page-break-before: auto; } }
</style></head><body>
<h1>{{.Title}}</h1>
<p class="meta">{{.Source}} · {{.Generated}}</p>
<p>{{.Summary}}</p>
{{if .Ranking}}
<h2>{{call .T "nav.ranking"}}</h2>
<p class="meta">{{.Rule}}</p>
<table><thead><tr><th class="num">{{call .T "col.rank"}}</th><th>{{call .T "col.unit"}}</th><th class="num">{{call .T "col.total"}}</th>
<th class="num">{{call .T "col.indscore"}}</th><th class="num">{{call .T "col.criteria"}}</th><th class="num">{{call .T "col.avgatt"}}</th></tr></thead><tbody>
{{range .Ranking}}<tr><td class="num">{{.Rank}}</td><td>{{.Unit}}</td><td class="num">{{.Total}} / {{.Max}}</td><td class="num">{{.IndicatorScore}}</td><td class="num">{{.CriteriaScore}}</td><td class="num">{{.AvgAttainment}}</td></tr>
{{end}}</tbody></table>
{{if .RankingChart}}<img src="{{.RankingChart}}" alt="{{call .T "chart.scores"}}">{{end}}
{{end}}
{{range .Blocks}}
<section class="group">
<h2>{{.Name}}</h2>
<p>{{.Counts}}</p>
{{if .Ranking}}<h3>{{.HeadingRank}}</h3>
<table><thead><tr><th class="num">{{call $.T "col.rank"}}</th><th>{{call $.T "col.unit"}}</th><th class="num">{{call $.T "col.total"}}</th>
<th class="num">{{call $.T "col.avgatt"}}</th></tr></thead><tbody>
{{range .Ranking}}<tr><td class="num">{{.Rank}}</td><td>{{.Unit}}</td><td class="num">{{.Total}} / {{.Max}}</td><td class="num">{{.AvgAttainment}}</td></tr>
{{end}}</tbody></table>
{{if .More}}<p class="meta">… {{.More}}</p>{{end}}{{end}}
{{if .Chart}}<img src="{{.Chart}}" alt="{{.HeadingRank}} — {{.Name}}">{{end}}
</section>
{{end}}
{{range .Categories}}
<section class="group">
<h2>{{.Name}}</h2>
<p>{{.Counts}}</p>
{{if .Worst}}<h3>{{.HeadingWorst}}</h3><ol>{{range .Worst}}<li>{{.}}</li>{{end}}</ol>{{end}}
{{if .Best}}<h3>{{.HeadingBest}}</h3><ol>{{range .Best}}<li>{{.}}</li>{{end}}</ol>{{end}}
{{if .Chart}}<img src="{{.Chart}}" alt="{{.HeadingWorst}} — {{.Name}}">{{end}}
</section>
{{end}}
{{range .Indicators}}
<section>
<h2>{{.Name}}</h2>
{{if .Category}}<p class="meta">{{.Category}}</p>{{end}}
<ul>{{range .Sentences}}<li>{{.}}</li>{{end}}</ul>
{{range .Charts}}<img src="{{.}}" alt="{{$.Title}}">{{end}}
</section>
{{end}}
<p class="meta">{{.Derived}}</p>
</body></html>
`))
