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

func TestPagesInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)

	for _, tc := range []struct {
		name, path string
		charts     int
		texts      []string
	}{
		{"overview-vi", "/", 4, []string{"110,08%", "38.527", "101,55%", "Khối thi đua 4", "35.000", "Thấp nhất và cao nhất so với kế hoạch"}},
		{"overview-en", "/?lang=en", 4, []string{"110.08%", "38,527", "101.55%", "Department of Health"}},
		{"ranking-vi", "/ranking", 1, []string{"Xếp hạng khối thi đua năm 2018", "Sở Khoa học và Công nghệ", "175,00%", "100 / 100"}},
		{"unit-vi", "/units/SYT", 4, []string{"Sở Y tế", "5.119.291", "113,76%", "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng"}},
		{"indicator-vi", "/indicators/KHACH_QUOC_TE", 2, []string{"Khách du lịch quốc tế", "580.000", "+57,50%", "observations.csv", "Số liệu năm 2018"}},
		{"indicator-vi-2017", "/indicators/KHACH_QUOC_TE?year=2017", 2, []string{"368.254", "Số liệu năm 2017"}},
		{"figures-vi", "/figures?sort=attainment", 0, []string{"Bảng số liệu năm 2018", "110,08%", "Tải CSV"}},
		{"indicator-en", "/indicators/SDD_DUOI_5?unit=SYT&lang=en", 2, []string{"Under-5 malnutrition rate", "12.90%", "101.55%", "lower is better"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.Visit(t, base+tc.path)
			drawn := browsertest.Eval[int](t, b, `document.querySelectorAll('[data-chart][data-drawn="true"] canvas').length`)
			if drawn < tc.charts {
				t.Errorf("%d charts drawn, want at least %d", drawn, tc.charts)
			}
			body := b.Text(t)
			for _, w := range tc.texts {
				if !strings.Contains(body, w) {
					t.Errorf("page text lacks %q", w)
				}
			}
			if errs := b.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
			reqs := b.Requests()
			if tc.charts > 0 && !strings.Contains(strings.Join(reqs, " "), "/static/vendor/echarts.min.") {
				t.Errorf("the page did not load ECharts from the server; requests: %v", reqs)
			}
			if off := browsertest.OffMachine(reqs, base); len(off) > 0 {
				t.Errorf("requests leave the machine: %v", off)
			}
			b.Screenshot(t, tc.name)
		})
	}

	t.Run("a click on a bar drills down to its indicator", func(t *testing.T) {
		b.Visit(t, base+"/?lang=en")
		// Category 0 of the attainment chart, drawn at the bottom, is the
		// highest attainment: firms supported, 175%.
		pt := browsertest.Eval[[]float64](t, b, `(function () {
			var c = echarts.getInstanceByDom(document.getElementById('chart-attainment'));
			var r = document.getElementById('chart-attainment').getBoundingClientRect();
			var p = c.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [50, 0]);
			return [r.left + p[0], r.top + p[1]];
		})()`)
		b.Do(t, chromedp.MouseClickXY(pt[0], pt[1]), chromedp.WaitVisible(chromedp.CSS(`#chart-indicator-years`)))
		url := browsertest.Eval[string](t, b, `location.pathname + location.search`)
		if url != "/indicators/DN_HO_TRO_SHTT?lang=en" {
			t.Errorf("the click led to %s", url)
		}
	})

	t.Run("a figure drills down, keeping the language", func(t *testing.T) {
		b.Visit(t, base+"/?lang=en&year=2018")
		b.Do(t, chromedp.Click(chromedp.CSS(`section.ends a[href*="KHAM_BENH"]`)), chromedp.WaitVisible(chromedp.CSS(`#chart-indicator-years`)))
		url := browsertest.Eval[string](t, b, `location.pathname + location.search`)
		if !strings.HasPrefix(url, "/indicators/KHAM_BENH?") || !strings.Contains(url, "lang=en") || !strings.Contains(url, "unit=SYT") {
			t.Errorf("the card led to %s", url)
		}
	})
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
	for _, w := range []string{"syt-2019.csv — sẽ nạp", "1 mới", "5.300.000", "KHAM_BENH"} {
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

	// A slipped thousands separator: the check shows a scale_jump warning by
	// row and column, and "strict" refuses the file.
	jump := filepath.Join(t.TempDir(), "jump.csv")
	os.WriteFile(jump, []byte("year,unit,indicator,actual\n2020,SYT,KHAM_BENH,5300\n"), 0o644)
	b.Visit(t, base+"/load")
	b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{jump}),
		chromedp.Click(chromedp.CSS(`#load-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.warnings li[data-code=scale_jump]`)))
	text = b.Text(t)
	for _, w := range []string{"jump.csv — sẽ nạp", "dòng 2, actual: 5.300 bằng khoảng 1/1000 lần số năm 2019 (5.300.000)", "scale_jump"} {
		if !strings.Contains(text, w) {
			t.Errorf("the check lacks %q:\n%s", w, text)
		}
	}
	b.Do(t, chromedp.Click(chromedp.CSS(`input[name=strict]`)), chromedp.Click(chromedp.CSS(`#load-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.problems li[data-code=scale_jump]`)))
	if text = b.Text(t); !strings.Contains(text, "jump.csv — bị từ chối") {
		t.Errorf("strict did not refuse:\n%s", text)
	}
	b.Screenshot(t, "load-strict")
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
	if text := b.Text(t); !strings.Contains(text, "không được dùng DROP ở đây") {
		t.Errorf("no reason for the refusal")
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if off := browsertest.OffMachine(b.Requests(), base); len(off) > 0 {
		t.Errorf("requests leave the machine: %v", off)
	}
}

