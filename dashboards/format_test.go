package dashboards

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		lang Lang
		got  string
		want string
	}{
		{VI, VI.Number(38527, 2), "38.527"},
		{VI, VI.Number(1234567.8, 2), "1.234.567,8"},
		{EN, EN.Number(1234567.8, 2), "1,234,567.8"},
		{VI, VI.Number(7620000, 2), "7.620.000"},
		{VI, VI.Number(2.06, 2), "2,06"},
		{VI, VI.Number(-1234.5, 2), "-1.234,5"},
		{VI, VI.Number(-0.001, 2), "0"},
		{VI, VI.Number(999.999, 2), "1.000"},
		{VI, VI.Pct(110.07714285714285), "110,08%"},
		{EN, EN.Pct(110.07714285714285), "110.08%"},
		{VI, VI.Pct(101.55038759689923), "101,55%"},
		{VI, VI.SignedPct(57.49998642241496), "+57,50%"},
		{VI, VI.SignedPct(-3.2), "-3,20%"},
		{VI, VI.SignedPct(0.001), "0,00%"},
		{VI, VI.Format(37.6, FmtPctAxis), "38%"},
		{VI, VI.Number(math.NaN(), 2), "–"},
		{VI, VI.Number(math.Inf(1), 2), "–"},
		{VI, VI.Value(nil, "%"), "–"},
		{VI, VI.Value(ptr(99.06), "%"), "99,06%"},
		{VI, VI.Value(ptr(5119291), "lượt"), "5.119.291"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lang, tc.got, tc.want)
		}
	}
}

func ptr(v float64) *float64 { return &v }

// The Vietnamese and English forms carry the same digits: swapping the
// separators of one gives the other.
func FuzzNumberLocales(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 38527, 1234567.8, 0.005, 1e15, -2.06} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		vi, en := VI.Number(v, 2), EN.Number(v, 2)
		swapped := []rune(en)
		for i, r := range swapped {
			switch r {
			case ',':
				swapped[i] = '.'
			case '.':
				swapped[i] = ','
			}
		}
		if string(swapped) != vi {
			t.Fatalf("%v: vi %q, en %q", v, vi, en)
		}
	})
}

func TestRoundHalfUp(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		d    int
		want string
	}{{0.125, 2, "0.13"}, {0.375, 2, "0.38"}, {2.5, 0, "3"}, {9.995, 2, "9.99"}, {99.995, 2, "100.00"},
		{0.5, 0, "1"}, {999.5, 0, "1000"}, {1.005, 2, "1.00"}, {57.49998642241496, 2, "57.50"}, {0, 2, "0.00"}} {
		if got := roundHalfUp(tc.v, tc.d); got != tc.want {
			t.Errorf("%v, %d: got %s, want %s", tc.v, tc.d, got, tc.want)
		}
	}
}
