package results

import (
	"regexp"
	"strings"
)

// plainNumber is text a spreadsheet reads as a number and never as a
// formula: -5, +84, 1.234,5, 12%, 1e6.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?%?$`)

// NeutralizeFormula keeps a text cell of a CSV from being run as a formula
// when a person opens the file in a spreadsheet (OWASP "CSV injection"): a
// cell that starts with = + - @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text. Plain numbers such as -5 stay
// as they are. Every CSV writer calls it on its text cells, never on
// numbers it formats itself.
func NeutralizeFormula(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}
