package dashboards

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/msg"
	"chitieu/reportdoc"
)

// Document formats.
const (
	DocDOCX = "docx"
	DocPDF  = "pdf"
	DocHTML = "html"
)

// DocContentType is the MIME type of a document format, "" for others.
func DocContentType(format string) string {
	return map[string]string{DocDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		DocPDF: "application/pdf", DocHTML: "text/html; charset=utf-8"}[format]
}

// DocRequest asks for the year-end report as a document.
type DocRequest struct {
	Year        int
	Block, Unit string
	Lang        Lang
	Format      string
	Agency      string // the heading block's agency; default from the unit or block
	TopN        int    // sentences of the best and the weakest figures (default 10)
	MaxCharts   int    // indicator charts (default 6)
	Now         time.Time
}

// Validate refuses what cannot be a report.
func (r *DocRequest) Validate() error {
	if r.Year < 1900 || r.Year > 2100 {
		return msg.E(data.ErrInvalid, "params.year", "name", "year", "value", strconv.Itoa(r.Year))
	}
	if DocContentType(r.Format) == "" {
		return msg.E(data.ErrInvalid, "report.format", "value", strconv.Quote(r.Format))
	}
	if r.TopN <= 0 {
		r.TopN = 10
	}
	if r.MaxCharts <= 0 {
		r.MaxCharts = 6
	}
	if r.Now.IsZero() {
		r.Now = time.Now()
	}
	return nil
}

// docWords are the document's fixed words in one language, from the
// message catalogs (doc.*).
type docWords struct {
	lang                string
	tableHead, rankHead []string
}

func wordsOf(l Lang) docWords {
	w := docWords{lang: string(l)}
	w.tableHead = strings.Split(w.t("table_head"), "|")
	w.rankHead = strings.Split(w.t("rank_head"), "|")
	return w
}

// t is the document's word key with its arguments.
func (w docWords) t(key string, kv ...string) string { return msg.New("doc."+key, kv...).Text(w.lang) }

func (w docWords) date(l Lang, t time.Time) string {
	if l == EN {
		return w.t("place", "date", t.Format("2 January 2006"))
	}
	return w.t("place", "date", fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year()))
}

// Document builds the year's report and writes it in r.Format.
func (e *Exporter) Document(ctx context.Context, w io.Writer, r DocRequest, version int64) error {
	if err := r.Validate(); err != nil {
		return err
	}
	d, err := e.BuildDocument(ctx, r, version)
	if err != nil {
		return err
	}
	switch r.Format {
	case DocDOCX:
		return reportdoc.WriteDOCX(w, d)
	case DocPDF:
		var f reportdoc.Fonts
		if f.Regular, err = TTF(TTFSerif); err != nil {
			return err
		}
		if f.Bold, err = TTF(TTFSerifB); err != nil {
			return err
		}
		if f.Italic, err = TTF(TTFSerifI); err != nil {
			return err
		}
		return reportdoc.WritePDF(w, d, f)
	}
	return reportdoc.WriteHTML(w, d)
}

