// Package vnlegacy reads Vietnamese text typed in the encodings that came
// before Unicode and that old agency workbooks and CSV files still hold:
// TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts .VnTime, .VnArial…) and VNI
// (the VNI-Windows fonts VNI-Times, VNI-Helve…). Excel keeps such text as
// the Latin-1 characters of its bytes, so it shows as "Kinh tÕ" (TCVN3) or
// "Kinh teá" (VNI); a CSV file holds the bytes themselves. The package
// converts both to Unicode NFC and tells, by evidence, which encoding some
// text is in.
package vnlegacy

// tcvn3 maps the bytes 0xA1…0xFE of TCVN3 (VN3) to the letters they stand
// for; 0 is a byte that is no letter of VN3 and is kept as it is. VN3 has
// the lower-case letters with their tones and the seven upper-case letters
// without (Ă Â Ê Ô Ơ Ư Đ): capitals with tones are written with the
// lower-case bytes in an upper-case font (.VnTimeH), see Decode.
var tcvn3 = [0x60]rune{
	// 0xA0: (no-break space) Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ -
	0, 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 0,
	// 0xB0: - - - - - à ả ã á ạ - ằ ẳ ẵ ắ -
	0, 0, 0, 0, 0, 'à', 'ả', 'ã', 'á', 'ạ', 0, 'ằ', 'ẳ', 'ẵ', 'ắ', 0,
	// 0xC0: - - - - - - ặ ầ ẩ ẫ ấ ậ è - ẻ ẽ
	0, 0, 0, 0, 0, 0, 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 0, 'ẻ', 'ẽ',
	// 0xD0: é ẹ ề ể ễ ế ệ ì ỉ - - - ĩ í ị ò
	'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 0, 0, 0, 'ĩ', 'í', 'ị', 'ò',
	// 0xE0: - ỏ õ ó ọ ồ ổ ỗ ố ộ ờ ở ỡ ớ ợ ù
	0, 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
	// 0xF0: - ủ ũ ú ụ ừ ử ữ ứ ự ỳ ỷ ỹ ý ỵ -
	0, 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 0,
}

// VNI writes most letters as a base letter followed by a byte for its
// marks ("a" + "ù" is á, "e" + "á" is ế); a few are one byte of their own.
// Lower-case marks follow lower-case letters, upper-case marks capitals.

// vniLetters are the letters VNI writes as one byte.
var vniLetters = map[rune]rune{
	'ô': 'ơ', 'ö': 'ư', 'ñ': 'đ', 'í': 'í', 'ì': 'ì', 'æ': 'ỉ', 'ó': 'ĩ', 'ò': 'ị', 'î': 'ỵ',
	'Ô': 'Ơ', 'Ö': 'Ư', 'Ñ': 'Đ', 'Í': 'Í', 'Ì': 'Ì', 'Æ': 'Ỉ', 'Ó': 'Ĩ', 'Ò': 'Ị', 'Î': 'Ỵ',
}

// Combining marks: the shapes of â/ê/ô and ă, and the five tones.
const (
	circumflex = '\u0302'
	breve      = '\u0306'
	acute      = '\u0301'
	grave      = '\u0300'
	hook       = '\u0309'
	tilde      = '\u0303'
	dotBelow   = '\u0323'
)

// vniMark is what a mark byte adds to the letter before it: a shape
// (circumflex or breve, or none) and a tone (or none).
type vniMark struct{ shape, tone rune }

// vniMarks are the mark bytes of VNI, lower and upper case.
var vniMarks = map[rune]vniMark{
	'ù': {0, acute}, 'ø': {0, grave}, 'û': {0, hook}, 'õ': {0, tilde}, 'ï': {0, dotBelow},
	'â': {circumflex, 0}, 'á': {circumflex, acute}, 'à': {circumflex, grave}, 'å': {circumflex, hook}, 'ã': {circumflex, tilde}, 'ä': {circumflex, dotBelow},
	'ê': {breve, 0}, 'é': {breve, acute}, 'è': {breve, grave}, 'ú': {breve, hook}, 'ü': {breve, tilde}, 'ë': {breve, dotBelow},
	'Ù': {0, acute}, 'Ø': {0, grave}, 'Û': {0, hook}, 'Õ': {0, tilde}, 'Ï': {0, dotBelow},
	'Â': {circumflex, 0}, 'Á': {circumflex, acute}, 'À': {circumflex, grave}, 'Å': {circumflex, hook}, 'Ã': {circumflex, tilde}, 'Ä': {circumflex, dotBelow},
	'Ê': {breve, 0}, 'É': {breve, acute}, 'È': {breve, grave}, 'Ú': {breve, hook}, 'Ü': {breve, tilde}, 'Ë': {breve, dotBelow},
}
