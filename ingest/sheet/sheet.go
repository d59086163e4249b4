// Package sheet is the one model of a spreadsheet that every workbook reader
// (XLSX, XLS, PX-Web CSV) fills and the report-table interpreter reads, so a
// table is understood the same way whatever file it came in.
package sheet

import (
	"errors"
	"math"
	"strconv"
)

// Kind says what a cell holds.
type Kind uint8

const (
	Empty Kind = iota
	Text
	Number
	Bool
	Error
)

// Cell is one cell as the workbook stores it: a typed number stays a
// number (never re-read from text), and the style facts the interpreter
// needs come along.
type Cell struct {
	Kind Kind
	// Text is the text of a Text cell, and for a Number the text as the
	// workbook would show it when the reader knows it ("" otherwise).
	Text string
	// Num is the value of a Number (Bool: 0 or 1).
	Num float64
	// Format is the number format code ("0.0%", "#,##0"); "" for General.
	Format string
	// Indent is the alignment's indent level: breakdown rows are indented.
	Indent int
	Bold   bool
	Italic bool
	// Font is the cell's font name as the workbook names it (".VnTime",
	// "VNI-Times", "Times New Roman"); "" when the reader does not know it.
	// A legacy Vietnamese font says how the cell's bytes are to be read.
	Font string
}

// Range is a merged block, 0-based and inclusive.
type Range struct{ Row0, Col0, Row1, Col1 int }

// Sheet is one worksheet: rows of cells (rows may be ragged) and its
// merged ranges.
type Sheet struct {
	Name   string
	Rows   [][]Cell
	Merges []Range
	Hidden bool
}

// At returns the cell at row r and column c (0-based), Empty outside.
func (s *Sheet) At(r, c int) Cell {
	if r < 0 || r >= len(s.Rows) || c < 0 || c >= len(s.Rows[r]) {
		return Cell{}
	}
	return s.Rows[r][c]
}

// Workbook is every sheet of a file, in the workbook's order.
type Workbook struct {
	Sheets []*Sheet
}

// Limits bound what a reader accepts, checked while reading: a hostile
// file is refused before it can exhaust memory.
type Limits struct {
	MaxRows      int   // per sheet
	MaxCols      int   // per sheet (Excel's own limit is 16,384)
	MaxCells     int64 // per workbook, non-empty cells
	MaxTextBytes int64 // per workbook, all text held
}

// DefaultLimits are generous for any real report and small enough for a
// server.
func DefaultLimits() Limits {
	return Limits{MaxRows: 1_048_576, MaxCols: 16_384, MaxCells: 20_000_000, MaxTextBytes: 256 << 20}
}

// ErrLimit is wrapped by a reader that refuses a file over a limit.
var ErrLimit = errors.New("sheet: over a limit")

// ColumnName is a column's letters: 0 -> "A", 26 -> "AA".
func ColumnName(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}

// CellName is a cell as a spreadsheet names it: (10, 5) -> "F11".
func CellName(r, c int) string { return ColumnName(c) + strconv.Itoa(r+1) }

// AsShown is a workbook's number as Excel shows it, to 15 significant
// digits: what a cell stores past them (58.20000000000001 for a 58.2 worked
// out by a formula) is no figure anyone reported, only the noise of binary
// arithmetic, and a figure worked out from reported ones is rounded the same.
func AsShown(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		return v
	}
	return r
}
