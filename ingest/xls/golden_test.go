package xls

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"chitieu/ingest/sheet"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenSheet is a small summary of a sheet: its shape and about a dozen
// of its cells, spread over it. The full cell-by-cell check against
// LibreOffice (TestRealWorkbookAgreesWithLibreOffice) is what vouches for
// the golden; this keeps the check where LibreOffice is missing.
type goldenSheet struct {
	Name   string       `json:"name"`
	Hidden bool         `json:"hidden,omitempty"`
	Rows   int          `json:"rows"`
	Values int          `json:"values"`
	Merges int          `json:"merges"`
	Cells  []goldenCell `json:"cells,omitempty"`
}

type goldenCell struct {
	Cell   string `json:"cell"`
	Text   string `json:"text,omitempty"`
	Num    string `json:"num,omitempty"`
	Format string `json:"format,omitempty"`
	Indent int    `json:"indent,omitempty"`
	Bold   bool   `json:"bold,omitempty"`
}

func summarize(wb *sheet.Workbook) []goldenSheet {
	var out []goldenSheet
	for _, s := range wb.Sheets {
		g := goldenSheet{Name: s.Name, Hidden: s.Hidden, Rows: len(s.Rows), Merges: len(s.Merges)}
		for _, row := range s.Rows {
			for _, c := range row {
				if c.Kind != sheet.Empty {
					g.Values++
				}
			}
		}
		step, i := max(1, g.Values/8), 0
		for r, row := range s.Rows {
			for c, cell := range row {
				if cell.Kind == sheet.Empty {
					continue
				}
				if i%step == 0 {
					gc := goldenCell{Cell: sheet.CellName(r, c), Text: cell.Text, Format: cell.Format, Indent: cell.Indent, Bold: cell.Bold}
					if cell.Kind == sheet.Number {
						gc.Num = strconv.FormatFloat(cell.Num, 'g', -1, 64)
					}
					g.Cells = append(g.Cells, gc)
				}
				i++
			}
		}
		out = append(out, g)
	}
	return out
}

// goldenText is one line of JSON a sheet, then one a sampled cell, so a
// change shows as the lines it touches.
func goldenText(t testing.TB, sheets []goldenSheet) string {
	var b strings.Builder
	for _, s := range sheets {
		cells := s.Cells
		s.Cells = nil
		line, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
		for _, c := range cells {
			line, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("  ")
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestRealWorkbookGolden(t *testing.T) {
	wb, err := Open(context.Background(), "testdata/gso-2013-12-nam-2013.xls", sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got := goldenText(t, summarize(wb))
	const golden = "testdata/gso-2013.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("summary differs from %s (run with -update after checking with LibreOffice):\n%s", golden, got)
	}
}
