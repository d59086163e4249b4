package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

// scaleStore loads the files gen-scale.py wrote into $CHITIEU_SCALE_DIR
// into a temporary store, or skips: the data is made, never committed
// (make bench-pages makes it).
func scaleStore(tb testing.TB) *data.Store {
	tb.Helper()
	dir := os.Getenv("CHITIEU_SCALE_DIR")
	if dir == "" {
		tb.Skip("CHITIEU_SCALE_DIR is not set: make bench-pages makes the data with gen-scale.py")
	}
	st := testutil.Store(tb, filepath.Join(tb.TempDir(), "scale.duckdb"), data.Options{})
	start := time.Now()
	rep, err := testutil.Ingester(st).LoadUploads(context.Background(), tb.TempDir(),
		ingest.FSUploads(os.DirFS(dir), "units.csv", "indicators.csv", "observations.csv"), ingest.Options{User: "bench"})
	if err != nil || !rep.OK {
		tb.Fatalf("load %s: %v %v", dir, err, rep)
	}
	tb.Logf("loaded %s in %s", dir, time.Since(start).Round(time.Millisecond))
	return st
}

// BenchmarkPagesAtSize measures the main pages on a store of a real size:
// the server's time to build each page (cold, then warm: the store warm,
// the page not cached), its HTML bytes, and in headless Chromium its DOM
// nodes and load event. The bounds: 500 KB, 5,000 nodes, 1 s warm.
func BenchmarkPagesAtSize(b *testing.B) {
	st := scaleStore(b)
	ctx := context.Background()
	an := analytics.New(st.DB())
	years, err := an.Years(ctx)
	if err != nil || len(years) == 0 {
		b.Fatal("no years", err)
	}
	units, inds, err := an.Catalog(ctx)
	if err != nil {
		b.Fatal(err)
	}
	assets, err := dashboards.NewAssets()
	if err != nil {
		b.Fatal(err)
	}
	pages, err := dashboards.NewPages(an, assets, dashboards.NewCatalog())
	if err != nil {
		b.Fatal(err)
	}
	exporter := dashboards.NewExporter(an, assets, dashboards.NewCatalog(), dashboards.NewRenderer(assets, 2))
	unit, ind := units[0].Code, inds[0].Code
	type page struct {
		name, path string
		render     func() error
	}
	info := dashboards.DataInfo{Version: 1}
	list := []page{
		{"overview", "/", func() error {
			return pages.Overview(ctx, io.Discard, dashboards.OverviewQuery{}, info)
		}},
		{"ranking", "/ranking", func() error {
			return pages.Ranking(ctx, io.Discard, dashboards.RankingQuery{}, info)
		}},
		{"unit", "/units/" + unit, func() error {
			return pages.UnitPage(ctx, io.Discard, dashboards.DetailQuery{Code: unit}, info)
		}},
		{"indicator", "/indicators/" + ind, func() error {
			return pages.IndicatorPage(ctx, io.Discard, dashboards.DetailQuery{Code: ind}, info)
		}},
		{"compare", "/compare", func() error {
			return pages.ComparePage(ctx, io.Discard, dashboards.ChartRequest{Format: "html"}, false, exporter, info)
		}},
		{"figures", "/figures?status=missed&sort=attainment", func() error {
			return pages.Figures(ctx, io.Discard, dashboards.FiguresQuery{Statuses: []string{"missed"}, Sort: "attainment"}, info)
		}},
	}
	base := startServer(b, st)
	var br *browsertest.Browser
	if os.Getenv("CHITIEU_SKIP_BROWSER") != "1" {
		br = browsertest.New(b)
	}
	var rows, swaps []string
	for _, p := range list {
		t0 := time.Now()
		if err := p.render(); err != nil {
			b.Fatalf("%s: %v", p.name, err)
		}
		cold := time.Since(t0)
		var warm time.Duration
		for i := 0; i < 3; i++ {
			t1 := time.Now()
			if err := p.render(); err != nil {
				b.Fatal(err)
			}
			if d := time.Since(t1); i == 0 || d < warm {
				warm = d
			}
		}
		resp, err := http.Get(base + p.path)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		nodes, load := -1, time.Duration(0)
		if br != nil {
			br.Visit(b, base+p.path)
			nodes = browsertest.Eval[int](b, br, `document.getElementsByTagName('*').length`)
			ms := browsertest.Eval[float64](b, br, `(function () { var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()`)
			load = time.Duration(ms * float64(time.Millisecond))
		}
		// A change of year without a reload (filters.js): in the browser the
		// time from the change to the parts swapped in and the charts drawn,
		// the server building the other year's parts (not cached); then the
		// parts' bytes as JSON.
		swap := "| " + p.name + " | – | – |"
		if len(years) > 1 && p.name != "compare" {
			sep := "?"
			if strings.Contains(p.path, "?") {
				sep = "&"
			}
			to := fmt.Sprintf("%s%syear=%d", p.path, sep, years[1])
			var ms float64
			if br != nil {
				browsertest.Eval[bool](b, br, `(function () { var t0 = performance.now(); window.ctSwapMs = 0;
					window.ctNavigate(`+strconv.Quote(to)+`).then(function () { window.ctSwapMs = performance.now() - t0; }); return true; })()`)
				ms = browsertest.Get(b, br, chromedp.Poll[float64](`window.ctSwapMs || false`, chromedp.WithPollingTimeout(60*time.Second)))
				if got := browsertest.Eval[string](b, br, `location.search`); !strings.Contains(got, fmt.Sprint(years[1])) {
					b.Fatalf("%s: the change of year did not happen: %s", p.name, got)
				}
			}
			resp, err := http.Get(base + to + "&format=json")
			if err != nil {
				b.Fatal(err)
			}
			js, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			swap = fmt.Sprintf("| %s | %.0f KB | %.2f s |", p.name, float64(len(js))/1000, ms/1000)
		}
		swaps = append(swaps, swap)
		b.ReportMetric(float64(len(body))/1000, p.name+"_kB")
		b.ReportMetric(float64(nodes), p.name+"_nodes")
		b.ReportMetric(warm.Seconds(), p.name+"_warm_s")
		rows = append(rows, fmt.Sprintf("| %s | %.0f KB | %d | %.2f s | %.2f s | %.2f s |", p.name, float64(len(body))/1000, nodes,
			cold.Seconds(), warm.Seconds(), load.Seconds()))
	}
	// The first page of /api/performance for the year, as the API builds it.
	api := func() (time.Duration, error) {
		t0 := time.Now()
		_, _, err := an.Figures(ctx, analytics.FigureQuery{Filter: analytics.Filter{Year: years[0]}, Limit: 1000})
		return time.Since(t0), err
	}
	apiCold, err := api()
	if err != nil {
		b.Fatal(err)
	}
	apiWarm, _ := api()
	resp, err := http.Get(fmt.Sprintf("%s/api/performance?year=%d", base, years[0]))
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	rows = append(rows, fmt.Sprintf("| /api/performance?year=%d (1,000 rows) | %.0f KB | – | %.2f s | %.2f s | – |", years[0],
		float64(len(body))/1000, apiCold.Seconds(), apiWarm.Seconds()))
	b.ReportMetric(apiWarm.Seconds(), "api_warm_s")
	fmt.Printf("\n| page | HTML | DOM nodes | server cold | server warm | load event |\n|---|---|---|---|---|---|\n%s", strings.Join(rows, "\n")+"\n")
	fmt.Printf("\nA change of year without a reload:\n\n| page | parts (JSON) | change to drawn |\n|---|---|---|\n%s\n", strings.Join(swaps, "\n"))
	for i := 0; i < b.N; i++ {
		if err := list[0].render(); err != nil {
			b.Fatal(err)
		}
	}
}
