package server_test

import (
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chitieu/internal/testutil"
	"chitieu/internal/testutil/hostile"
)

// The attack files, uploaded to a running server: each is a 422
// that says why, /healthz answers all the while, nothing changes, and the
// process stays well under 1 GiB.
func TestHostileUploadsRefused(t *testing.T) {
	st := testutil.SampleStore(t)
	ts := startTestServer(t, st, 0, "")
	// Refused loads are recorded in loads; the figures and catalogs must not move.
	figures := func() int64 {
		return testutil.Count(t, st, `SELECT hash(string_agg(o::VARCHAR, '|' ORDER BY o::VARCHAR)) % 1000000007 FROM observations o`) +
			testutil.Count(t, st, `SELECT count(*) FROM units`) + testutil.Count(t, st, `SELECT count(*) FROM indicators`)
	}
	before := figures()
	var healthy, sick atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			resp, err := http.Get(ts.base + "/healthz")
			if err == nil && resp.StatusCode == 200 {
				healthy.Add(1)
			} else {
				sick.Add(1)
			}
			if err == nil {
				resp.Body.Close()
			}
		}
	}()
	for _, tc := range []struct{ name, path, want string }{
		{"negative-offsets.arrow", hostile.ArrowNegativeOffsets(t, t.TempDir()), "Arrow không hợp lệ"},
		{"shared-string-bomb.xlsx", hostile.XLSXSharedStringBomb(t, t.TempDir(), 4<<20, 60_000), "nén bất thường"},
		{"empty-strings-bomb.xlsx", hostile.XLSXEmptyStringsBomb(t, t.TempDir(), 200_000_000), "nén bất thường"},
		{"column-bomb.xlsx", hostile.XLSXColumnBomb(t, t.TempDir(), "ZZZZZZZZZ2"), "ZZZZZZZZZ2"},
	} {
		b, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		code, body := postFiles(t, ts.base+"/api/ingest", map[string][]byte{tc.name: b})
		t.Logf("%s (%d bytes): %d in %v", tc.name, len(b), code, time.Since(start))
		if code != 422 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, code, body)
		}
	}
	close(stop)
	<-done
	if sick.Load() > 0 || healthy.Load() == 0 {
		t.Errorf("/healthz: %d answers, %d failures", healthy.Load(), sick.Load())
	}
	if figures() != before {
		t.Error("the figures or catalogs changed")
	}
	if n := testutil.Count(t, st, `SELECT count(*) FROM loads WHERE outcome = 'refused'`); n != 4 {
		t.Errorf("%d refused loads recorded, want 4", n)
	}
	if rss := hostile.PeakRSS(); rss > 1<<30 {
		t.Errorf("peak RSS %d MB", rss>>20)
	} else {
		t.Logf("peak RSS of the test process: %d MB", rss>>20)
	}
}
