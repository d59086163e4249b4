package analytics_test

import (
	"context"
	"math"
	"sort"
	"testing"

	"chitieu/analytics"
	"chitieu/internal/testutil"
)

func basis(r analytics.Row) *float64 {
	if r.AttainmentPct != nil {
		return r.AttainmentPct
	}
	return r.TargetAttainmentPct
}

// The overview's one pass agrees with the rows it summarises, counted and
// sorted in Go: the counts by status and block, the lowest and highest
// attainments, the biggest movers, and what needs attention.
func TestOverviewAgreesWithRows(t *testing.T) {
	st := testutil.SampleStore(t)
	an := analytics.New(st.DB())
	ctx := context.Background()
	rows, err := an.Performance(ctx, analytics.Filter{Year: 2018})
	if err != nil {
		t.Fatal(err)
	}
	ov, err := an.Overview(ctx, analytics.FigureQuery{Filter: analytics.Filter{Year: 2018}}, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	byStatus, units := map[string]int{}, map[string]bool{}
	var planned, moved []analytics.Row
	for _, r := range rows {
		byStatus[r.Status]++
		units[r.UnitCode] = true
		if basis(r) != nil {
			planned = append(planned, r)
		}
		if r.YoYPct != nil && r.Kind != "rate" {
			moved = append(moved, r)
		}
	}
	if ov.Figures != len(rows) || ov.Units != len(units) {
		t.Errorf("%d figures of %d units, the rows say %d of %d", ov.Figures, ov.Units, len(rows), len(units))
	}
	for st, n := range byStatus {
		if ov.ByStatus[st] != n {
			t.Errorf("%s: %d, the rows say %d", st, ov.ByStatus[st], n)
		}
	}
	sort.SliceStable(planned, func(i, j int) bool { return *basis(planned[i]) < *basis(planned[j]) })
	if len(ov.Worst) != 3 || *basis(ov.Worst[0]) != *basis(planned[0]) || *basis(ov.Worst[2]) != *basis(planned[2]) {
		t.Errorf("worst %v", ov.Worst)
	}
	if len(ov.Best) != 3 || testutil.Round2(*basis(ov.Best[0])) != 175 {
		t.Errorf("the best is not the firms supported's 175%%: %v", ov.Best)
	}
	sort.SliceStable(moved, func(i, j int) bool { return math.Abs(*moved[i].YoYPct) > math.Abs(*moved[j].YoYPct) })
	if len(moved) > 0 && (len(ov.Movers) == 0 || *ov.Movers[0].YoYPct != *moved[0].YoYPct) {
		t.Errorf("movers %v, want %s/%s first", ov.Movers, moved[0].UnitCode, moved[0].IndicatorCode)
	}
	for _, r := range ov.Attention {
		if r.Status != "missed" && r.Status != "near" {
			t.Errorf("%s/%s needs no attention: %s", r.UnitCode, r.IndicatorCode, r.Status)
		}
	}
	if want := min(2, byStatus["missed"]+byStatus["near"]); len(ov.Attention) != want {
		t.Errorf("%d figures need attention, want %d", len(ov.Attention), want)
	}
	// A selection with nothing in it answers zeros, not an error.
	empty, err := an.Overview(ctx, analytics.FigureQuery{Filter: analytics.Filter{Year: 2018}, Category: "none such"}, 3, 2)
	if err != nil || empty.Figures != 0 || len(empty.Worst) != 0 {
		t.Errorf("empty selection: %v %+v", err, empty)
	}
}

// The figures query pages without overlap, sorts as asked and counts all.
func TestFiguresPagesAndSorts(t *testing.T) {
	st := testutil.SampleStore(t)
	an := analytics.New(st.DB())
	ctx := context.Background()
	q := analytics.FigureQuery{Filter: analytics.Filter{Year: 2018}, Sort: "attainment", Desc: true, Limit: 4}
	first, total, err := an.Figures(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Offset = 4
	second, total2, err := an.Figures(ctx, q)
	if err != nil || total2 != total {
		t.Fatal(err, total, total2)
	}
	all := append(first, second...)
	if len(first) != 4 || testutil.Round2(*basis(first[0])) != 175 {
		t.Errorf("the first page starts with %v", first)
	}
	for i := 1; i < len(all); i++ {
		if *basis(all[i]) > *basis(all[i-1]) {
			t.Errorf("row %d: %.2f after %.2f", i, *basis(all[i]), *basis(all[i-1]))
		}
		if all[i].UnitCode == all[i-1].UnitCode && all[i].IndicatorCode == all[i-1].IndicatorCode {
			t.Errorf("row %d twice", i)
		}
	}
	withPlan, _, err := an.Figures(ctx, analytics.FigureQuery{Filter: analytics.Filter{Year: 2018}, Sort: "attainment"})
	if err != nil || len(withPlan) != total {
		t.Errorf("%d rows with an attainment, total %d: %v", len(withPlan), total, err)
	}
	missed, n, err := an.Figures(ctx, analytics.FigureQuery{Filter: analytics.Filter{Year: 2018}, Statuses: []string{"exceeded"}})
	if err != nil || n == 0 || len(missed) != n {
		t.Fatalf("%d exceeded: %v", n, err)
	}
	for _, r := range missed {
		if r.Status != "exceeded" {
			t.Errorf("%s/%s is %s", r.UnitCode, r.IndicatorCode, r.Status)
		}
	}
}

func TestFoldText(t *testing.T) {
	for in, want := range map[string]string{"Sở Y tế": "so y te", "ĐOÀN": "doan", "Tỷ lệ hộ nghèo": "ty le ho ngheo", "abc-12": "abc-12"} {
		if got := analytics.FoldText(in); got != want {
			t.Errorf("FoldText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Codes are found whatever their case, unless the filter says they are the
// catalog's own (Exact), which DuckDB can filter in its scan.
func TestFilterCodesExact(t *testing.T) {
	an := analytics.New(testutil.SampleStore(t).DB())
	for _, c := range []struct {
		name  string
		f     analytics.Filter
		found bool
	}{
		{"another case", analytics.Filter{Year: 2018, Units: []string{"syt"}, Indicators: []string{"kham_benh"}}, true},
		{"as the catalog has it", analytics.Filter{Year: 2018, Units: []string{"SYT"}, Indicators: []string{"KHAM_BENH"}, Exact: true}, true},
		{"another case, exact", analytics.Filter{Year: 2018, Units: []string{"syt"}, Indicators: []string{"kham_benh"}, Exact: true}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := an.Performance(context.Background(), c.f)
			if err != nil {
				t.Fatal(err)
			}
			if found := len(rows) == 1 && rows[0].UnitCode == "SYT"; found != c.found || len(rows) > 1 {
				t.Errorf("%d rows, want found %v", len(rows), c.found)
			}
		})
	}
}
