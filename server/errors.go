package server

import (
	"context"
	"errors"
	"net/http"

	"chitieu/data"

	"github.com/gin-gonic/gin"
)

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
	}
	return http.StatusInternalServerError
}

// writeError answers with {"error": "..."}: the public message for errors of a
// known kind, "internal error" otherwise, with the details in the log only.
func (s *Server) writeError(c *gin.Context, err error) {
	code := status(err)
	msg := data.PublicMessage(err)
	if code == http.StatusInternalServerError {
		s.d.Log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		msg = "internal error"
	}
	s.fail(c, code, msg)
}

func (s *Server) fail(c *gin.Context, code int, msg string) {
	c.AbortWithStatusJSON(code, gin.H{"error": msg})
}
