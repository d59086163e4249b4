package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/ingest/sheet"
	"chitieu/ingest/xls"
)

func TestXLSWorkbook(t *testing.T) {
	const real = "xls/testdata/gso-2013-12-nam-2013.xls"
	b, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	if !isXLS(b[:8]) || isXLS([]byte("PK\x03\x04....")) {
		t.Errorf("isXLS does not tell an .xls from a zip")
	}
	ctx := context.Background()
	wb, err := xlsWorkbook(ctx, real, nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 30 || wb.Sheets[1].Name != "2GDPHH (2)" {
		t.Errorf("%d sheets, the second %q", len(wb.Sheets), wb.Sheets[1].Name)
	}
	wb, err = xlsWorkbook(ctx, real, []string{"cpi", " DSo "}, sheet.DefaultLimits())
	if err != nil || len(wb.Sheets) != 2 || wb.Sheets[0].Name != "CPI" || wb.Sheets[1].Name != "DSo" {
		t.Errorf("sheets CPI and DSo: %v %v", err, wb)
	}

	bad := filepath.Join(t.TempDir(), "secret-dir", "x.xls")
	if err := os.MkdirAll(filepath.Dir(bad), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, b[:20000], 0o600); err != nil { // cut short
		t.Fatal(err)
	}
	_, err = xlsWorkbook(ctx, bad, nil, sheet.DefaultLimits())
	if !errors.Is(err, xls.ErrFormat) || strings.Contains(err.Error(), "secret-dir") || !strings.Contains(err.Error(), "hỏng") {
		t.Errorf("cut file: %v", err)
	}

	// Refused inside a sheet: the error names the sheet.
	lim := sheet.DefaultLimits()
	lim.MaxRows = 10
	_, err = xlsWorkbook(ctx, real, nil, lim)
	var se *xls.SheetError
	if !errors.As(err, &se) || se.Sheet != "Sheet1 (6)" || !errors.Is(err, sheet.ErrLimit) || !strings.Contains(err.Error(), "626 dòng") {
		t.Errorf("over the row limit: %v", err)
	}
}
