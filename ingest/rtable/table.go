// Package rtable reads a report table as agencies and the statistics office
// write them (a title block, headers over several rows with merged cells,
// sections, indented breakdowns, totals and notes) from the one sheet model,
// and accounts for every column and every row: read as a year's figure, or
// ignored with a reason.
package rtable

import (
	"errors"
	"strconv"
	"strings"

	"chitieu/ingest/sheet"
)

// Row kinds.
const (
	KindTitle     = "title"
	KindHeader    = "header"
	KindColNums   = "column numbers"
	KindBlank     = "blank"
	KindData      = "data"
	KindTotal     = "total"
	KindSection   = "section"
	KindMeasure   = "measure"
	KindNote      = "note"
	KindSignature = "signature"
	KindIgnored   = "ignored"
)

// Row is one row of the sheet and what it is.
type Row struct {
	Row     int    `json:"row"` // as the sheet numbers it, from 1
	Kind    string `json:"kind"`
	Text    string `json:"text,omitempty"`    // the label as written
	Label   string `json:"label,omitempty"`   // cleaned
	Measure string `json:"measure,omitempty"` // from an ĐVT cell, the label or a measure line
	Reason  string `json:"reason,omitempty"`  // why ignored, in the report's language
	// Code and Args are Reason as data: a stable message code and its
	// arguments (see notes.go).
	Code   string            `json:"reason_code,omitempty"`
	Args   map[string]string `json:"reason_args,omitempty"`
	Cell   string            `json:"cell,omitempty"` // the label's cell
	Parent int               `json:"-"`              // index in Rows of the row this one breaks down, or -1
	Depth  int               `json:"-"`
	Bold   bool              `json:"-"`
	// Heading: a section that names the rows under it ("Lúa cả năm" over
	// "Diện tích"), unlike "Phân theo giới tính" or "I. CHỈ TIÊU KINH TẾ".
	Heading bool `json:"-"`
}

// Value is one figure of the table, or an empty cell of a figure column.
type Value struct {
	Row       int     `json:"-"` // index in Table.Rows
	Cell      string  `json:"cell"`
	Year      int     `json:"year"`
	Field     string  `json:"field"`
	Release   string  `json:"release"`
	Breakdown string  `json:"breakdown,omitempty"`
	Num       float64 `json:"value"`
	Empty     bool    `json:"empty,omitempty"` // a missing marker or blank
	Derived   bool    `json:"derived,omitempty"`
	From      string  `json:"from,omitempty"` // for a derived value: how, naming the cells, in Vietnamese
	// FromCode and FromArgs are From as a message code and its arguments.
	FromCode string            `json:"from_code,omitempty"`
	FromArgs map[string]string `json:"from_args,omitempty"`
	// Of, for a derived value: the cells it was worked out from (the
	// figure, then the per cent).
	Of []string `json:"of,omitempty"`
}

// Warning is something a person should look at; the load goes on. Code
// and Args are the message as data; Message is it in Vietnamese.
type Warning struct {
	Code    string            `json:"code"`
	Cell    string            `json:"cell"`
	Row     int               `json:"row"`    // the cell's row, from 1
	Column  string            `json:"column"` // the cell's column letters
	Args    map[string]string `json:"args,omitempty"`
	Message string            `json:"message"`
}

// Table is a sheet read as a report table.
type Table struct {
	Sheet      string    `json:"sheet"`
	Title      string    `json:"title,omitempty"`
	Lines      []string  `json:"title_lines,omitempty"`
	Measure    string    `json:"measure,omitempty"`
	Agency     string    `json:"agency,omitempty"` // the agency line of the title block
	HeaderRows []int     `json:"header_rows"`
	Columns    []Column  `json:"columns"`
	Rows       []Row     `json:"rows"`
	Values     []Value   `json:"-"`
	Warnings   []Warning `json:"warnings,omitempty"`
	Locale     string    `json:"locale"`
}

// ErrNoTable says a sheet holds no table of yearly figures; its text says
// why, and NoTableCode gives the reason's code.
var ErrNoTable = errors.New("không có bảng số liệu năm")

