package ingest_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// stored reads a stored figure as a person checks it: value, release,
// derived list and source cell.
type stored struct {
	Actual, Plan    sql.NullFloat64
	Release         string
	Derived, Source sql.NullString
}

func storedObs(tb testing.TB, st *data.Store, year int, unit, indicator string) stored {
	tb.Helper()
	var s stored
	err := st.DB().QueryRow(`SELECT actual, plan, release, derived, source FROM observations
		WHERE year = ? AND unit_code = ? AND indicator_code = ?`, year, unit, indicator).
		Scan(&s.Actual, &s.Plan, &s.Release, &s.Derived, &s.Source)
	if err != nil {
		tb.Fatalf("%d %s %s: %v", year, unit, indicator, err)
	}
	return s
}

func codeOf(tb testing.TB, st *data.Store, name string) string {
	tb.Helper()
	var code string
	if err := st.DB().QueryRow(`SELECT code FROM indicators WHERE name_vi = ?`, name).Scan(&code); err != nil {
		tb.Fatalf("indicator %q: %v", name, err)
	}
	return code
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

func real(name string) string { return filepath.Join("testdata", "real", name) }

// TestRealPXWeb loads the statistics office's PX-Web exports as they are.
func TestRealPXWeb(t *testing.T) {
	st := testutil.Store(t, "", data.Options{})
	rep := load(t, st, ingest.Options{Indicator: "POVERTY", CreateMissing: true}, real("gso-en-poverty-rate-by-province.csv"))
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE indicator_code = 'POVERTY'"); n != 560 {
		t.Fatalf("%d poverty figures, want 560:\n%s", n, rep.Summary())
	}
	// Line 68: "Dak Lak";…;"Pre. 2016" column 9 = 4.9? read from the file.
	for _, tc := range []struct {
		year    int
		unit    string
		want    float64
		release string
		source  string
	}{
		{2006, "WHOLE_COUNTRY", 15.5, "official", "line 4, column 2"},
		{2016, "WHOLE_COUNTRY", 5.8, "preliminary", "line 4, column 9"},
		{2006, "HA_TAY", 12.4, "official", "line 7, column 2"},
	} {
		got := storedObs(t, st, tc.year, tc.unit, "POVERTY")
		if !near(got.Actual.Float64, tc.want) || got.Release != tc.release || got.Source.String != tc.source {
			t.Errorf("%d %s: %+v, want %v %s at %s", tc.year, tc.unit, got, tc.want, tc.release, tc.source)
		}
	}
	// "Ha Tay";12.4;..;… : the missing marker is empty, not zero.
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE unit_code = 'HA_TAY'"); n != 1 {
		t.Errorf("Ha Tay has %d figures, want 1 (the rest are ..)", n)
	}

	rep = load(t, st, ingest.Options{Unit: "VN", CreateMissing: true}, real("gso-en-key-social-indicators.csv"))
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE unit_code = 'VN'"); n != 88 {
		t.Fatalf("%d social figures, want 88:\n%s", n, rep.Summary())
	}
	income := codeOf(t, st, "Monthly average income per capita at current prices")
	got := storedObs(t, st, 2010, "VN", income)
	if !near(got.Actual.Float64, 1387) || got.Source.String != "line 9, column 4" {
		t.Errorf("income 2010: %+v, want 1387 from line 9, column 4 (written 1387.000)", got)
	}
	var measure string
	st.DB().QueryRow(`SELECT measure FROM indicators WHERE code = ?`, income).Scan(&measure)
	if measure != "Thous. dongs" {
		t.Errorf("measure %q, want the label's parenthesis Thous. dongs", measure)
	}
	// "Poverty rate(*) (%)" is the POVERTY indicator the first file created.
	if got := storedObs(t, st, 2006, "VN", "POVERTY"); !near(got.Actual.Float64, 15.5) {
		t.Errorf("poverty rate row: %+v", got)
	}
}

