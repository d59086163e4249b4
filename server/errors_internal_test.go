package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"chitieu/data"
)

// Every kind of failure has its status in the one mapping, and what a
// client reads of an error is its public message, never its cause.
func TestErrorStatuses(t *testing.T) {
	cause := errors.New("open /var/lib/chitieu/spool/load-123/x.parquet: permission denied")
	for _, tc := range []struct {
		err  error
		code int
		msg  string
	}{
		{data.E("x", data.ErrNotFound, "không có chỉ tiêu %q", "ABC"), http.StatusNotFound, `không có chỉ tiêu "ABC"`},
		{data.E("x", data.ErrInvalid, "sai"), http.StatusBadRequest, "sai"},
		{data.E("x", data.ErrForbidden, "cấm"), http.StatusForbidden, "cấm"},
		{data.E("x", data.ErrConflict, "trùng"), http.StatusConflict, "trùng"},
		{data.E("x", data.ErrBusy, "bận"), http.StatusServiceUnavailable, "bận"},
		{data.E("x", data.ErrUnavailable, "tạm dừng"), http.StatusServiceUnavailable, "tạm dừng"},
		{data.E("x", data.ErrTimeout, "quá giờ"), http.StatusGatewayTimeout, "quá giờ"},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), http.StatusGatewayTimeout, "timeout"},
		{&data.Error{Op: "ingest", Kind: data.ErrUnavailable, Err: cause}, http.StatusServiceUnavailable, "unavailable"},
		{fmt.Errorf("read: %w", cause), http.StatusInternalServerError, "internal error"},
	} {
		if got := status(tc.err); got != tc.code {
			t.Errorf("status(%v) = %d, want %d", tc.err, got, tc.code)
		}
		if got := data.PublicMessage(tc.err); got != tc.msg {
			t.Errorf("PublicMessage(%v) = %q, want %q", tc.err, got, tc.msg)
		}
	}
}
