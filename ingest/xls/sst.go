package xls

import (
	"encoding/binary"
	"strings"
)

// frags reads a record and its CONTINUE records as one sequence, except
// for string characters: a string's characters split at a CONTINUE go on
// after a fresh option byte there, which may switch between compressed
// and UTF-16 characters.
type frags struct {
	parts [][]byte
	i     int // current part
	off   int // offset in it
	left  int // bytes left in all parts
}

func newFrags(parts [][]byte) *frags {
	f := &frags{parts: parts}
	for _, p := range parts {
		f.left += len(p)
	}
	return f
}

// avail is what is left in the current part, moving to the next part
// when this one is used up.
func (f *frags) avail() int {
	for f.i < len(f.parts) && f.off >= len(f.parts[f.i]) {
		f.i++
		f.off = 0
	}
	if f.i >= len(f.parts) {
		return 0
	}
	return len(f.parts[f.i]) - f.off
}

func (f *frags) take(n int) []byte {
	b := f.parts[f.i][f.off : f.off+n]
	f.off += n
	f.left -= n
	return b
}

// bytes reads n bytes, across parts if need be.
func (f *frags) bytes(n int) ([]byte, bool) {
	if n > f.left {
		return nil, false
	}
	if a := f.avail(); a >= n {
		return f.take(n), true
	}
	out := make([]byte, 0, n)
	for len(out) < n {
		out = append(out, f.take(min(f.avail(), n-len(out)))...)
	}
	return out, true
}

func (f *frags) skip(n int) bool {
	if n > f.left {
		return false
	}
	for n > 0 {
		k := min(f.avail(), n)
		f.take(k)
		n -= k
	}
	return true
}

// str reads one XLUnicodeRichExtendedString (the SST's and the STRING
// record's form).
func (f *frags) str() (string, error) {
	h, ok := f.bytes(3)
	if !ok {
		return "", formatErr("chuỗi bị cắt cụt")
	}
	cch := int(binary.LittleEndian.Uint16(h))
	flags := h[2]
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		b, ok := f.bytes(2)
		if !ok {
			return "", formatErr("chuỗi bị cắt cụt")
		}
		runs = int(binary.LittleEndian.Uint16(b))
	}
	if flags&0x04 != 0 {
		b, ok := f.bytes(4)
		if !ok {
			return "", formatErr("chuỗi bị cắt cụt")
		}
		ext = int(binary.LittleEndian.Uint32(b) & 0x7FFFFFFF)
	}
	if cch > f.left {
		return "", formatErr("chuỗi dài %d ký tự vượt quá dữ liệu còn lại", cch)
	}
	high := flags&0x01 != 0
	var s strings.Builder
	for {
		a := 0
		if f.i < len(f.parts) {
			a = len(f.parts[f.i]) - f.off
		}
		w := 1
		if high {
			w = 2
		}
		if k := min(cch, a/w); k > 0 {
			s.WriteString(decodeChars(f.take(k*w), high))
			cch -= k
			a -= k * w
		}
		if cch == 0 {
			break
		}
		// The characters go on in the next CONTINUE, after an option
		// byte of their own.
		if a != 0 {
			return "", formatErr("ký tự UTF-16 bị cắt đôi giữa hai bản ghi")
		}
		if f.i+1 >= len(f.parts) || len(f.parts[f.i+1]) == 0 {
			return "", formatErr("chuỗi bị cắt cụt")
		}
		f.i++
		f.off = 0
		high = f.take(1)[0]&0x01 != 0
	}
	if !f.skip(4*runs) || !f.skip(ext) {
		return "", formatErr("định dạng chữ của chuỗi bị cắt cụt")
	}
	return s.String(), nil
}
