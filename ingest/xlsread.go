package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"chitieu/ingest/sheet"
	"chitieu/ingest/xls"
)

// The hook for Excel 97-2003 files: recognise one by its first bytes and
// read it into the sheet model the report-table reader works on.

// xlsMagic is how a compound file, and so an .xls, starts.
const xlsMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

// isXLS says whether a file's first bytes are an Excel 97-2003 file's.
func isXLS(head []byte) bool { return bytes.HasPrefix(head, []byte(xlsMagic)) }

// readXLSBook reads an .xls. A file that cannot be read is a problem naming
// the file as the user knows it (never its path here) and the sheet; only a
// cancelled or failed load is an error.
func readXLSBook(ctx context.Context, in Input, lim sheet.Limits) (wb *sheet.Workbook, probs []Problem, err error) {
	f, err := os.Open(in.Path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil { // a reader's bug refuses the file, never the server
			wb, probs, err = nil, []Problem{{File: in.Name, Message: fmt.Sprintf("%v (%v)", xls.ErrFormat, r)}}, nil
		}
	}()
	wb, err = xls.Read(ctx, f, st.Size(), lim)
	if err == nil {
		return wb, nil, nil
	}
	if ctx.Err() != nil {
		return nil, nil, err
	}
	p := Problem{File: in.Name, Message: err.Error()}
	var se *xls.SheetError
	if errors.As(err, &se) {
		p.Sheet, p.Message = se.Sheet, se.Err.Error()
	}
	return nil, []Problem{p}, nil
}
