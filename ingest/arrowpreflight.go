package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Arrow IPC metadata is a FlatBuffer that arrow-go trusts: a schema that
// claims four billion fields makes it ask the Go runtime for hundreds of
// GB at once, and the runtime ends the process, which no recover can stop.
// preflightArrow walks every metadata message of a file or stream first,
// as a FlatBuffers verifier would along the paths arrow-go reads: every
// table, string and vector must lie inside its message, and fields nest at
// most maxFieldDepth deep.

const (
	maxArrowMetadata  = 16 << 20  // one message's metadata
	maxArrowMetaTotal = 256 << 20 // all metadata read to check a file
	maxFieldDepth     = 64
)

var errArrowMeta = errors.New("siêu dữ liệu Arrow hỏng")

func metaErr(what string) error { return fmt.Errorf("%w: %s", errArrowMeta, what) }

// fbTable is a FlatBuffers table inside buf.
type fbTable struct {
	buf       []byte
	pos       int
	vt, vtLen int
}

func u32(b []byte, p int) (uint32, bool) {
	if p < 0 || p+4 > len(b) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b[p:]), true
}

func fbRoot(buf []byte) (fbTable, error) {
	off, ok := u32(buf, 0)
	if !ok {
		return fbTable{}, metaErr("thông điệp quá ngắn")
	}
	return fbAt(buf, int(off))
}

func fbAt(buf []byte, pos int) (fbTable, error) {
	so, ok := u32(buf, pos)
	if !ok {
		return fbTable{}, metaErr("bảng nằm ngoài thông điệp")
	}
	vt := pos - int(int32(so))
	if vt < 0 || vt+4 > len(buf) {
		return fbTable{}, metaErr("bảng nằm ngoài thông điệp")
	}
	vtLen := int(binary.LittleEndian.Uint16(buf[vt:]))
	if vtLen < 4 || vtLen%2 != 0 || vt+vtLen > len(buf) {
		return fbTable{}, metaErr("bảng nằm ngoài thông điệp")
	}
	tblLen := int(binary.LittleEndian.Uint16(buf[vt+2:]))
	if pos+tblLen > len(buf) {
		return fbTable{}, metaErr("bảng nằm ngoài thông điệp")
	}
	return fbTable{buf: buf, pos: pos, vt: vt, vtLen: vtLen}, nil
}

// field is where field i of the table lies, or -1 when it is absent.
func (t fbTable) field(i, size int) (int, error) {
	o := 4 + 2*i
	if o+2 > t.vtLen {
		return -1, nil
	}
	off := int(binary.LittleEndian.Uint16(t.buf[t.vt+o:]))
	if off == 0 {
		return -1, nil
	}
	if t.pos+off+size > len(t.buf) {
		return -1, metaErr("trường nằm ngoài thông điệp")
	}
	return t.pos + off, nil
}

// ref follows the offset in field i; -1 when the field is absent.
func (t fbTable) ref(i int) (int, error) {
	p, err := t.field(i, 4)
	if p < 0 || err != nil {
		return -1, err
	}
	off, _ := u32(t.buf, p)
	target := p + int(off)
	if target >= len(t.buf) || target < 0 {
		return -1, metaErr("tham chiếu ra ngoài thông điệp")
	}
	return target, nil
}

func (t fbTable) table(i int) (fbTable, bool, error) {
	p, err := t.ref(i)
	if p < 0 || err != nil {
		return fbTable{}, false, err
	}
	sub, err := fbAt(t.buf, p)
	return sub, err == nil, err
}

// vector checks the vector in field i, of elements elem bytes each, lies
// inside the message, and returns where its elements start and how many.
func (t fbTable) vector(i, elem int) (int, int, error) {
	p, err := t.ref(i)
	if p < 0 || err != nil {
		return 0, 0, err
	}
	n, ok := u32(t.buf, p)
	if !ok || uint64(p)+4+uint64(n)*uint64(elem) > uint64(len(t.buf)) {
		return 0, 0, metaErr("danh sách dài hơn thông điệp")
	}
	return p + 4, int(n), nil
}

// tables checks a vector of tables in field i, calling each on every one.
func (t fbTable) tables(i int, each func(fbTable) error) error {
	start, n, err := t.vector(i, 4)
	if err != nil {
		return err
	}
	for k := 0; k < n; k++ {
		p := start + 4*k
		off, _ := u32(t.buf, p)
		sub, err := fbAt(t.buf, p+int(off))
		if err != nil {
			return err
		}
		if err := each(sub); err != nil {
			return err
		}
	}
	return nil
}

func (t fbTable) u8(i int) (byte, error) {
	p, err := t.field(i, 1)
	if p < 0 || err != nil {
		return 0, err
	}
	return t.buf[p], nil
}

func (t fbTable) i64(i int) (int64, error) {
	p, err := t.field(i, 8)
	if p < 0 || err != nil {
		return 0, err
	}
	return int64(binary.LittleEndian.Uint64(t.buf[p:])), nil
}

func checkKeyValues(t fbTable, i int) error {
	return t.tables(i, func(kv fbTable) error {
		if _, _, err := kv.vector(0, 1); err != nil {
			return err
		}
		_, _, err := kv.vector(1, 1)
		return err
	})
}

// Schema: fields [Field], custom_metadata [KeyValue], features [long].
func checkSchema(t fbTable) error {
	if err := t.tables(1, func(f fbTable) error { return checkField(f, 1) }); err != nil {
		return err
	}
	if err := checkKeyValues(t, 2); err != nil {
		return err
	}
	_, _, err := t.vector(3, 8)
	return err
}

