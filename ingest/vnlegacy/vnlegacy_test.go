package vnlegacy

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		in    string
		enc   Encoding
		upper bool
		want  string
	}{
		{"Kinh tÕ", TCVN3, false, "Kinh tế"},
		{"Thùc hiÖn n¨m 2024", TCVN3, false, "Thực hiện năm 2024"},
		{"Tæng s¶n phÈm trªn ®Þa bµn (GRDP)", TCVN3, false, "Tổng sản phẩm trên địa bàn (GRDP)"},
		{"D©n sè trung b×nh (Ngh×n ng\u00adêi)", TCVN3, false, "Dân số trung bình (Nghìn người)"},
		{"§¬n vÞ tÝnh: Tû ®ång", TCVN3, false, "Đơn vị tính: Tỷ đồng"},
		{"tæng sè", TCVN3, true, "TỔNG SỐ"},                    // .VnTimeH shows capitals
		{"Thu ng\xe2n s\xb8ch", TCVN3, false, "Thu ngõn sách"}, // bytes of a single-byte file
		{"D\xa9n s\xe8", TCVN3, false, "Dân số"},               // bytes of a single-byte file
		{"Kinh teá", VNI, false, "Kinh tế"},
		{"Thöïc hieän naêm 2024", VNI, false, "Thực hiện năm 2024"},
		{"Toång saûn phaåm treân ñòa baøn", VNI, false, "Tổng sản phẩm trên địa bàn"},
		{"Daân soá trung bình (Nghìn ngöôøi)", VNI, false, "Dân số trung bình (Nghìn người)"},
		{"VIEÄT NAM - ÑOÀNG", VNI, false, "VIỆT NAM - ĐỒNG"},
		{"Tyû leä hoä ngheøo", VNI, false, "Tỷ lệ hộ nghèo"},
		{"Naëng, khuyeát", VNI, false, "Nặng, khuyết"},
		{"plain ASCII 1.234,5", TCVN3, false, "plain ASCII 1.234,5"},
		{"plain ASCII 1.234,5", VNI, false, "plain ASCII 1.234,5"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, bad := Decode(tc.in, tc.enc, tc.upper)
			if got != tc.want || bad != 0 {
				t.Errorf("Decode(%q, %s) = %q (%d bad), want %q", tc.in, tc.enc, got, bad, tc.want)
			}
		})
	}
}

