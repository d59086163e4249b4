package data

import (
	"errors"
	"testing"
)

func TestOpenErrorSharingViolationIsBusy(t *testing.T) {
	tests := []struct {
		name, msg string
		busy      bool
	}{
		{"posix lock", `IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in /usr/bin/chitieu (PID 42)`, true},
		{"windows", `IO Error: Cannot open file "C:\Users\An\Tài liệu\x.duckdb": The process cannot access the file because it is being used by another process.`, true},
		{"wine", `IO Error: Cannot open file "C:\Người dùng\x.duckdb": Sharing violation.`, true},
		{"other", `IO Error: Cannot open file "x.duckdb": Access is denied.`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := openError("data.Open", "x.duckdb", errString(tc.msg))
			if got := errors.Is(err, ErrBusy); got != tc.busy {
				t.Fatalf("busy = %v, want %v: %v", got, tc.busy, err)
			}
		})
	}
}

type errString string

func (e errString) Error() string { return string(e) }
