package rtable

import (
	"strconv"
	"strings"

	"chitieu/msg"
)

// Message codes of the notes the interpreter keeps about columns, rows,
// sheets without a table and its warnings. A note is a stable code and its
// arguments (kept in the JSON report); its text is rendered from the msg
// catalogs, in Vietnamese here and in the load's language by the report.
const (
	NoteNoHeader      = "rtable.col.no_header"
	NoteNoYear        = "rtable.col.no_year"
	NoteRemarks       = "rtable.col.remarks"
	NoteStructure     = "rtable.structure"
	NoteGrowthIndex   = "rtable.growth_index"
	NotePeriodCompare = "rtable.col.period_compare"
	NotePlanNoYear    = "rtable.col.plan_compare_no_year"
	NotePrevNoYear    = "rtable.col.prev_compare_no_year"
	NoteCompare       = "rtable.col.compare"
	NoteMonth         = "rtable.col.month"
	NoteQuarter       = "rtable.col.quarter"
	NoteToDate        = "rtable.col.to_date"
	NoteTwoYears      = "rtable.col.two_years"
	NoteDuplicate     = "rtable.col.duplicate"
	NoteTextRight     = "rtable.col.text_right"
	NoteRowNoFigures  = "rtable.row.no_figures"
	NoteRowNoLabel    = "rtable.row.no_label"

	NoTableNoData     = "rtable.none.no_data"
	NoTableNoHeader   = "rtable.none.no_header"
	NoTableNoYear     = "rtable.none.no_year_column"
	NoTableOnlyCompar = "rtable.none.only_compare"

	WarnReconcile = "reconcile_mismatch"

	DerivedPlan = "rtable.derived.plan" // a plan from % of the plan
	DerivedPrev = "rtable.derived.prev" // the year before from % of it
)

// argMap makes arguments of name and value pairs, as a message's.
func argMap(kv []string) map[string]string { return msg.New("", kv...).Args }

// ignore sets a column aside with why.
func (c *Column) ignore(code string, kv ...string) {
	c.Role, c.Code, c.Args = RoleIgnored, code, argMap(kv)
	c.Reason = msg.Text(msg.VI, code, c.Args)
}

// clearNote drops a column's note when it turns out to be read after all.
func (c *Column) clearNote() { c.Reason, c.Code, c.Args = "", "", nil }

// refuse marks a row ignored with why.
func (r *Row) refuse(code string, kv ...string) {
	r.Kind, r.Code, r.Args = KindIgnored, code, argMap(kv)
	r.Reason = msg.Text(msg.VI, code, r.Args)
}

// noTable says a sheet holds no table of yearly figures, as a code.
type noTable string

func (n noTable) Error() string { return msg.Text(msg.VI, string(n), nil) }
func (n noTable) Unwrap() error { return ErrNoTable }

// NoTableCode is the message code of why a sheet holds no table ("" when
// err is not such a reason).
func NoTableCode(err error) string {
	if n, ok := err.(noTable); ok {
		return string(n)
	}
	return ""
}

// newWarning makes a warning about a cell, its text in Vietnamese.
func newWarning(code, cell string, kv ...string) Warning {
	w := Warning{Code: code, Cell: cell, Args: argMap(append([]string{"cell", cell}, kv...))}
	w.Column, w.Row = splitCell(cell)
	w.Message = msg.Text(msg.VI, code, w.Args)
	return w
}

// splitCell reads "Biểu 01!H12" or "H12" as column H and row 12.
func splitCell(cell string) (string, int) {
	if i := strings.LastIndexByte(cell, '!'); i >= 0 {
		cell = cell[i+1:]
	}
	i := strings.IndexAny(cell, "0123456789")
	if i <= 0 {
		return "", 0
	}
	n, err := strconv.Atoi(cell[i:])
	if err != nil {
		return "", 0
	}
	return cell[:i], n
}
