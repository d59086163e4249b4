package xls

import "encoding/binary"

// BIFF8 record types read here.
const (
	rFormula    = 0x0006
	rEOF        = 0x000A
	rDateMode   = 0x0022
	rFilePass   = 0x002F
	rFont       = 0x0031
	rContinue   = 0x003C
	rCodepage   = 0x0042
	rBoundSheet = 0x0085
	rMulRK      = 0x00BD
	rMulBlank   = 0x00BE
	rRString    = 0x00D6
	rXF         = 0x00E0
	rMerged     = 0x00E5
	rSST        = 0x00FC
	rLabelSST   = 0x00FD
	rDimensions = 0x0200
	rBlank      = 0x0201
	rNumber     = 0x0203
	rLabel      = 0x0204
	rBoolErr    = 0x0205
	rString     = 0x0207
	rRK         = 0x027E
	rFormat     = 0x041E
	rBOF        = 0x0809
	// The BOF records of BIFF2, 3 and 4.
	rBOF2 = 0x0009
	rBOF3 = 0x0209
	rBOF4 = 0x0409
)

// BOF substream types.
const (
	bofGlobals   = 0x0005
	bofWorksheet = 0x0010
)

// record is one BIFF record: its type, its data and the offset of the
// record after it.
type record struct {
	typ  uint16
	data []byte
	pos  int // offset of this record's header in the stream
	next int
}

// readRecord reads the record whose header starts at pos. Records are at
// most 8,224 bytes of data; one longer, or running past the stream, is a
// damaged file.
func readRecord(b []byte, pos int) (record, error) {
	if pos < 0 || pos > len(b)-4 {
		return record{}, formatErr("bản ghi ở vị trí %d nằm ngoài luồng Workbook", pos)
	}
	typ := binary.LittleEndian.Uint16(b[pos:])
	n := int(binary.LittleEndian.Uint16(b[pos+2:]))
	if n > 8224 {
		return record{}, formatErr("bản ghi 0x%04X ở vị trí %d dài %d byte (tối đa 8224)", typ, pos, n)
	}
	if pos+4+n > len(b) {
		return record{}, formatErr("bản ghi 0x%04X ở vị trí %d bị cắt cụt", typ, pos)
	}
	return record{typ: typ, data: b[pos+4 : pos+4+n], pos: pos, next: pos + 4 + n}, nil
}

// continued returns a record's data and that of the CONTINUE records right
// after it, and the offset after the last one.
func continued(b []byte, r record) ([][]byte, int, error) {
	parts := [][]byte{r.data}
	next := r.next
	for next <= len(b)-4 && binary.LittleEndian.Uint16(b[next:]) == rContinue {
		c, err := readRecord(b, next)
		if err != nil {
			return nil, 0, err
		}
		parts = append(parts, c.data)
		next = c.next
	}
	return parts, next, nil
}

// checkBOF reads a BOF record's version and substream type, refusing
// anything older than BIFF8 with ErrTooOld.
func checkBOF(r record) (dt uint16, err error) {
	switch r.typ {
	case rBOF2, rBOF3, rBOF4:
		return 0, ErrTooOld
	case rBOF:
	default:
		return 0, formatErr("thiếu bản ghi BOF ở vị trí %d", r.pos)
	}
	if len(r.data) < 4 {
		return 0, formatErr("bản ghi BOF ở vị trí %d quá ngắn", r.pos)
	}
	vers := binary.LittleEndian.Uint16(r.data)
	if vers != 0x0600 {
		if vers < 0x0600 {
			return 0, ErrTooOld
		}
		return 0, formatErr("phiên bản BIFF 0x%04X không được hỗ trợ", vers)
	}
	return binary.LittleEndian.Uint16(r.data[2:]), nil
}

// looksLikeOldBIFF says whether a file starts with a bare BIFF2-5 BOF
// record: Excel 2.x-4.0 files are not compound files.
func looksLikeOldBIFF(head []byte) bool {
	if len(head) < 4 || head[0] != 0x09 {
		return false
	}
	switch head[1] {
	case 0x00, 0x02, 0x04, 0x08:
	default:
		return false
	}
	n := binary.LittleEndian.Uint16(head[2:])
	return n >= 4 && n <= 20
}
