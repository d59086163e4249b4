package ingest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"

	"github.com/xuri/excelize/v2"
)

// fingerprint is the content of every table a load may change but loads.
func fingerprint(tb testing.TB, st *data.Store) string {
	tb.Helper()
	var out []string
	for _, t := range []string{"observations", "units", "indicators", "revisions", "period_targets", "criterion_scores", "settings", "report_gaps"} {
		var s string
		q := "SELECT coalesce(md5(string_agg(x::VARCHAR, '|' ORDER BY x::VARCHAR)), '') FROM " + t + " x"
		if err := st.DB().QueryRowContext(context.Background(), q).Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, t+"="+s)
	}
	return strings.Join(out, " ")
}

func TestRefusals(t *testing.T) {
	xlsx := filepath.Join(t.TempDir(), "bad.xlsx")
	{
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "Số liệu")
		f.SetSheetRow("Số liệu", "A1", &[]any{"BÁO CÁO NĂM 2019"})
		f.SetSheetRow("Số liệu", "A3", &[]any{"Năm", "Đơn vị", "Chỉ tiêu", "Thực hiện"})
		f.SetSheetRow("Số liệu", "A4", &[]any{2019, "SYT", "KHAM_BENH", "5.300.000"})
		f.SetSheetRow("Số liệu", "A5", &[]any{2019, "SYT", "TRANH_THAI", "nhiều"})
		f.SaveAs(xlsx)
		f.Close()
	}
	good := "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,5300000\n"
	tests := []struct {
		name  string
		files map[string]string // name -> content; "" for the XLSX above
		opts  ingest.Options
		want  []string // every one must appear among the problems
	}{
		{"unparseable number", map[string]string{"a.csv": "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,12x\n"}, ingest.Options{},
			[]string{`a.csv, row 2, column "actual": "12x" is not a number written the English way`}},
		{"unknown unit with the closest names", map[string]string{"a.csv": "year,unit,indicator,actual\n2019,Sở Y tê,KHAM_BENH,1\n"}, ingest.Options{},
			[]string{`a.csv, row 2, column "unit": unknown unit "Sở Y tê"; closest known: SYT (Sở Y tế)`}},
		{"unknown indicator", map[string]string{"a.csv": "year,unit,indicator,actual\n2019,SYT,Lượt khám,1\n"}, ingest.Options{},
			[]string{`row 2, column "indicator": unknown indicator "Lượt khám"; closest known: KHAM_BENH (Lượt khám bệnh)`}},
		{"the same observation twice with different values",
			map[string]string{"a.csv": "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n2019,SYT,TRANH_THAI,2\n2019,Sở Y tế,KHAM_BENH,3\n"}, ingest.Options{},
			[]string{`row 2, column "indicator": 2019 SYT KHAM_BENH is given 2 times with different values (rows 2, 4)`}},
		{"year out of range", map[string]string{"a.csv": "year,unit,indicator,actual\n1899,SYT,KHAM_BENH,1\n20019,SYT,KHAM_BENH,1\n"}, ingest.Options{},
			[]string{`row 2, column "year": year 1899 is outside 1900–2100`, `row 3, column "year": "20019" is not a year`}},
		{"missing required column", map[string]string{"a.csv": "year,indicator,actual\n2019,KHAM_BENH,1\n"}, ingest.Options{},
			[]string{`a.csv: missing required column unit`}},
		{"empty file", map[string]string{"a.csv": ""}, ingest.Options{}, []string{`a.csv: the file is empty`}},
		{"header and no rows", map[string]string{"a.csv": "year,unit,indicator,actual\n"}, ingest.Options{}, []string{`a.csv: the file has a header but no rows`}},
		{"not what its name says", map[string]string{"a.xlsx": good}, ingest.Options{}, []string{`a.xlsx: the name says xlsx but the content is text`}},
		{"Vietnamese numbers under English headers, by --locale",
			map[string]string{"a.csv": "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,5.119.291\n"}, ingest.Options{Locale: "en"},
			[]string{`"5.119.291" is not a number written the English way (1,234,567.8); it reads as one written the Vietnamese way (1.234.567,8): load the file with --locale vi`}},
		{"numbers written both ways",
			map[string]string{"a.csv": "năm,đơn vị,chỉ tiêu,thực hiện\n2019,SYT,KHAM_BENH,0.649\n2020,SYT,KHAM_BENH,15.500\n2021,SYT,KHAM_BENH,\"1.234,5\"\n"}, ingest.Options{},
			[]string{`a.csv, row 2: the file writes numbers both ways: "0.649" in row 2, column "thực hiện" is English, and "1.234,5" in row 4, column "thực hiện" is Vietnamese`}},
		{"a row with more cells than the header", map[string]string{"a.csv": "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,1\n2019,SYT,KHAM_BENH,7,100.000\n"}, ingest.Options{},
			[]string{`a.csv, row 3: the row has 5 cells but the header has only 4 columns; a number with a comma (like 7,100.000) must be in double quotes`}},
		{"a row with fewer cells than the header, said once", map[string]string{"a.csv": "year,unit,indicator,actual\n2019,SYT\n"}, ingest.Options{},
			[]string{`a.csv, row 2, column "indicator": the row has 2 cells but the header has 4 columns`}},
		{"a row not in UTF-8", map[string]string{"a.csv": "year,unit,indicator,actual\n2019,S\xdd T,KHAM_BENH,1\n"}, ingest.Options{},
			[]string{`a.csv, row 2`, `the file is not saved as UTF-8`}},
		{"XLSX problems name the sheet, its row and column letter", map[string]string{"bad.xlsx": ""}, ingest.Options{},
			[]string{`bad.xlsx, sheet "Số liệu", row 5, column "Thực hiện (D)": "nhiều" is not a number written the Vietnamese way`}},
		{"one bad file refuses the whole load",
			map[string]string{"good.csv": good, "bad.csv": "year,unit,indicator,actual\n2019,NOPE,KHAM_BENH,1\n"}, ingest.Options{},
			[]string{`good.csv: not loaded: another file of the same load was refused`, `bad.csv, row 2, column "unit": unknown unit "NOPE"`}},
		{"an unreadable file does not hide another's own problems",
			map[string]string{"empty.csv": "", "typo.csv": "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,7.62O.000\n"}, ingest.Options{},
			[]string{`empty.csv: the file is empty`, `typo.csv, row 2, column "actual": "7.62O.000" is not a number`}},
		{"unknown sheet", map[string]string{"bad.xlsx": ""}, ingest.Options{Sheet: "Tờ 2"}, []string{`no sheet named "Tờ 2"; the workbook's sheets: "Số liệu"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.name, "XLSX") {
				needArrow(t)
			}
			st := testutil.SampleStore(t)
			before := fingerprint(t, st)
			loadsBefore := testutil.Count(t, st, "SELECT count(*) FROM loads")
			var paths []string
			for name, content := range tc.files {
				if content == "" && strings.HasSuffix(name, ".xlsx") {
					paths = append(paths, xlsx)
					continue
				}
				paths = append(paths, write(t, name, content))
			}
			rep := tryLoad(t, st, tc.opts, paths...)
			if rep.OK {
				t.Fatalf("accepted:\n%s", rep.Summary())
			}
			var all []string
			for _, p := range rep.Problems() {
				all = append(all, p.Text("en"))
			}
			text := strings.Join(all, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("problems lack %q:\n%s", w, text)
				}
			}
			if after := fingerprint(t, st); after != before {
				t.Errorf("the store changed")
			}
			if n := testutil.Count(t, st, "SELECT count(*) FROM loads WHERE outcome = 'refused'"); n != int64(len(paths)) {
				t.Errorf("%d refused loads recorded, want %d", n, len(paths))
			}
			if n := testutil.Count(t, st, "SELECT count(*) FROM loads"); n != loadsBefore+int64(len(paths)) {
				t.Errorf("loads grew from %d to %d", loadsBefore, n)
			}
		})
	}
}

func TestMergeHistory(t *testing.T) {
	st := testutil.SampleStore(t)
	v1 := write(t, "v1.csv", "year,unit,indicator,actual,plan\n2019,SYT,KHAM_BENH,5300000,5000000\n2019,SYT,TRANH_THAI,130000,\n")
	rep := load(t, st, ingest.Options{User: "tester"}, v1)
	if f := rep.Files[0]; f.Outcome != "loaded" || f.Inserted != 2 {
		t.Fatalf("first load: %+v", f)
	}

	t.Run("the same file again changes nothing", func(t *testing.T) {
		before := fingerprint(t, st)
		rep := load(t, st, ingest.Options{}, v1)
		if f := rep.Files[0]; f.Outcome != "unchanged" || f.Unchanged != 2 || f.Inserted+f.Updated != 0 {
			t.Fatalf("second load: %+v", f)
		}
		if fingerprint(t, st) != before {
			t.Error("the store changed")
		}
	})

	t.Run("an empty cell leaves the stored value alone; a change keeps the old value", func(t *testing.T) {
		v2 := write(t, "v2.csv", "year,unit,indicator,actual,plan\n2019,SYT,KHAM_BENH,5350000,\n")
		rep := load(t, st, ingest.Options{}, v2)
		if f := rep.Files[0]; f.Updated != 1 {
			t.Fatalf("update: %+v", f)
		}
		if got := obs(t, st, 2019, "SYT", "KHAM_BENH"); got != "5.35e+06|5e+06|-" {
			t.Errorf("after the update: %s", got)
		}
		var oldA, newA float64
		var file string
		err := st.DB().QueryRowContext(context.Background(), `SELECT r.old_actual, r.new_actual, l.file_name
			FROM revisions r JOIN loads l ON l.id = r.load_id WHERE r.year = 2019 AND r.indicator_code = 'KHAM_BENH'`).Scan(&oldA, &newA, &file)
		if err != nil || oldA != 5300000 || newA != 5350000 || file != "v2.csv" {
			t.Errorf("revision: %v %v %v %v", oldA, newA, file, err)
		}
	})

	t.Run("loads record file, checksum, counts and who", func(t *testing.T) {
		var n int64
		err := st.DB().QueryRowContext(context.Background(), `SELECT count(*) FROM loads
			WHERE file_name = 'v1.csv' AND length(sha256) = 64 AND loaded_by = 'tester' AND rows_inserted = 2 AND outcome = 'loaded'`).Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("loads: %d %v", n, err)
		}
	})

	t.Run("a dry run lists changes and writes nothing", func(t *testing.T) {
		before := fingerprint(t, st)
		loads := testutil.Count(t, st, "SELECT count(*) FROM loads")
		v3 := write(t, "v3.csv", "year,unit,indicator,actual\n2019,SYT,KHAM_BENH,5400000\n2020,SYT,KHAM_BENH,5500000\n")
		rep := load(t, st, ingest.Options{DryRun: true}, v3)
		f := rep.Files[0]
		if f.Outcome != "would load" || f.Inserted != 1 || f.Updated != 1 || len(f.Changes) != 2 {
			t.Fatalf("dry run: %+v", f)
		}
		if c := f.Changes[0]; c.Action != "update" || *c.OldActual != 5350000 || *c.NewActual != 5400000 {
			t.Errorf("change: %+v", c)
		}
		if fingerprint(t, st) != before || testutil.Count(t, st, "SELECT count(*) FROM loads") != loads {
			t.Error("the dry run wrote")
		}
	})
}
