package server

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"chitieu/auth"
	"chitieu/data"

	"github.com/gin-gonic/gin"
)

// Auth is what the server asks of the auth service.
type Auth interface {
	Open(ctx context.Context) (bool, error)
	Authenticate(ctx context.Context, secret string) (*auth.Principal, error)
	Login(ctx context.Context, name, password, addr string) (session, csrf string, err error)
	Logout(ctx context.Context, session string) error
	AddUser(ctx context.Context, name, role, password string, units []string) (string, error)
	Users(ctx context.Context) ([]data.User, error)
	RemoveUser(ctx context.Context, name string) error
	NewToken(ctx context.Context, name string) (string, error)
	Revoke(ctx context.Context, secret string) error
}

const (
	ctxPrincipal  = "chitieu.principal"
	sessionCookie = "chitieu_session"
	csrfCookie    = "chitieu_csrf"       // a session's CSRF token, read by the page's scripts
	loginCSRF     = "chitieu_login_csrf" // the login form's own double-submit token
)

// authenticate finds who makes the request: nobody needs to be anyone while
// no user exists (the desktop mode); otherwise a Bearer token or a session
// cookie, with the CSRF token checked on every unsafe request a cookie
// makes.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		secret, fromCookie := "", false
		if h := c.GetHeader("Authorization"); strings.HasPrefix(h, "Bearer ") {
			secret = strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
		} else if ck, err := c.Cookie(sessionCookie); err == nil {
			secret, fromCookie = ck, true
		}
		if secret != "" {
			p, err := s.d.Auth.Authenticate(ctx, secret)
			switch {
			case err == nil && fromCookie && p.Kind != "session":
				// An API token (or the command line's) is a Bearer
				// credential only: as a cookie it counts for nothing.
			case err == nil:
				if fromCookie && unsafe(c.Request.Method) && !sameToken(csrfOf(c), p.CSRF) {
					s.fail(c, http.StatusForbidden, say(c, "csrf"))
					return
				}
				c.Set(ctxPrincipal, p)
				c.Set(ctxUser, p.Name)
			case !errors.Is(err, auth.ErrUnauthenticated):
				s.writeError(c, err)
				return
			case !fromCookie:
				// A wrong Bearer token is an error, not an anonymous visit.
				s.unauthenticated(c)
				return
			}
		}
		if _, ok := c.Get(ctxPrincipal); !ok && s.openMode() {
			c.Set(ctxPrincipal, &auth.Principal{Name: "local", Role: auth.Admin, Kind: "open"})
		}
		c.Next()
	}
}

// csrfOf is the CSRF token a request carries: the header scripts send, or
// the field of a plain form.
func csrfOf(c *gin.Context) string {
	if h := c.GetHeader("X-CSRF-Token"); h != "" {
		return h
	}
	if strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
		return c.PostForm("csrf")
	}
	return ""
}

func unsafe(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

func sameToken(a, b string) bool { return a != "" && b != "" && a == b }

// require lets through a principal whose role allows need.
func (s *Server) require(need string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := principal(c)
		switch {
		case p == nil:
			s.unauthenticated(c)
		case !auth.Allows(p.Role, need):
			s.forbidden(c, say(c, "role", "role", p.Role, "need", need))
		default:
			c.Next()
		}
	}
}

// requireLoader lets through admins and analysts scoped to units.
func (s *Server) requireLoader() gin.HandlerFunc {
	return func(c *gin.Context) {
		p := principal(c)
		switch {
		case p == nil:
			s.unauthenticated(c)
		case !p.CanLoad():
			s.forbidden(c, say(c, "loader"))
		default:
			c.Next()
		}
	}
}

func principal(c *gin.Context) *auth.Principal {
	if v, ok := c.Get(ctxPrincipal); ok {
		return v.(*auth.Principal)
	}
	return nil
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// unauthenticated answers 401 to a program and sends a person to log in.
func (s *Server) unauthenticated(c *gin.Context) {
	if isAPI(c) || c.Request.Method != http.MethodGet {
		c.Header("WWW-Authenticate", `Bearer realm="chitieu"`)
		s.fail(c, http.StatusUnauthorized, say(c, "login-first"))
		return
	}
	c.Redirect(http.StatusSeeOther, "/login?"+url.Values{"next": {c.Request.URL.RequestURI()}}.Encode())
	c.Abort()
}

func (s *Server) forbidden(c *gin.Context, msg string) {
	if isAPI(c) {
		s.fail(c, http.StatusForbidden, msg)
		return
	}
	s.pageError(c, data.E("auth", data.ErrForbidden, "%s", msg))
}

// openMode reports whether no user exists yet.
func (s *Server) openMode() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.open
}

