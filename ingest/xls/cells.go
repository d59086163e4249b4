package xls

import (
	"encoding/binary"
	"fmt"
	"math"

	"chitieu/ingest/sheet"
)

// errorText is an error value of BOOLERR and FORMULA results.
func errorText(v byte) string {
	switch v {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	case 0x2B:
		return "#GETTING_DATA"
	}
	return "#ERR!"
}

// date1904Shift turns a 1904-system serial into the 1900 system's.
const date1904Shift = 1462

// sheetReader fills one sheet from its substream.
type sheetReader struct {
	b  *book
	sh *sheet.Sheet
	// The cell of a FORMULA whose string result comes in the STRING
	// record after it.
	pending bool
	pendR   int
	pendC   int
	pendXF  uint16
}

// readSheet reads the worksheet substream starting at pos.
func (b *book) readSheet(pos int, sh *sheet.Sheet) error {
	r, err := readRecord(b.data, pos)
	if err != nil {
		return err
	}
	dt, err := checkBOF(r)
	if err != nil {
		return err
	}
	if dt != bofWorksheet {
		return nil // a dialog or other sheet kind with no cells to read
	}
	sr := &sheetReader{b: b, sh: sh}
	depth := 0
	for pos = r.next; ; {
		if err := b.tick(); err != nil {
			return err
		}
		r, err := readRecord(b.data, pos)
		if err != nil {
			return err
		}
		pos = r.next
		switch {
		case r.typ == rBOF:
			depth++ // an embedded chart's substream: skipped whole
			continue
		case r.typ == rEOF:
			if depth == 0 {
				return nil
			}
			depth--
			continue
		case depth > 0:
			continue
		case r.typ == rString:
			parts, next, err := continued(b.data, r)
			if err != nil {
				return err
			}
			pos = next
			if err := sr.formulaString(parts); err != nil {
				return err
			}
			continue
		}
		if err := sr.record(r); err != nil {
			return err
		}
	}
}

// record reads one cell or merge record; other records are passed over.
func (sr *sheetReader) record(r record) error {
	d := r.data
	le := binary.LittleEndian
	need := func(n int) error {
		if len(d) < n {
			return formatErr("bản ghi 0x%04X ở vị trí %d quá ngắn", r.typ, r.pos)
		}
		return nil
	}
	rc := func() (int, int, uint16) {
		return int(le.Uint16(d)), int(le.Uint16(d[2:])), le.Uint16(d[4:])
	}
	switch r.typ {
	case rNumber:
		if err := need(14); err != nil {
			return err
		}
		row, col, x := rc()
		return sr.number(row, col, x, math.Float64frombits(le.Uint64(d[6:])))
	case rRK:
		if err := need(10); err != nil {
			return err
		}
		row, col, x := rc()
		return sr.number(row, col, x, rk(le.Uint32(d[6:])))
	case rMulRK:
		if err := need(6); err != nil {
			return err
		}
		row, col := int(le.Uint16(d)), int(le.Uint16(d[2:]))
		if (len(d)-6)%6 != 0 {
			return formatErr("bản ghi MULRK ở vị trí %d có độ dài sai", r.pos)
		}
		for p := 4; p+6 <= len(d)-2; p += 6 {
			if err := sr.number(row, col, le.Uint16(d[p:]), rk(le.Uint32(d[p+2:]))); err != nil {
				return err
			}
			col++
		}
	case rLabelSST:
		if err := need(10); err != nil {
			return err
		}
		row, col, x := rc()
		i := le.Uint32(d[6:])
		if int64(i) >= int64(len(sr.b.sst)) {
			return fmt.Errorf("ô %s: %w", sheet.CellName(row, col),
				formatErr("chỉ số chuỗi %d ngoài bảng chuỗi dùng chung (%d chuỗi)", i, len(sr.b.sst)))
		}
		return sr.text(row, col, x, sr.b.sst[i], false)
	case rLabel, rRString:
		if err := need(8); err != nil {
			return err
		}
		row, col, x := rc()
		s, _, err := xlString(d[6:], 2)
		if err != nil {
			return fmt.Errorf("ô %s: %w", sheet.CellName(row, col), err)
		}
		return sr.text(row, col, x, s, true)
	case rBoolErr:
		if err := need(8); err != nil {
			return err
		}
		row, col, x := rc()
		return sr.boolErr(row, col, x, d[6], d[7] != 0)
	case rFormula:
		if err := need(20); err != nil {
			return err
		}
		row, col, x := rc()
		return sr.formula(row, col, x, d[6:14])
	case rMerged:
		return sr.merged(d, r.pos)
	case rDimensions:
		if err := need(12); err != nil {
			return err
		}
		rows := int64(le.Uint32(d[4:]))
		cols := int(le.Uint16(d[10:]))
		if rows > int64(sr.b.lim.MaxRows) || cols > sr.b.lim.MaxCols {
			return fmt.Errorf("%w: trang tính có %d dòng, %d cột (tối đa %d dòng, %d cột)",
				sheet.ErrLimit, rows, cols, sr.b.lim.MaxRows, sr.b.lim.MaxCols)
		}
	}
	return nil
}

