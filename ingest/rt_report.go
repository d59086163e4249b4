package ingest

import (
	"fmt"
	"strings"

	"chitieu/ingest/rtable"
)

// FormatXLS is Excel 97–2003 (BIFF8), read as a report table only.
const FormatXLS = "xls"

// TableReport is how a report table was read: every column's meaning,
// every row's fate, the first figures with their cells, what is new.
type TableReport struct {
	Title      string            `json:"title,omitempty"`
	Measure    string            `json:"measure,omitempty"`
	Offer      []string          `json:"offer,omitempty"`
	HeaderRows []int             `json:"header_rows"`
	Columns    []rtable.Column   `json:"columns"`
	Rows       []rtable.Row      `json:"rows"`
	RowCounts  map[string]int    `json:"row_counts"`
	Kinds      map[string]string `json:"row_kinds,omitempty"` // each row kind's name in the report's language
	First      []ValueLine       `json:"first_values"`
	Values     int               `json:"values"`
	// Warnings are the interpreter's; the file's Warnings carry them (with
	// stable codes, sheet, row and column), so they are not repeated here.
	Warnings      []rtable.Warning  `json:"-"`
	NewUnits      []NewEntry        `json:"new_units,omitempty"`
	NewIndicators []NewEntry        `json:"new_indicators,omitempty"`
	Missing       []NewEntry        `json:"missing,omitempty"`
	byCode        map[string]string // indicator or unit code -> the row label, for the preview
}

// ValueLine is one figure read, for a person to check against the sheet.
type ValueLine struct {
	Row       int     `json:"row"`
	Label     string  `json:"label"`
	Unit      string  `json:"unit"`
	Indicator string  `json:"indicator"`
	Year      int     `json:"year"`
	Field     string  `json:"field"`
	Release   string  `json:"release"`
	Value     float64 `json:"value"`
	Cell      string  `json:"cell"`
	Derived   bool    `json:"derived,omitempty"`
	From      string  `json:"from,omitempty"`
	// FromCode and FromArgs are From as a message code and its arguments.
	FromCode string            `json:"from_code,omitempty"`
	FromArgs map[string]string `json:"from_args,omitempty"`
}

// previewValues is how many figures a report shows.
const previewValues = 12

// CatalogCSV is the catalog a refused report table needs, to fill in
// and load: code, name_vi, measure, direction, kind.
func (r *Report) CatalogCSV() string {
	var b strings.Builder
	b.WriteString("code,name_vi,measure,direction,kind\n")
	seen := map[string]bool{}
	var rows []NewEntry
	for _, f := range r.Files {
		if f.Table == nil {
			continue
		}
		for _, m := range f.Table.Missing {
			if !seen[m.Code] {
				seen[m.Code] = true
				rows = append(rows, m)
			}
		}
	}
	for _, m := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,higher,%s\n", csvField(m.Code), csvField(m.Name), csvField(m.Measure), m.Kind)
	}
	return b.String()
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
