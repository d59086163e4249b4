package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/ingest"
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

// ingest is POST /api/ingest: multipart field "file", one or more, loaded in
// one transaction; ?dry_run=true reports without writing. 200 with the report
// when loaded, 422 with the report when refused.
func (s *Server) ingest(c *gin.Context) {
	sp, ok := s.receiveUploads(c)
	if !ok {
		return
	}
	defer sp.Remove()
	opts := ingest.Options{DryRun: c.Query("dry_run") == "true", Locale: c.Query("locale"), Sheets: c.QueryArray("sheet"), User: s.user(c),
		Strict: c.Query("strict") == "true", Lang: requestLang(c), Unit: c.Query("unit"), Indicator: c.Query("indicator"),
		CreateMissing: c.Query("create_missing") == "true", Partial: c.Query("partial") == "true", Page: c.Query("page") == "true"}
	if p := principal(c); p != nil {
		opts.Units = p.MayLoadUnits()
	}
	s.loadMu.Lock()
	rep, err := s.d.Ingester.Load(c.Request.Context(), sp.Inputs(), opts)
	if err == nil && rep.OK && !opts.DryRun {
		err = s.refreshInfo(c.Request.Context())
	}
	s.loadMu.Unlock()
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !opts.DryRun {
		for _, f := range rep.Files {
			s.audit(c, data.AuditEntry{Actor: s.user(c), Action: "load", Object: f.File,
				Detail: fmt.Sprintf("%s %s: %d inserted, %d updated, %d unchanged, %d refused", f.Format, f.Content, f.Inserted, f.Updated, f.Unchanged, f.Refused),
				Rows:   &f.Rows, Outcome: f.Outcome})
		}
	}
	code := http.StatusOK
	if !rep.OK {
		code = http.StatusUnprocessableEntity
	}
	c.JSON(code, rep)
}

// loadPage is GET /load: check files, load them, and the history of loads.
// It is never cached: a refused load changes the history, not the data.
func (s *Server) loadPage(c *gin.Context) {
	var buf bytes.Buffer
	info := s.dataInfo()
	lang := pageLang(c)
	if err := s.d.Pages.Load(c.Request.Context(), &buf, lang, s.d.Store, dashboards.DataInfo{Version: info.Version, LoadedAt: info.LoadedAt, MaxUpload: s.d.MaxUpload}); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// loads is GET /api/loads?limit=: the latest load attempts, newest first.
func (s *Server) loads(c *gin.Context) {
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			s.writeError(c, msg.E(data.ErrInvalid, "params.sql_limit", "max", "10000"))
			return
		}
		limit = n
	}
	recs, err := s.d.Store.Loads(c.Request.Context(), limit)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if recs == nil {
		recs = []data.LoadRecord{}
	}
	c.JSON(http.StatusOK, gin.H{"loads": recs})
}
