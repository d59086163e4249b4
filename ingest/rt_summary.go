package ingest

import (
	"fmt"
	"sort"
	"strings"

	"chitieu/ingest/rtable"
)

var fieldVI = map[string]string{"actual": "thực hiện", "plan": "kế hoạch", "target": "đăng ký",
	rtable.RolePctPlan: "% so với kế hoạch", rtable.RolePctPrev: "% so với năm trước"}

var releaseVI = map[string]string{rtable.Official: "chính thức", rtable.Preliminary: "sơ bộ", rtable.Estimate: "ước tính"}

// meaning is a column's meaning in a few words.
func meaning(c rtable.Column) string {
	switch c.Role {
	case rtable.RoleValue:
		s := fmt.Sprintf("%d %s", c.Year, fieldVI[c.Field])
		if c.Release != "" {
			s += " (" + releaseVI[c.Release] + ")"
		}
		if c.Breakdown != "" {
			s += " – " + c.Breakdown
		}
		return s
	case rtable.RolePctPlan, rtable.RolePctPrev:
		return fmt.Sprintf("%d %s: đối chiếu, suy ra khi thiếu", c.Year, fieldVI[c.Role])
	case rtable.RoleLabel:
		return "tên hàng"
	case rtable.RoleSTT:
		return "số thứ tự"
	case rtable.RoleMeasure:
		return "đơn vị tính"
	}
	return "bỏ qua: " + c.Reason
}

// write prints the table as a person checks it: header cells and their
// meaning, the rows by kind, the first figures with their cells.
func (t *TableReport) write(b *strings.Builder) {
	if t.Title != "" {
		fmt.Fprintf(b, "  bảng: %s", t.Title)
		if t.Measure != "" {
			fmt.Fprintf(b, " (%s)", t.Measure)
		}
		b.WriteString("\n")
	}
	if len(t.Offer) > 0 {
		fmt.Fprintf(b, "  gợi ý: %s\n", strings.Join(t.Offer, ", "))
	}
	fmt.Fprintf(b, "  tiêu đề cột ở hàng %v:\n", t.HeaderRows)
	for _, c := range t.Columns {
		h := c.Header
		if h == "" {
			h = "—"
		}
		fmt.Fprintf(b, "    %-3s %-40s → %s\n", c.Letter, clipText(h, 40), meaning(c))
	}
	kinds := make([]string, 0, len(t.RowCounts))
	for k := range t.RowCounts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, t.RowCounts[k]))
	}
	fmt.Fprintf(b, "  hàng: %s\n", strings.Join(parts, ", "))
	for _, r := range t.Rows {
		if r.Kind == rtable.KindIgnored {
			fmt.Fprintf(b, "    hàng %d bỏ qua: %s (%s)\n", r.Row, clipText(r.Text, 40), r.Reason)
		}
	}
	if t.Values > 0 {
		fmt.Fprintf(b, "  %d số liệu; đầu tiên:\n", t.Values)
	}
	for _, v := range t.First {
		rel := ""
		if v.Field == "actual" && v.Release != rtable.Official {
			rel = " " + releaseVI[v.Release]
		}
		fmt.Fprintf(b, "    hàng %-3d %-30s → %s %s %d %s%s = %v  [%s]\n", v.Row, clipText(v.Label, 30), v.Unit, v.Indicator, v.Year,
			fieldVI[v.Field], rel, roundShow(v.Value), v.Cell)
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(b, "  cảnh báo %s %s: %s\n", w.Code, w.Cell, w.Message)
	}
	if n := len(t.NewIndicators); n > 0 {
		fmt.Fprintf(b, "  %d chỉ tiêu mới, như %s\n", n, newNames(t.NewIndicators))
	}
	if n := len(t.NewUnits); n > 0 {
		fmt.Fprintf(b, "  %d đơn vị mới, như %s\n", n, newNames(t.NewUnits))
	}
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
