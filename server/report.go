package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"chitieu/dashboards"

	"golang.org/x/text/unicode/norm"

	"github.com/gin-gonic/gin"
)

// reportDocument is GET /api/report?year=&block=&unit=&format=docx|pdf|html
// [&agency=&lang=]: the year's report as a document to download ("Tải báo
// cáo" on the overview, the ranking and a unit page).
func (s *Server) reportDocument(c *gin.Context) {
	year, err := yearParam(c, "year")
	if err != nil {
		s.writeError(c, err)
		return
	}
	r := dashboards.DocRequest{Year: year, Block: c.Query("block"), Unit: strings.ToUpper(c.Query("unit")),
		Format: c.DefaultQuery("format", dashboards.DocDOCX), Agency: c.Query("agency"), Lang: dashboards.ParseLang(c.Query("lang"))}
	if err := r.Validate(); err != nil {
		s.writeError(c, err)
		return
	}
	info := s.dataInfo()
	key := fmt.Sprintf("report|%d|%s|%s|%s|%s|%s", r.Year, r.Block, r.Unit, r.Format, r.Agency, r.Lang)
	b, err := s.cache.load(info.Version, key, func() ([]byte, error) {
		var buf bytes.Buffer
		err := s.d.Exporter.Document(c.Request.Context(), &buf, r, info.Version)
		return buf.Bytes(), err
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	name := fmt.Sprintf("bao-cao-%d", r.Year)
	for _, part := range []string{r.Block, r.Unit} {
		if part != "" {
			name += "-" + safeName(part)
		}
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, r.Format))
	c.Data(http.StatusOK, dashboards.DocContentType(r.Format), b)
}

// safeName is a file name part in ASCII: Vietnamese letters lose their
// marks (Khối thi đua 4: khoi-thi-dua-4), anything else but letters, digits
// and dashes is dropped.
func safeName(s string) string {
	var b strings.Builder
	s = strings.NewReplacer("đ", "d", "Đ", "d").Replace(norm.NFD.String(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
