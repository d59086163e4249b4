package dashboards

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"chitieu/analytics"
)

// FiguresQuery is the figures table's filters, order and page, as its URL
// gives them.
type FiguresQuery struct {
	Year                             int
	Block, Unit, Indicator, Category string
	Release                          string // official, preliminary or estimate
	Statuses                         []string
	Sort                             string
	Desc                             bool
	Page                             int
	Lang                             Lang
}

// figuresPageSize is the rows of a page of the figures table.
const figuresPageSize = 50

// Analytics turns the query into the store's: the year defaulted by the caller.
func (q FiguresQuery) Analytics(year int) analytics.FigureQuery {
	fq := analytics.FigureQuery{Filter: analytics.Filter{Year: year, Block: q.Block}, Category: q.Category,
		Statuses: validStatuses(q.Statuses), Release: validRelease(q.Release), Sort: q.Sort, Desc: q.Desc}
	if _, ok := analytics.FigureSorts[q.Sort]; !ok {
		fq.Sort = ""
	}
	if q.Unit != "" {
		fq.Units = []string{q.Unit}
	}
	if q.Indicator != "" {
		fq.Indicators = []string{q.Indicator}
	}
	return fq
}

// URL is the query as a permalink's parameters; page and sort as given.
func (q FiguresQuery) URL(year int) url.Values {
	u := url.Values{}
	if year != 0 {
		u.Set("year", fmt.Sprint(year))
	}
	setIf(u, "block", q.Block)
	setIf(u, "unit", q.Unit)
	setIf(u, "indicator", q.Indicator)
	setIf(u, "category", q.Category)
	setIf(u, "release", validRelease(q.Release))
	if st := validStatuses(q.Statuses); len(st) > 0 {
		u["status"] = st
	}
	setIf(u, "sort", q.Sort)
	if q.Desc {
		u.Set("desc", "1")
	}
	return withLang(u, q.Lang)
}

type figureRow struct {
	rowView
	Year                           int
	Unit, UnitLink, IndLink, Block string
	Category, AttStyle             string
}

type sortHead struct {
	Label, Link, Class, Aria string
}

type figuresView struct {
	page
	Heading, Count string
	Rows           []figureRow
	Heads          []sortHead
	Filter         filterView
	Pager          pager
	CSV, JSON      string
	Query          FiguresQuery
}

// Figures renders a page of the figures table: every figure of a year that
// the filters select, sortable by its columns, attainment coloured, with
// its CSV and JSON beside it.
func (p *Pages) Figures(ctx context.Context, w io.Writer, q FiguresQuery, info DataInfo) error {
	lang := q.Lang
	year, years, err := p.yearAsked(ctx, q.Year)
	if err != nil {
		return err
	}
	hasReleases, err := p.src.HasReleases(ctx)
	if err != nil {
		return err
	}
	if !hasReleases {
		q.Release = ""
	}
	fq := q.Analytics(year)
	total := 0
	fq.Limit = figuresPageSize
	page := max(q.Page, 1)
	fq.Offset = (page - 1) * figuresPageSize
	rows, total, err := p.src.Figures(ctx, fq)
	if err != nil {
		return err
	}
	if page > 1 && fq.Offset >= total {
		page = clampPage(page, figuresPageSize, total)
		fq.Offset = (page - 1) * figuresPageSize
		if rows, total, err = p.src.Figures(ctx, fq); err != nil {
			return err
		}
	}
	blocks, err := p.src.Blocks(ctx)
	if err != nil {
		return err
	}
	cats, err := p.src.Categories(ctx)
	if err != nil {
		return err
	}
	perm := q.URL(q.Year)
	v := figuresView{page: p.newPage(lang, "/figures", perm, p.cat.T(lang, "figures"), info), Query: q}
	v.Year, v.Years = year, years
	v.Heading = fmt.Sprintf(p.cat.T(lang, "figures.title"), year)
	v.Count = fmt.Sprintf(p.cat.T(lang, "figures.count"), lang.Number(float64(total), 0))
	v.Filter = p.filterView(lang, filterState{Year: year, Block: q.Block, Category: q.Category, Unit: q.Unit, Ind: q.Indicator,
		Release: fq.Release, Statuses: fq.Statuses}, blocks, cats)
	if hasReleases {
		p.withReleases(lang, &v.Filter, analytics.Releases)
	}
	v.Filter.Sort, v.Filter.Desc = fq.Sort, q.Desc
	v.Filters = v.Filter.Line
	v.Pager = p.pager(lang, "/figures", q.URL(year), page, figuresPageSize, total)
	api := q.URL(year)
	api.Del("lang")
	v.JSON = "/api/figures?" + api.Encode()
	api.Set("format", "csv")
	v.CSV = "/api/figures?" + api.Encode()
	for _, h := range []struct{ key, label string }{
		{"year", "col.year"}, {"unit", "col.unit"}, {"indicator", "col.indicator"}, {"category", "col.category"},
		{"actual", "col.actual"}, {"plan", "col.plan"}, {"attainment", "col.attainment"}, {"yoy", "col.yoy"}, {"status", "col.status"},
	} {
		sq := q
		sq.Sort, sq.Desc = h.key, false
		hd := sortHead{Label: p.cat.T(lang, h.label), Aria: "none"}
		if q.Sort == h.key {
			sq.Desc = !q.Desc
			hd.Aria = "ascending"
			if q.Desc {
				hd.Aria = "descending"
			}
		}
		switch h.key {
		case "actual", "plan", "attainment", "yoy":
			hd.Class = "num"
		}
		hd.Link = "/figures?" + sq.URL(year).Encode()
		v.Heads = append(v.Heads, hd)
	}
	v.Rows = p.figureRows(lang, year, rows)
	return p.render(w, "figures.html", v)
}

// figureRows are rows as the figures tables show them, with their links.
func (p *Pages) figureRows(lang Lang, year int, rows []analytics.Row) []figureRow {
	lq := withLang(url.Values{"year": {fmt.Sprint(year)}}, lang)
	out := make([]figureRow, 0, len(rows))
	for _, r := range rows {
		fr := figureRow{rowView: p.rowView(lang, r), Year: r.Year, Unit: lang.unitName(r), Block: r.Block, Category: r.Category,
			UnitLink: "/units/" + url.PathEscape(r.UnitCode) + "?" + lq.Encode()}
		iq := url.Values{"unit": {r.UnitCode}}
		for k, vs := range lq {
			iq[k] = vs
		}
		fr.IndLink = "/indicators/" + url.PathEscape(r.IndicatorCode) + "?" + iq.Encode()
		if pct := basisPct(r); pct != nil {
			fr.AttStyle = attainmentShade(*pct)
		}
		out = append(out, fr)
	}
	return out
}

// attainmentShade is a cell's class by its attainment: a colour scale from
// far below plan to far above, which the stylesheet paints (no inline style,
// so the page keeps a strict content security policy).
func attainmentShade(pct float64) string {
	switch {
	case pct < 80:
		return "att-0"
	case pct < 95:
		return "att-1"
	case pct < 100:
		return "att-2"
	case pct < 110:
		return "att-3"
	default:
		return "att-4"
	}
}
