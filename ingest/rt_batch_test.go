package ingest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// TestReportSheetsTogether: the sheets of a workbook are staged, compared
// and written together, yet each keeps its own outcome, problems and record
// of the load. An official GRDP of 2024 in the store makes Biểu 01's
// estimate of it a refusal; Biểu 02 (one rate, its plan derived) passes.
func TestReportSheetsTogether(t *testing.T) {
	needArrow(t)
	path := filepath.Join(t.TempDir(), "bieu-01.xlsx")
	bieu01(t, path)
	catalog := "GRDP,Tổng sản phẩm trên địa bàn (GRDP),Tỷ đồng,higher,amount\n" +
		"THU_NS,Thu ngân sách nhà nước,Tỷ đồng,higher,amount\n" +
		"DS,Dân số trung bình,Nghìn người,higher,count\n" +
		"DS_NAM,Dân số trung bình - Nam,Nghìn người,higher,count\n" +
		"DS_NU,Dân số trung bình - Nữ,Nghìn người,higher,count\n" +
		"CTR,Tỷ lệ chất thải rắn được thu gom,%,higher,rate\n"
	for _, tc := range []struct {
		name     string
		catalog  string // indicators besides GRDP
		official bool   // GRDP 2024 = 106500 held as official
		opts     ingest.Options
		outcomes map[string]string
		stored   int64 // figures of the workbook in the store after
		known    int64 // indicators in the catalog after
	}{
		{"both sheets load", catalog, false, ingest.Options{Unit: "AG"},
			map[string]string{"Biểu 01": "loaded", "Biểu 02": "loaded"}, 16, 6},
		{"partial: Biểu 01 refused, Biểu 02 loads", catalog, true, ingest.Options{Unit: "AG", Partial: true},
			map[string]string{"Biểu 01": "refused", "Biểu 02": "loaded"}, 1, 6},
		{"all or nothing: both refused", catalog, true, ingest.Options{Unit: "AG"},
			map[string]string{"Biểu 01": "refused", "Biểu 02": "refused"}, 0, 6},
		// What the refused sheet would have added goes; Biểu 02's new
		// indicator stays.
		{"partial, new names: Biểu 01's go with it", "", true, ingest.Options{Unit: "AG", Partial: true, CreateMissing: true},
			map[string]string{"Biểu 01": "refused", "Biểu 02": "loaded"}, 1, 2},
		// GRDP 2023 held as 106 makes 2024's 106050 a thousandfold jump:
		// with --strict a refusal of Biểu 01, its rows taken out of the
		// stage before the comparison.
		{"strict, partial: Biểu 01's jump refused, Biểu 02 loads", catalog, false, ingest.Options{Unit: "AG", Partial: true, Strict: true},
			map[string]string{"Biểu 01": "refused", "Biểu 02": "loaded"}, 1, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.Store(t, "", data.Options{})
			load(t, st, ingest.Options{}, write(t, "units.csv", "code,name_vi,block\nAG,UBND tỉnh An Giang,Tỉnh\n"),
				write(t, "indicators.csv", "code,name_vi,measure,direction,kind\n"+
					"GRDP,Tổng sản phẩm trên địa bàn (GRDP),Tỷ đồng,higher,amount\n"+tc.catalog))
			if tc.official {
				load(t, st, ingest.Options{}, write(t, "th.csv", "year,unit,indicator,actual\n2024,AG,GRDP,106500\n"))
			}
			if tc.opts.Strict {
				load(t, st, ingest.Options{}, write(t, "th.csv", "year,unit,indicator,actual\n2023,AG,GRDP,106\n"))
			}
			rep := tryLoad(t, st, tc.opts, path)
			for _, f := range rep.Files {
				if want := tc.outcomes[f.Sheet]; f.Outcome != want {
					t.Errorf("%s: %s, want %s: %v", f.Sheet, f.Outcome, want, f.Problems)
				}
				for _, p := range f.Problems {
					if p.Sheet != f.Sheet && p.Code != "ingest.other_file_refused" {
						t.Errorf("a problem of %s names sheet %q: %s", f.Sheet, p.Sheet, p)
					}
				}
				if f.Sheet == "Biểu 01" && tc.official && !strings.Contains(f.Problems[0].String(), "số ước tính 106.050 (Biểu 01!F11; Biểu 01!E11) không thay được số chính thức 106.500") {
					t.Errorf("Biểu 01's refusal: %v", f.Problems)
				}
				if f.Outcome != "loaded" {
					continue
				}
				// Each sheet's figures are written with its own load.
				n := testutil.Count(t, st, `SELECT count(*) FROM observations WHERE load_id = ? AND NOT starts_with(source, ?)`, f.LoadID, f.Sheet+"!")
				m := testutil.Count(t, st, `SELECT count(*) FROM observations WHERE load_id = ?`, f.LoadID)
				if n != 0 || m != f.Inserted || m == 0 {
					t.Errorf("%s: %d figures of load %d, %d of them from another sheet; the report says %d inserted", f.Sheet, m, f.LoadID, n, f.Inserted)
				}
			}
			if n := testutil.Count(t, st, `SELECT count(*) FROM observations WHERE source LIKE 'Biểu 0%'`); n != tc.stored {
				t.Errorf("%d figures of the workbook stored, want %d", n, tc.stored)
			}
			if n := testutil.Count(t, st, `SELECT count(*) FROM indicators`); n != tc.known {
				t.Errorf("%d indicators in the catalog, want %d", n, tc.known)
			}
			if tc.opts.Partial != rep.Partial {
				t.Errorf("partial %v, want %v", rep.Partial, tc.opts.Partial)
			}
		})
	}
}
