package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"chitieu/data"
)

func TestPlainScan(t *testing.T) {
	cases := []struct {
		name, text string
		delim, dec byte
		plain      bool
	}{
		{"plain numbers", "year,unit,actual\n2019,SYT,1000.5\n2020,SYT,-3\n", ',', '.', true},
		{"signs and spaces", "a,b\n+5, 7 \n", ',', '.', true},
		{"an exponent", "a,b\n1e5,2\n", ',', '.', false},
		{"a signed exponent", "a,b\n1.5E-2,2\n", ',', '.', false},
		{"a letter e in a name", "a,b\nSở Y tế,2\nDe 1,3\n", ',', '.', true},
		{"an underscore between digits", "a,b\n1_000,2\n", ',', '.', false},
		{"an underscore in a code", "a,b\nKHAM_BENH,2\nCT_01,3\n", ',', '.', true},
		{"a tab", "a,b\n\t5,2\n", ',', '.', false},
		{"two signs", "a,b\n+-0,2\n", ',', '.', false},
		{"a tab as the delimiter", "a\tb\n5\t2\n", '\t', '.', true},
		{"a leading point", "a,b\n.5,2\n", ',', '.', false},
		{"a leading point after a sign and spaces", "a,b\n1, -.5\n", ',', '.', false},
		{"a leading point in quotes", "a,b\n\".5\",2\n", ',', '.', false},
		{"a point inside a code", "a,b\nII.2,2\n", ',', '.', true},
		{"a trailing point", "a,b\n5.,2\n", ',', '.', false},
		{"a trailing point at the end of the file", "a,b\n2,5.", ',', '.', false},
		{"a trailing point before a line end", "a,b\n2,5.\r\n", ',', '.', false},
		{"a sentence's full stop", "a,b\nQuận 1 mới.,2\n", ',', '.', true},
		{"a decimal comma", "a;b\n5,5;2\n", ';', ',', true},
		{"a leading comma", "a;b\n,5;2\n", ';', ',', false},
		{"a trailing comma", "a;b\n5,;2\n", ';', ',', false},
		{"a comma far behind digits and spaces", "a;b\n0000          ,0;1\n", ';', ',', true},
		{"a comma far behind a delimiter and spaces", "a;b\n1;          ,5\n", ';', ',', false},
		{"thousands points in a Vietnamese file", "a;b\n1.234.567;2\n", ';', ',', true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			whole := newPlainScan(tc.delim, tc.dec)
			whole.Write([]byte(tc.text))
			if got := whole.plain(); got != tc.plain {
				t.Errorf("plain = %v, want %v", got, tc.plain)
			}
			bytewise := newPlainScan(tc.delim, tc.dec)
			for i := 0; i < len(tc.text); i++ {
				bytewise.Write([]byte{tc.text[i]})
			}
			if got := bytewise.plain(); got != tc.plain {
				t.Errorf("fed byte by byte: plain = %v, want %v", got, tc.plain)
			}
		})
	}
}

// The scan's answer does not depend on how the file is cut into chunks.
func FuzzPlainScan(f *testing.F) {
	for _, s := range []string{"a,b\n1e5,2\n", "a,b\n.5,2", "a;b\n5,;2\n", "x,y\n1.5,2\n", "\t_1_2"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, cut uint8) {
		for _, d := range []struct{ delim, dec byte }{{',', '.'}, {';', ','}, {'\t', '.'}} {
			whole := newPlainScan(d.delim, d.dec)
			whole.Write([]byte(s))
			chunked := newPlainScan(d.delim, d.dec)
			n := int(cut%16) + 1
			for i := 0; i < len(s); i += n {
				chunked.Write([]byte(s[i:min(i+n, len(s))]))
			}
			if whole.plain() != chunked.plain() {
				t.Fatalf("%q in chunks of %d: %v, whole: %v", s, n, chunked.plain(), whole.plain())
			}
		}
	})
}

