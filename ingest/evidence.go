package ingest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"chitieu/data"
)

// Numbers are read by the evidence of their values, never by a guess from
// the headers' language. Every text value of a file's number columns is
// classed in one SQL pass (ct_numform): 0.649, 1387.000 or 15.50 prove the
// English way, 1.234.567 or 12,5 the Vietnamese way; 38.527 or 12.900 could
// be either. Typed cells (XLSX numbers, Parquet, Arrow, JSON numbers) are
// never classed: they are numbers already.

// numberColumns are the columns of a file whose text is read as numbers.
func numberColumns(sh shape) []rawColumn {
	var cols []rawColumn
	if sh.Content == ContentObservations {
		for _, f := range valueFields {
			if c, ok := sh.Cols[f]; ok {
				cols = append(cols, c)
			}
		}
		for _, w := range sh.Wide {
			cols = append(cols, w.Col)
		}
	} else {
		for _, tf := range tableSpecFor(sh.Content).Fields {
			if c, ok := sh.Cols[tf.Field]; ok && tf.Number {
				cols = append(cols, c)
			}
		}
	}
	out := cols[:0]
	for _, c := range cols {
		if !c.numeric() {
			out = append(out, c)
		}
	}
	return out
}

// formExample is the first value of one form in a file: its text and place.
type formExample struct {
	n      int64
	row    int64
	column string
	value  string
	// examples are up to three values of the form, of shapes of their own,
	// joined by chr(31).
	examples string
}

