package ingest

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// xlsxBook is an XLSX package opened for streaming: its sheets, shared
// strings and which cell styles are per cents. Excelize's streaming rows give
// each cell as formatted text only, without its type, and chitieu must know
// a number from text that looks like one ("38.527" typed in a Vietnamese
// sheet) and a per cent format from a plain number; so the sheets are
// decoded here, cell by cell, straight from the zip.
type xlsxBook struct {
	zr      *zip.ReadCloser
	sheets  []xlsxSheetRef
	strings []string
	percent map[int]bool // cell style index -> number format is a per cent
}

type xlsxSheetRef struct {
	Name, Path string
}

func openXLSX(p string) (*xlsxBook, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX (zip) file: %w", err)
	}
	b := &xlsxBook{zr: zr, percent: map[int]bool{}}
	if err := b.readWorkbook(); err != nil {
		zr.Close()
		return nil, err
	}
	if err := b.readSharedStrings(); err != nil {
		zr.Close()
		return nil, err
	}
	if err := b.readStyles(); err != nil {
		zr.Close()
		return nil, err
	}
	return b, nil
}

func (b *xlsxBook) Close() error { return b.zr.Close() }

func (b *xlsxBook) open(name string) (io.ReadCloser, error) {
	name = strings.TrimPrefix(name, "/")
	for _, f := range b.zr.File {
		if f.Name == name {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("%s is missing from the workbook", name)
}

func (b *xlsxBook) decode(name string, v any) error {
	r, err := b.open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(r).Decode(v)
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
func (b *xlsxBook) readSharedStrings() error {
	r, err := b.open("xl/sharedStrings.xml")
	if err != nil {
		return nil // a workbook of numbers only has none
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	var cur strings.Builder
	inSI, inT, inPh := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("shared strings: %w", err)
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
				b.strings = append(b.strings, cur.String())
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			if inSI && inT && !inPh {
				cur.Write(t)
			}
		}
	}
}

// readStyles finds the cell styles whose number format shows a per cent:
// the built-in formats 9 and 10, or a custom code with % outside quotes.
func (b *xlsxBook) readStyles() error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
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
func (b *xlsxBook) eachRow(sheetPath string, fn func(row int, cells []xlsxCell) (bool, error)) error {
	r, err := b.open(sheetPath)
	if err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	var (
		cells          []xlsxCell
		rowNum         int
		cell           xlsxCell
		typ            string
		style          int
		inV, inT, inIS bool
		val            strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("sheet XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				cells = cells[:0]
				if n, err := strconv.Atoi(attr(t, "r")); err == nil {
					rowNum = n
				} else {
					rowNum++
				}
			case "c":
				cell = xlsxCell{Col: len(cells) + 1}
				if ref := attr(t, "r"); ref != "" {
					cell.Col = columnNumber(ref)
				} else if len(cells) > 0 {
					cell.Col = cells[len(cells)-1].Col + 1
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
			}
		case xml.CharData:
			if inV || (inIS && inT) {
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
				return nil
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnNumber turns the letters of a cell reference ("AB12") into 28.
func columnNumber(ref string) int {
	n := 0
	for _, r := range ref {
		if r < 'A' || r > 'Z' {
			break
		}
		n = n*26 + int(r-'A'+1)
	}
	return n
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
