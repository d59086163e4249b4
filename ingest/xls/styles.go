package xls

import (
	"encoding/binary"
	"strings"
)

// builtinFormat is a number format Excel does not write into the file
// (the codes excelize uses for XLSX, so both readers agree; the East Asian
// dates and times, whose codes depend on the locale, by kind only).
func builtinFormat(id uint16) string {
	switch id {
	case 1:
		return "0"
	case 2:
		return "0.00"
	case 3:
		return "#,##0"
	case 4:
		return "#,##0.00"
	case 9:
		return "0%"
	case 10:
		return "0.00%"
	case 11:
		return "0.00E+00"
	case 12:
		return "# ?/?"
	case 13:
		return "# ??/??"
	case 14, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58:
		return "mm-dd-yy"
	case 15:
		return "d-mmm-yy"
	case 16:
		return "d-mmm"
	case 17:
		return "mmm-yy"
	case 18, 34, 55:
		return "h:mm AM/PM"
	case 19, 35, 56:
		return "h:mm:ss AM/PM"
	case 20:
		return "hh:mm"
	case 21:
		return "hh:mm:ss"
	case 22:
		return "m/d/yy hh:mm"
	case 32:
		return "h:mm"
	case 33:
		return "h:mm:ss"
	case 37:
		return "#,##0 ;(#,##0)"
	case 38:
		return "#,##0 ;[red](#,##0)"
	case 39:
		return "#,##0.00 ;(#,##0.00)"
	case 40:
		return "#,##0.00 ;[red](#,##0.00)"
	case 45:
		return "mm:ss"
	case 46:
		return "[h]:mm:ss"
	case 47:
		return "mm:ss.0"
	case 48:
		return "##0.0E+0"
	case 49:
		return "@"
	}
	return ""
}

type font struct {
	bold, italic bool
	name         string
}

// xf is the part of an extended format (XF record) a cell needs.
type xf struct {
	font   uint16
	format uint16
	indent uint8
}

type styles struct {
	fonts   []font
	xfs     []xf
	formats map[uint16]string
}

// FONT: dyHeight, grbit (bit 1 italic), icv, bls (700 bold), sss, uls,
// bFamily, bCharSet, reserved, then the name as a ShortXLUnicodeString.
func (st *styles) addFont(b []byte) {
	if len(b) < 8 {
		st.fonts = append(st.fonts, font{})
		return
	}
	grbit := binary.LittleEndian.Uint16(b[2:])
	bls := binary.LittleEndian.Uint16(b[6:])
	f := font{bold: bls >= 700, italic: grbit&0x02 != 0}
	if len(b) > 14 {
		if name, _, err := xlString(b[14:], 1); err == nil {
			f.name = name // a name that does not read is no reason to refuse the file
		}
	}
	st.fonts = append(st.fonts, f)
}

// XF: ifnt, ifmt, flags, alignment, rotation, indent (low 4 bits), ...
func (st *styles) addXF(b []byte) {
	var x xf
	if len(b) >= 4 {
		x.font = binary.LittleEndian.Uint16(b)
		x.format = binary.LittleEndian.Uint16(b[2:])
	}
	if len(b) >= 9 {
		x.indent = b[8] & 0x0F
	}
	st.xfs = append(st.xfs, x)
}

// FORMAT: ifmt, then the code as an XLUnicodeString.
func (st *styles) addFormat(b []byte) error {
	if len(b) < 2 {
		return formatErr("bản ghi FORMAT quá ngắn")
	}
	s, _, err := xlString(b[2:], 2)
	if err != nil {
		return err
	}
	if st.formats == nil {
		st.formats = make(map[uint16]string)
	}
	st.formats[binary.LittleEndian.Uint16(b)] = s
	return nil
}

// style returns what a cell of XF index i shows: its number format ("" for
// General), indent, bold, italic and font name. An index out of range is the default
// style, as Excel shows it.
func (st *styles) style(i uint16) (format string, indent int, bold, italic bool, fontName string) {
	if int(i) >= len(st.xfs) {
		return "", 0, false, false, ""
	}
	x := st.xfs[i]
	f, ok := st.formats[x.format]
	if !ok {
		f = builtinFormat(x.format)
	}
	if strings.EqualFold(f, "general") {
		f = ""
	}
	// Font index 4 is never written: indexes above it are one off.
	fi := int(x.font)
	if fi > 4 {
		fi--
	}
	if fi < len(st.fonts) {
		bold, italic, fontName = st.fonts[fi].bold, st.fonts[fi].italic, st.fonts[fi].name
	}
	return f, int(x.indent), bold, italic, fontName
}

// isDateFormat says whether a number format shows a date or time: it has
// d, m, y, h or s outside quoted text, escapes and [colour] brackets.
func isDateFormat(f string) bool {
	for i := 0; i < len(f); i++ {
		switch c := f[i]; c {
		case '"':
			for i++; i < len(f) && f[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(f[i:], ']')
			if j < 0 {
				return false
			}
			in := strings.ToLower(f[i+1 : i+j])
			if in != "" && strings.Trim(in, "hms") == "" {
				return true // elapsed time: [h], [mm], [ss]
			}
			i += j
		case 'd', 'D', 'm', 'M', 'y', 'Y', 'h', 'H', 's', 'S':
			return true
		case ';':
			return false // the first section decides
		}
	}
	return false
}
