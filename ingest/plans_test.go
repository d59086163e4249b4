package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// The plans of the one path give the same rows; what differs is how they
// are written. Years that come in blocks stay in the file's order, names
// resolved or not; years that do not are written sorted by (year,
// indicator, unit), so each year's rows lie together for the zone maps.
func TestPlansWriteYearsTogether(t *testing.T) {
	cases := []struct {
		name, file, want string
	}{
		{"by code, years in blocks", "year,unit,indicator,actual\n2040,SYT,VIEC_LAM,3\n2040,BDT,VIEC_LAM,4\n2041,SYT,VIEC_LAM,5\n",
			"2040 SYT VIEC_LAM|2040 BDT VIEC_LAM|2041 SYT VIEC_LAM"},
		{"by code, years interleaved", "year,unit,indicator,actual\n2040,SYT,VIEC_LAM,3\n2041,SYT,VIEC_LAM,5\n2040,BDT,VIEC_LAM,4\n",
			"2040 BDT VIEC_LAM|2040 SYT VIEC_LAM|2041 SYT VIEC_LAM"},
		{"by name, years in blocks", "year,unit,indicator,actual\n2040,Sở Y tế,Giải quyết việc làm,3\n2040,Ban Dân tộc,Giải quyết việc làm,4\n2041,Sở Y tế,Giải quyết việc làm,5\n",
			"2040 SYT VIEC_LAM|2040 BDT VIEC_LAM|2041 SYT VIEC_LAM"},
		{"by name, years interleaved", "year,unit,indicator,actual\n2040,Sở Y tế,Giải quyết việc làm,3\n2041,Sở Y tế,Giải quyết việc làm,5\n2040,Ban Dân tộc,Giải quyết việc làm,4\n",
			"2040 BDT VIEC_LAM|2040 SYT VIEC_LAM|2041 SYT VIEC_LAM"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := testutil.SampleStore(t)
			rep := load(t, st, ingest.Options{}, write(t, "o.csv", c.file))
			if rep.Files[0].Inserted != 3 {
				t.Fatalf("inserted %d, want 3", rep.Files[0].Inserted)
			}
			got := rowOrder(t, st, "WHERE year >= 2040")
			if c.want != "" && got != c.want {
				t.Errorf("written in the order %s, want %s", got, c.want)
			}
			if years := yearsInOrder(t, st); years != "2040,2040,2041" {
				t.Errorf("years as written: %s", years)
			}
		})
	}
}

// A wide Vietnamese file, a column per year, is read with one UNPIVOT; a bad
// cell is named by its row and its year's column, the rest as they were.
func TestWideOneFieldAYear(t *testing.T) {
	st := testutil.SampleStore(t)
	file := write(t, "wide.csv", "Đơn vị,Chỉ tiêu,2040,2041\nSYT,VIEC_LAM,\"1.234,5\",7\nBDT,VIEC_LAM,,\"12,5\"\n")
	rep := load(t, st, ingest.Options{}, file)
	if f := rep.Files[0]; f.Inserted != 3 || f.Locale != "vi" {
		t.Fatalf("inserted %d, locale %s", f.Inserted, f.Locale)
	}
	var v float64
	if err := st.DB().QueryRow(`SELECT actual FROM observations WHERE year = 2040 AND unit_code = 'SYT' AND indicator_code = 'VIEC_LAM'`).Scan(&v); err != nil || v != 1234.5 {
		t.Fatalf("2040 SYT: %v %v", v, err)
	}
	bad := write(t, "bad.csv", "Đơn vị,Chỉ tiêu,2042,2043\nSYT,VIEC_LAM,\"1.234,5\",7\nBDT,VIEC_LAM,,\"12,5x\"\n")
	rep = tryLoad(t, st, ingest.Options{}, bad)
	if rep.OK || len(rep.Files[0].Problems) != 1 {
		t.Fatalf("want one problem:\n%s", rep.Summary())
	}
	if p := rep.Files[0].Problems[0]; p.Row != 3 || p.Column != "2043" {
		t.Errorf("problem at row %d, column %q: %s", p.Row, p.Column, p.Message)
	}
}