// BuildDocument gathers the year's figures into the document model: the
// summary, the best and weakest figures in sentences, the ranking with the
// score's parts, a few charts and the tables grouped by block and agency.
// At province size it stays readable: top and bottom N, at most MaxCharts
// indicator charts.
func (e *Exporter) BuildDocument(ctx context.Context, r DocRequest, version int64) (*reportdoc.Doc, error) {
	lang, wd := r.Lang, wordsOf(r.Lang)
	f := analytics.Filter{Year: r.Year, Block: r.Block}
	var unitName string
	if r.Unit != "" {
		u, err := e.src.Unit(ctx, r.Unit)
		if err != nil {
			return nil, err
		}
		f.Units = []string{u.Code}
		unitName = u.NameVI
		if lang == EN && u.NameEN != "" {
			unitName = u.NameEN
		}
	}
	rows, err := e.src.Performance(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, msg.Err(data.ErrNotFound, noDataFor(r.Year, f.Units, r.Block))
	}
	d := &reportdoc.Doc{Lang: string(lang), Motto: wd.t("motto"), Motto2: wd.t("motto2"), Number: wd.t("number"), Kind: wd.t("kind"),
		PlaceDate: wd.date(lang, r.Now), Title: wd.t("title", "year", strconv.Itoa(r.Year))}
	switch {
	case r.Agency != "":
		d.Agency = strings.ToUpper(r.Agency)
	case unitName != "":
		d.Agency = strings.ToUpper(unitName)
	case r.Block != "":
		d.Agency = strings.ToUpper(blockLabel(wd, "agency_block", r.Block))
	default:
		d.Agency = wd.t("agency")
	}
	switch {
	case unitName != "":
		d.Subtitle = wd.t("for_unit", "unit", unitName)
	case r.Block != "":
		d.Subtitle = blockLabel(wd, "for_block", r.Block)
	}
	source := wd.t("source", "version", strconv.FormatInt(version, 10))
	add := func(b reportdoc.Block) { d.Blocks = append(d.Blocks, b) }

	// I. Summary.
	counts := map[string]int{}
	units, inds := map[string]bool{}, map[string]bool{}
	for _, row := range rows {
		counts[row.Status]++
		units[row.UnitCode] = true
		inds[row.IndicatorCode] = true
	}
	add(reportdoc.P(reportdoc.Heading1, wd.t("sec_summary")))
	add(reportdoc.P(reportdoc.Body, fmt.Sprintf(e.cat.T(lang, "report.summary"), len(units), len(inds),
		counts["exceeded"], counts["met"], counts["near"], counts["missed"], counts["no plan"])))

	// II. The figures in sentences: the best and the weakest against plan.
	add(reportdoc.P(reportdoc.Heading1, wd.t("sec_highlights")))
	var planned []analytics.Row
	for _, row := range rows {
		if basisPct(row) != nil {
			planned = append(planned, row)
		}
	}
	sort.SliceStable(planned, func(i, j int) bool { return *basisPct(planned[i]) > *basisPct(planned[j]) })
	line := func(row analytics.Row) *reportdoc.Para {
		return reportdoc.P(reportdoc.Bullet, lang.indicatorName(row)+" — "+sentence(lang, row))
	}
	if len(planned) <= 2*r.TopN {
		for _, row := range planned {
			add(line(row))
		}
	} else {
		add(reportdoc.P(reportdoc.Heading2, wd.t("sec_best")))
		for _, row := range planned[:r.TopN] {
			add(line(row))
		}
		add(reportdoc.P(reportdoc.Heading2, wd.t("sec_weak")))
		for i := len(planned) - 1; i >= len(planned)-r.TopN; i-- {
			add(line(planned[i]))
		}
	}

	// III. The ranking with the score's parts, and its chart per block.
	fig := 0
	picture := func(ch Chart, w, h int) error {
		png, err := e.renderer.PNG(ctx, ForWord(ch.Option, source), w, h)
		if err != nil {
			return err
		}
		fig++
		add(&reportdoc.Picture{PNG: png, Width: w * PNGScale, Height: h * PNGScale,
			Caption: wd.t("figure", "n", strconv.Itoa(fig), "title", chartTitle(ch)), Source: source})
		return nil
	}
	if r.Unit == "" {
		ranking, err := e.src.Ranking(ctx, r.Year, r.Block)
		if err != nil {
			return nil, err
		}
		byBlock := map[string][]analytics.RankRow{}
		var blocks []string
		for _, rr := range ranking {
			if r.Block != "" && rr.Block != r.Block {
				continue
			}
			if byBlock[rr.Block] == nil {
				blocks = append(blocks, rr.Block)
			}
			byBlock[rr.Block] = append(byBlock[rr.Block], rr)
		}
		sort.Strings(blocks)
		if len(blocks) > 0 {
			add(reportdoc.P(reportdoc.Heading1, wd.t("sec_ranking")))
			add(reportdoc.P(reportdoc.Note, e.cat.T(lang, "ranking.rule")))
		}
		for _, b := range blocks {
			if len(blocks) > 1 {
				add(reportdoc.P(reportdoc.Heading2, blockLabel(wd, "for_block", b)))
			}
			t := &reportdoc.Table{Header: wd.rankHead, Widths: []float64{0.08, 0.30, 0.11, 0.11, 0.12, 0.12, 0.16},
				Right: []bool{true, false, true, true, true, true, true}}
			for _, rr := range byBlock[b] {
				name := rr.UnitNameVI
				if lang == EN {
					name = rr.UnitNameEN
				}
				t.Rows = append(t.Rows, reportdoc.Row{Cells: []string{intOr(rr.Rank), name,
					numOr(lang, rr.TotalScore, 2) + " / " + lang.Number(rr.MaxScore, 0), numOr(lang, rr.IndicatorScore, 2),
					lang.Number(rr.CriteriaScore, 2), pctOr(lang, rr.AvgAttainmentPct),
					fmt.Sprintf("%d / %d / %d / %d", rr.NExceeded, rr.NMet, rr.NNear, rr.NMissed)}})
			}
			add(t)
			if len(blocks) <= r.MaxCharts {
				ch, err := e.charts.RankScores(lang, b, ranking)
				if err != nil {
					return nil, err
				}
				if ch.Empty == "" {
					if err := picture(ch, 900, min(1200, 140+34*len(byBlock[b]))); err != nil {
						return nil, err
					}
				}
			}
		}
	}

	// IV. Charts: actual against plan over the years for the indicators
	// reported by the most agencies.
	order := indicatorsByReach(rows)
	if len(order) > r.MaxCharts {
		order = order[:r.MaxCharts]
	}
	if len(order) > 0 {
		add(reportdoc.P(reportdoc.Heading1, wd.t("sec_charts")))
	}
	for _, code := range order {
		series, err := e.src.Performance(ctx, analytics.Filter{Indicators: []string{code}, Units: f.Units, Block: r.Block, ToYear: r.Year, FromYear: r.Year - 4})
		if err != nil {
			return nil, err
		}
		ch, err := e.charts.Compare(Spec{Kind: KindActualPlan, Lang: lang, Subtitle: source, ID: code}, series)
		if err != nil {
			continue // a chart that cannot be drawn leaves its figures to the tables
		}
		if err := picture(ch, 900, 420); err != nil {
			return nil, err
		}
	}

	// V. The tables, grouped by block and agency.
	add(reportdoc.P(reportdoc.Heading1, wd.t("sec_tables")))
	t := &reportdoc.Table{Header: wd.tableHead, Widths: []float64{0.06, 0.28, 0.09, 0.12, 0.12, 0.12, 0.10, 0.11},
		Right: []bool{true, false, false, true, true, true, true, true}}
	sorted := append([]analytics.Row(nil), rows...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Block != b.Block {
			return a.Block < b.Block
		}
		if a.UnitCode != b.UnitCode {
			return lang.unitName(a) < lang.unitName(b)
		}
		return a.IndicatorCode < b.IndicatorCode
	})
	var notes []string
	lastBlock, lastUnit, n := "\x00", "\x00", 0
	for _, row := range sorted {
		if row.Block != lastBlock && row.Block != "" && r.Unit == "" {
			t.Rows = append(t.Rows, reportdoc.Row{Group: blockLabel(wd, "for_block", row.Block)})
		}
		if row.UnitCode != lastUnit || row.Block != lastBlock {
			t.Rows = append(t.Rows, reportdoc.Row{Group: lang.unitName(row)})
			n = 0
		}
		lastBlock, lastUnit = row.Block, row.UnitCode
		n++
		change := pctOr(lang, row.YoYPct)
		if row.Kind == "rate" && row.YoYPP != nil {
			change = lang.SignedNumber(*row.YoYPP, 2) + " " + pointsLabel(lang)
		}
		measure := row.Measure
		if lang == EN && row.MeasureEN != "" {
			measure = row.MeasureEN
		}
		cells := []string{fmt.Sprint(n), lang.indicatorName(row), measure, lang.Value(row.PrevActual, row.Measure),
			lang.Value(row.Plan, row.Measure), lang.Value(row.Actual, row.Measure), pctOr(lang, basisPct(row)), change}
		// A derived figure is marked in its cell, and its note says how it was
		// found; a note alone marks the indicator.
		derived := row.Derived != nil && *row.Derived != ""
		if derived || (row.Note != nil && *row.Note != "") {
			k := len(notes) + 1
			col := 1
			if derived {
				col = map[string]int{"plan": 4, "actual": 5, "target": 4}[*row.Derived]
				if col == 0 {
					col = 6
				}
			}
			cells[col] += fmt.Sprintf(" (%d)", k)
			text := ""
			if row.Note != nil {
				text = *row.Note
			}
			if derived {
				text = strings.TrimSpace(wd.t("derived_of", "what", derivedWord(lang, *row.Derived)) + " " + text)
			}
			notes = append(notes, fmt.Sprintf("(%d) %s, %s: %s", k, lang.unitName(row), lang.indicatorName(row), text))
		}
		t.Rows = append(t.Rows, reportdoc.Row{Cells: cells})
	}
	add(t)
	if len(notes) > 0 {
		d.Notes = append([]string{wd.t("notes_head")}, notes...)
	}
	d.Notes = append(d.Notes, source)
	return d, nil
}

