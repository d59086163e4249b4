package data

import (
	"chitieu/internal/testutil/hostile"

	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
)

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
	if rss := hostile.PeakRSS(); rss > 1<<30 {
		t.Errorf("peak RSS %d MB", rss>>20)
	} else {
		t.Logf("peak RSS of the test process: %d MB", rss>>20)
	}
}