// TestRealWorkbook loads the 2019 year-end release as it is, with --partial.
func TestRealWorkbook(t *testing.T) {
	needArrow(t)
	st := testutil.Store(t, "", data.Options{})
	rep := tryLoad(t, st, ingest.Options{Unit: "VN", CreateMissing: true, Partial: true}, real("gso-2019-12-nam-2019.xlsx"))
	if !rep.OK {
		t.Fatalf("refused:\n%s", rep.Summary())
	}
	outcomes := map[string]int{}
	for _, f := range rep.Files {
		outcomes[f.Outcome]++
		if f.Outcome == "refused" && len(f.Problems) == 0 || f.Outcome == "skipped" && f.Reason == "" {
			t.Errorf("sheet %q %s without saying why", f.Sheet, f.Outcome)
		}
	}
	if outcomes["loaded"] < 20 || outcomes["loaded"]+outcomes["refused"]+outcomes["skipped"] != 46 {
		t.Errorf("sheets: %v, want every one of the 46 listed and at least 20 loaded", outcomes)
	}
	// Figures are stored as the workbook shows them, to 15 significant
	// digits: no 58.20000000000001 from a formula or a derived figure.
	if n := testutil.Count(t, st, `SELECT count(*) FROM observations, (SELECT unnest([actual, plan, target]) AS v)
		WHERE length(ltrim(regexp_replace(split_part(lower(abs(v)::VARCHAR), 'e', 1), '[^0-9]', '', 'g'), '0')) > 15`); n != 0 {
		t.Errorf("%d figures stored with more than 15 significant digits", n)
	}
	// The first figures of each table are written as their digits, the
	// Vietnamese way, which a reader checks against the sheet: no exponent;
	// the header's rows as a run.
	if sum := rep.Summary(); !strings.Contains(sum, "= 6.037.347,630703  [1.GDP HH!E9]") || strings.Contains(sum, "e+0") ||
		!strings.Contains(sum, "tiêu đề cột ở hàng 4–7:") || !strings.Contains(sum, "(xlsx, bảng báo cáo)") {
		t.Errorf("the summary does not show GDP 2019 as 6.037.347,630703 at 1.GDP HH!E9, its header rows as 4–7 and its layout in Vietnamese:\n%.3000s", sum)
	}
	gdp := codeOf(t, st, "Tổng sản phẩm trong nước theo giá hiện hành")
	pop := codeOf(t, st, "Dân số trung bình")
	male := codeOf(t, st, "Dân số trung bình - Nam")
	agri := codeOf(t, st, "Tổng sản phẩm trong nước theo giá so sánh 2010 - Nông, lâm nghiệp và thủy sản")
	for _, tc := range []struct {
		what            string
		year            int
		indicator       string
		want            float64
		release, source string
		derived         string
	}{
		{"a total row named after its table", 2019, gdp, 6037347.630702719, "official", "1.GDP HH!E9", ""},
		{"an estimate column", 2019, pop, 96484, "estimate", "44DS!E6", ""},
		{"an official year beside it", 2016, pop, 93250.7, "official", "44DS!B6", ""},
		{"a breakdown row", 2016, male, 46294.7, "official", "44DS!B8", ""},
		{"a year derived from a per cent of the year before", 2018, agri, 510631.6024819825 / 102.0107000863644 * 100,
			"official", "2. GDP SS!E10 ÷ 2. GDP SS!H10 × 100", "actual"},
	} {
		got := storedObs(t, st, tc.year, "VN", tc.indicator)
		if !near(got.Actual.Float64, tc.want) || got.Release != tc.release || got.Source.String != tc.source || got.Derived.String != tc.derived {
			t.Errorf("%s: %+v, want %v %s %q from %s", tc.what, got, tc.want, tc.release, tc.derived, tc.source)
		}
	}
	// The quarter and month columns and the Cơ cấu block are not loaded.
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE source LIKE '45.Laodong!%' AND source NOT LIKE '45.Laodong!F%'"); n != 0 {
		t.Errorf("%d figures of 45.Laodong came from quarter columns", n)
	}
	if n := testutil.Count(t, st, "SELECT count(*) FROM observations WHERE source LIKE '45.Laodong!%' AND CAST(regexp_extract(source, '\\d+$') AS INT) > 20"); n != 0 {
		t.Errorf("%d figures of 45.Laodong came from its Cơ cấu (%%) block", n)
	}
	// Loading it again changes nothing.
	again := tryLoad(t, st, ingest.Options{Unit: "VN", CreateMissing: true, Partial: true}, real("gso-2019-12-nam-2019.xlsx"))
	for _, f := range again.Files {
		if f.Inserted+f.Updated > 0 {
			t.Errorf("second load of %q: %d inserted, %d updated", f.Sheet, f.Inserted, f.Updated)
		}
	}
}

