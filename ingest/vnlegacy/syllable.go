package vnlegacy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A Vietnamese syllable is an initial consonant, a vowel nucleus and a
// final consonant, with one tone at most; a word that reads as one is the
// evidence that tells an encoding (see Evidence). The lists are of the
// written language, tones taken off.
var (
	initials = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
		"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""}
	finals = []string{"ch", "ng", "nh", "c", "m", "n", "p", "t", ""}
	// open nuclei take no final consonant: they end in a semivowel.
	openNuclei = set("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi",
		"ưu", "ưa", "ua", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu", "uyêu")
	closedNuclei = set("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe",
		"oo", "uâ", "uê", "uô", "uơ", "ươ", "uy", "uyê")
	tones = "\u0300\u0301\u0303\u0309\u0323"
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Syllable says a word reads as one Vietnamese syllable, written in lower
// case, in capitals or with a capital first.
func Syllable(w string) bool {
	if w == "" || !caseOK(w) {
		return false
	}
	// Take the tone off, and note which letter bore it; keep the shapes
	// (â ă ê ô ơ ư) as letters.
	var buf [64]byte
	base := buf[:0]
	var dec [16]byte
	n, at, i := 0, -1, 0
	for _, r := range w {
		r = unicode.ToLower(r)
		if r < 0x80 {
			base = append(base, byte(r))
			i++
			continue
		}
		d := norm.NFD.AppendString(dec[:0], string(r))
		var letter rune
		for len(d) > 0 {
			m, size := utf8.DecodeRune(d)
			d = d[size:]
			switch {
			case strings.ContainsRune(tones, m):
				n, at = n+1, i
			case letter == 0:
				letter = m
			default:
				letter = shaped(letter, m)
			}
		}
		if letter == 0 || unicode.Is(unicode.Mn, letter) { // a mark on the letter before
			last, size := utf8.DecodeLastRune(base)
			if i == 0 {
				return false
			}
			if letter != 0 {
				base = utf8.AppendRune(base[:len(base)-size], shaped(last, letter))
			} else {
				at = i - 1
			}
			continue
		}
		base = utf8.AppendRune(base, letter)
		i++
	}
	if n > 1 {
		return false
	}
	return syllableBase(string(base), at)
}

// shaped is letter with a shape mark (circumflex, breve, horn), or -1
// when Vietnamese has no such letter.
func shaped(letter, mark rune) rune {
	switch {
	case mark == '\u0302' && letter == 'a':
		return 'â'
	case mark == '\u0302' && letter == 'e':
		return 'ê'
	case mark == '\u0302' && letter == 'o':
		return 'ô'
	case mark == '\u0306' && letter == 'a':
		return 'ă'
	case mark == '\u031b' && letter == 'o':
		return 'ơ'
	case mark == '\u031b' && letter == 'u':
		return 'ư'
	}
	return -1
}

// syllableBase: the letters of a word, its tone taken off (borne by the
// letter at, or none when at < 0), read as initial, nucleus and final.
func syllableBase(base string, at int) bool {
	for _, r := range base {
		if !(r >= 'a' && r <= 'z' && !strings.ContainsRune("fjwz", r) || strings.ContainsRune("ăâêôơưđ", r)) {
			return false
		}
	}
	for _, in := range initials {
		if !strings.HasPrefix(base, in) {
			continue
		}
		rest := base[len(in):]
		for _, fin := range finals {
			if !strings.HasSuffix(rest, fin) || len(rest) == len(fin) {
				continue
			}
			nuc := rest[:len(rest)-len(fin)]
			if !(fin == "" && (openNuclei[nuc] || closedNuclei[nuc]) || fin != "" && closedNuclei[nuc]) {
				continue
			}
			if at < 0 || toneFits(nuc, fin, at-len([]rune(in))) {
				return true
			}
		}
	}
	return false
}

func caseOK(w string) bool {
	upper, lower, first := 0, 0, true
	capFirst := false
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
			if first {
				capFirst = true
			}
		case unicode.IsLower(r):
			lower++
		}
		first = false
	}
	return upper == 0 || lower == 0 || upper == 1 && capFirst
}

// toneFits says the tone sits where the written language puts it: on the
// one vowel; on the first of an open pair (tài, kéo, mùa) but either of oa,
// oe, uy (hoà and hòa); on the second of a closed pair (tiến, muốn) and of
// uâ, uê; on the middle of three (ngoài, tiêu) but the last of uyê.
func toneFits(nuc, fin string, i int) bool {
	rs := []rune(nuc)
	switch {
	case len(rs) == 1:
		return i == 0
	case len(rs) == 3:
		if nuc == "uyê" {
			return i == 2
		}
		return i == 1
	case fin == "" && (nuc == "oa" || nuc == "oe" || nuc == "uy"):
		return i == 0 || i == 1
	case fin == "" && openNuclei[nuc]:
		return i == 0
	}
	return i == 1
}
