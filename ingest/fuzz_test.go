package ingest_test

import (
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// The number readers, fuzzed through DuckDB where they live: a value either
// reads as a finite number or as NULL, never as ±Inf or NaN; a plain number
// reads the same in both locales' readers when it has no separator; and
// what reads must be what the strict patterns allow.
func FuzzNumberReaders(f *testing.F) {
	st := testutil.Store(f, "", data.Options{})
	for _, s := range []string{"38.527", "1.234.567,8", "1,234,567.8", "12,9", "12.9", "-5", "+5", "99,06%", "1 234",
		"5\u00a0119\u00a0291", "1e5", "inf", "nan", "", "−3", "1..2", ",5", "1.23", "0x10", "1_000", "١٢"} {
		f.Add(s)
	}
	vi := regexp.MustCompile(`^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$`)
	en := regexp.MustCompile(`^[+-]?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?$`)
	clean := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "−", "-")
	ctx := context.Background()
	c := sessionConn(f, st)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("not UTF-8: the CSV reader refuses such a file before any number is read")
		}
		var v, e sql.NullFloat64
		err := c.QueryRowContext(ctx, `SELECT ct_num_vi(ct_text($1)), ct_num_en(ct_text($1))`, s).Scan(&v, &e)
		if err != nil {
			t.Fatal(err)
		}
		cl := strings.TrimRight(clean.Replace(strings.Trim(s, " ")), "%")
		for name, r := range map[string]struct {
			v  sql.NullFloat64
			re *regexp.Regexp
		}{"vi": {v, vi}, "en": {e, en}} {
			if r.v.Valid && (math.IsNaN(r.v.Float64) || math.IsInf(r.v.Float64, 0)) {
				t.Fatalf("%s reader: %q -> %v", name, s, r.v.Float64)
			}
			if r.v.Valid && !r.re.MatchString(cl) {
				t.Fatalf("%s reader accepted %q (%v), which the pattern refuses", name, s, r.v.Float64)
			}
		}
		if _, err := strconv.Atoi(cl); err == nil && v.Valid != e.Valid {
			t.Fatalf("%q: plain digits read differently: vi %v, en %v", s, v, e)
		}
	})
}

// sessionConn is a connection of st with the ingest's session macros,
// closed when tb ends.
func sessionConn(tb testing.TB, st *data.Store) *data.Conn {
	tb.Helper()
	conn, err := st.DB().Conn(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	c := &data.Conn{Conn: conn}
	if err := ingest.PrepareSessionForTest(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// Any CSV content either loads or is refused with problems, and a refused
// file leaves the store as it was.
func FuzzCSVLoad(f *testing.F) {
	for _, s := range []string{
		"year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n",
		"năm;đơn vị;chỉ tiêu;thực hiện\n2019;SYT;KHAM_BENH;5.300.000\n",
		"year,unit,indicator,actual\n2019,SYT,KHAM_BENH,\"1,2\n",
		"a,b\n1,2\n", "\ufeff", ",,,\n,,,\n", "STT;Đơn vị;Chỉ tiêu;TH 2019\n1;SYT;KHAM_BENH;1\n",
	} {
		f.Add(s)
	}
	st := testutil.SampleStore(f)
	in := testutil.Ingester(st)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		p := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		before := fingerprint(t, st)
		rep, err := in.Load(context.Background(), []ingest.Input{{Name: "fuzz.csv", Path: p}}, ingest.Options{DryRun: true})
		if err != nil {
			t.Fatalf("%q: %v", content, err)
		}
		if !rep.OK && len(rep.Problems()) == 0 {
			t.Fatalf("%q refused without a problem", content)
		}
		if fingerprint(t, st) != before {
			t.Fatalf("%q: a dry run changed the store", content)
		}
	})
}

// Any units catalog either loads or is refused with problems, never a
// failure of the machinery; a dry run leaves the store as it was. Seeds
// carry what hostile catalogs carry: formula prefixes, NUL bytes, quotes,
// huge and empty codes, path-like names.
func FuzzCatalogLoad(f *testing.F) {
	for _, s := range []string{
		"SYT,Sở Y tế,Khối Y tế\n",
		"=HYPERLINK(\"http://x\"),\"@SUM(1)\",+1\n",
		"\x00,\x00,\x00\n",
		"\"a\"\"b\",'; DROP TABLE units; --,/etc/passwd\n",
		strings.Repeat("Z", 70) + ",Tên,K\n",
		",,\n,Tên,\nSYT,,K\n",
		"Hong Kong\\, China,\"Hồng Kông, Trung Quốc\",K\n",
	} {
		f.Add(s)
	}
	st := testutil.SampleStore(f)
	in := testutil.Ingester(st)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, rows string) {
		p := filepath.Join(dir, "units.csv")
		if err := os.WriteFile(p, []byte("code,name_vi,block\n"+rows), 0o644); err != nil {
			t.Fatal(err)
		}
		before := fingerprint(t, st)
		rep, err := in.Load(context.Background(), []ingest.Input{{Name: "units.csv", Path: p}}, ingest.Options{DryRun: true})
		if err != nil {
			t.Fatalf("%q: %v", rows, err)
		}
		if !rep.OK && len(rep.Problems()) == 0 {
			t.Fatalf("%q refused without a problem", rows)
		}
		if fingerprint(t, st) != before {
			t.Fatalf("%q: a dry run changed the store", rows)
		}
	})
}
