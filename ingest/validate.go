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

// check is one rule of the validation: rows where cond holds are refused,
// the problem named by field and described by message (SQL of the row).
type check struct {
	cond, field, message string
}

// observationChecks are the rules every staged row must pass; units, when
// given, are the only units the loading user may load.
func observationChecks(loc string, units []string) []check {
	other := otherLocale(loc)
	cs := []check{
		{"year IS NULL OR year NOT BETWEEN 1900 AND 2100", "'year'",
			`CASE WHEN year_raw IS NULL THEN 'the year is empty'
			      WHEN year IS NULL THEN format('"{}" is not a year', year_raw)
			      ELSE format('year {} is outside 1900–2100', year) END`},
		{"unit_code IS NULL", "'unit'",
			`CASE WHEN unit_raw IS NULL THEN 'the unit is empty' ELSE format('unknown unit "{}"', unit_raw) END`},
		{"indicator_code IS NULL", "'indicator'",
			`CASE WHEN indicator_raw IS NULL THEN 'the indicator is empty' ELSE format('unknown indicator "{}"', indicator_raw) END`},
		{`derived_raw IS NOT NULL AND NOT regexp_full_match(lower(replace(derived_raw, ' ', '')), '(actual|plan|target)(,(actual|plan|target))*')`,
			"'derived'", `format('derived must list actual, plan or target, comma-separated, not "{}"', derived_raw)`},
		{"release_raw IS NOT NULL AND lower(release_raw) NOT IN ('official', 'preliminary', 'estimate')", "'release'",
			`format('release must be official, preliminary or estimate, not "{}"', release_raw)`},
		{"denominator IS NOT NULL AND denominator <= 0", "'denominator'",
			`format('the total must be above zero, not {}', denominator_raw)`},
		{"actual_raw IS NULL AND (numerator_raw IS NULL) <> (denominator_raw IS NULL)",
			"CASE WHEN numerator IS NULL THEN 'numerator' ELSE 'denominator' END",
			"'a count over a total needs both the count and the total'"},
	}
	if len(units) > 0 {
		cs = append(cs, check{"unit_code IS NOT NULL AND unit_code NOT IN (" + sqlList(units) + ")", "'unit'",
			"format('you may load only the rows of {}, not of {}', " + data.QuoteString(strings.Join(units, ", ")) + ", unit_code)"})
	}
	for _, f := range valueFields {
		cs = append(cs, check{
			fmt.Sprintf("%[1]s_raw IS NOT NULL AND (%[1]s IS NULL OR NOT isfinite(%[1]s))", f), "'" + string(f) + "'",
			fmt.Sprintf(`CASE WHEN %[1]s IS NOT NULL THEN format('"{}" is not a finite number', %[1]s_raw)
			     WHEN ct_num_%[2]s(%[1]s_raw) IS NOT NULL
			     THEN format('"{}" is not a number written the %[3]s way (%[4]s); it reads as one written the %[5]s way (%[6]s): load the file with --locale %[2]s if that is how it is written', %[1]s_raw)
			     ELSE format('"{}" is not a number written the %[3]s way (%[4]s)', %[1]s_raw) END`,
				f, other, localeName(loc), localeExample[loc], localeName(other), localeExample[other])})
	}
	return cs
}

// validateObservations lists what is wrong with a staged file, in SQL over
// the whole file at once: bad years, unknown units and indicators, numbers
// that do not parse, and the same observation given twice differently. A
// clean file, the usual case, costs one scan and one aggregate.
func validateObservations(ctx context.Context, c *data.Conn, st *staged, file string) ([]Problem, int64, error) {
	checks := observationChecks(st.Shape.Locale, st.Units)
	parts := make([]string, len(checks))
	for i, ch := range checks {
		parts[i] = fmt.Sprintf("SELECT src_row, branch, %s AS field, %s AS message FROM %s WHERE NOT empty AND (%s)",
			ch.field, ch.message, data.QuoteIdent(st.View), ch.cond)
	}
	var bad int64
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM "+data.QuoteIdent(st.Table)+" WHERE bad").Scan(&bad); err != nil {
		return nil, 0, fmt.Errorf("validate: %w", err)
	}
	dups, err := hasDuplicates(ctx, c, st)
	if err != nil {
		return nil, 0, err
	}
	st.Duplicates = dups
	if bad == 0 && !dups {
		return nil, 0, nil
	}
	q := "CREATE TEMP TABLE " + data.QuoteIdent(st.Table+"_problems") + " AS " + strings.Join(parts, "\nUNION ALL\n")
	if _, err := c.ExecContext(ctx, q); err != nil {
		return nil, 0, fmt.Errorf("validate: %w", err)
	}
	if dups {
		if err := addDuplicates(ctx, c, st); err != nil {
			return nil, 0, err
		}
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

// hasDuplicates reports whether the file gives some observation more than
// once; grouping by series is far cheaper than counting distinct triples.
func hasDuplicates(ctx context.Context, c *data.Conn, st *staged) (bool, error) {
	var n int64
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT unit_code, indicator_code FROM %s
		WHERE NOT empty AND year IS NOT NULL AND unit_code IS NOT NULL AND indicator_code IS NOT NULL
		GROUP BY unit_code, indicator_code HAVING count(*) <> count(DISTINCT year))`, data.QuoteIdent(st.Table))).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("duplicates: %w", err)
	}
	return n > 0, nil
}

func localeName(l string) string {
	if l == "vi" {
		return "Vietnamese"
	}
	return "English"
}

// addDuplicates adds a problem for every observation the file gives twice
// with different values; twice with the same values is no problem.
func addDuplicates(ctx context.Context, c *data.Conn, st *staged) error {
	t := data.QuoteIdent(st.Table)
	_, err := c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s
		SELECT min(src_row), min(branch), 'indicator',
		       format('{} {} {} is given {} times with different values (rows {})', year, unit_code, indicator_code,
		              count(*), array_to_string(list(src_row ORDER BY src_row), ', '))
		FROM %s WHERE NOT empty AND year IS NOT NULL AND unit_code IS NOT NULL AND indicator_code IS NOT NULL
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
