package results

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

func TestNeutralizeFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":                     "'=1+1",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+cmd|' /C calc'!A0":       "'+cmd|' /C calc'!A0",
		"-2+3":                     "'-2+3",
		"@SUM(A1:A2)":              "'@SUM(A1:A2)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"-":                        "'-",
		"-5":                       "-5",
		"+84":                      "+84",
		"-1.234,5":                 "-1.234,5",
		"-12.5%":                   "-12.5%",
		"-1e6":                     "-1e6",
		"Sở Y tế":                  "Sở Y tế",
		"":                         "",
		"a=1":                      "a=1",
		"110,08%":                  "110,08%",
	} {
		if got := NeutralizeFormula(in); got != want {
			t.Errorf("NeutralizeFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

// A query's text cells are neutralised in its CSV; its numbers, negative
// ones included, are not.
func TestWriteCSVNeutralizesText(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT * FROM (VALUES ('=1+1', -5, -2.5), ('@A1', 3, 0.5), ('-7', -1, -1e6)) t(name, n, x)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	if _, err := WritePeopleCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := BOM + "name,n,x\n'=1+1,-5,-2.5\n'@A1,3,0.5\n-7,-1,-1000000\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
