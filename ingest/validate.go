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
// the problem named by field and described by message (SQL of the row
// giving a message as sqlMsg builds it).
type check struct {
	cond, field, message string
}

// observationChecks are the rules every staged row must pass; units, when
// given, are the only units the loading user may load.
func observationChecks(loc string, units []string) []check {
	other := otherLocale(loc)
	cs := []check{
		{"year IS NULL OR year NOT BETWEEN 1900 AND 2100", "'year'",
			`CASE WHEN year_raw IS NULL THEN ` + sqlMsg("ingest.year_empty") + `
			      WHEN year IS NULL THEN ` + sqlMsg("ingest.year_bad", "value", "year_raw") + `
			      ELSE ` + sqlMsg("ingest.year_range", "value", "year") + ` END`},
		{"unit_code IS NULL", "'unit'",
			`CASE WHEN unit_raw IS NULL THEN ` + sqlMsg("ingest.unit_empty") + `
			      WHEN unit_candidates IS NOT NULL THEN ` + sqlMsg("ingest.unit_ambiguous", "value", "unit_raw", "candidates", "unit_candidates") + `
			      ELSE ` + sqlMsg("ingest.unit_unknown", "value", "unit_raw") + ` END`},
		{"indicator_code IS NULL", "'indicator'",
			`CASE WHEN indicator_raw IS NULL THEN ` + sqlMsg("ingest.indicator_empty") + `
			      WHEN indicator_candidates IS NOT NULL THEN ` + sqlMsg("ingest.indicator_ambiguous", "value", "indicator_raw", "candidates", "indicator_candidates") + `
			      ELSE ` + sqlMsg("ingest.indicator_unknown", "value", "indicator_raw") + ` END`},
		{`derived_raw IS NOT NULL AND NOT regexp_full_match(lower(replace(derived_raw, ' ', '')), '(actual|plan|target)(,(actual|plan|target))*')`,
			"'derived'", sqlMsg("ingest.derived_bad", "value", "derived_raw")},
		{"release_raw IS NOT NULL AND lower(release_raw) NOT IN ('official', 'preliminary', 'estimate')", "'release'",
			sqlMsg("ingest.release_bad", "value", "release_raw")},
		{"denominator IS NOT NULL AND denominator <= 0", "'denominator'",
			sqlMsg("ingest.denominator_bad", "value", "denominator_raw")},
		{"actual_raw IS NULL AND (numerator_raw IS NULL) <> (denominator_raw IS NULL)",
			"CASE WHEN numerator IS NULL THEN 'numerator' ELSE 'denominator' END",
			sqlMsg("ingest.count_needs_total")},
	}
	if len(units) > 0 {
		cs = append(cs, check{"unit_code IS NOT NULL AND unit_code NOT IN (" + sqlList(units) + ")", "'unit'",
			sqlMsg("ingest.unit_not_yours", "allowed", data.QuoteString(strings.Join(units, ", ")), "value", "unit_code")})
	}
	for _, f := range valueFields {
		raw := string(f) + "_raw"
		cs = append(cs, check{
			fmt.Sprintf("%[1]s_raw IS NOT NULL AND (%[1]s IS NULL OR NOT isfinite(%[1]s))", f), "'" + string(f) + "'",
			fmt.Sprintf(`CASE WHEN %[1]s IS NOT NULL THEN %[3]s
			     WHEN ct_num_%[2]s(%[1]s_raw) IS NOT NULL THEN %[4]s
			     ELSE %[5]s END`, f, other,
				sqlMsg("ingest.not_finite", "value", raw),
				sqlMsg("ingest.not_number_other."+loc, "value", raw, "example", data.QuoteString(localeExample[loc]),
					"other_example", data.QuoteString(localeExample[other]), "other", data.QuoteString(other)),
				sqlMsg("ingest.not_number."+loc, "value", raw, "example", data.QuoteString(localeExample[loc])))})
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
	if err := summarise(ctx, c, st); err != nil {
		return nil, 0, err
	}
	dups := st.Duplicates
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

// summarise makes the stage's series table, one row per (unit_code,
// indicator_code) of its valid rows: how many rows and distinct years, the
// first and last year with an actual (and the first's actual), the least and most actual, the
// greatest and least of actual, plan and target. One
// aggregate tells the duplicates, and later which series a load may leave
// with a gap and which may jump a thousandfold. A series' years in the
// valid range are counted as the bits of a bitstring, far cheaper than a
// distinct count (which is left for the years that will be refused); grouping
// by series is far cheaper than counting distinct triples.
func summarise(ctx context.Context, c *data.Conn, st *staged) error {
	st.Series = st.Table + "_series"
	_, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS
		SELECT unit_code, indicator_code, count(*) AS n,
		       coalesce(bit_count(bitstring_agg(year, 1900, 2100) FILTER (WHERE year BETWEEN 1900 AND 2100)), 0)
		         + count(DISTINCT year) FILTER (WHERE year NOT BETWEEN 1900 AND 2100) AS years,
		       count(actual) AS n_actual,
		       min(year) FILTER (WHERE actual IS NOT NULL) AS first_actual, arg_min(actual, year) FILTER (WHERE actual IS NOT NULL) AS first_value, max(year) FILTER (WHERE actual IS NOT NULL) AS last_actual,
		       min(abs(actual)) FILTER (WHERE actual <> 0) AS least_actual, max(abs(actual)) AS most_actual,
		       max(greatest(actual, plan, target)) AS most_value, min(least(actual, plan, target)) AS least_value
		FROM %s WHERE NOT empty AND year IS NOT NULL AND unit_code IS NOT NULL AND indicator_code IS NOT NULL
		GROUP BY unit_code, indicator_code`, data.QuoteIdent(st.Series), data.QuoteIdent(st.Table)))
	if err != nil {
		return fmt.Errorf("series: %w", err)
	}
	return c.QueryRowContext(ctx, "SELECT count(*) > 0 FROM "+data.QuoteIdent(st.Series)+" WHERE n <> years").Scan(&st.Duplicates)
}

// addDuplicates adds a problem for every observation the file gives twice
// with different values; twice with the same values is no problem.
func addDuplicates(ctx context.Context, c *data.Conn, st *staged) error {
	t := data.QuoteIdent(st.Table)
	_, err := c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s
		SELECT min(src_row), min(branch), 'indicator',
		       `+sqlMsg("ingest.duplicate", "key", "concat_ws(' ', year, unit_code, indicator_code)", "count", "count(*)",
		"rows", "array_to_string(list(src_row ORDER BY src_row), ', ')")+`
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
		p := Problem{File: file, Sheet: st.Raw.Sheet, Row: row}
		parseMsg(&p, msg)
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
		var catalog string
		switch p.Code {
		case "ingest.unit_unknown":
			catalog = "units"
		case "ingest.indicator_unknown":
			catalog = "indicators"
		default:
			continue
		}
		name := p.Args["value"]
		key := catalog + "\x00" + name
		hint, ok := cache[key]
		if !ok {
			var err error
			if hint, err = closest(ctx, c, catalog, name); err != nil {
				return err
			}
			cache[key] = hint
		}
		if hint != "" {
			probs[i].Code += "_hint"
			probs[i].Args["hint"] = hint
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
