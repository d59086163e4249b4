package xls

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"chitieu/ingest/sheet"
)

// The reader is checked against LibreOffice's own reading of the same
// file, cell by cell, where LibreOffice is installed.

func libreOffice(t testing.TB) string {
	t.Helper()
	for _, n := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Skip("LibreOffice is not installed")
	return ""
}

// loConvert runs LibreOffice headless on src with the given filter into a
// temporary directory of its own (and a profile of its own).
func loConvert(t testing.TB, soffice, src, filter string) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", filter, "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice %s: %v\n%s", filter, err, out)
	}
	return dir
}

// loWorkbook is an .xls as LibreOffice reads it, saved by LibreOffice as
// XLSX and opened with excelize: cells at their places, merges, styles.
func loWorkbook(t testing.TB, soffice, src string) *excelize.File {
	t.Helper()
	dir := loConvert(t, soffice, src, "xlsx")
	name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src)) + ".xlsx"
	f, err := excelize.OpenFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// compareWithLO checks every cell of every sheet (value, bold, indent) and
// the merged ranges, and returns how many non-empty cells agreed.
func compareWithLO(t testing.TB, wb *sheet.Workbook, lo *excelize.File) int {
	t.Helper()
	names := lo.GetSheetList()
	if len(wb.Sheets) != len(names) {
		t.Errorf("%d sheets, LibreOffice %d", len(wb.Sheets), len(names))
	}
	agreed := 0
	for i, s := range wb.Sheets {
		if i >= len(names) || names[i] != s.Name {
			t.Errorf("sheet %d is %q, LibreOffice %q", i, s.Name, names[min(i, len(names)-1)])
			continue
		}
		rows, err := lo.GetRows(s.Name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		nr := max(len(rows), len(s.Rows))
		for r := 0; r < nr; r++ {
			nc := 0
			if r < len(rows) {
				nc = len(rows[r])
			}
			if r < len(s.Rows) {
				nc = max(nc, len(s.Rows[r]))
			}
			for c := 0; c < nc; c++ {
				want := ""
				if r < len(rows) && c < len(rows[r]) {
					want = rows[r][c]
				}
				got := s.At(r, c)
				name := sheet.CellName(r, c)
				if msg := cellDiffers(got, want); msg != "" {
					t.Errorf("%s!%s: %s", s.Name, name, msg)
					continue
				}
				if got.Kind == sheet.Empty {
					continue
				}
				if msg := styleDiffers(lo, s.Name, name, got); msg != "" {
					t.Errorf("%s!%s: %s", s.Name, name, msg)
					continue
				}
				agreed++
			}
		}
		merges, err := lo.GetMergeCells(s.Name, true)
		if err != nil {
			t.Fatal(err)
		}
		want := make(map[string]bool)
		for _, m := range merges {
			want[m.GetStartAxis()+":"+m.GetEndAxis()] = true
		}
		for _, m := range s.Merges {
			k := sheet.CellName(m.Row0, m.Col0) + ":" + sheet.CellName(m.Row1, m.Col1)
			if !want[k] {
				t.Errorf("%s: merge %s, not in LibreOffice", s.Name, k)
			}
			delete(want, k)
		}
		for k := range want {
			t.Errorf("%s: LibreOffice merges %s, not read", s.Name, k)
		}
	}
	return agreed
}

func cellDiffers(got sheet.Cell, want string) string {
	switch got.Kind {
	case sheet.Number, sheet.Bool:
		f, err := strconv.ParseFloat(want, 64)
		if err != nil {
			return "number " + strconv.FormatFloat(got.Num, 'g', -1, 64) + ", LibreOffice " + strconv.Quote(want)
		}
		if math.Abs(f-got.Num) > 1e-9*math.Max(1, math.Abs(f)) {
			return "number " + strconv.FormatFloat(got.Num, 'g', -1, 64) + ", LibreOffice " + want
		}
	case sheet.Empty:
		if want != "" {
			return "empty, LibreOffice " + strconv.Quote(want)
		}
	default:
		// LibreOffice keeps text as the file spells it; the reader
		// gives it in NFC.
		if got.Text != norm.NFC.String(want) {
			return strconv.Quote(got.Text) + ", LibreOffice " + strconv.Quote(want)
		}
	}
	return ""
}

// loIndentAgrees says whether LibreOffice's XLSX indent agrees with an
// indent level read from an .xls. LibreOffice keeps an .xls indent as 200
// twips a level (its ODS shows 0.139in a level, so it reads the level the
// file has) but writes XLSX indents in character widths of the file's
// font: a level of 3 comes out as 3 or 4, 5 as 6.
func loIndentAgrees(got, lo int) bool {
	return lo == got || lo == int(math.Round(float64(got)*200/165))
}

func styleDiffers(lo *excelize.File, sh, name string, got sheet.Cell) string {
	id, err := lo.GetCellStyle(sh, name)
	if err != nil {
		return err.Error()
	}
	st, err := lo.GetStyle(id)
	if err != nil {
		return err.Error()
	}
	bold, italic, indent := false, false, 0
	if st.Font != nil {
		bold, italic = st.Font.Bold, st.Font.Italic
	}
	if st.Alignment != nil {
		indent = st.Alignment.Indent
	}
	loPct := st.NumFmt == 9 || st.NumFmt == 10 || st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%")
	if pct := strings.Contains(got.Format, "%"); pct != loPct && got.Kind == sheet.Number {
		return fmt.Sprintf("format %q, LibreOffice's is a per cent: %v", got.Format, loPct)
	}
	if got.Italic != italic {
		return fmt.Sprintf("italic %v, LibreOffice %v", got.Italic, italic)
	}
	if got.Bold != bold || !loIndentAgrees(got.Indent, indent) {
		return fmt.Sprintf("bold %v indent %d, LibreOffice bold %v indent %d", got.Bold, got.Indent, bold, indent)
	}
	return ""
}

func TestRealWorkbookAgreesWithLibreOffice(t *testing.T) {
	soffice := libreOffice(t)
	const src = "testdata/gso-2013-12-nam-2013.xls"
	wb, err := Open(context.Background(), src, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	n := compareWithLO(t, wb, loWorkbook(t, soffice, src))
	t.Logf("%d sheets, %d cells agree with LibreOffice", len(wb.Sheets), n)
	if n < 3000 {
		t.Errorf("only %d cells compared", n)
	}
}