func rowOrder(t *testing.T, st *data.Store, where string) string {
	t.Helper()
	var s string
	err := st.DB().QueryRowContext(context.Background(), `SELECT string_agg(concat_ws(' ', year, unit_code, indicator_code), '|' ORDER BY rowid)
		FROM observations `+where).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func yearsInOrder(t *testing.T, st *data.Store) string {
	t.Helper()
	var s string
	err := st.DB().QueryRowContext(context.Background(), `SELECT string_agg(year::VARCHAR, ',' ORDER BY rowid) FROM observations WHERE year >= 2040`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}

// scale_jump looks for the year before in the file first, in the store only
// where the file has none: the first year of a series whose years follow
// each other, any year after a gap, every year of a file that gives a row
// twice. Each case loads 2040 = 38527 first, then the file.
func TestScaleJumpPlans(t *testing.T) {
	const head = "year,unit,indicator,actual\n"
	cases := []struct {
		name, file string
		rows       []int // the rows warned of, in order
	}{
		{"the first year against the store", head + "2041,SYT,VIEC_LAM,38.5\n2042,SYT,VIEC_LAM,39\n", []int{2}},
		{"the file's year before wins over the store's", head + "2040,SYT,VIEC_LAM,38.4\n2041,SYT,VIEC_LAM,38.5\n", nil},
		{"within the file", head + "2041,SYT,VIEC_LAM,38000\n2042,SYT,VIEC_LAM,38\n", []int{3}},
		{"after a gap, against the store", head + "2039,SYT,VIEC_LAM,38000\n2041,SYT,VIEC_LAM,38.5\n", []int{3}},
		{"a row given twice, against the store, at each", head + "2041,SYT,VIEC_LAM,38.5\n2041,SYT,VIEC_LAM,38.5\n2042,SYT,VIEC_LAM,40\n", []int{2, 3}},
		{"no store for another series", head + "2041,BDT,VIEC_LAM,38.5\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := testutil.SampleStore(t)
			load(t, st, ingest.Options{}, write(t, "before.csv", head+"2040,SYT,VIEC_LAM,38527\n2040,BDT,VIEC_LAM,38527000\n"))
			rep := load(t, st, ingest.Options{DryRun: true}, write(t, "o.csv", c.file))
			var rows []int
			for _, w := range rep.Files[0].Warnings {
				if w.Code != "scale_jump" || w.Column != "actual" {
					t.Errorf("warning %s at column %q", w.Code, w.Column)
				}
				rows = append(rows, w.Row)
			}
			if fmt.Sprint(rows) != fmt.Sprint(c.rows) {
				t.Errorf("scale_jump at rows %v, want %v", rows, c.rows)
			}
		})
	}
}

// A long file's first rows may settle how its numbers are written; a value
// further down that proves the other way still refuses the file as a file
// whose values prove both ways, naming one of each, and nothing is loaded.
func TestLocaleByFirstRows(t *testing.T) {
	long := func(last string) string {
		var b strings.Builder
		b.WriteString("năm,đơn vị,chỉ tiêu,thực hiện\n") // Vietnamese headers, English numbers
		for i := 0; i < 10050; i++ {
			fmt.Fprintf(&b, "%d,SYT,VIEC_LAM,1000.5\n", 1900+i%200)
		}
		b.WriteString("2100,BDT,VIEC_LAM," + last + "\n")
		return b.String()
	}
	cases := []struct{ name, last, code, locale string }{
		{"a decimal comma", `"12,5"`, "ingest.locale_conflict", "vi"},
		{"a grouped value led by 0", `"0,123"`, "ingest.locale_conflict", "vi"},
		{"no number at all", "abc", "ingest.not_number.en", "en"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := testutil.SampleStore(t)
			rep := tryLoad(t, st, ingest.Options{}, write(t, "o.csv", long(c.last)))
			ps := rep.Files[0].Problems
			if rep.OK || len(ps) != 1 || ps[0].Code != c.code {
				t.Fatalf("want one %s, got:\n%s", c.code, rep.Summary())
			}
			if f := rep.Files[0]; f.Locale != c.locale {
				t.Errorf("the report says locale %s, want %s (a conflict keeps the headers')", f.Locale, c.locale)
			}
			if c.code == "ingest.locale_conflict" && (ps[0].Args["vi_row"] != "10052" || ps[0].Args["en_row"] != "2") {
				t.Errorf("conflict named rows %s and %s", ps[0].Args["en_row"], ps[0].Args["vi_row"])
			}
			var n int
			st.DB().QueryRow("SELECT count(*) FROM observations WHERE year < 2000").Scan(&n)
			if n != 0 {
				t.Errorf("%d rows loaded", n)
			}
		})
	}
}

