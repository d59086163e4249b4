package vnlegacy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is how some text's Vietnamese letters are written.
type Encoding string

// Encodings.
const (
	Unicode Encoding = ""
	TCVN3   Encoding = "tcvn3"
	VNI     Encoding = "vni"
)

// runesOf reads s as the characters of its bytes: valid UTF-8 as it is
// (Excel keeps a legacy byte as the Latin-1 character of the same value);
// text that is not valid UTF-8 comes from a single-byte file, so each byte
// is the Latin-1 character of its value.
func runesOf(s string) []rune {
	if utf8.ValidString(s) {
		return []rune(s)
	}
	out := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		out[i] = rune(s[i])
	}
	return out
}

// Decode converts s from enc to Unicode NFC. upper says the text was set in
// an upper-case font (.VnTimeH, .VnArialH), which shows every letter as a
// capital. Bytes that are no letter of enc are kept as they are; bad counts
// them, and marks that follow no letter they fit.
func Decode(s string, enc Encoding, upper bool) (out string, bad int) {
	rs := runesOf(s)
	switch enc {
	case TCVN3:
		out, bad = decodeTCVN3(rs)
	case VNI:
		out, bad = decodeVNI(rs)
	default:
		out = string(rs)
	}
	if upper {
		out = strings.ToUpper(out)
	}
	return norm.NFC.String(out), bad
}

func decodeTCVN3(rs []rune) (string, int) {
	var b strings.Builder
	b.Grow(len(rs) * 2)
	bad := 0
	for _, r := range rs {
		if r >= 0xA0 && r <= 0xFF {
			if m := tcvn3[r-0xA0]; m != 0 {
				b.WriteRune(m)
				continue
			}
			if r != 0xA0 {
				bad++
			}
		}
		b.WriteRune(r)
	}
	return b.String(), bad
}

func decodeVNI(rs []rune) (string, int) {
	var b strings.Builder
	b.Grow(len(rs) * 2)
	bad := 0
	// The letter last written, if a mark may still follow it, and what it
	// has so far.
	var base rune
	var shaped, toned bool
	for _, r := range rs {
		if m, ok := vniMarks[r]; ok && base != 0 && fits(base, m, shaped, toned) {
			if m.shape != 0 {
				b.WriteRune(m.shape)
				shaped = true
			}
			if m.tone != 0 {
				b.WriteRune(m.tone)
				toned = true
			}
			continue
		}
		if l, ok := vniLetters[r]; ok {
			r = l
		} else if r >= 0x80 && r <= 0xFF && r != 0xA0 {
			if _, mark := vniMarks[r]; mark {
				bad++
			}
		}
		b.WriteRune(r)
		base, shaped, toned = 0, false, false
		if isVowel(r) {
			base = unicode.ToLower(r)
			// ơ and ư carry their shape; í, ì, ỉ, ĩ, ị and ỵ their tone.
			shaped = base == 'ơ' || base == 'ư'
			toned = strings.ContainsRune("íìỉĩịỵ", base)
		}
	}
	return b.String(), bad
}

// fits says a mark may go on the vowel base: a shape only on a, e, o (a
// breve only on a) and once; a tone once.
func fits(base rune, m vniMark, shaped, toned bool) bool {
	if m.tone != 0 && toned {
		return false
	}
	switch m.shape {
	case circumflex:
		return !shaped && (base == 'a' || base == 'e' || base == 'o')
	case breve:
		return !shaped && base == 'a'
	}
	return true
}

func isVowel(r rune) bool {
	return strings.ContainsRune("aeiouyơưíìỉĩịỵAEIOUYƠƯÍÌỈĨỊỴ", r)
}

// Readable is s as text: itself when it is valid UTF-8, else each byte as
// the Latin-1 character of its value (how a single-byte file shows).
func Readable(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(runesOf(s))
}
