//go:build linux

// Command national measures chitieu at national scale: it writes the files a
// year's reports would arrive as (one CSV of observations by code per province
// and year), loads them part by part with chitieu ingest into a store held by
// chitieu serve under --memory-limit, and reports the load time of each part,
// the server's peak RSS, the store's size on disk, and the time of a year's
// performance query and of /api/performance?year= at that size.
//
// The full size is -provinces 63 -units 700 -indicators 550 -years N
// (24,255,000 figures a year); make bench-national runs a fraction of it.
// Generated files live in -dir (a new temporary folder by default) and each
// part is removed once loaded; nothing here is meant to be committed. It
// reads RSS from /proc and rusage, so it runs on Linux.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	bin, dir, memoryLimit        string
	provinces, units, indicators int
	years, firstYear             int
	keep                         bool
	oneFile                      string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "national:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var c config
	fs := flag.NewFlagSet("national", flag.ContinueOnError)
	fs.StringVar(&c.bin, "bin", "bin/chitieu", "the chitieu binary to measure")
	fs.StringVar(&c.dir, "dir", "", "folder for the store and the generated files (default: a new temporary folder)")
	fs.StringVar(&c.memoryLimit, "memory-limit", "2GB", "serve --memory-limit")
	fs.IntVar(&c.provinces, "provinces", 63, "provinces: one file per province and year")
	fs.IntVar(&c.units, "units", 700, "units of each province")
	fs.IntVar(&c.indicators, "indicators", 550, "indicators each unit reports")
	fs.IntVar(&c.years, "years", 26, "years, loaded one after the other")
	fs.IntVar(&c.firstYear, "first-year", 2000, "the first year")
	fs.BoolVar(&c.keep, "keep", false, "keep the store when done")
	fs.StringVar(&c.oneFile, "one-file", "", "only write every figure into this one CSV (the catalogs beside it) and stop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.oneFile != "" {
		return writeOneFile(c)
	}
	if c.dir == "" {
		d, err := os.MkdirTemp("", "chitieu-national-")
		if err != nil {
			return err
		}
		c.dir = d
	}
	if !c.keep {
		defer os.RemoveAll(c.dir)
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	return bench(ctx, c, out)
}

