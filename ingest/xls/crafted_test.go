package xls

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"chitieu/ingest/sheet"
)

// fontRec is a FONT record: height, italic flag, colour, weight, ..., name.
func fontRec(bold, italic bool) []byte {
	grbit, bls := 0, 400
	if italic {
		grbit = 0x02
	}
	if bold {
		bls = 700
	}
	return rec(rFont, u16(200), u16(grbit), u16(0x7FFF), u16(bls), u16(0), []byte{0, 0, 0, 0}, str8("Arial"))
}

// xfRec is an XF record of font, number format and indent.
func xfRec(font, format, indent int) []byte {
	return rec(rXF, u16(font), u16(format), u16(0), []byte{0, 0, byte(indent), 0}, make([]byte, 10))
}

// The crafted workbook's cell styles (XF indexes).
const (
	xfPlain   = 0
	xfBold    = 1 // font index 5: the fifth FONT record, index 4 being skipped
	xfPercent = 2 // custom format 164 "0.0%"
	xfThou    = 3 // built-in 3 "#,##0"
	xfIndent  = 4 // indent 2, italic font
	xfDate    = 5 // built-in 14
)

func craftedGlobals(date1904 bool) [][]byte {
	mode := 0
	if date1904 {
		mode = 1
	}
	// Shared strings, split over CONTINUE records the ways Excel splits
	// them.
	s0 := str16("BIỂU 01: Kết quả thực hiện các chỉ tiêu năm 2024")
	s1 := str16(norm.NFD.String("Dân số trung bình"))
	_, tail := chars("ước")
	_, nu := chars("Nữ")
	_, hn := chars("Hà Nội")
	sst := cat(
		rec(rSST, u32(6), u32(6), s0, s1,
			// "TH 2024 ước": 8 compressed characters, the rest in UTF-16
			// after the CONTINUE's option byte.
			u16(11), []byte{0}, []byte("TH 2024 ")),
		rec(rContinue, []byte{1}, tail,
			// Rich text: two formatting runs after the characters.
			u16(3), []byte{0x08}, u16(2), []byte("Nam"), make([]byte, 8),
			// Phonetic data of 6 bytes, split over the next CONTINUE.
			u16(2), []byte{0x05}, u32(6), nu, []byte{1, 2, 3}),
		rec(rContinue, []byte{4, 5, 6},
			// A header that ends the record: the characters start in the
			// next one, after their option byte.
			u16(6), []byte{0x01}),
		rec(rContinue, []byte{1}, hn),
	)
	return [][]byte{
		rec(rCodepage, u16(1200)),
		rec(rDateMode, u16(mode)),
		fontRec(false, false), fontRec(false, false), fontRec(false, false), fontRec(false, false),
		fontRec(true, false), fontRec(false, true),
		rec(rFormat, u16(164), str16("0.0%")),
		xfRec(0, 0, 0), xfRec(5, 0, 0), xfRec(0, 164, 0), xfRec(0, 3, 0), xfRec(6, 0, 2), xfRec(0, 14, 0),
		sst,
	}
}

func formulaRec(r, c, xf int, result []byte) []byte {
	return rec(rFormula, cellHead(r, c, xf), result, u16(0), u32(0), u16(0))
}

