package ingest

import (
	"context"
	"fmt"
	"io"

	"chitieu/ingest/sheet"
	"chitieu/msg"
)

// xlsxLimits bound what the XLSX reader accepts. Each is checked while the
// file streams, and each zip part is first checked by the sizes its header
// declares (Go's zip reader holds a part to them), so a hostile workbook is
// refused before it can take the server's memory or a core for long.
type xlsxLimits struct {
	sheet.Limits
	MaxCellBytes     int   // one cell's text; Excel's own limit is 32,767 characters
	MaxSharedStrings int   // entries of the shared-string table
	MaxPartBytes     int64 // one part, uncompressed
	MaxTotalBytes    int64 // all parts of the package, uncompressed
	MaxMetaBytes     int64 // workbook, relationships and styles, decoded whole
	MaxRatio         int64 // uncompressed / compressed, for parts over ratioFloor
	MaxDepth         int   // XML nesting
	MaxGrid          int64 // rows × columns of one sheet's table, nulls included
}

// ratioFloor is the size under which a part's compression ratio is not
// judged: small parts of repeated markup compress very well and harm nothing.
const ratioFloor = 1 << 20

func defaultXLSXLimits() xlsxLimits {
	return xlsxLimits{
		Limits:           sheet.DefaultLimits(),
		MaxCellBytes:     4 * 32_767,
		MaxSharedStrings: 4_000_000,
		MaxPartBytes:     2 << 30,
		MaxTotalBytes:    4 << 30,
		MaxMetaBytes:     64 << 20,
		MaxRatio:         200,
		MaxDepth:         64,
		MaxGrid:          32_000_000,
	}
}

// limitError is a refusal over a limit, coded so that it reads in the
// user's language; errors.Is finds sheet.ErrLimit in it.
type limitError struct{ m msg.M }

func (e *limitError) Error() string { return e.m.Text(msg.VI) }
func (e *limitError) Unwrap() error { return sheet.ErrLimit }

// MessageCode is the refusal's code and arguments (msg.Coded).
func (e *limitError) MessageCode() (string, map[string]string) { return e.m.Code, e.m.Args }

// limitErr is a refusal over a limit: code is "ingest.limit." and the
// limit's name, kv its arguments, each written with fmt's %v.
func limitErr(code string, kv ...any) error {
	args := make([]string, len(kv))
	for i, v := range kv {
		args[i] = fmt.Sprint(v)
	}
	return &limitError{m: msg.New("ingest.limit."+code, args...)}
}

// problemOf is the refusal a reader's error makes: in the catalog's words
// where the error carries a code, else its own text.
func problemOf(file, sheetName string, err error) Problem {
	if m, ok := msg.Find(err); ok {
		return Problem{File: file, Sheet: sheetName, Code: m.Code, Args: m.Args}
	}
	return Problem{File: file, Sheet: sheetName, Message: err.Error()}
}

// ctxReader stops a read as soon as its context ends, so a cancelled or
// timed-out load stops within one buffer of XML.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
