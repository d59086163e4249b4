package ingest

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"sync/atomic"

	"chitieu/ingest/sheet"
)

// xlsxBook is an XLSX package opened for streaming: its sheets, shared
// strings and which cell styles are per cents. Excelize's streaming rows give
// each cell as formatted text only, without its type, and chitieu must know
// a number from text that looks like one ("38.527" typed in a Vietnamese
// sheet) and a per cent format from a plain number; so the sheets are
// decoded here, cell by cell, straight from the zip, within xlsxLimits.
type xlsxBook struct {
	zr      *zip.ReadCloser
	sheets  []xlsxSheetRef
	strings []string
	percent map[int]bool // cell style index -> number format is a per cent
	styles  []xlsxStyle  // by cell style index, for the sheet model

	ctx context.Context
	lim xlsxLimits
	// Sheets may be read side by side: what they hand out counts together.
	held  atomic.Int64 // bytes of cell text handed out so far
	cells atomic.Int64 // non-empty cells handed out so far
}

type xlsxSheetRef struct {
	Name, Path string
}

// openXLSX opens a workbook with the default limits and no deadline.
func openXLSX(p string) (*xlsxBook, error) {
	return openXLSXLimits(context.Background(), p, defaultXLSXLimits())
}

// openXLSXLimits opens a workbook whose reading stops when ctx ends and
// refuses, with an error wrapping sheet.ErrLimit, what is over lim.
func openXLSXLimits(ctx context.Context, p string, lim xlsxLimits) (*xlsxBook, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("không phải tệp XLSX (zip) đọc được: %w", err)
	}
	b := &xlsxBook{zr: zr, percent: map[int]bool{}, ctx: ctx, lim: lim}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total > uint64(lim.MaxTotalBytes) {
		zr.Close()
		return nil, limitErr("total", "mb", total>>20, "max", lim.MaxTotalBytes>>20)
	}
	for _, step := range []func() error{b.readWorkbook, b.readSharedStrings, b.readStyles} {
		if err := step(); err != nil {
			zr.Close()
			return nil, err
		}
	}
	return b, nil
}

func (b *xlsxBook) Close() error { return b.zr.Close() }

// open opens a part after checking its declared sizes; the reader stops at
// the context's end.
func (b *xlsxBook) open(name string) (io.ReadCloser, error) {
	return b.openMax(name, b.lim.MaxPartBytes)
}

func (b *xlsxBook) openMax(name string, max int64) (io.ReadCloser, error) {
	name = strings.TrimPrefix(name, "/")
	for _, f := range b.zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(max) {
			return nil, limitErr("part", "part", name, "mb", f.UncompressedSize64>>20, "max", max>>20)
		}
		if f.UncompressedSize64 > ratioFloor && f.UncompressedSize64/max64(f.CompressedSize64, 1) > uint64(b.lim.MaxRatio) {
			return nil, limitErr("ratio", "part", name, "ratio", f.UncompressedSize64/max64(f.CompressedSize64, 1), "max", b.lim.MaxRatio)
		}
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{ctxReader{b.ctx, r}, r}, nil
	}
	return nil, fmt.Errorf("tệp XLSX thiếu phần %s", name)
}

// size is a part's declared size, 0 when there is no such part.
func (b *xlsxBook) size(name string) uint64 {
	name = strings.TrimPrefix(name, "/")
	for _, f := range b.zr.File {
		if f.Name == name {
			return f.UncompressedSize64
		}
	}
	return 0
}