func craftedSheets() []testSheet {
	_, dat := chars("Đạt")
	main := []([]byte){
		rec(rDimensions, u32(0), u32(12), u16(0), u16(6), u16(0)),
		rec(rLabelSST, cellHead(0, 0, xfBold), u32(0)),
		rec(rLabelSST, cellHead(1, 0, xfPlain), u32(1)),
		rec(rLabelSST, cellHead(1, 1, xfPlain), u32(2)),
		rec(rLabelSST, cellHead(2, 0, xfIndent), u32(3)),
		rec(rLabelSST, cellHead(3, 0, xfIndent), u32(4)),
		rec(rLabelSST, cellHead(4, 0, xfPlain), u32(5)),
		rec(rNumber, cellHead(2, 1, xfThou), f64(1234567.5)),
		rec(rRK, cellHead(3, 1, xfPlain), u32(42<<2|2)),
		rec(rRK, cellHead(4, 1, xfPlain), u32(1234<<2|3)),
		rec(rRK, cellHead(5, 1, xfPlain), u32(int(0x3FE00000))), // 0.5
		rec(rMulRK, u16(6), u16(0), u16(xfPercent), u32(1<<2|3), u16(xfPercent), u32(-25<<2|3), u16(xfPercent), u32(2<<2|2), u16(2)),
		formulaRec(2, 2, xfPlain, f64(7.25)),
		formulaRec(3, 2, xfPlain, []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}),
		rec(0x04BC, make([]byte, 8)), // a shared formula between FORMULA and STRING
		rec(rString, u16(3), []byte{1}, dat[:2]),
		rec(rContinue, []byte{1}, dat[2:]),
		formulaRec(4, 2, xfPlain, []byte{1, 0, 1, 0, 0, 0, 0xFF, 0xFF}),
		formulaRec(5, 2, xfPlain, []byte{2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF}),
		formulaRec(2, 3, xfPlain, []byte{3, 0, 0, 0, 0, 0, 0xFF, 0xFF}),
		rec(rBoolErr, cellHead(3, 3, xfPlain), []byte{0, 0}),
		rec(rBoolErr, cellHead(4, 3, xfPlain), []byte{0x2A, 1}),
		rec(rLabel, cellHead(0, 6, xfPlain), str16("Ghi chú: số liệu ước")),
		rec(rBlank, cellHead(1, 4, xfBold)),
		rec(rMulBlank, u16(2), u16(4), u16(0), u16(0), u16(0), u16(6)),
		rec(rMerged, u16(2), u16(0), u16(0), u16(0), u16(5), u16(7), u16(8), u16(1), u16(2)),
		// An embedded chart's substream: nothing in it is a cell.
		bof(0x20), rec(rNumber, cellHead(11, 0, xfPlain), f64(99)), rec(rEOF),
		rec(rNumber, cellHead(9, 5, xfDate), f64(45000)),
	}
	return []testSheet{
		{name: "Biểu 01", recs: main},
		{name: "Ẩn", hidden: true, recs: [][]byte{rec(rLabel, cellHead(0, 0, 0), str16("x"))}},
		{name: "Biểu đồ", dt: 2},
	}
}

func craftedStream(date1904 bool) []byte {
	return workbookStream(craftedGlobals(date1904), craftedSheets())
}

func readBytes(t testing.TB, b []byte, lim sheet.Limits) (*sheet.Workbook, error) {
	t.Helper()
	return Read(context.Background(), bytes.NewReader(b), int64(len(b)), lim)
}

func TestCraftedWorkbook(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mini     bool
		date1904 bool
		date     float64
	}{
		{"regular sectors", false, false, 45000},
		{"mini stream", true, false, 45000},
		{"1904 dates", false, true, 45000 + 1462},
		{"4096-byte sectors", false, false, 45000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := craftedStream(tc.date1904)
			if tc.mini && len(st) >= 4096 {
				t.Fatalf("stream of %d bytes does not fit the mini stream", len(st))
			}
			ss := 512
			if strings.HasPrefix(tc.name, "4096") {
				ss = 4096
			}
			wb, err := readBytes(t, compoundFileSectors(st, "Workbook", tc.mini, ss), sheet.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			checkCrafted(t, wb, tc.date)
		})
	}
}

