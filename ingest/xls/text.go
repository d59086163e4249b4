package xls

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// decodeChars turns a BIFF8 string's characters into UTF-8 in NFC (so
// "ệ" typed as e + two combining marks compares equal to the precomposed
// letter). Compressed characters are the low bytes of UTF-16, that is
// ISO-8859-1; the others are UTF-16LE.
func decodeChars(b []byte, high bool) string {
	var s string
	if high {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		s = string(utf16.Decode(u))
	} else {
		ascii := true
		for _, c := range b {
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			return string(b)
		}
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		s = string(r)
	}
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// xlString reads an unsplit XLUnicodeString (cchWidth 2) or
// ShortXLUnicodeString (cchWidth 1) at the start of b, and returns it with
// the bytes it took. Rich-text runs and phonetic data, where flagged, are
// skipped.
func xlString(b []byte, cchWidth int) (string, int, error) {
	if len(b) < cchWidth+1 {
		return "", 0, formatErr("chuỗi bị cắt cụt")
	}
	var cch int
	if cchWidth == 1 {
		cch = int(b[0])
	} else {
		cch = int(binary.LittleEndian.Uint16(b))
	}
	flags := b[cchWidth]
	p := cchWidth + 1
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		if len(b) < p+2 {
			return "", 0, formatErr("chuỗi bị cắt cụt")
		}
		runs = int(binary.LittleEndian.Uint16(b[p:]))
		p += 2
	}
	if flags&0x04 != 0 {
		if len(b) < p+4 {
			return "", 0, formatErr("chuỗi bị cắt cụt")
		}
		ext = int(binary.LittleEndian.Uint32(b[p:]) & 0x7FFFFFFF)
		p += 4
	}
	high := flags&0x01 != 0
	n := cch
	if high {
		n *= 2
	}
	if len(b)-p < n {
		return "", 0, formatErr("chuỗi dài %d ký tự vượt quá bản ghi", cch)
	}
	s := decodeChars(b[p:p+n], high)
	p += n
	p += min(4*runs, len(b)-p)
	p += min(ext, len(b)-p)
	return s, p, nil
}
