package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer a running command writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve --sample (what make run does) creates a new store with the sample,
// so a newcomer sees the 2018 review at once.
func TestServeSampleShowsTheSample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "run.duckdb")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--sample", "--db", db, "--addr", "127.0.0.1:0"}, func(string) string { return "" },
			strings.NewReader(""), &out, &errOut)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	addr := regexp.MustCompile(`đang phục vụ tại (http://[0-9.:]+)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("serve ended: %v\n%s", err, errOut.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s", errOut.String())
	}
	// the commands that go through the server read its refusals in their language
	for _, tc := range []struct {
		lang string
		want string
	}{{"vi", "máy chủ: không được dùng DELETE ở đây"}, {"en", "server: DELETE is not allowed"}} {
		_, _, err := runCmd(t, "sql", "--db", db, "--lang", tc.lang, "DELETE FROM units")
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || (tc.lang == "en" && strings.Contains(err.Error(), "Không")) {
			t.Errorf("%s: %v", tc.lang, err)
		}
	}
	resp, err := http.Get(base + "/api/performance")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var perf struct{ Rows []json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&perf); err != nil || len(perf.Rows) != 18 {
		t.Errorf("%v: %d rows, want the sample's 18 figures", err, len(perf.Rows))
	}
}
