package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"

	"golang.org/x/text/unicode/norm"
)

// quoted is a CSV record with every field quoted.
func quoted(fields ...string) string {
	for i, f := range fields {
		fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
	}
	return strings.Join(fields, ",") + "\n"
}

// validCode is what the catalog stores for a code, and whether it is one:
// trimmed, NFC, 1 to 64 characters, no control characters.
func validCode(s string) (string, bool) {
	c := norm.NFC.String(strings.Trim(s, " "))
	if c == "" || utf8.RuneCountInString(c) > 64 || c == "-" || c == "–" || c == "—" {
		return c, false
	}
	for _, r := range c {
		if unicode.IsControl(r) {
			return c, false
		}
	}
	return c, true
}

// A catalog with a code of any kind, and observations by that code, load or
// are refused with a message, never with an internal error; a valid code is
// stored as itself and names its unit wherever a code goes.
func FuzzCatalogCodes(f *testing.F) {
	for _, s := range []string{"01", "Hong Kong, China", "SỞ-YT", "  x  ", `a"b`, "=cmd", "S\u1edf", "So\u031b\u0309",
		strings.Repeat("Ω", 64), strings.Repeat("x", 65), "a\x01b", "line\nbreak", "a;b", "\t", "-", "NULL", "'; DROP TABLE units; --"} {
		f.Add(s)
	}
	st := testutil.Store(f, filepath.Join(f.TempDir(), "codes.duckdb"), data.Options{})
	in := testutil.Ingester(st)
	dir := f.TempDir()
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, code string) {
		if !utf8.ValidString(code) {
			t.Skip("not UTF-8: the CSV reader refuses the file before any code is read")
		}
		units := filepath.Join(dir, "units.csv")
		obs := filepath.Join(dir, "obs.csv")
		inds := filepath.Join(dir, "indicators.csv")
		os.WriteFile(units, []byte(quoted("code", "name_vi", "block")+quoted(code, "Đơn vị thử", "Khối 1")), 0o644)
		os.WriteFile(inds, []byte(quoted("code", "name_vi", "direction", "kind")+quoted("I1", "Chỉ tiêu thử", "higher", "count")), 0o644)
		os.WriteFile(obs, []byte(quoted("year", "unit", "indicator", "actual")+quoted("2020", code, "I1", "5")), 0o644)
		rep, err := in.Load(ctx, []ingest.Input{{Name: "units.csv", Path: units}, {Name: "indicators.csv", Path: inds},
			{Name: "obs.csv", Path: obs}}, ingest.Options{DryRun: true, Lang: "en"})
		if err != nil {
			t.Fatalf("code %q: an internal error: %v", code, err)
		}
		for _, p := range rep.Problems() {
			if strings.Contains(p.Message, "Error:") || strings.Contains(p.Message, "internal") {
				t.Fatalf("code %q: %s", code, p.Text("en"))
			}
		}
		want, ok := validCode(code)
		// Delimiters DuckDB's sniffer may take for the file's own are no
		// matter of codes.
		plain := !strings.ContainsAny(code, ";|\t\r\n\\")
		if ok && plain && !rep.OK {
			t.Fatalf("code %q (stored as %q) was refused:\n%s", code, want, rep.Summary())
		}
		if !ok && rep.OK {
			t.Fatalf("code %q is no code, yet the catalog took it", code)
		}
		if rep.OK {
			if f := rep.Files[2]; f.Inserted != 1 || len(f.Changes) != 1 || f.Changes[0].Unit != want {
				t.Fatalf("code %q: observations by it: %+v", code, f)
			}
		}
	})
}

// Typed cells are never re-read: a JSON number 15.5 under Vietnamese
// headers is 15.5, and its text 38.527 beside it raises no doubt.
func TestTypedCellsAreNotReread(t *testing.T) {
	st := testutil.SampleStore(t)
	p := write(t, "typed.json", `[{"năm": 2019, "đơn vị": "SYT", "chỉ tiêu": "KHAM_BENH", "thực hiện": 15.5, "kế hoạch": 38.527}]`)
	rep := tryLoad(t, st, ingest.Options{}, p)
	if !rep.OK || len(rep.Files[0].Warnings) != 0 {
		t.Fatalf("%s", rep.Summary())
	}
	if got := obs(t, st, 2019, "SYT", "KHAM_BENH"); got != "15.5|38.527|-" {
		t.Errorf("stored %s", got)
	}
}
