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
		return xlsWorkbook(ctx, in.Path, sheets, lim)
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
		if ref, ok := rtable.AsRefusal(err); ok {
			fr.Problems = []Problem{{File: w.in.Name, Sheet: fr.Sheet, Code: ref.Code, Args: ref.Args, Message: ref.Error()}}
			parts = append(parts, &fileWork{in: w.in, report: &fr, phase: w.phase, units: w.units})
			continue
		}
		if err != nil {
			if !errors.Is(err, rtable.ErrNoTable) {
				return nil, nil, nil, err
			}
			fr.Outcome, fr.Reason, fr.ReasonCode = "skipped", err.Error(), rtable.NoTableCode(err)
			skipped = append(skipped, fr)
			continue
		}
		part := &fileWork{in: w.in, report: &fr, phase: w.phase, units: w.units}
		nu, ni := len(cat.units.added), len(cat.indicators.added)
		obs, probs := buildObservations(t, &fr, format, opts, cat)
		fr.Warnings = append(fr.Warnings, tableWarnings(w.in.Name, fr.Sheet, t)...)
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
