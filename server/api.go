package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"chitieu/analytics"

	"github.com/gin-gonic/gin"
)

// healthz answers 200 "ok" when the store answers a query.
func (s *Server) healthz(c *gin.Context) {
	if err := s.d.Store.Ping(c.Request.Context()); err != nil {
		s.d.Log.Error("health check", "err", err)
		c.String(http.StatusServiceUnavailable, "store not answering")
		return
	}
	c.String(http.StatusOK, "ok")
}

// performance is GET /api/performance?year=&unit=&indicator=&block=: rows of
// the performance view, unrounded, NULL as null.
func (s *Server) performance(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.writeError(c, err)
		return
	}
	f := analytics.Filter{Year: year, Units: codesParam(c, "unit"), Indicators: codesParam(c, "indicator"), Block: c.Query("block")}
	info := s.dataInfo()
	key := fmt.Sprintf("perf|%d|%s|%s|%s", f.Year, strings.Join(f.Units, ","), strings.Join(f.Indicators, ","), f.Block)
	b, ok := s.cache.get(info.Version, key)
	if !ok {
		rows, err := s.d.Analytics.Performance(c.Request.Context(), f)
		if err != nil {
			s.writeError(c, err)
			return
		}
		if rows == nil {
			rows = []analytics.Row{}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			DataVersion int64           `json:"data_version"`
			Rows        []analytics.Row `json:"rows"`
		}{info.Version, rows}); err != nil {
			s.writeError(c, err)
			return
		}
		b = buf.Bytes()
		s.cache.put(info.Version, key, b)
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}
