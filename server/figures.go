package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chitieu/analytics"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

// Paging of the JSON APIs: a page of defaultLimit rows unless asked, at most maxLimit.
const (
	defaultLimit = 1000
	maxLimit     = 50000
	maxCSVRows   = 1_000_000
)

// pageParams reads limit and offset.
func pageParams(c *gin.Context, def int) (limit, offset int, err error) {
	limit, offset = def, 0
	if v := c.Query("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, msg.E(data.ErrInvalid, "params.limit", "max", strconv.Itoa(maxLimit), "value", strconv.Quote(v))
		}
	}
	if v := c.Query("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, msg.E(data.ErrInvalid, "params.offset", "value", strconv.Quote(v))
		}
	}
	return limit, offset, nil
}

// linkHeader names the first, previous and next pages of a paged answer, as
// RFC 8288 links on the request's own path and query.
func linkHeader(c *gin.Context, limit, offset, total int) string {
	link := func(off int, rel string) string {
		q := c.Request.URL.Query()
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(off))
		return fmt.Sprintf(`<%s?%s>; rel="%s"`, c.Request.URL.Path, q.Encode(), rel)
	}
	links := []string{link(0, "first")}
	if offset > 0 {
		links = append(links, link(max(0, offset-limit), "prev"))
	}
	if offset+limit < total {
		links = append(links, link(offset+limit, "next"))
	}
	return strings.Join(links, ", ")
}

// pagedJSON is a page of rows with the total and where it starts.
type pagedJSON struct {
	DataVersion int64           `json:"data_version"`
	Total       int             `json:"total"`
	Limit       int             `json:"limit"`
	Offset      int             `json:"offset"`
	Rows        []analytics.Row `json:"rows"`
}

// servePaged answers a paged query from the cache, with its Link header.
func (s *Server) servePaged(c *gin.Context, key string, fq analytics.FigureQuery) {
	info := s.dataInfo()
	var total int
	lang := requestLang(c)
	b, err := s.cache.load(info.Version, key+"|"+lang, func() ([]byte, error) {
		rows, n, err := s.d.Analytics.Figures(c.Request.Context(), fq)
		if err != nil {
			return nil, err
		}
		if rows == nil {
			rows = []analytics.Row{}
		}
		analytics.LocalizeReasons(rows, lang)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(pagedJSON{info.Version, n, fq.Limit, fq.Offset, rows}); err != nil {
			return nil, err
		}
		// The total rides in front of the page, for the Link header of a cached answer.
		return encodePage(renderedPage{raw: append([]byte(strconv.Itoa(n)+"\n"), buf.Bytes()...), gz: gzipBytes(buf.Bytes())}), nil
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	p := decodePage(b)
	i := bytes.IndexByte(p.raw, '\n')
	total, _ = strconv.Atoi(string(p.raw[:i]))
	c.Header("Link", linkHeader(c, fq.Limit, fq.Offset, total))
	c.Header("X-Total-Count", strconv.Itoa(total))
	s.writeBody(c, "application/json; charset=utf-8", renderedPage{raw: p.raw[i+1:], gz: p.gz})
}

// writeBody sends a body gzipped when the client takes it.
func (s *Server) writeBody(c *gin.Context, contentType string, p renderedPage) {
	h := c.Writer.Header()
	h.Add("Vary", "Accept-Encoding")
	if len(p.gz) > 0 && strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		c.Data(http.StatusOK, contentType, p.gz)
		return
	}
	c.Data(http.StatusOK, contentType, p.raw)
}

// performance is GET /api/performance?year=&unit=&indicator=&block=&limit=&offset=:
// rows of the performance view, unrounded, NULL as null, a page at a time
// (1,000 rows unless limit says), ordered by year, block, unit and
// indicator, with the total and a Link header to the next page.
func (s *Server) performance(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.writeError(c, err)
		return
	}
	limit, offset, err := pageParams(c, defaultLimit)
	if err != nil {
		s.writeError(c, err)
		return
	}
	f := analytics.Filter{Year: year, Units: codesParam(c, "unit"), Indicators: codesParam(c, "indicator"), Block: c.Query("block")}
	key := fmt.Sprintf("perf|%d|%s|%s|%s", f.Year, strings.Join(f.Units, ","), strings.Join(f.Indicators, ","), f.Block)
	if c.Query("format") == "csv" { // every row: a download is not paged
		s.performanceCSV(c, f, key)
		return
	}
	key += fmt.Sprintf("|%d|%d", limit, offset)
	s.servePaged(c, key, analytics.FigureQuery{Filter: f, Limit: limit, Offset: offset})
}

// figuresQuery reads the figures table's filters, order and page.
func figuresQuery(c *gin.Context) (dashboards.FiguresQuery, error) {
	year, err := yearParam(c, "year")
	if err != nil {
		return dashboards.FiguresQuery{}, err
	}
	q := dashboards.FiguresQuery{Year: year, Block: c.Query("block"), Category: c.Query("category"),
		Unit: strings.TrimSpace(c.Query("unit")), Indicator: strings.TrimSpace(c.Query("indicator")),
		Release: c.Query("release"), Sort: c.Query("sort"), Desc: c.Query("desc") == "1" || c.Query("desc") == "true",
		Lang: pageLang(c)}
	for _, v := range c.QueryArray("status") {
		q.Statuses = append(q.Statuses, strings.Split(v, ",")...)
	}
	if v := c.Query("page"); v != "" {
		if q.Page, err = strconv.Atoi(v); err != nil || q.Page < 1 {
			return q, msg.E(data.ErrInvalid, "params.page", "value", strconv.Quote(v))
		}
	}
	if _, ok := analytics.FigureSorts[q.Sort]; q.Sort != "" && !ok {
		return q, msg.E(data.ErrInvalid, "params.sort")
	}
	return q, nil
}

