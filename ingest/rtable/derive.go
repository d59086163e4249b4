package rtable

import (
	"chitieu/ingest/sheet"
	"math"
	"strconv"

	"chitieu/msg"
)

// derive works the percentages: "% so với KH" with no plan column gives the
// plan (actual ÷ % × 100), "% so với cùng kỳ" with no column of the year
// before gives that year's actual. Where the figures are there, the stated
// per cent is a check: a difference over 0.1 point is a warning naming the
// cell. A derived value never replaces a reported one.
func derive(t *Table) {
	type key struct {
		row, year int
		field     string
	}
	have := map[key]Value{}   // reported figures
	columns := map[key]bool{} // the table has a column for it
	for _, v := range t.Values {
		if v.Field == RolePctPlan || v.Field == RolePctPrev || v.Breakdown != "" {
			continue
		}
		columns[key{0, v.Year, v.Field}] = true
		if !v.Empty {
			k := key{v.Row, v.Year, v.Field}
			if old, ok := have[k]; !ok || rank(v.Release) > rank(old.Release) {
				have[k] = v
			}
		}
	}
	var add []Value
	for _, p := range t.Values {
		if p.Empty || (p.Field != RolePctPlan && p.Field != RolePctPrev) || p.Breakdown != "" {
			continue
		}
		a, ok := have[key{p.Row, p.Year, "actual"}]
		if !ok || p.Num == 0 {
			continue
		}
		target, how := key{p.Row, p.Year, "plan"}, DerivedPlan
		if p.Field == RolePctPrev {
			target, how = key{p.Row, p.Year - 1, "actual"}, DerivedPrev
		}
		if base, ok := have[target]; ok {
			if base.Num != 0 {
				stated := a.Num / base.Num * 100
				if math.Abs(stated-p.Num) > 0.1 {
					t.Warnings = append(t.Warnings, newWarning(WarnReconcile, p.Cell, "stated", num(p.Num),
						"figure", a.Cell, "base", base.Cell, "computed", num(stated)))
				}
			}
			continue
		}
		if columns[key{0, target.year, target.field}] {
			continue // the table has the column; the cell is empty
		}
		v := sheet.AsShown(a.Num / p.Num * 100)
		if math.IsInf(v, 0) || math.IsNaN(v) {
			continue
		}
		release := a.Release
		if target.field != "actual" {
			release = ""
		}
		args := argMap([]string{"year", strconv.Itoa(target.year), "figure", a.Cell, "pct", p.Cell})
		add = append(add, Value{Row: p.Row, Cell: a.Cell, Year: target.year, Field: target.field, Release: release,
			Num: v, Derived: true, From: msg.Text(msg.VI, how, args), FromCode: how, FromArgs: args, Of: []string{a.Cell, p.Cell}})
		have[target] = add[len(add)-1]
	}
	t.Values = append(t.Values, add...)
}

func rank(release string) int {
	switch release {
	case Official:
		return 3
	case Preliminary:
		return 2
	}
	return 1
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }
