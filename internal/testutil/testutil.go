// Package testutil opens real stores for tests: DuckDB in memory or in a
// temporary folder, with the analytics installed and the bundled sample loaded
// through the ingest path, as chitieu itself does on a new database.
package testutil

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/data/sample"
	"chitieu/ingest"
)

// Store opens an empty store with the analytics installed. An empty path
// means in memory.
func Store(tb testing.TB, path string, opts data.Options) *data.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, path, opts)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := analytics.Install(ctx, st.DB()); err != nil {
		tb.Fatalf("install analytics: %v", err)
	}
	return st
}

// PrivateStore opens an empty private store (users, sessions, saved
// queries, audit) in memory.
func PrivateStore(tb testing.TB) *data.Store {
	tb.Helper()
	st, err := data.Open(context.Background(), "", data.Options{Private: true})
	if err != nil {
		tb.Fatalf("open private store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// SampleStore opens a store in a temporary file loaded with the bundled sample.
func SampleStore(tb testing.TB) *data.Store {
	tb.Helper()
	st := Store(tb, filepath.Join(tb.TempDir(), "sample.duckdb"), data.Options{})
	LoadSample(tb, st)
	return st
}

// LoadSample loads the bundled sample into st.
func LoadSample(tb testing.TB, st *data.Store) {
	tb.Helper()
	LoadSampleVia(tb, st, tb.TempDir())
}

// LoadSampleVia loads the sample through spool, the folder a sandboxed
// store may read.
func LoadSampleVia(tb testing.TB, st *data.Store, spool string) {
	tb.Helper()
	rep, err := Ingester(st).LoadUploads(context.Background(), spool,
		ingest.FSUploads(sample.Files, sample.Order()...), ingest.Options{User: "sample"})
	if err != nil {
		tb.Fatalf("load sample: %v", err)
	}
	if !rep.OK {
		tb.Fatalf("sample refused:\n%s", rep.Summary())
	}
}

// Ingester is an ingester wired as chitieu wires it, analytics hook included.
func Ingester(st *data.Store) *ingest.Ingester {
	return ingest.New(st, nil, func(ctx context.Context, c *data.Conn, touched string) error {
		return analytics.RefreshGaps(ctx, c, touched)
	})
}

// Round2 rounds to the two decimals a report prints.
func Round2(v float64) float64 { return math.Round(v*100) / 100 }

// Count runs a count query.
func Count(tb testing.TB, st *data.Store, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := st.DB().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}
