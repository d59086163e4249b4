package ingest_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

func TestPhases(t *testing.T) {
	if os.Getenv("PHASES") == "" {
		t.Skip()
	}
	ctx := context.Background()
	dir := t.TempDir()
	csv := filepath.Join(dir, "long.csv")
	writeLongCSV(t, csv, 500, 400, 10)
	st := testutil.Store(t, filepath.Join(dir, "x.duckdb"), data.Options{})
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	in := ingest.New(st, log, func(ctx context.Context, c *data.Conn, touched string) error { return analytics.RefreshGaps(ctx, c, touched) })
	in.Load(ctx, writeCatalog(t, dir, 500, 400), ingest.Options{})
	s := time.Now()
	in.Load(ctx, []ingest.Input{{Name: "long.csv", Path: csv}}, ingest.Options{})
	t.Logf("load %v", time.Since(s))
}
