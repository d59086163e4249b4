package server_test

import (
	"testing"

	"chitieu/internal/testutil"
	"chitieu/server"
)

// A ranking of many units gives its rows without their figures, which at
// the nation's size are tens of millions; one block gives them.
func TestRankingPartsCapped(t *testing.T) {
	ts := startTestServerDeps(t, testutil.SampleStore(t), server.Deps{MaxRankingParts: 5})
	type answer struct {
		Rows []struct {
			UnitCode    string `json:"unit_code"`
			NIndicators int    `json:"n_indicators"`
			Parts       []any  `json:"parts"`
		} `json:"rows"`
		PartsOmitted bool `json:"parts_omitted"`
	}
	for _, tc := range []struct {
		name, path string
		omitted    bool
	}{
		{"every block: over the cap", "/api/ranking?year=2018", true},
		{"without parts asked", "/api/ranking?year=2018&parts=false", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a answer
			getJSON(t, ts.base+tc.path, 200, &a)
			if len(a.Rows) != 7 || a.PartsOmitted != tc.omitted {
				t.Fatalf("%d rows, parts omitted %v; want 7 rows, %v", len(a.Rows), a.PartsOmitted, tc.omitted)
			}
			for _, r := range a.Rows {
				if len(r.Parts) > 0 {
					t.Errorf("%s carries %d parts", r.UnitCode, len(r.Parts))
				}
			}
		})
	}
	// Under the cap the figures come with the rows, as before.
	big := startTestServerDeps(t, testutil.SampleStore(t), server.Deps{})
	var a answer
	getJSON(t, big.base+"/api/ranking?year=2018", 200, &a)
	parts := 0
	for _, r := range a.Rows {
		parts += len(r.Parts)
	}
	if a.PartsOmitted || parts != 16 {
		t.Errorf("default cap: parts omitted %v, %d parts; want false and the year's 16 figures", a.PartsOmitted, parts)
	}
}