// refreshOpen follows the users: the server leaves open mode when the first
// user appears, and never goes back while it runs, whatever happens to the
// users (a restart decides anew).
func (s *Server) refreshOpen(ctx context.Context) error {
	open, err := s.d.Auth.Open(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if !s.openKnown {
		s.open, s.openKnown = open, true
	} else {
		s.open = s.open && open
	}
	s.mu.Unlock()
	return nil
}

// safeNext keeps a redirect after login on this site: a local path only,
// never one a browser reads as another host (//host, /\host, or with tabs
// and other control characters it drops), nor a scheme.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || len(next) > 2048 {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	if strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// setCookie sets a cookie for the whole site; it is Secure when the browser
// came over TLS, to this server or to a reverse proxy in front of it (a
// forged X-Forwarded-Proto only keeps the forger's own cookie off plain HTTP).
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int, httpOnly bool, site http.SameSite) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: httpOnly,
		Secure: c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https", SameSite: site})
}

// loginPage is GET /login.
func (s *Server) loginPage(c *gin.Context) {
	s.renderLogin(c, http.StatusOK, "")
}

func (s *Server) renderLogin(c *gin.Context, code int, message string) {
	token := auth.NewSecret("")
	s.setCookie(c, loginCSRF, token, 3600, true, http.SameSiteStrictMode)
	var buf bytes.Buffer
	lang := pageLang(c)
	if err := s.d.Pages.Login(&buf, lang, safeNext(c.DefaultQuery("next", c.PostForm("next"))), token, message); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(code, "text/html; charset=utf-8", buf.Bytes())
}

// login is POST /login: name, password, the form's CSRF token, next.
func (s *Server) login(c *gin.Context) {
	ck, err := c.Cookie(loginCSRF)
	if err != nil || !sameToken(ck, c.PostForm("csrf")) {
		s.renderLogin(c, http.StatusForbidden, s.label(c, "login.expired"))
		return
	}
	name := strings.TrimSpace(c.PostForm("name"))
	addr, _, _ := net.SplitHostPort(c.Request.RemoteAddr)
	session, csrf, err := s.d.Auth.Login(c.Request.Context(), name, c.PostForm("password"), addr)
	outcome := "ok"
	switch {
	case errors.Is(err, auth.ErrTooManyAttempts):
		outcome = "refused"
		c.Header("Retry-After", "600")
		s.renderLogin(c, http.StatusTooManyRequests, s.label(c, "login.toomany"))
	case errors.Is(err, auth.ErrUnauthenticated):
		outcome = "failed"
		s.renderLogin(c, http.StatusUnauthorized, s.label(c, "login.wrong"))
	case err != nil:
		s.writeError(c, err)
		return
	}
	s.audit(c, data.AuditEntry{Actor: name, Action: "login", Detail: addr, Outcome: outcome})
	if err != nil {
		return
	}
	ttl := int(auth.SessionTTL / time.Second)
	s.setCookie(c, sessionCookie, session, ttl, true, http.SameSiteStrictMode)
	s.setCookie(c, csrfCookie, csrf, ttl, false, http.SameSiteStrictMode)
	s.setCookie(c, loginCSRF, "", -1, true, http.SameSiteStrictMode)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

// logout is POST /logout.
func (s *Server) logout(c *gin.Context) {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.d.Auth.Logout(c.Request.Context(), ck); err != nil {
			s.writeError(c, err)
			return
		}
		s.audit(c, data.AuditEntry{Actor: s.user(c), Action: "logout", Outcome: "ok"})
	}
	s.setCookie(c, sessionCookie, "", -1, true, http.SameSiteStrictMode)
	s.setCookie(c, csrfCookie, "", -1, false, http.SameSiteStrictMode)
	c.Redirect(http.StatusSeeOther, "/login")
}

// me is GET /api/me: who the page is shown to.
func (s *Server) me(c *gin.Context) {
	p := principal(c)
	c.JSON(http.StatusOK, gin.H{"name": p.Name, "role": p.Role, "units": p.Units, "open": p.Kind == "open",
		"can_load": p.CanLoad(), "session": p.Kind == "session"})
}

// audit records an action, logging a failure to record rather than failing
// the request.
func (s *Server) audit(c *gin.Context, e data.AuditEntry) {
	if err := s.d.Private.Audit(context.WithoutCancel(c.Request.Context()), e); err != nil {
		s.d.Log.Error("audit", "err", err)
	}
}

// label is a page label in the request's language.
func (s *Server) label(c *gin.Context, key string) string {
	return s.d.Pages.Label(pageLang(c), key)
}