// Field: name, type (a Union holds typeIds [int]), dictionary, children
// [Field], custom_metadata [KeyValue].
func checkField(t fbTable, depth int) error {
	if depth > maxFieldDepth {
		return metaErr(fmt.Sprintf("các trường lồng quá %d cấp", maxFieldDepth))
	}
	if _, _, err := t.vector(0, 1); err != nil {
		return err
	}
	typ, err := t.u8(2)
	if err != nil {
		return err
	}
	ty, ok, err := t.table(3)
	if err != nil {
		return err
	}
	if ok && typ == 14 { // Union
		if _, _, err := ty.vector(1, 4); err != nil {
			return err
		}
	}
	if dict, ok, err := t.table(4); err != nil {
		return err
	} else if ok {
		if _, _, err := dict.table(1); err != nil {
			return err
		}
	}
	if err := t.tables(5, func(c fbTable) error { return checkField(c, depth+1) }); err != nil {
		return err
	}
	return checkKeyValues(t, 6)
}

// RecordBatch: nodes [FieldNode], buffers [Buffer] (16 bytes each),
// compression, variadicBufferCounts [long].
func checkRecordBatch(t fbTable) error {
	if _, _, err := t.vector(1, 16); err != nil {
		return err
	}
	if _, _, err := t.vector(2, 16); err != nil {
		return err
	}
	if _, _, err := t.table(3); err != nil {
		return err
	}
	_, _, err := t.vector(4, 8)
	return err
}

// checkMessage checks one Message and returns its body's length.
func checkMessage(buf []byte) (int64, error) {
	m, err := fbRoot(buf)
	if err != nil {
		return 0, err
	}
	kind, err := m.u8(1)
	if err != nil {
		return 0, err
	}
	h, ok, err := m.table(2)
	if err != nil {
		return 0, err
	}
	if ok {
		switch kind {
		case 1:
			err = checkSchema(h)
		case 2: // DictionaryBatch: data RecordBatch
			var rb fbTable
			if rb, ok, err = h.table(1); err == nil && ok {
				err = checkRecordBatch(rb)
			}
		case 3:
			err = checkRecordBatch(h)
		default:
			err = metaErr(fmt.Sprintf("loại thông điệp %d không được hỗ trợ", kind))
		}
		if err != nil {
			return 0, err
		}
	}
	if err := checkKeyValues(m, 4); err != nil {
		return 0, err
	}
	body, err := m.i64(3)
	if err == nil && body < 0 {
		err = metaErr("thân thông điệp có độ dài âm")
	}
	return body, err
}

// preflightArrow checks the metadata of the Arrow IPC file or stream in r
// (size bytes) before arrow-go reads it.
func preflightArrow(r io.ReaderAt, size int64) error {
	total := int64(0)
	// readMessage checks the framed message at off and returns where the
	// next one starts, or -1 at the end of the stream.
	readMessage := func(off int64) (int64, error) {
		var head [8]byte
		if off+4 > size {
			return -1, nil // a stream may end without its end marker
		}
		if _, err := r.ReadAt(head[:4], off); err != nil {
			return 0, err
		}
		n := binary.LittleEndian.Uint32(head[:4])
		off += 4
		if n == 0xFFFFFFFF {
			if off+4 > size {
				return -1, nil
			}
			if _, err := r.ReadAt(head[4:], off); err != nil {
				return 0, err
			}
			n = binary.LittleEndian.Uint32(head[4:])
			off += 4
		}
		if n == 0 {
			return -1, nil
		}
		if n > maxArrowMetadata || int64(n) > size-off {
			return 0, metaErr("siêu dữ liệu dài hơn tệp")
		}
		if total += int64(n); total > maxArrowMetaTotal {
			return 0, metaErr("quá nhiều siêu dữ liệu")
		}
		buf := make([]byte, n)
		if _, err := r.ReadAt(buf, off); err != nil {
			return 0, err
		}
		body, err := checkMessage(buf)
		if err != nil {
			return 0, err
		}
		if body > size-off-int64(n) {
			return 0, metaErr("thân thông điệp dài hơn tệp")
		}
		return off + int64(n) + body, nil
	}
	var magic [6]byte
	r.ReadAt(magic[:], 0)
	if string(magic[:]) != "ARROW1" {
		for off := int64(0); off >= 0; {
			var err error
			if off, err = readMessage(off); err != nil {
				return err
			}
		}
		return nil
	}
	// File: the footer, then every message its blocks point at.
	var tail [10]byte
	if size < 18 {
		return metaErr("tệp quá ngắn")
	}
	if _, err := r.ReadAt(tail[:], size-10); err != nil {
		return err
	}
	flen := int64(int32(binary.LittleEndian.Uint32(tail[:4])))
	if string(tail[4:]) != "ARROW1" || flen <= 0 || flen > maxArrowMetadata || flen > size-18 {
		return metaErr("phần cuối tệp hỏng")
	}
	footer := make([]byte, flen)
	if _, err := r.ReadAt(footer, size-10-flen); err != nil {
		return err
	}
	f, err := fbRoot(footer)
	if err != nil {
		return err
	}
	if s, ok, err := f.table(1); err != nil {
		return err
	} else if ok {
		if err := checkSchema(s); err != nil {
			return err
		}
	}
	if err := checkKeyValues(f, 4); err != nil {
		return err
	}
	for _, i := range []int{2, 3} {
		start, n, err := f.vector(i, 24)
		if err != nil {
			return err
		}
		for k := 0; k < n; k++ {
			off := int64(binary.LittleEndian.Uint64(footer[start+24*k:]))
			if off < 8 || off >= size {
				return metaErr("khối nằm ngoài tệp")
			}
			if _, err := readMessage(off); err != nil {
				return err
			}
		}
	}
	// The schema message at the start, and what follows it in order.
	_, err = readMessage(8)
	return err
}