// derivedWord names the derived value in the note.
func derivedWord(l Lang, what string) string {
	if msg.Has(string(l), "field."+what) {
		return msg.Text(string(l), "field."+what, nil)
	}
	return what
}

// indicatorsByReach orders the indicators by how many agencies report them,
// then by how many of those have a plan to be drawn against.
func indicatorsByReach(rows []analytics.Row) []string {
	reach, planned := map[string]int{}, map[string]int{}
	var order []string
	for _, r := range rows {
		if reach[r.IndicatorCode] == 0 {
			order = append(order, r.IndicatorCode)
		}
		reach[r.IndicatorCode]++
		if r.Plan != nil && r.Actual != nil {
			planned[r.IndicatorCode]++
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if reach[a] != reach[b] {
			return reach[a] > reach[b]
		}
		if planned[a] != planned[b] {
			return planned[a] > planned[b]
		}
		return a < b
	})
	return order
}

func chartTitle(ch Chart) string {
	var o struct {
		Title any `json:"title"`
	}
	if err := json.Unmarshal(ch.Option, &o); err != nil {
		return ""
	}
	switch t := o.Title.(type) {
	case map[string]any:
		s, _ := t["text"].(string)
		return s
	case []any:
		if len(t) > 0 {
			if m, ok := t[0].(map[string]any); ok {
				s, _ := m["text"].(string)
				return s
			}
		}
	}
	return ""
}

