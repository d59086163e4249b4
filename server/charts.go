package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chitieu/dashboards"
	"chitieu/data"

	"github.com/gin-gonic/gin"
)

// chartRequest reads a comparison chart from the query string.
func chartRequest(c *gin.Context) (dashboards.ChartRequest, error) {
	r := dashboards.ChartRequest{Format: c.DefaultQuery("format", "svg")}
	r.Indicators, r.Units = codesParam(c, "indicator"), codesParam(c, "unit")
	r.Kind, r.Title, r.Lang = c.Query("kind"), c.Query("title"), dashboards.ParseLang(c.Query("lang"))
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
				return r, data.E("chart", data.ErrInvalid, "%s must be a number of pixels", name)
			}
		}
	}
	return r, r.Validate()
}

// compareChart is GET /api/charts/compare?indicator=&unit=&from=&to=&kind=&format=:
// the chart as SVG (drawn in the server), PNG (with a local Chromium),
// standalone HTML, the ECharts option as JSON, or the data as CSV.
// &download=1 asks for it as a file.
func (s *Server) compareChart(c *gin.Context) {
	r, err := chartRequest(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	key := fmt.Sprintf("chart|%s|%s|%d|%d|%s|%s|%s|%d|%d|%s", strings.Join(r.Indicators, ","), strings.Join(r.Units, ","),
		r.From, r.To, r.Kind, r.Format, r.Lang, r.Width, r.Height, r.Title)
	info := s.dataInfo()
	b, ok := s.cache.get(info.Version, key)
	if !ok {
		var buf bytes.Buffer
		if err := s.d.Exporter.Export(c.Request.Context(), &buf, r, info.Version); err != nil {
			s.writeError(c, err)
			return
		}
		b = buf.Bytes()
		if r.Format != dashboards.FormatPNG || len(b) < 4<<20 {
			s.cache.put(info.Version, key, b)
		}
	}
	if c.Query("download") != "" {
		name := strings.ToLower(strings.Join(r.Indicators, "-"))
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.%s"`, name, r.Kind, r.Format))
	}
	c.Data(http.StatusOK, dashboards.ContentType(r.Format), b)
}
