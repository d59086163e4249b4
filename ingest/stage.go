package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"chitieu/data"
)

// valueFields are the numeric fields of an observation, in stage order.
var valueFields = []Field{FieldActual, FieldPlan, FieldTarget, FieldNumerator, FieldDenominator}

// branch is one SELECT of the stage: the whole raw table for a long layout,
// one year of it for a wide one. Labels name each field's column for problems.
type branch struct {
	Year   int // 0 for long: the year comes from a column
	Labels map[Field]string
}

// staged is a file's observations in the one staging relation every format
// and layout becomes.
type staged struct {
	Table      string // a view of Rows with every field
	Rows       string // the table of the stage's rows, with the fields the file has
	Branches   []branch
	Raw        rawTable
	Shape      shape
	Duplicates bool     // some observation appears more than once (validation says)
	Series     string   // one row per series of the valid rows (summarise)
	Changed    []string // the fields some update of the diff changes
	// What yearBlocks found, inside the load's transaction.
	Live         int64 // rows with a figure
	FirstYear    int64 // their years
	LastYear     int64
	InBlocks     bool     // each year's rows lie together, in the stage's order
	Overlap      int64    // observations the store holds in the stage's years
	StoredBefore bool     // the store holds some in those years or the year before
	Stored       bool     // the store holds any observation
	View         string   // the stage with each cell's text, for messages
	Units        []string // the only units the loading user may load; nil for any
}

// textExpr is a cell as trimmed text; numbers of typed formats become text
// only for messages.
func textExpr(c rawColumn) string {
	if c.numeric() {
		return "CAST(" + data.QuoteIdent(c.Name) + " AS VARCHAR)"
	}
	return "ct_text(CAST(" + data.QuoteIdent(c.Name) + " AS VARCHAR))"
}

