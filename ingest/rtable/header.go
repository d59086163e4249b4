package rtable

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Column roles.
const (
	RoleValue   = "value"    // a year's actual, plan or target
	RolePctPlan = "pct_plan" // % of the plan
	RolePctPrev = "pct_prev" // % of the year before
	RoleLabel   = "label"
	RoleSTT     = "stt"
	RoleMeasure = "measure"
	RoleIgnored = "ignored"
)

// Releases of a figure.
const (
	Official    = "official"
	Preliminary = "preliminary"
	Estimate    = "estimate"
)

// Column is what one column of the table means: a year's field and
// release, or why it is ignored.
type Column struct {
	Col       int    `json:"-"`
	Letter    string `json:"column"`
	Header    string `json:"header"`
	Role      string `json:"role"`
	Year      int    `json:"year,omitempty"`
	Field     string `json:"field,omitempty"` // actual, plan, target
	Release   string `json:"release,omitempty"`
	Breakdown string `json:"breakdown,omitempty"` // "Primary" of "2002 Primary"
	Reason    string `json:"reason,omitempty"`    // why ignored, in the report's language
	Meaning   string `json:"meaning,omitempty"`   // the above in a few words, for the report
	// Code and Args are Reason as data: a stable message code and its
	// arguments (see notes.go).
	Code string            `json:"reason_code,omitempty"`
	Args map[string]string `json:"reason_args,omitempty"`
}

var tongSo = regexp.MustCompile(`(?i)tổng số|tổng cộng`)

