package analytics_test

import (
	"context"
	"database/sql"
	"testing"

	"chitieu/data"
	"chitieu/internal/testutil"
)

func TestMacros(t *testing.T) {
	st := testutil.Store(t, "", data.Options{})
	tests := []struct {
		expr string
		want sql.NullFloat64
	}{
		{"attainment_pct(38527, 35000, 'higher')", sql.NullFloat64{Float64: 110.08, Valid: true}},
		{"attainment_pct(12.9, 13.1, 'lower')", sql.NullFloat64{Float64: 101.55, Valid: true}},
		{"attainment_pct(10, 0, 'higher')", sql.NullFloat64{}},
		{"attainment_pct(0, 5, 'lower')", sql.NullFloat64{}},
		{"attainment_pct(NULL, 5, 'higher')", sql.NullFloat64{}},
		{"attainment_pct(5, NULL, 'higher')", sql.NullFloat64{}},
		{"attainment_pct(-5, 10, 'higher')", sql.NullFloat64{Float64: -50, Valid: true}},
		{"attainment_pct(5, -10, 'higher')", sql.NullFloat64{}},
		{"attainment_pct('inf'::DOUBLE, 10, 'higher')", sql.NullFloat64{}},
		{"attainment_pct('nan'::DOUBLE, 10, 'higher')", sql.NullFloat64{}},
		{"growth_pct(580000, 368254)", sql.NullFloat64{Float64: 57.5, Valid: true}},
		{"growth_pct(5, 0)", sql.NullFloat64{}},
		{"growth_pct(5, NULL)", sql.NullFloat64{}},
		{"growth_pct(-5, -10)", sql.NullFloat64{Float64: 50, Valid: true}},
		{"growth_pct(-5, 10)", sql.NullFloat64{Float64: -150, Valid: true}},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			var got sql.NullFloat64
			if err := st.DB().QueryRowContext(context.Background(), "SELECT "+tc.expr).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got.Valid {
				got.Float64 = testutil.Round2(got.Float64)
			}
			if got != tc.want {
				t.Errorf("%s = %v, want %v", tc.expr, got, tc.want)
			}
		})
	}
}