// rk decodes an RK number: a 30-bit integer or the high 30 bits of a
// double, possibly times 100.
func rk(v uint32) float64 {
	var f float64
	if v&0x02 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&0x01 != 0 {
		f /= 100
	}
	return f
}

// FORMULA's cached result: a number, or (bytes 6-7 0xFFFF) a string that
// follows in a STRING record (0), a bool (1), an error (2) or "" (3).
func (sr *sheetReader) formula(row, col int, x uint16, v []byte) error {
	sr.pending = false
	if v[6] != 0xFF || v[7] != 0xFF {
		f := math.Float64frombits(binary.LittleEndian.Uint64(v))
		return sr.number(row, col, x, f)
	}
	switch v[0] {
	case 0:
		// Hold the cell's place now so its limits are counted here.
		if err := sr.text(row, col, x, "", false); err != nil {
			return err
		}
		sr.pending, sr.pendR, sr.pendC, sr.pendXF = true, row, col, x
	case 1:
		return sr.boolErr(row, col, x, v[2], false)
	case 2:
		return sr.boolErr(row, col, x, v[2], true)
	}
	return nil
}

// formulaString is the STRING record after a FORMULA with a text result.
func (sr *sheetReader) formulaString(parts [][]byte) error {
	if !sr.pending {
		return nil
	}
	sr.pending = false
	s, err := newFrags(parts).str()
	if err != nil {
		return fmt.Errorf("ô %s: %w", sheet.CellName(sr.pendR, sr.pendC), err)
	}
	return sr.text(sr.pendR, sr.pendC, sr.pendXF, s, true)
}

func (sr *sheetReader) boolErr(row, col int, x uint16, v byte, isErr bool) error {
	c := sr.cell(x)
	if isErr {
		c.Kind = sheet.Error
		c.Text = errorText(v)
	} else {
		c.Kind = sheet.Bool
		c.Text = "FALSE"
		if v != 0 {
			c.Num, c.Text = 1, "TRUE"
		}
	}
	return sr.put(row, col, c)
}

func (sr *sheetReader) number(row, col int, x uint16, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("ô %s: %w", sheet.CellName(row, col), formatErr("số không hợp lệ"))
	}
	c := sr.cell(x)
	c.Kind = sheet.Number
	c.Num = f
	if sr.b.date1904 && isDateFormat(c.Format) {
		c.Num += date1904Shift
	}
	return sr.put(row, col, c)
}

// text stores a text cell; count says whether its bytes are new to the
// workbook (shared strings were counted once, in the SST).
func (sr *sheetReader) text(row, col int, x uint16, s string, count bool) error {
	if count {
		if err := sr.b.addText(len(s)); err != nil {
			return err
		}
	}
	c := sr.cell(x)
	c.Kind = sheet.Text
	c.Text = s
	return sr.put(row, col, c)
}

func (sr *sheetReader) cell(x uint16) sheet.Cell {
	var c sheet.Cell
	c.Format, c.Indent, c.Bold, c.Italic, c.Font = sr.b.styles.style(x)
	return c
}

