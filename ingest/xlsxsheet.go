package ingest

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"chitieu/ingest/sheet"
)

// xlsxStyle is what the sheet model keeps of a cell style.
type xlsxStyle struct {
	format string
	indent int
	bold   bool
	italic bool
	font   string // the font's name: .VnTime and VNI-Times say a legacy encoding
}

// xlsxStyles is what styles.xml says of number formats, fonts and cell
// styles.
type xlsxStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Fonts []struct {
		B    *xlsxFlag `xml:"b"`
		I    *xlsxFlag `xml:"i"`
		Name *struct {
			Val string `xml:"val,attr"`
		} `xml:"name"`
	} `xml:"fonts>font"`
	Xfs []struct {
		NumFmtID  int `xml:"numFmtId,attr"`
		FontID    int `xml:"fontId,attr"`
		Alignment *struct {
			Indent int `xml:"indent,attr"`
		} `xml:"alignment"`
	} `xml:"cellXfs>xf"`
}

// xlsxFlag is a font's <b/> or <i/>: on unless val says off.
type xlsxFlag struct {
	Val string `xml:"val,attr"`
}

func (f *xlsxFlag) on() bool { return f != nil && f.Val != "0" && f.Val != "false" }

// model gives each cell style's number format code, indent and font
// weight, for the report-table interpreter.
func (st *xlsxStyles) model() []xlsxStyle {
	codes := map[int]string{9: "0%", 10: "0.00%", 3: "#,##0", 4: "#,##0.00"}
	for _, f := range st.NumFmts {
		codes[f.ID] = f.Code
	}
	out := make([]xlsxStyle, len(st.Xfs))
	for i, xf := range st.Xfs {
		s := xlsxStyle{format: codes[xf.NumFmtID]}
		if xf.Alignment != nil {
			s.indent = xf.Alignment.Indent
		}
		if xf.FontID >= 0 && xf.FontID < len(st.Fonts) {
			s.bold, s.italic = st.Fonts[xf.FontID].B.on(), st.Fonts[xf.FontID].I.on()
			if n := st.Fonts[xf.FontID].Name; n != nil {
				s.font = n.Val
			}
		}
		out[i] = s
	}
	return out
}

// parseRange reads "B3:D4" as a 0-based range.
func parseRange(ref string) (sheet.Range, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	r0, c0, ok0 := parseCellRef(a)
	r1, c1, ok1 := parseCellRef(b)
	if !ok0 || !ok1 || r1 < r0 || c1 < c0 {
		return sheet.Range{}, false
	}
	return sheet.Range{Row0: r0, Col0: c0, Row1: r1, Col1: c1}, true
}

func parseCellRef(s string) (row, col int, ok bool) {
	s = strings.ReplaceAll(strings.ToUpper(s), "$", "")
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	if i == 0 || i > 3 {
		return 0, 0, false
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil || n < 1 {
		return 0, 0, false
	}
	c := cellColumn(s[:i], 16384)
	if c == 0 {
		return 0, 0, false
	}
	return n - 1, c - 1, true
}

// xlsxWorkbook reads the named sheets (all when names is empty) of an
// XLSX file into the sheet model, within limits. Sheets are separate parts
// of the zip, so they are decoded side by side, one per processor: decoding
// XML is most of the time of reading a workbook of many sheets.
func xlsxWorkbook(ctx context.Context, path string, names []string, lim sheet.Limits) (*sheet.Workbook, error) {
	book, err := openXLSX(path)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	styles := book.styles
	var refs []xlsxSheetRef
	for _, ref := range book.sheets {
		if len(names) == 0 || nameIn(ref.Name, names) {
			refs = append(refs, ref)
		}
	}
	// The biggest sheets first, so no processor is left with a big one at
	// the end while the others wait.
	order, size := make([]int, len(refs)), make([]uint64, len(refs))
	for i, ref := range refs {
		order[i], size[i] = i, book.size(ref.Path)
	}
	sort.SliceStable(order, func(i, j int) bool { return size[order[i]] > size[order[j]] })
	sheets := make([]*sheet.Sheet, len(refs))
	errs := make([]error, len(refs))
	var used sheetUse
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(refs)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(order) && !failed.Load(); k = int(next.Add(1) - 1) {
				i := order[k]
				if err := ctx.Err(); err != nil {
					errs[i] = err
				} else if sheets[i], err = book.modelSheet(refs[i], styles, lim, &used); err != nil {
					errs[i] = fmt.Errorf("sheet %q: %w", refs[i].Name, err)
				}
				if errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return &sheet.Workbook{Sheets: sheets}, nil
}

// sheetUse is the cells and text of a workbook's sheets read so far.
type sheetUse struct{ cells, text atomic.Int64 }

// modelSheet reads one sheet into the sheet model.
func (b *xlsxBook) modelSheet(ref xlsxSheetRef, styles []xlsxStyle, lim sheet.Limits, used *sheetUse) (*sheet.Sheet, error) {
	sh := &sheet.Sheet{Name: ref.Name}
	merge := func(rg sheet.Range) { sh.Merges = append(sh.Merges, rg) }
	err := b.scanSheet(ref.Path, func(row int, cs []xlsxCell) (bool, error) {
		r := row - 1
		if r >= lim.MaxRows || r < 0 {
			return false, fmt.Errorf("%w: more than %d rows", sheet.ErrLimit, lim.MaxRows)
		}
		for len(sh.Rows) <= r {
			sh.Rows = append(sh.Rows, nil)
		}
		for _, c := range cs {
			col := c.Col - 1
			if col < 0 || col >= lim.MaxCols {
				return false, fmt.Errorf("%w: more than %d columns", sheet.ErrLimit, lim.MaxCols)
			}
			if used.cells.Add(1) > lim.MaxCells || used.text.Add(int64(len(c.Text))) > lim.MaxTextBytes {
				return false, fmt.Errorf("%w: too many cells or too much text", sheet.ErrLimit)
			}
			for len(sh.Rows[r]) <= col {
				sh.Rows[r] = append(sh.Rows[r], sheet.Cell{})
			}
			cell := sheet.Cell{Kind: sheet.Text, Text: c.Text}
			if c.Number {
				v, err := strconv.ParseFloat(c.Text, 64)
				if err == nil {
					cell = sheet.Cell{Kind: sheet.Number, Num: v}
				}
			}
			if c.Style >= 0 && c.Style < len(styles) {
				st := styles[c.Style]
				cell.Format, cell.Indent, cell.Bold, cell.Italic, cell.Font = st.format, st.indent, st.bold, st.italic, st.font
			}
			if c.Percent && cell.Format == "" {
				cell.Format = "0%"
			}
			sh.Rows[r][col] = cell
		}
		return true, nil
	}, merge)
	return sh, err
}

func nameIn(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(name)) {
			return true
		}
	}
	return false
}
