package server

import (
	"io"
	"net/http"

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
	opts := ingest.Options{DryRun: c.Query("dry_run") == "true", Locale: c.Query("locale"), Sheet: c.Query("sheet"), User: "web"}
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
	code := http.StatusOK
	if !rep.OK {
		code = http.StatusUnprocessableEntity
	}
	c.JSON(code, rep)
}
