package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/data"
	"chitieu/internal/testutil"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/xuri/excelize/v2"
)

func postSQL(t *testing.T, base, query, format string) (int, []byte) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"sql": query})
	url := base + "/api/sql"
	if format != "" {
		url += "?format=" + format
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// sandboxedStore is the sample in a store opened as chitieu serve opens it:
// DuckDB's external access off, only the spool folder readable, locked.
func sandboxedStore(t *testing.T) (*data.Store, string) {
	t.Helper()
	dir := t.TempDir()
	spool := filepath.Join(dir, "spool")
	os.MkdirAll(spool, 0o700)
	st := testutil.Store(t, filepath.Join(dir, "s.duckdb"), data.Options{Sandbox: true, AllowedDirs: []string{spool}})
	testutil.LoadSampleVia(t, st, spool)
	return st, spool
}

func TestSandboxRefusesAttacks(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServer(t, st, 0, spool)
	base := ts.base
	before := testutil.Fingerprint(t, st)
	for _, q := range testutil.Attacks() {
		code, body := postSQL(t, base, q, "")
		if code == 200 {
			t.Errorf("%s: ran (%s)", q, body)
			continue
		}
		var e struct{ Error string }
		json.Unmarshal(body, &e)
		if e.Error == "" || strings.Contains(e.Error, "internal error") {
			t.Errorf("%s: %d without a clear reason: %s", q, code, body)
		}
	}
	if after := testutil.Fingerprint(t, st); after != before {
		t.Errorf("the store changed:\nbefore %s\nafter  %s", before, after)
	}
	matches, _ := filepath.Glob(testutil.AttackDir + "*")
	if len(matches) > 0 {
		t.Errorf("files were created: %v", matches)
	}
	// Every attempt is in the audit, refused or failed.
	if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action = 'sql' AND outcome <> 'ok'`); n != int64(len(testutil.Attacks())) {
		t.Errorf("%d refused queries audited, want %d", n, len(testutil.Attacks()))
	}
}

func TestSQLReads(t *testing.T) {
	st, spool := sandboxedStore(t)
	base := startServerWith(t, st, 0, spool)
	for _, q := range []string{
		"SELECT count(*) FROM observations",
		"WITH x AS (SELECT 1 AS a) SELECT * FROM x",
		"FROM units",
		"DESCRIBE observations",
		"SHOW TABLES",
		"SUMMARIZE observations",
		"EXPLAIN SELECT * FROM performance",
		"EXPLAIN ANALYZE SELECT count(*) FROM performance",
		"PIVOT (SELECT unit_code, year, actual FROM observations) ON year IN (2017, 2018) USING sum(actual)",
		"SELECT * FROM pragma_table_info('observations')",
		"SELECT * FROM duckdb_columns() WHERE comment IS NOT NULL",
	} {
		if code, body := postSQL(t, base, q, ""); code != 200 {
			t.Errorf("%s: %d %s", q, code, body)
		}
	}
	code, body := postSQL(t, base, "PIVOT observations ON year USING sum(actual)", "")
	if code != 400 || !strings.Contains(string(body), "IN (...)") {
		t.Errorf("a PIVOT without IN list: %d %s", code, body)
	}
}

func TestSQLFormats(t *testing.T) {
	st, spool := sandboxedStore(t)
	base := startServerWith(t, st, 0, spool)
	q := "SELECT unit_code, indicator_code, actual, attainment_pct FROM performance WHERE year = 2018 ORDER BY unit_code, indicator_code"

	t.Run("json is capped by limit", func(t *testing.T) {
		code, body := postSQL(t, base+"", q, "")
		var res struct {
			Columns   []struct{ Name, Type string }
			Rows      [][]any
			Truncated bool
		}
		json.Unmarshal(body, &res)
		if code != 200 || len(res.Rows) != 16 || res.Truncated || res.Columns[2].Type != "DOUBLE" {
			t.Fatalf("%d %s", code, body)
		}
		resp, _ := http.Post(base+"/api/sql?limit=5", "application/json", strings.NewReader(`{"sql": "SELECT * FROM range(100)"}`))
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		json.Unmarshal(b, &res)
		if len(res.Rows) != 5 || !res.Truncated {
			t.Errorf("limit 5: %s", b)
		}
	})

	t.Run("arrow stream reads back with arrow-go", func(t *testing.T) {
		req, _ := http.NewRequest("POST", base+"/api/sql", strings.NewReader(`{"sql": "`+q+`"}`))
		req.Header.Set("Accept", "application/vnd.apache.arrow.stream")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Content-Type") != "application/vnd.apache.arrow.stream" {
			t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
		}
		r, err := ipc.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Release()
		var n int64
		for r.Next() {
			n += r.RecordBatch().NumRows()
		}
		if n != 16 || r.Schema().Field(2).Name != "actual" {
			t.Errorf("%d rows, schema %s", n, r.Schema())
		}
	})

	t.Run("csv for programs", func(t *testing.T) {
		code, body := postSQL(t, base, q, "csv&csv=plain")
		if code != 200 || !strings.HasPrefix(string(body), "unit_code,indicator_code,actual,attainment_pct\nSDL,KHACH_DU_LICH,7620000,107.3239436619718") {
			t.Errorf("%d %.200s", code, body)
		}
	})

	t.Run("csv for people: a BOM and 15 digits", func(t *testing.T) {
		code, body := postSQL(t, base, q, "csv")
		if code != 200 || !strings.HasPrefix(string(body), "\ufeffunit_code,indicator_code,actual,attainment_pct\nSDL,KHACH_DU_LICH,7620000,107.323943661972\n") {
			t.Errorf("%d %.200s", code, body)
		}
	})

	t.Run("parquet reads back in DuckDB", func(t *testing.T) {
		code, body := postSQL(t, base, q, "parquet")
		if code != 200 || !bytes.HasPrefix(body, []byte("PAR1")) {
			t.Fatalf("%d", code)
		}
		p := filepath.Join(t.TempDir(), "q.parquet")
		os.WriteFile(p, body, 0o644)
		scratch := testutil.Store(t, "", data.Options{})
		if n := testutil.Count(t, scratch, "SELECT count(*) FROM read_parquet('"+p+"') WHERE actual IS NOT NULL"); n != 16 {
			t.Errorf("%d rows", n)
		}
	})

	t.Run("xlsx opens in excelize", func(t *testing.T) {
		code, body := postSQL(t, base, q, "xlsx")
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Sheet1")
		if len(rows) != 17 || rows[0][0] != "unit_code" || rows[1][2] != "7620000" {
			t.Errorf("rows: %v", rows[:2])
		}
	})
}

// The time limit really stops DuckDB: a query that would run for minutes
// ends within a few seconds with a 504, and the server answers after it.
func TestQueryTimeout(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServer(t, st, time.Second, spool)
	base := ts.base
	start := time.Now()
	code, body := postSQL(t, base, "SELECT sum(hash(i)) FROM range(1000000000000) t(i)", "")
	took := time.Since(start)
	if code != 504 || !strings.Contains(string(body), "truy vấn chạy quá thời gian cho phép (1s)") {
		t.Errorf("%d %s", code, body)
	}
	if took > 10*time.Second {
		t.Errorf("the query was stopped after %v", took)
	}
	if code, _ := postSQL(t, base, "SELECT 1", ""); code != 200 {
		t.Errorf("after the timeout: %d", code)
	}
	if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE outcome = 'timeout'`); n != 1 {
		t.Errorf("%d timeouts audited", n)
	}
}

// A client that goes away stops its query: the audit records it as
// cancelled at once, and its slot is free again.
func TestClientGoneCancels(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServer(t, st, time.Minute, spool)
	base := ts.base
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/sql",
		strings.NewReader(`{"sql": "SELECT sum(hash(i)) FROM range(1000000000000) t(i)"}`))
	req.Header.Set("Content-Type", "application/json")
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the long query answered")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action = 'sql' AND outcome = 'cancelled'`)
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the query was not cancelled within 5 s of the client leaving")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _ := postSQL(t, base, "SELECT 42", ""); code != 200 {
		t.Errorf("after the cancel: %d", code)
	}
}