// reportLinks feed the "reportlinks" template: the query of /api/report.
type reportLinks struct {
	Lang  Lang
	Query template.URL
}

func reportLinksOf(l Lang, year int, block, unit string) reportLinks {
	q := url.Values{"year": {strconv.Itoa(year)}, "lang": {string(l)}}
	if block != "" {
		q.Set("block", block)
	}
	if unit != "" {
		q.Set("unit", unit)
	}
	return reportLinks{Lang: l, Query: template.URL(q.Encode())} // url.Values.Encode escapes every value
}

// blockLabel words a block's name, unless the name says it already
// ("Khối thi đua 4").
func blockLabel(wd docWords, key, block string) string {
	if l := strings.ToLower(block); strings.HasPrefix(l, "khối") || strings.HasPrefix(l, "block") {
		return block
	}
	return wd.t(key, "block", block)
}

// noDataFor is the refusal of a report with no figures: the year, and the
// units or the block asked for, when one was.
func noDataFor(year int, units []string, block string) msg.M {
	var u, b msg.M // empty parts render empty
	if len(units) > 0 {
		u = msg.New("where.units", "units", strings.Join(units, ", "))
	}
	if block != "" {
		b = msg.New("where.block", "block", block)
	}
	return msg.New("report.no_data", "year", strconv.Itoa(year)).With("units", u).With("block", b)
}

func intOr(v *int) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprint(*v)
}

func numOr(l Lang, v *float64, dec int) string {
	if v == nil {
		return "–"
	}
	return l.Number(*v, dec)
}

func pctOr(l Lang, v *float64) string {
	if v == nil {
		return "–"
	}
	return l.Pct(*v)
}
