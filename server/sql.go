package server

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chitieu/data"
	"chitieu/msg"
	"chitieu/results"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/gin-gonic/gin"
)

const (
	defaultRowLimit = 10_000
	maxRowLimit     = 1_000_000
	maxAuditSQL     = 10_000 // characters of a query the audit keeps
	// maxJSONBytes bounds a JSON result by size as well as by rows; a longer
	// one is cut and says truncated: true.
	maxJSONBytes = 64 << 20
)

// Content types of the downloads.
const (
	typeArrow   = "application/vnd.apache.arrow.stream"
	typeParquet = "application/vnd.apache.parquet"
	typeXLSX    = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

type sqlRequest struct {
	SQL    string `json:"sql"`
	Format string `json:"format"`
}

// sqlFormat is the result format asked for: ?format= or the body's format,
// else the Accept header, else JSON.
func sqlFormat(c *gin.Context, req sqlRequest) string {
	if f := c.Query("format"); f != "" {
		return f
	}
	if req.Format != "" {
		return req.Format
	}
	accept := c.GetHeader("Accept")
	switch {
	case strings.Contains(accept, "text/csv"):
		return "csv"
	case strings.Contains(accept, typeArrow):
		return "arrow"
	case strings.Contains(accept, typeParquet):
		return "parquet"
	case strings.Contains(accept, typeXLSX):
		return "xlsx"
	}
	return "json"
}

// sql is POST /api/sql {"sql": "..."}: JSON capped at ?limit= rows; CSV,
// Arrow IPC stream, Parquet or XLSX of the whole result, streamed. Only
// statements that read run, on a store where DuckDB itself forbids file and
// network access, under a time limit, a few at a time.
func (s *Server) sql(c *gin.Context) {
	var req sqlRequest
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	if err := c.ShouldBindJSON(&req); err != nil || strings.TrimSpace(req.SQL) == "" {
		s.writeError(c, msg.E(data.ErrInvalid, "api.json.sql"))
		return
	}
	format := sqlFormat(c, req)
	limit := defaultRowLimit
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRowLimit {
			s.writeError(c, msg.E(data.ErrInvalid, "params.sql_limit", "max", strconv.Itoa(maxRowLimit)))
			return
		}
		limit = n
	}
	switch format {
	case "json", "csv", "arrow", "parquet", "xlsx":
	default:
		s.writeError(c, msg.E(data.ErrInvalid, "api.sql.format", "value", strconv.Quote(format)))
		return
	}
	release, err := s.acquireQuerySlot(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	defer release()

	ctx, cancel := context.WithTimeout(c.Request.Context(), s.d.QueryTimeout)
	defer cancel()
	start := time.Now()
	var rows int64
	switch format {
	case "json", "csv":
		err = s.d.Store.ReadQuery(ctx, req.SQL, func(r *sql.Rows) error {
			if format == "csv" {
				s.startDownload(c, "text/csv; charset=utf-8", "csv")
				// For people (the console's download) unless ?csv=plain.
				if results.IsPlain(c.Query("csv")) {
					rows, err = results.WriteCSV(c.Writer, r)
				} else {
					rows, err = results.WritePeopleCSV(c.Writer, r)
				}
				return err
			}
			t, err := results.ReadTableCapped(r, limit, s.maxJSON())
			if err != nil {
				return err
			}
			rows = int64(len(t.Rows))
			c.Header("Content-Type", "application/json; charset=utf-8")
			c.Status(http.StatusOK)
			return results.WriteJSON(c.Writer, t)
		})
	default:
		err = s.d.Store.ReadQueryArrow(ctx, req.SQL, func(rr array.RecordReader) error {
			switch format {
			case "arrow":
				s.startDownload(c, typeArrow, "arrows")
				rows, err = results.WriteArrowStream(c.Writer, rr)
			case "parquet":
				s.startDownload(c, typeParquet, "parquet")
				rows, err = results.WriteParquet(c.Writer, rr)
			case "xlsx":
				// A workbook is written whole at the end, so headers wait for it.
				rows, err = results.WriteXLSX(ctx, &deferredHeaders{c: c, ctype: typeXLSX, ext: "xlsx", s: s}, rr)
			}
			return err
		})
	}
	s.auditQuery(c, req.SQL, start, rows, err, ctx.Err())
	if err != nil {
		if c.Writer.Written() {
			// The headers are gone; a cut stream is the signal, and the log says why.
			s.d.Log.Warn("sql stream ended early", "err", err)
			return
		}
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
			s.writeError(c, msg.E(data.ErrTimeout, "sql.timeout_limit", "limit", s.d.QueryTimeout.String()))
			return
		}
		if errors.Is(err, results.ErrTooManyRows) {
			err = msg.E(data.ErrInvalid, "api.sql.too_many_rows")
		}
		s.writeError(c, err)
	}
}

// maxJSON is Deps.MaxJSONBytes, else maxJSONBytes.
func (s *Server) maxJSON() int64 {
	if s.d.MaxJSONBytes > 0 {
		return s.d.MaxJSONBytes
	}
	return maxJSONBytes
}

func (s *Server) startDownload(c *gin.Context, ctype, ext string) {
	c.Header("Content-Type", ctype)
	c.Header("Content-Disposition", `attachment; filename="query.`+ext+`"`)
	c.Status(http.StatusOK)
}

// deferredHeaders sets a download's headers at its first byte, so an error
// before that can still be answered as JSON.
type deferredHeaders struct {
	c          *gin.Context
	s          *Server
	ctype, ext string
	started    bool
}

func (d *deferredHeaders) Write(p []byte) (int, error) {
	if !d.started {
		d.s.startDownload(d.c, d.ctype, d.ext)
		d.started = true
	}
	return d.c.Writer.Write(p)
}

// acquireQuerySlot takes one of the analyst query slots, fairly across
// users (see querySlots): a user over their share hears so within five
// seconds; others wait for a slot rather than be turned away.
func (s *Server) acquireQuerySlot(c *gin.Context) (func(), error) {
	return s.querySlots.acquire(c.Request.Context(), s.user(c), 5*time.Second, max(5*time.Second, s.d.QueryTimeout))
}

// auditQuery records who ran what, how long it took and how it ended.
func (s *Server) auditQuery(c *gin.Context, query string, start time.Time, rows int64, err, ctxErr error) {
	outcome := "ok"
	switch {
	case err == nil:
	case errors.Is(ctxErr, context.DeadlineExceeded):
		outcome = "timeout"
	case errors.Is(ctxErr, context.Canceled):
		outcome = "cancelled"
	case errors.Is(err, data.ErrForbidden):
		outcome = "refused"
	default:
		outcome = "error"
	}
	if len(query) > maxAuditSQL {
		query = query[:maxAuditSQL] + "…"
	}
	ms := time.Since(start).Milliseconds()
	e := data.AuditEntry{Actor: s.user(c), Action: "sql", Detail: query, DurationMS: &ms, Rows: &rows, Outcome: outcome}
	if err := s.d.Private.Audit(context.WithoutCancel(c.Request.Context()), e); err != nil {
		s.d.Log.Error("audit", "err", err)
	}
}
