package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/analytics"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

func TestOverviewInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)

	for _, tc := range []struct {
		name, path string
		texts      []string
	}{
		{"overview-vi", "/", []string{"110,08%", "38.527", "101,55%"}},
		{"overview-en", "/?lang=en", []string{"110.08%", "38,527", "101.55%"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.Visit(t, base+tc.path)
			drawn := browsertest.Eval[int](t, b, `document.querySelectorAll('[data-chart][data-drawn="true"] canvas').length`)
			body := b.Text(t)
			if drawn < 3 {
				t.Errorf("%d charts drawn, want at least 3", drawn)
			}
			for _, w := range tc.texts {
				if !strings.Contains(body, w) {
					t.Errorf("page text lacks %q", w)
				}
			}
			if errs := b.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
			reqs := b.Requests()
			if !strings.Contains(strings.Join(reqs, " "), "/static/vendor/echarts.min.") {
				t.Errorf("the page did not load ECharts from the server; requests: %v", reqs)
			}
			if off := browsertest.OffMachine(reqs, base); len(off) > 0 {
				t.Errorf("requests leave the machine: %v", off)
			}
			b.Screenshot(t, tc.name)
		})
	}
}

func TestLoadPageInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	file := filepath.Join(t.TempDir(), "syt-2019.csv")
	os.WriteFile(file, []byte("năm;đơn vị;chỉ tiêu;thực hiện;kế hoạch\n2019;Sở Y tế;Lượt khám bệnh;5.300.000;5.000.000\n"), 0o644)

	b.Visit(t, base+"/load")
	b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.Click(chromedp.CSS(`#load-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#load-confirm`)))
	text := b.Text(t)
	for _, w := range []string{"syt-2019.csv — would load", "1 mới", "5.300.000", "KHAM_BENH"} {
		if !strings.Contains(text, w) {
			t.Errorf("the check lacks %q", w)
		}
	}
	b.Screenshot(t, "load-check")
	b.Do(t, chromedp.Click(chromedp.CSS(`#load-confirm`)), chromedp.WaitVisible(chromedp.CSS(`.banner.ok`)))
	b.Do(t, chromedp.WaitVisible(chromedp.CSS(`#load-history`)))
	// The page reloads itself with the new load in its history.
	b.Do(t, chromedp.Sleep(2*time.Second), chromedp.WaitVisible(chromedp.CSS(`#load-history`)))
	text = b.Text(t)
	if !strings.Contains(text, "syt-2019.csv") || !strings.Contains(text, "đã nạp") {
		t.Errorf("the history lacks the load:\n%s", text)
	}
	b.Screenshot(t, "load-history")
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if off := browsertest.OffMachine(b.Requests(), base); len(off) > 0 {
		t.Errorf("requests leave the machine: %v", off)
	}
	var out struct{ Rows []analytics.Row }
	getJSON(t, base+"/api/performance?year=2019", 200, &out)
	if len(out.Rows) != 1 {
		t.Errorf("the confirmed load is not in the store")
	}
}

func TestConsoleInBrowser(t *testing.T) {
	st, spool := sandboxedStore(t)
	base := startServerWith(t, st, 0, spool)
	b := browsertest.New(t)
	b.Visit(t, base+"/sql")
	b.Do(t, chromedp.WaitVisible(chromedp.CSS(`.cm-editor`)), chromedp.WaitVisible(chromedp.CSS(`#schema details`)))
	// The editor completes and highlights; replace its text and run with Ctrl+Enter.
	b.Do(t, chromedp.Click(chromedp.CSS(`.cm-content`)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.SendKeys(chromedp.CSS(`.cm-content`), "SELECT unit_code, round(attainment_pct, 2) AS pct FROM performance WHERE indicator_code = 'VIEC_LAM'"),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.CSS(`#result-table`)))
	text := b.Text(t)
	for _, w := range []string{"SLDTBXH", "110,08", "1 dòng", "performance", "attainment_pct"} {
		if !strings.Contains(text, w) {
			t.Errorf("the console lacks %q", w)
		}
	}
	b.Screenshot(t, "sql-console")
	// A refused statement says why.
	b.Do(t, chromedp.Click(chromedp.CSS(`.cm-content`)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.SendKeys(chromedp.CSS(`.cm-content`), "DROP TABLE observations"),
		chromedp.Click(chromedp.CSS(`#run`)),
		chromedp.WaitVisible(chromedp.CSS(`.error`)))
	if text := b.Text(t); !strings.Contains(text, "DROP is not allowed") {
		t.Errorf("no reason for the refusal")
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if off := browsertest.OffMachine(b.Requests(), base); len(off) > 0 {
		t.Errorf("requests leave the machine: %v", off)
	}
}
