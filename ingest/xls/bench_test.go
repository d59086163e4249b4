package xls

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/ingest/sheet"
)

// The 2013 release read by this reader, and the same workbook saved by
// LibreOffice as XLSX read whole by excelize (every sheet's rows, raw):
// the reference for the ratio (skipped without LibreOffice).

func BenchmarkReadRelease(b *testing.B) {
	for b.Loop() {
		if _, err := Open(context.Background(), "testdata/gso-2013-12-nam-2013.xls", sheet.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExcelizeReadRelease(b *testing.B) {
	soffice := libreOffice(b)
	dir := loConvert(b, soffice, "testdata/gso-2013-12-nam-2013.xls", "xlsx")
	p := filepath.Join(dir, "gso-2013-12-nam-2013.xlsx")
	for b.Loop() {
		f, err := excelize.OpenFile(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range f.GetSheetList() {
			if _, err := f.GetRows(s, excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}
