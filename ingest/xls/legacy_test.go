package xls

import (
	"testing"

	"chitieu/ingest/sheet"
	"chitieu/ingest/vnlegacy"
)

// An old workbook typed in an ABC font keeps TCVN3's bytes as 8-bit
// characters; the reader gives each cell its font's name, which says how
// to read them.
func TestLegacyFontCells(t *testing.T) {
	font := func(name string) []byte {
		return rec(rFont, u16(200), u16(0), u16(0x7FFF), u16(400), u16(0), []byte{0, 0, 0, 0}, str8(name))
	}
	globals := [][]byte{
		rec(rCodepage, u16(1252)),
		font("Arial"), font("Arial"), font("Arial"), font("Arial"), // index 4 is never written
		font(".VnTime"), font(".VnTimeH"), font("VNI-Times"),
		xfRec(0, 0, 0), xfRec(5, 0, 0), xfRec(6, 0, 0), xfRec(7, 0, 0),
	}
	cells := []struct {
		xf         int
		text, font string
		want       string
	}{
		{0, "Kinh tế", "Arial", "Kinh tế"},
		{1, "Thùc hiÖn n¨m 2024", ".VnTime", "Thực hiện năm 2024"},
		{2, "tæng sè", ".VnTimeH", "TỔNG SỐ"},
		{3, "Daân soá trung bình", "VNI-Times", "Dân số trung bình"},
	}
	var recs [][]byte
	for r, c := range cells {
		recs = append(recs, rec(rLabel, cellHead(r, 0, c.xf), str16(c.text)))
	}
	b := compoundFile(workbookStream(globals, []testSheet{{name: "Biểu 01", recs: recs}}), "Workbook", false)
	wb, err := readBytes(t, b, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for r, c := range cells {
		got := wb.Sheets[0].At(r, 0)
		if got.Text != c.text || got.Font != c.font {
			t.Errorf("A%d: %q in %q, want %q in %q", r+1, got.Text, got.Font, c.text, c.font)
		}
		enc, upper := vnlegacy.FontEncoding(got.Font)
		if s, _ := vnlegacy.Decode(got.Text, enc, upper); s != c.want {
			t.Errorf("A%d reads %q, want %q", r+1, s, c.want)
		}
	}
}
