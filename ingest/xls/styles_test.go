package xls

import "testing"

func TestIsDateFormat(t *testing.T) {
	for _, tc := range []struct {
		format string
		date   bool
	}{
		{"mm-dd-yy", true}, {"d/m/yyyy", true}, {"[h]:mm:ss", true}, {"[$-42A]dd/mm/yyyy", true},
		{"0.0%", false}, {"#,##0", false}, {"0.00E+00", false}, {"@", false}, {"", false},
		{`"Năm "0`, false},      // an m inside quoted text
		{`[Red]#,##0.0`, false}, // a colour, not elapsed time
		{`#,##0" ha"`, false},
		{`0_);\(0\)`, false},
		{`#,##0;[Red]\-#,##0;\ "-";[Blue]@`, false},
	} {
		if got := isDateFormat(tc.format); got != tc.date {
			t.Errorf("isDateFormat(%q) = %v, want %v", tc.format, got, tc.date)
		}
	}
	if builtinFormat(14) != "mm-dd-yy" || !isDateFormat(builtinFormat(58)) || builtinFormat(3) != "#,##0" || builtinFormat(0) != "" {
		t.Error("built-in formats")
	}
}
