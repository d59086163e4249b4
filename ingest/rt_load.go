package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"chitieu/data"
	"chitieu/ingest/rtable"
	"chitieu/ingest/sheet"
)

// FormatXLS is Excel 97–2003 (BIFF8), read as a report table only.
const FormatXLS = "xls"

// TableReport is how a report table was read: every column's meaning,
// every row's fate, the first figures with their cells, what is new.
type TableReport struct {
	Title         string            `json:"title,omitempty"`
	Measure       string            `json:"measure,omitempty"`
	Offer         []string          `json:"offer,omitempty"`
	HeaderRows    []int             `json:"header_rows"`
	Columns       []rtable.Column   `json:"columns"`
	Rows          []rtable.Row      `json:"rows"`
	RowCounts     map[string]int    `json:"row_counts"`
	First         []ValueLine       `json:"first_values"`
	Values        int               `json:"values"`
	Warnings      []rtable.Warning  `json:"warnings,omitempty"`
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
}

// previewValues is how many figures a report shows.
const previewValues = 12

// rtShared is what the report tables of one load share: the catalogs as
// they stand plus what the load creates.
type rtShared struct {
	units, indicators *catalogNames
	cells             map[string]string // "unit|indicator|year" -> the cell that gave it
}

func (in *Ingester) rtCatalogs(ctx context.Context, c *data.Conn, sh **rtShared) (*rtShared, error) {
	if *sh != nil {
		return *sh, nil
	}
	u, err := loadCatalogNames(ctx, c, "units")
	if err != nil {
		return nil, err
	}
	i, err := loadCatalogNames(ctx, c, "indicators")
	if err != nil {
		return nil, err
	}
	*sh = &rtShared{units: u, indicators: i, cells: map[string]string{}}
	return *sh, nil
}

// openWorkbook reads a file into the sheet model.
func openWorkbook(ctx context.Context, in Input, format string, sheets []string) (*sheet.Workbook, error) {
	lim := sheet.DefaultLimits()
	switch format {
	case FormatXLSX:
		return xlsxWorkbook(ctx, in.Path, sheets, lim)
	case FormatXLS:
		return openXLS(ctx, in.Path, lim)
	}
	sh, err := csvSheet(in.Path, in.Name, lim)
	if err != nil {
		return nil, err
	}
	return &sheet.Workbook{Sheets: []*sheet.Sheet{sh}}, nil
}

// readReport reads a file as report tables: each sheet with a table becomes
// a piece of work with a long raw relation and a shape of its own; a sheet
// without one is listed as skipped, with why.
func (in *Ingester) readReport(ctx context.Context, c *data.Conn, w *fileWork, format, table string, opts Options, shared **rtShared) ([]*fileWork, []FileReport, []Problem, error) {
	fail := func(msg string) ([]*fileWork, []FileReport, []Problem, error) {
		return nil, nil, []Problem{{File: w.in.Name, Message: msg}}, nil
	}
	sum, err := fileSHA256(w.in.Path)
	if err != nil {
		return fail("cannot read the file: " + err.Error())
	}
	w.report.SHA256, w.report.Format = sum, format
	wb, err := openWorkbook(ctx, w.in, format, opts.sheets())
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, nil, ctx.Err()
		}
		return fail("cannot read the file: " + err.Error())
	}
	if len(wb.Sheets) == 0 {
		return fail(fmt.Sprintf("no sheet named %s", strings.Join(opts.sheets(), ", ")))
	}
	cat, err := in.rtCatalogs(ctx, c, shared)
	if err != nil {
		return nil, nil, nil, err
	}
	var parts []*fileWork
	var skipped []FileReport
	for i, sh := range wb.Sheets {
		fr := FileReport{File: w.in.Name, Sheet: sh.Name, SHA256: sum, Format: format, Content: ContentObservations, Layout: "report"}
		if format == FormatCSV {
			fr.Sheet = ""
		}
		t, err := rtable.Interpret(sh, reportLocale(sh, opts.Locale))
		if err != nil {
			if !errors.Is(err, rtable.ErrNoTable) {
				return nil, nil, nil, err
			}
			fr.Outcome, fr.Reason = "skipped", err.Error()
			skipped = append(skipped, fr)
			continue
		}
		part := &fileWork{in: w.in, report: &fr, phase: w.phase, units: w.units}
		nu, ni := len(cat.units.added), len(cat.indicators.added)
		obs, probs := buildObservations(t, &fr, format, opts, cat)
		fr.Rows = int64(len(obs))
		if len(probs) == 0 && len(obs) == 0 {
			probs = []Problem{{Message: "bảng không có số liệu nào để nạp"}}
		}
		if len(probs) == 0 {
			probs = cat.claim(obs, fr.Sheet)
		}
		if len(probs) > 0 {
			cat.units.rollback(nu)
			cat.indicators.rollback(ni)
			fr.Table.NewUnits, fr.Table.NewIndicators = nil, nil
		}
		for j := range probs {
			probs[j].File, probs[j].Sheet = w.in.Name, fr.Sheet
		}
		fr.Problems = probs
		if len(probs) == 0 {
			raw, err := registerObservations(ctx, c, obs, fmt.Sprintf("%s_r%d", table, i), fr.Sheet)
			if err != nil {
				return nil, nil, nil, err
			}
			part.raw, part.shape = raw, reportShape(raw)
			part.preShaped = true
		}
		parts = append(parts, part)
	}
	return parts, skipped, nil, nil
}