func bench(ctx context.Context, c config, out io.Writer) error {
	db := filepath.Join(c.dir, "national.duckdb")
	perPart := c.units * c.indicators
	total := c.provinces * perPart * c.years
	fmt.Fprintf(out, "# chitieu at national scale: %d provinces × %d units × %d indicators × %d years = %d figures\n",
		c.provinces, c.units, c.indicators, c.years, total)
	fmt.Fprintf(out, "# store %s, serve --memory-limit %s\n", db, c.memoryLimit)

	srv, err := startServe(ctx, c, db)
	if err != nil {
		return err
	}
	defer srv.stop()

	started := time.Now()
	units, inds := filepath.Join(c.dir, "units.csv"), filepath.Join(c.dir, "indicators.csv")
	if err := writeCatalogs(c, units, inds); err != nil {
		return err
	}
	if _, _, err := ingest(ctx, c, db, units, inds); err != nil {
		return fmt.Errorf("catalogs: %w", err)
	}
	fmt.Fprintf(out, "catalogs: %d units, %d indicators loaded in %.1f s\n", c.provinces*c.units, c.indicators, time.Since(started).Seconds())

	fmt.Fprintln(out, "\n| part | year | province | figures | load s | server RSS MiB | client peak RSS MiB |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|")
	var loadTotal time.Duration
	var clientPeak int64
	part := 0
	for y := 0; y < c.years; y++ {
		for p := 0; p < c.provinces; p++ {
			part++
			year := c.firstYear + y
			file := filepath.Join(c.dir, fmt.Sprintf("t%02d-%d.csv", p+1, year))
			if err := writePart(c, file, year, p); err != nil {
				return err
			}
			took, rss, err := ingest(ctx, c, db, file)
			os.Remove(file)
			if err != nil {
				return fmt.Errorf("part %d (%s): %w", part, filepath.Base(file), err)
			}
			loadTotal += took
			clientPeak = max(clientPeak, rss)
			fmt.Fprintf(out, "| %d | %d | T%02d | %d | %.1f | %.0f | %.0f |\n", part, year, p+1, perPart, took.Seconds(),
				mib(srv.status("VmRSS")), mib(rss))
		}
	}
	lastYear := c.firstYear + c.years - 1
	fmt.Fprintf(out, "\nloaded %d figures in %d parts: %.1f s of loads (%.0f figures/s)\n", total, part, loadTotal.Seconds(),
		float64(total)/loadTotal.Seconds())
	fmt.Fprintf(out, "server peak RSS (VmHWM) after the loads: %.0f MiB; client peak RSS: %.0f MiB\n", mib(srv.status("VmHWM")), mib(clientPeak))

	// A year's performance, aggregated the way the overview reads it, over
	// every figure of the year; the whole year as Arrow only while it is a
	// transfer of a few GB at most.
	queries := []string{fmt.Sprintf(`SELECT status, count(*) AS n, round(avg(attainment_pct), 2) AS avg_attainment_pct
		FROM performance WHERE year = %d GROUP BY status ORDER BY status`, lastYear)}
	if c.provinces*perPart <= 7_000_000 {
		queries = append(queries, fmt.Sprintf("SELECT * FROM performance WHERE year = %d", lastYear))
	}
	for qi, q := range queries {
		format := "csv"
		if qi > 0 {
			format = "arrow"
		}
		for _, label := range []string{"first", "again"} {
			t0 := time.Now()
			var n counter
			cmd := exec.CommandContext(ctx, c.bin, "sql", "--db", db, "--format", format, q)
			var stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &n, &stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("performance query: %v: %s", err, stderr.String())
			}
			fmt.Fprintf(out, "chitieu sql (%s, %s): %s: %.2f s, %.1f MiB\n", format, label,
				strings.Join(strings.Fields(q), " "), time.Since(t0).Seconds(), mib(int64(n)))
		}
	}
	// The overview page and the APIs behind it for the whole nation's year,
	// the first page of /api/performance (paged), and one province's.
	paths := []string{
		fmt.Sprintf("/?year=%d", lastYear),
		fmt.Sprintf("/api/performance?year=%d", lastYear),
		fmt.Sprintf("/api/figures?year=%d", lastYear),
		fmt.Sprintf("/api/ranking?year=%d", lastYear),
		fmt.Sprintf("/api/performance?year=%d&block=T%%E1%%BB%%89nh%%2001", lastYear),
	}
	for _, path := range paths {
		for _, label := range []string{"first", "again, from the cache"} {
			t0 := time.Now()
			n, status, err := srv.get(ctx, path)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "GET %s (%s): %d, %.2f s, %.1f MiB\n", path, label, status, time.Since(t0).Seconds(), mib(n))
		}
	}
	fmt.Fprintf(out, "server peak RSS (VmHWM) at the end: %.0f MiB\n", mib(srv.status("VmHWM")))

	if err := srv.stop(); err != nil {
		return err
	}
	var size int64
	matches, _ := filepath.Glob(db + "*")
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && !strings.HasSuffix(m, ".server") {
			size += fi.Size()
		}
	}
	fmt.Fprintf(out, "store on disk after the server stopped: %.0f MiB (%.1f bytes a figure)\n", mib(size), float64(size)/float64(total))
	return nil
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// counter counts the bytes written to it.
type counter int64

func (c *counter) Write(b []byte) (int, error) {
	*c += counter(len(b))
	return len(b), nil
}

// ingest runs chitieu ingest and returns its time and peak RSS in bytes.
func ingest(ctx context.Context, c config, db string, files ...string) (time.Duration, int64, error) {
	cmd := exec.CommandContext(ctx, c.bin, append([]string{"ingest", "--db", db, "--locale", "en"}, files...)...)
	t0 := time.Now()
	b, err := cmd.CombinedOutput()
	took := time.Since(t0)
	if err != nil {
		return took, 0, fmt.Errorf("%v: %s", err, b)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10
	}
	return took, rss, nil
}

func unitCode(p, u int) string   { return fmt.Sprintf("T%02d-DV%04d", p+1, u+1) }
func indicatorCode(i int) string { return fmt.Sprintf("CT%04d", i+1) }

