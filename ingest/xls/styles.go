package xls

import (
	"encoding/binary"
	"strings"
)

// builtinFormats are the number formats Excel does not write into the file
// (the same codes excelize uses for XLSX, so both readers agree).
var builtinFormats = map[uint16]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "hh:mm", 21: "hh:mm:ss", 22: "m/d/yy hh:mm",
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[red](#,##0)",
	39: "#,##0.00 ;(#,##0.00)", 40: "#,##0.00 ;[red](#,##0.00)",
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
	// East Asian dates and times, which Excel does not write either; their
	// codes depend on the locale, so they are given here by kind only.
	27: "mm-dd-yy", 28: "mm-dd-yy", 29: "mm-dd-yy", 30: "mm-dd-yy", 31: "mm-dd-yy",
	32: "h:mm", 33: "h:mm:ss", 34: "h:mm AM/PM", 35: "h:mm:ss AM/PM", 36: "mm-dd-yy",
	50: "mm-dd-yy", 51: "mm-dd-yy", 52: "mm-dd-yy", 53: "mm-dd-yy", 54: "mm-dd-yy",
	55: "h:mm AM/PM", 56: "h:mm:ss AM/PM", 57: "mm-dd-yy", 58: "mm-dd-yy",
}

type font struct{ bold, italic bool }

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

// FONT: dyHeight, grbit (bit 1 italic), icv, bls (700 bold), ...
func (st *styles) addFont(b []byte) {
	if len(b) < 8 {
		st.fonts = append(st.fonts, font{})
		return
	}
	grbit := binary.LittleEndian.Uint16(b[2:])
	bls := binary.LittleEndian.Uint16(b[6:])
	st.fonts = append(st.fonts, font{bold: bls >= 700, italic: grbit&0x02 != 0})
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
// General), indent, bold and italic. An index out of range is the default
// style, as Excel shows it.
func (st *styles) style(i uint16) (format string, indent int, bold, italic bool) {
	if int(i) >= len(st.xfs) {
		return "", 0, false, false
	}
	x := st.xfs[i]
	f, ok := st.formats[x.format]
	if !ok {
		f = builtinFormats[x.format]
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
		bold, italic = st.fonts[fi].bold, st.fonts[fi].italic
	}
	return f, int(x.indent), bold, italic
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
