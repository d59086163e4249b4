package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"chitieu/ingest/rtable"
)

// rtObservation is one (year, unit, indicator) of a report table.
type rtObservation struct {
	row                  int
	year                 int
	unit, indicator      string
	actual, plan, target *float64
	derived              []string
	release              string
	cells                []string
	by                   [3]string // the cells of the actual, plan and target
}

// buildObservations names each row's unit and indicator and gathers its
// figures by year.
func buildObservations(t *rtable.Table, fr *FileReport, format string, opts Options, cat *rtShared) ([]rtObservation, []Problem) {
	tr := &TableReport{Title: t.Title, Measure: t.Measure, HeaderRows: t.HeaderRows, Columns: t.Columns, Rows: t.Rows,
		RowCounts: map[string]int{}, Warnings: t.Warnings, byCode: map[string]string{}}
	fr.Table = tr
	for i := range tr.Columns {
		tr.Columns[i].Meaning = meaning(tr.Columns[i])
	}
	for _, r := range t.Rows {
		tr.RowCounts[r.Kind]++
	}
	tr.Offer = offers(t, cat)
	var probs []Problem
	rowsAreUnits := opts.Indicator != ""
	unit, indicator := opts.Unit, opts.Indicator
	switch {
	case unit == "" && indicator == "":
		if len(tr.Offer) > 0 {
			return nil, []Problem{coded("ingest.report_whose_offer", "offer", strings.Join(tr.Offer, ", "))}
		}
		return nil, []Problem{coded("ingest.report_whose")}
	case unit != "" && indicator != "":
		return nil, []Problem{coded("ingest.report_unit_or_indicator")}
	case opts.CreateMissing && len(opts.Units) > 0:
		return nil, []Problem{coded("ingest.report_officer_creates")}
	}
	nUnits, nInds := len(cat.units.added), len(cat.indicators.added)
	if unit != "" {
		if code, ok := cat.units.find(unit); ok {
			unit = code
		} else if opts.CreateMissing {
			name := unit
			if t.Agency != "" {
				name = t.Agency // "UBND TỈNH AN GIANG" of the title block
			}
			code := codeOf(unit)
			cat.units.codes[code], cat.units.byKey[FoldName(code)], cat.units.names[code] = true, code, name
			cat.units.added = append(cat.units.added, NewEntry{Code: code, Name: name})
			unit = code
		} else {
			return nil, []Problem{coded("ingest.report_unit_unknown", "value", unit)}
		}
	}
	if indicator != "" {
		if code, ok := cat.indicators.find(indicator); ok {
			indicator = code
		} else if opts.CreateMissing {
			name := indicator
			if t.Title != "" {
				name = strings.TrimSpace(strings.SplitN(t.Title, " by ", 2)[0])
			}
			code := codeOf(indicator)
			cat.indicators.codes[code], cat.indicators.byKey[FoldName(code)] = true, code
			cat.indicators.added = append(cat.indicators.added, NewEntry{Code: code, Name: name, Measure: t.Measure, Kind: kindOf(name, t.Measure)})
			indicator = code
		} else {
			return nil, []Problem{coded("ingest.report_indicator_unknown", "value", indicator)}
		}
	}
	names := make([]string, len(t.Rows)) // each row's resolved name
	missing := map[string]bool{}
	resolve := func(i int, breakdown string) (string, bool) {
		r := t.Rows[i]
		cn := cat.indicators
		if rowsAreUnits {
			cn = cat.units
		}
		label := r.Label
		switch {
		case rowsAreUnits || r.Kind != rtable.KindTotal:
		case r.Parent >= 0 && t.Rows[r.Parent].Heading && names[r.Parent] != "":
			// A total under a heading is the heading's figure: "I. Vận
			// chuyển" over "Tổng số".
			label = names[r.Parent]
			if code, ok := cn.find(label); ok && breakdown == "" {
				return code, true
			}
		case t.Title != "":
			label = t.Title
		}
		own := label
		if breakdown != "" {
			own = label + " - " + breakdown
		}
		// The name under its parent first (the more specific), then the
		// row's own label in the catalog as it stood, else the name under
		// its parent is new.
		name := own
		if !rowsAreUnits && r.Parent >= 0 && names[r.Parent] != "" && !(r.Kind == rtable.KindTotal && t.Rows[r.Parent].Heading) {
			name = names[r.Parent] + " - " + own
			if code, ok := cn.find(name); ok {
				return code, true
			}
		}
		if code, ok := cn.findOld(own); ok {
			return code, true
		}
		if breakdown == "" {
			names[i] = name
		}
		measure := r.Measure
		if !opts.CreateMissing {
			if !missing[name] {
				missing[name] = true
				tr.Missing = append(tr.Missing, NewEntry{Code: codeOf(name), Name: name, Measure: measure, Kind: kindOf(name, measure)})
				if len(probs) < maxListed {
					code := "ingest.report_indicator_missing"
					if rowsAreUnits {
						code = "ingest.report_unit_missing"
					}
					p := coded(code, "value", name)
					p.Row, p.Column = r.Row, refColumn(r.Cell)
					probs = append(probs, p)
				}
			}
			return "", false
		}
		return cn.add(name, measure, kindOf(name, measure)), true
	}
	type key struct {
		row, year int
		breakdown string
	}
	byKey := map[key]*rtObservation{}
	var order []key
	for i, r := range t.Rows {
		if r.Heading {
			names[i] = r.Label
			if r.Parent >= 0 && names[r.Parent] != "" {
				names[i] = names[r.Parent] + " - " + r.Label
			}
			continue
		}
		if r.Kind != rtable.KindData && r.Kind != rtable.KindTotal {
			continue
		}
		if code, ok := resolve(i, ""); ok {
			names[i] = cat.indicators.names[code]
			if rowsAreUnits {
				names[i] = r.Label
			}
			tr.byCode[code] = r.Label
		}
	}
	for _, v := range t.Values {
		if v.Empty || v.Field == rtable.RolePctPlan || v.Field == rtable.RolePctPrev {
			continue
		}
		k := key{v.Row, v.Year, v.Breakdown}
		o := byKey[k]
		if o == nil {
			code, ok := resolve(v.Row, v.Breakdown)
			if !ok {
				continue
			}
			o = &rtObservation{row: t.Rows[v.Row].Row, year: v.Year, unit: unit, indicator: code}
			if rowsAreUnits {
				o.unit, o.indicator = code, indicator
			}
			tr.byCode[code] = t.Rows[v.Row].Label
			byKey[k] = o
			order = append(order, k)
		}
		val := v.Num
		cell := sourceCell(format, t.Sheet, v.Cell)
		if v.Derived && len(v.Of) == 2 {
			cell = fmt.Sprintf("%s ÷ %s × 100", sourceCell(format, t.Sheet, v.Of[0]), sourceCell(format, t.Sheet, v.Of[1]))
		}
		var slot **float64
		var at int
		switch v.Field {
		case "actual":
			slot = &o.actual
			o.release = v.Release
		case "plan":
			slot, at = &o.plan, 1
		case "target":
			slot, at = &o.target, 2
		default:
			continue
		}
		if *slot != nil {
			continue // a derived value never replaces a reported one
		}
		*slot = &val
		if v.Derived {
			o.derived = append(o.derived, v.Field)
		}
		o.by[at] = cell
		o.cells = o.cells[:0]
		for _, c := range o.by {
			if c != "" {
				o.cells = append(o.cells, c)
			}
		}
		if len(tr.First) < previewValues {
			u, ind := o.unit, o.indicator
			tr.First = append(tr.First, ValueLine{Row: t.Rows[v.Row].Row, Label: t.Rows[v.Row].Label, Unit: u, Indicator: ind,
				Year: v.Year, Field: v.Field, Release: v.Release, Value: val, Cell: cell, Derived: v.Derived, From: v.From,
				FromCode: v.FromCode, FromArgs: v.FromArgs})
		}
	}
	out := make([]rtObservation, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
		tr.Values += len(byKey[k].cells)
	}
	tr.NewUnits = append(tr.NewUnits, cat.units.added[nUnits:]...)
	tr.NewIndicators = append(tr.NewIndicators, cat.indicators.added[nInds:]...)
	return out, probs
}

