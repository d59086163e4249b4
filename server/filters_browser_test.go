package server_test

import (
	"strings"
	"testing"
	"time"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

// TestFiltersWithoutReload changes the year and a filter on the overview
// and an indicator's page: the page is not loaded again (a mark set on the
// window survives), the cards, tables and charts show the other year's
// figures, the charts kept are the same elements given a new option, and
// the address carries every filter, so Back and a reload keep them.
func TestFiltersWithoutReload(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)

	// pick chooses a value in a select as a person does, firing change.
	pick := func(t *testing.T, sel, value string) {
		t.Helper()
		browsertest.Eval[bool](t, b, `(function () {
			var s = document.querySelector(`+quoteJS(sel)+`);
			s.value = `+quoteJS(value)+`;
			s.dispatchEvent(new Event('change', { bubbles: true }));
			return true;
		})()`)
	}
	// settled waits for the address to hold want and the parts to be in.
	settled := func(t *testing.T, want string) {
		t.Helper()
		browsertest.Get(t, b, chromedp.Poll[bool](`location.search.indexOf(`+quoteJS(want)+`) >= 0 && !document.querySelector('main[aria-busy]')`,
			chromedp.WithPollingTimeout(20*time.Second)))
		b.WaitCharts(t)
	}
	mark := func(t *testing.T) {
		t.Helper()
		browsertest.Eval[bool](t, b, `(function () {
			window.ctMark = 'same page';
			var c = document.querySelector('[data-chart]');
			if (c) { c.ctMark = 'same chart'; }
			return true;
		})()`)
	}
	notReloaded := func(t *testing.T) {
		t.Helper()
		if got := browsertest.Eval[string](t, b, `window.ctMark || 'reloaded'`); got != "same page" {
			t.Errorf("the page was loaded again (%s)", got)
		}
	}
	has := func(t *testing.T, wants, lacks []string) {
		t.Helper()
		text := b.Text(t)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("page lacks %q", w)
			}
		}
		for _, w := range lacks {
			if strings.Contains(text, w) {
				t.Errorf("page still shows %q", w)
			}
		}
	}
	url := func(t *testing.T) string {
		t.Helper()
		return browsertest.Eval[string](t, b, `location.pathname + location.search`)
	}

	t.Run("overview: year then category", func(t *testing.T) {
		b.Visit(t, base+"/")
		has(t, []string{"Kết quả thực hiện chỉ tiêu năm 2018", "110,08%", "38.527"}, nil)
		mark(t)
		browsertest.Eval[bool](t, b, `(document.getElementById('ct-labels').ctMark = 'kept', true)`)
		pick(t, `header select[name="year"]`, "2017")
		settled(t, "year=2017")
		notReloaded(t)
		// The status chart is the same element with the year's one unit; the
		// charts the year has no figures for say so.
		if got := browsertest.Eval[string](t, b, `(function () {
			var el = document.getElementById('chart-status');
			return el.ctMark + ' ' + JSON.stringify(echarts.getInstanceByDom(el).getOption().yAxis[0].data);
		})()`); got != `same chart ["Sở Du lịch"]` {
			t.Errorf("status chart: %s", got)
		}
		if got := browsertest.Eval[string](t, b, `document.getElementById('ct-labels').ctMark || 'replaced'`); got != "kept" {
			t.Errorf("an unchanged part was %s", got)
		}
		if n := browsertest.Eval[int](t, b, `document.querySelectorAll('main .panel .empty').length`); n == 0 {
			t.Errorf("no chart says it has no figures")
		}
		has(t, []string{"Kết quả thực hiện chỉ tiêu năm 2017", "1 đơn vị · 2 chỉ tiêu · 2 số liệu", "Năm 2017"},
			[]string{"110,08%", "38.527", "năm 2018"})
		if got := browsertest.Eval[string](t, b, `document.title`); !strings.HasPrefix(got, "Tổng quan") {
			t.Errorf("title %q", got)
		}
		if got := browsertest.Eval[string](t, b, `document.querySelector('header a[hreflang]').getAttribute('href')`); got != "/?lang=en&year=2017" {
			t.Errorf("the other language's link is %q", got)
		}

		pick(t, `form.filters select[name="category"]`, "Y tế")
		settled(t, "category=")
		notReloaded(t)
		if got := url(t); got != "/?year=2017&category=Y+t%E1%BA%BF" {
			t.Errorf("address %s", got)
		}
		has(t, []string{"Lĩnh vực: Y tế"}, nil)

		// Back returns to the year alone, still without a reload.
		browsertest.Eval[bool](t, b, `(history.back(), true)`)
		browsertest.Get(t, b, chromedp.Poll[bool](`location.search === '?year=2017' && document.querySelector('form.filters select[name="category"]').value === ''`,
			chromedp.WithPollingTimeout(20*time.Second)))
		notReloaded(t)

		// A reload of the permalink shows the same filters, from the server.
		pick(t, `form.filters select[name="category"]`, "Y tế")
		settled(t, "category=")
		b.Visit(t, base+url(t))
		has(t, []string{"Kết quả thực hiện chỉ tiêu năm 2017", "Lĩnh vực: Y tế"}, nil)
		if got := browsertest.Eval[string](t, b, `document.querySelector('header select[name="year"]').value + '|' + document.querySelector('form.filters select[name="category"]').value`); got != "2017|Y tế" {
			t.Errorf("after a reload the filters read %s", got)
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	})

	t.Run("indicator: year then status; the chart over the years is kept", func(t *testing.T) {
		b.Visit(t, base+"/indicators/KHACH_QUOC_TE")
		has(t, []string{"580.000", "Số liệu năm 2018"}, nil)
		mark(t)
		before := browsertest.Eval[string](t, b, `JSON.stringify(echarts.getInstanceByDom(document.querySelector('[data-chart]')).getOption().series.map(s => s.data))`)
		pick(t, `header select[name="year"]`, "2017")
		settled(t, "year=2017")
		notReloaded(t)
		has(t, []string{"368.254", "Số liệu năm 2017"}, []string{"Số liệu năm 2018"})
		// The chart over the years is the same for every year: kept as drawn.
		if got := browsertest.Eval[string](t, b, `document.querySelector('[data-chart]').ctMark || 'replaced'`); got != "same chart" {
			t.Errorf("the chart over the years was %s", got)
		}
		after := browsertest.Eval[string](t, b, `JSON.stringify(echarts.getInstanceByDom(document.querySelector('[data-chart]')).getOption().series.map(s => s.data))`)
		if after != before || !strings.Contains(after, `{"value":368254},{"value":580000}`) {
			t.Errorf("the chart over the years went from %s to %s", before, after)
		}

		b.Do(t, chromedp.Click(chromedp.CSS(`form.filters input[name="status"][value="exceeded"]`)),
			chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
		settled(t, "status=exceeded")
		notReloaded(t)
		if got := url(t); got != "/indicators/KHACH_QUOC_TE?year=2017&status=exceeded" {
			t.Errorf("address %s", got)
		}
		has(t, []string{"Trạng thái: Vượt kế hoạch"}, nil)
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	})

	t.Run("ranking: year; a row's parts still open after the swap", func(t *testing.T) {
		b.Visit(t, base+"/ranking")
		has(t, []string{"Xếp hạng khối thi đua năm 2018", "175,00%"}, nil)
		mark(t)
		pick(t, `header select[name="year"]`, "2017")
		settled(t, "year=2017")
		notReloaded(t)
		has(t, []string{"Xếp hạng khối thi đua năm 2017", "Sở Du lịch"}, []string{"175,00%"})
		// The row's parts are fetched when opened, by a listener the swap
		// did not lose.
		browsertest.Eval[bool](t, b, `(document.querySelector('details[data-parts]').open = true, true)`)
		browsertest.Get(t, b, chromedp.Poll[bool](`document.querySelectorAll('details[data-parts] ul li').length > 0`,
			chromedp.WithPollingTimeout(20*time.Second)))
		if got := browsertest.Eval[string](t, b, `document.querySelector('details[data-parts]').getAttribute('data-parts')`); !strings.Contains(got, "year=2017") {
			t.Errorf("the parts asked are %s", got)
		}
	})

	t.Run("figures: a sort is a link the page follows without a reload", func(t *testing.T) {
		b.Visit(t, base+"/figures?year=2018")
		mark(t)
		b.Do(t, chromedp.Click(chromedp.CSS(`table.figures th a[href*="sort=attainment"]`)))
		settled(t, "sort=attainment")
		notReloaded(t)
		if got := browsertest.Eval[string](t, b, `document.querySelector('table.figures th a[href*="sort=attainment"]').parentElement.getAttribute('aria-sort')`); got == "none" || got == "" {
			t.Errorf("the attainment column says it is not sorted (%q)", got)
		}
		// Lowest attainment first: the malnutrition rate's 101,55% comes
		// before Labour's 110,08%.
		text := b.Text(t)
		if i, j := strings.Index(text, "101,55%"), strings.Index(text, "110,08%"); i < 0 || j < 0 || i > j {
			t.Errorf("sorted by attainment: 101,55%% at %d, 110,08%% at %d", i, j)
		}
	})

	t.Run("compare: another indicator redraws the chart in place", func(t *testing.T) {
		b.Visit(t, base+"/compare?indicator=KHACH_QUOC_TE")
		mark(t)
		browsertest.Eval[bool](t, b, `(function () {
			var sel = document.querySelector('#compare-form select[name="indicator"]');
			Array.prototype.forEach.call(sel.options, function (o) { o.selected = o.value === 'KHACH_DU_LICH'; });
			return true;
		})()`)
		b.Do(t, chromedp.Click(chromedp.CSS(`#compare-form button[type="submit"]`)))
		settled(t, "indicator=KHACH_DU_LICH")
		notReloaded(t)
		if got := browsertest.Eval[string](t, b, `(function () {
			var el = document.querySelector('#compare-chart [data-chart]');
			return (el.ctMark || 'replaced') + ' ' + JSON.stringify(echarts.getInstanceByDom(el).getOption().title.map(function (x) { return x.text; }));
		})()`); !strings.HasPrefix(got, "same chart") || !strings.Contains(got, "Tổng lượt khách du lịch") || strings.Contains(got, "Khách du lịch quốc tế") {
			t.Errorf("compare chart: %s", got)
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	})
}

// quoteJS is s as a JavaScript string literal.
func quoteJS(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