// A first visit to the overview moves at most 600 KB (ECharts, fonts, the
// page, all compressed); a second at most 50 KB: assets are cached for a
// year under names that change with their content.
func TestTransferSizes(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	b.Visit(t, base+"/")
	first := b.Bytes()
	b.Visit(t, base+"/?lang=vi")
	b.Visit(t, base+"/")
	second := b.Bytes() / 2
	t.Logf("first visit %d KB, repeat visit %d KB", first/1024, second/1024)
	if first > 600*1024 {
		t.Errorf("first visit: %d KB, more than 600", first/1024)
	}
	if first < 100*1024 {
		t.Errorf("first visit: %d KB: the measure missed the assets", first/1024)
	}
	if second > 50*1024 {
		t.Errorf("repeat visit: %d KB, more than 50", second/1024)
	}
}

func TestCompareInBrowser(t *testing.T) {
	st, spool := sandboxedStore(t)
	base := startServerWith(t, st, 0, spool)
	b := browsertest.New(t)

	t.Run("a permalink draws its chart and offers each format", func(t *testing.T) {
		b.Visit(t, base+"/compare?indicator=KHACH_QUOC_TE,KHACH_DU_LICH&kind=index")
		if n := browsertest.Eval[int](t, b, `document.querySelectorAll('[data-drawn="true"] canvas').length`); n != 1 {
			t.Errorf("%d charts drawn", n)
		}
		href := browsertest.Eval[string](t, b, `document.querySelector('a[data-format="svg"]').getAttribute('href')`)
		if !strings.Contains(href, "indicator=KHACH_DU_LICH%2CKHACH_QUOC_TE") && !strings.Contains(href, "indicator=KHACH_QUOC_TE%2CKHACH_DU_LICH") ||
			!strings.Contains(href, "kind=index") || !strings.Contains(href, "format=svg") {
			t.Errorf("svg link %s", href)
		}
		code, h, _ := get(t, base+href)
		if code != 200 || h.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("the svg link answers %d %s", code, h.Get("Content-Type"))
		}
		b.Screenshot(t, "compare")
	})

	t.Run("chart this from the SQL console", func(t *testing.T) {
		b.Visit(t, base+"/sql")
		b.Do(t, chromedp.WaitVisible(chromedp.CSS(`.cm-editor`)),
			chromedp.Click(chromedp.CSS(`.cm-content`)),
			chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
			chromedp.SendKeys(chromedp.CSS(`.cm-content`), "SELECT year, indicator_code, actual FROM observations WHERE unit_code = 'SDL'"),
			chromedp.Click(chromedp.CSS(`#run`)),
			chromedp.WaitVisible(chromedp.CSS(`#result-table`)),
			chromedp.Click(chromedp.CSS(`#chart-this`)),
			chromedp.WaitVisible(chromedp.CSS(`#chart-compare[data-drawn="true"]`)))
		legend := browsertest.Eval[string](t, b, `JSON.stringify(echarts.getInstanceByDom(document.getElementById('chart-compare')).getOption().legend[0].data || echarts.getInstanceByDom(document.getElementById('chart-compare')).getOption().series.map(function(s){return s.name}))`)
		series := browsertest.Eval[string](t, b, `JSON.stringify(echarts.getInstanceByDom(document.getElementById('chart-compare')).getOption().series.map(function(s){return s.name}))`)
		if !strings.Contains(series, "KHACH_DU_LICH") || !strings.Contains(series, "KHACH_QUOC_TE") {
			t.Errorf("series %s (legend %s)", series, legend)
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
		b.Screenshot(t, "compare-from-sql")
	})
}

