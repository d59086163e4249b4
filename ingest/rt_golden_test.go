package ingest_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/internal/testutil"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden dry-run reports in testdata/golden/")

// goldenReport is a dry run as a person checks it, kept small: each sheet's
// outcome, its columns and their meaning, its rows by kind and its first
// figures with their cells.
func goldenReport(rep *ingest.Report) string {
	var b strings.Builder
	detailed := 0
	for _, f := range rep.Files {
		name := f.File
		if f.Sheet != "" {
			name += " [" + f.Sheet + "]"
		}
		fmt.Fprintf(&b, "%s: %s, %d figures", name, f.Outcome, f.Rows)
		if f.Reason != "" {
			fmt.Fprintf(&b, " (%s)", f.Reason)
		}
		b.WriteString("\n")
		t := f.Table
		if t == nil || f.Outcome == "skipped" {
			continue
		}
		if detailed++; detailed > 4 {
			writeFirstProblem(&b, f.Problems)
			continue
		}
		fmt.Fprintf(&b, "  title %q measure %q header rows %v\n", t.Title, t.Measure, t.HeaderRows)
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "  %s %q → %s %d %s %s %s%s", c.Letter, c.Header, c.Role, c.Year, c.Field, c.Release, c.Breakdown, c.Reason)
			if c.Code != "" {
				fmt.Fprintf(&b, " [%s]", c.Code)
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "  rows %v\n", t.RowCounts)
		for i, v := range t.First {
			if i == 4 {
				break
			}
			fmt.Fprintf(&b, "  row %d %q → %s %s %d %s %s = %.6g [%s]\n", v.Row, v.Label, v.Unit, v.Indicator, v.Year, v.Field, v.Release, v.Value, v.Cell)
		}
		for _, w := range f.Warnings {
			fmt.Fprintf(&b, "  warning %s %s\n", w.Code, w.Args["cell"])
		}
		fmt.Fprintf(&b, "  new: %d indicators, %d units\n", len(t.NewIndicators), len(t.NewUnits))
		writeFirstProblem(&b, f.Problems)
	}
	return b.String()
}

func TestGoldenDryRuns(t *testing.T) {
	needArrow(t)
	bieu := filepath.Join(t.TempDir(), "bieu-01.xlsx")
	bieu01(t, bieu)
	for _, tc := range []struct {
		golden string
		path   string
		opts   ingest.Options
	}{
		{"poverty.txt", real("gso-en-poverty-rate-by-province.csv"), ingest.Options{Indicator: "POVERTY", CreateMissing: true}},
		{"social.txt", real("gso-en-key-social-indicators.csv"), ingest.Options{Unit: "VN", CreateMissing: true}},
		{"gso-2019.txt", real("gso-2019-12-nam-2019.xlsx"), ingest.Options{Unit: "VN", CreateMissing: true, Partial: true}},
		{"bieu-01.txt", bieu, ingest.Options{Unit: "AG", CreateMissing: true}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			st := testutil.Store(t, "", data.Options{})
			tc.opts.DryRun = true
			got := goldenReport(tryLoad(t, st, tc.opts, tc.path))
			path := filepath.Join("testdata", "golden", tc.golden)
			if *updateGolden {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("dry run differs from %s (go test -run TestGoldenDryRuns -update to accept):\n%s", path, got)
			}
			if n := testutil.Count(t, st, "SELECT count(*) FROM observations"); n != 0 {
				t.Errorf("a dry run wrote %d figures", n)
			}
		})
	}
}

// writeFirstProblem writes the least of the problems, so that the golden
// does not depend on the order of problems of the same row.
func writeFirstProblem(b *strings.Builder, probs []ingest.Problem) {
	if len(probs) == 0 {
		return
	}
	first := probs[0].Message
	for _, p := range probs {
		if p.Message < first {
			first = p.Message
		}
	}
	fmt.Fprintf(b, "  %d problems, the least: %s\n", len(probs), first)
}
