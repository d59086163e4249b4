package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// peakRSS is the process's peak resident memory so far (Linux), or -1.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return -1
}

// The 3 GB string_agg, under a memory limit as serve sets one
// (--memory-limit, 2GB by default; 500MB here), fails with DuckDB's own
// reason, as the analyst's error, instead of taking the machine's memory.
func TestHugeStringAggFailsCleanly(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "", Options{MemoryLimit: "500MB", Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.ReadQuery(ctx, "SELECT length(string_agg(repeat('x', 10000), '')) FROM range(300000)", func(r *sql.Rows) error {
		for r.Next() {
		}
		return nil
	})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Out of Memory") {
		t.Fatalf("a 3 GB aggregate under a 500 MB limit: %v", err)
	}
	if rss := peakRSS(); rss > 1<<30 {
		t.Errorf("peak RSS %d MB", rss>>20)
	} else {
		t.Logf("peak RSS of the test process: %d MB", rss>>20)
	}
}
