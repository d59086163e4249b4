package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"chitieu/data"
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

// errTooLarge is the kind of an upload larger than the server takes.
var errTooLarge = errors.New("too large")

// status maps an error to its HTTP status; the one place that does.
func status(err error) int {
	switch {
	case errors.Is(err, data.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, data.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, data.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, data.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, data.ErrBusy), errors.Is(err, data.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, data.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// requestLang is the language a request asks for: ?lang, else
// Accept-Language, else Vietnamese.
func requestLang(c *gin.Context) string {
	return msg.FromRequest(c.Query("lang"), c.GetHeader("Accept-Language"))
}

// writeError answers with {"error": "...", "code": "..."}: the public message
// for errors of a known kind, "internal error" otherwise, with the details in
// the log only. An error carrying a message code (msg.Coded: msg.Error,
// data.Error with a Code) is rendered in the request's language.
func (s *Server) writeError(c *gin.Context, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.d.Log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		s.fail(c, code, "")
		return
	}
	if m, ok := msg.Find(err); ok {
		body := gin.H{"error": m.Text(requestLang(c)), "code": m.Code}
		if len(m.Args) > 0 {
			body["args"] = m.Args
		}
		if len(m.Parts) > 0 {
			body["parts"] = m.Parts
		}
		c.AbortWithStatusJSON(code, body)
		return
	}
	s.fail(c, code, data.PublicMessage(err))
}

// publicText is what people may read of err, in lang: its catalog message
// when it carries one (msg.Coded), else the data layer's public message.
func publicText(lang string, err error) string {
	if t, ok := msg.Render(lang, err); ok {
		return t
	}
	return data.PublicMessage(err)
}

// fail answers with a status and a message: in Vietnamese the status's own
// words lead and the detail follows; in English the detail alone, as the
// layer below said it. code is the status's catalog code (api.status.404…).
func (s *Server) fail(c *gin.Context, status int, detail string) {
	code := "api.status." + strconv.Itoa(status)
	lang := requestLang(c)
	text := detail
	if status == http.StatusInternalServerError || detail == "" {
		text = msg.Text(lang, code, nil)
	} else if lang == msg.VI {
		text = msg.Text(lang, code, nil) + ": " + detail
	}
	c.AbortWithStatusJSON(status, gin.H{"error": text, "code": code})
}
