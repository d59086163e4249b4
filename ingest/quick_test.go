package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// storeState is what a load leaves in the store, without the ids and times
// that differ from one load to another.
func storeState(tb testing.TB, st *data.Store) string {
	tb.Helper()
	var out []string
	for _, q := range []string{
		`SELECT year, unit_code, indicator_code, actual, plan, target, numerator, denominator, derived, note FROM observations`,
		`SELECT * FROM report_gaps`,
		`SELECT year, unit_code, indicator_code, old_actual, old_plan, old_target, new_actual, new_plan, new_target FROM revisions`,
		`SELECT file_name, sha256, format, content, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_refused, outcome, message FROM loads`,
	} {
		var s string
		err := st.DB().QueryRowContext(context.Background(),
			"SELECT coalesce(string_agg(x::VARCHAR, '\n' ORDER BY x::VARCHAR), '') FROM ("+q+") x").Scan(&s)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n--\n")
}

// sampleTemplate writes a database file holding the sample, closed, for
// storeFrom to copy: much quicker than loading the sample for every store.
func sampleTemplate(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "sample.duckdb")
	st := testutil.Store(tb, path, data.Options{})
	testutil.LoadSample(tb, st)
	if err := st.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// storeFrom opens a copy of the database file template at path.
func storeFrom(tb testing.TB, template, path string) *data.Store {
	tb.Helper()
	b, err := os.ReadFile(template)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return testutil.Store(tb, path, data.Options{})
}

// loadBoth loads content as one CSV into two copies of the template store, one ingester with
// the quick path and one without, and fails unless both reports and both
// stores agree. It reports whether the quick path loaded the file.
func loadBoth(tb testing.TB, template, content string, opts ingest.Options, prepare string) (quick bool, rep *ingest.Report) {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	path := filepath.Join(dir, "file.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	var reports [2]string
	var states [2]string
	for i, on := range []bool{true, false} {
		st := storeFrom(tb, template, filepath.Join(dir, fmt.Sprintf("%d.duckdb", i)))
		if prepare != "" {
			if _, err := st.DB().ExecContext(ctx, prepare); err != nil {
				tb.Fatal(err)
			}
		}
		in := testutil.Ingester(st)
		ingest.SetQuickForTest(in, on)
		o := opts
		var phases []string
		o.Progress = func(p ingest.Progress) { phases = append(phases, p.Phase) }
		r, err := in.Load(ctx, []ingest.Input{{Name: "file.csv", Path: path}}, o)
		if err != nil {
			tb.Fatalf("quick %v: %v", on, err)
		}
		for j := range r.Files {
			r.Files[j].LoadID = 0
		}
		b, _ := json.MarshalIndent(r, "", " ")
		reports[i], states[i] = string(b), storeState(tb, st)
		if on {
			quick, rep = len(phases) > 0 && phases[0] == "write", r
		}
	}
	if reports[0] != reports[1] {
		tb.Fatalf("the reports differ:\nquick path on:\n%s\noff:\n%s", reports[0], reports[1])
	}
	if states[0] != states[1] {
		tb.Fatalf("the stores differ:\nquick path on:\n%s\noff:\n%s", states[0], states[1])
	}
	return quick, rep
}

// TestQuickPathAgrees loads files the quick path takes, and files it must
// leave to the full path, both ways, and holds the two to the same reports
// and the same rows.
func TestQuickPathAgrees(t *testing.T) {
	const head = "year,unit,indicator,actual,plan,target\n"
	grid := func(years ...int) string {
		var b strings.Builder
		b.WriteString(head)
		for _, y := range years {
			for _, u := range []string{"SYT", "SDL", "SGDDT"} {
				for i, ind := range []string{"KHAM_BENH", "KHACH_DU_LICH", "VIEC_LAM"} {
					fmt.Fprintf(&b, "%d,%s,%s,%d.25,%d,\n", y, u, ind, 1000+y+i*7, 900+i)
				}
			}
		}
		return b.String()
	}
	cases := []struct {
		name    string
		content string
		opts    ingest.Options
		prepare string // SQL run on the store before the load
		quick   bool   // the quick path loads it
		ok      bool
	}{
		{"clean grid of new years", grid(2020, 2021, 2022), ingest.Options{}, "", true, true},
		{"CRLF and a BOM", "\ufeff" + strings.ReplaceAll(grid(2021), "\n", "\r\n"), ingest.Options{}, "", true, true},
		{"Vietnamese headers, semicolons, decimal comma",
			"Năm;Đơn vị;Chỉ tiêu;Thực hiện;Kế hoạch\n2021;SYT;KHAM_BENH;5300000,5;5000000\n2021;SDL;KHACH_DU_LICH;12,75;\n", ingest.Options{}, "", true, true},
		// The quick path follows the evidence of the values as the full one.
		{"values that read either way", "Năm;Đơn vị;Chỉ tiêu;Thực hiện\n2021;SDL;KHACH_DU_LICH;12.900\n", ingest.Options{}, "", false, true},
		{"English values under Vietnamese headers", "Năm;Đơn vị;Chỉ tiêu;Thực hiện\n2021;SDL;KHACH_DU_LICH;0.649\n", ingest.Options{}, "", false, true},
		{"English values under English headers", "year,unit,indicator,actual\n2021,SDL,KHACH_DU_LICH,1387.000\n", ingest.Options{}, "", true, true},
		{"values written both ways", "year;unit;indicator;actual\n2021;SDL;KHACH_DU_LICH;0.649\n2022;SDL;KHACH_DU_LICH;1.234,5\n", ingest.Options{}, "", false, false},
		{"a slipped separator", "year,unit,indicator,actual\n2021,SDL,KHACH_DU_LICH,7620\n2022,SDL,KHACH_DU_LICH,7620000\n", ingest.Options{}, "", false, true},
		{"ignored columns and a measure", "STT;year;unit;indicator;ĐVT;actual;remark\n1;2021;SYT;KHAM_BENH;lượt;10,5;x\n2;2021;SDL;KHACH_DU_LICH;lượt;11;\n", ingest.Options{}, "", true, true},
		{"a series that skips a year", head + "2019,SYT,KHAM_BENH,1,,\n2021,SYT,KHAM_BENH,3,,\n", ingest.Options{}, "", true, true},
		{"a stored series carried on after a gap", head + "2020,SYT,KHAM_BENH,7,,\n", ingest.Options{}, "", true, true},
		{"a plan without an actual", head + "2021,SYT,KHAM_BENH,,5,\n2022,SYT,KHAM_BENH,6,,\n", ingest.Options{}, "", true, true},
		{"names, not codes", "year,unit,indicator,actual\n2021,Sở Y tế,Lượt khám bệnh,10\n", ingest.Options{}, "", false, true},
		{"a name after the head", grid(2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012) + "2013,sở y tế,KHAM_BENH,5,,\n", ingest.Options{}, "", false, true},
		{"an unknown unit after the head", grid(2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012) + "2013,XYZ,KHAM_BENH,5,,\n", ingest.Options{}, "", false, false},
		{"a stored observation after the head", grid(2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012) + "2018,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "", false, true},
		{"a stored year, other series, after the head", grid(2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012) + "2018,SGDDT,KHAM_BENH,5,,\n", ingest.Options{}, "", true, true},
		{"a code in other case", head + "2021,syt,KHAM_BENH,5,,\n", ingest.Options{}, "", false, true},
		{"an observation the store holds", head + "2018,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "", false, true},
		{"a stored year, other series", head + "2018,SYT,VIEC_LAM,5,,\n2018,SGDDT,KHAM_BENH,6,,\n", ingest.Options{}, "", true, true},
		{"an exponent", head + "2021,SYT,KHAM_BENH,1e5,,\n", ingest.Options{}, "", false, false},
		{"a leading point", head + "2021,SYT,KHAM_BENH,.5,,\n", ingest.Options{}, "", false, false},
		{"a signed leading point", head + "2021,SYT,KHAM_BENH, -.5,,\n", ingest.Options{}, "", false, false},
		{"a trailing point", head + "2021,SYT,KHAM_BENH,5.,,\n", ingest.Options{}, "", false, false},
		{"a trailing point at the end", head + "2021,SYT,KHAM_BENH,5,,5.", ingest.Options{}, "", false, false},
		{"an underscore", head + "2021,SYT,KHAM_BENH,1_000,,\n", ingest.Options{}, "", false, false},
		{"a tab before a number", head + "2021,SYT,KHAM_BENH,\t5,,\n", ingest.Options{}, "", false, false},
		{"infinity", head + "2021,SYT,KHAM_BENH,inf,,\n", ingest.Options{}, "", false, false},
		{"thousands, quoted", head + "2021,SYT,KHAM_BENH,\"1,234.5\",,\n", ingest.Options{}, "", false, true},
		{"Vietnamese thousands", "năm;đơn vị;chỉ tiêu;thực hiện\n2021;SYT;KHAM_BENH;1.234.567\n", ingest.Options{}, "", false, true},
		{"a dash for no figure", head + "2021,SYT,KHAM_BENH,-,5,\n", ingest.Options{}, "", false, true},
		{"an empty row", head + "2021,SYT,KHAM_BENH,5,,\n2021,SDL,KHACH_DU_LICH,,,\n", ingest.Options{}, "", false, true},
		{"a spreadsheet year", head + "2021.0,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "", false, true},
		{"a year out of range", head + "2021,SYT,KHAM_BENH,5,,\n2201,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "", false, false},
		{"the same twice, differently", head + "2021,SYT,KHAM_BENH,5,,\n2021,SYT,KHAM_BENH,6,,\n", ingest.Options{}, "", false, false},
		{"the same twice, identically", head + "2021,SYT,KHAM_BENH,5,,\n2021,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "", false, true},
		{"years out of order", head + "2021,SYT,KHAM_BENH,5,,\n2022,SYT,KHAM_BENH,6,,\n2021,SDL,KHACH_DU_LICH,7,,\n", ingest.Options{}, "", false, true},
		{"an unknown unit", head + "2021,SYT,KHAM_BENH,5,,\n2021,XYZ,KHAM_BENH,6,,\n", ingest.Options{}, "", false, false},
		{"a data officer's own unit", head + "2021,SYT,KHAM_BENH,5,,\n", ingest.Options{Units: []string{"SYT"}}, "", true, true},
		{"a data officer's other unit", head + "2021,SYT,KHAM_BENH,5,,\n2021,SDL,KHAM_BENH,6,,\n", ingest.Options{Units: []string{"SYT"}}, "", false, false},
		// A code names its entry even when it is another's name: "use the
		// code" is how an ambiguous name is settled.
		{"a code that is another unit's name",
			head + "2021,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "UPDATE units SET name_en = 'SYT' WHERE code = 'SDL'", true, true},
		{"a name two units share",
			head + "2021,Sở Y tế,KHAM_BENH,5,,\n", ingest.Options{}, "UPDATE units SET name_vi = 'Sở Y tế' WHERE code = 'SDL'", false, false},
		{"a title line above the header", "Báo cáo năm 2021\n" + head + "2021,SYT,KHAM_BENH,5,,\n", ingest.Options{}, "", false, false},
		{"a quoted field", head + "2021,\"SYT\",KHAM_BENH,\"5\",,\n", ingest.Options{}, "", true, true},
		{"a ragged row", head + "2021,SYT,KHAM_BENH,5,,\n2021,SDL,KHACH_DU_LICH,5\n", ingest.Options{}, "", false, false},
	}
	template := sampleTemplate(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			quick, rep := loadBoth(t, template, tc.content, tc.opts, tc.prepare)
			if quick != tc.quick {
				t.Errorf("quick path took it: %v, want %v", quick, tc.quick)
			}
			if rep.OK != tc.ok {
				t.Errorf("loaded: %v, want %v\n%s", rep.OK, tc.ok, rep.Summary())
			}
		})
	}
}

// Any CSV content loads or is refused the same with the quick path as
// without it.
func FuzzQuickPathAgrees(f *testing.F) {
	for _, s := range []string{
		"year,unit,indicator,actual,plan,target\n2021,SYT,KHAM_BENH,5.5,4,\n2022,SYT,KHAM_BENH,6,,\n",
		"năm;đơn vị;chỉ tiêu;thực hiện\n2021;SYT;KHAM_BENH;5,5\n",
		"year,unit,indicator,actual\n2021,SYT,KHAM_BENH,1e3\n",
		"year,unit,indicator,actual\n2021,SYT,KHAM_BENH,\".5\"\n",
		"year,unit,indicator,actual\n2021,SYT,KHAM_BENH,+5\n2021,SDL,KHAM_BENH,-0\n",
		"year\tunit\tindicator\tactual\n2021\tSYT\tKHAM_BENH\t7\n",
	} {
		f.Add(s)
	}
	template := sampleTemplate(f)
	f.Fuzz(func(t *testing.T, content string) {
		loadBoth(t, template, content, ingest.Options{}, "")
	})
}