// maxHeaderRows is how many rows a header may span.
const maxHeaderRows = 6

// grid gives a sheet's cells as text and numbers, merges expanded for
// headers.
type grid struct {
	sh     *sheet.Sheet
	locale string
	origin map[[2]int][2]int // a merged cell -> its range's top left
}

func newGrid(sh *sheet.Sheet, locale string) *grid {
	g := &grid{sh: sh, locale: locale, origin: map[[2]int][2]int{}}
	for _, m := range sh.Merges {
		if (m.Row1-m.Row0+1)*(m.Col1-m.Col0+1) > 4096 {
			continue
		}
		for r := m.Row0; r <= m.Row1; r++ {
			for c := m.Col0; c <= m.Col1; c++ {
				if r != m.Row0 || c != m.Col0 {
					g.origin[[2]int{r, c}] = [2]int{m.Row0, m.Col0}
				}
			}
		}
	}
	return g
}

func (g *grid) text(r, c int) string {
	cell := g.sh.At(r, c)
	switch cell.Kind {
	case sheet.Number:
		return strconv.FormatFloat(cell.Num, 'f', -1, 64)
	case sheet.Text, sheet.Error, sheet.Bool:
		return strings.TrimSpace(cell.Text)
	}
	return ""
}

// headerText is a cell's text, or its merged range's.
func (g *grid) headerText(r, c int) string {
	if o, ok := g.origin[[2]int{r, c}]; ok {
		return g.text(o[0], o[1])
	}
	return g.text(r, c)
}

// num reads a cell as a figure: a stored number, or text that reads as one.
func (g *grid) num(r, c int) (float64, bool) {
	cell := g.sh.At(r, c)
	switch cell.Kind {
	case sheet.Number:
		return sheet.AsShown(cell.Num), true
	case sheet.Text:
		return parseNumber(cell.Text, g.locale)
	}
	return 0, false
}

func isYear(v float64) bool { return v == float64(int(v)) && v >= 1900 && v <= 2100 }

func (g *grid) width(r int) int {
	if r < 0 || r >= len(g.sh.Rows) {
		return 0
	}
	return len(g.sh.Rows[r])
}

func (g *grid) texts(r int) []string {
	out := make([]string, g.width(r))
	for c := range out {
		out[c] = g.text(r, c)
	}
	return out
}

func nonEmpty(ts []string) int {
	n := 0
	for _, t := range ts {
		if t != "" {
			n++
		}
	}
	return n
}

// Interpret reads one sheet as a report table. locale says how numbers
// written as text read: "vi" or "en". Text typed in TCVN3 or VNI is
// converted to Unicode first, in the sheet itself, with a warning; a sheet
// whose encoding is mixed is a *Refusal.
func Interpret(sh *sheet.Sheet, locale string) (*Table, error) {
	legacy, err := legacyText(sh)
	if err != nil {
		return nil, err
	}
	g := newGrid(sh, locale)
	t := &Table{Sheet: sh.Name, Locale: locale, Warnings: legacy}
	first := g.firstDataRow()
	if first < 0 {
		return nil, noTable(NoTableNoData)
	}
	head, above := g.headerRows(first, t)
	if len(head) == 0 {
		return nil, noTable(NoTableNoHeader)
	}
	g.titleBlock(above, t)
	t.HeaderRows = make([]int, len(head))
	for i, h := range head {
		t.HeaderRows[i] = h + 1
	}
	if err := g.columns(head, first, t); err != nil {
		return nil, err
	}
	g.rows(first, head, above, t)
	derive(t)
	return t, nil
}

// firstDataRow is the first row with a label and a figure right of it,
// under a row that names a year.
func (g *grid) firstDataRow() int {
	yearSeen := false
	for r := range g.sh.Rows {
		ts := g.texts(r)
		if nonEmpty(ts) == 0 || columnNumbers(ts) {
			continue
		}
		label, figures, years := -1, 0, 0
		for c, s := range ts {
			if s == "" {
				continue
			}
			if v, ok := g.num(r, c); ok {
				if isYear(v) {
					years++
				} else if label >= 0 {
					figures++
				}
				continue
			}
			if y, _ := yearOf(s); y > 0 && c > 0 {
				years++
			}
			if missing(s) {
				if label >= 0 {
					figures++
				}
				continue
			}
			if label < 0 && !sttToken.MatchString(s) {
				label = c
			}
		}
		if yearSeen && label >= 0 && figures > 0 {
			return r
		}
		if years > 0 {
			yearSeen = true
		}
	}
	return -1
}

