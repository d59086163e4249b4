package ingest_test

import (
	"context"
	"database/sql"
	"testing"
	"unicode/utf8"

	"chitieu/data"
	"chitieu/internal/testutil"
)

// The number readers' fast paths (a cell with nothing to clean) read every
// value as the strict readers do: the same number, or none.
func FuzzFastNumbersMatchStrict(f *testing.F) {
	for _, s := range []string{"5", "1000.5", "-3", "+4", "1e5", ".5", "5.", "1_000", " 7 ", "\t8", "inf", "0x10",
		"1,5", "1.234", "1.234,5", "1,234.5", "12.900.000", "0.649", "0,649", "00012", "-0", "1.23.4", "1,2,3"} {
		f.Add(s)
	}
	ctx := context.Background()
	c := sessionConn(f, testutil.Store(f, "", data.Options{}))
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("not UTF-8: the CSV reader refuses such a file before any number is read")
		}
		var vi, viStrict, en, enStrict sql.NullFloat64
		err := c.QueryRowContext(ctx, `SELECT ct_num_vi(ct_text($1)), ct_num_vi_slow(ct_clean(ct_text($1))),
			ct_num_en(ct_text($1)), ct_num_en_slow(ct_clean(ct_text($1)))`, s).Scan(&vi, &viStrict, &en, &enStrict)
		if err != nil {
			t.Fatal(err)
		}
		if vi != viStrict || en != enStrict {
			t.Fatalf("%q: vi %v (strictly %v), en %v (strictly %v)", s, vi, viStrict, en, enStrict)
		}
	})
}

// A value that proves one way of writing numbers is no number the other
// way: so a file whose first rows settle its locale refuses a value further
// down that proves the other way, and the refusal names both.
func FuzzProofReadsOneWayOnly(f *testing.F) {
	for _, s := range []string{"0,123", "0.123", "-0,123", "0,123,456", "0.123.456", "12,5", "12.5", "1.234,5", "1,234.5",
		"1.234.567", "1,234,567", "0,5", "1234,5", "1234.5", "38.527", "0,123.5", "0.123,5", "99,06%", "1 234,5"} {
		f.Add(s)
	}
	ctx := context.Background()
	c := sessionConn(f, testutil.Store(f, "", data.Options{}))
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("not UTF-8")
		}
		var form sql.NullString
		var vi, en sql.NullFloat64
		if err := c.QueryRowContext(ctx, `SELECT ct_numform(ct_text($1)), ct_num_vi(ct_text($1)), ct_num_en(ct_text($1))`, s).Scan(&form, &vi, &en); err != nil {
			t.Fatal(err)
		}
		if form.String == "vi" && en.Valid || form.String == "en" && vi.Valid {
			t.Fatalf("%q proves %s yet reads %v the English way, %v the Vietnamese", s, form.String, en, vi)
		}
	})
}
