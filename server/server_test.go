package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/auth"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/internal/testutil"
	"chitieu/server"
)

// startServer serves the sample on a random loopback port until the test ends.
func startServer(tb testing.TB, st *data.Store) string {
	tb.Helper()
	return startServerWith(tb, st, 0, tb.TempDir())
}

// startServerWith is startServer with a query time limit and the folder
// uploads wait in (which a sandboxed store must be allowed to read).
func startServerWith(tb testing.TB, st *data.Store, queryTimeout time.Duration, spool string) string {
	tb.Helper()
	return startTestServer(tb, st, queryTimeout, spool).base
}

// testServer is a running server with the private store and auth service
// behind it, for tests that add users or read the audit.
type testServer struct {
	base    string
	auth    *auth.Service
	private *data.Store
	// stop ends the server as a signal does and returns what Serve
	// returned; the test's cleanup stops it otherwise.
	stop func() error
}

// startTestServer starts a server on a random loopback port.
func startTestServer(tb testing.TB, st *data.Store, queryTimeout time.Duration, spool string) *testServer {
	tb.Helper()
	return startTestServerDeps(tb, st, server.Deps{QueryTimeout: queryTimeout, Spool: spool})
}

// startTestServerDeps starts a server with some of its settings given.
func startTestServerDeps(tb testing.TB, st *data.Store, d server.Deps) *testServer {
	tb.Helper()
	private := testutil.PrivateStore(tb)
	au := auth.New(private, nil)
	ctx, cancel := context.WithCancel(context.Background())
	an := analytics.New(st.DB())
	assets, err := dashboards.NewAssets()
	if err != nil {
		tb.Fatal(err)
	}
	pages, err := dashboards.NewPages(an, assets, dashboards.NewCatalog())
	if err != nil {
		tb.Fatal(err)
	}
	exporter := dashboards.NewExporter(an, assets, dashboards.NewCatalog(), dashboards.NewRenderer(assets, 2))
	if d.Spool == "" {
		d.Spool = tb.TempDir()
	}
	d.Store, d.Private, d.Auth, d.Analytics, d.Pages, d.Assets, d.Exporter = st, private, au, an, pages, assets, exporter
	d.Ingester = testutil.Ingester(st)
	srv, err := server.New(ctx, d)
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	var once sync.Once
	var serveErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case serveErr = <-done:
			case <-time.After(15 * time.Second):
				serveErr = errors.New("server did not shut down")
			}
		})
		return serveErr
	}
	var stopped atomic.Bool
	tb.Cleanup(func() {
		if err := stop(); err != nil && !stopped.Load() {
			tb.Errorf("shutdown: %v", err)
		}
	})
	ts := &testServer{base: "http://" + ln.Addr().String(), auth: au, private: private}
	ts.stop = func() error { stopped.Store(true); return stop() }
	return ts
}

