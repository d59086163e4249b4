package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/server"
)

// Analysts read neither the upload spool nor the store's own files: each
// way in is refused before DuckDB binds the query, and nothing of the
// files comes back.
func TestSQLReadsNoFiles(t *testing.T) {
	st, spool := sandboxedStore(t)
	base := startServerWith(t, st, 0, spool)
	load := filepath.Join(spool, "load-1")
	os.MkdirAll(load, 0o700)
	secret := filepath.Join(load, "000-bao-cao.csv")
	os.WriteFile(secret, []byte("year,unit,indicator,actual\n2019,MẬT,KHAM_BENH,42\n"), 0o600)
	for _, q := range []string{
		"SELECT * FROM glob('" + spool + "/**')",
		"SELECT * FROM glob('" + spool + "/*/*')",
		"SELECT * FROM read_csv('" + secret + "')",
		"SELECT * FROM '" + secret + "'",
		`SELECT * FROM "` + secret + `"`,
		"SELECT * FROM read_text('" + secret + "')",
		"SELECT * FROM read_blob('" + st.Path() + "')",
		"SELECT * FROM read_blob('" + st.Path() + ".wal')",
		"SELECT * FROM sniff_csv('" + secret + "')",
		"SELECT * FROM parquet_metadata('" + st.Path() + "')",
		"SELECT * FROM read_json_auto('" + secret + "')",
		"SELECT * FROM query('SELECT * FROM read_csv(''" + secret + "'')')",
	} {
		code, body := postSQL(t, base, q, "")
		if code != http.StatusForbidden {
			t.Errorf("%s: %d %s", q, code, body)
		}
		if strings.Contains(string(body), "MẬT") || strings.Contains(string(body), "DUCK") {
			t.Errorf("%s: the file's content came back: %s", q, body)
		}
	}
	// Text that merely mentions such things still runs.
	if code, body := postSQL(t, base, "SELECT 'read_csv là hàm đọc tệp' AS ghi_chu, '2019/2020' AS nien_khoa", ""); code != 200 {
		t.Errorf("plain text refused: %d %s", code, body)
	}
}

// A query with parameters is the analyst's mistake, said plainly: 400.
func TestSQLParameterIs400(t *testing.T) {
	st, spool := sandboxedStore(t)
	base := startServerWith(t, st, 0, spool)
	for _, q := range []string{"SELECT $1", "SELECT ?", "SELECT * FROM units WHERE code = $code"} {
		code, body := postSQL(t, base, q, "")
		if code != http.StatusBadRequest || !strings.Contains(string(body), "tham số") {
			t.Errorf("%s: %d %s", q, code, body)
		}
	}
}

// A JSON result is bounded by its size as well as its rows: a few rows of
// long strings are cut, and the answer says truncated.
func TestSQLJSONCappedBySize(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServerDeps(t, st, server.Deps{Spool: spool, MaxJSONBytes: 1 << 20})
	code, body := postSQL(t, ts.base, "SELECT i, repeat('x', 100000) AS s FROM range(100) t(i)", "")
	var res struct {
		Rows      [][]any
		Truncated bool
	}
	if err := json.Unmarshal(body, &res); code != 200 || err != nil {
		t.Fatalf("%d %v", code, err)
	}
	if !res.Truncated || len(res.Rows) != 10 {
		t.Errorf("%d rows of 100 KB, truncated %v; want 10 rows within 1 MB, truncated", len(res.Rows), res.Truncated)
	}
	if len(body) > 1<<20+4096 {
		t.Errorf("answer of %d bytes", len(body))
	}
}

// One analyst's four parallel queries take at most half of the four slots:
// another user's SELECT 42 runs meanwhile, and the analyst's own extra
// query is turned away with a reason once it has waited its turn.
func TestSQLSlotsFairAcrossUsers(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServerDeps(t, st, server.Deps{Spool: spool, MaxQueries: 4, QueryTimeout: 8 * time.Second})
	ctx := context.Background()
	hog, err := ts.auth.AddUser(ctx, "hog", "analyst", "mật khẩu đủ dài", nil)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := ts.auth.AddUser(ctx, "other", "analyst", "mật khẩu đủ dài", nil)
	admin, _ := ts.auth.AddUser(ctx, "ad", "admin", "mật khẩu quản trị", nil)
	if code, body := call(t, "POST", ts.base+"/api/users", admin, `{"name":"spare","role":"viewer","password":"another long one"}`); code != 201 {
		t.Fatalf("%d %s", code, body)
	}
	slow := `{"sql": "SELECT sum(hash(i)) FROM range(1000000000000) t(i)"}`
	var wg sync.WaitGroup
	codes := make([]int, 4)
	bodies := make([]string, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], bodies[i] = call(t, "POST", ts.base+"/api/sql", hog, slow)
		}()
	}
	time.Sleep(time.Second) // the hog's queries have their slots, or wait for them
	start := time.Now()
	code, body := call(t, "POST", ts.base+"/api/sql", other, `{"sql": "SELECT 42 AS x"}`)
	if code != 200 || !strings.Contains(body, "42") {
		t.Errorf("another user's SELECT 42 while the hog runs four: %d %s", code, body)
	}
	t.Logf("SELECT 42 answered in %v", time.Since(start))
	wg.Wait()
	busy, timedOut := 0, 0
	for i, c := range codes {
		switch c {
		case http.StatusServiceUnavailable:
			busy++
			if !strings.Contains(bodies[i], "tối đa cho một người") {
				t.Errorf("the hog's refusal does not say why: %s", bodies[i])
			}
		case http.StatusGatewayTimeout:
			timedOut++
		}
	}
	if busy != 2 || timedOut != 2 {
		t.Errorf("the hog's four queries: %v; want two run to the time limit and two turned away", codes)
	}
}
