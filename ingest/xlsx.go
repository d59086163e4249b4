package ingest

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/ingest/sheet"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// headerScanRows is how far down a sheet the header row is looked for: report
// sheets open with a title, the agency, a date and blank rows.
const headerScanRows = 40

// xlsxSheet is one sheet read into memory: its header and data rows.
type xlsxSheet struct {
	name    string
	headRow int            // the sheet row of the (last) header row
	headers map[int]string // column -> header text
	rows    []xlsxDataRow
}

type xlsxDataRow struct {
	num   int
	cells []xlsxCell
}

// readXLSX reads every sheet that has a header row, or only the sheet asked
// for, each into its own raw relation built from Arrow record batches.
func readXLSX(ctx context.Context, c *data.Conn, in Input, want []string, table string) ([]rawTable, []Problem, error) {
	sheet := strings.Join(want, ", ")
	book, err := openXLSXLimits(ctx, in.Path, defaultXLSXLimits())
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, []Problem{problemOf(in.Name, "", err)}, nil
	}
	defer book.Close()
	var sheets []xlsxSheetRef
	for _, s := range book.sheets {
		if len(want) == 0 || nameIn(s.Name, want) {
			sheets = append(sheets, s)
		}
	}
	if len(sheets) == 0 {
		names := make([]string, len(book.sheets))
		for i, s := range book.sheets {
			names[i] = strconv.Quote(s.Name) // a name's spaces show
		}
		p := coded("ingest.no_such_sheet", "sheet", strconv.Quote(sheet), "sheets", strings.Join(names, ", "))
		p.File = in.Name
		return nil, []Problem{p}, nil
	}
	var out []rawTable
	var skipped []string
	for i, ref := range sheets {
		sh, err := readSheet(book, ref)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			return nil, []Problem{problemOf(in.Name, ref.Name, err)}, nil
		}
		if sh.headers == nil {
			skipped = append(skipped, ref.Name)
			continue
		}
		if grid := int64(len(sh.rows)) * int64(len(sh.headers)+1); grid > book.lim.MaxGrid {
			return nil, []Problem{problemOf(in.Name, ref.Name,
				limitErr("grid", "rows", len(sh.rows), "cols", len(sh.headers), "max", book.lim.MaxGrid))}, nil
		}
		rt, err := registerSheet(ctx, c, sh, fmt.Sprintf("%s_s%d", table, i))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, rt)
	}
	if len(out) == 0 {
		p := coded("ingest.no_header_row")
		if sheet != "" {
			p = coded("ingest.sheet_no_header_row", "sheet", strconv.Quote(sheet))
		}
		p.File = in.Name
		return nil, []Problem{p}, nil
	}
	return out, nil, nil
}

// readSheet finds the header row among the first rows, below any title, and
// keeps the rows under it. A header of two rows, such as "Thực hiện" merged
// over "2017 | 2018", becomes "Thực hiện 2017", "Thực hiện 2018".
func readSheet(book *xlsxBook, ref xlsxSheetRef) (*xlsxSheet, error) {
	sh := &xlsxSheet{name: ref.Name}
	var top []xlsxDataRow
	err := book.eachRow(ref.Path, func(row int, cells []xlsxCell) (bool, error) {
		cp := append([]xlsxCell(nil), cells...)
		if sh.headers == nil {
			top = append(top, xlsxDataRow{num: row, cells: cp})
			if i := headerIndex(top); i >= 0 {
				sh.headers, sh.headRow = headerTexts(top[i].cells), top[i].num
				rest := top[i+1:]
				if len(rest) > 0 && combineTwoRowHeader(sh.headers, rest[0].cells) {
					sh.headRow = rest[0].num
					rest = rest[1:]
				}
				sh.rows = append(sh.rows, rest...)
				return true, nil
			}
			return len(top) < headerScanRows, nil
		}
		sh.rows = append(sh.rows, xlsxDataRow{num: row, cells: cp})
		return true, nil
	})
	return sh, err
}

// headerIndex returns the index of the first row that reads as a header, or
// -1 while none does. A header names at least two known columns, one of them
// a key; the decision waits for the next row, which may continue the header.
func headerIndex(rows []xlsxDataRow) int {
	for i, r := range rows {
		known, key := 0, false
		for _, c := range r.cells {
			if c.Number {
				continue
			}
			f := fieldOfHeader(c.Text)
			if _, _, wide := parseWideHeader(c.Text); wide {
				known++
				continue
			}
			switch f {
			case FieldNone, FieldIgnore:
			case FieldUnit, FieldIndicator, FieldYear, FieldCode, FieldPeriod, FieldCriterion, FieldSetting:
				known++
				key = true
			default:
				known++
			}
		}
		if known >= 2 && key {
			if i == len(rows)-1 {
				return -1 // wait for the next row
			}
			return i
		}
	}
	return -1
}

func headerTexts(cells []xlsxCell) map[int]string {
	h := map[int]string{}
	for _, c := range cells {
		h[c.Col] = strings.TrimSpace(c.Text)
	}
	return h
}

