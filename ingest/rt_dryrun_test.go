package ingest_test

import (
	"testing"

	"chitieu/ingest"
	"chitieu/internal/testutil"
)

// TestReportTableDryRun: the dry run of a report table (a merged two-row
// header, "Năm 2024" over "Kế hoạch | Ước thực hiện", made with excelize)
// says what it would insert and change, and changes nothing, also when it
// would revise figures the store holds. The counts are of observations: a
// row gives 2023's actual and 2024's plan and estimate, two observations.
func TestReportTableDryRun(t *testing.T) {
	needArrow(t)
	first, revised := "testdata/bieu01-sdl-2024.xlsx", "testdata/bieu01-sdl-2024-revised.xlsx"
	tests := []struct {
		name                         string
		before                       []string // loaded for real first
		file                         string
		opts                         ingest.Options
		outcome                      string
		inserted, updated, unchanged int64
	}{
		{"new figures", nil, first, ingest.Options{Unit: "SDL", CreateMissing: true}, "would load", 8, 0, 0},
		{"the same file again", []string{first}, first, ingest.Options{Unit: "SDL", CreateMissing: true}, "unchanged", 0, 0, 8},
		{"four figures revised", []string{first}, revised, ingest.Options{Unit: "SDL", CreateMissing: true}, "would load", 0, 4, 4},
		{"four figures revised, --partial", []string{first}, revised, ingest.Options{Unit: "SDL", CreateMissing: true, Partial: true}, "would load", 0, 4, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.SampleStore(t)
			for _, f := range tc.before {
				load(t, st, ingest.Options{Unit: "SDL", CreateMissing: true}, f)
			}
			before := fingerprint(t, st)
			opts := tc.opts
			opts.DryRun = true
			rep := load(t, st, opts, tc.file)
			fr := rep.Files[0]
			if fr.Outcome != tc.outcome || fr.Inserted != tc.inserted || fr.Updated != tc.updated || fr.Unchanged != tc.unchanged {
				t.Errorf("%s: inserted %d, updated %d, unchanged %d; want %s %d/%d/%d",
					fr.Outcome, fr.Inserted, fr.Updated, fr.Unchanged, tc.outcome, tc.inserted, tc.updated, tc.unchanged)
			}
			if after := fingerprint(t, st); after != before {
				t.Errorf("a dry run changed the store")
			}
		})
	}
}
