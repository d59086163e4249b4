package server_test

import (
	"html/template"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

// attackPage is a hostile page on another origin (another port of
// 127.0.0.1) that acts on chitieu through the visitor's browser: a plain
// form posting JSON as text/plain to create an admin, a no-cors fetch
// running SQL, and a multipart load changing an official figure. Each
// marks itself done when the browser has sent it.
var attackPage = template.Must(template.New("attack").Parse(`<!doctype html>
<html><body>
<iframe name="sink" id="sink"></iframe>
<form id="f" method="post" enctype="text/plain" action="{{.Target}}/api/users" target="sink">
<input type="hidden" name='{"name":"evil","role":"admin","password":"0123456789","x":"' value='"}'>
</form>
<script>
window.done = 0;
document.getElementById('sink').addEventListener('load', function () { window.done++; });
document.getElementById('f').submit();
fetch('{{.Target}}/api/sql', {method: 'POST', mode: 'no-cors', credentials: 'include',
  headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({sql: "SELECT 'stolen' AS s"})})
  .finally(function () { window.done++; });
var fd = new FormData();
fd.append('file', new Blob(['year,unit,indicator,actual\n2018,SYT,KHAM_BENH,1\n'], {type: 'text/csv'}), 'evil.csv');
fetch('{{.Target}}/api/ingest', {method: 'POST', mode: 'no-cors', credentials: 'include', body: fd})
  .finally(function () { window.done++; });
</script>
</body></html>`))

// serveAttacker serves the attack page on its own loopback port.
func serveAttacker(t *testing.T, target string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		attackPage.Execute(w, map[string]string{"Target": target})
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func TestCrossOriginAttacksInBrowser(t *testing.T) {
	for _, mode := range []string{"open", "logged-in"} {
		t.Run(mode, func(t *testing.T) {
			st := testutil.SampleStore(t)
			ts := startTestServer(t, st, 0, "")
			b := browsertest.New(t)
			users := int64(0)
			if mode == "logged-in" {
				withUsers(t, ts)
				users = 2
				b.Do(t, chromedp.Navigate(ts.base+"/login"), chromedp.WaitVisible(chromedp.CSS(`form.login-form`)),
					chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "lan"),
					chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "mật khẩu đủ dài"),
					chromedp.Click(chromedp.CSS(`form.login-form button`)),
					chromedp.WaitVisible(chromedp.CSS(`#who`)))
				// The session works for the server's own page.
				who := browsertest.Get(t, b, chromedp.Poll[string](`(document.getElementById('who') || {}).textContent`,
					chromedp.WithPollingTimeout(10*time.Second)))
				if who != "lan (admin)" {
					t.Fatalf("logged in as %q", who)
				}
			}
			before := testutil.Count(t, st, `SELECT count(*) FROM loads`)
			b.Responses()

			attacker := serveAttacker(t, ts.base)
			b.Do(t, chromedp.Navigate(attacker+"/"))
			browsertest.Get(t, b, chromedp.Poll[bool](`window.done >= 3`, chromedp.WithPollingTimeout(20*time.Second)))
			time.Sleep(300 * time.Millisecond) // the last responses reach the listener

			// Each attack reached the server and was refused there.
			got := map[string]int{}
			for _, r := range b.Responses() {
				if strings.HasPrefix(r.URL, ts.base+"/api/") {
					got[strings.TrimPrefix(r.URL, ts.base)] = r.Status
				}
			}
			for _, path := range []string{"/api/users", "/api/sql", "/api/ingest"} {
				if got[path] != 403 {
					t.Errorf("%s answered %d, want 403 (all: %v)", path, got[path], got)
				}
			}
			// And nothing changed.
			if n := testutil.Count(t, ts.private, `SELECT count(*) FROM users`); n != users {
				t.Errorf("%d users, want %d", n, users)
			}
			if n := testutil.Count(t, ts.private, `SELECT count(*) FROM audit WHERE action IN ('sql', 'load', 'user-add') AND actor <> 'lan'`); n != 0 {
				t.Errorf("%d attacks recorded as done in the audit", n)
			}
			if n := testutil.Count(t, st, `SELECT count(*) FROM loads`); n != before {
				t.Errorf("loads: %d, were %d", n, before)
			}
			if n := testutil.Count(t, st, `SELECT count(*) FROM observations WHERE actual = 1`); n != 0 {
				t.Errorf("an official figure was changed")
			}
			// The visitor still uses chitieu as before.
			b.Visit(t, ts.base+"/")
			if text := b.Text(t); !strings.Contains(text, "110,08%") {
				t.Errorf("the overview after the attack:\n%.300s", text)
			}
			if mode == "logged-in" {
				if who := browsertest.Get(t, b, chromedp.Poll[string](`(document.getElementById('who') || {}).textContent`,
					chromedp.WithPollingTimeout(10*time.Second))); who != "lan (admin)" {
					t.Errorf("after the attack the page names %q", who)
				}
			}
		})
	}
}

// The standalone HTML export, opened from the server, draws its chart with
// its own script, in a sandbox: an origin of its own, without the cookies
// or the APIs of the server's pages.
func TestServedExportIsSandboxedInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(base+"/api/charts/compare?indicator=KHACH_QUOC_TE&format=html"))
	drawn := browsertest.Get(t, b, chromedp.Poll[bool](`document.getElementById('chart').getAttribute('data-drawn') === 'true'`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if !drawn {
		t.Error("the served export is not drawn")
	}
	if origin := browsertest.Eval[string](t, b, `window.origin`); origin != "null" {
		t.Errorf("the export runs in origin %q, want its own (null)", origin)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
