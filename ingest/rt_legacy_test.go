package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// A department table as old offices type it, in the words of TCVN3 (ABC)
// and of VNI: the same table, "Kết quả thực hiện các chỉ tiêu năm 2024".
var legacyTables = map[string][][]string{
	"tcvn3": {
		{"BiÓu 01: KÕt qu¶ thùc hiÖn c¸c chØ tiªu n¨m 2024"},
		{},
		{"ChØ tiªu", "§VT", "Thùc hiÖn n¨m 2023", "KÕ ho¹ch n¨m 2024", "¦íc thùc hiÖn n¨m 2024"},
		{"Tæng s¶n phÈm trªn ®Þa bµn (GRDP)", "Tû ®ång", "98000", "105000", "106050"},
		{"Thu ng©n s¸ch nhµ n\u00adíc", "Tû ®ång", "7200", "7500", "7400"},
		{"D©n sè trung b×nh", "Ngh×n ng\u00adêi", "1905.2", "1910", "1908.4"},
	},
	"vni": {
		{"Bieåu 01: Keát quaû thöïc hieän caùc chæ tieâu naêm 2024"},
		{},
		{"Chæ tieâu", "ÑVT", "Thöïc hieän naêm 2023", "Keá hoaïch naêm 2024", "Öôùc thöïc hieän naêm 2024"},
		{"Toång saûn phaåm treân ñòa baøn (GRDP)", "Tyû ñoàng", "98000", "105000", "106050"},
		{"Thu ngaân saùch nhaø nöôùc", "Tyû ñoàng", "7200", "7500", "7400"},
		{"Daân soá trung bình", "Nghìn ngöôøi", "1905.2", "1910", "1908.4"},
	},
}

// legacyXLSX writes a table in a workbook, its text in font (none: the
// default), figures as numbers.
func legacyXLSX(tb testing.TB, path string, rows [][]string, font string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Biểu 01"
	f.SetSheetName("Sheet1", s)
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if r >= 3 && c >= 2 {
				f.SetCellFloat(s, cell, mustFloat(tb, v), -1, 64)
				continue
			}
			f.SetCellStr(s, cell, v)
		}
	}
	if font != "" {
		st, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: font}})
		if err != nil {
			tb.Fatal(err)
		}
		f.SetCellStyle(s, "A1", "E6", st)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

func mustFloat(tb testing.TB, s string) float64 {
	tb.Helper()
	var v float64
	for i, part := range strings.SplitN(s, ".", 2) {
		for _, d := range part {
			v = v*10 + float64(d-'0')
		}
		if i == 1 {
			for range part {
				v /= 10
			}
		}
	}
	return v
}

