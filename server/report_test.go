package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"

	"github.com/chromedp/chromedp"
)

func TestReportEndpoint(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	for _, tc := range []struct {
		query, ctype, magic, name string
		code                      int
	}{
		{"year=2018&format=docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04", "bao-cao-2018.docx", 200},
		{"year=2018&format=pdf&block=Kh%E1%BB%91i%20thi%20%C4%91ua%204", "application/pdf", "%PDF-", "bao-cao-2018-khoi-thi-dua-4.pdf", 200},
		{"year=2018&format=html&unit=syt", "text/html; charset=utf-8", "<!doctype html>", "bao-cao-2018-syt.html", 200},
		{"year=2018&format=odt", "", "", "", 400},
		{"year=1999&format=docx", "", "", "", 404},
		{"year=2018&unit=NOPE", "", "", "", 404},
	} {
		t.Run(tc.query, func(t *testing.T) {
			code, h, body := get(t, base+"/api/report?"+tc.query)
			if code != tc.code {
				t.Fatalf("%d, want %d: %.300s", code, tc.code, body)
			}
			if code != 200 {
				return
			}
			if h.Get("Content-Type") != tc.ctype || !strings.HasPrefix(body, tc.magic) {
				t.Errorf("%s %q", h.Get("Content-Type"), body[:min(20, len(body))])
			}
			if !strings.Contains(h.Get("Content-Disposition"), `filename="`+tc.name+`"`) {
				t.Errorf("disposition %q", h.Get("Content-Disposition"))
			}
		})
	}
	for _, page := range []string{"/", "/ranking", "/units/SYT"} {
		_, _, body := get(t, base+page)
		if !strings.Contains(body, "Tải báo cáo") || !strings.Contains(body, `/api/report?`) || !strings.Contains(body, `lang=vi&amp;`) || !strings.Contains(body, `year=2018&amp;format=docx`) {
			t.Errorf("%s has no report link", page)
		}
	}
}

// Every chart of a page has the Word menu, and its picture is a PNG at twice
// the chart's size.
func TestWordChartsInBrowser(t *testing.T) {
	base := startServer(t, testutil.SampleStore(t))
	b := browsertest.New(t)
	b.Visit(t, base+"/")
	charts := browsertest.Eval[int](t, b, `document.querySelectorAll('[data-chart][data-drawn="true"]').length`)
	menus := browsertest.Eval[int](t, b, `document.querySelectorAll('.chart-menu .word-png').length`)
	copies := browsertest.Eval[int](t, b, `document.querySelectorAll('.chart-menu .word-copy').length`)
	if charts < 2 || menus != charts || copies != charts {
		t.Fatalf("%d charts, %d PNG buttons, %d copy buttons", charts, menus, copies)
	}
	if got := browsertest.Eval[string](t, b, `document.querySelector('.word-png').textContent + '|' + document.querySelector('.word-copy').textContent`); got != "PNG cho Word|Sao chép" {
		t.Errorf("menu %q", got)
	}
	b.Visit(t, base+"/?lang=en")
	if got := browsertest.Eval[string](t, b, `document.querySelector('.word-png').textContent + '|' + document.querySelector('.word-copy').textContent`); got != "PNG for Word|Copy" {
		t.Errorf("English menu %q", got)
	}
	browsertest.Eval[bool](t, b, `(function () {
	  var el = document.querySelector('[data-chart][data-drawn="true"]');
	  window.__pic = '';
	  window.ctChartPicture(el).then(function (blob) { return createImageBitmap(blob).then(function (im) {
	    window.__pic = blob.type + ' ' + im.width + 'x' + im.height + ' ' + el.clientWidth + 'x' + el.clientHeight; }); },
	    function (e) { window.__pic = 'error ' + e.message; });
	  return true; })()`)
	got := browsertest.Get(t, b, chromedp.Poll[string](`window.__pic`, chromedp.WithPollingTimeout(20*time.Second)))
	var typ string
	var pw, ph, cw, chh int
	if _, err := fmt.Sscanf(strings.ReplaceAll(got, "x", " "), "%s %d %d %d %d", &typ, &pw, &ph, &cw, &chh); err != nil || typ != "image/png" || pw != 2*max(cw, 600) || ph < 2*max(chh, 300) {
		t.Errorf("picture %q", got)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	b.Screenshot(t, "overview-word-menu")
}
