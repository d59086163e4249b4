package vnlegacy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Evidence counts the words of some text that tell its encoding:
// words with letters only Unicode has (ư, ơ, đ, ă, ạ…, or combining
// marks), and words that are no Vietnamese as they stand but read as a
// syllable in TCVN3 or in VNI ("tÕ" is tế in TCVN3, "teá" tế in VNI). A
// word that reads right as it stands ("các") is evidence of nothing.
type Evidence struct {
	Unicode, TCVN3, VNI int
	// The first word of each kind, to name in a report.
	UnicodeWord, TCVN3Word, VNIWord string
	// seen keeps what each word told: a sheet says the same words again.
	seen map[string]uint8
}

// What a word tells.
const (
	saysUnicode uint8 = 1 << iota
	saysTCVN3
	saysVNI
)

// Add counts the words of s.
func (e *Evidence) Add(s string) {
	if ascii(s) {
		return // most cells: no evidence of anything
	}
	s = Readable(s) // a single-byte file's bytes as their Latin-1 characters
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !wordRune(r) {
			i += n
			continue
		}
		j := i
		high, uni := false, false
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !wordRune(r) {
				break
			}
			high = high || r >= 0x80
			uni = uni || unicodeOnly(r)
			j += n
		}
		w := s[i:j]
		i = j
		says, ok := e.seen[w]
		if !ok {
			says = tells(w, high, uni)
			if e.seen == nil {
				e.seen = map[string]uint8{}
			}
			e.seen[w] = says
		}
		if says&saysUnicode != 0 {
			if e.Unicode++; e.UnicodeWord == "" {
				e.UnicodeWord = w
			}
		}
		if says&saysTCVN3 != 0 {
			if e.TCVN3++; e.TCVN3Word == "" {
				e.TCVN3Word = w
			}
		}
		if says&saysVNI != 0 {
			if e.VNI++; e.VNIWord == "" {
				e.VNIWord = w
			}
		}
	}
}

// tells what a word says of its encoding.
func tells(w string, high, uni bool) uint8 {
	switch {
	case uni:
		return saysUnicode
	case !high || Syllable(w):
		return 0
	}
	var says uint8
	rs := []rune(w)
	if t, bad := decodeTCVN3(rs); bad == 0 && Syllable(t) {
		says |= saysTCVN3
	}
	if v, bad := decodeVNI(rs); bad == 0 && Syllable(v) {
		says |= saysVNI
	}
	return says
}

// wordRune: a letter, a combining mark, or any Latin-1 character but the
// no-break space (TCVN3 writes ư as the soft hyphen, đ as ®).
func wordRune(r rune) bool {
	return r > 0xA0 && r <= 0xFF || unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// unicodeOnly: a Vietnamese letter beyond Latin-1, or a combining mark.
func unicodeOnly(r rune) bool {
	switch {
	case r >= 0x1EA0 && r <= 0x1EF9, r >= 0x0300 && r <= 0x0323:
		return true
	}
	switch r {
	case 'ă', 'Ă', 'đ', 'Đ', 'ơ', 'Ơ', 'ư', 'Ư', 'ĩ', 'Ĩ', 'ũ', 'Ũ':
		return true
	}
	return false
}

// ErrMixed says text holds Unicode and a legacy encoding together, or
// reads equally as TCVN3 and VNI: converting it would guess.
type ErrMixed struct {
	A, B         Encoding
	WordA, WordB string
}

func (e *ErrMixed) Error() string {
	return fmt.Sprintf("vnlegacy: text in %s (%q) and %s (%q)", name(e.A), e.WordA, name(e.B), e.WordB)
}

func name(e Encoding) string {
	if e == Unicode {
		return "unicode"
	}
	return string(e)
}

// Decide tells the encoding the evidence shows: Unicode when no word reads
// as a legacy encoding, TCVN3 or VNI when words read as it and none is
// Unicode, and an *ErrMixed when Unicode and legacy words are both there,
// or the words read as TCVN3 and as VNI about as often (less than three
// to one).
func (e Evidence) Decide() (Encoding, error) {
	legacy, n, word := TCVN3, e.TCVN3, e.TCVN3Word
	other, on, oword := VNI, e.VNI, e.VNIWord
	if on > n {
		legacy, n, word, other, on, oword = other, on, oword, legacy, n, word
	}
	switch {
	case n == 0:
		return Unicode, nil
	case e.Unicode > 0:
		return "", &ErrMixed{A: Unicode, WordA: e.UnicodeWord, B: legacy, WordB: word}
	case on > 0 && n < 3*on:
		return "", &ErrMixed{A: legacy, WordA: word, B: other, WordB: oword}
	}
	return legacy, nil
}

// HasUnicode says s holds a letter only Unicode writes (ư, ơ, đ, ă, ạ…) or
// a combining mark: it is no legacy text, whatever its font says.
func HasUnicode(s string) bool {
	for _, r := range s {
		if unicodeOnly(r) {
			return true
		}
	}
	return false
}

// FontEncoding is the encoding a font's name says its text is in: the ABC
// fonts (".VnTime", ".VnArialH"…) are TCVN3, the VNI fonts ("VNI-Times")
// VNI. upper says an upper-case ABC font (its name ends in H), which shows
// every letter as a capital.
func FontEncoding(font string) (enc Encoding, upper bool) {
	f := strings.ToLower(strings.TrimSpace(font))
	switch {
	case strings.HasPrefix(f, ".vn"):
		return TCVN3, strings.HasSuffix(f, "h")
	case strings.HasPrefix(f, "vni-"), strings.HasPrefix(f, "vni "):
		return VNI, false
	}
	return Unicode, false
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