// TestDepartmentReport loads a Biểu 01 made with excelize with --unit alone:
// its names are in the catalog.
func TestDepartmentReport(t *testing.T) {
	needArrow(t)
	st := testutil.Store(t, "", data.Options{})
	dir := t.TempDir()
	units := write(t, "units.csv", "code,name_vi,block\nAG,UBND tỉnh An Giang,Tỉnh\n")
	inds := write(t, "indicators.csv", "code,name_vi,measure,direction,kind\n"+
		"GRDP,Tổng sản phẩm trên địa bàn (GRDP),Tỷ đồng,higher,amount\n"+
		"THU_NS,Thu ngân sách nhà nước,Tỷ đồng,higher,amount\n"+
		"DS,Dân số trung bình,Nghìn người,higher,count\n"+
		"DS_NAM,Dân số trung bình - Nam,Nghìn người,higher,count\n"+
		"DS_NU,Dân số trung bình - Nữ,Nghìn người,higher,count\n"+
		"CTR,Tỷ lệ chất thải rắn được thu gom,%,higher,rate\n")
	load(t, st, ingest.Options{}, units, inds)
	path := filepath.Join(dir, "bieu-01.xlsx")
	bieu01(t, path)

	dry := load(t, st, ingest.Options{Unit: "AG", DryRun: true}, path)
	text := dry.Summary()
	for _, want := range []string{
		"bảng: Kết quả thực hiện các chỉ tiêu năm 2024 và kế hoạch năm 2025",
		"gợi ý: --unit AG",
		"→ 2024 kế hoạch\n",
		"→ 2024 thực hiện (ước tính)",
		"→ 2025 kế hoạch",
		"dòng 12, cột \"H\": ô H12 ghi 95%, nhưng F12 ÷ E12 × 100 = 98.67%",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("dry run lacks %q:\n%s", want, text)
		}
	}
	rep := load(t, st, ingest.Options{Unit: "AG"}, path)
	for _, tc := range []struct {
		what      string
		year      int
		indicator string
		actual    float64
		plan      float64
		release   string
		source    string
		derived   string
	}{
		{"an estimate with its plan", 2024, "GRDP", 106050, 105000, "estimate", "Biểu 01!F11; Biểu 01!E11", ""},
		{"an official year", 2023, "DS", 1905.2, 0, "official", "Biểu 01!D14", ""},
		{"a breakdown row (1.1 - Nam)", 2024, "DS_NAM", 941.5, 942, "estimate", "Biểu 01!F16; Biểu 01!E16", ""},
		{"a plan derived from % so với KH", 2024, "CTR", 92, 92 / 102.2 * 100, "estimate", "Biểu 02!C4; Biểu 02!C4 ÷ Biểu 02!D4 × 100", "plan"},
	} {
		got := storedObs(t, st, tc.year, "AG", tc.indicator)
		if !near(got.Actual.Float64, tc.actual) || !near(got.Plan.Float64, tc.plan) || got.Release != tc.release ||
			got.Source.String != tc.source || got.Derived.String != tc.derived {
			t.Errorf("%s: %+v, want %v/%v %s %q from %s", tc.what, got, tc.actual, tc.plan, tc.release, tc.derived, tc.source)
		}
	}
	// H17 is "..": the check is skipped, nothing is stored from it, and the
	// plan of 2025 comes from G.
	if got := storedObs(t, st, 2025, "AG", "DS_NU"); !near(got.Plan.Float64, 969) || got.Actual.Valid {
		t.Errorf("2025 plan of Nữ: %+v", got)
	}
	var kinds = map[string]int{}
	for _, f := range rep.Files {
		if f.Table != nil {
			for k, n := range f.Table.RowCounts {
				kinds[k] += n
			}
		}
	}
	if kinds["note"] < 1 || kinds["signature"] < 1 || kinds["section"] < 2 {
		t.Errorf("rows: %v, want the note, the signature and the sections accounted for", kinds)
	}

	// An estimate over the official figure is refused, naming both.
	official := write(t, "th.csv", "year,unit,indicator,actual\n2024,AG,GRDP,106500\n")
	load(t, st, ingest.Options{}, official)
	// The official figure over the estimate is an ordinary revision.
	if n := testutil.Count(t, st, `SELECT count(*) FROM revisions WHERE indicator_code = 'GRDP' AND year = 2024
		AND old_actual = 106050 AND old_release = 'estimate' AND new_release = 'official' AND old_source = 'Biểu 01!F11; Biểu 01!E11'`); n != 1 {
		t.Errorf("no revision from the estimate to the official figure")
	}
	if got := storedObs(t, st, 2024, "AG", "GRDP"); got.Release != "official" || !near(got.Actual.Float64, 106500) || !near(got.Plan.Float64, 105000) {
		t.Errorf("after the official figure: %+v", got)
	}
	refused := tryLoad(t, st, ingest.Options{Unit: "AG"}, path)
	if refused.OK || !strings.Contains(strings.Join(problemTexts(refused), "\n"), "số ước tính 106.050 (Biểu 01!F11; Biểu 01!E11) không thay được số chính thức 106.500") {
		t.Errorf("an estimate replaced an official figure:\n%s", refused.Summary())
	}
}

