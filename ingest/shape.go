package ingest

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Contents a file can hold.
const (
	ContentObservations = "observations"
	ContentUnits        = "units"
	ContentIndicators   = "indicators"
)

// rawColumn is a column of the raw relation a reader produced.
type rawColumn struct {
	Name string // as the file has it
	Type string // DuckDB type: VARCHAR for text, a numeric type for typed formats
	// Label is how a problem names the column: the header, and for XLSX its letter.
	Label string
	// NumName and PctName, for XLSX, name companion columns: the cell as a
	// number where the sheet stored one, and whether it was shown as a per cent.
	NumName, PctName string
}

func (c rawColumn) numeric() bool {
	switch strings.ToUpper(c.Type) {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
		"UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL":
		return true
	}
	return strings.HasPrefix(strings.ToUpper(c.Type), "DECIMAL")
}

// yearColumn is one column of a wide layout: a measure for one year.
type yearColumn struct {
	Field Field // actual, plan or target
	Year  int
	Col   rawColumn
	// Release is "estimate" for an "Ước TH 2018" column, else "" (the
	// file's release column, or official).
	Release string
}

// shape is what a file holds and how it is laid out, read from its headers.
type shape struct {
	Content string
	Layout  string // long, wide, or catalog
	Locale  string // vi or en: how text numbers are written
	Cols    map[Field]rawColumn
	Wide    []yearColumn
	Ignored []string
	// Coded: the unit and indicator columns hold catalog codes already (the
	// names of a report table were resolved as it was read).
	Coded bool
}

// wideHeader reads "TH 2018", "KH 2019", "ĐK 2019", "Thực hiện năm 2018" or a
// bare "2017" (an actual).
var wideHeader = regexp.MustCompile(`^(th|thựchiện|ướcth|ướcthựchiện|kh|kếhoạch|đk|đăngký|chỉtiêuđăngký|actual|plan|target)?(năm|year)?(\d{4})$`)

func parseWideHeader(name string) (Field, int, bool) {
	m := wideHeader.FindStringSubmatch(Fold(name))
	if m == nil {
		return FieldNone, 0, false
	}
	y, _ := strconv.Atoi(m[3])
	switch m[1] {
	case "", "th", "thựchiện", "ướcth", "ướcthựchiện", "actual":
		return FieldActual, y, true
	case "kh", "kếhoạch", "plan":
		return FieldPlan, y, true
	default:
		return FieldTarget, y, true
	}
}

// wideRelease is the release a wide header states: "Ước TH 2018" is an
// estimate, which must never pass for an official figure.
func wideRelease(name string) string {
	if m := wideHeader.FindStringSubmatch(Fold(name)); m != nil && strings.HasPrefix(m[1], "ước") {
		return "estimate"
	}
	return ""
}

// stripMarks removes Vietnamese diacritics so that headers typed without them
// ("Thuc hien", "Don vi") still match.
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
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

// bareAliases is aliases keyed without diacritics; where two aliases lose
// their difference, the first in sorted order wins, so the result never
// depends on map iteration. Computed once: it is a constant table.
var bareAliases = sync.OnceValue(func() map[string]Field {
	keys := make([]string, 0, len(aliases))
	for k := range aliases {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	m := make(map[string]Field, len(keys))
	for _, k := range keys {
		if _, dup := m[stripMarks(k)]; !dup {
			m[stripMarks(k)] = aliases[k]
		}
	}
	return m
})

// fieldOfHeader is FieldOf, falling back to a match without diacritics.
func fieldOfHeader(h string) Field {
	if f := FieldOf(h); f != FieldNone {
		return f
	}
	return bareAliases()[stripMarks(Fold(h))]
}

// detectShape reads a file's headers: what it holds, its layout and locale.
// locale is the one the user asked for, or "" to decide from the headers.
func detectShape(cols []rawColumn, locale string) (shape, []Problem) {
	s := shape{Cols: map[Field]rawColumn{}}
	var probs []Problem
	vietnamese := false
	for _, c := range cols {
		if looksVietnamese(c.Name) {
			vietnamese = true
		}
		if f, y, ok := parseWideHeader(c.Name); ok {
			s.Wide = append(s.Wide, yearColumn{Field: f, Year: y, Col: c, Release: wideRelease(c.Name)})
			continue
		}
		f := fieldOfHeader(c.Name)
		switch f {
		case FieldNone:
			s.Ignored = append(s.Ignored, c.Name)
			continue
		case FieldIgnore:
			continue
		}
		if prev, dup := s.Cols[f]; dup {
			p := coded("ingest.same_meaning", "first", prev.Name, "second", c.Name, "field", string(f))
			p.Column = c.Label
			probs = append(probs, p)
			continue
		}
		s.Cols[f] = c
	}
	for i, w := range s.Wide {
		for _, o := range s.Wide[:i] {
			if o.Field == w.Field && o.Year == w.Year {
				p := coded("ingest.same_year", "first", o.Col.Name, "second", w.Col.Name, "field", string(w.Field), "year", strconv.Itoa(w.Year))
				p.Column = w.Col.Label
				probs = append(probs, p)
			}
		}
	}
	switch locale {
	case "vi", "en":
		s.Locale = locale
	case "":
		s.Locale = "en"
		if vietnamese {
			s.Locale = "vi"
		}
	default:
		probs = append(probs, coded("ingest.unknown_locale", "value", locale))
	}
	has := func(f Field) bool { _, ok := s.Cols[f]; return ok }
	required := func(fs ...Field) {
		for _, f := range fs {
			if !has(f) {
				probs = append(probs, coded("ingest.missing_column", "field", string(f), "hint", headerHint(f)))
			}
		}
	}
	switch {
	case has(FieldSetting):
		s.Content, s.Layout = ContentSettings, "table"
		required(FieldActual)
	case has(FieldPeriod):
		s.Content, s.Layout = ContentPeriodTargets, "table"
		required(FieldUnit, FieldIndicator, FieldTarget)
	case has(FieldCriterion) || has(FieldScore):
		s.Content, s.Layout = ContentCriterionScores, "table"
		required(FieldYear, FieldUnit, FieldCriterion, FieldScore)
	case has(FieldCode) && has(FieldNameVI):
		s.Layout = "catalog"
		switch {
		case has(FieldDirection) || has(FieldKind) || has(FieldMeasure) || has(FieldCategory) || has(FieldWeight):
			s.Content = ContentIndicators
		case has(FieldBlock):
			s.Content = ContentUnits
		default:
			probs = append(probs, coded("ingest.catalog_kind"))
		}
	case len(s.Wide) > 0 && !has(FieldYear):
		s.Content, s.Layout = ContentObservations, "wide"
		required(FieldUnit, FieldIndicator)
	default:
		s.Content, s.Layout = ContentObservations, "long"
		required(FieldYear, FieldUnit, FieldIndicator)
		if !has(FieldActual) && !has(FieldPlan) && !has(FieldTarget) && !has(FieldNumerator) {
			probs = append(probs, coded("ingest.missing_value_column"))
		}
	}
	return s, probs
}

func headerHint(f Field) string {
	switch f {
	case FieldYear:
		return `"year" or "năm"`
	case FieldUnit:
		return `"unit" or "đơn vị"`
	case FieldIndicator:
		return `"indicator" or "chỉ tiêu"`
	case FieldTarget:
		return `"target" or "chỉ tiêu đăng ký"`
	case FieldCriterion:
		return `"criterion" or "tiêu chí"`
	case FieldScore:
		return `"score" or "điểm"`
	}
	return string(f)
}
