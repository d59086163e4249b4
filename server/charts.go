package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"chitieu/analytics"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/msg"
	"chitieu/results"

	"github.com/gin-gonic/gin"
)

// chartRequest reads a comparison chart from the query string.
func chartRequest(c *gin.Context) (dashboards.ChartRequest, error) {
	r := dashboards.ChartRequest{Format: c.DefaultQuery("format", "svg")}
	r.Indicators, r.Units = codesParam(c, "indicator"), codesParam(c, "unit")
	r.Kind, r.Title, r.Lang = c.Query("kind"), c.Query("title"), dashboards.ParseLang(c.Query("lang"))
	r.CSVPlain = results.IsPlain(c.Query("csv"))
	var err error
	if r.From, err = yearParam(c, "from"); err != nil {
		return r, err
	}
	if r.To, err = yearParam(c, "to"); err != nil {
		return r, err
	}
	for name, dst := range map[string]*int{"width": &r.Width, "height": &r.Height} {
		if v := c.Query(name); v != "" {
			if *dst, err = strconv.Atoi(v); err != nil {
				return r, msg.E(data.ErrInvalid, "api.chart.pixels", "name", name, "value", strconv.Quote(v))
			}
		}
	}
	return r, r.Validate()
}

// compareChart is GET /api/charts/compare?indicator=&unit=&from=&to=&kind=&format=:
// the chart as SVG (drawn in the server), PNG (rasterised in the process, package raster),
// standalone HTML, the ECharts option as JSON, or the data as CSV.
// &download=1 asks for it as a file.
func (s *Server) compareChart(c *gin.Context) {
	r, err := chartRequest(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	key := fmt.Sprintf("chart|%s|%s|%d|%d|%s|%s|%s|%d|%d|%s|%v", strings.Join(r.Indicators, ","), strings.Join(r.Units, ","),
		r.From, r.To, r.Kind, r.Format, r.Lang, r.Width, r.Height, r.Title, r.CSVPlain)
	info := s.dataInfo()
	b, err := s.cache.load(info.Version, key, func() ([]byte, error) {
		var buf bytes.Buffer
		err := s.d.Exporter.Export(c.Request.Context(), &buf, r, info.Version)
		return buf.Bytes(), err
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if c.Query("download") != "" {
		name := strings.ToLower(strings.Join(r.Indicators, "-"))
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.%s"`, name, r.Kind, r.Format))
	}
	if r.Format == dashboards.FormatHTML {
		sandboxed(c)
	}
	c.Data(http.StatusOK, dashboards.ContentType(r.Format), b)
}

// comparePage is GET /compare: the chart builder; its query is a permalink.
func (s *Server) comparePage(c *gin.Context) {
	r, err := chartRequest(c)
	if err != nil && len(r.Indicators) > 0 {
		s.pageError(c, err)
		return
	}
	fromSQL := c.Query("source") == "sql"
	var buf bytes.Buffer
	info := s.dataInfo()
	if err := s.d.Pages.ComparePage(c.Request.Context(), &buf, r, fromSQL, s.d.Exporter,
		dashboards.DataInfo{Version: info.Version, LoadedAt: info.LoadedAt}); err != nil {
		s.pageError(c, err)
		return
	}
	if wantsParts(c) {
		s.servePageParts(c, info.Version, "compare|"+c.Request.URL.RawQuery, buf.Bytes())
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

type tableChartRequest struct {
	Columns []dashboards.TableColumn `json:"columns"`
	Rows    [][]any                  `json:"rows"`
	Kind    string                   `json:"kind"`
	Lang    string                   `json:"lang"`
	Title   string                   `json:"title"`
}

// tableChart is POST /api/charts/table?format=json|svg|png|html|csv: a query
// result drawn by year, for the SQL console's "chart this", titled as the
// analyst asks; &download=1 names the file after the title.
func (s *Server) tableChart(c *gin.Context) {
	var req tableChartRequest
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 8<<20)
	if err := c.ShouldBindJSON(&req); err != nil {
		s.writeError(c, msg.E(data.ErrInvalid, "api.json.chart"))
		return
	}
	if len(req.Rows) > 5000 {
		s.writeError(c, msg.E(data.ErrInvalid, "api.chart.max_rows", "n", "5000"))
		return
	}
	lang := dashboards.ParseLang(req.Lang)
	ch, err := s.d.Exporter.TableChart(lang, req.Kind, req.Title, req.Columns, req.Rows)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	format := c.DefaultQuery("format", "json")
	switch format {
	case "json":
		buf.Write(ch.Option)
	case "svg":
		svg, err := s.d.Exporter.SVG(c.Request.Context(), ch, dashboards.DefaultW, dashboards.DefaultH)
		if err != nil {
			s.writeError(c, err)
			return
		}
		buf.Write(svg)
	case "html":
		if err := s.d.Exporter.StandaloneHTML(&buf, ch, lang, dashboards.DefaultW, dashboards.DefaultH); err != nil {
			s.writeError(c, err)
			return
		}
		sandboxed(c)
	case "png":
		if err := s.d.Exporter.PNG(c.Request.Context(), &buf, ch, lang, dashboards.DefaultW, dashboards.DefaultH); err != nil {
			s.writeError(c, err)
			return
		}
	case "csv":
		writeTableCSV(&buf, req.Title, req.Columns, req.Rows)
	default:
		s.writeError(c, msg.E(data.ErrInvalid, "api.chart.table_format", "value", strconv.Quote(format)))
		return
	}
	if c.Query("download") != "" {
		name := fileName(req.Title, "chitieu-query") + "." + format
		c.Header("Content-Disposition", `attachment; filename="`+asciiName(name)+`"; filename*=UTF-8''`+url.PathEscape(name))
	}
	c.Data(http.StatusOK, dashboards.ContentType(format), buf.Bytes())
}

// writeTableCSV writes a chart's table: its title as a first line when it
// has one, then the columns and rows, with a BOM for spreadsheet programs.
func writeTableCSV(buf *bytes.Buffer, title string, cols []dashboards.TableColumn, rows [][]any) {
	buf.WriteString("\ufeff")
	w := csv.NewWriter(buf)
	if title != "" {
		w.Write([]string{safeCell(title)})
	}
	rec := make([]string, len(cols))
	for i, col := range cols {
		rec[i] = safeCell(col.Name)
	}
	w.Write(rec)
	for _, r := range rows {
		rec = rec[:0]
		for i := range cols {
			v := ""
			switch x := cell(r, i).(type) {
			case nil:
			case float64:
				v = strconv.FormatFloat(x, 'f', -1, 64)
			default:
				v = safeCell(fmt.Sprint(x))
			}
			rec = append(rec, v)
		}
		w.Write(rec)
	}
	w.Flush()
}

func cell(r []any, i int) any {
	if i < len(r) {
		return r[i]
	}
	return nil
}

// fileName makes a file name of a title: its words, lower case, at most 60
// characters; fallback when nothing is left.
func fileName(title, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if n := strings.Trim(b.String(), "-"); n != "" {
		return n
	}
	return fallback
}

// asciiName is a file name for old clients: its letters without marks.
func asciiName(name string) string {
	f := analytics.FoldText(name)
	return strings.Map(func(r rune) rune {
		if r < 128 && r != '"' && r != '\\' {
			return r
		}
		return '_'
	}, f)
}
