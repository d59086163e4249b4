package main

import (
	"context"
	"path/filepath"
	"testing"

	"chitieu/data"
	"chitieu/internal/testutil"
)

func fingerprintFile(t *testing.T, db string) string {
	t.Helper()
	st, err := data.Open(context.Background(), db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return testutil.Fingerprint(t, st)
}

// Every attack fails through the command line too, and the store and the
// file system are as they were.
func TestCLIRefusesAttacks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.duckdb")
	if _, _, err := runCmd(t, "sql", "--db", db, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	before := fingerprintFile(t, db)
	for _, q := range testutil.Attacks() {
		if out, _, err := runCmd(t, "sql", "--db", db, q); err == nil {
			t.Errorf("%s: ran: %s", q, out)
		}
	}
	if after := fingerprintFile(t, db); after != before {
		t.Errorf("the store changed")
	}
	if m, _ := filepath.Glob(testutil.AttackDir + "*"); len(m) > 0 {
		t.Errorf("files were created: %v", m)
	}
}

func TestCLIFormats(t *testing.T) {
	dir := t.TempDir()
	db := sampleDB(t, "f.duckdb")
	for _, f := range []string{"arrow", "parquet", "xlsx"} {
		out := filepath.Join(dir, "q."+f)
		if _, _, err := runCmd(t, "sql", "--db", db, "--format", f, "-o", out, "SELECT * FROM performance"); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	scratch := testutil.Store(t, "", data.Options{})
	if n := testutil.Count(t, scratch, "SELECT count(*) FROM read_parquet('"+filepath.Join(dir, "q.parquet")+"')"); n != 18 {
		t.Errorf("parquet: %d rows", n)
	}
}
