package ingest

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

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
// a piece of work with a report of its own, and the figures of every sheet
// that reads well go into one raw relation the sheets share (rtBatch); a
// sheet without a table is listed as skipped, with why.
func (in *Ingester) readReport(ctx context.Context, c *data.Conn, w *fileWork, format, table string, opts Options, shared **rtShared) ([]*fileWork, []FileReport, []Problem, error) {
	fail := func(code string, kv ...string) ([]*fileWork, []FileReport, []Problem, error) {
		p := coded(code, kv...)
		p.File = w.in.Name
		return nil, nil, []Problem{p}, nil
	}
	sum, err := fileSHA256(w.in.Path)
	if err != nil {
		return fail("ingest.cannot_read", "detail", err.Error())
	}
	w.report.SHA256, w.report.Format = sum, format
	wb, err := openWorkbook(ctx, w.in, format, opts.sheets())
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, nil, ctx.Err()
		}
		return fail("ingest.cannot_read", "detail", err.Error())
	}
	if len(wb.Sheets) == 0 {
		return fail("ingest.report_sheet_missing", "sheets", strings.Join(opts.sheets(), ", "))
	}
	cat, err := in.rtCatalogs(ctx, c, shared)
	if err != nil {
		return nil, nil, nil, err
	}
	var parts []*fileWork
	var skipped []FileReport
	var figures [][]rtObservation // of each sheet in the batch
	b := &rtBatch{}
	tables, errs := interpretAll(wb.Sheets, opts.Locale)
	for i, sh := range wb.Sheets {
		fr := FileReport{File: w.in.Name, Sheet: sh.Name, SHA256: sum, Format: format, Content: ContentObservations, Layout: "report"}
		if format == FormatCSV {
			fr.Sheet = ""
		}
		t, err := tables[i], errs[i]
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
			probs = []Problem{coded("ingest.report_no_values")}
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
			part.raw = rawTable{Name: table, RowExpr: batchRowExpr(), Sheet: fr.Sheet, Rows: fr.Rows, Cols: reportColumns()}
			part.shape, part.preShaped, part.batch = reportShape(part.raw), true, b
			b.parts = append(b.parts, part)
			figures = append(figures, obs)
		}
		parts = append(parts, part)
	}
	if len(b.parts) > 0 {
		if err := registerObservations(ctx, c, table, figures); err != nil {
			return nil, nil, nil, err
		}
		b.raw = b.parts[0].raw
		b.raw.Sheet, b.raw.Rows = "", 0
		for _, p := range b.parts {
			b.raw.Rows += p.raw.Rows
		}
	}
	return parts, skipped, nil, nil
}

// interpretAll reads each sheet's table; sheets are independent, so they are
// read side by side, one per processor. A panic goes on in the caller.
func interpretAll(sheets []*sheet.Sheet, locale string) ([]*rtable.Table, []error) {
	tables, errs, panics := make([]*rtable.Table, len(sheets)), make([]error, len(sheets)), make([]any, len(sheets))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(sheets)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(sheets); i = int(next.Add(1) - 1) {
				func() {
					defer func() { panics[i] = recover() }()
					tables[i], errs[i] = rtable.Interpret(sheets[i], reportLocale(sheets[i], locale))
				}()
			}
		})
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
	return tables, errs
}

// sheets is the sheets asked for.
func (o Options) sheets() []string {
	out := append([]string(nil), o.Sheets...)
	if o.Sheet != "" {
		out = append(out, o.Sheet)
	}
	return out
}

// reportShape is the shape of a report table's long relation.
func reportShape(raw rawTable) shape {
	s := shape{Content: ContentObservations, Layout: "long", Locale: "en", Cols: map[Field]rawColumn{}, Coded: true}
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
