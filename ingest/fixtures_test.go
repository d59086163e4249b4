package ingest_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

var fixtures = flag.Bool("fixtures", false, "rewrite testdata/*.xlsx (needs LibreOffice's soffice)")

// reportWorkbook writes a sheet laid out as agencies lay out their yearly
// reports: title rows, a two-row header with "Thực hiện" merged over its
// years, a number typed as text the Vietnamese way, a per cent cell and a
// formula.
func reportWorkbook(tb testing.TB, path string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Báo cáo"
	f.SetSheetName("Sheet1", s)
	set := func(cell string, v any) {
		if err := f.SetCellValue(s, cell, v); err != nil {
			tb.Fatal(err)
		}
	}
	set("A1", "SỞ Y TẾ TỈNH KIÊN GIANG")
	set("A2", "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM 2019")
	f.MergeCell(s, "A2", "G2")
	for cell, v := range map[string]string{"A4": "STT", "B4": "Đơn vị", "C4": "Chỉ tiêu", "D4": "ĐVT", "E4": "Thực hiện", "G4": "Kế hoạch"} {
		set(cell, v)
	}
	f.MergeCell(s, "E4", "F4")
	set("E5", 2018)
	set("F5", 2019)
	set("G5", 2019)
	set("A6", 1)
	set("B6", "SYT")
	set("C6", "Lượt khám bệnh")
	set("D6", "lượt")
	set("E6", 5119291)
	thousands, _ := f.NewStyle(&excelize.Style{NumFmt: 3})
	f.SetCellStyle(s, "E6", "E6", thousands)
	set("F6", "5.300.000") // typed as text, the Vietnamese way
	f.SetCellFormula(s, "G6", "4000000+1000000")
	set("A7", 2)
	set("B7", "Sở Y tế")
	set("C7", "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng")
	set("D7", "%")
	set("E7", 12.9)
	set("F7", 0.125)
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	f.SetCellStyle(s, "F7", "F7", pct)
	set("G7", 13)
	set("A8", "II")
	set("C8", "Chỉ tiêu chưa có số liệu")
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

// TestWriteFixtures rewrites the XLSX fixtures: one written by excelize, the
// same workbook saved again by LibreOffice (which stores the formula's value),
// and a CSV converted to XLSX by LibreOffice.
func TestWriteFixtures(t *testing.T) {
	if !*fixtures {
		t.Skip("run with -fixtures to rewrite testdata/*.xlsx")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("LibreOffice is needed: apt-get install libreoffice-calc-nogui")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "bao-cao-syt-2019.xlsx")
	reportWorkbook(t, src)
	out, err := exec.Command(soffice, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", "testdata", src).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	os.Rename("testdata/bao-cao-syt-2019.xlsx", "testdata/bao-cao-syt-2019-libreoffice.xlsx")
	// 59 is ';', 34 the quote, 76 UTF-8, 1066 Vietnamese: numbers read as a Vietnamese Calc reads them.
	out, err = exec.Command(soffice, "--headless", "--calc", "--infilter=CSV:59,34,76,1,,1066", "--convert-to", "xlsx",
		"--outdir", tmp, "testdata/wide-vi.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	b, _ := os.ReadFile(filepath.Join(tmp, "wide-vi.xlsx"))
	os.WriteFile("testdata/wide-vi-libreoffice.xlsx", b, 0o644)
}
