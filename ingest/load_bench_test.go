package ingest_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// The five loads of issue 13, each of a 2,000,000-observation CSV, each
// timed against DuckDB's own CREATE TABLE AS SELECT * FROM read_csv(…);
// CHECKPOINT of the same file into a new file in the same run. Units and
// indicators: 100 of each; years 1901–2100.
const (
	benchUnits, benchIndicators, benchYears, benchFirstYear = 100, 100, 200, 1901
)

// benchValue is the actual of one observation; changed moves half of them.
func benchValue(u, i, y int, changed bool) float64 {
	v := float64(1000+(u*7+i*13+y)%977) + 0.5
	if changed && (u+i+y)%2 == 0 {
		v += 1
	}
	return v
}

// writeBenchLong writes the long file, units and indicators by code or by
// their Vietnamese names.
func writeBenchLong(tb testing.TB, path string, names, changed bool) int {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "year,unit,indicator,actual,plan,target")
	n := 0
	for y := 0; y < benchYears; y++ {
		for i := 0; i < benchIndicators; i++ {
			for u := 0; u < benchUnits; u++ {
				unit, ind := fmt.Sprintf("U%d", u), fmt.Sprintf("I%d", i)
				if names {
					unit, ind = fmt.Sprintf("Đơn vị %d", u), fmt.Sprintf("Chỉ tiêu %d", i)
				}
				fmt.Fprintf(w, "%d,%s,%s,%g,%d,\n", benchFirstYear+y, unit, ind, benchValue(u, i, y, changed), 1000+(u+i)%500)
				n++
			}
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return n
}

// writeBenchWide writes a wide file the Vietnamese way: a column per year,
// numbers like "1.234,5" (quoted, the delimiter being a comma), 100,000 rows
// of 20 years: 1000 units × 100 indicators.
func writeBenchWide(tb testing.TB, path string) int {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	years := 20
	fmt.Fprint(w, "Đơn vị,Chỉ tiêu")
	for y := 0; y < years; y++ {
		fmt.Fprintf(w, ",%d", 2001+y)
	}
	fmt.Fprintln(w)
	n := 0
	for u := 0; u < 1000; u++ {
		for i := 0; i < benchIndicators; i++ {
			fmt.Fprintf(w, "U%d,I%d", u, i)
			for y := 0; y < years; y++ {
				v := (u*7 + i*13 + y) % 977
				fmt.Fprintf(w, `,"%d.%03d,%d"`, 1+(u+y)%9, v, y%10)
				n++
			}
			fmt.Fprintln(w)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return n
}

// phases adds up the "ingest phase" debug records of the loads timed.
type phases struct {
	mu   sync.Mutex
	on   bool
	took map[string]time.Duration
}

func (p *phases) Enabled(context.Context, slog.Level) bool { return true }
func (p *phases) WithAttrs([]slog.Attr) slog.Handler       { return p }
func (p *phases) WithGroup(string) slog.Handler            { return p }
func (p *phases) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "ingest phase" {
		return nil
	}
	var name string
	var took time.Duration
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "phase":
			name = a.Value.String()
		case "took":
			took = a.Value.Duration()
		}
		return true
	})
	p.mu.Lock()
	if p.on {
		p.took[strings.ReplaceAll(name, " ", "-")] += took
	}
	p.mu.Unlock()
	return nil
}

// loadCase is one of the five loads.
type loadCase struct {
	file   string   // the file timed, in the bench's folder
	units  int      // units in the catalog
	before []string // files loaded first, untimed
	check  func(ingest.FileReport) error
}

