package server

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/results"

	"github.com/gin-gonic/gin"
)

const (
	defaultRowLimit = 10_000
	maxRowLimit     = 1_000_000
)

type sqlRequest struct {
	SQL string `json:"sql"`
}

// sql is POST /api/sql {"sql": "..."}: JSON capped at ?limit= rows, or the
// whole result streamed as CSV when the client accepts text/csv.
func (s *Server) sql(c *gin.Context) {
	var req sqlRequest
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	if err := c.ShouldBindJSON(&req); err != nil || strings.TrimSpace(req.SQL) == "" {
		s.writeError(c, data.E("sql", data.ErrInvalid, `send {"sql": "SELECT …"} as JSON`))
		return
	}
	limit := defaultRowLimit
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRowLimit {
			s.writeError(c, data.E("sql", data.ErrInvalid, "limit must be between 1 and %d", maxRowLimit))
			return
		}
		limit = n
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.d.QueryTimeout)
	defer cancel()
	accept := c.GetHeader("Accept")
	err := s.d.Store.ReadQuery(ctx, req.SQL, func(rows *sql.Rows) error {
		if strings.Contains(accept, "text/csv") {
			c.Header("Content-Type", "text/csv; charset=utf-8")
			c.Header("Content-Disposition", `attachment; filename="query.csv"`)
			c.Status(http.StatusOK)
			_, err := results.WriteCSV(c.Writer, rows)
			return err
		}
		t, err := results.ReadTable(rows, limit)
		if err != nil {
			return err
		}
		c.Header("Content-Type", "application/json; charset=utf-8")
		c.Status(http.StatusOK)
		return results.WriteJSON(c.Writer, t)
	})
	if err != nil {
		if c.Writer.Written() {
			// Headers are gone; the truncated stream is the signal.
			s.d.Log.Warn("sql stream ended early", "err", err)
			return
		}
		s.writeError(c, err)
	}
}
