package server_test

import (
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"chitieu/internal/testutil"
)

var wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
var wrkErrors = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)|Socket errors: .*`)

// wrk runs Debian's wrk against url: 2 threads, 32 connections.
func wrk(b *testing.B, url, duration string) float64 {
	b.Helper()
	out, err := exec.Command("wrk", "-t2", "-c32", "-d"+duration, url).CombinedOutput()
	if err != nil {
		b.Fatalf("wrk %s: %v\n%s", url, err, out)
	}
	if m := wrkErrors.Find(out); m != nil {
		b.Fatalf("wrk %s: %s", url, m)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		b.Fatalf("wrk %s: no rate in\n%s", url, out)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// BenchmarkHTTPUnderLoad measures requests per second of the overview and
// of /api/performance under wrk (loopback, 32 connections) against the
// server's own /healthz in the same run (target: each ≥ 0.6 of it).
func BenchmarkHTTPUnderLoad(b *testing.B) {
	if _, err := exec.LookPath("wrk"); err != nil {
		b.Skip("wrk is not installed: apt-get install wrk")
	}
	base := startServer(b, testutil.SampleStore(b))
	for b.Loop() {
		health := wrk(b, base+"/healthz", "5s")
		perf := wrk(b, base+"/api/performance?year=2018", "5s")
		page := wrk(b, base+"/", "5s")
		b.ReportMetric(health, "healthz-req/s")
		b.ReportMetric(perf, "performance-req/s")
		b.ReportMetric(page, "overview-req/s")
		b.ReportMetric(perf/health, "performance-ratio")
		b.ReportMetric(page/health, "overview-ratio")
	}
}

// BenchmarkSVGOverHTTP measures warm SVG charts over HTTP: each request a
// new chart (a new width, so no cached answer), drawn by the server's
// JavaScript engine (target: median ≤ 100 ms).
func BenchmarkSVGOverHTTP(b *testing.B) {
	base := startServer(b, testutil.SampleStore(b))
	get(b, base+"/api/charts/compare?indicator=KHACH_QUOC_TE") // warm the runtime
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		code, _, _ := get(b, fmt.Sprintf("%s/api/charts/compare?indicator=KHACH_QUOC_TE,KHACH_DU_LICH&kind=actualplan&width=%d", base, 600+i%3000))
		times = append(times, time.Since(start))
		if code != 200 {
			b.Fatalf("status %d", code)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}
