package xls

import (
	"context"
	"encoding/binary"
	"fmt"

	"chitieu/ingest/sheet"
)

// book is one workbook being read: the Workbook stream, the globals that
// cells refer to, and what the limits have counted so far.
type book struct {
	ctx  context.Context
	lim  sheet.Limits
	data []byte

	sst      []string
	styles   styles
	date1904 bool
	sheets   []boundSheet

	values    int64 // cells and merges stored
	cells     int64 // row and cell slots held, empty ones included
	textBytes int64
	records   int
}

// maxSheets bounds the sheets of a workbook: Excel users rarely pass a
// few hundred.
const maxSheets = 10_000

type boundSheet struct {
	name   string
	pos    int
	hidden bool
	typ    byte // 0 worksheet, 1 macro sheet, 2 chart, 6 VB module
}

func (b *book) read() (*sheet.Workbook, error) {
	if err := b.readGlobals(); err != nil {
		return nil, err
	}
	wb := &sheet.Workbook{Sheets: make([]*sheet.Sheet, 0, len(b.sheets))}
	for _, bs := range b.sheets {
		if bs.typ == 6 {
			continue // VBA module, not a sheet anyone sees
		}
		sh := &sheet.Sheet{Name: bs.name, Hidden: bs.hidden}
		if bs.typ == 0 {
			if err := b.readSheet(bs.pos, sh); err != nil {
				return nil, &SheetError{Sheet: bs.name, Err: err}
			}
		}
		wb.Sheets = append(wb.Sheets, sh)
	}
	return wb, nil
}

// tick counts a record read and checks the context every few thousand
// records, so a cancelled load stops soon even inside one big sheet.
// Substreams do not overlap, so reading more records than the stream can
// hold means sheets that point into each other: a crafted file that would
// otherwise be read over and over.
func (b *book) tick() error {
	b.records++
	if b.records > len(b.data)/4+1 {
		return formatErr("các trang tính chồng lên nhau trong luồng Workbook")
	}
	if b.records%4096 == 0 {
		return b.ctx.Err()
	}
	return nil
}

func (b *book) addText(n int) error {
	b.textBytes += int64(n)
	if b.textBytes > b.lim.MaxTextBytes {
		return fmt.Errorf("%w: văn bản trong tệp vượt quá %d byte", sheet.ErrLimit, b.lim.MaxTextBytes)
	}
	return nil
}

// readGlobals reads the workbook globals substream: sheets, shared
// strings, fonts, formats, XFs and the date system.
func (b *book) readGlobals() error {
	r, err := readRecord(b.data, 0)
	if err != nil {
		return err
	}
	dt, err := checkBOF(r)
	if err != nil {
		return err
	}
	if dt != bofGlobals {
		return formatErr("luồng Workbook không bắt đầu bằng phần chung của sổ (BOF 0x%04X)", dt)
	}
	for pos := r.next; ; {
		if err := b.tick(); err != nil {
			return err
		}
		r, err := readRecord(b.data, pos)
		if err != nil {
			return err
		}
		pos = r.next
		d := r.data
		switch r.typ {
		case rEOF:
			return nil
		case rFilePass:
			return ErrEncrypted
		case rCodepage:
			// BIFF8 strings are UTF-16 or Latin-1 whatever the code page
			// says, as Excel and LibreOffice read them; the code page
			// mattered for BIFF5's 8-bit strings, and BIFF5 is refused.
		case rDateMode:
			b.date1904 = len(d) >= 2 && binary.LittleEndian.Uint16(d) == 1
		case rFont:
			b.styles.addFont(d)
		case rXF:
			b.styles.addXF(d)
		case rFormat:
			if err := b.styles.addFormat(d); err != nil {
				return err
			}
		case rBoundSheet:
			if err := b.addBoundSheet(d); err != nil {
				return err
			}
		case rSST:
			parts, next, err := continued(b.data, r)
			if err != nil {
				return err
			}
			pos = next
			if err := b.readSST(parts); err != nil {
				return fmt.Errorf("bảng chuỗi dùng chung (SST): %w", err)
			}
		}
	}
}

// BOUNDSHEET8: lbPlyPos, hsState, dt, name (ShortXLUnicodeString).
func (b *book) addBoundSheet(d []byte) error {
	if len(d) < 8 {
		return formatErr("bản ghi BOUNDSHEET quá ngắn")
	}
	name, _, err := xlString(d[6:], 1)
	if err != nil {
		return fmt.Errorf("tên trang tính: %w", err)
	}
	if err := b.addText(len(name)); err != nil {
		return err
	}
	if len(b.sheets) >= maxSheets {
		return fmt.Errorf("%w: sổ có hơn %d trang tính", sheet.ErrLimit, maxSheets)
	}
	b.sheets = append(b.sheets, boundSheet{
		name:   name,
		pos:    int(binary.LittleEndian.Uint32(d)),
		hidden: d[4]&0x03 != 0,
		typ:    d[5],
	})
	return nil
}

// readSST reads the shared strings: cstTotal, cstUnique, then the strings.
func (b *book) readSST(parts [][]byte) error {
	f := newFrags(parts)
	h, ok := f.bytes(8)
	if !ok {
		return formatErr("bản ghi SST quá ngắn")
	}
	n := int64(binary.LittleEndian.Uint32(h[4:]))
	// Each string takes three bytes at least: never trust the count for
	// more than the data can hold.
	b.sst = make([]string, 0, min(n, int64(f.left/3)))
	for i := int64(0); i < n && f.left > 0; i++ {
		if i%4096 == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
		s, err := f.str()
		if err != nil {
			return fmt.Errorf("chuỗi %d: %w", i, err)
		}
		if err := b.addText(len(s)); err != nil {
			return err
		}
		b.sst = append(b.sst, s)
	}
	return nil
}