func get(tb testing.TB, url string) (int, http.Header, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// text is a page as a reader sees it: HTML entities decoded.
func text(body string) string { return html.UnescapeString(body) }

var externalRef = regexp.MustCompile(`(?i)(src|href|action)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?(https?:)?//|@import`)

func TestServesSample(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))

	t.Run("healthz", func(t *testing.T) {
		code, _, body := get(t, base+"/healthz")
		if code != 200 || body != "ok" {
			t.Fatalf("healthz: %d %q", code, body)
		}
	})

	t.Run("overview in Vietnamese", func(t *testing.T) {
		code, h, body := get(t, base+"/")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("GET /: %d %s", code, h.Get("Content-Type"))
		}
		for _, want := range []string{"Kết quả thực hiện chỉ tiêu năm 2018", "38.527", "35.000", "110,08%", "101,55%",
			"113,76%", "5.119.291", "+57,50%", "Sở Lao động, Thương binh và Xã hội", "Vượt kế hoạch"} {
			if !strings.Contains(text(body), want) {
				t.Errorf("overview lacks %q", want)
			}
		}
		if n := strings.Count(body, `data-chart="opt-`); n < 3 {
			t.Errorf("overview has %d charts, want at least 3", n)
		}
		if strings.Contains(body, "%!") {
			t.Errorf("a label was formatted with the wrong verbs: %s", body[strings.Index(body, "%!")-40:][:80])
		}
		if m := externalRef.FindString(body); m != "" {
			t.Errorf("overview refers outside the machine: %q", m)
		}
	})

	t.Run("overview in English", func(t *testing.T) {
		_, _, body := get(t, base+"/?lang=en&year=2018")
		if strings.Contains(body, "%!") {
			t.Errorf("a label was formatted with the wrong verbs")
		}
		for _, want := range []string{"Indicator results for 2018", "38,527", "110.08%", "5,119,291", "Department of Health"} {
			if !strings.Contains(text(body), want) {
				t.Errorf("English overview lacks %q", want)
			}
		}
	})

	t.Run("static assets are hashed and cacheable", func(t *testing.T) {
		_, _, body := get(t, base+"/")
		m := regexp.MustCompile(`/static/app\.[0-9a-f]{12}\.js`).FindString(body)
		if m == "" {
			t.Fatal("no hashed app.js in the page")
		}
		code, h, _ := get(t, base+m)
		if code != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d, Cache-Control %q", m, code, h.Get("Cache-Control"))
		}
	})

	t.Run("api performance", func(t *testing.T) {
		code, _, body := get(t, base+"/api/performance?year=2018&indicator=viec_lam")
		if code != 200 {
			t.Fatalf("status %d: %s", code, body)
		}
		var out struct {
			Rows []analytics.Row `json:"rows"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Rows) != 1 || out.Rows[0].Actual == nil || *out.Rows[0].Actual != 38527 ||
			testutil.Round2(*out.Rows[0].AttainmentPct) != 110.08 {
			t.Fatalf("rows: %s", body)
		}
	})

	t.Run("bad year is a 400 with a JSON error", func(t *testing.T) {
		code, _, body := get(t, base+"/api/performance?year=abc")
		if code != 400 || !strings.Contains(body, `"error"`) {
			t.Fatalf("got %d %s", code, body)
		}
	})

	t.Run("unknown path is a 404", func(t *testing.T) {
		if code, _, _ := get(t, base+"/nope"); code != 404 {
			t.Fatalf("got %d", code)
		}
	})
}

func getJSON(t *testing.T, url string, wantCode int, v any) {
	t.Helper()
	code, _, body := get(t, url)
	if code != wantCode {
		t.Fatalf("GET %s: %d, want %d: %s", url, code, wantCode, body)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
}

func TestAnalyticsEndpoints(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))

	t.Run("growth of international arrivals", func(t *testing.T) {
		var out struct {
			Series []analytics.Series `json:"series"`
		}
		getJSON(t, base+"/api/growth?indicator=KHACH_QUOC_TE&from=2017&to=2018", 200, &out)
		if len(out.Series) != 1 {
			t.Fatalf("series: %+v", out.Series)
		}
		g := out.Series[0]
		if len(g.Points) != 2 || g.GrowthPct == nil || testutil.Round2(*g.GrowthPct) != 57.5 ||
			g.CAGRPct == nil || testutil.Round2(*g.CAGRPct) != 57.5 || g.YearsWithPlan != 1 || g.YearsPlanMet != 1 {
			t.Errorf("growth: %+v", g)
		}
	})

	t.Run("growth needs a choice and known codes", func(t *testing.T) {
		getJSON(t, base+"/api/growth", 400, nil)
		getJSON(t, base+"/api/growth?indicator=NOPE", 404, nil)
		getJSON(t, base+"/api/growth?indicator=VIEC_LAM&from=2019&to=2018", 400, nil)
	})

	t.Run("ranking explains each score", func(t *testing.T) {
		var out struct {
			Year int                 `json:"year"`
			Rule string              `json:"rule"`
			Rows []analytics.RankRow `json:"rows"`
		}
		getJSON(t, base+"/api/ranking?block=Kh%E1%BB%91i%20thi%20%C4%91ua%204", 200, &out)
		if out.Year != 2018 || len(out.Rows) != 7 || out.Rule == "" {
			t.Fatalf("ranking: year %d, %d rows", out.Year, len(out.Rows))
		}
		first := out.Rows[0]
		if first.UnitCode != "SKHCN" || *first.Rank != 1 || len(first.Parts) != 2 {
			t.Errorf("first: %+v", first)
		}
		getJSON(t, base+"/api/ranking?block=nope", 404, nil)
	})

	t.Run("plan periods", func(t *testing.T) {
		var out struct {
			Rows []analytics.PlanProgress `json:"rows"`
		}
		getJSON(t, base+"/api/plan-periods?period=2016-2020", 200, &out)
		if len(out.Rows) != 0 {
			t.Errorf("the sample has no period targets, got %d", len(out.Rows))
		}
		getJSON(t, base+"/api/plan-periods?period=1999-2003", 404, nil)
	})
}
