package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"chitieu/internal/testutil"
)

var wrkP99 = regexp.MustCompile(`\n\s+99%\s+([0-9.]+)(us|ms|s)\b`)

// BenchmarkTrafficWithALoad runs wrk with 64 connections for 60 s on the
// overview and /api/performance while, half-way, a 600,000-row file is
// loaded through /api/ingest. It fails on any error or non-2xx answer and
// reports p99 latency and requests per second, and the rate as a ratio of
// /healthz measured under the same 64 connections in the same run.
// make bench runs it once (it takes 75 s).
func BenchmarkTrafficWithALoad(b *testing.B) {
	if _, err := exec.LookPath("wrk"); err != nil {
		b.Skip("wrk is not installed: apt-get install wrk")
	}
	st := testutil.SampleStore(b)
	base := startServer(b, st)
	catalog, big := trafficFiles()
	if code, body := postFiles(b, base+"/api/ingest", catalog); code != 200 {
		b.Fatalf("catalog: %d %s", code, body)
	}
	for b.Loop() {
		health, _ := runWrk(b, base+"/healthz", "10s", "")
		type result struct {
			rate, p99 float64
			err       error
		}
		done := make(chan result, 1)
		go func() {
			rate, p99, err := wrkRun(base, "60s", "testdata/traffic.lua")
			done <- result{rate, p99, err}
		}()
		time.Sleep(30 * time.Second)
		start := time.Now()
		code, body := postFiles(b, base+"/api/ingest", map[string][]byte{"big.csv": big})
		took := time.Since(start)
		if code != 200 {
			b.Fatalf("the load in the middle: %d %s", code, body)
		}
		r := <-done
		if r.err != nil {
			b.Fatal(r.err)
		}
		if n := testutil.Count(b, st, "SELECT count(*) FROM observations WHERE unit_code LIKE 'U%'"); n != 600000 {
			b.Fatalf("after the load: %d rows, want 600000", n)
		}
		b.ReportMetric(r.rate, "req/s")
		b.ReportMetric(r.p99, "p99-ms")
		b.ReportMetric(r.rate/health, "ratio-to-healthz")
		b.ReportMetric(took.Seconds(), "load-s")
	}
}

// runWrk is wrkRun failing b on any error.
func runWrk(b *testing.B, url, duration, script string) (rate, p99 float64) {
	b.Helper()
	rate, p99, err := wrkRun(url, duration, script)
	if err != nil {
		b.Fatal(err)
	}
	return rate, p99
}

// wrkRun is one run of wrk at 64 connections; any socket error or
// non-2xx answer is an error.
func wrkRun(url, duration, script string) (rate, p99 float64, err error) {
	args := []string{"-t2", "-c64", "-d" + duration, "--latency", "--timeout", "5s"}
	if script != "" {
		args = append(args, "-s", script)
	}
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("wrk %s: %v\n%s", url, err, out)
	}
	if m := wrkErrors.Find(out); m != nil {
		return 0, 0, fmt.Errorf("wrk %s: %s\n%s", url, m, out)
	}
	m := wrkRate.FindSubmatch(out)
	l := wrkP99.FindSubmatch(out)
	if m == nil || l == nil {
		return 0, 0, fmt.Errorf("wrk %s: no rate or p99 in\n%s", url, out)
	}
	rate, _ = strconv.ParseFloat(string(m[1]), 64)
	p99, _ = strconv.ParseFloat(string(l[1]), 64)
	switch string(l[2]) {
	case "us":
		p99 /= 1000
	case "s":
		p99 *= 1000
	}
	return rate, p99, nil
}

// trafficFiles (also TestServesDuringLoad) are a catalog of 300 units and 200 indicators and ten years
// of their figures: 600,000 rows.
func trafficFiles() (map[string][]byte, []byte) {
	var units, inds, big bytes.Buffer
	units.WriteString("code,name_vi,block\n")
	for i := range 300 {
		fmt.Fprintf(&units, "U%d,Đơn vị %d,K9\n", i, i)
	}
	inds.WriteString("code,name_vi,direction,kind\n")
	for i := range 200 {
		fmt.Fprintf(&inds, "I%d,Chỉ tiêu %d,higher,count\n", i, i)
	}
	w := bufio.NewWriter(&big)
	w.WriteString("year,unit,indicator,actual\n")
	for y := range 10 {
		for i := range 200 {
			for u := range 300 {
				fmt.Fprintf(w, "%d,U%d,I%d,%d\n", 2000+y, u, i, u+i)
			}
		}
	}
	w.Flush()
	return map[string][]byte{"units.csv": units.Bytes(), "indicators.csv": inds.Bytes()}, big.Bytes()
}
