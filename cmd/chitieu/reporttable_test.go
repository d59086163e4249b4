package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
)

func realFixture(name string) string {
	return filepath.Join("..", "..", "ingest", "testdata", "real", name)
}

// Each real file loads with one command; a partial load exits with status 3.
func TestIngestReportTables(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.duckdb")
	out, errOut, err := runCmd(t, "ingest", "--lang", "en", "--db", db, "--indicator", "POVERTY", "--create-missing", realFixture("gso-en-poverty-rate-by-province.csv"))
	if err != nil || !strings.Contains(out, "560 inserted") {
		t.Fatalf("poverty: %v\n%s%s", err, out, errOut)
	}
	out, errOut, err = runCmd(t, "ingest", "--lang", "en", "--db", db, "--json", "--unit", "VN", "--create-missing", realFixture("gso-en-key-social-indicators.csv"))
	var rep ingest.Report
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil || rep.Files[0].Inserted != 88 || rep.Files[0].Table == nil {
		t.Fatalf("social: %v\n%s%s", err, out, errOut)
	}
	if !data.ArrowEnabled {
		return
	}
	out, _, err = runCmd(t, "ingest", "--lang", "en", "--db", db, "--unit", "VN", "--create-missing", "--partial", realFixture("gso-2019-12-nam-2019.xlsx"))
	if err != nil || !strings.Contains(out, "[44DS]: loaded") || !strings.Contains(out, "[3NN1]: skipped: ") {
		t.Fatalf("workbook: %v\n%s", err, out)
	}
	// With --partial, a refused file leaves the others loaded and the exit
	// status is 3; a dry run says it would, and wrote nothing.
	bad := filepath.Join(t.TempDir(), "notes.csv")
	os.WriteFile(bad, []byte("no table here\n"), 0o600)
	_, _, err = runCmd(t, "ingest", "--lang", "en", "--db", db, "--dry-run", "--unit", "VN2", "--create-missing", "--partial", realFixture("gso-en-key-social-indicators.csv"), bad)
	if ee := (exitError{}); !errors.As(err, &ee) || ee.code != 3 || !strings.Contains(err.Error(), "dry run: would load in part") {
		t.Fatalf("partial dry run: %v", err)
	}
	out, _, err = runCmd(t, "ingest", "--lang", "en", "--db", db, "--unit", "VN2", "--create-missing", "--partial", realFixture("gso-en-key-social-indicators.csv"), bad)
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 3 || !strings.Contains(out, "88 inserted") || !strings.Contains(out, "notes.csv: refused") {
		t.Fatalf("partial: %v\n%s", err, out)
	}
}

func TestIngestWriteCatalog(t *testing.T) {
	dir := t.TempDir()
	db, cat := filepath.Join(dir, "r.duckdb"), filepath.Join(dir, "catalog.csv")
	if _, errOut, err := runCmd(t, "sample", "--db", db); err != nil { // SYT, the unit the table is about
		t.Fatalf("chitieu sample: %v %s", err, errOut)
	}
	out, _, err := runCmd(t, "ingest", "--lang", "en", "--db", db, "--unit", "SYT", "--write-catalog", cat, realFixture("gso-en-key-social-indicators.csv"))
	if err == nil {
		t.Fatalf("unknown names were accepted:\n%s", out)
	}
	b, _ := os.ReadFile(cat)
	if !strings.HasPrefix(string(b), "code,name_vi,measure,direction,kind\n") || !strings.Contains(string(b), "Human Development Index (HDI)") {
		t.Errorf("catalog:\n%s", b)
	}
	// The catalog, filled in as written, loads, and then the table does.
	if _, _, err := runCmd(t, "ingest", "--lang", "en", "--db", db, cat); err != nil {
		t.Fatalf("the written catalog does not load: %v", err)
	}
	if out, _, err := runCmd(t, "ingest", "--lang", "en", "--db", db, "--unit", "SYT", realFixture("gso-en-key-social-indicators.csv")); err != nil {
		t.Fatalf("after the catalog: %v\n%s", err, out)
	}
}