// figuresPage is GET /figures: the paged, sortable, filterable table of a
// year's figures.
func (s *Server) figuresPage(c *gin.Context) {
	q, err := figuresQuery(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	key := "figures|" + q.URL(q.Year).Encode() + "|" + strconv.Itoa(q.Page)
	s.servePage(c, key, func(buf *bytes.Buffer, info dashboards.DataInfo) error {
		return s.d.Pages.Figures(c.Request.Context(), buf, q, info)
	})
}

// figuresAPI is GET /api/figures: the figures table's rows as paged JSON
// (limit, offset, total, Link), or every row as CSV with format=csv.
func (s *Server) figuresAPI(c *gin.Context) {
	q, err := figuresQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	year := q.Year
	if year == 0 {
		years, err := s.d.Analytics.Years(c.Request.Context())
		if err != nil {
			s.writeError(c, err)
			return
		}
		if len(years) > 0 {
			year = years[0]
		}
	}
	fq := q.Analytics(year)
	if fq.Release != "" {
		has, err := s.d.Analytics.HasReleases(c.Request.Context())
		if err != nil {
			s.writeError(c, err)
			return
		}
		if !has {
			s.writeError(c, msg.E(data.ErrInvalid, "api.figures.no_releases"))
			return
		}
	}
	if c.Query("format") == "csv" {
		s.figuresCSV(c, fq, year)
		return
	}
	limit, offset, err := pageParams(c, defaultLimit)
	if err != nil {
		s.writeError(c, err)
		return
	}
	fq.Limit, fq.Offset = limit, offset
	q.Lang = dashboards.VI
	s.servePaged(c, fmt.Sprintf("figures-api|%d|%s|%d|%d", year, q.URL(year).Encode(), limit, offset), fq)
}

// figuresCSV writes the rows a figures query selects as CSV, with a BOM so
// that spreadsheet programs read the Vietnamese names right.
func (s *Server) figuresCSV(c *gin.Context, fq analytics.FigureQuery, year int) {
	fq.Limit = maxCSVRows
	rows, err := s.d.Analytics.FigurePage(c.Request.Context(), fq)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Write([]string{"year", "block", "unit_code", "unit_name", "indicator_code", "indicator_name", "category", "measure",
		"actual", "plan", "target", "attainment_pct", "yoy_pct", "status"})
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	for _, r := range rows {
		att := r.AttainmentPct
		if att == nil {
			att = r.TargetAttainmentPct
		}
		w.Write([]string{strconv.Itoa(r.Year), safeCell(r.Block), safeCell(r.UnitCode), safeCell(r.UnitNameVI), safeCell(r.IndicatorCode),
			safeCell(r.IndicatorNameVI), safeCell(r.Category), safeCell(r.Measure), num(r.Actual), num(r.Plan), num(r.Target),
			num(att), num(r.YoYPct), r.Status})
	}
	w.Flush()
	name := fmt.Sprintf("chitieu-%d.csv", year)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
	s.writeBody(c, "text/csv; charset=utf-8", renderedPage{raw: buf.Bytes(), gz: gzipBytes(buf.Bytes())})
}

// safeCell keeps a spreadsheet from reading a name as a formula.
func safeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// find is GET /api/find?q=: units and indicators whose code or name holds
// the words, with or without diacritics, for the search box of every page.
func (s *Server) find(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	if len([]rune(q)) > 100 {
		s.writeError(c, msg.E(data.ErrInvalid, "api.find.too_long", "max", "100"))
		return
	}
	s.cachedJSON(c, "find|"+analytics.FoldText(q), func() (any, error) {
		found, err := s.d.Analytics.Find(c.Request.Context(), q, 8)
		return gin.H{"q": q, "results": found}, err
	})
}

// rankHistoryChart is GET /api/charts/rank-history?block=&lang=: the chart
// of a block's ranks over the years, which the ranking page draws when it
// is opened: {"option", "height"} or {"empty": why}.
func (s *Server) rankHistoryChart(c *gin.Context) {
	block, lang := c.Query("block"), dashboards.ParseLang(c.Query("lang"))
	if block == "" {
		s.writeError(c, msg.E(data.ErrInvalid, "params.block"))
		return
	}
	s.cachedJSON(c, "rank-history|"+string(lang)+"|"+block, func() (any, error) {
		ch, err := s.d.Pages.RankHistoryChart(c.Request.Context(), block, lang)
		if err != nil {
			return nil, err
		}
		if ch.Empty != "" {
			return gin.H{"empty": ch.Empty}, nil
		}
		return gin.H{"option": json.RawMessage(ch.Option), "height": ch.Height}, nil
	})
}
