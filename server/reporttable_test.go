package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

func realFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "real", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// The report-table options as query parameters: the sheets asked for are
// each listed, loaded or skipped with why, each figure with its cell.
func TestIngestAPIReportTable(t *testing.T) {
	if !data.ArrowEnabled {
		t.Skip("needs -tags duckdb_arrow")
	}
	base := startServer(t, testutil.Store(t, "", data.Options{}))
	book := map[string][]byte{"gso-2019.xlsx": realFile(t, "gso-2019-12-nam-2019.xlsx")}
	code, rep := upload(t, base+"/api/ingest?unit=VN&create_missing=true&partial=true&sheet=44DS&sheet=3NN1", book)
	if code != 200 || !rep.OK || rep.Partial || len(rep.Files) != 2 {
		t.Fatalf("%d: %+v", code, rep)
	}
	f, other := rep.Files[0], rep.Files[1]
	if f.Sheet != "44DS" {
		f, other = other, f
	}
	if f.Sheet != "44DS" || f.Outcome != "loaded" || f.Table == nil || f.Table.Columns[4].Meaning != "2019 thực hiện (ước tính)" {
		t.Fatalf("44DS: %+v", f)
	}
	if other.Outcome != "skipped" || other.Reason == "" {
		t.Errorf("3NN1, a table without a year's column: %+v", other)
	}
	var out struct{ Rows []analytics.Row }
	getJSON(t, base+"/api/performance?year=2019", 200, &out)
	found := false
	for _, r := range out.Rows {
		if r.IndicatorNameVI == "Dân số trung bình" {
			found = true
			// The indicator page marks the estimate and shows its cell.
			_, _, page := get(t, base+"/indicators/"+r.IndicatorCode)
			if !strings.Contains(page, `<span class="derived release">ước</span>`) || !strings.Contains(page, "ô 44DS!E6") {
				t.Errorf("the indicator page lacks the estimate mark or the cell")
			}
			if r.Release != "estimate" || r.Source == nil || *r.Source != "44DS!E6" {
				t.Errorf("population 2019: release %q source %v", r.Release, r.Source)
			}
		}
	}
	if !found {
		t.Errorf("population 2019 not served")
	}
}

// The load page offers the report-table options and shows how the table
// was read before anything is written.
func TestReportTableLoadPageInBrowser(t *testing.T) {
	base := startServer(t, testutil.Store(t, "", data.Options{}))
	b := browsertest.New(t)
	file := filepath.Join(t.TempDir(), "social.csv")
	os.WriteFile(file, realFile(t, "gso-en-key-social-indicators.csv"), 0o644)
	b.Visit(t, base+"/load")
	b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.SendKeys(chromedp.CSS(`input[name=unit]`), "VN"),
		chromedp.Click(chromedp.CSS(`input[name=create_missing]`)),
		chromedp.Click(chromedp.CSS(`#load-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#load-confirm`)))
	text := b.Text(t)
	for _, w := range []string{"social.csv — sẽ nạp", "Prel. 2016", "2016 thực hiện (sơ bộ)", "line 4, column 4", "HUMAN_DEVELOPMENT_INDEX_HDI",
		"Thực hiện (sơ bộ)", "bảng báo cáo"} {
		if !strings.Contains(text, w) {
			t.Errorf("the check lacks %q:\n%s", w, text)
		}
	}
	b.Screenshot(t, "load-report-table")
	b.Do(t, chromedp.Click(chromedp.CSS(`#load-confirm`)), chromedp.WaitVisible(chromedp.CSS(`.banner.ok`)))
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	var out struct{ Rows []analytics.Row }
	getJSON(t, base+"/api/performance?year=2016", 200, &out)
	if len(out.Rows) != 15 {
		t.Errorf("%d figures of 2016 loaded, want 15 (every row has Prel. 2016)", len(out.Rows))
	}
}