// writeCatalogs writes the units (each province a block) and the indicators.
func writeCatalogs(c config, units, inds string) error {
	err := writeFile(units, func(w *bufio.Writer) {
		w.WriteString("code,name_vi,name_en,block\n")
		for p := 0; p < c.provinces; p++ {
			for u := 0; u < c.units; u++ {
				fmt.Fprintf(w, "%s,Đơn vị %d tỉnh %d,Unit %d of province %d,Tỉnh %02d\n", unitCode(p, u), u+1, p+1, u+1, p+1, p+1)
			}
		}
	})
	if err != nil {
		return err
	}
	return writeFile(inds, func(w *bufio.Writer) {
		w.WriteString("code,name_vi,name_en,measure,measure_en,direction,kind,category\n")
		for i := 0; i < c.indicators; i++ {
			dir, kind, measure := "higher", "count", "người,people"
			if i%10 == 9 {
				dir = "lower"
			}
			if i%5 == 4 {
				kind, measure = "rate", "%,%"
			}
			fmt.Fprintf(w, "%s,Chỉ tiêu %d,Indicator %d,%s,%s,%s,Nhóm %d\n", indicatorCode(i), i+1, i+1, measure, dir, kind, i/50+1)
		}
	})
}

// writeOneFile writes the catalogs and every part into one CSV, for a load
// of one large file.
func writeOneFile(c config) error {
	dir := filepath.Dir(c.oneFile)
	if err := writeCatalogs(c, filepath.Join(dir, "units.csv"), filepath.Join(dir, "indicators.csv")); err != nil {
		return err
	}
	return writeFile(c.oneFile, func(w *bufio.Writer) {
		w.WriteString("year,unit,indicator,actual,plan\n")
		for y := 0; y < c.years; y++ {
			for p := 0; p < c.provinces; p++ {
				writeRows(w, c, c.firstYear+y, p)
			}
		}
	})
}

// writePart writes one province's year: every unit, every indicator, an
// actual and a plan, the same figures whenever it is written again.
func writePart(c config, path string, year, p int) error {
	return writeFile(path, func(w *bufio.Writer) {
		w.WriteString("year,unit,indicator,actual,plan\n")
		writeRows(w, c, year, p)
	})
}

func writeRows(w *bufio.Writer, c config, year, p int) {
	buf := make([]byte, 0, 64)
	for u := 0; u < c.units; u++ {
		uc := unitCode(p, u)
		for i := 0; i < c.indicators; i++ {
			h := mix(uint64(year)<<40 | uint64(p)<<28 | uint64(u)<<12 | uint64(i))
			plan := 1000 + h%1_000_000
			actual := plan * (80 + (h>>32)%40) / 100
			buf = buf[:0]
			buf = strconv.AppendInt(buf, int64(year), 10)
			buf = append(buf, ',')
			buf = append(buf, uc...)
			buf = append(buf, ',')
			buf = append(buf, indicatorCode(i)...)
			buf = append(buf, ',')
			buf = strconv.AppendUint(buf, actual, 10)
			buf = append(buf, ',')
			buf = strconv.AppendUint(buf, plan, 10)
			buf = append(buf, '\n')
			w.Write(buf)
		}
	}
}

// mix is splitmix64's finaliser: figures that look random and repeat.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func writeFile(path string, body func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	body(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// server is a running chitieu serve.
type server struct {
	cmd         *exec.Cmd
	base, token string
	done        chan error
	stopped     bool
}

func startServe(ctx context.Context, c config, db string) (*server, error) {
	cmd := exec.Command(c.bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--memory-limit", c.memoryLimit,
		"--max-upload", "4GiB", "--query-timeout", "30m")
	logf, err := os.Create(filepath.Join(c.dir, "serve.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = io.Discard, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var si struct{ Addr, Token string }
		if b, err := os.ReadFile(db + ".server"); err == nil && json.Unmarshal(b, &si) == nil && si.Addr != "" {
			s.base, s.token = "http://"+si.Addr, si.Token
			if _, code, err := s.get(ctx, "/healthz"); err == nil && code == http.StatusOK {
				return s, nil
			}
		}
		select {
		case err := <-s.done:
			s.stopped = true
			return nil, fmt.Errorf("serve stopped: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	s.stop()
	return nil, errors.New("serve did not answer in 2 minutes")
}

// get reads a path of the server whole and returns its length and status.
func (s *server) get(ctx context.Context, path string) (int64, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return n, resp.StatusCode, err
}

// status reads a field of /proc/PID/status in bytes (VmRSS, VmHWM).
func (s *server) status(field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// stop asks the server to finish (it checkpoints on the way out) and waits.
func (s *server) stop() error {
	if s.stopped {
		return nil
	}
	s.stopped = true
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-s.done:
		return err
	case <-time.After(5 * time.Minute):
		s.cmd.Process.Kill()
		return errors.New("serve did not stop in 5 minutes")
	}
}