// decideLocale settles how the file's text numbers are written: by --locale
// when given; else by the values, when they prove one way; else, when every
// value is ambiguous or plain, by the headers, with an ambiguous_locale
// warning naming the values and how to say otherwise. A file whose values
// prove both ways is refused with an example of each.
func decideLocale(ctx context.Context, c *data.Conn, w *fileWork, opts Options) (probs, warns []Problem, err error) {
	sh := &w.shape
	if opts.Locale != "" {
		w.report.LocaleBy = "option"
		return nil, nil, nil
	}
	cols := numberColumns(*sh)
	if len(cols) == 0 {
		w.report.LocaleBy = "headers"
		return nil, nil, nil
	}
	// A long file whose first rows prove one way is read that way: a value
	// further down that proves the other way cannot be read this way
	// either (the patterns of ct_num_vi and ct_num_en see to it), so the
	// file is refused, and its refusal then comes from all of its values.
	if !w.localeHead && w.raw.Rows > localeHeadRows {
		w.localeHead = true
		head := fmt.Sprintf("(SELECT * FROM %s WHERE rowid < %d)", data.QuoteIdent(w.raw.Name), localeHeadRows)
		shapes, err := numberForms(ctx, c, w.raw.Name, cols, head)
		if err != nil {
			return nil, nil, err
		}
		if en, vi := len(shapes["en"]) > 0, len(shapes["vi"]) > 0; en != vi {
			locale, by, _ := localeByEvidence(en, vi, false, sh.Locale)
			w.headersLocale = sh.Locale
			w.report.LocaleBy, sh.Locale = by, locale
			return nil, nil, nil
		}
	}
	w.localeHead = false
	var parts []string
	for _, col := range cols {
		parts = append(parts, fmt.Sprintf("SELECT %s AS r, %s AS col, %s AS t FROM %s",
			w.raw.RowExpr, data.QuoteString(col.Label), cellText(col), data.QuoteIdent(w.raw.Name)))
	}
	vals := strings.Join(parts, " UNION ALL ")
	shapes, err := numberForms(ctx, c, w.raw.Name, cols, data.QuoteIdent(w.raw.Name))
	if err != nil {
		return nil, nil, err
	}
	forms := map[string]formExample{}
	example := func(form string) error {
		var in []string
		for _, x := range shapes[form] {
			if str, ok := x.(string); ok {
				in = append(in, data.QuoteString(str))
			}
		}
		if len(in) == 0 {
			return nil
		}
		e := formExample{n: 1}
		rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT r, col, t FROM (%s) WHERE t IS NOT NULL AND %s IN (%s) ORDER BY r LIMIT 3`,
			vals, numberShape("t"), strings.Join(in, ", ")))
		if err != nil {
			return fmt.Errorf("ingest: number forms: %w", err)
		}
		defer rows.Close()
		var seen []string
		for rows.Next() {
			var r int64
			var col, t string
			if err := rows.Scan(&r, &col, &t); err != nil {
				return err
			}
			if len(seen) == 0 {
				e.row, e.column, e.value = r, col, t
			}
			seen = append(seen, t)
		}
		e.examples = strings.Join(seen, "\x1f")
		forms[form] = e
		return rows.Err()
	}
	en0, vi0, amb0 := len(shapes["en"]) > 0, len(shapes["vi"]) > 0, len(shapes["ambiguous"]) > 0
	if _, _, v := localeByEvidence(en0, vi0, amb0, sh.Locale); v != evidenceSure {
		for _, f := range []string{"en", "vi", "ambiguous"} {
			if err := example(f); err != nil {
				return nil, nil, err
			}
		}
	}
	en, vi, amb := forms["en"], forms["vi"], forms["ambiguous"]
	locale, by, v := localeByEvidence(en0, vi0, amb0, sh.Locale)
	w.report.LocaleBy = by
	switch v {
	case evidenceConflict:
		p := coded("ingest.locale_conflict",
			"en_value", en.value, "en_row", strconv.FormatInt(en.row, 10), "en_column", en.column,
			"vi_value", vi.value, "vi_row", strconv.FormatInt(vi.row, 10), "vi_column", vi.column)
		p.Row = int(min(en.row, vi.row))
		return []Problem{p}, nil, nil
	case evidenceAmbiguous:
		var examples []string
		for _, x := range strings.Split(amb.examples, "\x1f") {
			if !slices.Contains(examples, strconv.Quote(x)) {
				examples = append(examples, strconv.Quote(x))
			}
		}
		p := coded("ambiguous_locale", "values", strings.Join(examples, ", "),
			"reading", "", "other", otherLocale(sh.Locale), "locale", sh.Locale)
		p.Row, p.Column = int(amb.row), amb.column
		// How the first example reads, in the catalog's words.
		p.Args["reading"] = readingOf(sh.Locale, amb.value)
		warns = append(warns, p)
	}
	sh.Locale = locale
	return nil, warns, nil
}

// localeHeadRows are the rows of a file whose values may settle its locale.
const localeHeadRows = 10000

// cellText is SQL of a number column's text: an XLSX cell stored as a
// number is typed, so only its text cells count.
func cellText(col rawColumn) string {
	if col.NumName != "" {
		return fmt.Sprintf("CASE WHEN %s IS NULL THEN %s END", data.QuoteIdent(col.NumName), textExpr(col))
	}
	return textExpr(col)
}

// numberForms classes the text values of cols in from (SQL of a relation)
// by what they prove of how numbers are written: each form (en, vi,
// ambiguous) with the shapes of its values. Values are classed by their
// shape (numberShape): a file of a million figures has a few hundred
// shapes, and only those meet the patterns. The distinct cells are found
// first, in a table of their own: in one query DuckDB would class every
// cell before the deduplication.
func numberForms(ctx context.Context, c *data.Conn, raw string, cols []rawColumn, from string) (map[string][]any, error) {
	var distinct []string
	for _, col := range cols {
		inputs := data.QuoteIdent(col.Name)
		if col.NumName != "" {
			inputs += ", " + data.QuoteIdent(col.NumName)
		}
		distinct = append(distinct, fmt.Sprintf("SELECT %s AS t FROM (SELECT DISTINCT %s FROM %s)", cellText(col), inputs, from))
	}
	marked := raw + "_marked"
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT DISTINCT %s AS shape FROM (%s)`,
		data.QuoteIdent(marked), numberShape("t"), distinctMarked(strings.Join(distinct, " UNION ALL ")))); err != nil {
		return nil, fmt.Errorf("ingest: number forms: %w", err)
	}
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT form, list(shape) FROM (SELECT shape, ct_numform(shape) AS form FROM %s)
		WHERE form IS NOT NULL GROUP BY form`, data.QuoteIdent(marked)))
	if err != nil {
		return nil, fmt.Errorf("ingest: number forms: %w", err)
	}
	defer rows.Close()
	shapes := map[string][]any{}
	for rows.Next() {
		var form string
		var list []any
		if err := rows.Scan(&form, &list); err != nil {
			return nil, err
		}
		shapes[form] = list
	}
	return shapes, rows.Err()
}

// distinctMarked is SQL of the distinct texts t of vals with a decimal or
// grouping mark: only those can prove a way of writing numbers, and
// deduplicating the text first is far cheaper than shaping every value.
func distinctMarked(vals string) string {
	return "SELECT DISTINCT t FROM (" + vals + ") WHERE contains(t, '.') OR contains(t, ',')"
}

// numberShape is SQL of a value's shape: its digits 1–9 as 1, everything
// else as it is. A value and its shape class alike (ct_numform), since the
// patterns tell only 0 from the other digits.
func numberShape(x string) string { return "translate(" + x + ", '23456789', '11111111')" }

// What the evidence of a file's values says.
type evidenceVerdict int

const (
	evidenceSure      evidenceVerdict = iota // the values prove one way, or there is nothing to read
	evidenceAmbiguous                        // every value could be read either way: the headers decide, with a warning
	evidenceConflict                         // the values prove both ways: refused
)

// localeByEvidence is the one rule of how a file's text numbers are read,
// given which forms its values show (en, vi, ambiguous) and the headers'
// locale.
func localeByEvidence(en, vi, ambiguous bool, headers string) (locale, by string, v evidenceVerdict) {
	switch {
	case en && vi:
		return headers, "", evidenceConflict
	case en:
		return "en", "values", evidenceSure
	case vi:
		return "vi", "values", evidenceSure
	case ambiguous:
		return headers, "headers", evidenceAmbiguous
	}
	return headers, "headers", evidenceSure
}

// readingOf says how an ambiguous value reads in locale, e.g. 12.900 = 12900.
func readingOf(locale, value string) string {
	v := strings.ReplaceAll(value, " ", "")
	if locale == "vi" {
		v = strings.ReplaceAll(strings.ReplaceAll(v, ".", ""), ",", ".")
	} else {
		v = strings.ReplaceAll(v, ",", "")
	}
	if f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil {
		v = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprintf("%s (%q = %s)", locale, value, v)
}
