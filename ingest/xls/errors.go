package xls

import (
	"errors"
	"fmt"
)

// The reader's refusals. Each is wrapped with what was wrong and where, so
// a caller can map it to a message (errors.Is) and a person still reads
// the detail. The words are Vietnamese first: they reach users as they are
// when nothing maps them.
var (
	// ErrFormat: not a readable Excel 97-2003 file, or a damaged one.
	ErrFormat = errors.New("tệp .xls hỏng hoặc không đúng định dạng Excel 97-2003")
	// ErrEncrypted: the workbook is protected by a password (FILEPASS).
	ErrEncrypted = errors.New("tệp Excel được đặt mật khẩu (mã hoá): hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại")
	// ErrTooOld: BIFF5 (Excel 5.0/95) or older.
	ErrTooOld = errors.New("định dạng Excel quá cũ (Excel 5.0/95 trở về trước): hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx hoặc Excel 97-2003")
)

func formatErr(f string, args ...any) error {
	return fmt.Errorf("%w: "+f, append([]any{ErrFormat}, args...)...)
}

// SheetError is a refusal inside one sheet, naming it.
type SheetError struct {
	Sheet string
	Err   error
}

func (e *SheetError) Error() string { return fmt.Sprintf("trang tính %q: %v", e.Sheet, e.Err) }
func (e *SheetError) Unwrap() error { return e.Err }
