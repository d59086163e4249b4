package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"chitieu/ingest/sheet"
)

// csvSheet reads a CSV file into the sheet model, every cell as text: a
// PX-Web export has a title and blank lines above its header, which the
// report-table interpreter reads. Rows are numbered by line.
func csvSheet(path, name string, lim sheet.Limits) (*sheet.Sheet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, lim.MaxTextBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > lim.MaxTextBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", sheet.ErrLimit, lim.MaxTextBytes)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = csvDelimiter(b)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	sh := &sheet.Sheet{Name: strings.TrimSuffix(name, ".csv")}
	var cells int64
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CSV: %w", err)
		}
		line, _ := r.FieldPos(0)
		if line-1 >= lim.MaxRows || len(rec) > lim.MaxCols {
			return nil, fmt.Errorf("%w: too many rows or columns", sheet.ErrLimit)
		}
		for len(sh.Rows) < line-1 {
			sh.Rows = append(sh.Rows, nil) // blank lines keep their numbers
		}
		row := make([]sheet.Cell, len(rec))
		for i, s := range rec {
			if strings.TrimSpace(s) != "" {
				row[i] = sheet.Cell{Kind: sheet.Text, Text: s}
				cells++
			}
		}
		if cells > lim.MaxCells {
			return nil, fmt.Errorf("%w: too many cells", sheet.ErrLimit)
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh, nil
}

// csvDelimiter picks ; , or tab by which the head of the file has most of.
func csvDelimiter(b []byte) rune {
	head := b[:min(len(b), 4096)]
	best, n := ',', bytes.Count(head, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(head, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// reportLocale decides how a sheet's numbers written as text read: a
// Vietnamese title or header reads them the Vietnamese way.
func reportLocale(sh *sheet.Sheet, asked string) string {
	if asked == "vi" || asked == "en" {
		return asked
	}
	for r := 0; r < len(sh.Rows) && r < 12; r++ {
		for _, c := range sh.Rows[r] {
			if c.Kind == sheet.Text && looksVietnamese(c.Text) {
				return "vi"
			}
		}
	}
	return "en"
}

// titledCSV says a CSV opens with a title line and a blank line above its
// header, as PX-Web exports do.
func titledCSV(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	lines := strings.Split(strings.ReplaceAll(string(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))), "\r\n", "\n"), "\n")
	if len(lines) < 3 {
		return false
	}
	first := strings.TrimSpace(lines[0])
	if first == "" || strings.TrimSpace(lines[1]) != "" {
		return false
	}
	if len(first) > 1 && first[0] == '"' && first[len(first)-1] == '"' {
		return !strings.Contains(first, `";`) && !strings.Contains(first, `",`) && !strings.Contains(first, "\"\t")
	}
	return !strings.ContainsAny(first, ";,\t")
}