// stageObservations builds the staging relation of observations: a view
// with src_row, branch, year_raw, year, unit_raw, indicator_raw, unit_code,
// indicator_code, and for each value field its raw text and its number, plus
// derived and note; and from it a narrow table of the values, with flags.
func stageObservations(ctx context.Context, c *data.Conn, raw rawTable, sh shape, table string, units []string) (*staged, error) {
	st := &staged{Table: table, Raw: raw, Shape: sh, Units: units}
	unit, ind := sh.Cols[FieldUnit], sh.Cols[FieldIndicator]
	mapU, mapI := table+"_units", table+"_indicators"
	// The names are resolved from the distinct pairs of unit and indicator
	// the file gives, found in one scan: a few thousand rows, not millions.
	pairs := table + "_pairs"
	if _, err := c.ExecContext(ctx, fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT DISTINCT %s, %s FROM %s", data.QuoteIdent(pairs),
		data.QuoteIdent(unit.Name), data.QuoteIdent(ind.Name), data.QuoteIdent(raw.Name))); err != nil {
		return nil, fmt.Errorf("stage %s: %w", raw.Name, err)
	}
	// A report table's names are the catalog codes they already are.
	build := func(col rawColumn, catalog, table string) error {
		if sh.Coded {
			return buildCodeMap(ctx, c, pairs, textExpr(col), catalog, table)
		}
		return buildNameMap(ctx, c, pairs, col, catalog, table)
	}
	if err := build(unit, "units", mapU); err != nil {
		return nil, err
	}
	if err := build(ind, "indicators", mapI); err != nil {
		return nil, err
	}

	commonFrom := func(row, b, release, unitText, indText string) []string {
		return []string{
			row + " AS src_row",
			b + " AS branch",
			unitText + " AS unit_raw",
			indText + " AS indicator_raw",
			optText(sh.Cols, FieldDerived) + " AS derived_raw",
			optText(sh.Cols, FieldNote) + " AS note",
			release + " AS release_raw",
			optText(sh.Cols, FieldSource) + " AS source",
		}
	}
	common := func(row, b, release string) []string {
		return commonFrom(row, b, release, textExpr(unit), textExpr(ind))
	}
	var selects []string
	if sh.Layout == "wide" {
		byYear := map[int]map[Field]rawColumn{}
		estimate := map[int]bool{}
		var years []int
		for _, w := range sh.Wide {
			if byYear[w.Year] == nil {
				byYear[w.Year] = map[Field]rawColumn{}
				years = append(years, w.Year)
			}
			byYear[w.Year][w.Field] = w.Col
			if w.Release == "estimate" {
				estimate[w.Year] = true
			}
		}
		for i, y := range years {
			cols := byYear[y]
			for _, f := range []Field{FieldNumerator, FieldDenominator} {
				if col, ok := sh.Cols[f]; ok {
					cols[f] = col
				}
			}
			b := branch{Year: y, Labels: labels(cols, unit, ind)}
			st.Branches = append(st.Branches, b)
			// A year read from "Ước TH" is an estimate unless the row says.
			release := optText(sh.Cols, FieldRelease)
			if estimate[y] {
				release = "coalesce(" + release + ", 'estimate')"
			}
			sel := append(common(raw.RowExpr, strconv.Itoa(i), release), fmt.Sprintf("'%d' AS year_raw", y))
			sel = append(sel, valueExprs(cols)...)
			selects = append(selects, "SELECT "+strings.Join(sel, ", ")+" FROM "+data.QuoteIdent(raw.Name))
		}
		// The one UNPIVOT has one release for all years: not for estimates.
		if len(estimate) == 0 {
			if sel, ok := unpivotWide(raw, sh, years, byYear, commonFrom); ok {
				selects = []string{sel}
			}
		}
	} else {
		b := branch{Labels: labels(sh.Cols, unit, ind)}
		b.Labels[FieldYear] = sh.Cols[FieldYear].Label
		st.Branches = append(st.Branches, b)
		sel := append(common(raw.RowExpr, "0", optText(sh.Cols, FieldRelease)), textExpr(sh.Cols[FieldYear])+" AS year_raw")
		sel = append(sel, valueExprs(sh.Cols)...)
		selects = append(selects, "SELECT "+strings.Join(sel, ", ")+" FROM "+data.QuoteIdent(raw.Name))
	}
	// The inner SELECTs give each cell as text once; the outer one parses
	// the text columns, so no macro argument is worked out twice.
	var parsed []string
	// The indicators are joined for the per cents of a spreadsheet only.
	pctJoin, pctMeasure := "", "NULL"
	for _, c := range sh.Cols {
		if c.PctName != "" {
			pctJoin, pctMeasure = "ci", "ci.measure"
		}
	}
	for _, w := range sh.Wide {
		if w.Col.PctName != "" {
			pctJoin, pctMeasure = "ci", "ci.measure"
		}
	}
	for _, f := range valueFields {
		// A cell shown as a per cent holds 0.9906 for 99,06%: stored as
		// 99.06 when the indicator is measured in per cent.
		parsed = append(parsed, fmt.Sprintf(`CASE WHEN s.%[1]s_typed IS NOT NULL
			THEN s.%[1]s_typed * CASE WHEN s.%[1]s_pct AND %[3]s = '%%' THEN 100 ELSE 1 END
			ELSE ct_num_%[2]s(s.%[1]s_raw) END AS %[1]s`, f, sh.Locale, pctMeasure))
	}
	// The full stage, raw text included, is a view: only a refused file needs
	// the text, for its messages. What is kept is narrow: the parsed values
	// and one flag saying whether the row breaks any rule.
	view := table + "_v"
	// A map that reads every name as itself (a file by codes) is no join:
	// the stage keeps the file's order, and the insert needs no sort.
	joins, resolved := "", map[string][2]string{}
	for _, m := range []struct{ table, raw, code, alias string }{{mapU, "s.unit_raw", "unit", "mu"}, {mapI, "s.indicator_raw", "indicator", "mi"}} {
		same, err := identityMap(ctx, c, m.table)
		if err != nil {
			return nil, err
		}
		if same {
			resolved[m.code] = [2]string{m.raw, "NULL::VARCHAR"}
			continue
		}
		if code, cands, ok, err := lookupMap(ctx, c, m.table, m.raw); err != nil {
			return nil, err
		} else if ok {
			resolved[m.code] = [2]string{code, cands}
			continue
		}
		resolved[m.code] = [2]string{m.alias + ".code", m.alias + ".candidates"}
		joins += fmt.Sprintf("LEFT JOIN %s %s ON %s.raw = %s\n", data.QuoteIdent(m.table), m.alias, m.alias, m.raw)
	}
	if pctJoin != "" {
		pctJoin = "LEFT JOIN indicators ci ON ci.code = " + resolved["indicator"][0]
	}
	q := fmt.Sprintf(`CREATE TEMP VIEW %[1]s AS
SELECT s.*,
       ct_year(s.year_raw) AS year,
       %[6]s AS unit_code, %[7]s AS indicator_code,
       %[8]s AS unit_candidates, %[9]s AS indicator_candidates,
       coalesce(s.actual_raw, s.plan_raw, s.target_raw, s.numerator_raw, s.denominator_raw) IS NULL AS empty,
       %[2]s
FROM (%[3]s) s
%[4]s%[5]s`,
		data.QuoteIdent(view), strings.Join(parsed, ",\n       "), strings.Join(selects, "\nUNION ALL\n"), joins, pctJoin,
		resolved["unit"][0], resolved["indicator"][0], resolved["unit"][1], resolved["indicator"][1])
	if _, err := c.ExecContext(ctx, q); err != nil {
		return nil, fmt.Errorf("stage %s: %w", raw.Name, err)
	}
	var conds []string
	for _, ch := range observationChecks(sh.Locale, units) {
		conds = append(conds, "("+ch.cond+")")
	}
	// A row with no value at all (a blank line, a section heading of a
	// report) is kept but marked empty, and left out of everything after;
	// marking it in the same projection costs less than a filter would.
	// Only the fields the file has are kept; the stage is a view that gives
	// the others as NULL, which costs nothing to read.
	st.Rows = table + "_rows"
	var kept, stage []string
	for _, f := range []struct {
		field      Field
		col, typed string
	}{{FieldNumerator, "numerator", "DOUBLE"}, {FieldDenominator, "denominator", "DOUBLE"},
		{FieldDerived, "derived_raw", "VARCHAR"}, {FieldNote, "note", "VARCHAR"},
		{FieldRelease, "release", "VARCHAR"}, {FieldSource, "source", "VARCHAR"}} {
		if sh.has(f.field) {
			if f.field == FieldRelease {
				kept = append(kept, "lower(release_raw) AS release")
			} else {
				kept = append(kept, f.col)
			}
			stage = append(stage, f.col)
		} else {
			stage = append(stage, "NULL::"+f.typed+" AS "+f.col)
		}
	}
	q = fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT src_row, branch, year, unit_code, indicator_code, actual, plan, target,
		%s empty, NOT empty AND coalesce(%s, false) AS bad FROM %s`,
		data.QuoteIdent(st.Rows), strings.Join(append(kept, ""), ", "), strings.Join(conds, " OR "), data.QuoteIdent(view))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return nil, fmt.Errorf("stage %s: %w", raw.Name, err)
	}
	q = fmt.Sprintf(`CREATE TEMP VIEW %s AS SELECT src_row, branch, year, unit_code, indicator_code, actual, plan, target,
		%s, empty, bad FROM %s`, data.QuoteIdent(table), strings.Join(stage, ", "), data.QuoteIdent(st.Rows))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return nil, fmt.Errorf("stage %s: %w", raw.Name, err)
	}
	st.View = view
	return st, nil
}

// has says the file gives field: a column of it, or a wide column of it
// (release: a wide column of estimates).
func (sh shape) has(f Field) bool {
	if _, ok := sh.Cols[f]; ok {
		return true
	}
	for _, w := range sh.Wide {
		if w.Field == f || f == FieldRelease && w.Release == "estimate" {
			return true
		}
	}
	return false
}

// unpivotWide is the SELECT of a wide layout with one field a year, all
// the same and all text (a CSV's column per year): one UNPIVOT reads the
// raw table once, where a SELECT per year would read it once a year. Its
// rows are the branches' rows, branch and year told by the column.
func unpivotWide(raw rawTable, sh shape, years []int, byYear map[int]map[Field]rawColumn,
	common func(row, b, release, unitText, indText string) []string) (string, bool) {
	// The UNPIVOT's own columns must not be the file's: such a file is read
	// a year at a time instead.
	for _, c := range raw.Cols {
		switch c.Name {
		case "ct_src_row", "ct_unit", "ct_ind", "ct_v", "ct_col":
			return "", false
		}
	}
	var field Field
	var names, yearText []string
	for i, y := range years {
		if len(byYear[y]) != 1 {
			return "", false
		}
		for f, c := range byYear[y] {
			if field == "" {
				field = f
			}
			if f != field || c.numeric() || c.NumName != "" || c.PctName != "" {
				return "", false
			}
			// Each year's column is named by its branch, so the branch and
			// the year are found by position, not by comparing names.
			names = append(names, fmt.Sprintf("%s AS '%d'", data.QuoteIdent(c.Name), i))
			yearText = append(yearText, data.QuoteString(strconv.Itoa(y)))
		}
	}
	cols := map[Field]rawColumn{field: {Name: "ct_v", Type: "VARCHAR"}}
	for _, f := range []Field{FieldNumerator, FieldDenominator} {
		if col, ok := sh.Cols[f]; ok {
			cols[f] = col
		}
	}
	// The unit and the indicator are read once a row, before the UNPIVOT
	// repeats them for every year.
	b := "CAST(ct_col AS INTEGER)"
	sel := append(common("ct_src_row", b, optText(sh.Cols, FieldRelease), "ct_unit", "ct_ind"),
		fmt.Sprintf("[%s][%s + 1] AS year_raw", strings.Join(yearText, ", "), b))
	sel = append(sel, valueExprs(cols)...)
	return fmt.Sprintf("SELECT %s FROM (SELECT %s AS ct_src_row, %s AS ct_unit, %s AS ct_ind, * FROM %s) UNPIVOT INCLUDE NULLS (ct_v FOR ct_col IN (%s))",
		strings.Join(sel, ", "), raw.RowExpr, textExpr(sh.Cols[FieldUnit]), textExpr(sh.Cols[FieldIndicator]),
		data.QuoteIdent(raw.Name), strings.Join(names, ", ")), true
}

func labels(cols map[Field]rawColumn, unit, ind rawColumn) map[Field]string {
	l := map[Field]string{FieldUnit: unit.Label, FieldIndicator: ind.Label}
	for f, c := range cols {
		l[f] = c.Label
	}
	return l
}

func optText(cols map[Field]rawColumn, f Field) string {
	if c, ok := cols[f]; ok {
		return textExpr(c)
	}
	return "NULL::VARCHAR"
}

// valueExprs gives each value field as text (f_raw) and, where the file
// stored a number, as that number (f_typed), and whether it was shown as a
// per cent (f_pct).
func valueExprs(cols map[Field]rawColumn) []string {
	var out []string
	for _, f := range valueFields {
		typed, raw, pct := "NULL::DOUBLE", "NULL::VARCHAR", "false"
		if c, ok := cols[f]; ok {
			raw = textExpr(c)
			typed = typedExpr(c)
			if c.PctName != "" {
				pct = "coalesce(" + data.QuoteIdent(c.PctName) + ", false)"
			}
		}
		out = append(out, raw+" AS "+string(f)+"_raw", typed+" AS "+string(f)+"_typed", pct+" AS "+string(f)+"_pct")
	}
	return out
}

// typedExpr is a column's number where the file stored one, else NULL.
func typedExpr(c rawColumn) string {
	switch {
	case c.numeric():
		return "CAST(" + data.QuoteIdent(c.Name) + " AS DOUBLE)"
	case c.NumName != "":
		return data.QuoteIdent(c.NumName)
	}
	return "NULL::DOUBLE"
}

// nameKeys is the SQL of a catalog's keys, each a code or an exact name
// folded by ct_fold, with the code it stands for. A key that is one entry's
// code stands for it; else a key two entries share stands for neither, and
// candidates lists their codes.
func nameKeys(catalog string) string {
	return fmt.Sprintf(`SELECT k,
        CASE WHEN count(DISTINCT code) FILTER (WHERE by_code) = 1 THEN min(code) FILTER (WHERE by_code)
             WHEN count(DISTINCT code) = 1 THEN min(code) END AS code,
        CASE WHEN count(DISTINCT code) FILTER (WHERE by_code) <> 1 AND count(DISTINCT code) > 1
             THEN array_to_string(list_sort(list_distinct(list(code))), ', ') END AS candidates
    FROM (
        SELECT ct_fold(code) AS k, code, true AS by_code FROM %[1]s
        UNION ALL SELECT ct_fold(name_vi), code, false FROM %[1]s
        UNION ALL SELECT ct_fold(name_en), code, false FROM %[1]s WHERE name_en IS NOT NULL
    ) GROUP BY k`, catalog)
}

// maxLookup is the most names, and maxLookupBytes the most text, a map
// may have to be looked up by position rather than joined.
const (
	maxLookup      = 20000
	maxLookupBytes = 1 << 20
)

// lookupMap gives SQL of the code and the candidates a name map gives the
// name raw, found by the name's place in an ENUM of the map's names: unlike
// a join, it keeps the stage in the file's order, so a file written year
// by year is inserted without a sort. It reports false for a map too long
// for it, or with a name no ENUM can hold, which is joined instead.
func lookupMap(ctx context.Context, c *data.Conn, table, raw string) (code, cands string, ok bool, err error) {
	rows, err := c.QueryContext(ctx, fmt.Sprintf("SELECT raw, code, candidates FROM %s LIMIT %d", data.QuoteIdent(table), maxLookup+1))
	if err != nil {
		return "", "", false, fmt.Errorf("name map: %w", err)
	}
	defer rows.Close()
	var names, codes, candidates []string
	size := 0
	for rows.Next() {
		var n string
		var cd, cs sql.NullString
		if err := rows.Scan(&n, &cd, &cs); err != nil {
			return "", "", false, err
		}
		if size += len(n); strings.ContainsRune(n, 0) || len(names) == maxLookup || size > maxLookupBytes {
			return "", "", false, nil
		}
		names = append(names, data.QuoteString(n))
		codes, candidates = append(codes, sqlOrNull(cd)), append(candidates, sqlOrNull(cs))
	}
	if err := rows.Err(); err != nil || len(names) == 0 {
		return "", "", false, err
	}
	at := fmt.Sprintf("enum_code(TRY_CAST(%s AS ENUM(%s))) + 1", raw, strings.Join(names, ", "))
	return fmt.Sprintf("([%s]::VARCHAR[])[%s]", strings.Join(codes, ", "), at),
		fmt.Sprintf("([%s]::VARCHAR[])[%s]", strings.Join(candidates, ", "), at), true, nil
}

func sqlOrNull(s sql.NullString) string {
	if !s.Valid {
		return "NULL"
	}
	return data.QuoteString(s.String)
}

// identityMap says a name map reads every name as itself.
func identityMap(ctx context.Context, c *data.Conn, table string) (bool, error) {
	var same bool
	err := c.QueryRowContext(ctx, "SELECT coalesce(bool_and(code IS NOT DISTINCT FROM raw), true) FROM "+data.QuoteIdent(table)).Scan(&same)
	if err != nil {
		return false, fmt.Errorf("name map: %w", err)
	}
	return same, nil
}

// buildNameMap maps each distinct unit or indicator as the file writes it to
// a code of the catalog: by code or by exact Vietnamese or English name, after
// folding case, spacing and Unicode form. A name two entries share maps to
// neither, and keeps their codes as candidates. Resolving the distinct names
// only keeps a 2M-row file fast; the cells are deduplicated before they
// are trimmed, too.
func buildNameMap(ctx context.Context, c *data.Conn, rawName string, col rawColumn, catalog, table string) error {
	q := fmt.Sprintf(`CREATE TEMP TABLE %[1]s AS
WITH keys AS (%[2]s), names AS (SELECT DISTINCT %[3]s AS raw FROM (SELECT DISTINCT %[5]s FROM %[4]s))
SELECT n.raw, k.code, k.candidates FROM names n LEFT JOIN keys k ON k.k = ct_fold(n.raw) WHERE n.raw IS NOT NULL`,
		data.QuoteIdent(table), nameKeys(catalog), textExpr(col), data.QuoteIdent(rawName), data.QuoteIdent(col.Name))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("resolve %s: %w", catalog, err)
	}
	return nil
}
