package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chitieu/dashboards"
	"chitieu/data"
	msgs "chitieu/msg"

	"github.com/gin-gonic/gin"
)

// renderedPage is a page kept by the cache, plain and gzipped; the cache holds
// it as one slice: the gzip length, ':', the gzip bytes, then the plain bytes.
type renderedPage struct {
	raw, gz []byte
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// servePage answers from the cache when it can, else renders and keeps the
// result for this data version.
func (s *Server) servePage(c *gin.Context, key string, render func(*bytes.Buffer, dashboards.DataInfo) error) {
	info := s.dataInfo()
	b, err := s.cache.load(info.Version, key, func() ([]byte, error) {
		var buf bytes.Buffer
		if err := render(&buf, dashboards.DataInfo{Version: info.Version, LoadedAt: info.LoadedAt}); err != nil {
			return nil, err
		}
		return encodePage(renderedPage{raw: buf.Bytes(), gz: gzipBytes(buf.Bytes())}), nil
	})
	if err != nil {
		s.pageError(c, err)
		return
	}
	p := decodePage(b)
	if wantsParts(c) {
		s.servePageParts(c, info.Version, key, p.raw)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", fmt.Sprintf(`"v%d-%s"`, info.Version, strconv.Itoa(len(p.raw))))
	h.Add("Vary", "Accept-Encoding")
	h.Add("Vary", "Accept-Language")
	if c.GetHeader("If-None-Match") == h.Get("ETag") {
		c.Status(http.StatusNotModified)
		return
	}
	if strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		c.Data(http.StatusOK, "text/html; charset=utf-8", p.gz)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", p.raw)
}

func encodePage(p renderedPage) []byte {
	b := make([]byte, 0, 8+len(p.gz)+len(p.raw))
	b = strconv.AppendInt(b, int64(len(p.gz)), 10)
	b = append(b, ':')
	b = append(b, p.gz...)
	return append(b, p.raw...)
}

func decodePage(b []byte) renderedPage {
	i := bytes.IndexByte(b, ':')
	n, _ := strconv.Atoi(string(b[:i]))
	return renderedPage{gz: b[i+1 : i+1+n], raw: b[i+1+n:]}
}

// overview is GET /: the year's dashboard (?year=, ?lang=vi|en).
func (s *Server) overview(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.pageError(c, err)
		return
	}
	lang := pageLang(c)
	q := dashboards.OverviewQuery{Year: year, Block: c.Query("block"), Category: c.Query("category"), Lang: lang}
	key := fmt.Sprintf("overview|%s|%d|%s|%s", lang, year, q.Block, q.Category)
	s.servePage(c, key, func(buf *bytes.Buffer, info dashboards.DataInfo) error {
		return s.d.Pages.Overview(c.Request.Context(), buf, q, info)
	})
}

// yearParam reads an optional year; 0 when absent.
func yearParam(c *gin.Context, name string) (int, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2100 {
		return 0, msgs.E(data.ErrInvalid, "params.year", "name", name, "value", strconv.Quote(v))
	}
	return y, nil
}

// codesParam reads a list of codes: repeated (as a form sends them), or
// comma-separated in one value. A code is any text, commas included, so a
// comma followed by a space ("Hong Kong, China") is part of a code, and a
// list is written without spaces (SYT,SDL). Codes keep their case here.
func codesParam(c *gin.Context, name string) []string {
	var out []string
	for _, p := range c.QueryArray(name) {
		for _, v := range splitCodes(p) {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// splitCodes splits s at the commas not followed by a space.
func splitCodes(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' && (i+1 >= len(s) || s[i+1] != ' ') {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// pageLang is the language of a page: ?lang, else English only for a
// browser that puts English first and does not list Vietnamese.
func pageLang(c *gin.Context) dashboards.Lang {
	return dashboards.ParseLang(msgs.PageLang(c.Query("lang"), c.GetHeader("Accept-Language")))
}

// pageError answers a page request that failed with an HTML page saying
// why, with the status the error calls for; internals stay in the log.
func (s *Server) pageError(c *gin.Context, err error) {
	code := status(err)
	lang := pageLang(c)
	msg := publicText(string(lang), err)
	if code == http.StatusInternalServerError {
		s.d.Log.Error("page failed", "path", c.Request.URL.Path, "err", err)
		msg = msgs.Text(string(lang), "api.status.500", nil)
	}
	var buf bytes.Buffer
	if rerr := s.d.Pages.Error(&buf, lang, code, msg); rerr != nil {
		s.writeError(c, err)
		return
	}
	c.Data(code, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

// ranking is GET /ranking?year=&block=: the block ranking with its parts.
func (s *Server) rankingPage(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.pageError(c, err)
		return
	}
	lang := pageLang(c)
	block := c.Query("block")
	s.servePage(c, fmt.Sprintf("ranking|%s|%d|%s", lang, year, block), func(buf *bytes.Buffer, info dashboards.DataInfo) error {
		return s.d.Pages.Ranking(c.Request.Context(), buf, dashboards.RankingQuery{Year: year, Block: block, Lang: lang}, info)
	})
}

// unitPage is GET /units/:code?year=: an agency and all its indicators.
func (s *Server) unitPage(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.pageError(c, err)
		return
	}
	lang := pageLang(c)
	code := strings.TrimSpace(c.Param("code"))
	page, err := pageNumber(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	q := dashboards.DetailQuery{Code: code, Year: year, Lang: lang, Category: c.Query("category"), Statuses: statusesParam(c), Page: page}
	key := fmt.Sprintf("unit|%s|%d|%s|%s|%s|%d", lang, year, code, q.Category, strings.Join(q.Statuses, ","), page)
	s.servePage(c, key, func(buf *bytes.Buffer, info dashboards.DataInfo) error {
		return s.d.Pages.UnitPage(c.Request.Context(), buf, q, info)
	})
}

// indicatorPage is GET /indicators/:code?unit=&year=: an indicator over the
// years, for every unit or the ones asked for, with the source of each value.
func (s *Server) indicatorPage(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.pageError(c, err)
		return
	}
	lang := pageLang(c)
	code := strings.TrimSpace(c.Param("code"))
	units := codesParam(c, "unit")
	page, err := pageNumber(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	q := dashboards.DetailQuery{Code: code, Year: year, Units: units, Lang: lang, Block: c.Query("block"), Statuses: statusesParam(c), Page: page}
	key := fmt.Sprintf("indicator|%s|%d|%s|%s|%s|%s|%d", lang, year, code, strings.Join(units, ","), q.Block, strings.Join(q.Statuses, ","), page)
	s.servePage(c, key, func(buf *bytes.Buffer, info dashboards.DataInfo) error {
		return s.d.Pages.IndicatorPage(c.Request.Context(), buf, q, info)
	})
}

// pageNumber reads ?page=, 1 when absent.
func pageNumber(c *gin.Context) (int, error) {
	v := c.Query("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, msgs.E(data.ErrInvalid, "params.page", "value", strconv.Quote(v))
	}
	return n, nil
}

// statusesParam reads ?status=, repeated or comma-separated.
func statusesParam(c *gin.Context) []string {
	var out []string
	for _, v := range c.QueryArray("status") {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
