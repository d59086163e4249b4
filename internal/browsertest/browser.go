// Package browsertest drives Debian's headless Chromium from tests with
// chromedp: it loads pages, records console errors and every request, waits
// for the charts to be drawn and keeps screenshots for review.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium for a test.
type Browser struct {
	ctx context.Context

	mu        sync.Mutex
	requests  []string
	responses []Response
	errors    []string
	bytes     int64 // bytes received over the network, compressed as sent
}

// chromium finds the browser; CI installs Debian's chromium.
func chromium() string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// New starts Chromium with the flags this closed network needs. Without a
// browser the test fails, unless CHITIEU_SKIP_BROWSER=1 says to skip.
func New(tb testing.TB) *Browser {
	tb.Helper()
	path := chromium()
	if path == "" {
		if os.Getenv("CHITIEU_SKIP_BROWSER") == "1" {
			tb.Skip("no chromium and CHITIEU_SKIP_BROWSER=1")
		}
		tb.Fatal("chromium is not installed: make test installs it (apt-get install chromium), or set CHITIEU_SKIP_BROWSER=1")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// a Vietnamese official's browser: pages follow an English-only
		// Accept-Language, and headless Chromium sends en-US by default
		chromedp.Flag("lang", "vi"),
		chromedp.Flag("accept-lang", "vi,en-US;q=0.8"),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 1600),
	)
	b := &Browser{}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(b.listen))
	tb.Cleanup(func() { cancelC(); cancelA() })
	b.ctx = ctx
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return b
}

// listen records requests and console errors; it runs in the tab's event
// loop, so it only appends.
func (b *Browser) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, e.Request.URL)
	case *network.EventResponseReceived:
		b.responses = append(b.responses, Response{URL: e.Response.URL, Status: int(e.Response.Status)})
	case *network.EventLoadingFinished:
		b.bytes += int64(e.EncodedDataLength)
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value))
			}
			b.errors = append(b.errors, "console.error: "+strings.Join(parts, " "))
		}
	case *cdplog.EventEntryAdded:
		// What the page's security policy blocks counts as an error.
		if strings.Contains(e.Entry.Text, "Content Security Policy") {
			b.errors = append(b.errors, "blocked: "+e.Entry.Text)
		}
	case *runtime.EventExceptionThrown:
		msg := e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
		b.errors = append(b.errors, "exception: "+msg)
	}
}

// Do runs chromedp actions with a time limit.
func (b *Browser) Do(tb testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.Fatalf("browser: %v", err)
	}
}

// Get runs one action that returns a value.
func Get[T any](tb testing.TB, b *Browser, a chromedp.Action[T]) T {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.Fatalf("browser: %v", err)
	}
	return v
}

// Visit loads url and waits until every chart on the page is drawn.
func (b *Browser) Visit(tb testing.TB, url string) {
	tb.Helper()
	b.Do(tb, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")))
	b.WaitCharts(tb)
}

// WaitCharts waits until every chart container says it is drawn.
func (b *Browser) WaitCharts(tb testing.TB) {
	tb.Helper()
	Get(tb, b, chromedp.Poll[bool](`Array.from(document.querySelectorAll('[data-chart]')).every(e => e.getAttribute('data-drawn') === 'true')`,
		chromedp.WithPollingTimeout(20*time.Second)))
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](tb testing.TB, b *Browser, expr string) T {
	tb.Helper()
	return Get(tb, b, chromedp.Evaluate[T](expr))
}

// Text is the visible text of the page.
func (b *Browser) Text(tb testing.TB) string {
	tb.Helper()
	return Get(tb, b, chromedp.Text(chromedp.CSS("body")))
}

// Requests returns every URL requested so far and forgets them.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.requests
	b.requests = nil
	return r
}

// Response is the status a request was answered with.
type Response struct {
	URL    string
	Status int
}

// Responses returns every response so far and forgets them; requests made
// by the page's scripts in no-cors mode are here too, whatever the page
// itself could see of them.
func (b *Browser) Responses() []Response {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.responses
	b.responses = nil
	return r
}

// Bytes returns the bytes received over the network so far and forgets them.
func (b *Browser) Bytes() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.bytes
	b.bytes = 0
	return n
}

// Errors returns console errors and exceptions so far and forgets them.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.errors
	b.errors = nil
	return e
}

// OffMachine lists requests that would leave the server at base.
func OffMachine(requests []string, base string) []string {
	var out []string
	for _, r := range requests {
		if !strings.HasPrefix(r, base+"/") && r != base && !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "blob:") {
			out = append(out, r)
		}
	}
	return out
}

// OutDir is a folder under $TESTOUT (else the system's temporary folder)
// where tests leave files for people to look at.
func OutDir(tb testing.TB, name string) string {
	dir := os.Getenv("TESTOUT")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "chitieu-testout")
	}
	dir = filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Screenshot keeps a full-page screenshot under $TESTOUT/screenshots.
func (b *Browser) Screenshot(tb testing.TB, name string) {
	tb.Helper()
	dir := OutDir(tb, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	buf := Get(tb, b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		tb.Fatal(err)
	}
}
