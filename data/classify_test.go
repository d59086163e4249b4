package data_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/internal/testutil"
)

// Whatever the text, the classifier either refuses it or lets through a
// statement that, run, changes nothing.
func FuzzClassify(f *testing.F) {
	for _, s := range append(testutil.Attacks(), "SELECT 1", "FROM units", "DESCRIBE units", "EXPLAIN SELECT 1",
		"WITH a AS (SELECT 1) SELECT * FROM a", "select/**/1", "SELECT 1 -- ; DELETE FROM units", "") {
		f.Add(s)
	}
	spool := f.TempDir()
	st := testutil.Store(f, "", data.Options{Sandbox: true, AllowedDirs: []string{spool}})
	testutil.LoadSampleVia(f, st, spool)
	before := testutil.Fingerprint(f, st)
	f.Fuzz(func(t *testing.T, q string) {
		ctx := context.Background()
		err := st.Classify(ctx, q)
		if err != nil {
			if !errors.Is(err, data.ErrInvalid) && !errors.Is(err, data.ErrForbidden) {
				t.Fatalf("%q: an error of no kind: %v", q, err)
			}
			return
		}
		st.ReadQuery(ctx, q, func(r *sql.Rows) error {
			for r.Next() {
			}
			return nil
		})
		if after := testutil.Fingerprint(t, st); after != before {
			t.Fatalf("%q changed the store", q)
		}
		if strings.Contains(strings.ToUpper(q), "ATTACH") {
			if n := testutil.Count(t, st, "SELECT count(*) FROM duckdb_databases() WHERE NOT internal"); n != 1 {
				t.Fatalf("%q attached a database", q)
			}
		}
	})
}
