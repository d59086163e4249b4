package ingest

import (
	"context"
	"errors"

	"chitieu/ingest/sheet"
)

// openXLS reads an Excel 97–2003 file into the sheet model. The hook point
// for package ingest/xls: return xls.Open(ctx, path, lim).
func openXLS(ctx context.Context, path string, lim sheet.Limits) (*sheet.Workbook, error) {
	return nil, errors.New("this is an old binary Excel file (.xls); save it as .xlsx and load that")
}
