package ingest

import (
	"context"
	"fmt"
	"io"

	"chitieu/ingest/sheet"
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

// The reader's refusals, in Vietnamese; each wraps sheet.ErrLimit.
const (
	msgPartTooBig   = "phần %s của tệp XLSX quá lớn khi giải nén (%d MB, giới hạn %d MB)"
	msgPartRatio    = "phần %s của tệp XLSX nén bất thường (giải nén gấp %d lần, giới hạn %d lần): có thể là tệp \"bom nén\""
	msgTotalTooBig  = "tệp XLSX quá lớn khi giải nén (%d MB, giới hạn %d MB)"
	msgTooDeep      = "phần %s của tệp XLSX lồng XML quá sâu (quá %d cấp)"
	msgCellRef      = "ô %q: tham chiếu ô không hợp lệ hoặc vượt quá %d cột"
	msgTooManyCols  = "dòng %d có quá %d cột"
	msgRowNumber    = "dòng %q không hợp lệ hoặc vượt quá %d dòng"
	msgCellTooBig   = "dòng %d: một ô có nội dung quá dài (quá %d byte)"
	msgSharedTooBig = "bảng chuỗi dùng chung có một chuỗi quá dài (quá %d byte)"
	msgSharedCount  = "bảng chuỗi dùng chung có quá %d chuỗi"
	msgSharedBytes  = "bảng chuỗi dùng chung quá lớn (quá %d MB)"
	msgTextTooBig   = "tổng nội dung chữ của các ô quá lớn (quá %d MB) ở dòng %d"
	msgTooManyCells = "tệp có quá %d ô có dữ liệu"
	msgGridTooBig   = "trang tính quá lớn: %d dòng × %d cột (giới hạn %d ô)"
	msgArrowInvalid = "tệp Arrow không hợp lệ: %s"
	msgArrowTooBig  = "tệp Arrow quá lớn khi giải nén (giới hạn %d MB)"
)

// limitError is a refusal over a limit: its text is for the user as it is,
// and errors.Is finds sheet.ErrLimit in it.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }
func (e *limitError) Unwrap() error { return sheet.ErrLimit }

func limitErr(format string, args ...any) error {
	return &limitError{msg: fmt.Sprintf(format, args...)}
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
