package ingest_test

import (
	"path/filepath"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"

	"github.com/xuri/excelize/v2"
)

// Two report sheets of one indicator, rows by unit. Sheet A (2041) names a
// unit the officer may not load, so --partial refuses it and takes its rows
// out of the stage; sheet B (2042) gives AG 100000 where the store holds AG
// 2041 = 100: a thousandfold jump, warned of (and with --strict refused)
// though the refused sheet gave AG 2041 too.
func TestPartialSheetsJumpAgainstTheStore(t *testing.T) {
	needArrow(t)
	path := filepath.Join(t.TempDir(), "two.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "A")
	f.NewSheet("B")
	f.SetSheetRow("A", "A1", &[]any{"Đơn vị", "Thực hiện năm 2041"})
	f.SetSheetRow("A", "A2", &[]any{"AG", 100})
	f.SetSheetRow("A", "A3", &[]any{"BDT", 5})
	f.SetSheetRow("B", "A1", &[]any{"Đơn vị", "Thực hiện năm 2042"})
	f.SetSheetRow("B", "A2", &[]any{"AG", 100000})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	for _, strict := range []bool{false, true} {
		st := testutil.Store(t, "", data.Options{})
		load(t, st, ingest.Options{}, write(t, "units.csv", "code,name_vi,block\nAG,UBND tỉnh An Giang,Tỉnh\nBDT,Ban Dân tộc,Sở\n"),
			write(t, "indicators.csv", "code,name_vi,measure,direction,kind\nGRDP,Tổng sản phẩm,Tỷ đồng,higher,amount\n"))
		load(t, st, ingest.Options{}, write(t, "th.csv", "year,unit,indicator,actual\n2041,AG,GRDP,100\n"))
		rep := tryLoad(t, st, ingest.Options{Indicator: "GRDP", Units: []string{"AG"}, Partial: true, Strict: strict}, path)
		want := "loaded"
		if strict {
			want = "refused"
		}
		for _, fr := range rep.Files {
			if fr.Sheet != "B" {
				continue
			}
			jumps := 0
			for _, w := range append(fr.Warnings, fr.Problems...) {
				if w.Code == "scale_jump" {
					jumps++
				}
			}
			if jumps != 1 || fr.Outcome != want {
				t.Errorf("strict=%v: sheet B %s with %d scale_jump, want %s with one", strict, fr.Outcome, jumps, want)
			}
		}
	}
}
