package vnlegacy

import (
	"strings"
	"unicode"

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
	w = norm.NFC.String(w)
	if w == "" || !caseOK(w) {
		return false
	}
	// Take the tone off, and note which letter bore it.
	var b strings.Builder
	n, at := 0, -1
	for i, r := range []rune(strings.ToLower(w)) {
		for _, m := range norm.NFD.String(string(r)) {
			if strings.ContainsRune(tones, m) {
				n, at = n+1, i
				continue
			}
			b.WriteRune(m)
		}
	}
	if n > 1 {
		return false
	}
	base := norm.NFC.String(b.String())
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
