package server_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chartFaults lists, for every chart drawn on the page, the texts that
// leave the chart's box (a clipped digit: "6.000.000" read as "000.000")
// and the pairs of texts drawn over each other (a smear of labels), from
// what ECharts laid out.
const chartFaults = `(function () {
  var out = [];
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var c = echarts.getInstanceByDom(el);
    if (!c) { out.push(el.id + ': not drawn'); return; }
    var W = c.getWidth(), H = c.getHeight(), texts = [];
    c.getZr().storage.getDisplayList(true).forEach(function (d) {
      if ((d.type !== 'text' && d.type !== 'tspan') || d.invisible || d.ignore || !d.style || !d.style.text) { return; }
      var r = d.getBoundingRect().clone();
      if (d.transform) { r.applyTransform(d.transform); }
      if (r.width > 0 && r.height > 0 && d.style.opacity !== 0) { texts.push({ t: String(d.style.text), x: r.x, y: r.y, w: r.width, h: r.height }); }
    });
    if (!texts.length) { out.push(el.id + ': no text at all'); }
    texts.forEach(function (a) {
      if (a.x < -1 || a.y < -1 || a.x + a.w > W + 1 || a.y + a.h > H + 1) { out.push(el.id + ': "' + a.t + '" leaves the chart ' + [Math.round(a.x), Math.round(a.y), Math.round(a.w), Math.round(a.h), W, H].join(',')); }
    });
    for (var i = 0; i < texts.length; i++) {
      for (var j = i + 1; j < texts.length; j++) {
        var a = texts[i], b = texts[j];
        var ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        var oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (ox > 2 && oy > 2 && ox * oy > 0.2 * Math.min(a.w * a.h, b.w * b.h)) {
          out.push(el.id + ': "' + a.t + '" over "' + b.t + '"');
        }
      }
    }
  });
  return out;
})()`

