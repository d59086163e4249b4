package analytics_test

import (
	"context"
	"database/sql"
	"math"
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

// Attainment of a lower-is-better indicator is the higher-is-better formula
// with the ratio inverted.
func TestLowerIsInvertedHigher(t *testing.T) {
	st := testutil.Store(t, "", data.Options{})
	pairs := [][2]float64{{12.9, 13.1}, {1, 1}, {0.001, 1e9}, {5119291, 4500000}, {3, 7}, {1e-9, 2}}
	for _, p := range pairs {
		var lower, higher float64
		err := st.DB().QueryRowContext(context.Background(),
			"SELECT attainment_pct(?, ?, 'lower'), attainment_pct(?, ?, 'higher')", p[0], p[1], p[1], p[0]).Scan(&lower, &higher)
		if err != nil {
			t.Fatal(err)
		}
		if lower != higher {
			t.Errorf("actual %v, plan %v: lower gives %v, higher with the ratio inverted gives %v", p[0], p[1], lower, higher)
		}
	}
}

// No input, however odd, makes a macro return ±Inf or NaN.
func FuzzMacrosFinite(f *testing.F) {
	st := testutil.Store(f, "", data.Options{})
	inf, nan := math.Inf(1), math.NaN()
	for _, s := range [][3]float64{{1, 0, 1}, {0, 0, 0}, {-1, 1, 2}, {inf, 1, 1}, {1, inf, 1}, {nan, 1, 1},
		{1e308, 1e-308, 1}, {1e-308, 1e308, 0.5}, {-inf, -inf, -1}, {5, 5, 1e-300}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, a, b, years float64) {
		var vals [5]sql.NullFloat64
		err := st.DB().QueryRowContext(context.Background(), `SELECT attainment_pct($1, $2, 'higher'),
			attainment_pct($1, $2, 'lower'), growth_pct($1, $2), cagr_pct($1, $2, $3), cagr_pct($2, $1, $3)`,
			a, b, years).Scan(&vals[0], &vals[1], &vals[2], &vals[3], &vals[4])
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if v.Valid && (math.IsNaN(v.Float64) || math.IsInf(v.Float64, 0)) {
				t.Errorf("macro %d of (%v, %v, %v) = %v", i, a, b, years, v.Float64)
			}
		}
	})
}