// put stores a cell, growing its row, within the limits. Empty cells
// inside a row and the rows above a cell are held in memory too, so they
// are counted: a few bytes of file must not buy megabytes of empty rows.
func (sr *sheetReader) put(row, col int, c sheet.Cell) error {
	lim := sr.b.lim
	if row >= lim.MaxRows || col >= lim.MaxCols {
		return fmt.Errorf("%w: ô %s nằm ngoài giới hạn %d dòng, %d cột",
			sheet.ErrLimit, sheet.CellName(row, col), lim.MaxRows, lim.MaxCols)
	}
	sh := sr.sh
	grow := int64(0)
	if row >= len(sh.Rows) {
		grow += int64(row + 1 - len(sh.Rows))
	}
	if row >= len(sh.Rows) || col >= len(sh.Rows[row]) {
		n := 0
		if row < len(sh.Rows) {
			n = len(sh.Rows[row])
		}
		grow += int64(col + 1 - n)
	}
	if err := sr.b.hold(grow); err != nil {
		return err
	}
	if row >= len(sh.Rows) {
		if row >= cap(sh.Rows) {
			rows := make([][]sheet.Cell, row+1, max(row+1, 2*cap(sh.Rows)))
			copy(rows, sh.Rows)
			sh.Rows = rows
		}
		sh.Rows = sh.Rows[:row+1]
	}
	cells := sh.Rows[row]
	if col >= len(cells) {
		cells = append(cells, make([]sheet.Cell, col+1-len(cells))...)
		sh.Rows[row] = cells
	}
	cells[col] = c
	return nil
}

// hold counts one more value and the n slots (rows and cells) held for it.
// Beyond MaxCells of either, or when the empty slots outgrow the values
// many times over, the file is refused.
func (b *book) hold(n int64) error {
	b.values++
	b.cells += n
	switch {
	case b.values > b.lim.MaxCells || b.cells > b.lim.MaxCells:
		return fmt.Errorf("%w: tệp có hơn %d ô", sheet.ErrLimit, b.lim.MaxCells)
	case b.cells-b.values > idleBase+idleRatio*b.values:
		return fmt.Errorf("%w: tệp có quá nhiều ô trống giữa %d ô có giá trị", sheet.ErrLimit, b.values)
	}
	return nil
}

// A workbook may hold a million empty row and cell slots, and 16 more for
// each value: far more than any real report's gaps.
const (
	idleBase  = 1 << 20
	idleRatio = 16
)

// MERGEDCELLS: a count, then rwFirst, rwLast, colFirst, colLast each.
func (sr *sheetReader) merged(d []byte, pos int) error {
	if len(d) < 2 {
		return formatErr("bản ghi MERGEDCELLS ở vị trí %d quá ngắn", pos)
	}
	n := int(binary.LittleEndian.Uint16(d))
	if 2+8*n > len(d) {
		return formatErr("bản ghi MERGEDCELLS ở vị trí %d bị cắt cụt", pos)
	}
	lim := sr.b.lim
	for i := 0; i < n; i++ {
		p := d[2+8*i:]
		m := sheet.Range{
			Row0: int(binary.LittleEndian.Uint16(p)), Row1: int(binary.LittleEndian.Uint16(p[2:])),
			Col0: int(binary.LittleEndian.Uint16(p[4:])), Col1: int(binary.LittleEndian.Uint16(p[6:])),
		}
		if m.Row0 > m.Row1 || m.Col0 > m.Col1 {
			return formatErr("vùng gộp ô %s:%s không hợp lệ",
				sheet.CellName(m.Row0, m.Col0), sheet.CellName(m.Row1, m.Col1))
		}
		if m.Row1 >= lim.MaxRows || m.Col1 >= lim.MaxCols {
			return fmt.Errorf("%w: vùng gộp ô %s:%s nằm ngoài giới hạn", sheet.ErrLimit,
				sheet.CellName(m.Row0, m.Col0), sheet.CellName(m.Row1, m.Col1))
		}
		if err := sr.b.hold(1); err != nil {
			return err
		}
		sr.sh.Merges = append(sr.sh.Merges, m)
	}
	return nil
}