func TestSyllable(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"các", true}, {"Người", true}, {"NGHIÊNG", true}, {"quốc", true}, {"giữa", true}, {"gì", true},
		{"hoà", true}, {"hòa", true}, {"tuyết", true}, {"ngoài", true}, {"kéo", true},
		{"teỏ", false},   // the tone of "eo" sits on the e
		{"Vieọt", false}, // no nucleus "ieo"
		{"Café", false}, {"Côte", false}, {"tÕ", false}, {"hiÖn", false}, {"nam2", false}, {"", false},
	} {
		if got := Syllable(tc.w); got != tc.want {
			t.Errorf("Syllable(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}

func TestDecide(t *testing.T) {
	for _, tc := range []struct {
		name  string
		texts []string
		want  Encoding
		mixed bool
	}{
		{"TCVN3", []string{"Tæng s¶n phÈm", "Thùc hiÖn n¨m 2024", "Kinh tÕ"}, TCVN3, false},
		{"VNI", []string{"Toång saûn phaåm", "Thöïc hieän naêm 2024", "Kinh teá"}, VNI, false},
		{"Unicode", []string{"Tổng sản phẩm", "Thực hiện năm 2024", "các chỉ tiêu", "Lúa cả năm"}, Unicode, false},
		{"English with accents", []string{"Côte d'Ivoire", "Café", "Zürich", "WHOLE COUNTRY", "Pre. 2016"}, Unicode, false},
		{"Unicode and TCVN3", []string{"Tổng sản phẩm", "Thùc hiÖn n¨m 2024"}, "", true},
		{"no letters", []string{"(1)", "2024", "..", ""}, Unicode, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e Evidence
			for _, s := range tc.texts {
				e.Add(s)
			}
			got, err := e.Decide()
			var m *ErrMixed
			if tc.mixed != errors.As(err, &m) || got != tc.want {
				t.Errorf("Decide = %q, %v (evidence %+v), want %q mixed %v", got, err, e, tc.want, tc.mixed)
			}
		})
	}
}

func TestFontEncoding(t *testing.T) {
	for _, tc := range []struct {
		font  string
		enc   Encoding
		upper bool
	}{
		{".VnTime", TCVN3, false}, {".VnTimeH", TCVN3, true}, {".VnArial NarrowH", TCVN3, true},
		{"VNI-Times", VNI, false}, {"Times New Roman", Unicode, false}, {"", Unicode, false},
	} {
		if enc, upper := FontEncoding(tc.font); enc != tc.enc || upper != tc.upper {
			t.Errorf("FontEncoding(%q) = %q %v, want %q %v", tc.font, enc, upper, tc.enc, tc.upper)
		}
	}
}

// encode writes Unicode text in enc, the inverse of Decode for the letters
// enc has; ok is false for text it cannot write.
func encode(s string, enc Encoding) (string, bool) {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		var w string
		switch enc {
		case TCVN3:
			for i, m := range tcvn3 {
				if m == r {
					w = string(rune(0xA0 + i))
				}
			}
		case VNI:
			w = encodeVNI(r)
		}
		if w == "" {
			return "", false
		}
		b.WriteString(w)
	}
	return b.String(), true
}

func encodeVNI(r rune) string {
	for k, v := range vniLetters {
		if v == r {
			return string(k)
		}
	}
	d := []rune(norm.NFD.String(string(r)))
	base, upper := d[0], d[0] >= 'A' && d[0] <= 'Z'
	if !isVowel(base) {
		return ""
	}
	var shape, tone rune
	for _, m := range d[1:] {
		switch m {
		case circumflex, breve:
			shape = m
		case '\u031b': // horn: ơ, ư are letters of their own
			if base == 'o' || base == 'O' {
				base = map[bool]rune{false: 'ô', true: 'Ô'}[upper]
			} else {
				base = map[bool]rune{false: 'ö', true: 'Ö'}[upper]
			}
		case acute, grave, hook, tilde, dotBelow:
			tone = m
		default:
			return "" // a mark Vietnamese does not use
		}
	}
	if shape != 0 && !fits(unicode.ToLower(base), vniMark{shape: shape}, false, false) {
		return "" // a shape Vietnamese does not put on this letter
	}
	if shape == 0 && tone == 0 {
		return "" // a Latin-1 letter Vietnamese does not have
	}
	for k, m := range vniMarks {
		if m.shape == shape && m.tone == tone && (k >= 0xE0) != upper {
			return string(base) + string(k)
		}
	}
	return ""
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, s := range []string{"Tổng sản phẩm trên địa bàn", "Dân số trung bình (Nghìn người)", "ĐƠN VỊ TÍNH", "Ước thực hiện năm 2024", "khuỷu tay, tuyết"} {
		for _, enc := range []Encoding{TCVN3, VNI} {
			e, ok := encode(s, enc)
			if !ok {
				if enc == TCVN3 {
					continue // VN3 has no capitals with tones
				}
				t.Fatalf("cannot write %q in %s", s, enc)
			}
			if got, bad := Decode(e, enc, false); got != s || bad != 0 {
				t.Errorf("%s: %q → %q → %q (%d bad)", enc, s, e, got, bad)
			}
		}
	}
}

// FuzzDecode: any text decodes to valid NFC UTF-8 without panic, and
// Vietnamese text written in either encoding reads back as it was.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"Kinh tÕ", "Kinh teá", "Tổng sản phẩm", "ng\u00adêi", "\xff\xfe\xa9", "aøaù", "ĐỒNG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, enc := range []Encoding{TCVN3, VNI} {
			got, _ := Decode(s, enc, false)
			if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
				t.Fatalf("Decode(%q, %s) = %q: not NFC UTF-8", s, enc, got)
			}
			var e Evidence
			e.Add(s)
			e.Decide()
			if !utf8.ValidString(s) {
				continue
			}
			w, ok := encode(s, enc)
			if !ok {
				continue
			}
			if back, _ := Decode(w, enc, false); back != norm.NFC.String(s) {
				t.Fatalf("%s: %q → %q → %q", enc, s, w, back)
			}
		}
	})
}
