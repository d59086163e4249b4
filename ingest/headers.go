package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Field is what a column of an agency's file means.
type Field string

const (
	FieldNone        Field = ""
	FieldIgnore      Field = "ignore" // STT: a row number in the report
	FieldYear        Field = "year"
	FieldUnit        Field = "unit"
	FieldIndicator   Field = "indicator"
	FieldActual      Field = "actual"
	FieldPlan        Field = "plan"
	FieldTarget      Field = "target"
	FieldMeasure     Field = "measure"
	FieldNumerator   Field = "numerator"
	FieldDenominator Field = "denominator"
	FieldDerived     Field = "derived"
	FieldNote        Field = "note"
	FieldRelease     Field = "release" // official, preliminary or estimate
	FieldSource      Field = "source"  // the cell a figure came from
	// Catalog columns.
	FieldCode      Field = "code"
	FieldNameVI    Field = "name_vi"
	FieldNameEN    Field = "name_en"
	FieldBlock     Field = "block"
	FieldMeasureEN Field = "measure_en"
	FieldDirection Field = "direction"
	FieldKind      Field = "kind"
	FieldCategory  Field = "category"
	FieldSortOrder Field = "sort_order"
	FieldWeight    Field = "weight"
	// Plan periods and rankings.
	FieldPeriod    Field = "period"
	FieldCriterion Field = "criterion"
	FieldScore     Field = "score"
	FieldSetting   Field = "setting"
)

// aliases maps a folded header (see Fold) to its field. Vietnamese and
// English names, the report abbreviations, and the canonical names.
var aliases = map[string]Field{
	"stt": FieldIgnore, "tt": FieldIgnore, "no": FieldIgnore, "no.": FieldIgnore,

	"năm": FieldYear, "year": FieldYear,

	"đơnvị": FieldUnit, "unit": FieldUnit, "unit_code": FieldUnit, "mãđơnvị": FieldUnit,
	"agency": FieldUnit, "cơquan": FieldUnit,

	"chỉtiêu": FieldIndicator, "indicator": FieldIndicator, "indicator_code": FieldIndicator,
	"mãchỉtiêu": FieldIndicator, "tênchỉtiêu": FieldIndicator,

	"thựchiện": FieldActual, "th": FieldActual, "actual": FieldActual, "value": FieldActual,
	"kếhoạch": FieldPlan, "kh": FieldPlan, "plan": FieldPlan,
	"chỉtiêuđăngký": FieldTarget, "đk": FieldTarget, "đăngký": FieldTarget, "target": FieldTarget,

	"đvt": FieldMeasure, "đơnvịtính": FieldMeasure, "measure": FieldMeasure,
	"tửsố": FieldNumerator, "numerator": FieldNumerator,
	"mẫusố": FieldDenominator, "denominator": FieldDenominator,
	"derived": FieldDerived, "suyra": FieldDerived,
	"note": FieldNote, "ghichú": FieldNote,
	"release": FieldRelease, "source_cell": FieldSource,

	"code": FieldCode, "mã": FieldCode,
	"name_vi": FieldNameVI, "tên": FieldNameVI, "têntiếngviệt": FieldNameVI,
	"name_en": FieldNameEN, "têntiếnganh": FieldNameEN,
	"block": FieldBlock, "khối": FieldBlock, "khốithiđua": FieldBlock,
	"measure_en": FieldMeasureEN,
	"direction":  FieldDirection, "chiều": FieldDirection,
	"kind": FieldKind, "loại": FieldKind,
	"category": FieldCategory, "lĩnhvực": FieldCategory, "nhóm": FieldCategory,
	"sort_order": FieldSortOrder, "thứtự": FieldSortOrder,
	"weight": FieldWeight, "trọngsố": FieldWeight, "hệsố": FieldWeight,

	"period": FieldPeriod, "giaiđoạn": FieldPeriod, "kỳkếhoạch": FieldPeriod,
	"criterion": FieldCriterion, "tiêuchí": FieldCriterion, "nộidung": FieldCriterion, "nộidungthiđua": FieldCriterion,
	"score": FieldScore, "điểm": FieldScore, "sốđiểm": FieldScore,
	"setting": FieldSetting, "thiếtlập": FieldSetting,
}

// Fold normalises a header or a name for comparison: Unicode NFC (files from
// macOS arrive in NFD), lower case, and no white space at all.
func Fold(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\ufeff':
			continue
		case r == 'Đ':
			b.WriteRune('đ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// FoldName normalises a unit or indicator name: NFC, lower case, runs of white
// space made one space, trimmed. It must agree with foldNameSQL.
func FoldName(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// foldNameSQL is FoldName in DuckDB's SQL, applied to the expression x.
func foldNameSQL(x string) string {
	return "lower(trim(regexp_replace(nfc_normalize(" + x + "), '\\s+', ' ', 'g')))"
}

// FieldOf returns the field a header names, or FieldNone.
func FieldOf(header string) Field {
	return aliases[Fold(header)]
}

// looksVietnamese reports whether a header is written in Vietnamese: it has a
// letter outside ASCII or is one of the report abbreviations.
func looksVietnamese(header string) bool {
	f := Fold(header)
	switch f {
	case "th", "kh", "đk", "stt", "tt", "đvt", "năm", "mã", "tên":
		return true
	}
	for _, r := range f {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