// Charts on the sample read right: no number or label clipped at the edge,
// no labels drawn over each other, value axes from zero and no log axis;
// a chart with nothing to draw says so instead of showing a bare axis.
func TestChartsReadRight(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	for _, path := range []string{"/", "/?lang=en", "/?year=2017", "/units/SYT", "/units/SDL?year=2017", "/indicators/KHACH_QUOC_TE",
		"/indicators/SDD_DUOI_5?unit=SYT", "/ranking", "/compare?indicator=KHAM_BENH,KHACH_QUOC_TE&unit=SYT,SDL&kind=line"} {
		t.Run(path, func(t *testing.T) {
			b.Visit(t, base+path)
			if n := browsertest.Eval[int](t, b, `document.querySelectorAll('[data-chart][data-drawn="true"]').length`); n == 0 {
				t.Fatalf("no chart drawn")
			}
			for _, f := range browsertest.Eval[[]string](t, b, chartFaults) {
				t.Error(f)
			}
			axes := browsertest.Eval[[]string](t, b, `(function () {
				var out = [];
				document.querySelectorAll('[data-chart]').forEach(function (el) {
					var o = echarts.getInstanceByDom(el).getOption();
					(o.xAxis || []).concat(o.yAxis || []).forEach(function (a) {
						if (a.type === 'log') { out.push(el.id + ': log axis'); }
						if (a.type === 'value' && a.scale) { out.push(el.id + ': value axis not from zero'); }
					});
					(o.legend || []).forEach(function (l) { if (l.type === 'scroll') { out.push(el.id + ': paged legend'); } });
				});
				return out;
			})()`)
			for _, f := range axes {
				t.Error(f)
			}
			if errs := b.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
	t.Run("the ranks over one year say so when opened", func(t *testing.T) {
		b.Visit(t, base+"/ranking")
		b.Do(t, chromedp.Click(chromedp.CSS(`details.later summary`)))
		browsertest.Get(t, b, chromedp.Poll[bool](`document.querySelector('details.later [data-chart-src]').getAttribute('data-drawn') === 'true'`,
			chromedp.WithPollingTimeout(20*time.Second)))
		if txt := b.Text(t); !strings.Contains(txt, "Cần số liệu từ hai năm trở lên") {
			t.Errorf("the sample's single ranked year is not explained:\n%s", txt)
		}
	})
	t.Run("an empty selection says there is no data", func(t *testing.T) {
		b.Visit(t, base+"/?year=2018&category="+urlQuery("Không có lĩnh vực này"))
		if n := browsertest.Eval[int](t, b, `document.querySelectorAll('[data-chart]').length`); n != 0 {
			t.Errorf("%d charts drawn over nothing", n)
		}
		if txt := b.Text(t); strings.Count(txt, "Không có số liệu") < 3 {
			t.Errorf("the empty charts do not say so:\n%s", txt)
		}
	})
}

// No page scrolls sideways on a 390 px phone: tables scroll in their own
// box, with the first column kept in view.
func TestNoSidewaysScrollOnPhone(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	b.Do(t, chromedp.EmulateViewport(390, 844))
	for _, path := range []string{"/", "/?lang=en", "/ranking", "/units/SYT", "/indicators/KHACH_QUOC_TE", "/figures", "/figures?lang=en",
		"/compare", "/sql", "/load", "/admin/audit"} {
		t.Run(path, func(t *testing.T) {
			b.Visit(t, base+path)
			w := browsertest.Eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`)
			if w[0] > w[1] {
				wide := browsertest.Eval[[]string](t, b, `Array.from(document.querySelectorAll('body *')).filter(function (e) {
					var r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 && !e.closest('.table-box, .results');
				}).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right); })`)
				t.Errorf("the page is %d px wide on a %d px screen: %v", w[0], w[1], wide)
			}
			sticky := browsertest.Eval[[]string](t, b, `Array.from(document.querySelectorAll('.table-box td:first-child')).slice(0, 1).map(function (e) { return getComputedStyle(e).position; })`)
			for _, s := range sticky {
				if s != "sticky" {
					t.Errorf("a table's first column is %s, not sticky", s)
				}
			}
			for _, f := range browsertest.Eval[[]string](t, b, chartFaults) {
				t.Error(f)
			}
			b.Screenshot(t, "phone"+strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path))
		})
	}
}

// At a province's size the overview stays short: at most 6 screens at
// 1366×900 and 6 A4 pages on paper, with its top and bottom lists capped,
// "Cần chú ý" capped with a link to the rest, and the open-mode banner
// off the paper.
func TestProvinceOverviewInBrowser(t *testing.T) {
	base := startServer(t, provinceStore(t))
	b := browsertest.New(t)
	b.Do(t, chromedp.EmulateViewport(1366, 900))
	b.Visit(t, base+"/")
	height := browsertest.Eval[float64](t, b, `document.documentElement.scrollHeight`)
	if height > 6*900 {
		t.Errorf("the overview is %.0f px tall: %.1f screens", height, height/900)
	}
	t.Logf("overview: %.0f px, %.1f screens", height, height/900)
	counts := browsertest.Eval[map[string]int](t, b, `({
		cards: document.querySelectorAll('.attention a.kpi').length,
		ends: document.querySelectorAll('section.ends tbody tr').length,
		worst: echarts.getInstanceByDom(document.getElementById('chart-worst')).getOption().series[0].data.length,
		more: document.querySelectorAll('.attention a.button[href*="status=missed"]').length,
		blocks: document.querySelectorAll('.block-card').length,
		nodes: document.getElementsByTagName('*').length
	})`)
	if counts["cards"] != 12 || counts["more"] != 1 || counts["worst"] != 10 || counts["ends"] != 20 || counts["blocks"] != 5 {
		t.Errorf("the lists at size: %v", counts)
	}
	if counts["nodes"] > 5000 {
		t.Errorf("%d DOM nodes", counts["nodes"])
	}
	b.Screenshot(t, "province-overview")
	pdf := browsertest.Get(t, b, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		return res.Data, err
	}))
	pages := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages"))
	if pages < 1 || pages > 6 {
		t.Errorf("the overview prints on %d A4 pages", pages)
	}
	t.Logf("overview: %d A4 pages", pages)
	t.Run("the ranks over the years, drawn when opened", func(t *testing.T) {
		b.Visit(t, base+"/ranking")
		b.Do(t, chromedp.Click(chromedp.CSS(`details.later summary`)))
		browsertest.Get(t, b, chromedp.Poll[bool](`document.querySelector('details.later [data-chart-src]').getAttribute('data-drawn') === 'true'`,
			chromedp.WithPollingTimeout(30*time.Second)))
		lines := browsertest.Eval[int](t, b, `echarts.getInstanceByDom(document.querySelector('details.later [data-chart-src]')).getOption().series.length`)
		if lines != 10 {
			t.Errorf("%d lines, want the block's 10 leading units", lines)
		}
		for _, f := range browsertest.Eval[[]string](t, b, strings.Replace(chartFaults, "'[data-chart]'", "'[data-chart], [data-chart-src]'", 1)) {
			t.Error(f)
		}
	})
	// A change of year redraws the overview in place (filters.js): at a
	// province's size it still fits a phone and prints short.
	t.Run("another year on a phone, without a reload", func(t *testing.T) {
		b.Do(t, chromedp.EmulateViewport(390, 844))
		b.Visit(t, base+"/")
		year := browsertest.Eval[string](t, b, `(function () {
			window.ctMark = 'same page';
			var s = document.querySelector('select[name=year]');
			s.value = s.options[1].value;
			s.dispatchEvent(new Event('change', { bubbles: true }));
			return s.value; })()`)
		browsertest.Get(t, b, chromedp.Poll[bool](`location.search.indexOf('year=`+year+`') >= 0 && !document.querySelector('main[aria-busy]')`,
			chromedp.WithPollingTimeout(30*time.Second)))
		b.WaitCharts(t)
		if mark := browsertest.Eval[string](t, b, `window.ctMark || ''`); mark != "same page" {
			t.Fatal("the page reloaded")
		}
		if h := browsertest.Eval[string](t, b, `document.querySelector('main h1, main h2').textContent`); !strings.Contains(h, year) {
			t.Errorf("heading %q does not name %s", h, year)
		}
		if w := browsertest.Eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("after the change the page is %d px wide on a %d px screen", w[0], w[1])
		}
		for _, f := range browsertest.Eval[[]string](t, b, chartFaults) {
			t.Error(f)
		}
		b.Do(t, chromedp.EmulateViewport(1366, 900))
		pdf := browsertest.Get(t, b, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
			return res.Data, err
		}))
		if n := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages")); n < 1 || n > 6 {
			t.Errorf("after the change the overview prints on %d A4 pages", n)
		}
	})
	printed := browsertest.Eval[bool](t, b, `(function () {
		var s = Array.from(document.styleSheets).some(function (sh) { try { return Array.from(sh.cssRules).some(function (r) {
			return r.media && r.media.mediaText === 'print' && r.cssText.indexOf('#open-mode') >= 0; }); } catch (e) { return false; } });
		return s; })()`)
	if !printed {
		t.Error("the print style does not hide the open-mode banner")
	}
}

// Filters live in the URL: changing one keeps the others, the order and the
// language, and drops the page number; the filter form keeps the order too.
func TestFiltersKeepThePermalink(t *testing.T) {
	base := startServer(t, provinceStore(t))
	b := browsertest.New(t)
	b.Visit(t, base+"/figures?lang=en&year=2023&sort=attainment&desc=1&status=met&status=exceeded&page=2")
	b.Do(t, chromedp.SetValue(chromedp.CSS(`select[name=category]`), "Y tế"),
		chromedp.Evaluate[chromedp.Void](`setTimeout(function () { document.querySelector('select[name=category]').dispatchEvent(new Event('change')); }, 10)`))
	b.Do(t, chromedp.Sleep(1500*time.Millisecond), chromedp.WaitReady(chromedp.CSS(`table.figures`)))
	q := browsertest.Eval[map[string][]string](t, b, `(function () { var p = new URLSearchParams(location.search), o = {};
		p.forEach(function (v, k) { (o[k] = o[k] || []).push(v); }); return o; })()`)
	want := map[string]string{"lang": "en", "year": "2023", "sort": "attainment", "desc": "1", "status": "met,exceeded", "category": "Y tế"}
	for k, v := range want {
		if got := strings.Join(q[k], ","); got != v {
			t.Errorf("%s=%q after the change, want %q", k, got, v)
		}
	}
	if _, ok := q["page"]; ok {
		t.Error("the page number stayed")
	}
	atts := browsertest.Eval[[]string](t, b, `Array.from(document.querySelectorAll('table.figures tbody tr')).map(function (tr) { return tr.children[6].textContent.trim(); })`)
	if len(atts) == 0 {
		t.Fatal("no figures")
	}
	for _, st := range browsertest.Eval[[]string](t, b, `Array.from(document.querySelectorAll('table.figures tbody td.status')).map(function (td) { return td.textContent.trim(); })`) {
		if !strings.Contains(st, "Met") && !strings.Contains(st, "Exceeded") {
			t.Errorf("a figure of status %q", st)
		}
	}
	b.Do(t, chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`)))
	b.Do(t, chromedp.Sleep(1500*time.Millisecond), chromedp.WaitReady(chromedp.CSS(`table.figures`)))
	if s := browsertest.Eval[string](t, b, `location.search`); !strings.Contains(s, "sort=attainment") || !strings.Contains(s, "desc=1") {
		t.Errorf("the filter form dropped the order: %s", s)
	}
}

// Drill-down at any size: block → its ranking → a unit → one of its
// indicators → the figure's source file, the year and language kept.
func TestDrillDownToTheSource(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	b.Visit(t, base+"/?lang=en&year=2018")
	step := func(sel, wantPath string) {
		t.Helper()
		b.Do(t, chromedp.Click(chromedp.CSS(sel)))
		b.Do(t, chromedp.Sleep(800*time.Millisecond), chromedp.WaitReady(chromedp.CSS(`footer, p.foot`)))
		u := browsertest.Eval[string](t, b, `location.pathname + location.search`)
		if !strings.HasPrefix(u, wantPath) || !strings.Contains(u, "lang=en") || !strings.Contains(u, "year=2018") {
			t.Fatalf("%s led to %s", sel, u)
		}
	}
	step(`.block-card h3 a`, "/ranking?")
	step(`table.ranking tbody tr:first-child td:nth-child(2) a`, "/units/")
	step(`section.table table tbody tr:first-child td:first-child a`, "/indicators/")
	txt := b.Text(t)
	for _, w := range []string{"observations.csv", "Figures for 2018"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the indicator page lacks %q", w)
		}
	}
}