var yearRe = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)(?:[^0-9]|$)`)

// yearOf finds the one year a header names; 0 when none or two.
func yearOf(s string) (int, int) {
	ms := yearRe.FindAllStringSubmatch(s, -1)
	if len(ms) == 0 {
		return 0, 0
	}
	y, _ := strconv.Atoi(ms[len(ms)-1][1])
	return y, len(ms)
}

// has reports whether the plain header contains any of the plain words, as
// whole words.
func has(p string, words ...string) bool {
	for _, w := range words {
		i := 0
		for {
			j := strings.Index(p[i:], w)
			if j < 0 {
				break
			}
			j += i
			before := j == 0 || !isWordByte(p[j-1])
			after := j+len(w) == len(p) || !isWordByte(p[j+len(w)])
			if before && after {
				return true
			}
			i = j + 1
		}
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// classify gives a column's meaning from the text of its header rows,
// joined top to bottom.
func classify(header string) Column {
	col := Column{Header: strings.Join(strings.Fields(header), " ")}
	p := plain(header)
	ignore := func(code string) Column { col.ignore(code); return col }
	switch {
	case p == "":
		return ignore(NoteNoHeader)
	case p == "stt" || p == "tt" || p == "so tt" || p == "so thu tu" || p == "no." || p == "no":
		col.Role = RoleSTT
		return col
	case has(p, "dvt", "don vi tinh", "unit of measure", "measure"):
		col.Role = RoleMeasure
		return col
	case has(p, "ghi chu", "note", "notes", "chu thich"):
		return ignore(NoteRemarks)
	case has(p, "co cau"):
		return ignore(NoteStructure)
	case has(p, "chi so phat trien"):
		return ignore(NoteGrowthIndex)
	}
	year, nyears := yearOf(p)
	compare := has(p, "so voi", "so sanh", "compared", "%") || strings.Contains(p, "(%)")
	period := has(p, "thang", "month", "months", "quy", "quarter", "q1", "q2", "q3", "q4") ||
		(has(p, "luy ke") && !has(p, "ca nam"))
	if compare && period {
		return ignore(NotePeriodCompare)
	}
	if compare && nyears == 2 {
		ys := yearRe.FindAllStringSubmatch(p, -1)
		a, _ := strconv.Atoi(ys[0][1])
		b, _ := strconv.Atoi(ys[1][1])
		if a == b+1 && !has(p, "kh", "ke hoach", "plan") {
			col.Role, col.Year = RolePctPrev, a
			col.Breakdown = breakdownOf(col.Header, a)
			return col
		}
	}
	if compare {
		switch {
		case nyears <= 2 && has(p, "kh", "ke hoach", "plan", "so voi kh"):
			col.Role, col.Year = RolePctPlan, year
			col.Breakdown = breakdownOf(col.Header, year)
			if year == 0 {
				return ignore(NotePlanNoYear)
			}
			return col
		case nyears <= 2 && has(p, "cung ky", "nam truoc", "previous year", "same period"):
			col.Role, col.Year = RolePctPrev, year
			col.Breakdown = breakdownOf(col.Header, year)
			if year == 0 {
				return ignore(NotePrevNoYear)
			}
			return col
		default:
			return ignore(NoteCompare)
		}
	}
	switch {
	case has(p, "thang", "month", "months"):
		return ignore(NoteMonth)
	case has(p, "quy", "quarter", "q1", "q2", "q3", "q4"):
		return ignore(NoteQuarter)
	case has(p, "luy ke", "luỹ ke") && !has(p, "ca nam"):
		return ignore(NoteToDate)
	}
	if nyears == 0 {
		if has(p, "chi tieu", "noi dung", "ten chi tieu", "indicator", "indicators", "don vi", "dia phuong") {
			col.Role = RoleLabel
			return col
		}
		return ignore(NoteNoYear)
	}
	if nyears > 1 {
		return ignore(NoteTwoYears)
	}
	col.Role, col.Year, col.Field, col.Release = RoleValue, year, "actual", Official
	switch {
	case has(p, "kh", "ke hoach", "plan", "chi tieu ke hoach"):
		col.Field, col.Release = "plan", ""
	case has(p, "dk", "dang ky", "chi tieu dang ky", "target"):
		col.Field, col.Release = "target", ""
	case has(p, "uoc", "uoc th", "uoc thuc hien", "uoc tinh", "uth", "estimate", "estimated", "est."):
		col.Release = Estimate
	case has(p, "so bo", "pre", "prel", "preliminary", "pre.", "prel."):
		col.Release = Preliminary
	}
	col.Breakdown = breakdownOf(col.Header, year)
	if col.Field == "target" && col.Breakdown != "" {
		// "Vốn đăng ký" is registered capital, not a registered target.
		col.Field, col.Release = "actual", Official
		col.Breakdown = breakdownOf(col.Header, year, "đăng", "ký")
	}
	return col
}

// knownWords are the words of a year's header that say nothing of a
// breakdown.
var knownWords = map[string]bool{
	"th": true, "thực": true, "hiện": true, "chính": true, "thức": true, "năm": true, "year": true, "kh": true,
	"kế": true, "hoạch": true, "đk": true, "đăng": true, "ký": true, "ước": true, "tính": true, "uth": true,
	"ưth": true, "sơ": true, "bộ": true, "pre.": true, "prel.": true, "pre": true, "prel": true, "cả": true,
	"cộng": true, "dồn": true, "kết": true, "quả": true, "chỉ": true, "tiêu": true, "estimate": true,
	"actual": true, "plan": true, "target": true, "preliminary": true, "est.": true, "total": true,
	"tổng": true, "và": true, "so": true, "với": true, "trước": true, "cùng": true, "kỳ": true,
	"(%)": true, "%": true, "sánh": true, "chia": true, "ra:": true, "ra": true, "trong": true, "đó:": true,
	"đó": true, "(1)": true, "lũy": true,
}

// breakdownOf is what a header adds to its year beyond qualifiers:
// "Primary" of "2002 Primary"; "" for "Total" or "Ước tính năm 2024".
func breakdownOf(header string, year int, keep ...string) string {
	h := tongSo.ReplaceAllString(yearRe.ReplaceAllString(header, " "), " ")
	words := strings.Fields(h)
	var rest []string
	for _, w := range words {
		if knownWords[squash(w)] && !slices.Contains(keep, squash(w)) || len(w) == 0 {
			continue
		}
		rest = append(rest, w)
	}
	if len(rest) == 0 || len(rest) > 6 {
		return ""
	}
	return strings.Join(rest, " ")
}

var colNumRe = regexp.MustCompile(`^\(?[0-9A-Za-z]{1,2}\)?(\s*=.*)?$`)

// columnNumbers says a row is the column-number row under a header:
// "(1) (2) … (7)=(6)/(5)" or "A B 1 2 3".
func columnNumbers(texts []string) bool {
	n := 0
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !colNumRe.MatchString(t) {
			return false
		}
		n++
	}
	return n >= 2
}
