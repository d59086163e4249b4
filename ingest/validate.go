package ingest

import (
	"context"
	"fmt"
	"strings"

	"chitieu/data"
)

// maxListed caps the problems a report lists; the rest are counted.
const maxListed = 1000

var localeExample = map[string]string{"vi": "1.234.567,8", "en": "1,234,567.8"}

func otherLocale(l string) string {
	if l == "vi" {
		return "en"
	}
	return "vi"
}

// validateObservations lists what is wrong with a staged file, in SQL over
// the whole file at once: bad years, unknown units and indicators, numbers
// that do not parse, and the same observation given twice differently.
func validateObservations(ctx context.Context, c *data.Conn, st *staged, file string) ([]Problem, int64, error) {
	t := data.QuoteIdent(st.Table)
	loc, other := st.Shape.Locale, otherLocale(st.Shape.Locale)
	parts := []string{
		fmt.Sprintf(`SELECT src_row, branch, 'year' AS field,
			CASE WHEN year_raw IS NULL THEN 'the year is empty'
			     WHEN year IS NULL THEN format('"{}" is not a year', year_raw)
			     ELSE format('year {} is outside 1900–2100', year) END AS message
		FROM %s WHERE year IS NULL OR year NOT BETWEEN 1900 AND 2100`, t),
		fmt.Sprintf(`SELECT src_row, branch, 'unit', CASE WHEN unit_raw IS NULL THEN 'the unit is empty'
			ELSE format('unknown unit "{}"', unit_raw) END FROM %s WHERE unit_code IS NULL`, t),
		fmt.Sprintf(`SELECT src_row, branch, 'indicator', CASE WHEN indicator_raw IS NULL THEN 'the indicator is empty'
			ELSE format('unknown indicator "{}"', indicator_raw) END FROM %s WHERE indicator_code IS NULL`, t),
		fmt.Sprintf(`SELECT src_row, branch, 'derived', format('derived must list actual, plan or target, comma-separated, not "{}"', derived_raw)
		FROM %s WHERE derived_raw IS NOT NULL
		  AND NOT regexp_full_match(lower(replace(derived_raw, ' ', '')), '(actual|plan|target)(,(actual|plan|target))*')`, t),
		fmt.Sprintf(`SELECT src_row, branch, 'denominator', format('the total must be above zero, not {}', denominator_raw)
		FROM %s WHERE denominator IS NOT NULL AND denominator <= 0`, t),
		fmt.Sprintf(`SELECT src_row, branch, CASE WHEN numerator IS NULL THEN 'numerator' ELSE 'denominator' END,
			'a count over a total needs both the count and the total'
		FROM %s WHERE actual_raw IS NULL AND (numerator_raw IS NULL) <> (denominator_raw IS NULL)`, t),
	}
	for _, f := range valueFields {
		parts = append(parts, fmt.Sprintf(`SELECT src_row, branch, '%[1]s',
			CASE WHEN %[1]s IS NOT NULL THEN format('"{}" is not a finite number', %[1]s_raw)
			     WHEN ct_num_%[3]s(%[1]s_raw) IS NOT NULL
			     THEN format('"{}" is not a number written the %[4]s way (%[5]s); it reads as one written the %[6]s way (%[7]s): load the file with --locale %[3]s if that is how it is written', %[1]s_raw)
			     ELSE format('"{}" is not a number written the %[4]s way (%[5]s)', %[1]s_raw) END
		FROM %[2]s WHERE %[1]s_raw IS NOT NULL AND (%[1]s IS NULL OR NOT isfinite(%[1]s))`,
			f, t, other, localeName(loc), localeExample[loc], localeName(other), localeExample[other]))
	}
	q := "CREATE TEMP TABLE " + data.QuoteIdent(st.Table+"_problems") + " AS " + strings.Join(parts, "\nUNION ALL\n")
	if _, err := c.ExecContext(ctx, q); err != nil {
		return nil, 0, fmt.Errorf("validate: %w", err)
	}
	if err := addDuplicates(ctx, c, st); err != nil {
		return nil, 0, err
	}
	probs, more, err := readProblems(ctx, c, st, file)
	if err != nil {
		return nil, 0, err
	}
	if err := suggestNames(ctx, c, probs); err != nil {
		return nil, 0, err
	}
	return probs, more, nil
}

