package server

import (
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// pageCSP is the policy of every response: scripts only from this server's
// own files (no inline script anywhere), no framing, forms and fetches to
// this server only. Styles may be inline: charts size their boxes so.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// exportCSP is the policy of a standalone HTML chart when the server serves
// it: the file carries its own inline script, so it runs sandboxed, in an
// origin of its own that reaches neither the cookies nor the APIs.
const exportCSP = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; " +
	"style-src 'unsafe-inline'; font-src data:; img-src data: blob:; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		c.Next()
	}
}

// sandboxed marks a response as the standalone HTML export.
func sandboxed(c *gin.Context) {
	c.Header("Content-Security-Policy", exportCSP)
}

// guard refuses what a hostile page in the user's own browser could send:
// an unsafe request from another origin (by Sec-Fetch-Site or Origin, as
// Go's CrossOriginProtection decides), a foreign Host name while no user
// exists (DNS rebinding), and a body an HTML form or a no-cors fetch can
// send where the API takes JSON or multipart only.
func (s *Server) guard() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		r := c.Request
		if s.openMode() && !loopbackHost(r.Host) {
			s.fail(c, http.StatusMisdirectedRequest, say(c, "host"))
			return
		}
		if err := cop.Check(r); err != nil {
			s.fail(c, http.StatusForbidden, say(c, "cross-origin"))
			return
		}
		if unsafe(r.Method) && isAPI(c) {
			if key := bodyRefusal(r); key != "" {
				s.fail(c, http.StatusUnsupportedMediaType, say(c, key))
				return
			}
		}
		c.Next()
	}
}

// bodyRefusal names what is wrong with the media type of an unsafe API
// request, or "" when it is fine: uploads are multipart, everything else
// JSON; a request without a body (DELETE) needs no type.
func bodyRefusal(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.URL.Path == "/api/ingest" {
		if mt != "multipart/form-data" {
			return "multipart-only"
		}
		return ""
	}
	if mt == "application/json" {
		return ""
	}
	if r.Method == http.MethodDelete && r.ContentLength == 0 && r.Header.Get("Content-Type") == "" {
		return ""
	}
	return "json-only"
}

// loopbackHost reports whether a Host header names this machine:
// localhost, 127.0.0.1 (any 127.x) or [::1], with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