func (b *xlsxBook) has(name string) bool {
	for _, f := range b.zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

func max64(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// decode reads a small part whole; encoding/xml bounds its nesting itself.
func (b *xlsxBook) decode(name string, v any) error {
	r, err := b.openMax(name, b.lim.MaxMetaBytes)
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(r).Decode(v)
}

// depth follows an XML stream's nesting and refuses it past the limit.
type depth struct {
	n, max int
	part   string
}

func (d *depth) track(tok xml.Token) error {
	switch tok.(type) {
	case xml.StartElement:
		if d.n++; d.n > d.max {
			return limitErr("depth", "part", d.part, "max", d.max)
		}
	case xml.EndElement:
		d.n--
	}
	return nil
}

func (b *xlsxBook) readWorkbook() error {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decode("xl/workbook.xml", &wb); err != nil {
		return fmt.Errorf("not an XLSX workbook: %w", err)
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := b.decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return fmt.Errorf("not an XLSX workbook: %w", err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if !strings.HasPrefix(t, "/") {
			t = path.Join("xl", t)
		}
		targets[r.ID] = strings.TrimPrefix(t, "/")
	}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok {
			b.sheets = append(b.sheets, xlsxSheetRef{Name: s.Name, Path: t})
		}
	}
	return nil
}

// readSharedStrings reads the table of strings cells refer to by index; the
// text of a rich string is the text of its runs, phonetic hints left out.
// Each string, their count and their total size are bounded as they stream.
func (b *xlsxBook) readSharedStrings() error {
	if !b.has("xl/sharedStrings.xml") {
		return nil // a workbook of numbers only has none
	}
	r, err := b.open("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	dp := depth{max: b.lim.MaxDepth, part: "xl/sharedStrings.xml"}
	var cur strings.Builder
	var total int64
	inSI, inT, inPh := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("shared strings: %w", err)
		}
		if err := dp.track(tok); err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				if len(b.strings) >= b.lim.MaxSharedStrings {
					return limitErr("shared_count", "max", b.lim.MaxSharedStrings)
				}
				// A string's header counts too: many empty strings are not free.
				if total += int64(cur.Len()) + 16; total > b.lim.MaxTextBytes {
					return limitErr("shared_bytes", "max", b.lim.MaxTextBytes>>20)
				}
				b.strings = append(b.strings, cur.String())
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			if inSI && inT && !inPh {
				if cur.Len()+len(t) > b.lim.MaxCellBytes {
					return limitErr("shared_string", "max", b.lim.MaxCellBytes)
				}
				cur.Write(t)
			}
		}
	}
}

// readStyles finds the cell styles whose number format shows a per cent:
// the built-in formats 9 and 10, or a custom code with % outside quotes; and
// keeps what the sheet model needs of each style, from the same decoding.
func (b *xlsxBook) readStyles() error {
	var st xlsxStyles
	if err := b.decode("xl/styles.xml", &st); err != nil {
		return nil // no styles: nothing is a per cent
	}
	pct := map[int]bool{9: true, 10: true}
	for _, f := range st.NumFmts {
		if percentCode(f.Code) {
			pct[f.ID] = true
		}
	}
	for i, xf := range st.Xfs {
		if pct[xf.NumFmtID] {
			b.percent[i] = true
		}
	}
	b.styles = st.model()
	return nil
}

func percentCode(code string) bool {
	quoted, escaped := false, false
	for _, r := range code {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == '%' && !quoted:
			return true
		}
	}
	return false
}

// xlsxCell is one cell as a sheet stores it.
type xlsxCell struct {
	Col     int    // 1-based
	Text    string // the value as text: a string, or a number as written in the file
	Number  bool   // a numeric cell (its Text is in the file's own 1234.5 form)
	Percent bool   // a numeric cell formatted as a per cent
	Style   int    // the cell's style index (cellXfs), for the sheet model
}

// eachRow streams a sheet's rows in order, calling fn with the sheet's own
// row number and the cells that hold something; fn returns false to stop.
// Rows, columns, cell text and the text and cells of the whole workbook are
// bounded as the sheet streams; the context's end stops it.
func (b *xlsxBook) eachRow(sheetPath string, fn func(row int, cells []xlsxCell) (bool, error)) error {
	return b.scanSheet(sheetPath, fn, nil)
}