func localeName(l string) string {
	if l == "vi" {
		return "Vietnamese"
	}
	return "English"
}

// addDuplicates adds a problem for every observation the file gives twice
// with different values. Most files have none, which one count proves.
func addDuplicates(ctx context.Context, c *data.Conn, st *staged) error {
	t := data.QuoteIdent(st.Table)
	var total, distinct int64
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*), count(DISTINCT (year, unit_code, indicator_code))
		FROM %s WHERE year IS NOT NULL AND unit_code IS NOT NULL AND indicator_code IS NOT NULL`, t)).Scan(&total, &distinct)
	if err != nil {
		return fmt.Errorf("duplicates: %w", err)
	}
	if total == distinct {
		return nil
	}
	_, err = c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s
		SELECT min(src_row), min(branch), 'indicator',
		       format('{} {} {} is given {} times with different values (rows {})', year, unit_code, indicator_code,
		              count(*), array_to_string(list(src_row ORDER BY src_row), ', '))
		FROM %s WHERE year IS NOT NULL AND unit_code IS NOT NULL AND indicator_code IS NOT NULL
		GROUP BY year, unit_code, indicator_code
		HAVING count(*) > 1 AND (count(DISTINCT actual) > 1 OR count(DISTINCT plan) > 1 OR count(DISTINCT target) > 1
		       OR count(DISTINCT numerator) > 1 OR count(DISTINCT denominator) > 1)`,
		data.QuoteIdent(st.Table+"_problems"), t))
	if err != nil {
		return fmt.Errorf("duplicates: %w", err)
	}
	return nil
}

func readProblems(ctx context.Context, c *data.Conn, st *staged, file string) ([]Problem, int64, error) {
	pt := data.QuoteIdent(st.Table + "_problems")
	var n int64
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM "+pt).Scan(&n); err != nil {
		return nil, 0, err
	}
	if n == 0 {
		return nil, 0, nil
	}
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT src_row, branch, field, message FROM %s
		ORDER BY src_row, branch, field LIMIT %d`, pt, maxListed))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var probs []Problem
	for rows.Next() {
		var row, br int
		var field, msg string
		if err := rows.Scan(&row, &br, &field, &msg); err != nil {
			return nil, 0, err
		}
		p := Problem{File: file, Sheet: st.Raw.Sheet, Row: row, Message: msg}
		if br < len(st.Branches) {
			p.Column = st.Branches[br].Labels[Field(field)]
		}
		probs = append(probs, p)
	}
	return probs, n - int64(len(probs)), rows.Err()
}

// suggestNames adds the closest known codes and names to problems about an
// unknown unit or indicator.
func suggestNames(ctx context.Context, c *data.Conn, probs []Problem) error {
	cache := map[string]string{}
	for i, p := range probs {
		var catalog, name string
		if n, ok := strings.CutPrefix(p.Message, "unknown unit "); ok {
			catalog, name = "units", n
		} else if n, ok := strings.CutPrefix(p.Message, "unknown indicator "); ok {
			catalog, name = "indicators", n
		} else {
			continue
		}
		key := catalog + name
		hint, ok := cache[key]
		if !ok {
			var err error
			if hint, err = closest(ctx, c, catalog, strings.Trim(name, `"`)); err != nil {
				return err
			}
			cache[key] = hint
		}
		if hint != "" {
			probs[i].Message += "; closest known: " + hint
		}
	}
	return nil
}

func closest(ctx context.Context, c *data.Conn, catalog, name string) (string, error) {
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT code, name_vi FROM (
		SELECT code, name_vi, greatest(
			jaro_winkler_similarity(ct_fold(?), ct_fold(code)),
			jaro_winkler_similarity(ct_fold(?), ct_fold(name_vi)),
			coalesce(jaro_winkler_similarity(ct_fold(?), ct_fold(name_en)), 0)) AS sim
		FROM %s) WHERE sim >= 0.6 ORDER BY sim DESC, code LIMIT 3`, catalog), name, name, name)
	if err != nil {
		return "", fmt.Errorf("closest %s: %w", catalog, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code, nm string
		if err := rows.Scan(&code, &nm); err != nil {
			return "", err
		}
		out = append(out, fmt.Sprintf("%s (%s)", code, nm))
	}
	return strings.Join(out, ", "), rows.Err()
}
