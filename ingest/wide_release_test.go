package ingest_test

import (
	"strings"
	"testing"

	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// TestWideEstimate: a wide file's "Ước TH 2019" column is an estimate, not an
// official figure, and so it never replaces one ("TH 2018" of the sample);
// the refusal of a file's figure names its row and column, as it has no cell.
func TestWideEstimate(t *testing.T) {
	type fig struct {
		year    int
		ind     string
		actual  float64
		release string
	}
	tests := []struct {
		name    string
		file    string
		refusal string // "" when the file loads
		row     int    // and the row and column the refusal names
		column  string
		want    []fig
	}{
		{"an estimate beside the year before, each with its release", "testdata/wide-estimate-2019.csv", "", 0, "", []fig{
			{2017, "KHACH_DU_LICH", 6081405, "official"},
			{2019, "KHACH_DU_LICH", 8100000, "estimate"},
			{2019, "KHACH_QUOC_TE", 700000, "estimate"},
		}},
		{"an estimate over the official figure refused, the store left alone", "testdata/wide-estimate-2018.csv",
			"không thay được số chính thức", 2, "Ước thực hiện 2018", []fig{{2018, "KHACH_DU_LICH", 7620000, "official"}}},
		{"a long file's estimate over the official figure refused by row and column", "testdata/long-estimate-2018.csv",
			"không thay được số chính thức", 3, "actual", []fig{{2018, "KHACH_DU_LICH", 7620000, "official"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.SampleStore(t)
			before := fingerprint(t, st)
			rep := tryLoad(t, st, ingest.Options{}, tc.file)
			if tc.refusal == "" && !rep.OK {
				t.Fatalf("refused:\n%s", rep.Summary())
			}
			if tc.refusal != "" {
				text := strings.Join(problemTexts(rep), "\n")
				if rep.OK || !strings.Contains(text, tc.refusal) || !strings.Contains(text, "KHACH_DU_LICH, SDL, năm 2018") {
					t.Errorf("want a refusal naming the estimate and the official figure, got:\n%s", rep.Summary())
				}
				if ps := rep.Problems(); len(ps) != 1 || ps[0].Row != tc.row || ps[0].Column != tc.column || strings.Contains(ps[0].String(), "()") {
					t.Errorf("want one refusal at row %d, column %q, got %+v", tc.row, tc.column, ps)
				}
				if after := fingerprint(t, st); after != before {
					t.Errorf("a refused load changed the store")
				}
			}
			for _, w := range tc.want {
				got := storedObs(t, st, w.year, "SDL", w.ind)
				if !near(got.Actual.Float64, w.actual) || got.Release != w.release {
					t.Errorf("%d %s: %v %s, want %v %s", w.year, w.ind, got.Actual.Float64, got.Release, w.actual, w.release)
				}
			}
		})
	}
}
