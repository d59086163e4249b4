package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chitieu/analytics"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/msg"
	"chitieu/results"

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

// cachedJSON answers with the JSON of build's result, kept for the data
// version under key, so a repeated request runs no query.
func (s *Server) cachedJSON(c *gin.Context, key string, build func() (any, error)) {
	info := s.dataInfo()
	b, err := s.cache.load(info.Version, key, func() ([]byte, error) {
		v, err := build()
		if err != nil {
			return nil, err
		}
		return jsonPage(v, 1024)
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.writeBody(c, "application/json; charset=utf-8", decodePage(b))
}

// jsonPage is v as JSON for a cache entry, with its gzip when it is over
// gzipOver bytes. Markup goes as it is, not with <, > and & escaped: it is
// read by JSON.parse or a client, never placed in a page's script.
func jsonPage(v any, gzipOver int) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	var gz []byte
	if buf.Len() > gzipOver {
		gz = gzipBytes(buf.Bytes())
	}
	return encodePage(renderedPage{raw: buf.Bytes(), gz: gz}), nil
}

// performanceCSV is /api/performance?format=csv: for people (Excel: a
// BOM, headers and status words in ?lang, 15 digits) unless ?csv=plain.
func (s *Server) performanceCSV(c *gin.Context, f analytics.Filter, key string) {
	lang, plain := dashboards.ParseLang(c.Query("lang")), results.IsPlain(c.Query("csv"))
	info := s.dataInfo()
	b, err := s.cache.load(info.Version, fmt.Sprintf("%s|csv|%s|%v", key, lang, plain), func() ([]byte, error) {
		rows, err := s.d.Analytics.Performance(c.Request.Context(), f)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		err = s.d.Exporter.PerformanceCSV(&buf, rows, lang, plain)
		return buf.Bytes(), err
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="chitieu-performance.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b)
}

// growth is GET /api/growth?indicator=&unit=&from=&to=: each series over the
// years with its growth and CAGR between the first and last reported year.
func (s *Server) growth(c *gin.Context) {
	q, err := growthQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	key := fmt.Sprintf("growth|%s|%s|%d|%d", strings.Join(q.Units, ","), strings.Join(q.Indicators, ","), q.From, q.To)
	s.cachedJSON(c, key, func() (any, error) {
		if err := s.d.Analytics.CheckCodes(c.Request.Context(), q.Units, q.Indicators); err != nil {
			return nil, err
		}
		series, err := s.d.Analytics.Growth(c.Request.Context(), q)
		if series == nil {
			series = []analytics.Series{}
		}
		return gin.H{"series": series}, err
	})
}

func growthQuery(c *gin.Context) (analytics.GrowthQuery, error) {
	q := analytics.GrowthQuery{Units: codesParam(c, "unit"), Indicators: codesParam(c, "indicator")}
	var err error
	if q.From, err = yearParam(c, "from"); err != nil {
		return q, err
	}
	if q.To, err = yearParam(c, "to"); err != nil {
		return q, err
	}
	switch {
	case len(q.Units) == 0 && len(q.Indicators) == 0:
		return q, msg.E(data.ErrInvalid, "params.growth_subject")
	case q.From != 0 && q.To != 0 && q.From > q.To:
		return q, msg.E(data.ErrInvalid, "params.from_after_to", "from", strconv.Itoa(q.From), "to", strconv.Itoa(q.To))
	}
	return q, nil
}

// ranking is GET /api/ranking?year=&block=&parts=: units ranked in their
// block, each score with its parts (the performance rows it counts) unless
// parts=false. The year defaults to the latest.
func (s *Server) ranking(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.writeError(c, err)
		return
	}
	block := c.Query("block")
	withParts := c.Query("parts") != "false"
	s.cachedJSON(c, fmt.Sprintf("ranking|%d|%s|%t", year, block, withParts), func() (any, error) {
		ctx := c.Request.Context()
		if year == 0 {
			years, err := s.d.Analytics.Years(ctx)
			if err != nil || len(years) == 0 {
				return gin.H{"year": nil, "rule": analytics.TieRule, "rows": []analytics.RankRow{}}, err
			}
			year = years[0]
		}
		rows, err := s.d.Analytics.Ranking(ctx, year, block)
		// Each unit's figures ride along only while they are few: a national
		// year without a block is tens of millions of figures, which would
		// take the server's memory; ask one block, or a unit's figures.
		omitted := false
		if err == nil && withParts {
			n := 0
			for _, r := range rows {
				n += r.NIndicators
			}
			if omitted = n > s.maxRankingParts(); !omitted {
				rows, err = s.d.Analytics.RankingParts(ctx, rows, year, block)
			}
		}
		if err == nil && len(rows) == 0 && block != "" {
			return nil, msg.E(data.ErrNotFound, "params.no_unit_in_block", "block", strconv.Quote(block))
		}
		if rows == nil {
			rows = []analytics.RankRow{}
		}
		out := gin.H{"year": year, "rule": analytics.TieRule, "rows": rows}
		if omitted {
			out["parts_omitted"] = true // rows without their figures: ask ?block= for them
		}
		return out, err
	})
}

// maxRankingParts is Deps.MaxRankingParts, else 200,000 figures.
func (s *Server) maxRankingParts() int {
	if s.d.MaxRankingParts > 0 {
		return s.d.MaxRankingParts
	}
	return 200_000
}

// planPeriods is GET /api/plan-periods?period=2021-2025: five-year targets,
// progress and the growth still needed.
func (s *Server) planPeriods(c *gin.Context) {
	period := strings.TrimSpace(c.Query("period"))
	s.cachedJSON(c, "plans|"+period, func() (any, error) {
		if period != "" {
			if err := s.d.Analytics.PeriodExists(c.Request.Context(), period); err != nil {
				return nil, err
			}
		}
		rows, err := s.d.Analytics.PlanPeriods(c.Request.Context(), period)
		if rows == nil {
			rows = []analytics.PlanProgress{}
		}
		return gin.H{"rows": rows}, err
	})
}
