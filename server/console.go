package server

import (
	"bytes"
	"net/http"
	"strconv"

	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

// consolePage is GET /sql: the SQL console.
func (s *Server) consolePage(c *gin.Context) {
	var buf bytes.Buffer
	info := s.dataInfo()
	lang := pageLang(c)
	if err := s.d.Pages.Console(c.Request.Context(), &buf, lang, dashboards.DataInfo{Version: info.Version, LoadedAt: info.LoadedAt}); err != nil {
		s.writeError(c, err)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// schema is GET /api/schema: tables, views, columns, types, comments and
// macros, for the console's browser and its completion.
func (s *Server) schema(c *gin.Context) {
	s.cachedJSON(c, "schema", func() (any, error) {
		objs, err := s.d.Store.Schema(c.Request.Context())
		return gin.H{"objects": objs}, err
	})
}

// sqlHistory is GET /api/sql/history: the user's latest queries.
func (s *Server) sqlHistory(c *gin.Context) {
	h, err := s.d.Private.SearchAudit(c.Request.Context(), data.AuditFilter{Actor: s.user(c), Action: "sql", Limit: 50})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if h == nil {
		h = []data.AuditEntry{}
	}
	c.JSON(http.StatusOK, gin.H{"history": h})
}

type savedQueryView struct {
	data.SavedQuery
	Mine bool `json:"mine"`
}

// savedQueries is GET /api/queries: the user's own queries and shared ones.
func (s *Server) savedQueries(c *gin.Context) {
	user := s.user(c)
	qs, err := s.d.Private.SavedQueries(c.Request.Context(), user)
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := make([]savedQueryView, len(qs))
	for i, q := range qs {
		out[i] = savedQueryView{SavedQuery: q, Mine: q.Owner == user}
	}
	c.JSON(http.StatusOK, gin.H{"queries": out})
}

// saveQuery is POST /api/queries {name, description, sql, shared, id?}.
func (s *Server) saveQuery(c *gin.Context) {
	var q data.SavedQuery
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	if err := c.ShouldBindJSON(&q); err != nil {
		s.writeError(c, msg.E(data.ErrInvalid, "api.json.saved_query"))
		return
	}
	q, err := s.d.Private.SaveQuery(c.Request.Context(), s.user(c), q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, q)
}

// deleteQuery is DELETE /api/queries/:id, for the owner only.
func (s *Server) deleteQuery(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.writeError(c, msg.E(data.ErrNotFound, "sql.saved_not_found", "id", strconv.Quote(c.Param("id"))))
		return
	}
	if err := s.d.Private.DeleteQuery(c.Request.Context(), s.user(c), id); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
