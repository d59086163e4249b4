package ingest_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// Why a column or row is set aside is a stable code with its arguments in
// the JSON report, said in Vietnamese by default and in English on request.
func TestTableNotesByLanguage(t *testing.T) {
	needArrow(t)
	for _, tc := range []struct {
		lang, reason, meaning, rows string
	}{
		{"", "cột quý: chitieu giữ số liệu năm", "bỏ qua: cột quý: chitieu giữ số liệu năm", "hàng: trống 2, số liệu 27, tiêu đề cột 4, tiêu đề bảng 2, tổng 1"},
		{"en", "quarter column: chitieu keeps yearly figures", "ignored: quarter column: chitieu keeps yearly figures", "rows: blank 2, data 27, header 4, title 2, total 1"},
	} {
		t.Run("lang="+tc.lang, func(t *testing.T) {
			st := testutil.Store(t, "", data.Options{})
			rep := tryLoad(t, st, ingest.Options{Unit: "VN", CreateMissing: true, DryRun: true, Sheet: "1.GDP HH", Lang: tc.lang},
				real("gso-2019-12-nam-2019.xlsx"))
			if len(rep.Files) != 1 || rep.Files[0].Table == nil {
				t.Fatalf("want one table, got %+v", rep.Files)
			}
			c := rep.Files[0].Table.Columns[2] // C "Sơ bộ quý III năm 2019"
			if c.Code != "rtable.col.quarter" || c.Reason != tc.reason || c.Meaning != tc.meaning {
				t.Errorf("column C: code %q reason %q meaning %q, want rtable.col.quarter, %q, %q", c.Code, c.Reason, c.Meaning, tc.reason, tc.meaning)
			}
			b, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"reason_code":"rtable.col.quarter"`) {
				t.Errorf("the JSON report lacks the column's reason code")
			}
			if text := rep.Summary(); !strings.Contains(text, tc.rows) || !strings.Contains(text, tc.reason) {
				t.Errorf("summary lacks %q or %q:\n%s", tc.rows, tc.reason, text)
			}
		})
	}
}

// A report table's warnings are the file's: placed by sheet, row and column
// with a stable code, listed with the others, and refused by --strict.
func TestTableWarningsAreTheFiles(t *testing.T) {
	needArrow(t)
	path := filepath.Join(t.TempDir(), "bieu-01.xlsx")
	bieu01(t, path)
	for _, tc := range []struct {
		name    string
		opts    ingest.Options
		strict  bool
		text    string
		derived string // how Biểu 02's plan was worked out
	}{
		{"warned", ingest.Options{Unit: "AG", CreateMissing: true}, false, `cảnh báo: bieu-01.xlsx, trang tính "Biểu 01", dòng 12, cột "H": ô H12 ghi 95%, nhưng F12 ÷ E12 × 100 = 98.67%`, "kế hoạch = C4 ÷ D4 × 100"},
		{"warned in English", ingest.Options{Unit: "AG", CreateMissing: true, Lang: "en"}, false, "cell H12 says 95%, but F12 ÷ E12 × 100 = 98.67%", "plan = C4 ÷ D4 × 100"},
		{"refused with --strict", ingest.Options{Unit: "AG", CreateMissing: true, Strict: true}, true, "ô H12 ghi 95%", "kế hoạch = C4 ÷ D4 × 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.Store(t, "", data.Options{})
			rep := tryLoad(t, st, tc.opts, path)
			f := rep.Files[0]
			list := f.Warnings
			if tc.strict {
				list = f.Problems
				if f.Outcome != "refused" || rep.OK {
					t.Errorf("--strict: outcome %q ok %v, want refused", f.Outcome, rep.OK)
				}
				if n := testutil.Count(t, st, "SELECT count(*) FROM observations"); n != 0 {
					t.Errorf("a refused load wrote %d figures", n)
				}
			}
			if len(list) != 1 {
				t.Fatalf("want one reconcile_mismatch, got %+v", list)
			}
			w := list[0]
			if w.Code != "reconcile_mismatch" || w.Sheet != "Biểu 01" || w.Row != 12 || w.Column != "H" || w.Args["cell"] != "H12" {
				t.Errorf("got %+v, want reconcile_mismatch at Biểu 01 row 12 column H", w)
			}
			if text := rep.Summary(); !strings.Contains(text, tc.text) {
				t.Errorf("summary lacks %q:\n%s", tc.text, text)
			}
			if t2 := rep.Files[1].Table; t2 == nil || len(t2.First) < 2 || t2.First[1].From != tc.derived || t2.First[1].FromCode != "rtable.derived.plan" {
				t.Errorf("Biểu 02's derived plan: %+v, want from %q", t2, tc.derived)
			}
		})
	}
}
