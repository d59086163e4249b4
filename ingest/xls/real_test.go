package xls

import (
	"context"
	"testing"

	"golang.org/x/text/unicode/norm"

	"chitieu/ingest/sheet"
)

// Cells of the statistics office's 2013 release, as Excel and LibreOffice
// show them.
func TestRealWorkbookCells(t *testing.T) {
	wb, err := Open(context.Background(), "testdata/gso-2013-12-nam-2013.xls", sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 30 {
		t.Fatalf("%d sheets, want 30", len(wb.Sheets))
	}
	byName := make(map[string]*sheet.Sheet)
	for _, s := range wb.Sheets {
		byName[s.Name] = s
	}
	for _, n := range []string{"Sheet1 (6)", "2GDPHH (2)", "4NN ", "XNK$tygiaTM", "csg NK ", "DSo"} {
		if byName[n] == nil {
			t.Errorf("no sheet %q", n)
		}
	}
	tests := []struct {
		sheet, cell string
		want        sheet.Cell
	}{
		{"2GDPHH (2)", "C5", sheet.Cell{Kind: sheet.Text, Text: "Thực hiện (Tỷ đồng)", Font: "Arial"}},
		{"2GDPHH (2)", "D6", sheet.Cell{Kind: sheet.Text, Text: "Ước tính\nnăm 2013", Font: "Arial"}},
		{"2GDPHH (2)", "A8", sheet.Cell{Kind: sheet.Text, Text: "TỔNG SỐ", Bold: true, Font: "Arial"}},
		{"2GDPHH (2)", "C8", sheet.Cell{Kind: sheet.Number, Num: 3245419.2270855578, Format: "0", Bold: true, Font: "Arial"}},
		{"CPI", "A9", sheet.Cell{Kind: sheet.Text, Text: "CHỈ SỐ GIÁ TIÊU DÙNG", Bold: true, Font: "Arial"}},
		{"CPI", "D9", sheet.Cell{Kind: sheet.Number, Num: 155.7, Format: "0.00", Bold: true, Font: "Arial"}},
		{"CPI", "G9", sheet.Cell{Kind: sheet.Number, Num: 106.6, Format: "0.00", Bold: true, Indent: 3, Font: "Arial"}},
		// Written with combining marks in the file; read in NFC.
		{"DSo", "A22", sheet.Cell{Kind: sheet.Text, Text: "Tuổi thọ trung bình tính từ lúc sinh (Tuổi)", Font: "Arial"}},
		{"DSo", "D22", sheet.Cell{Kind: sheet.Number, Num: 73.1, Font: "Arial"}},
		// A section and its indented breakdown rows.
		{"CSG_NLTS", "A9", sheet.Cell{Kind: sheet.Text, Text: "Nông nghiệp", Bold: true, Indent: 1, Font: "Arial"}},
		{"CSG_NLTS", "A10", sheet.Cell{Kind: sheet.Text, Text: "Cây hàng năm", Indent: 2, Font: "Arial"}},
		{"XNK dich vu", "E13", sheet.Cell{Kind: sheet.Number, Num: 64, Format: "#,##0", Indent: 2, Font: "Arial"}},
		{"FDI", "B32", sheet.Cell{Kind: sheet.Text, Text: "Nhật Bản", Format: "0.0%", Font: "Arial"}},
		// A date in a built-in East Asian date format (id 58): 12/1/2013.
		{"CS TT TK", "E7", sheet.Cell{Kind: sheet.Number, Num: 41286, Format: "mm-dd-yy", Font: "Arial"}},
		// The one value of a sheet, far down.
		{"Sheet1 (6)", "A626", sheet.Cell{Kind: sheet.Number, Num: 1, Font: "Arial"}},
		{"Sheet1 (6)", "A1", sheet.Cell{}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet+"!"+tt.cell, func(t *testing.T) {
			s := byName[tt.sheet]
			if s == nil {
				t.Fatalf("no sheet %q", tt.sheet)
			}
			r, c := cellIndex(t, tt.cell)
			if got := s.At(r, c); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if a := byName["DSo"].At(21, 0).Text; !norm.NFC.IsNormalString(a) {
		t.Errorf("%q is not NFC", a)
	}
	// "Thực hiện (Tỷ đồng)" over C and D, "Cơ cấu (%)" over F and G.
	want := []sheet.Range{{Row0: 4, Col0: 2, Row1: 4, Col1: 3}, {Row0: 4, Col0: 5, Row1: 4, Col1: 6}, {Row0: 7, Col0: 0, Row1: 7, Col1: 1}}
	got := byName["2GDPHH (2)"].Merges
	if len(got) != len(want) {
		t.Fatalf("merges %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("merge %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// cellIndex turns "F11" into (10, 5).
func cellIndex(t testing.TB, name string) (int, int) {
	t.Helper()
	c, i := 0, 0
	for ; i < len(name) && name[i] >= 'A' && name[i] <= 'Z'; i++ {
		c = c*26 + int(name[i]-'A'+1)
	}
	r := 0
	for ; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			t.Fatalf("bad cell name %q", name)
		}
		r = r*10 + int(name[i]-'0')
	}
	if c == 0 || r == 0 {
		t.Fatalf("bad cell name %q", name)
	}
	return r - 1, c - 1
}
