package xls

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/ingest/sheet"
)

// A department report made with excelize, saved by LibreOffice as Excel
// 97-2003: what LibreOffice writes, the reader reads as LibreOffice reads
// it back, and as the report was written.
func TestLibreOfficeSavedReport(t *testing.T) {
	soffice := libreOffice(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "bieu01.xlsx")
	writeReport(t, src)
	out := loConvert(t, soffice, src, "xls:MS Excel 97")
	xlsPath := filepath.Join(out, "bieu01.xls")
	wb, err := Open(context.Background(), xlsPath, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	n := compareWithLO(t, wb, loWorkbook(t, soffice, xlsPath))
	t.Logf("%d cells agree with LibreOffice", n)

	if len(wb.Sheets) != 2 || wb.Sheets[0].Name != "Biểu 01" || wb.Sheets[1].Name != "Dữ liệu dài" {
		t.Fatalf("sheets %v", wb.Sheets)
	}
	s := wb.Sheets[0]
	text := func(v string) sheet.Cell { return sheet.Cell{Kind: sheet.Text, Text: v} }
	num := func(f float64, format string) sheet.Cell {
		return sheet.Cell{Kind: sheet.Number, Num: f, Format: format}
	}
	title := text("BIỂU 01: Kết quả thực hiện các chỉ tiêu năm 2024 và kế hoạch năm 2025")
	title.Bold = true
	nam := text("Nam")
	nam.Indent = 1
	note := text("Ghi chú: số liệu năm 2024 là ước tính")
	note.Italic = true
	tests := []struct {
		cell string
		want sheet.Cell
	}{
		{"A1", title},
		{"C3", text("Năm 2024")},
		{"C4", text("Kế hoạch")},
		{"D4", text("Ước thực hiện")},
		{"A5", text("Dân số trung bình (Nghìn người)")},
		{"C5", num(1250.5, "#,##0")},
		{"D5", num(1262.25, "#,##0")},
		{"E5", num(0.0094, "0.0%")},
		{"A6", nam},
		{"C6", num(610, "")},
		{"A8", note},
		{"F5", text("Đạt")},
		{"G5", sheet.Cell{Kind: sheet.Bool, Num: 1, Text: "TRUE"}},
		{"H5", sheet.Cell{Kind: sheet.Error, Text: "#DIV/0!"}},
	}
	for _, tt := range tests {
		r, c := cellIndex(t, tt.cell)
		// Every cell carries its font's name (a legacy .VnTime says TCVN3);
		// which font LibreOffice gives a cell is its business.
		got := s.At(r, c)
		if got.Font == "" {
			t.Errorf("%s: no font name", tt.cell)
		}
		got.Font = ""
		if got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.cell, got, tt.want)
		}
	}
	if len(s.Merges) != 2 {
		t.Errorf("merges %v, want A1:H1 and C3:D3", s.Merges)
	}
	if n := sstContinues(t, xlsPath); n < 2 {
		t.Errorf("shared strings in %d CONTINUE records: the split is not tried", n)
	}
	long := wb.Sheets[1]
	for i := 0; i < 600; i++ {
		if got, want := long.At(i, 0).Text, longText(i); got != want {
			t.Fatalf("A%d: %q, want %q", i+1, got, want)
		}
	}
}

// sstContinues counts the CONTINUE records after a file's SST.
func sstContinues(t testing.TB, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	c, err := openCFB(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	e, _ := c.find("Workbook")
	data, err := c.stream(e)
	if err != nil {
		t.Fatal(err)
	}
	r, err := readRecord(data, recordAt(t, data, rSST)-4)
	if err != nil {
		t.Fatal(err)
	}
	parts, _, err := continued(data, r)
	if err != nil {
		t.Fatal(err)
	}
	return len(parts) - 1
}

// longText is 600 distinct strings, Vietnamese and plain by turns, enough
// for LibreOffice to split its shared strings over CONTINUE records.
func longText(i int) string {
	if i%2 == 0 {
		return fmt.Sprintf("Chỉ tiêu số %d: tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", i)
	}
	return fmt.Sprintf("Indicator %d: retail sales of goods and consumer services revenue", i)
}

func writeReport(t testing.TB, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Biểu 01"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	bold := style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	indent := style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1}})
	thou := style(&excelize.Style{NumFmt: 3})
	pct := "0.0%"
	pctStyle := style(&excelize.Style{CustomNumFmt: &pct})

	must(f.SetCellValue(sh, "A1", "BIỂU 01: Kết quả thực hiện các chỉ tiêu năm 2024 và kế hoạch năm 2025"))
	must(f.SetCellStyle(sh, "A1", "A1", bold))
	must(f.MergeCell(sh, "A1", "H1"))
	must(f.SetCellValue(sh, "A3", "Chỉ tiêu"))
	must(f.SetCellValue(sh, "C3", "Năm 2024"))
	must(f.MergeCell(sh, "C3", "D3"))
	must(f.SetCellValue(sh, "C4", "Kế hoạch"))
	must(f.SetCellValue(sh, "D4", "Ước thực hiện"))
	must(f.SetCellValue(sh, "A5", "Dân số trung bình (Nghìn người)"))
	must(f.SetCellValue(sh, "C5", 1250.5))
	must(f.SetCellValue(sh, "D5", 1262.25))
	must(f.SetCellStyle(sh, "C5", "D5", thou))
	must(f.SetCellFormula(sh, "E5", "ROUND(D5/C5-1,4)"))
	must(f.SetCellStyle(sh, "E5", "E5", pctStyle))
	must(f.SetCellFormula(sh, "F5", `IF(D5>=C5,"Đạt","Chưa đạt")`))
	must(f.SetCellFormula(sh, "G5", "D5>C5"))
	must(f.SetCellFormula(sh, "H5", "1/0"))
	must(f.SetCellValue(sh, "A6", "Nam"))
	must(f.SetCellStyle(sh, "A6", "A6", indent))
	must(f.SetCellValue(sh, "C6", 610))
	must(f.SetCellValue(sh, "A8", "Ghi chú: số liệu năm 2024 là ước tính"))
	must(f.SetCellStyle(sh, "A8", "A8", style(&excelize.Style{Font: &excelize.Font{Italic: true}})))

	const long = "Dữ liệu dài"
	_, err := f.NewSheet(long)
	must(err)
	for i := 0; i < 600; i++ {
		must(f.SetCellValue(long, fmt.Sprintf("A%d", i+1), longText(i)))
	}
	must(f.SaveAs(path))
}