// A file by names, large enough for DuckDB to work on it in parallel, is
// still written in its own order when its years come in blocks: names are
// looked up, not joined (a join would shuffle the rows, and a sort put them
// back in (year, indicator, unit) order).
func TestNamesKeepFileOrder(t *testing.T) {
	dir := t.TempDir()
	st := testutil.Store(t, filepath.Join(dir, "s.duckdb"), data.Options{})
	in := testutil.Ingester(st)
	for _, inp := range writeCatalog(t, dir, 100, 100) {
		if rep, err := in.Load(context.Background(), []ingest.Input{inp}, ingest.Options{}); err != nil || !rep.OK {
			t.Fatalf("%v %s", err, rep.Summary())
		}
	}
	var b strings.Builder
	b.WriteString("year,unit,indicator,actual\n")
	for y := 2001; y <= 2015; y++ {
		for u := 99; u >= 0; u-- { // units backwards: a sort would turn them round
			for i := 0; i < 100; i++ {
				fmt.Fprintf(&b, "%d,Đơn vị %d,Chỉ tiêu %d,%d\n", y, u, i, y+u+i)
			}
		}
	}
	load(t, st, ingest.Options{}, write(t, "names.csv", b.String()))
	var first, inOrder string
	if err := st.DB().QueryRow(`SELECT string_agg(unit_code, ',' ORDER BY rowid) FROM (SELECT unit_code, rowid FROM observations ORDER BY rowid LIMIT 3)`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if first != "U99,U99,U99" {
		t.Errorf("the first rows written are of %s, want the file's first unit U99", first)
	}
	if err := st.DB().QueryRow(`SELECT bool_and(year = 2001 + rowid // 10000)::VARCHAR FROM observations`).Scan(&inOrder); err != nil || inOrder != "true" {
		t.Errorf("years not written in the file's blocks: %s %v", inOrder, err)
	}
}

// A file with totals and no counts loads its actuals, as one with both.
func TestCountsOverTotalsPlans(t *testing.T) {
	for _, file := range []string{
		"year,unit,indicator,actual,denominator\n2040,SYT,VIEC_LAM,5,10\n",
		"year,unit,indicator,actual,numerator,denominator\n2040,SYT,VIEC_LAM,5,3,10\n",
	} {
		st := testutil.SampleStore(t)
		load(t, st, ingest.Options{}, write(t, "o.csv", file))
		var actual, total float64
		if err := st.DB().QueryRow(`SELECT actual, denominator FROM observations WHERE year = 2040`).Scan(&actual, &total); err != nil || actual != 5 || total != 10 {
			t.Errorf("%q: stored %v and %v (%v), want 5 and 10", file, actual, total, err)
		}
	}
}

// A name no ENUM can hold (a NUL in it) is resolved by a join instead of
// the lookup: an unknown unit is still refused by row and column, a known
// one loads.
func TestNamesJoinedWhenNotLookedUp(t *testing.T) {
	st := testutil.SampleStore(t)
	file := "year,unit,indicator,actual\n2040,Sở Y tế,Giải quyết việc làm,3\n2040,Sở\x00Y tế,Giải quyết việc làm,4\n"
	rep := tryLoad(t, st, ingest.Options{}, write(t, "o.csv", file))
	ps := rep.Files[0].Problems
	if rep.OK || len(ps) != 1 || ps[0].Row != 3 || ps[0].Code != "ingest.unit_unknown" && ps[0].Code != "ingest.unit_unknown_hint" {
		t.Fatalf("want unit unknown at row 3, got:\n%s", rep.Summary())
	}
	rep = load(t, st, ingest.Options{}, write(t, "ok.csv", "year,unit,indicator,actual\n2040,Sở Y tế,Giải quyết việc làm,3\n"))
	if rep.Files[0].Inserted != 1 {
		t.Errorf("inserted %d", rep.Files[0].Inserted)
	}
}

// A wide file with a spare column named as the UNPIVOT's own columns is
// read a year at a time, its figures as any other's.
func TestWideSpareColumnNamedLikeOurs(t *testing.T) {
	for _, spare := range []string{"ct_unit", "ct_ind", "ct_src_row", "ct_v", "ct_col"} {
		t.Run(spare, func(t *testing.T) {
			st := testutil.SampleStore(t)
			rep := load(t, st, ingest.Options{}, write(t, "wide.csv", "unit,indicator,"+spare+",2040,2041\nSYT,VIEC_LAM,BDT,3,4\n"))
			if f := rep.Files[0]; f.Inserted != 2 {
				t.Fatalf("inserted %d, want 2:\n%s", f.Inserted, rep.Summary())
			}
			var v float64
			if err := st.DB().QueryRow(`SELECT actual FROM observations WHERE year = 2041 AND unit_code = 'SYT' AND indicator_code = 'VIEC_LAM'`).Scan(&v); err != nil || v != 4 {
				t.Errorf("SYT 2041: %v %v", v, err)
			}
		})
	}
}

// An update sets only the fields some row of the file changes, each of
// them: a reload that changes one field leaves the others as stored.
func TestUpdateSetsWhatChanged(t *testing.T) {
	const first = "year,unit,indicator,actual,plan,target,note\n2040,SYT,VIEC_LAM,5,6,7,a\n"
	cases := []struct{ name, file, want string }{
		{"actual", "year,unit,indicator,actual\n2040,SYT,VIEC_LAM,8\n", "8|6|7|a|official"},
		{"plan", "year,unit,indicator,plan\n2040,SYT,VIEC_LAM,9\n", "5|9|7|a|official"},
		{"target", "year,unit,indicator,target\n2040,SYT,VIEC_LAM,10\n", "5|6|10|a|official"},
		{"note", "year,unit,indicator,actual,note\n2040,SYT,VIEC_LAM,5,b\n", "5|6|7|b|official"},
		{"release", "year,unit,indicator,actual,release\n2040,SYT,VIEC_LAM,5,preliminary\n", "5|6|7|a|preliminary"},
		{"two fields", "year,unit,indicator,actual,plan\n2040,SYT,VIEC_LAM,8,6\n2040,BDT,VIEC_LAM,1,2\n", "8|6|7|a|official"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := testutil.SampleStore(t)
			load(t, st, ingest.Options{}, write(t, "first.csv", first))
			rep := load(t, st, ingest.Options{}, write(t, "again.csv", c.file))
			if f := rep.Files[0]; f.Updated != 1 {
				t.Fatalf("updated %d, want 1", f.Updated)
			}
			var got string
			err := st.DB().QueryRow(`SELECT concat_ws('|', actual::BIGINT, plan::BIGINT, target::BIGINT, note, release) FROM observations o
				JOIN loads l ON l.id = o.load_id WHERE year = 2040 AND unit_code = 'SYT' AND l.file_name = 'again.csv'`).Scan(&got)
			if err != nil || got != c.want {
				t.Errorf("stored %q (%v), want %q", got, err, c.want)
			}
			if n := testutil.Count(t, st, "SELECT count(*) FROM revisions WHERE year = 2040"); n != 1 {
				t.Errorf("%d revisions, want 1", n)
			}
		})
	}
}

