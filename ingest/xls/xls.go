// Package xls reads Excel 97-2003 workbooks (BIFF8 in a compound file)
// into the one spreadsheet model the report-table interpreter reads
// (ingest/sheet), as the XLSX reader does.
//
// The reader is written for files from anyone: every length, index and
// sector chain is checked, the limits are counted while reading, and a
// file that breaks any of them is refused with an error wrapping
// ErrFormat, ErrEncrypted, ErrTooOld or sheet.ErrLimit.
package xls

import (
	"context"
	"fmt"
	"io"
	"os"

	"chitieu/ingest/sheet"
)

// Open reads the workbook at path.
func Open(ctx context.Context, path string, lim sheet.Limits) (*sheet.Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	wb, err := Read(ctx, f, st.Size(), lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return wb, nil
}

// Read reads a workbook of size bytes from r. Zero fields of lim take
// their value from sheet.DefaultLimits.
func Read(ctx context.Context, r io.ReaderAt, size int64, lim sheet.Limits) (*sheet.Workbook, error) {
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); looksLikeOldBIFF(head[:n]) {
		return nil, ErrTooOld
	}
	c, err := openCFB(r, size)
	if err != nil {
		return nil, err
	}
	e, ok := c.find("Workbook")
	if !ok {
		if _, old := c.find("Book"); old {
			return nil, ErrTooOld
		}
		return nil, formatErr("tệp không có luồng Workbook (không phải bảng tính Excel)")
	}
	data, err := c.stream(e)
	if err != nil {
		return nil, err
	}
	b := &book{ctx: ctx, lim: withDefaults(lim), data: data}
	return b.read()
}

func withDefaults(l sheet.Limits) sheet.Limits {
	d := sheet.DefaultLimits()
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = d.MaxCols
	}
	if l.MaxCells <= 0 {
		l.MaxCells = d.MaxCells
	}
	if l.MaxTextBytes <= 0 {
		l.MaxTextBytes = d.MaxTextBytes
	}
	return l
}