// scanSheet is eachRow that, given merge, goes on past the rows to hand it
// the sheet's merged ranges: one pass over the sheet's XML, not two.
func (b *xlsxBook) scanSheet(sheetPath string, fn func(row int, cells []xlsxCell) (bool, error), merge func(sheet.Range)) error {
	r, err := b.open(sheetPath)
	if err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	dp := depth{max: b.lim.MaxDepth, part: sheetPath}
	var (
		cells          []xlsxCell
		rowNum         int
		cell           xlsxCell
		typ            string
		style          int
		inV, inT, inIS bool
		inData         bool // merged ranges come after the rows
		val            strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if ctxErr := b.ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			return fmt.Errorf("sheet XML: %w", err)
		}
		if err := dp.track(tok); err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				cells = cells[:0]
				if ref := attr(t, "r"); ref != "" {
					n, err := strconv.Atoi(ref)
					if err != nil || n < 1 || n > b.lim.MaxRows {
						return limitErr("row", "row", clip(ref), "max", b.lim.MaxRows)
					}
					rowNum = n
				} else if rowNum++; rowNum > b.lim.MaxRows {
					return limitErr("row", "row", rowNum, "max", b.lim.MaxRows)
				}
			case "c":
				cell = xlsxCell{Col: len(cells) + 1}
				if ref := attr(t, "r"); ref != "" {
					if cell.Col = cellColumn(ref, b.lim.MaxCols); cell.Col == 0 {
						return limitErr("cell", "cell", clip(ref), "max", b.lim.MaxCols)
					}
				} else if len(cells) > 0 {
					cell.Col = cells[len(cells)-1].Col + 1
				}
				if cell.Col > b.lim.MaxCols || len(cells) >= b.lim.MaxCols {
					return limitErr("columns", "row", rowNum, "max", b.lim.MaxCols)
				}
				typ = attr(t, "t")
				style, _ = strconv.Atoi(attr(t, "s"))
				cell.Style = style
				val.Reset()
			case "v":
				inV = true
			case "is":
				inIS = true
			case "t":
				inT = true
			case "sheetData":
				inData = true
			case "mergeCell":
				if rg, ok := parseRange(attr(t, "ref")); ok && merge != nil && !inData {
					merge(rg)
				}
			}
		case xml.CharData:
			if inV || (inIS && inT) {
				if val.Len()+len(t) > b.lim.MaxCellBytes {
					return limitErr("cell_text", "row", rowNum, "max", b.lim.MaxCellBytes)
				}
				val.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "c":
				v := val.String()
				switch typ {
				case "s":
					if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(b.strings) {
						cell.Text = b.strings[i]
					}
				case "", "n":
					cell.Text, cell.Number, cell.Percent = v, v != "", v != "" && b.percent[style]
				case "b":
					cell.Text = map[string]string{"1": "TRUE", "0": "FALSE"}[v]
				default: // str (a formula's text), inlineStr, e (an error such as #N/A)
					cell.Text = v
				}
				if strings.TrimSpace(cell.Text) != "" {
					// A shared string is held once but copied for each
					// cell that uses it, so each use counts.
					if b.held.Add(int64(len(cell.Text))) > b.lim.MaxTextBytes {
						return limitErr("text", "max", b.lim.MaxTextBytes>>20, "row", rowNum)
					}
					if b.cells.Add(1) > b.lim.MaxCells {
						return limitErr("cells", "max", b.lim.MaxCells)
					}
					cells = append(cells, cell)
				}
			case "row":
				if len(cells) > 0 {
					more, err := fn(rowNum, cells)
					if err != nil || !more {
						return err
					}
				}
			case "sheetData":
				inData = false
				if merge == nil {
					return nil
				}
			}
		}
	}
}

// cellColumn is the column of a cell reference ("AB12" -> 28), or 0 when
// the reference does not start with a column of at most max: a reference
// such as "ZZZZZZZZZ2" is refused at its fourth letter.
func cellColumn(ref string, max int) int {
	n := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if c < 'A' || c > 'Z' {
			if i == 0 {
				return 0
			}
			break
		}
		if i >= 3 {
			return 0
		}
		n = n*26 + int(c-'A'+1)
	}
	if n > max {
		return 0
	}
	return n
}

// clip keeps a hostile reference short in a message.
func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnLetters turns 28 into "AB".
func columnLetters(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}