// sheets is the sheets asked for.
func (o Options) sheets() []string {
	out := append([]string(nil), o.Sheets...)
	if o.Sheet != "" {
		out = append(out, o.Sheet)
	}
	return out
}

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
		return nil, []Problem{{Message: "bảng báo cáo không nói số liệu của ai: nạp với --unit MÃ (số liệu của một đơn vị) hoặc --indicator MÃ (một chỉ tiêu của nhiều đơn vị)" + offerText(tr.Offer)}}
	case unit != "" && indicator != "":
		return nil, []Problem{{Message: "dùng --unit hoặc --indicator, không dùng cả hai"}}
	}
	nUnits, nInds := len(cat.units.added), len(cat.indicators.added)
	if unit != "" {
		if code, ok := cat.units.find(unit); ok {
			unit = code
		} else if opts.CreateMissing {
			unit = cat.units.add(unit, "", "")
		} else {
			return nil, []Problem{{Message: fmt.Sprintf("không có đơn vị %q: thêm vào danh mục, hoặc nạp với --create-missing", unit)}}
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
			code := strings.ToUpper(indicator)
			cat.indicators.codes[code], cat.indicators.byKey[FoldName(code)] = true, code
			cat.indicators.added = append(cat.indicators.added, NewEntry{Code: code, Name: name, Measure: t.Measure, Kind: kindOf(name, t.Measure)})
			indicator = code
		} else {
			return nil, []Problem{{Message: fmt.Sprintf("không có chỉ tiêu %q: thêm vào danh mục, hoặc nạp với --create-missing", indicator)}}
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
		if !rowsAreUnits && r.Kind == rtable.KindTotal && t.Title != "" {
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
		if !rowsAreUnits && r.Parent >= 0 && names[r.Parent] != "" {
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
					what := "chỉ tiêu"
					if rowsAreUnits {
						what = "đơn vị"
					}
					probs = append(probs, Problem{Row: r.Row, Column: cellColumn(r.Cell),
						Message: fmt.Sprintf("không có %s %q trong danh mục: nạp với --create-missing, hoặc --write-catalog FILE để có danh mục cần điền", what, name)})
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
				Year: v.Year, Field: v.Field, Release: v.Release, Value: val, Cell: cell, Derived: v.Derived, From: v.From})
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

func cellColumn(cell string) string {
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

func offerText(offer []string) string {
	if len(offer) == 0 {
		return ""
	}
	return " (tiêu đề bảng gợi ý: " + strings.Join(offer, ", ") + ")"
}

// registerObservations writes a report table's figures as a long raw
// relation the staging reads like any long file.
func registerObservations(ctx context.Context, c *data.Conn, obs []rtObservation, table, sheetName string) (rawTable, error) {
	q := fmt.Sprintf(`CREATE TEMP TABLE %s ("__row" BIGINT, "year" INTEGER, "unit" VARCHAR, "indicator" VARCHAR,
		"actual" DOUBLE, "plan" DOUBLE, "target" DOUBLE, "derived" VARCHAR, "release" VARCHAR, "source" VARCHAR)`, data.QuoteIdent(table))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return rawTable{}, fmt.Errorf("report table: %w", err)
	}
	const batch = 200
	for i := 0; i < len(obs); i += batch {
		var vals []string
		var args []any
		for _, o := range obs[i:min(i+batch, len(obs))] {
			vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			var derived, release any
			if len(o.derived) > 0 {
				derived = strings.Join(o.derived, ",")
			}
			if o.actual != nil {
				release = o.release
			}
			args = append(args, o.row, o.year, o.unit, o.indicator, o.actual, o.plan, o.target, derived, release, strings.Join(o.cells, "; "))
		}
		if _, err := c.ExecContext(ctx, "INSERT INTO "+data.QuoteIdent(table)+" VALUES "+strings.Join(vals, ", "), args...); err != nil {
			return rawTable{}, fmt.Errorf("report table: %w", err)
		}
	}
	rt := rawTable{Name: table, RowExpr: `"__row"`, Sheet: sheetName, Rows: int64(len(obs))}
	for _, col := range []struct{ name, typ string }{{"year", "INTEGER"}, {"unit", "VARCHAR"}, {"indicator", "VARCHAR"},
		{"actual", "DOUBLE"}, {"plan", "DOUBLE"}, {"target", "DOUBLE"}, {"derived", "VARCHAR"}, {"release", "VARCHAR"}, {"source", "VARCHAR"}} {
		rt.Cols = append(rt.Cols, rawColumn{Name: col.name, Type: col.typ, Label: col.name})
	}
	return rt, nil
}

// reportShape is the shape of a report table's long relation.
func reportShape(raw rawTable) shape {
	s := shape{Content: ContentObservations, Layout: "long", Locale: "en", Cols: map[Field]rawColumn{}}
	for _, c := range raw.Cols {
		s.Cols[Field(c.Name)] = c
	}
	return s
}

// writeCatalogCSV is the catalog a refused report table needs, to fill in
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

// reportFirst: an .xls file, or a load naming whose figures they are, is
// read as report tables straight away.
func reportFirst(format string, opts Options) bool {
	return format == FormatXLS || (reportCapable(format) && (opts.Unit != "" || opts.Indicator != ""))
}

func reportCapable(format string) bool {
	return format == FormatXLSX || format == FormatCSV || format == FormatXLS
}

// plainFits says the plain reading of a file found columns that say what
// they hold; otherwise it is tried as a report table.
func plainFits(raws []rawTable, probs []Problem, opts Options) bool {
	if len(probs) > 0 || len(raws) == 0 {
		return false
	}
	for _, r := range raws {
		if _, p := detectShape(r.Cols, opts.Locale); len(p) > 0 {
			return false
		}
	}
	return true
}

// estimateOverOfficial refuses an estimate that would replace an official
// figure, naming both; an official figure over an estimate is an ordinary
// revision.
func estimateOverOfficial(ctx context.Context, c *data.Conn, diff string, fr *FileReport) ([]Problem, error) {
	rows, err := c.QueryContext(ctx, `SELECT year, unit_code, indicator_code, coalesce(source, ''), coalesce(old_source, ''),
		coalesce(old_load_id, 0), old_actual, actual FROM `+data.QuoteIdent(diff)+`
		WHERE action = 'update' AND old_release = 'official' AND release = 'estimate' AND old_actual IS NOT NULL
		ORDER BY year, unit_code, indicator_code LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("estimates: %w", err)
	}
	defer rows.Close()
	var probs []Problem
	for rows.Next() {
		var year int
		var unit, ind, src, oldSrc string
		var oldLoad int64
		var oldV, newV float64
		if err := rows.Scan(&year, &unit, &ind, &src, &oldSrc, &oldLoad, &oldV, &newV); err != nil {
			return nil, err
		}
		if oldSrc == "" {
			oldSrc = fmt.Sprintf("lần nạp %d", oldLoad)
		}
		probs = append(probs, Problem{File: fr.File, Sheet: fr.Sheet, Message: fmt.Sprintf(
			"số ước tính %v (%s) không thay được số chính thức %v (%s) của %s, %s, năm %d", newV, src, oldV, oldSrc, ind, unit, year)})
	}
	return probs, rows.Err()
}

// claim records which cell gave each figure of the load; a figure two
// sheets or files give refuses the later, naming both cells.
func (sh *rtShared) claim(obs []rtObservation, sheetName string) []Problem {
	var probs []Problem
	for _, o := range obs {
		k := fmt.Sprintf("%s|%s|%d", o.unit, o.indicator, o.year)
		if prev, ok := sh.cells[k]; ok && len(probs) < 20 {
			probs = append(probs, Problem{Row: o.row, Message: fmt.Sprintf("%s, %s, năm %d đã có ở %s; ở đây là %s: một số liệu chỉ nạp từ một ô",
				o.indicator, o.unit, o.year, prev, strings.Join(o.cells, "; "))})
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
