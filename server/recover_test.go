package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// A handler that panics gives a 500 with nothing of the panic in it.
func TestPanicIsA500WithoutInternals(t *testing.T) {
	var logged strings.Builder
	s := &Server{d: Deps{Log: slog.New(slog.NewTextHandler(&logged, nil))}}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.Use(s.recoverer())
	e.GET("/boom", func(*gin.Context) { panic("secret detail: /etc/chitieu/key") })
	srv := httptest.NewServer(e)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || string(b) != `{"code":"api.status.500","error":"Lỗi nội bộ"}` {
		t.Errorf("%d %s", resp.StatusCode, b)
	}
	if !strings.Contains(logged.String(), "secret detail") {
		t.Error("the panic is not in the log")
	}
}
