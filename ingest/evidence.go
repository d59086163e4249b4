package ingest

import (
	"context"
	"database/sql"
	"fmt"
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
	var parts []string
	for _, col := range cols {
		text := textExpr(col)
		if col.NumName != "" {
			// An XLSX cell stored as a number is typed: only text cells count.
			text = fmt.Sprintf("CASE WHEN %s IS NULL THEN %s END", data.QuoteIdent(col.NumName), text)
		}
		parts = append(parts, fmt.Sprintf("SELECT %s AS r, %s AS col, %s AS t FROM %s",
			w.raw.RowExpr, data.QuoteString(col.Label), text, data.QuoteIdent(w.raw.Name)))
	}
	vals := fmt.Sprintf("SELECT r, col, t, ct_numform(t) AS form FROM (%s)", strings.Join(parts, " UNION ALL "))
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT form, count(*), min(r), arg_min(col, r), arg_min(t, r)
		FROM (%s) WHERE form IS NOT NULL GROUP BY form`, vals))
	if err != nil {
		return nil, nil, fmt.Errorf("ingest: number forms: %w", err)
	}
	forms := map[string]formExample{}
	for rows.Next() {
		var form string
		var e formExample
		if err := rows.Scan(&form, &e.n, &e.row, &e.column, &e.value); err != nil {
			rows.Close()
			return nil, nil, err
		}
		forms[form] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	en, vi, amb := forms["en"], forms["vi"], forms["ambiguous"]
	locale, by, v := localeByEvidence(en.n > 0, vi.n > 0, amb.n > 0, sh.Locale)
	w.report.LocaleBy = by
	switch v {
	case evidenceConflict:
		p := coded("ingest.locale_conflict",
			"en_value", en.value, "en_row", strconv.FormatInt(en.row, 10), "en_column", en.column,
			"vi_value", vi.value, "vi_row", strconv.FormatInt(vi.row, 10), "vi_column", vi.column)
		p.Row = int(min(en.row, vi.row))
		return []Problem{p}, nil, nil
	case evidenceAmbiguous:
		examples, err := ambiguousExamples(ctx, c, vals)
		if err != nil {
			return nil, nil, err
		}
		p := coded("ambiguous_locale", "values", strings.Join(examples, ", "), "count", strconv.FormatInt(amb.n, 10),
			"reading", "", "other", otherLocale(sh.Locale), "locale", sh.Locale)
		p.Row, p.Column = int(amb.row), amb.column
		// How the first example reads, in the catalog's words.
		p.Args["reading"] = readingOf(sh.Locale, amb.value)
		warns = append(warns, p)
	}
	sh.Locale = locale
	return nil, warns, nil
}

// What the evidence of a file's values says.
type evidenceVerdict int

const (
	evidenceSure      evidenceVerdict = iota // the values prove one way, or there is nothing to read
	evidenceAmbiguous                        // every value could be read either way: the headers decide, with a warning
	evidenceConflict                         // the values prove both ways: refused
)

// localeByEvidence is the one rule of how a file's text numbers are read,
// given which forms its values show (en, vi, ambiguous) and the headers'
// locale; the full path and the quick path both follow it.
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

// ambiguousExamples are up to three distinct ambiguous values, quoted.
func ambiguousExamples(ctx context.Context, c *data.Conn, vals string) ([]string, error) {
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT t FROM (SELECT t, min(r) AS r FROM (%s) WHERE form = 'ambiguous' GROUP BY t)
		ORDER BY r LIMIT 3`, vals))
	if err != nil {
		return nil, fmt.Errorf("ingest: number forms: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t sql.NullString
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, strconv.Quote(t.String))
	}
	return out, rows.Err()
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
