package server_test

import (
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"chitieu/data"
	"chitieu/internal/testutil"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

func benchRows(n string) string {
	return `{"sql": "SELECT i AS id, (i % 700)::INTEGER AS unit, i * 1.5 AS value, 'U' || (i % 700) AS code FROM range(` + n + `) t(i)"}`
}

// BenchmarkSQLResult compares, in one run over loopback, 1,000,000 rows
// returned as JSON and as an Arrow stream (target: Arrow ≤ 0.2 of JSON),
// and measures 10,000,000 rows streamed as Arrow and read by arrow-go's IPC
// reader (target: ≥ 5M rows/s).
func BenchmarkSQLResult(b *testing.B) {
	if !data.ArrowEnabled {
		b.Skip("needs -tags duckdb_arrow")
	}
	st := testutil.Store(b, "", data.Options{})
	base := startServerWith(b, st, 10*time.Minute, b.TempDir())
	arrowRead := func(body string) int64 {
		req, _ := http.NewRequest("POST", base+"/api/sql", strings.NewReader(body))
		req.Header.Set("Accept", "application/vnd.apache.arrow.stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		r, err := ipc.NewReader(resp.Body)
		if err != nil {
			b.Fatal(err)
		}
		defer r.Release()
		var n int64
		for r.Next() {
			n += r.RecordBatch().NumRows()
		}
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		return n
	}
	b.Run("1M-json-vs-arrow", func(b *testing.B) {
		var js, ar time.Duration
		for b.Loop() {
			start := time.Now()
			resp, err := http.Post(base+"/api/sql?limit=1000000", "application/json", strings.NewReader(benchRows("1000000")))
			if err != nil {
				b.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || n < 1_000_000 {
				b.Fatalf("json: %d, %d bytes", resp.StatusCode, n)
			}
			js += time.Since(start)
			start = time.Now()
			if got := arrowRead(benchRows("1000000")); got != 1_000_000 {
				b.Fatalf("arrow: %d rows", got)
			}
			ar += time.Since(start)
		}
		b.ReportMetric(float64(js.Milliseconds())/float64(b.N), "json-ms")
		b.ReportMetric(float64(ar.Milliseconds())/float64(b.N), "arrow-ms")
		b.ReportMetric(float64(ar)/float64(js), "ratio")
	})
	b.Run("10M-arrow-stream", func(b *testing.B) {
		var total time.Duration
		var rows int64
		peak := sampleHeap()
		for b.Loop() {
			start := time.Now()
			rows = arrowRead(benchRows("10000000"))
			total += time.Since(start)
		}
		if rows != 10_000_000 {
			b.Fatalf("%d rows", rows)
		}
		b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds()/1e6, "Mrows/s")
		// Go's heap, server and reader together: flat if the stream never
		// holds the result (10M rows of these four columns are ~400 MB).
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
	})
}

// sampleHeap samples the Go heap every 20 ms until the returned function is
// called, which gives the highest value seen.
func sampleHeap() func() uint64 {
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(stop); <-done; return peak }
}
