package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

// writeCatalog writes units and indicators files for nu units and ni indicators.
func writeCatalog(tb testing.TB, dir string, nu, ni int) []ingest.Input {
	tb.Helper()
	u, _ := os.Create(filepath.Join(dir, "units.csv"))
	fmt.Fprintln(u, "code,name_vi,name_en,block")
	for i := 0; i < nu; i++ {
		fmt.Fprintf(u, "U%d,Đơn vị %d,Unit %d,K%d\n", i, i, i, i%10)
	}
	u.Close()
	ind, _ := os.Create(filepath.Join(dir, "indicators.csv"))
	fmt.Fprintln(ind, "code,name_vi,name_en,measure,direction,kind,category")
	for i := 0; i < ni; i++ {
		fmt.Fprintf(ind, "I%d,Chỉ tiêu %d,Indicator %d,lượt,higher,count,C%d\n", i, i, i, i%10)
	}
	ind.Close()
	return []ingest.Input{{Name: "units.csv", Path: filepath.Join(dir, "units.csv")},
		{Name: "indicators.csv", Path: filepath.Join(dir, "indicators.csv")}}
}

// writeLongXLSX writes n observations in the long layout with excelize's
// stream writer, numbers as numbers.
func writeLongXLSX(tb testing.TB, path string, nu, ni, ny int) int {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	sw.SetRow("A1", []any{"year", "unit", "indicator", "actual", "plan"})
	n := 0
	for y := 0; y < ny; y++ {
		for i := 0; i < ni; i++ {
			for u := 0; u < nu; u++ {
				n++
				cell, _ := excelize.CoordinatesToCellName(1, n+1)
				sw.SetRow(cell, []any{2010 + y, fmt.Sprintf("U%d", u), fmt.Sprintf("I%d", i), float64(1000+(u*7+i*13+y)%977) + 0.5, 1000 + (u+i)%500})
			}
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkLoadXLSX loads a 100,000-row workbook and compares it with
// excelize's bare streaming read of the same file (Rows and Columns, nothing
// done with the values) in the same run (target: ratio ≤ 1.5).
func BenchmarkLoadXLSX(b *testing.B) {
	if !data.ArrowEnabled {
		b.Skip("needs -tags duckdb_arrow")
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "long.xlsx")
	rows := writeLongXLSX(b, path, 100, 100, 10)
	ctx := context.Background()
	var ours, ref time.Duration
	for i := 0; b.Loop(); i++ {
		st := testutil.Store(b, filepath.Join(dir, fmt.Sprintf("x%d.duckdb", i)), data.Options{})
		in := testutil.Ingester(st)
		if rep, err := in.Load(ctx, writeCatalog(b, dir, 100, 100), ingest.Options{}); err != nil || !rep.OK {
			b.Fatalf("catalog: %v", err)
		}
		start := time.Now()
		rep, err := in.Load(ctx, []ingest.Input{{Name: "long.xlsx", Path: path}}, ingest.Options{})
		if err != nil || !rep.OK || rep.Files[0].Inserted != int64(rows) {
			b.Fatalf("load: %v %s", err, rep.Summary())
		}
		ours += time.Since(start)
		st.Close()

		start = time.Now()
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rs, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rs.Next() {
			if _, err := rs.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rs.Close()
		f.Close()
		ref += time.Since(start)
		if n != rows+1 {
			b.Fatalf("excelize read %d rows", n)
		}
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "chitieu-ms")
	b.ReportMetric(float64(ref.Milliseconds())/float64(b.N), "excelize-ms")
	b.ReportMetric(float64(ours)/float64(ref), "ratio")
	b.ReportMetric(float64(rows), "rows")
}

// BenchmarkLoadReleaseWorkbook reads the statistics office's 2019 release
// workbook (46 sheets of report tables) as a user loads it, --unit VN
// --create-missing --partial, as a dry run and as a load into a new store,
// and compares each with excelize's bare read of every sheet of the same file
// (Rows and Columns, nothing done with the values) in the same run (target:
// ratio ≤ 1.5).
func BenchmarkLoadReleaseWorkbook(b *testing.B) {
	if !data.ArrowEnabled {
		b.Skip("needs -tags duckdb_arrow")
	}
	path := filepath.Join("testdata", "real", "gso-2019-12-nam-2019.xlsx")
	dir := b.TempDir()
	ctx := context.Background()
	opts := ingest.Options{Unit: "VN", CreateMissing: true, Partial: true}
	var dry, load, ref time.Duration
	for i := 0; b.Loop(); i++ {
		st := testutil.Store(b, filepath.Join(dir, fmt.Sprintf("w%d.duckdb", i)), data.Options{})
		in := testutil.Ingester(st)
		for _, dryRun := range []bool{true, false} {
			o := opts
			o.DryRun = dryRun
			start := time.Now()
			rep, err := in.Load(ctx, []ingest.Input{{Name: "gso-2019.xlsx", Path: path}}, o)
			if err != nil || !rep.OK {
				b.Fatalf("load (dry run %v): %v", dryRun, err)
			}
			if dryRun {
				dry += time.Since(start)
			} else {
				load += time.Since(start)
			}
		}
		st.Close()

		start := time.Now()
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			rs, err := f.Rows(sh)
			if err != nil {
				b.Fatal(err)
			}
			for rs.Next() {
				if _, err := rs.Columns(); err != nil {
					b.Fatal(err)
				}
			}
			rs.Close()
		}
		f.Close()
		ref += time.Since(start)
	}
	b.ReportMetric(float64(dry.Milliseconds())/float64(b.N), "dryrun-ms")
	b.ReportMetric(float64(load.Milliseconds())/float64(b.N), "load-ms")
	b.ReportMetric(float64(ref.Milliseconds())/float64(b.N), "excelize-ms")
	b.ReportMetric(float64(dry)/float64(ref), "ratio-dryrun")
	b.ReportMetric(float64(load)/float64(ref), "ratio-load")
}
