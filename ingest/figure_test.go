package ingest

import "testing"

func TestFigureAsPeopleReadIt(t *testing.T) {
	for _, tc := range []struct {
		lang string
		v    float64
		want string
	}{
		{"vi", 8_100_000, "8.100.000"},
		{"en", 8_100_000, "8,100,000"},
		{"vi", 12.5, "12,5"},
		{"en", 1234.5, "1,234.5"},
		{"vi", -106_050, "-106.050"},
		{"vi", 999, "999"},
		{"en", 0.649, "0.649"},
	} {
		t.Run(tc.lang+" "+tc.want, func(t *testing.T) {
			if got := figure(tc.lang, tc.v); got != tc.want {
				t.Errorf("figure(%s, %v) = %q, want %q", tc.lang, tc.v, got, tc.want)
			}
		})
	}
}
