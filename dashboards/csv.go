package dashboards

import (
	"encoding/csv"
	"io"
	"strconv"

	"chitieu/analytics"
	"chitieu/results"
)

// WritePerformanceCSV writes performance rows (a chart's data, or
// /api/performance?format=csv) as CSV. For people (plain false) it opens
// right in Excel: a BOM, headers and status words in lang, numbers to 15
// significant digits, formulas neutralised. Plain is for programs: codes as
// headers (year, unit_code…), numbers as they are, status as its code.
func (c *Catalog) WritePerformanceCSV(w io.Writer, rows []analytics.Row, lang Lang, plain bool) error {
	num := func(v *float64) string {
		switch {
		case v == nil:
			return ""
		case plain:
			return strconv.FormatFloat(*v, 'f', -1, 64)
		}
		return results.PeopleNumber(*v)
	}
	text, status := func(s string) string { return s }, func(s string) string { return s }
	head := []string{"year", "unit_code", "unit", "indicator_code", "indicator", "measure", "actual", "plan", "target",
		"attainment_pct", "yoy_pct", "status"}
	if !plain {
		if _, err := io.WriteString(w, results.BOM); err != nil {
			return err
		}
		text = results.NeutralizeFormula
		status = func(s string) string {
			if s == "" {
				return ""
			}
			return c.T(lang, "status."+s)
		}
		for i, k := range []string{"col.year", "csv.unit_code", "col.unit", "csv.indicator_code", "col.indicator", "col.measure",
			"col.actual", "col.plan", "col.target", "col.attainment", "col.yoy", "col.status"} {
			head[i] = c.T(lang, k)
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(head)
	for _, r := range rows {
		cw.Write([]string{strconv.Itoa(r.Year), text(r.UnitCode), text(lang.unitName(r)), text(r.IndicatorCode), text(lang.indicatorName(r)),
			text(r.Measure), num(r.Actual), num(r.Plan), num(r.Target), num(r.AttainmentPct), num(r.YoYPct), status(r.Status)})
	}
	cw.Flush()
	return cw.Error()
}

// PerformanceCSV writes rows as WritePerformanceCSV does, with the
// exporter's labels.
func (e *Exporter) PerformanceCSV(w io.Writer, rows []analytics.Row, lang Lang, plain bool) error {
	return e.cat.WritePerformanceCSV(w, rows, lang, plain)
}