// benchLoad times c.file into a store that holds the catalog and c.before,
// CHECKPOINT included, against DuckDB's CTAS of the same file on a new file.
func benchLoad(b *testing.B, dir string, c loadCase) {
	ctx := context.Background()
	ph := &phases{took: map[string]time.Duration{}}
	var ours, ref time.Duration
	stores := b.TempDir()
	for i := 0; b.Loop(); i++ {
		st := testutil.Store(b, filepath.Join(stores, fmt.Sprintf("ours%d.duckdb", i)), data.Options{})
		in := ingest.New(st, slog.New(ph), func(ctx context.Context, c *data.Conn, touched string) error {
			return analytics.RefreshGaps(ctx, c, touched)
		})
		inputs := writeCatalog(b, dir, c.units, benchIndicators)
		for _, f := range c.before {
			inputs = append(inputs, ingest.Input{Name: f, Path: filepath.Join(dir, f)})
		}
		for _, inp := range inputs {
			if rep, err := in.Load(ctx, []ingest.Input{inp}, ingest.Options{}); err != nil || !rep.OK {
				b.Fatalf("before: %v %s", err, rep.Summary())
			}
		}
		if _, err := st.DB().ExecContext(ctx, "CHECKPOINT"); err != nil {
			b.Fatal(err)
		}
		ph.mu.Lock()
		ph.on = true
		ph.mu.Unlock()
		start := time.Now()
		rep, err := in.Load(ctx, []ingest.Input{{Name: c.file, Path: filepath.Join(dir, c.file)}}, ingest.Options{})
		if err != nil || !rep.OK {
			b.Fatalf("load: %v %s", err, rep.Summary())
		}
		if _, err := st.DB().ExecContext(ctx, "CHECKPOINT"); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		ours += took
		ph.mu.Lock()
		ph.on = false
		ph.took["checkpoint"] += took
		ph.mu.Unlock()
		if err := c.check(rep.Files[0]); err != nil {
			b.Fatal(err)
		}
		st.Close()

		plain, err := sql.Open("duckdb", filepath.Join(stores, fmt.Sprintf("ref%d.duckdb", i)))
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if _, err := plain.ExecContext(ctx, fmt.Sprintf("CREATE TABLE t AS SELECT * FROM read_csv('%s'); CHECKPOINT",
			filepath.Join(dir, c.file))); err != nil {
			b.Fatal(err)
		}
		ref += time.Since(start)
		plain.Close()
	}
	n := float64(b.N)
	var names []string
	var sum time.Duration
	for k, v := range ph.took {
		if k != "checkpoint" {
			sum += v
			names = append(names, k)
		}
	}
	ph.took["checkpoint"] -= sum // what the phases did not account for: the commit's and CHECKPOINT's writing
	names = append(names, "checkpoint")
	sort.Strings(names)
	for _, k := range names {
		b.ReportMetric(float64(ph.took[k].Milliseconds())/n, k+"-ms")
	}
	b.ReportMetric(float64(ours.Milliseconds())/n, "chitieu-ms")
	b.ReportMetric(float64(ref.Milliseconds())/n, "read_csv-ms")
	b.ReportMetric(float64(ours)/float64(ref), "ratio")
}

// BenchmarkLoad2M: the five loads (target ratios: new by code ≤ 1.25, by
// name ≤ 1.5, wide Vietnamese ≤ 1.5, half changed ≤ 3, unchanged ≤ 1.5).
func BenchmarkLoad2M(b *testing.B) {
	dir := b.TempDir()
	rows := writeBenchLong(b, filepath.Join(dir, "long.csv"), false, false)
	writeBenchLong(b, filepath.Join(dir, "names.csv"), true, false)
	writeBenchLong(b, filepath.Join(dir, "changed.csv"), false, true)
	wide := writeBenchWide(b, filepath.Join(dir, "wide.csv"))
	inserted := func(n int) func(ingest.FileReport) error {
		return func(f ingest.FileReport) error {
			if f.Inserted != int64(n) || f.Outcome != "loaded" {
				return fmt.Errorf("%s: %d inserted of %d, %s", f.File, f.Inserted, n, f.Outcome)
			}
			return nil
		}
	}
	cases := []struct {
		name string
		c    loadCase
	}{
		{"codes", loadCase{file: "long.csv", units: benchUnits, check: inserted(rows)}},
		{"names", loadCase{file: "names.csv", units: benchUnits, check: inserted(rows)}},
		{"wide-vi", loadCase{file: "wide.csv", units: 1000, check: inserted(wide)}},
		{"half-changed", loadCase{file: "changed.csv", units: benchUnits, before: []string{"long.csv"},
			check: func(f ingest.FileReport) error {
				if f.Updated != int64(rows/2) || f.Unchanged != int64(rows-rows/2) {
					return fmt.Errorf("changed.csv: %d updated, %d unchanged", f.Updated, f.Unchanged)
				}
				return nil
			}}},
		{"unchanged", loadCase{file: "long.csv", units: benchUnits, before: []string{"long.csv"},
			check: func(f ingest.FileReport) error {
				if f.Outcome != "unchanged" || f.Unchanged != int64(rows) {
					return fmt.Errorf("long.csv again: %s, %d unchanged", f.Outcome, f.Unchanged)
				}
				return nil
			}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchLoad(b, dir, c.c) })
	}
}