// A load that only updates a series looks at its gaps again only if it had
// some, or if it gave an actual to a year that had none: the previous report
// of a year after a gap follows an update of it, a gap closes when its
// year's actual comes, and one opens when a plan's year two years on gets
// its actual.
func TestGapsAfterUpdates(t *testing.T) {
	st := testutil.SampleStore(t)
	head := "year,unit,indicator,actual,plan\n"
	load(t, st, ingest.Options{}, write(t, "first.csv", head+"2036,SYT,VIEC_LAM,10,\n2037,SYT,VIEC_LAM,,12\n2038,SYT,VIEC_LAM,20,\n"+
		"2036,BDT,VIEC_LAM,1,\n2037,BDT,VIEC_LAM,2,\n2036,SDL,VIEC_LAM,5,\n2038,SDL,VIEC_LAM,,7\n"))
	prev := func() string {
		t.Helper()
		var got string
		err := st.DB().QueryRow(`SELECT string_agg(concat_ws(' ', unit_code, year, prev_report_year, prev_report_actual::BIGINT), ', ' ORDER BY unit_code, year)
			FROM performance WHERE year >= 2037 AND indicator_code = 'VIEC_LAM' AND actual IS NOT NULL`).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	steps := []struct{ name, file, want string }{
		{"as loaded", "", "BDT 2037 2036 1, SYT 2038 2036 10"},
		{"the report before a gap updated", head + "2036,SYT,VIEC_LAM,11,\n2036,BDT,VIEC_LAM,3,\n", "BDT 2037 2036 3, SYT 2038 2036 11"},
		{"the gap's year given its actual", head + "2037,SYT,VIEC_LAM,15,\n", "BDT 2037 2036 3, SYT 2037 2036 11, SYT 2038 2037 15"},
		{"a plan's year after a gap given its actual", head + "2038,SDL,VIEC_LAM,8,\n",
			"BDT 2037 2036 3, SDL 2038 2036 5, SYT 2037 2036 11, SYT 2038 2037 15"},
	}
	for _, s := range steps {
		if s.file != "" {
			if f := load(t, st, ingest.Options{}, write(t, "again.csv", s.file)).Files[0]; f.Inserted != 0 || f.Updated == 0 {
				t.Fatalf("%s: %d inserted, %d updated; want updates only", s.name, f.Inserted, f.Updated)
			}
		}
		if got := prev(); got != s.want {
			t.Errorf("%s: previous reports %q, want %q", s.name, got, s.want)
		}
	}
	if n := testutil.Count(t, st, "SELECT count(*) FROM report_gaps WHERE year >= 2037 AND unit_code <> 'SDL'"); n != 0 {
		t.Errorf("%d gaps left after the gap closed", n)
	}
}

// A file refused under --partial for an estimate over an official figure
// says it wrote nothing, and names both figures as their digits; the file
// beside it loads.
func TestEstimateRefusedUnderPartial(t *testing.T) {
	st := testutil.SampleStore(t)
	load(t, st, ingest.Options{}, write(t, "official.csv", "year,unit,indicator,actual\n2040,SYT,VIEC_LAM,6081405\n"))
	rep := tryLoad(t, st, ingest.Options{Partial: true},
		write(t, "estimate.csv", "year,unit,indicator,actual,release\n2040,SYT,VIEC_LAM,6081400,estimate\n2041,SYT,VIEC_LAM,5,official\n"),
		write(t, "ok.csv", "year,unit,indicator,actual\n2042,SYT,VIEC_LAM,7\n"))
	if !rep.OK || len(rep.Files) != 2 {
		t.Fatalf("want a partial load of two files:\n%s", rep.Summary())
	}
	e, ok := rep.Files[0], rep.Files[1]
	if e.Outcome != "refused" || e.Inserted+e.Updated+e.Unchanged != 0 || e.Refused != 2 {
		t.Errorf("estimate.csv: %s, %d inserted, %d updated, %d unchanged, %d refused; want refused, nothing written, 2 refused",
			e.Outcome, e.Inserted, e.Updated, e.Unchanged, e.Refused)
	}
	// Both figures are written as digits, the reader's way: 6.081.400 in
	// Vietnamese, 6,081,400 in English.
	if txt := strings.Join(problemTexts(rep), "\n"); !strings.Contains(txt, "6.081.400") || !strings.Contains(txt, "6.081.405") || strings.Contains(txt, "e+0") {
		t.Errorf("the refusal does not name 6.081.400 and 6.081.405: %s", txt)
	}
	if en := rep.Files[0].Problems[0].Text("en"); !strings.Contains(en, "6,081,400") || !strings.Contains(en, "6,081,405") {
		t.Errorf("in English: %s", en)
	}
	if ok.Outcome != "loaded" || ok.Inserted != 1 {
		t.Errorf("ok.csv: %s, %d inserted", ok.Outcome, ok.Inserted)
	}
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE year = 2041"); n != 0 {
		t.Errorf("the refused file wrote %d figures", n)
	}
	// Every load attempt is recorded, the refused file's too.
	if n := testutil.Count(t, st, `SELECT count(*) FROM loads WHERE file_name = 'estimate.csv' AND outcome = 'refused'
		AND rows_refused = 2 AND rows_inserted + rows_updated + rows_unchanged = 0 AND message LIKE '%6.081.400%'`); n != 1 {
		t.Errorf("%d records of the refused estimate.csv, want 1", n)
	}
}

// A warning writes its figures the reader's way: 1234,5% in Vietnamese,
// 1,234.5% in English, the file's own text left to the refusals of cells.
func TestWarningFiguresInTheReadersWay(t *testing.T) {
	st := testutil.SampleStore(t)
	rep := load(t, st, ingest.Options{}, write(t, "o.csv", "year,unit,indicator,actual\n2040,SVHTT,AP_KHU_PHO_VAN_HOA,1234.5\n"))
	ws := rep.Files[0].Warnings
	if len(ws) != 1 || ws[0].Code != "rate_over_100" {
		t.Fatalf("want one rate_over_100 warning, got %+v", ws)
	}
	if vi, en := ws[0].Text("vi"), ws[0].Text("en"); !strings.Contains(vi, "1.234,5%") || !strings.Contains(en, "1,234.5%") {
		t.Errorf("the warning's figure: %q / %q", vi, en)
	}
	if ws[0].Args["value"] != "1234.5" {
		t.Errorf("the argument itself stays machine-readable: %q", ws[0].Args["value"])
	}
}
