package server

import (
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

// recoverer turns a panic into a 500 without internals, logging the stack.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				s.d.Log.Error("panic", "path", c.Request.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					s.fail(c, http.StatusInternalServerError, "") // the catalog's api.status.500
				}
			}
		}()
		c.Next()
	}
}

// logger logs one line per request.
func (s *Server) logger() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		s.d.Log.Debug("http", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "bytes", c.Writer.Size(), "duration", time.Since(start))
	}
}