func problemTexts(rep *ingest.Report) []string {
	var out []string
	for _, p := range rep.Problems() {
		out = append(out, p.String())
	}
	return out
}

// TestReportTableRefusals: without --unit or --indicator, and with unknown
// names, a report table is refused saying what to do; --write-catalog lists
// the names to fill in.
func TestReportTableRefusals(t *testing.T) {
	st := testutil.Store(t, "", data.Options{})
	rep := tryLoad(t, st, ingest.Options{}, real("gso-en-key-social-indicators.csv"))
	if rep.OK || !strings.Contains(rep.Summary(), "--unit MÃ") {
		t.Errorf("want a refusal offering --unit and --indicator:\n%s", rep.Summary())
	}
	load(t, st, ingest.Options{}, write(t, "u.csv", "code,name_vi,block\nVN,Việt Nam,Cả nước\n"))
	rep = tryLoad(t, st, ingest.Options{Unit: "VN"}, real("gso-en-key-social-indicators.csv"))
	if rep.OK || !strings.Contains(rep.Summary(), `không có chỉ tiêu "Human Development Index (HDI)" trong danh mục`) {
		t.Errorf("want unknown names listed:\n%s", rep.Summary())
	}
	cat := rep.CatalogCSV()
	if !strings.HasPrefix(cat, "code,name_vi,measure,direction,kind\n") || !strings.Contains(cat, "POVERTY_RATE,Poverty rate,%,higher,rate") {
		t.Errorf("catalog CSV:\n%s", cat)
	}
}

// A refusal read on the load page names the page's fields; the same one
// from the command line names its options.
func TestRefusalWordedForThePage(t *testing.T) {
	needArrow(t)
	for _, tc := range []struct {
		page       bool
		want, lack string
	}{
		{false, "--unit MÃ", "«Số liệu của đơn vị»"},
		{true, "«Số liệu của đơn vị»", "--unit"},
	} {
		st := testutil.SampleStore(t)
		rep := tryLoad(t, st, ingest.Options{Page: tc.page}, "testdata/bieu01-sdl-2024.xlsx")
		var msgs []string // what the page shows: each problem's message
		for _, p := range rep.Problems() {
			msgs = append(msgs, p.Message)
		}
		txt := strings.Join(msgs, "\n")
		if rep.OK || !strings.Contains(txt, tc.want) || strings.Contains(txt, tc.lack) {
			t.Errorf("page %v: want a refusal naming %s, not %s:\n%s", tc.page, tc.want, tc.lack, txt)
		}
	}
}
