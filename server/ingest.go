package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/ingest"

	"github.com/gin-gonic/gin"
)

// ingest is POST /api/ingest: multipart field "file", one or more, loaded in
// one transaction; ?dry_run=true reports without writing. 200 with the report
// when loaded, 422 with the report when refused.
func (s *Server) ingest(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.d.MaxUpload)
	form, err := c.MultipartForm()
	if err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			s.fail(c, http.StatusRequestEntityTooLarge, "the upload is larger than the server accepts")
			return
		}
		s.writeError(c, data.E("ingest", data.ErrInvalid, `send the files as multipart/form-data in the field "file"`))
		return
	}
	defer form.RemoveAll()
	files := form.File["file"]
	if len(files) == 0 {
		s.writeError(c, data.E("ingest", data.ErrInvalid, `no file in the field "file"`))
		return
	}
	ups := make([]ingest.Upload, len(files))
	for i, fh := range files {
		ups[i] = ingest.Upload{Name: fh.Filename, Open: func() (io.ReadCloser, error) { return fh.Open() }}
	}
	opts := ingest.Options{DryRun: c.Query("dry_run") == "true", Locale: c.Query("locale"), Sheets: c.QueryArray("sheet"), User: s.user(c),
		Unit: c.Query("unit"), Indicator: c.Query("indicator"), CreateMissing: c.Query("create_missing") == "true", Partial: c.Query("partial") == "true"}
	if p := principal(c); p != nil {
		opts.Units = p.MayLoadUnits()
	}
	s.loadMu.Lock()
	rep, err := s.d.Ingester.LoadUploads(c.Request.Context(), s.d.Spool, ups, opts)
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
	lang := dashboards.ParseLang(c.Query("lang"))
	if err := s.d.Pages.Load(c.Request.Context(), &buf, lang, s.d.Store, dashboards.DataInfo{Version: info.Version, LoadedAt: info.LoadedAt}); err != nil {
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
			s.writeError(c, data.E("loads", data.ErrInvalid, "limit must be between 1 and 10000"))
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