// combineTwoRowHeader merges a second header row of years into the first:
// each year below a group label ("Thực hiện", "Kế hoạch", "TH"…, written once
// over merged cells) is read as "<label> <year>". It reports whether it did.
func combineTwoRowHeader(h map[int]string, next []xlsxCell) bool {
	years := 0
	for _, c := range next {
		t := strings.TrimSpace(c.Text)
		if y, err := strconv.Atoi(t); err == nil && y >= 1900 && y <= 2100 {
			years++
		} else {
			return false
		}
	}
	if years == 0 {
		return false
	}
	maxCol := 0
	for col := range h {
		maxCol = max(maxCol, col)
	}
	for _, c := range next {
		maxCol = max(maxCol, c.Col)
	}
	below := make(map[int]string, len(next))
	for _, c := range next {
		below[c.Col] = strings.TrimSpace(c.Text)
	}
	label := ""
	for col := 1; col <= maxCol; col++ {
		if t, ok := h[col]; ok && t != "" {
			label = t
			if f := fieldOfHeader(t); f != FieldActual && f != FieldPlan && f != FieldTarget {
				label = ""
			}
		}
		if y, ok := below[col]; ok && label != "" {
			h[col] = label + " " + y
		}
	}
	return true
}

// registerSheet hands a sheet to DuckDB as Arrow record batches and copies it
// into a raw table. Each column is its text; a column with numbers also has
// them as numbers, and which of them were formatted as a per cent.
func registerSheet(ctx context.Context, c *data.Conn, sh *xlsxSheet, table string) (rawTable, error) {
	cols := make([]int, 0, len(sh.headers))
	for col := range sh.headers {
		cols = append(cols, col)
	}
	sort.Ints(cols)
	numeric := map[int]bool{}
	for _, r := range sh.rows {
		for _, cell := range r.cells {
			if cell.Number {
				numeric[cell.Col] = true
			}
		}
	}
	fields := []arrow.Field{{Name: "__row", Type: arrow.PrimitiveTypes.Int64}}
	rt := rawTable{Name: table, Sheet: sh.name, RowExpr: `"__row"`, Rows: int64(len(sh.rows))}
	used := map[string]bool{"__row": true}
	for _, col := range cols {
		name := sh.headers[col]
		if name == "" {
			name = "col " + columnLetters(col)
		}
		for base, n := name, 2; used[name]; n++ {
			name = fmt.Sprintf("%s (%d)", base, n)
		}
		used[name] = true
		rc := rawColumn{Name: name, Type: "VARCHAR", Label: fmt.Sprintf("%s (%s)", name, columnLetters(col))}
		fields = append(fields, arrow.Field{Name: name, Type: arrow.BinaryTypes.String, Nullable: true})
		if numeric[col] {
			rc.NumName, rc.PctName = name+"\x1fnum", name+"\x1fpct"
			fields = append(fields,
				arrow.Field{Name: rc.NumName, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
				arrow.Field{Name: rc.PctName, Type: arrow.FixedWidthTypes.Boolean, Nullable: true})
		}
		rt.Cols = append(rt.Cols, rc)
	}
	schema := arrow.NewSchema(fields, nil)
	recs := buildSheetBatches(schema, sh, cols, numeric)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if err := validateBatches(recs); err != nil {
		return rt, fmt.Errorf("xlsx to arrow: %w", err)
	}
	reader, err := array.NewRecordReader(schema, recs)
	if err != nil {
		return rt, fmt.Errorf("xlsx to arrow: %w", err)
	}
	defer reader.Release()
	view := table + "_arrow"
	release, err := c.RegisterArrow(ctx, view, reader)
	if err != nil {
		return rt, err
	}
	defer release()
	if _, err := c.ExecContext(ctx, fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT * FROM %s",
		data.QuoteIdent(table), data.QuoteIdent(view))); err != nil {
		return rt, fmt.Errorf("xlsx: %w", err)
	}
	c.ExecContext(ctx, "DROP VIEW IF EXISTS "+data.QuoteIdent(view))
	return rt, nil
}

const sheetBatchRows = 16384

func buildSheetBatches(schema *arrow.Schema, sh *xlsxSheet, cols []int, numeric map[int]bool) []arrow.RecordBatch {
	mem := memory.NewGoAllocator()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	var recs []arrow.RecordBatch
	byCol := map[int]xlsxCell{}
	for i, r := range sh.rows {
		clear(byCol)
		for _, cell := range r.cells {
			byCol[cell.Col] = cell
		}
		b.Field(0).(*array.Int64Builder).Append(int64(r.num))
		fi := 1
		for _, col := range cols {
			cell, ok := byCol[col]
			sb := b.Field(fi).(*array.StringBuilder)
			if ok {
				sb.Append(cell.Text)
			} else {
				sb.AppendNull()
			}
			fi++
			if numeric[col] {
				nb, pb := b.Field(fi).(*array.Float64Builder), b.Field(fi+1).(*array.BooleanBuilder)
				if v, err := strconv.ParseFloat(cell.Text, 64); ok && cell.Number && err == nil {
					nb.Append(sheet.AsShown(v))
					pb.Append(cell.Percent)
				} else {
					nb.AppendNull()
					pb.AppendNull()
				}
				fi += 2
			}
		}
		if (i+1)%sheetBatchRows == 0 {
			recs = append(recs, b.NewRecordBatch())
		}
	}
	if len(sh.rows)%sheetBatchRows != 0 || len(sh.rows) == 0 {
		recs = append(recs, b.NewRecordBatch())
	}
	return recs
}
