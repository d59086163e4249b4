package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

// The SQL console's chart downloads in every format the page offers, PNG
// and CSV included, with the title the analyst gave as the chart's title
// and the file's name.
func TestTableChartDownloads(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	body, _ := json.Marshal(map[string]any{
		"columns": []map[string]string{{"name": "year", "type": "INTEGER"}, {"name": "unit_code", "type": "VARCHAR"}, {"name": "actual", "type": "DOUBLE"}},
		"rows":    [][]any{{2017, "SYT", 4500000}, {2018, "SYT", 5119291}, {2017, "SDL", 6080000.5}, {2018, "SDL", 7620000}},
		"kind":    "line", "lang": "vi", "title": "Lượt khám và khách du lịch 2017–2018",
	})
	post := func(format string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/api/charts/table?download=1&format="+format, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", format, resp.StatusCode, b)
		}
		return resp, b
	}
	for _, tc := range []struct {
		format, contentType, starts string
	}{
		{"png", "image/png", "\x89PNG"},
		{"svg", "image/svg+xml", "<svg"},
		{"csv", "text/csv", "\ufeffLượt khám và khách du lịch 2017–2018\nyear,unit_code,actual\n2017,SYT,4500000\n"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			resp, b := post(tc.format)
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.contentType) || !bytes.HasPrefix(b, []byte(tc.starts)) {
				t.Errorf("%s %.80q", resp.Header.Get("Content-Type"), b)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "luot-kham-va-khach-du-lich-2017-2018."+tc.format) ||
				!strings.Contains(cd, "UTF-8''l%C6%B0%E1%BB%A3t-kh%C3%A1m") {
				t.Errorf("Content-Disposition %q", cd)
			}
			if tc.format == "svg" && !bytes.Contains(b, []byte("Lượt khám và khách du lịch 2017–2018")) {
				t.Error("the SVG lacks the title")
			}
		})
	}
	if _, b := post("csv"); !strings.Contains(string(b), "2017,SDL,6080000.5\n") {
		t.Errorf("the CSV writes numbers as %q", b)
	}
}

// On the chart page of an SQL result, PNG and CSV are offered and the title
// box titles the chart.
func TestTableChartPageInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	b.Visit(t, base+"/compare")
	browsertest.Eval[bool](t, b, `(sessionStorage.setItem('chitieu.chart.data', JSON.stringify({columns: [{name: 'year', type: 'INTEGER'},
		{name: 'unit_code', type: 'VARCHAR'}, {name: 'actual', type: 'DOUBLE'}], rows: [[2017, 'SYT', 4500000], [2018, 'SYT', 5119291]],
		sql: 'SELECT year, unit_code, actual FROM performance'})), true)`)
	b.Do(t, chromedp.Navigate(base+"/compare?source=sql"), chromedp.WaitVisible(chromedp.CSS(`#chart-compare[data-drawn="true"]`)))
	shown := browsertest.Eval[[]string](t, b, `Array.from(document.querySelectorAll('#compare-downloads a[data-format]')).filter(function (a) { return !a.hidden; }).map(function (a) { return a.getAttribute('data-format'); })`)
	if got := strings.Join(shown, ","); !strings.Contains(got, "png") || !strings.Contains(got, "csv") {
		t.Errorf("downloads offered: %s", got)
	}
	b.Do(t, chromedp.SetValue(chromedp.CSS(`#chart-title`), "Lượt khám bệnh"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('chart-title').dispatchEvent(new Event('change', {bubbles: true}))`))
	title := browsertest.Get(t, b, chromedp.Poll[string](`(function () { var c = echarts.getInstanceByDom(document.getElementById('chart-compare'));
		var t = c && c.getOption().title[0].text; return t === 'Lượt khám bệnh' ? t : ''; })()`, chromedp.WithPollingTimeout(10*time.Second)))
	if title != "Lượt khám bệnh" {
		t.Errorf("the chart is titled %q", title)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