func TestCSVHead(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, text string
		ok         bool
		delim      byte
		header     int
		records    int
	}{
		{"commas", "year,unit,actual\n2019,SYT,1\n2020,SYT,2\n", true, ',', 3, 2},
		{"semicolons and a BOM", "\ufeffnăm;đơn vị;thực hiện\n2019;SYT;1,5\n", true, ';', 3, 1},
		{"tabs", "a\tb\n1\t2\n", true, '\t', 2, 1},
		{"a semicolon inside quotes", "\"a;b\";c;d\n1;2;3\n", true, ';', 3, 1},
		{"a broken quote", "a,b\n\"1,2\n", false, ',', 0, 0},
		{"empty", "", false, ',', 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "f.csv")
			os.WriteFile(p, []byte(tc.text), 0o644)
			h, ok := readCSVHead(p, tc.delim, 100)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if h.Delim != tc.delim || len(h.Header) != tc.header || len(h.Records) != tc.records {
				t.Errorf("got delimiter %q, %d headers, %d records", h.Delim, len(h.Header), len(h.Records))
			}
		})
	}
}

// The head reader never panics, and what it reads has a header.
func FuzzCSVHead(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\ufeffa;b\r\n1;2", "\"a\nb\",c\n", ""} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if h, ok := readCSVHead(p, ',', 10); ok && len(h.Header) == 0 {
			t.Fatalf("%q: read with no header", s)
		}
	})
}

// A value the quick path reads (the scan finds it plain and DuckDB's typed
// reader takes it as a finite number, or as a year by the quick path's
// rule) reads the same through the strict readers of the full path.
func FuzzTypedMatchesStrict(f *testing.F) {
	for _, s := range []string{"5", "1000.5", "-3", "+4", "1e5", ".5", "5.", "1_000", " 7 ", "\t8", "inf", "0x10",
		"1,5", "1.234", "2018", "2018.0", "0b11", "2e03", "١٢", "1,234.5", "00012", "-0"} {
		f.Add(s)
	}
	ctx := context.Background()
	st, err := data.Open(ctx, "", data.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		f.Fatal(err)
	}
	defer conn.Close()
	c := &data.Conn{Conn: conn}
	if err := prepareSession(ctx, c); err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\"\n\r") {
			t.Skip("quotes and line ends are the CSV reader's business")
		}
		for _, l := range []struct {
			locale     string
			delim, dec byte
		}{{"en", ',', '.'}, {"vi", ';', ','}} {
			text := fmt.Sprintf("y%cv\n%s%c%s\n", l.delim, v, l.delim, v)
			scan := newPlainScan(l.delim, l.dec)
			scan.Write([]byte(text))
			if !scan.plain() {
				continue
			}
			p := filepath.Join(dir, "v.csv")
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var typed sql.NullFloat64
			var year sql.NullInt64
			err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT v, CASE WHEN length(y) = 4 AND TRY_CAST(y AS INTEGER) BETWEEN 1900 AND 2100
				THEN CAST(y AS INTEGER) END FROM read_csv(?, auto_detect = false, header = true, delim = '%c', quote = '"', escape = '"',
				decimal_separator = '%c', columns = {'y': 'VARCHAR', 'v': 'DOUBLE'})`, l.delim, l.dec), p).Scan(&typed, &year)
			if err != nil {
				continue // the typed reader refused it: the full path reads the file
			}
			var strict sql.NullFloat64
			var strictYear sql.NullInt64
			if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT ct_num_%s(ct_text($1)), ct_year(ct_text($1))`, l.locale), v).Scan(&strict, &strictYear); err != nil {
				t.Fatal(err)
			}
			if typed.Valid && !math.IsInf(typed.Float64, 0) && !math.IsNaN(typed.Float64) && (!strict.Valid || strict.Float64 != typed.Float64) {
				t.Errorf("%s: %q reads as %v typed, %v strictly", l.locale, v, typed, strict)
			}
			if year.Valid && (!strictYear.Valid || strictYear.Int64 != year.Int64) {
				t.Errorf("%s: %q is year %v to the quick path, %v strictly", l.locale, v, year, strictYear)
			}
		}
	})
}