// A workbook over 7 MB needs more FAT sectors than the header lists: the
// rest are found through the DIFAT chain.
func TestCompoundFileWithDIFAT(t *testing.T) {
	st := append(craftedStream(false), make([]byte, 7<<20)...)
	f := compoundFile(st, "Workbook", false)
	if n := binary.LittleEndian.Uint32(f[72:]); n == 0 {
		t.Fatalf("the file has no DIFAT sector")
	}
	wb, err := readBytes(t, f, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	checkCrafted(t, wb, 45000)
	// A DIFAT sector naming a FAT sector outside the file, and a header
	// counting fewer DIFAT sectors than the FAT needs, are refused.
	first := int(binary.LittleEndian.Uint32(f[68:]))
	for name, bad := range map[string][]byte{
		"FAT sector outside": patch(f, 512*(first+1), 0xFFFFFFF0),
		"DIFAT count short":  patch(f, 72, 0),
	} {
		if _, err := readBytes(t, bad, sheet.DefaultLimits()); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func checkCrafted(t *testing.T, wb *sheet.Workbook, date float64) {
	t.Helper()
	if len(wb.Sheets) != 3 {
		t.Fatalf("%d sheets, want 3", len(wb.Sheets))
	}
	s := wb.Sheets[0]
	if s.Name != "Biểu 01" || s.Hidden || wb.Sheets[1].Name != "Ẩn" || !wb.Sheets[1].Hidden || wb.Sheets[2].Name != "Biểu đồ" {
		t.Errorf("sheets %q %v, %q %v, %q", s.Name, s.Hidden, wb.Sheets[1].Name, wb.Sheets[1].Hidden, wb.Sheets[2].Name)
	}
	// Every FONT record of the crafted workbook names Arial.
	text := func(s string) sheet.Cell { return sheet.Cell{Kind: sheet.Text, Text: s, Font: "Arial"} }
	num := func(f float64) sheet.Cell { return sheet.Cell{Kind: sheet.Number, Num: f, Font: "Arial"} }
	bold := text("BIỂU 01: Kết quả thực hiện các chỉ tiêu năm 2024")
	bold.Bold = true
	nam, nu := text("Nam"), text("Nữ")
	nam.Indent, nam.Italic, nu.Indent, nu.Italic = 2, true, 2, true
	thou := num(1234567.5)
	thou.Format = "#,##0"
	pct := func(f float64) sheet.Cell { c := num(f); c.Format = "0.0%"; return c }
	dt := num(date)
	dt.Format = "mm-dd-yy"
	tests := []struct {
		cell string
		want sheet.Cell
	}{
		{"A1", bold},
		{"A2", text("Dân số trung bình")}, // stored decomposed, read in NFC
		{"B2", text("TH 2024 ước")},       // compressed, then UTF-16 after a CONTINUE
		{"A3", nam},
		{"A4", nu},
		{"A5", text("Hà Nội")},
		{"B3", thou},
		{"B4", num(42)},
		{"B5", num(12.34)},
		{"B6", num(0.5)},
		{"A7", pct(0.01)},
		{"B7", pct(-0.25)},
		{"C7", pct(2)},
		{"C3", num(7.25)},
		{"C4", text("Đạt")},
		{"C5", sheet.Cell{Kind: sheet.Bool, Num: 1, Text: "TRUE", Font: "Arial"}},
		{"C6", sheet.Cell{Kind: sheet.Error, Text: "#DIV/0!", Font: "Arial"}},
		{"D3", sheet.Cell{}},
		{"D4", sheet.Cell{Kind: sheet.Bool, Text: "FALSE", Font: "Arial"}},
		{"D5", sheet.Cell{Kind: sheet.Error, Text: "#N/A", Font: "Arial"}},
		{"G1", text("Ghi chú: số liệu ước")},
		{"E2", sheet.Cell{}},
		{"F3", sheet.Cell{}},
		{"A12", sheet.Cell{}},
		{"F10", dt},
	}
	for _, tt := range tests {
		r, c := cellIndex(t, tt.cell)
		if got := s.At(r, c); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.cell, got, tt.want)
		}
	}
	want := []sheet.Range{{Row0: 0, Col0: 0, Row1: 0, Col1: 5}, {Row0: 7, Col0: 1, Row1: 8, Col1: 2}}
	if len(s.Merges) != 2 || s.Merges[0] != want[0] || s.Merges[1] != want[1] {
		t.Errorf("merges %v, want %v", s.Merges, want)
	}
	if len(s.Rows) != 10 {
		t.Errorf("%d rows, want 10", len(s.Rows))
	}
	if got := wb.Sheets[1].At(0, 0); got.Text != "x" {
		t.Errorf("hidden sheet A1 %+v", got)
	}
}
