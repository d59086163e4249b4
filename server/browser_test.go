package server_test

import (
	"strings"
	"testing"

	"chitieu/internal/browsertest"
	"chitieu/internal/testutil"
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
