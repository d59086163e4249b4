package results

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Columns reads the names and DuckDB types of a result.
func Columns(rows *sql.Rows) ([]Column, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	cols := make([]Column, len(cts))
	for i, ct := range cts {
		cols[i] = Column{Name: ct.Name(), Type: ct.DatabaseTypeName()}
	}
	return cols, nil
}

// scanner reads rows into a reused slice of values.
type scanner struct {
	vals []any
	ptrs []any
}

func newScanner(n int) *scanner {
	s := &scanner{vals: make([]any, n), ptrs: make([]any, n)}
	for i := range s.vals {
		s.ptrs[i] = &s.vals[i]
	}
	return s
}

func (s *scanner) scan(rows *sql.Rows) ([]any, error) {
	for i := range s.vals {
		s.vals[i] = nil
	}
	return s.vals, rows.Scan(s.ptrs...)
}

// Table is a whole result held in memory: what the JSON API returns.
type Table struct {
	Columns   []Column `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
}

// ReadTable reads at most limit rows; Truncated says whether more were left.
func ReadTable(rows *sql.Rows, limit int) (*Table, error) {
	cols, err := Columns(rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Columns: cols, Rows: [][]any{}}
	sc := newScanner(len(cols))
	for rows.Next() {
		if len(t.Rows) >= limit {
			t.Truncated = true
			break
		}
		vals, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = JSONValue(v, cols[i].Type)
		}
		t.Rows = append(t.Rows, row)
	}
	return t, rows.Err()
}

// WriteJSON writes a table as the API's JSON object.
func WriteJSON(w io.Writer, t *Table) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(t)
}

// WriteCSV streams rows as CSV with a header, row by row, never holding the
// result in memory: the values as they are, for programs.
func WriteCSV(w io.Writer, rows *sql.Rows) (int64, error) { return writeCSV(w, rows, false) }

// WritePeopleCSV is WriteCSV for people opening it in Excel: a BOM, numbers
// to 15 significant digits, formulas neutralised.
func WritePeopleCSV(w io.Writer, rows *sql.Rows) (int64, error) { return writeCSV(w, rows, true) }

func writeCSV(w io.Writer, rows *sql.Rows, people bool) (int64, error) {
	cols, err := Columns(rows)
	if err != nil {
		return 0, err
	}
	text := TextValue
	if people {
		text = PeopleText
		if _, err := io.WriteString(w, BOM); err != nil {
			return 0, err
		}
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = NeutralizeFormula(c.Name)
	}
	if err := cw.Write(rec); err != nil {
		return 0, err
	}
	sc := newScanner(len(cols))
	var n int64
	for rows.Next() {
		vals, err := sc.scan(rows)
		if err != nil {
			return n, err
		}
		for i, v := range vals {
			rec[i] = text(v, cols[i].Type)
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
		if n%4096 == 0 {
			cw.Flush()
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, rows.Err()
}

// WriteText writes rows as an aligned table for a terminal, as DuckDB's own
// shell does, with at most limit rows.
func WriteText(w io.Writer, rows *sql.Rows, limit int) error {
	t, err := ReadTable(rows, limit)
	if err != nil {
		return err
	}
	return WriteTableValue(w, t)
}

// WriteTableValue writes a table held in memory as aligned text.
func WriteTableValue(w io.Writer, t *Table) error {
	width := make([]int, len(t.Columns))
	cells := make([][]string, len(t.Rows))
	for i, c := range t.Columns {
		width[i] = max(utf8.RuneCountInString(c.Name), utf8.RuneCountInString(c.Type))
	}
	for r, row := range t.Rows {
		cells[r] = make([]string, len(row))
		for i, v := range row {
			s := TextValue(v, t.Columns[i].Type)
			if v == nil {
				s = "NULL"
			}
			cells[r][i] = s
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	line := func(vals []string) {
		var b strings.Builder
		for i, v := range vals {
			b.WriteString("│ ")
			b.WriteString(v)
			b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(v)+1))
		}
		b.WriteString("│\n")
		io.WriteString(w, b.String())
	}
	names, types := make([]string, len(t.Columns)), make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i], types[i] = c.Name, c.Type
	}
	line(names)
	line(types)
	for _, r := range cells {
		line(r)
	}
	fmt.Fprintf(w, "%d rows", len(t.Rows))
	if t.Truncated {
		fmt.Fprintf(w, " (more left out; use --format csv for all)")
	}
	fmt.Fprintln(w)
	return nil
}
