package results

import (
	"math"
	"strconv"
	"strings"
)

// CSV for people opens right in Excel: UTF-8 with a byte-order mark, numbers
// to 15 significant digits (what Excel keeps, never 0.30000000000000004), and
// text that Excel would run as a formula neutralised. CSV for programs
// (csv=plain) is the values as they are.

// BOM is the UTF-8 byte-order mark Excel needs to read a CSV as UTF-8.
const BOM = "\ufeff"

// PeopleNumber is a number to 15 significant digits, without an exponent
// for the sizes of public figures, NaN and infinities as empty.
func PeopleNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return ""
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// PeopleText is a value for a CSV people open: numbers to 15 digits, text
// neutralised.
func PeopleText(v any, dbType string) string {
	switch x := JSONValue(v, dbType).(type) {
	case float64:
		return PeopleNumber(x)
	case string:
		return NeutralizeFormula(x)
	}
	return TextValue(v, dbType)
}

// IsPlain reports whether a request's csv option asks for CSV for programs.
func IsPlain(csvOption string) bool { return strings.EqualFold(strings.TrimSpace(csvOption), "plain") }
