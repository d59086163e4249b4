package ingest

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFieldOfHeader(t *testing.T) {
	tests := []struct {
		header string
		want   Field
	}{
		{"năm", FieldYear},
		{"Năm", FieldYear},
		{norm.NFD.String("Năm"), FieldYear},
		{"NAM", FieldYear},
		{"Đơn vị", FieldUnit},
		{"don vi", FieldUnit},
		{"Chỉ tiêu", FieldIndicator},
		{"Chỉ tiêu đăng ký", FieldTarget},
		{"Thực hiện", FieldActual},
		{"TH", FieldActual},
		{"KH", FieldPlan},
		{"ĐK", FieldTarget},
		{"ĐVT", FieldMeasure},
		{"STT", FieldIgnore},
		{"  year ", FieldYear},
		{"\ufeffyear", FieldYear},
		{"actual", FieldActual},
		{"something else", FieldNone},
	}
	for _, tc := range tests {
		if got := fieldOfHeader(tc.header); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestWideHeader(t *testing.T) {
	tests := []struct {
		header string
		field  Field
		year   int
		ok     bool
	}{
		{"TH 2018", FieldActual, 2018, true},
		{"KH 2019", FieldPlan, 2019, true},
		{"ĐK 2019", FieldTarget, 2019, true},
		{"2017", FieldActual, 2017, true},
		{"Thực hiện năm 2018", FieldActual, 2018, true},
		{"Kế hoạch 2019", FieldPlan, 2019, true},
		{"TH2018", FieldActual, 2018, true},
		{"TH 18", "", 0, false},
		{"Ghi chú", "", 0, false},
	}
	for _, tc := range tests {
		f, y, ok := parseWideHeader(tc.header)
		if ok != tc.ok || f != tc.field || y != tc.year {
			t.Errorf("%q: got %q %d %v, want %q %d %v", tc.header, f, y, ok, tc.field, tc.year, tc.ok)
		}
	}
}

func TestDetectShape(t *testing.T) {
	cols := func(names ...string) []rawColumn {
		out := make([]rawColumn, len(names))
		for i, n := range names {
			out[i] = rawColumn{Name: n, Type: "VARCHAR", Label: n}
		}
		return out
	}
	tests := []struct {
		name            string
		cols            []rawColumn
		content, layout string
		locale          string
		problems        int
	}{
		{"long english", cols("year", "unit", "indicator", "actual", "plan", "target"), ContentObservations, "long", "en", 0},
		{"long vietnamese", cols("Năm", "Đơn vị", "Chỉ tiêu", "Thực hiện", "Kế hoạch"), ContentObservations, "long", "vi", 0},
		{"wide report", cols("STT", "Đơn vị", "Chỉ tiêu", "ĐVT", "TH 2017", "TH 2018", "KH 2018", "KH 2019"), ContentObservations, "wide", "vi", 0},
		{"units catalog", cols("code", "name_vi", "name_en", "block"), ContentUnits, "catalog", "en", 0},
		{"indicators catalog", cols("code", "name_vi", "name_en", "measure", "direction", "kind", "category"), ContentIndicators, "catalog", "en", 0},
		{"missing unit", cols("year", "indicator", "actual"), ContentObservations, "long", "en", 1},
		{"no value column", cols("year", "unit", "indicator"), ContentObservations, "long", "en", 1},
		{"two actual columns", cols("year", "unit", "indicator", "actual", "TH"), ContentObservations, "long", "vi", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sh, probs := detectShape(tc.cols, "")
			if sh.Content != tc.content || sh.Layout != tc.layout || sh.Locale != tc.locale || len(probs) != tc.problems {
				t.Errorf("got %s/%s/%s with %v", sh.Content, sh.Layout, sh.Locale, probs)
			}
		})
	}
}

// Header reading never panics and is stable under Unicode normal forms.
func FuzzHeaders(f *testing.F) {
	for _, s := range []string{"Năm", "TH 2018", "Chỉ tiêu đăng ký", "ĐVT", "", "\ufeff", "KH 9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := fieldOfHeader(norm.NFC.String(s)), fieldOfHeader(norm.NFD.String(s))
		if a != b {
			t.Fatalf("%q: NFC gives %q, NFD gives %q", s, a, b)
		}
		parseWideHeader(s)
		looksVietnamese(s)
	})
}