// headerRows collects the header above the first data row: measure lines
// and blank rows right above it are passed over, then up to six rows down
// to a blank row or the title block. It returns the header rows, top down,
// and the last row above them.
func (g *grid) headerRows(first int, t *Table) ([]int, int) {
	firstFig, label := g.width(first), false
	for c := range g.width(first) {
		s := g.text(first, c)
		_, isNum := g.num(first, c)
		if !label {
			label = s != "" && !isNum && !missing(s) && !sttToken.MatchString(s)
			continue
		}
		if isNum || missing(s) {
			firstFig = c
			break
		}
	}
	r := first - 1
	for ; r >= 0; r-- {
		ts := g.texts(r)
		n := nonEmpty(ts)
		if n == 0 || columnNumbers(ts) || g.sectionRow(ts, firstFig) {
			continue
		}
		if n == 1 {
			if s := onlyText(ts); isMeasure(s) && len([]rune(s)) <= 30 {
				if t.Measure == "" {
					t.Measure = s
				}
				continue
			}
		}
		break
	}
	var head []int
	for ; r >= 0 && len(head) < maxHeaderRows; r-- {
		ts := g.texts(r)
		n := nonEmpty(ts)
		if n == 0 {
			if len(head) > 0 {
				break
			}
			continue
		}
		if columnNumbers(ts) {
			continue
		}
		s := onlyText(ts)
		if n == 1 && len(head) > 0 && g.titleLike(r, s) {
			break
		}
		if mottoRe.MatchString(s) || agencyRe.MatchString(s) || attachRe.MatchString(s) || unitLineRe.MatchString(s) || bieuRe.MatchString(s) {
			break
		}
		head = append([]int{r}, head...)
	}
	return head, r
}

// sectionRow: a row between the header and the first figures that holds
// only a label left of the figures ("I. CHỈ TIÊU KINH TẾ").
func (g *grid) sectionRow(ts []string, firstFig int) bool {
	for c, s := range ts {
		if s == "" {
			continue
		}
		if y, _ := yearOf(s); c >= firstFig || y > 0 {
			return false
		}
	}
	return true
}

// titleLike: a lone cell at the left or spanning the table, a unit line, or
// a measure at the right end above the header.
func (g *grid) titleLike(r int, s string) bool {
	if unitLineRe.MatchString(s) || isMeasure(s) {
		return true
	}
	for c := range g.width(r) {
		if g.text(r, c) != "" {
			return c == 0 || len([]rune(s)) > 40
		}
	}
	return false
}

func onlyText(ts []string) string {
	var parts []string
	for _, s := range ts {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// titleBlock reads the lines above the header: motto, agency, BIỂU, the
// attachment line, the unit line and the title.
func (g *grid) titleBlock(last int, t *Table) {
	for r := 0; r <= last; r++ {
		for c := range g.width(r) {
			s := strings.Join(strings.Fields(g.text(r, c)), " ")
			if s == "" {
				continue
			}
			t.Lines = append(t.Lines, s)
			switch {
			case agencyRe.MatchString(s):
				if t.Agency == "" {
					t.Agency = s
				}
			case mottoRe.MatchString(s), attachRe.MatchString(s), dateRe.MatchString(s), bareBieuRe.MatchString(s):
			case unitLineRe.MatchString(s):
				if m := strings.TrimSpace(unitLineRe.FindStringSubmatch(s)[2]); !strings.Contains(plain(m), "cot") {
					t.Measure = m
				}
			case isMeasure(s) && len([]rune(s)) <= 30:
				if t.Measure == "" {
					t.Measure = s
				}
			case t.Title == "" || bieuRe.MatchString(s):
				t.Title = TitleOf(s)
			}
		}
	}
}