// latin1CSV writes rows as a single-byte CSV file: each character its byte,
// as old offices' CSV exports hold TCVN3 and VNI.
func latin1CSV(tb testing.TB, path string, rows [][]string) {
	tb.Helper()
	var b []byte
	for _, row := range rows {
		for i, v := range row {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			for _, r := range v {
				b = append(b, byte(r))
			}
			b = append(b, '"')
		}
		b = append(b, '\r', '\n')
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Text typed in TCVN3 or VNI loads as the Unicode the office meant: its
// rows match the catalog's names, and the report says the sheet was
// converted, naming it.
func TestLegacyEncodings(t *testing.T) {
	needArrow(t)
	dir := t.TempDir()
	units := write(t, "units.csv", "code,name_vi,block\nAG,UBND tỉnh An Giang,Tỉnh\n")
	inds := write(t, "indicators.csv", "code,name_vi,measure,direction,kind\n"+
		"GRDP,Tổng sản phẩm trên địa bàn (GRDP),Tỷ đồng,higher,amount\n"+
		"THU_NS,Thu ngân sách nhà nước,Tỷ đồng,higher,amount\n"+
		"DS,Dân số trung bình,Nghìn người,higher,count\n")
	for _, tc := range []struct {
		name, enc, font, ext  string
		code, sheet, evidence string
	}{
		{"TCVN3 by its words", "tcvn3", "", "xlsx", "legacy_encoding", "Biểu 01", "TCVN3 (ABC)"},
		{"TCVN3 by its font", "tcvn3", ".VnTime", "xlsx", "legacy_font", "Biểu 01", ".VnTime"},
		{"VNI by its words", "vni", "", "xlsx", "legacy_encoding", "Biểu 01", "VNI"},
		{"VNI by its font", "vni", "VNI-Times", "xlsx", "legacy_font", "Biểu 01", "VNI-Times"},
		{"TCVN3 bytes in a CSV", "tcvn3", "", "csv", "legacy_encoding", "bieu", "TCVN3 (ABC)"},
		{"VNI bytes in a CSV", "vni", "", "csv", "legacy_encoding", "bieu", "VNI"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.Store(t, "", data.Options{})
			load(t, st, ingest.Options{}, units, inds)
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+"."+tc.ext)
			if tc.ext == "csv" {
				path = filepath.Join(t.TempDir(), "bieu.csv")
				latin1CSV(t, path, legacyTables[tc.enc])
			} else {
				legacyXLSX(t, path, legacyTables[tc.enc], tc.font)
			}
			rep := load(t, st, ingest.Options{Unit: "AG"}, path)
			f := rep.Files[0]
			if len(f.Warnings) != 1 || f.Warnings[0].Code != tc.code {
				t.Fatalf("want one %s warning, got %+v", tc.code, f.Warnings)
			}
			w := f.Warnings[0]
			if w.Args["sheet"] != tc.sheet || !strings.Contains(w.Message, tc.evidence) || !strings.Contains(w.Message, "→ \"Biểu 01: Kết quả thực hiện các chỉ tiêu năm 2024\"") {
				t.Errorf("warning %+v: want sheet %q, %q and the title converted", w, tc.sheet, tc.evidence)
			}
			for _, want := range []struct {
				year      int
				indicator string
				actual    float64
			}{{2023, "GRDP", 98000}, {2024, "THU_NS", 7400}, {2024, "DS", 1908.4}} {
				if s := storedObs(t, st, want.year, "AG", want.indicator); !near(s.Actual.Float64, want.actual) {
					t.Errorf("%d %s: actual %v, want %v", want.year, want.indicator, s.Actual.Float64, want.actual)
				}
			}
			if s := storedObs(t, st, 2024, "AG", "GRDP"); s.Release != "estimate" || !near(s.Plan.Float64, 105000) {
				t.Errorf("2024 GRDP: %+v, want the estimate (Ước thực hiện) and the plan (Kế hoạch)", s)
			}
		})
	}
}

// A sheet that mixes Unicode with a legacy encoding is refused, naming the
// cells of both, and nothing is written.
func TestLegacyMixedRefused(t *testing.T) {
	needArrow(t)
	st := testutil.Store(t, "", data.Options{})
	rows := append([][]string{{"Kết quả thực hiện các chỉ tiêu năm 2024"}}, legacyTables["tcvn3"][1:]...)
	path := filepath.Join(t.TempDir(), "mixed.xlsx")
	legacyXLSX(t, path, rows, "")
	rep := tryLoad(t, st, ingest.Options{Unit: "AG", CreateMissing: true}, path)
	if rep.OK || len(rep.Files) != 1 || len(rep.Files[0].Problems) != 1 {
		t.Fatalf("want one refusal, got %s", rep.Summary())
	}
	p := rep.Files[0].Problems[0]
	if p.Code != "legacy_mixed" || p.Sheet != "Biểu 01" || p.Args["cell_a"] != "A1" || p.Args["cell_b"] != "A3" {
		t.Errorf("got %+v, want legacy_mixed naming A1 (Unicode) and A3 (TCVN3)", p)
	}
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations"); n != 0 {
		t.Errorf("a refused sheet wrote %d figures", n)
	}
	rep.Localize("en")
	if !strings.Contains(rep.Summary(), "mixes Unicode text (cell A1") {
		t.Errorf("English summary:\n%s", rep.Summary())
	}
}
