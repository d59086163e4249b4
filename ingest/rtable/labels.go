package rtable

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// squash is text for matching: NFC, lower case, runs of white space as one
// space, trimmed.
func squash(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	return strings.Join(strings.Fields(s), " ")
}

// plain is squash without Vietnamese marks, đ as d.
func plain(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(squash(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	numbering   = regexp.MustCompile(`^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđA-Z])[.)/]\s+|^\s*(?:[IVXLC]+|\d+(?:\.\d+)*)\s*[-–]\s+`)
	footnote    = regexp.MustCompile(`\(\*+\)|\*+$`)
	leadWords   = regexp.MustCompile(`(?i)^\s*(trong đó|chia ra|chia theo|bao gồm|gồm|of which|in which)\s*:?\s*`)
	dashes      = regexp.MustCompile(`^[\s\-–—+•·*]+`)
	trailColon  = regexp.MustCompile(`\s*:\s*$`)
	parenthesis = regexp.MustCompile(`\(([^()]*)\)\s*$`)
)

// measureWords say a parenthesis holds a unit of measure, not part of the name.
var measureWords = []string{"%", "‰", "người", "nghìn", "triệu", "tỷ", "đồng", "usd", "ha", "tấn", "km", "lượt", "hộ",
	"năm", "year", "person", "bed", "dong", "m2", "m3", "kg", "lít", "chiếc", "cái", "con", "số", "bé", "tuổi",
	"thous", "mill", "bill", "kwh", "giường", "bác sĩ", "doanh nghiệp", "dự án", "lần", "điểm", "trường", "xã"}

// CleanLabel takes numbering, footnote marks, lead words and dashes off a
// row's label and the measure out of a last parenthesis: "2.1. Dân số trung
// bình (Nghìn người)(*)" is "Dân số trung bình" measured in "Nghìn người".
func CleanLabel(s string) (label, measure string) {
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	for i := 0; i < 3; i++ {
		before := s
		s = footnote.ReplaceAllString(s, "")
		s = strings.TrimSpace(s)
		s = numbering.ReplaceAllString(s, "")
		s = leadWords.ReplaceAllString(s, "")
		s = dashes.ReplaceAllString(s, "")
		s = trailColon.ReplaceAllString(s, "")
		if m := parenthesis.FindStringSubmatchIndex(s); m != nil && measure == "" {
			inner := strings.TrimSpace(s[m[2]:m[3]])
			if isMeasure(inner) && m[0] > 0 {
				measure, s = inner, strings.TrimSpace(s[:m[0]])
			}
		}
		if s == before {
			break
		}
	}
	return strings.TrimSpace(s), measure
}

func isMeasure(s string) bool {
	p := squash(s)
	if p == "" || len([]rune(p)) > 30 || titleNumRe.MatchString(p) || p[0] >= '0' && p[0] <= '9' {
		return false
	}
	if y, _ := yearOf(p); y > 0 || has(plain(p), "thang", "quy", "chi tieu", "so sanh") {
		return false
	}
	for _, w := range measureWords {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// roman reads a Roman section number (I … XXX).
func roman(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	if s == "" || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("IVXL", r) {
			return false
		}
	}
	return true
}

// sttToken reads an STT cell: "I", "1", "2.1", "a", "-".
var sttToken = regexp.MustCompile(`^(?:[IVXL]+|\d+(?:\.\d+)*|[a-zđ]|[-+*])\.?$`)

// Kinds of lines above and below a table.
var (
	mottoRe    = regexp.MustCompile(`(?i)cộng hòa xã hội|cộng hoà xã hội|độc lập\s*-\s*tự do|^-+$`)
	agencyRe   = regexp.MustCompile(`^(UBND|ỦY BAN|UỶ BAN|SỞ|BỘ|TỔNG CỤC|CỤC|CHI CỤC|BAN|PHÒNG|TRUNG TÂM|HỘI ĐỒNG|VĂN PHÒNG|TỈNH|HUYỆN|THÀNH PHỐ)\b`)
	attachRe   = regexp.MustCompile(`(?i)^\(?\s*(kèm theo|ban hành kèm|attached)`)
	unitLineRe = regexp.MustCompile(`(?i)^\s*(đơn vị tính|đvt|unit)\s*[:.]\s*(.+)$`)
	bieuRe     = regexp.MustCompile(`(?i)^\s*(biểu|bieu|mẫu|phụ lục|table)\s*(số\s*)?[0-9a-z.\-/]*\s*[:.\-–]\s*`)
	bareBieuRe = regexp.MustCompile(`(?i)^\s*(biểu|mẫu|phụ lục|table)\s*(số\s*)?[0-9a-z.\-/]*\s*:?\s*$`)
	titleNumRe = regexp.MustCompile(`^\s*\d+[a-z]?\s*[.)]\s*`)
	noteRe     = regexp.MustCompile(`(?i)^\s*(\(\*+\)|\*|ghi chú|chú thích|nguồn|source|note|lưu ý)`)
	signRe     = regexp.MustCompile(`(?i)^\s*(người lập|người lập biểu|thủ trưởng|giám đốc|kt\.|tm\.|chủ tịch|phó|kế toán|trưởng phòng|nơi nhận|ký tên|\(ký)`)
	dateRe     = regexp.MustCompile(`(?i)ngày\s*\.*\s*\d*\s*tháng\s*\.*\s*\d*\s*năm`)
)

// TitleOf takes "BIỂU 01:" or "44." off a title: what the table is about.
func TitleOf(s string) string {
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	s = bieuRe.ReplaceAllString(s, "")
	s = titleNumRe.ReplaceAllString(s, "")
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ":"))
}

// missing says a cell marks a figure not available.
func missing(s string) bool {
	switch strings.TrimSpace(s) {
	case "..", "...", "-", "–", "—", "…", "x", "X", "_", "--":
		return true
	}
	return false
}

// parseNumber reads a number written as text, in the file's locale (vi:
// 1.234,5; en: 1,234.5). A lone dot or comma with three digits after it is
// taken as the locale says.
func parseNumber(s, locale string) (float64, bool) {
	t := strings.TrimSpace(s)
	t = strings.ReplaceAll(t, "\u00a0", "")
	t = strings.ReplaceAll(t, " ", "")
	if t == "" {
		return 0, false
	}
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	if locale == "vi" {
		t = strings.ReplaceAll(t, ".", "")
		t = strings.ReplaceAll(t, ",", ".")
	} else {
		t = strings.ReplaceAll(t, ",", "")
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, false
	}
	_ = pct
	return v, true
}
