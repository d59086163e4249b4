package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/ingest/sheet"
)

func TestReadXLSBook(t *testing.T) {
	const real = "xls/testdata/gso-2013-12-nam-2013.xls"
	head := make([]byte, 8)
	f, err := os.Open(real)
	if err != nil {
		t.Fatal(err)
	}
	f.Read(head)
	f.Close()
	if !isXLS(head) || isXLS([]byte("PK\x03\x04....")) {
		t.Errorf("isXLS does not tell an .xls from a zip")
	}
	wb, probs, err := readXLSBook(context.Background(), Input{Name: "2013.xls", Path: real}, sheet.DefaultLimits())
	if err != nil || len(probs) > 0 {
		t.Fatalf("%v %v", err, probs)
	}
	if len(wb.Sheets) != 30 || wb.Sheets[1].Name != "2GDPHH (2)" {
		t.Errorf("%d sheets, the second %q", len(wb.Sheets), wb.Sheets[1].Name)
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "secret-dir", "x.xls")
	os.MkdirAll(filepath.Dir(bad), 0o700)
	b, _ := os.ReadFile(real)
	os.WriteFile(bad, b[:20000], 0o600) // cut short
	_, probs, err = readXLSBook(context.Background(), Input{Name: "bao-cao.xls", Path: bad}, sheet.DefaultLimits())
	if err != nil || len(probs) != 1 {
		t.Fatalf("%v %v", err, probs)
	}
	p := probs[0]
	if p.File != "bao-cao.xls" || strings.Contains(p.Message, "secret-dir") || !strings.Contains(p.Message, "hỏng") {
		t.Errorf("problem %+v", p)
	}

	// Past the globals, in one sheet: the problem names the sheet.
	lim := sheet.DefaultLimits()
	lim.MaxRows = 10
	_, probs, err = readXLSBook(context.Background(), Input{Name: "2013.xls", Path: real}, lim)
	if err != nil || len(probs) != 1 || probs[0].Sheet != "Sheet1 (6)" || !strings.Contains(probs[0].Message, "626 dòng") {
		t.Errorf("%v %+v", err, probs)
	}
}