// sourceCell names a cell as a person finds it: Biểu 01!F11, or a CSV's
// line and column.
func sourceCell(format, sheetName, cell string) string {
	if format == FormatCSV {
		if cell == "" {
			return "CSV"
		}
		r, c, ok := parseCellRef(cell)
		if ok {
			return fmt.Sprintf("line %d, column %d", r+1, c+1)
		}
	}
	if cell == "" {
		return sheetName
	}
	return sheetName + "!" + cell
}

func refColumn(cell string) string {
	return strings.TrimRight(cell, "0123456789")
}

// offers names the unit or indicator the title block speaks of, when the
// catalog knows it.
func offers(t *rtable.Table, cat *rtShared) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range append([]string{t.Title}, t.Lines...) {
		if code, ok := cat.indicators.find(line); ok && !seen["i"+code] {
			seen["i"+code] = true
			out = append(out, "--indicator "+code)
		}
		if code, ok := cat.units.find(line); ok && !seen["u"+code] {
			seen["u"+code] = true
			out = append(out, "--unit "+code)
		}
	}
	return out
}

// claim records which cell gave each figure of the load; a figure two
// sheets or files give refuses the later, naming both cells.
func (sh *rtShared) claim(obs []rtObservation, sheetName string) []Problem {
	var probs []Problem
	for _, o := range obs {
		k := fmt.Sprintf("%s|%s|%d", o.unit, o.indicator, o.year)
		if prev, ok := sh.cells[k]; ok && len(probs) < 20 {
			p := coded("ingest.report_given_twice", "indicator", o.indicator, "unit", o.unit, "year", strconv.Itoa(o.year),
				"cell", prev, "here", strings.Join(o.cells, "; "))
			p.Row = o.row
			probs = append(probs, p)
		}
	}
	if len(probs) > 0 {
		return probs
	}
	for _, o := range obs {
		sh.cells[fmt.Sprintf("%s|%s|%d", o.unit, o.indicator, o.year)] = strings.Join(o.cells, "; ")
	}
	return nil
}
