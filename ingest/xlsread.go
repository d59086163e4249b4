package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"chitieu/ingest/sheet"
	"chitieu/ingest/xls"
)

// The hook for Excel 97-2003 files: recognise one by its first bytes and
// read it into the sheet model the report-table reader works on, as
// xlsxWorkbook does for XLSX.

// xlsMagic is how a compound file, and so an .xls, starts.
const xlsMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

// isXLS says whether a file's first bytes are an Excel 97-2003 file's.
func isXLS(head []byte) bool { return bytes.HasPrefix(head, []byte(xlsMagic)) }

// xlsWorkbook reads the .xls at path, keeping the sheets named in names
// (every sheet when names is empty). Its errors never hold the path, and
// wrap xls.ErrFormat, xls.ErrEncrypted, xls.ErrTooOld or sheet.ErrLimit; a
// refusal inside a sheet is an *xls.SheetError naming it.
func xlsWorkbook(ctx context.Context, path string, names []string, lim sheet.Limits) (wb *sheet.Workbook, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil { // a reader's bug refuses the file, never the server
			wb, err = nil, fmt.Errorf("%w (%v)", xls.ErrFormat, r)
		}
	}()
	wb, err = xls.Read(ctx, f, st.Size(), lim)
	if err != nil || len(names) == 0 {
		return wb, err
	}
	kept := wb.Sheets[:0]
	for _, s := range wb.Sheets {
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(s.Name)) {
				kept = append(kept, s)
				break
			}
		}
	}
	wb.Sheets = kept
	return wb, nil
}
