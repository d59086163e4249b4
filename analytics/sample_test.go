package analytics_test

import (
	"context"
	"testing"

	"chitieu/analytics"
	"chitieu/internal/testutil"
)

// The sample must reproduce the article's arithmetic through the performance
// view (../shared/seed/FIGURES.md).
func TestSampleReproducesArticle(t *testing.T) {
	st := testutil.SampleStore(t)
	rows, err := analytics.New(st.DB()).Performance(context.Background(), analytics.Filter{Year: 2018})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]analytics.Row{}
	for _, r := range rows {
		byKey[r.UnitCode+"/"+r.IndicatorCode] = r
	}
	get := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return testutil.Round2(*p)
	}
	tests := []struct {
		name, key string
		field     func(analytics.Row) *float64
		want      float64
		status    string
	}{
		{"jobs created: exceeds plan by 10,07%", "SLDTBXH/VIEC_LAM", func(r analytics.Row) *float64 { return r.AttainmentPct }, 110.08, "exceeded"},
		{"under-5 malnutrition, lower is better: plan ÷ actual", "SYT/SDD_DUOI_5", func(r analytics.Row) *float64 { return r.AttainmentPct }, 101.55, "exceeded"},
		{"medical examinations", "SYT/KHAM_BENH", func(r analytics.Row) *float64 { return r.AttainmentPct }, 113.76, "exceeded"},
		{"contraception", "SYT/TRANH_THAI", func(r analytics.Row) *float64 { return r.AttainmentPct }, 113.93, "exceeded"},
		{"firms supported: 175%", "SKHCN/DN_HO_TRO_SHTT", func(r analytics.Row) *float64 { return r.AttainmentPct }, 175, "exceeded"},
		{"international arrivals +57,5% on 2017", "SDL/KHACH_QUOC_TE", func(r analytics.Row) *float64 { return r.YoYPct }, 57.50, "exceeded"},
		{"tourist arrivals +25,3% on 2017", "SDL/KHACH_DU_LICH", func(r analytics.Row) *float64 { return r.YoYPct }, 25.30, "exceeded"},
		{"tourist arrivals 107,32% of plan", "SDL/KHACH_DU_LICH", func(r analytics.Row) *float64 { return r.AttainmentPct }, 107.32, "exceeded"},
		{"enrolment against the registered target: 103,19%", "SGDDT/HUY_DONG_6_14", func(r analytics.Row) *float64 { return r.TargetAttainmentPct }, 103.19, "exceeded"},
		{"cultural families: 372.412 of 387.279 = 96,16%", "SVHTT/GIA_DINH_VAN_HOA", func(r analytics.Row) *float64 { return r.Actual }, 96.16, "exceeded"},
		{"inspections have no plan", "SKHCN/THANH_TRA_DLCL", func(r analytics.Row) *float64 { return r.AttainmentPct }, -1, "no plan"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := byKey[tc.key]
			if !ok {
				t.Fatalf("%s: no 2018 row", tc.key)
			}
			if got := get(tc.field(r)); got != tc.want {
				t.Errorf("%s: got %v, want %v", tc.key, got, tc.want)
			}
			if r.Status != tc.status {
				t.Errorf("%s: status %q, want %q", tc.key, r.Status, tc.status)
			}
		})
	}
	if n := len(rows); n != 16 {
		t.Errorf("2018 has %d observations, want the article's 16", n)
	}
	// prev_actual is the actual of 2017 where it exists, and NULL elsewhere.
	if r := byKey["SDL/KHACH_QUOC_TE"]; r.PrevActual == nil || *r.PrevActual != 368254 {
		t.Errorf("prev_actual of international arrivals = %v, want 368254", r.PrevActual)
	}
	if r := byKey["SYT/KHAM_BENH"]; r.PrevActual != nil || r.YoYPct != nil {
		t.Errorf("medical examinations have no 2017 figure, yet prev_actual=%v yoy=%v", r.PrevActual, r.YoYPct)
	}
	if r := byKey["SLDTBXH/VIEC_LAM"]; r.Derived == nil || *r.Derived != "plan" {
		t.Errorf("the jobs plan is reconstructed and must be marked derived, got %v", r.Derived)
	}
}