// A person logs in, works with the CSRF token the page sends for them, logs
// out, and an admin finds it all in the audit.
func TestLoginInBrowser(t *testing.T) {
	st, spool := sandboxedStore(t)
	ts := startTestServer(t, st, 0, spool)
	ctx := t.Context()
	admin, err := ts.auth.AddUser(ctx, "lan", "admin", "mật khẩu đủ dài", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Through the API, as chitieu user add does while the server runs: the
	// server then knows it has users.
	if code, body := call(t, "POST", ts.base+"/api/users", admin, `{"name":"hoa","role":"analyst","password":"mật khẩu đủ dài"}`); code != 201 {
		t.Fatalf("add a user: %d %s", code, body)
	}
	b := browsertest.New(t)
	login := func(name string) {
		t.Helper()
		b.Do(t, chromedp.WaitVisible(chromedp.CSS(`form.login-form`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=name]`), name),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "mật khẩu đủ dài"),
			chromedp.Click(chromedp.CSS(`form.login-form button`)))
	}

	b.Do(t, chromedp.Navigate(ts.base+"/sql"))
	if url := browsertest.Eval[string](t, b, `location.pathname`); url != "/login" {
		t.Fatalf("a page without a login led to %s", url)
	}
	login("hoa")
	b.Do(t, chromedp.WaitVisible(chromedp.CSS(`.cm-editor`)))
	if url := browsertest.Eval[string](t, b, `location.pathname`); url != "/sql" {
		t.Errorf("after the login: %s, want back to /sql", url)
	}
	b.Do(t, chromedp.Click(chromedp.CSS(`.cm-content`)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.SendKeys(chromedp.CSS(`.cm-content`), "SELECT actual FROM observations WHERE indicator_code = 'VIEC_LAM'"),
		chromedp.Click(chromedp.CSS(`#run`)),
		chromedp.WaitVisible(chromedp.CSS(`#result-table`)))
	if text := b.Text(t); !strings.Contains(text, "38527") && !strings.Contains(text, "38.527") {
		t.Errorf("the query under a session did not answer: %s", text)
	}
	who := browsertest.Get(t, b, chromedp.Poll[string](`(document.getElementById('who') || {}).textContent`, chromedp.WithPollingTimeout(5*time.Second)))
	if who != "hoa (analyst)" {
		t.Errorf("the page names %q", who)
	}
	if shown := browsertest.Eval[int](t, b, `Array.from(document.querySelectorAll('[data-needs="admin"]')).filter(a => !a.hidden).length`); shown != 0 {
		t.Errorf("an analyst sees %d admin links", shown)
	}
	b.Do(t, chromedp.Click(chromedp.CSS(`#logout button`)), chromedp.WaitVisible(chromedp.CSS(`form.login-form`)))
	b.Do(t, chromedp.Navigate(ts.base+"/admin/audit"))
	login("lan")
	b.Do(t, chromedp.WaitVisible(chromedp.CSS(`table`)))
	text := b.Text(t)
	for _, w := range []string{"hoa", "lan", "SELECT actual FROM observations", "đăng xuất"} {
		if !strings.Contains(text, w) {
			t.Errorf("the audit page lacks %q", w)
		}
	}
	b.Screenshot(t, "audit")
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
