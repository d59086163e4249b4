package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"chitieu/ingest/rtable"
	"chitieu/msg"
)

// meaning is a column's meaning in a few words, in Vietnamese.
func meaning(c rtable.Column) string { return meaningIn(c, msg.VI) }

// meaningIn is a column's meaning in a few words, in lang.
func meaningIn(c rtable.Column, lang string) string {
	t := func(code string, kv ...string) string { return msg.New(code, kv...).Text(lang) }
	switch c.Role {
	case rtable.RoleValue:
		s := fmt.Sprintf("%d %s", c.Year, t("rt.field."+c.Field))
		if c.Release != "" {
			s += " (" + t("rt.release."+c.Release) + ")"
		}
		if c.Breakdown != "" {
			s += " – " + c.Breakdown
		}
		return s
	case rtable.RolePctPlan, rtable.RolePctPrev:
		return t("rt.meaning.pct", "year", strconv.Itoa(c.Year), "field", t("rt.field."+c.Role))
	case rtable.RoleLabel:
		return t("rt.meaning.label")
	case rtable.RoleSTT:
		return t("rt.meaning.stt")
	case rtable.RoleMeasure:
		return t("rt.meaning.measure")
	}
	return t("rt.meaning.ignored", "reason", c.Reason)
}

// localize renders the table's notes in lang: why a column or row is set
// aside, each column's meaning and the names of the row kinds.
func (t *TableReport) localize(lang string) {
	for i := range t.Columns {
		c := &t.Columns[i]
		if c.Code != "" {
			c.Reason = msg.Text(lang, c.Code, c.Args)
		}
		c.Meaning = meaningIn(*c, lang)
	}
	for i := range t.Rows {
		if r := &t.Rows[i]; r.Code != "" {
			r.Reason = msg.Text(lang, r.Code, r.Args)
		}
	}
	for i := range t.First {
		if v := &t.First[i]; v.FromCode != "" {
			v.From = msg.Text(lang, v.FromCode, v.FromArgs)
		}
	}
	t.Kinds = make(map[string]string, len(t.RowCounts))
	for k := range t.RowCounts {
		t.Kinds[k] = kindName(k, lang)
	}
}

// kindName is a row kind's name in lang.
func kindName(kind, lang string) string {
	return msg.Text(lang, "rt.kind."+strings.ReplaceAll(kind, " ", "_"), nil)
}

// write prints the table as a person checks it, in lang: header cells and
// their meaning, the rows by kind, the first figures with their cells.
// Its warnings are the file's, printed with them.
func (t *TableReport) write(b *strings.Builder, lang string) {
	tr := func(code string, kv ...string) string { return msg.New(code, kv...).Text(lang) }
	if t.Title != "" {
		b.WriteString("  " + tr("rt.table", "title", t.Title))
		if t.Measure != "" {
			fmt.Fprintf(b, " (%s)", t.Measure)
		}
		b.WriteString("\n")
	}
	if len(t.Offer) > 0 {
		b.WriteString("  " + tr("rt.offer", "offer", strings.Join(t.Offer, ", ")) + "\n")
	}
	b.WriteString("  " + tr("rt.header_rows", "rows", rowRange(t.HeaderRows)) + "\n")
	for _, c := range t.Columns {
		h := c.Header
		if h == "" {
			h = "—"
		}
		fmt.Fprintf(b, "    %-3s %-40s → %s\n", c.Letter, clipText(h, 40), meaningIn(c, lang))
	}
	kinds := make([]string, 0, len(t.RowCounts))
	for k := range t.RowCounts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", kindName(k, lang), t.RowCounts[k]))
	}
	b.WriteString("  " + tr("rt.rows", "kinds", strings.Join(parts, ", ")) + "\n")
	for _, r := range t.Rows {
		if r.Kind == rtable.KindIgnored {
			reason := r.Reason
			if r.Code != "" {
				reason = msg.Text(lang, r.Code, r.Args)
			}
			b.WriteString("    " + tr("rt.row_ignored", "row", strconv.Itoa(r.Row), "text", clipText(r.Text, 40), "reason", reason) + "\n")
		}
	}
	if t.Values > 0 {
		b.WriteString("  " + tr("rt.values", "n", strconv.Itoa(t.Values)) + "\n")
	}
	row := tr("rt.row")
	for _, v := range t.First {
		rel := ""
		if v.Field == "actual" && v.Release != rtable.Official {
			rel = " " + tr("rt.release."+v.Release)
		}
		fmt.Fprintf(b, "    %s %-3d %-30s → %s %s %d %s%s = %s  [%s]\n", row, v.Row, clipText(v.Label, 30), v.Unit, v.Indicator, v.Year,
			tr("rt.field."+v.Field), rel, figure(lang, roundShow(v.Value)), v.Cell)
	}
	if n := len(t.NewIndicators); n > 0 {
		b.WriteString("  " + tr("rt.new_indicators", "n", strconv.Itoa(n), "names", newNames(t.NewIndicators)) + "\n")
	}
	if n := len(t.NewUnits); n > 0 {
		b.WriteString("  " + tr("rt.new_units", "n", strconv.Itoa(n), "names", newNames(t.NewUnits)) + "\n")
	}
}

// tableWarnings are a report table's warnings as the file's, placed by
// sheet, row and column, so that --strict refuses on them and every
// report lists them with the others.
func tableWarnings(file, sheetName string, t *rtable.Table) []Problem {
	out := make([]Problem, 0, len(t.Warnings))
	for _, w := range t.Warnings {
		out = append(out, Problem{File: file, Sheet: sheetName, Row: w.Row, Column: w.Column,
			Code: w.Code, Args: w.Args, Message: w.Message})
	}
	return out
}

func newNames(es []NewEntry) string {
	var out []string
	for _, e := range es[:min(3, len(es))] {
		out = append(out, fmt.Sprintf("%s %q", e.Code, e.Name))
	}
	return strings.Join(out, ", ")
}

func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// rowRange writes rows as a reader counts them: 4–7 for rows in a run,
// else 3, 5.
func rowRange(rows []int) string {
	if n := len(rows); n > 1 && rows[n-1]-rows[0] == n-1 {
		return strconv.Itoa(rows[0]) + "–" + strconv.Itoa(rows[n-1])
	}
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, ", ")
}

// plainNumber writes a figure as its digits, never with an exponent
// (6037347.63, not 6.03734763e+06), as the figures of other messages are.
func plainNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func roundShow(v float64) float64 {
	const k = 1e6
	if v > 1e12 || v < -1e12 {
		return v
	}
	return float64(int64(v*k+0.5*sign(v))) / k
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
