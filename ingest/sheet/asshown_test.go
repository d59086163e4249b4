package sheet

import (
	"math"
	"testing"
)

func TestAsShown(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{58.20000000000001, 58.2},
		{222.82000000000002, 222.82},
		{0.1 + 0.2, 0.3},
		{1372927.5149442202, 1372927.51494422},
		{6037347.630702719, 6037347.63070272},
		{-12.340000000000002, -12.34},
		{1e-20 / 3, 3.33333333333333e-21},
		{0, 0},
		{7, 7},
	} {
		if got := AsShown(tc.in); got != tc.want {
			t.Errorf("AsShown(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if got := AsShown(math.Inf(1)); !math.IsInf(got, 1) {
		t.Errorf("AsShown(+Inf) = %v", got)
	}
}
