package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

type addUserRequest struct {
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Password string   `json:"password"`
	Units    []string `json:"units"`
}

// listUsers is GET /api/users.
func (s *Server) listUsers(c *gin.Context) {
	us, err := s.d.Auth.Users(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	if us == nil {
		us = []data.User{}
	}
	c.JSON(http.StatusOK, gin.H{"users": us})
}

// addUser is POST /api/users {name, role, password, units}: the new user's
// first API token comes back, once.
func (s *Server) addUser(c *gin.Context) {
	var req addUserRequest
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	if err := c.ShouldBindJSON(&req); err != nil {
		s.writeError(c, msg.E(data.ErrInvalid, "api.json.user"))
		return
	}
	token, err := s.d.Auth.AddUser(c.Request.Context(), req.Name, req.Role, req.Password, req.Units)
	s.audit(c, data.AuditEntry{Actor: s.user(c), Action: "user-add", Object: req.Name,
		Detail: req.Role + " " + strings.Join(req.Units, ","), Outcome: outcome(err)})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.usersChanged(c.Request.Context()); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"name": req.Name, "token": token})
}

// usersChanged follows a change of users: the server may leave or enter
// open mode, and cached pages show who may do what.
func (s *Server) usersChanged(ctx context.Context) error {
	if err := s.refreshOpen(ctx); err != nil {
		return err
	}
	s.cache.clear()
	return nil
}

// removeUser is DELETE /api/users/:name.
func (s *Server) removeUser(c *gin.Context) {
	name := c.Param("name")
	err := s.d.Auth.RemoveUser(c.Request.Context(), name)
	s.audit(c, data.AuditEntry{Actor: s.user(c), Action: "user-remove", Object: name, Outcome: outcome(err)})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.usersChanged(c.Request.Context()); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// newToken is POST /api/users/:name/token: another API token for a user.
func (s *Server) newToken(c *gin.Context) {
	name := c.Param("name")
	token, err := s.d.Auth.NewToken(c.Request.Context(), name)
	s.audit(c, data.AuditEntry{Actor: s.user(c), Action: "token-new", Object: name, Outcome: outcome(err)})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"name": name, "token": token})
}

// revokeToken is POST /api/tokens/revoke {token}: it stops working at once.
func (s *Server) revokeToken(c *gin.Context) {
	var req struct {
		Token string `json:"token"`
	}
	if err := c.ShouldBindJSON(&req); err != nil || req.Token == "" {
		s.writeError(c, msg.E(data.ErrInvalid, "api.json.token"))
		return
	}
	err := s.d.Auth.Revoke(c.Request.Context(), req.Token)
	s.audit(c, data.AuditEntry{Actor: s.user(c), Action: "token-revoke", Object: tokenPrefix(req.Token), Outcome: outcome(err)})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// tokenPrefix names a token in the audit without keeping it.
func tokenPrefix(t string) string {
	if len(t) > 9 {
		return t[:9] + "…"
	}
	return "…"
}

func outcome(err error) string {
	if err != nil {
		// Recorded in Vietnamese, the product's language; the word is
		// rendered in the reader's language (dashboards.OutcomeText).
		return "refused: " + publicText(msg.VI, err)
	}
	return "ok"
}

// auditSearch is GET /api/audit?actor=&action=&q=&limit=.
func (s *Server) auditSearch(c *gin.Context) {
	limit, _ := strconv.Atoi(c.DefaultQuery("limit", "200"))
	es, err := s.d.Private.SearchAudit(c.Request.Context(), data.AuditFilter{Actor: c.Query("actor"), Action: c.Query("action"), Text: c.Query("q"), Limit: limit})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if es == nil {
		es = []data.AuditEntry{}
	}
	c.JSON(http.StatusOK, gin.H{"audit": es})
}

// auditPage is GET /admin/audit: the audit, searchable.
func (s *Server) auditPage(c *gin.Context) {
	f := data.AuditFilter{Actor: c.Query("actor"), Action: c.Query("action"), Text: c.Query("q"), Limit: 500}
	es, err := s.d.Private.SearchAudit(c.Request.Context(), f)
	if err != nil {
		s.pageError(c, err)
		return
	}
	var buf bytes.Buffer
	info := s.dataInfo()
	if err := s.d.Pages.Audit(&buf, pageLang(c), f, es, dashboards.DataInfo{Version: info.Version, LoadedAt: info.LoadedAt}); err != nil {
		s.pageError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}
