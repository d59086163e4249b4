package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/ingest"
)

// writeCSV writes content to a file of the test's folder and returns its path.
func writeCSV(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sqlCSV runs a query and returns its CSV without the header.
func sqlCSV(t *testing.T, db, q string) string {
	t.Helper()
	out, errOut, err := runCmd(t, "sql", "--db", db, "--format", "csv", q)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	_, body, _ := strings.Cut(out, "\n")
	return body
}

// jsonReport runs chitieu ingest --json and decodes its report.
func jsonReport(t *testing.T, args ...string) (*ingest.Report, error) {
	t.Helper()
	out, _, err := runCmd(t, append([]string{"ingest", "--json"}, args...)...)
	var rep ingest.Report
	if jerr := json.Unmarshal([]byte(out), &rep); jerr != nil {
		t.Fatalf("not a JSON report: %v\n%s", jerr, out)
	}
	return &rep, err
}

// Figures are read by the evidence of their values, not the headers'
// language: 0.649 and 15.500 under Vietnamese headers are English numbers.
func TestNumbersByEvidenceCLI(t *testing.T) {
	db := sampleDB(t, "n.duckdb")
	head := "năm,đơn vị,chỉ tiêu,thực hiện\n"
	rows := "2016,SYT,KHAM_BENH,0.649\n2017,SYT,KHAM_BENH,15.500\n"
	good := writeCSV(t, "evidence.csv", head+rows)
	out, errOut, err := runCmd(t, "ingest", "--db", db, good)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	if got := sqlCSV(t, db, "select year, actual from observations where unit_code = 'SYT' and indicator_code = 'KHAM_BENH' and year in (2016, 2017) order by year"); got != "2016,0.649\n2017,15.5\n" {
		t.Errorf("stored %q, want 0.649 and 15.5", got)
	}

	// One Vietnamese number among them: refused, naming a row of each way.
	both := writeCSV(t, "both.csv", head+rows+"2015,SYT,KHAM_BENH,\"1.234,5\"\n")
	for _, tc := range []struct{ lang, want string }{
		{"vi", `"0.649" ở dòng 2, cột "thực hiện" là kiểu Anh, còn "1.234,5" ở dòng 4, cột "thực hiện" là kiểu Việt`},
		{"en", `"0.649" in row 2, column "thực hiện" is English, and "1.234,5" in row 4, column "thực hiện" is Vietnamese`},
	} {
		out, _, err := runCmd(t, "ingest", "--db", db, "--lang", tc.lang, both)
		if err == nil {
			t.Fatalf("%s: a file with numbers written both ways was loaded:\n%s", tc.lang, out)
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("%s: the refusal lacks %q:\n%s", tc.lang, tc.want, out)
		}
	}
	rep, err := jsonReport(t, "--db", db, "--dry-run", both)
	if err == nil || len(rep.Files) != 1 || len(rep.Files[0].Problems) != 1 || rep.Files[0].Problems[0].Code != "ingest.locale_conflict" {
		t.Fatalf("want one ingest.locale_conflict problem, got %+v (%v)", rep, err)
	}
	if a := rep.Files[0].Problems[0].Args; a["en_row"] != "2" || a["vi_row"] != "4" {
		t.Errorf("the conflict names rows %s and %s, want 2 and 4", a["en_row"], a["vi_row"])
	}

	// Only ambiguous values: the headers decide, and the report says so.
	amb := writeCSV(t, "amb.csv", head+"2014,SYT,KHAM_BENH,38.527\n2013,SYT,KHAM_BENH,12.900\n")
	rep, err = jsonReport(t, "--db", db, "--dry-run", amb)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Files[0]
	if f.Locale != "vi" || f.LocaleBy != "headers" || len(f.Warnings) != 1 || f.Warnings[0].Code != "ambiguous_locale" {
		t.Fatalf("want vi by the headers with an ambiguous_locale warning, got %s by %s, %+v", f.Locale, f.LocaleBy, f.Warnings)
	}
	for _, w := range []string{`"38.527"`, `"12.900"`, "--locale en"} {
		if !strings.Contains(f.Warnings[0].Message, w) {
			t.Errorf("the warning lacks %s: %s", w, f.Warnings[0].Message)
		}
	}
	// --locale says otherwise.
	if _, _, err := runCmd(t, "ingest", "--db", db, "--locale", "en", amb); err != nil {
		t.Fatal(err)
	}
	if got := sqlCSV(t, db, "select actual from observations where unit_code = 'SYT' and indicator_code = 'KHAM_BENH' and year in (2013, 2014) order by year"); got != "12.9\n38.527\n" {
		t.Errorf("with --locale en stored %q", got)
	}
}

// A figure about 1000 times the year before's is a scale_jump warning, by row
// and column; it loads, unless --strict.
func TestScaleJumpCLI(t *testing.T) {
	db := sampleDB(t, "j.duckdb")
	// The sample holds SLDTBXH VIEC_LAM 2018 = 38527; 38.527 in 2019 is a slip.
	jump := writeCSV(t, "jump.csv", "year,unit,indicator,actual\n2019,SLDTBXH,VIEC_LAM,38.5\n2020,SLDTBXH,VIEC_LAM,39000\n")
	rep, err := jsonReport(t, "--db", db, "--dry-run", jump)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, w := range rep.Files[0].Warnings {
		codes = append(codes, w.Code)
		if w.Code == "scale_jump" && (w.Column != "actual" || (w.Row != 2 && w.Row != 3)) {
			t.Errorf("scale_jump placed at row %d column %q", w.Row, w.Column)
		}
	}
	if strings.Join(codes, ",") != "scale_jump,scale_jump" {
		t.Fatalf("warnings %v, want scale_jump for 2019 (÷1000 of 2018, stored) and 2020 (×1000 of 2019, in the file)", codes)
	}
	out, _, err := runCmd(t, "ingest", "--db", db, "--strict", jump)
	if err == nil {
		t.Fatalf("--strict loaded a file with warnings:\n%s", out)
	}
	if got := sqlCSV(t, db, "select count(*) from observations where year >= 2019"); got != "0\n" {
		t.Errorf("--strict wrote %s rows", got)
	}
	if _, _, err := runCmd(t, "ingest", "--db", db, jump); err != nil {
		t.Fatalf("a warning stopped a load: %v", err)
	}
}

// Codes are any text: a catalog with "Hong Kong, China" loads, and its code
// works in observations; a new store holds only what was loaded into it.
func TestCodesAndEmptyStoreCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.duckdb")
	units := writeCSV(t, "units.csv", "code,name_vi,block\n\"Hong Kong, China\",Hồng Kông (Trung Quốc),Châu Á\nSỞ-YT,Sở Y tế,Khối 1\n01,Hà Nội,Khối 1\n")
	if out, errOut, err := runCmd(t, "ingest", "--db", db, units); err != nil {
		t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	if got := sqlCSV(t, db, "select code from units order by code"); got != "01\n\"Hong Kong, China\"\nSỞ-YT\n" {
		t.Errorf("units %q, want only the file's three", got)
	}
	if got := sqlCSV(t, db, "select count(*) from indicators"); got != "0\n" {
		t.Errorf("a new store holds %s indicators of the sample", got)
	}
	inds := writeCSV(t, "ind.csv", "code,name_vi,direction,kind,measure\nHDI,Chỉ số phát triển con người,higher,index,\nHDI2,Chỉ số phát triển con người,higher,index,\nRATE,Tỷ lệ hộ nghèo,lower,rate,%\n")
	if _, _, err := runCmd(t, "ingest", "--db", db, inds); err != nil {
		t.Fatal(err)
	}
	obs := writeCSV(t, "obs.csv", "year,unit,indicator,actual\n2016,\"Hong Kong, China\",HDI,0.9\n2016,sở-yt,RATE,120\n")
	rep, err := jsonReport(t, "--db", db, obs)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Files[0]; f.Inserted != 2 || len(f.Warnings) != 1 || f.Warnings[0].Code != "rate_over_100" || f.Warnings[0].Row != 3 {
		t.Errorf("want 2 inserted and a rate_over_100 warning at row 3, got %d and %+v", f.Inserted, f.Warnings)
	}
	// A name two indicators share lists them, never "unknown".
	byName := writeCSV(t, "byname.csv", "year,unit,indicator,actual\n2017,01,Chỉ số phát triển con người,0.7\n")
	out, _, err := runCmd(t, "ingest", "--db", db, byName)
	if err == nil || !strings.Contains(out, `"Chỉ số phát triển con người" trùng tên: HDI, HDI2 — hãy dùng mã`) {
		t.Errorf("an ambiguous name: %v\n%s", err, out)
	}
	// A code with a control character is refused plainly, not with an internal error.
	bad := writeCSV(t, "bad.csv", "code,name_vi,block\n\"A\x01B\",X,Y\n")
	out, _, err = runCmd(t, "ingest", "--db", db, "--lang", "en", bad)
	if err == nil || !strings.Contains(out, "a code is any text of up to 64 characters") || strings.Contains(out, "Binder") {
		t.Errorf("a code with a control character: %v\n%s", err, out)
	}
}

// chitieu sample loads the sample without touching a user's units, and
// --remove takes out the sample's rows only.
func TestSampleCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.duckdb")
	mine := writeCSV(t, "mine.csv", "code,name_vi,block\nSYT,Sở Y tế tỉnh của tôi,Khối của tôi\nX1,Đơn vị X,Khối của tôi\n")
	if _, _, err := runCmd(t, "ingest", "--db", db, mine); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := runCmd(t, "sample", "--db", db); err != nil {
		t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	if got := sqlCSV(t, db, "select name_vi, block from units where code = 'SYT'"); got != "Sở Y tế tỉnh của tôi,Khối của tôi\n" {
		t.Errorf("the sample overwrote the user's unit: %q", got)
	}
	if got := sqlCSV(t, db, "select count(*) from observations where unit_code = 'SYT'"); got != "0\n" {
		t.Errorf("the sample put %s demo figures on the user's unit", got)
	}
	if got := sqlCSV(t, db, "select count(*) from units"); got != "8\n" {
		t.Errorf("units after the sample: %s, want the user's 2 and the sample's other 6", got)
	}
	out, _, err := runCmd(t, "sample", "--db", db, "--remove")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "đã gỡ dữ liệu mẫu") {
		t.Errorf("remove said %q", out)
	}
	if got := sqlCSV(t, db, "select string_agg(code, ' ' order by code) from units"); got != "SYT X1\n" {
		t.Errorf("units after --remove: %q, want the user's", got)
	}
	if got := sqlCSV(t, db, "select count(*) from observations"); got != "0\n" {
		t.Errorf("observations after --remove: %s", got)
	}
}
