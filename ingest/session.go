package ingest

import (
	"context"
	"fmt"
	"strings"

	"chitieu/data"
)

// sessionMacros are the ingest's own SQL helpers, created as TEMP macros on
// the load's connection so analysts never see them.
//
// ct_text: a cell as trimmed text, NULL when empty or a lone dash (reports
// write "-" for "no figure").
// ct_num_vi / ct_num_en: a number written the Vietnamese way (1.234.567,8) or
// the English way (1,234,567.8), NULL when it is not one. White space
// (including no-break spaces) is ignored, a trailing % is dropped (99,06% is
// stored as 99.06), and U+2212 counts as a minus. A number with nothing
// to clean, the usual cell, takes a fast path with the same pattern and
// no cleaning (one with no grouping mark, the most usual, not even a
// replace); groups of three must be groups of three, the first not led by
// a 0: 0,123 proves the Vietnamese way and 0.123 the English, so neither
// reads the other way.
// ct_numform: what a number's text proves of how the file writes numbers:
// 'en' (0.649, 1387.000, 15.50, 1,234,567), 'vi' (1.234.567, 12,5), 'ambiguous'
// (38.527, 12.900: one group of three after one mark), NULL for plain digits
// or text that is no number.
// ct_year: a four-digit year (2018, or 2018.0 from a spreadsheet), else NULL.
const sessionMacros = `
CREATE OR REPLACE TEMP MACRO ct_text_trimmed(t) AS
    CASE WHEN t IN ('', '-', '–', '—') THEN NULL ELSE t END;
CREATE OR REPLACE TEMP MACRO ct_text(x) AS
    CASE WHEN starts_with(x, ' ') OR ends_with(x, ' ') THEN ct_text_trimmed(trim(x))
         ELSE ct_text_trimmed(x) END;
CREATE OR REPLACE TEMP MACRO ct_clean(x) AS
    rtrim(replace(replace(replace(replace(x, ' ', ''), chr(160), ''), chr(8239), ''), '−', '-'), '%');
CREATE OR REPLACE TEMP MACRO ct_num_vi_slow(c) AS
    CASE WHEN regexp_full_match(c, '[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?')
         THEN CAST(replace(replace(c, '.', ''), ',', '.') AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO ct_num_en_slow(c) AS
    CASE WHEN regexp_full_match(c, '[+-]?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?')
         THEN CAST(replace(c, ',', '') AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO ct_num_vi(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN regexp_full_match(x, '-?\d+') THEN CAST(x AS DOUBLE)
         WHEN regexp_full_match(x, '-?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?') THEN CAST(replace(replace(x, '.', ''), ',', '.') AS DOUBLE)
         ELSE ct_num_vi_slow(ct_clean(x)) END;
CREATE OR REPLACE TEMP MACRO ct_num_en(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN regexp_full_match(x, '-?\d+(\.\d+)?') THEN CAST(x AS DOUBLE)
         WHEN regexp_full_match(x, '-?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?') THEN CAST(replace(x, ',', '') AS DOUBLE)
         ELSE ct_num_en_slow(ct_clean(x)) END;
CREATE OR REPLACE TEMP MACRO ct_numform_c(c) AS
    CASE WHEN regexp_full_match(c, '[+-]?(\d+\.(\d{1,2}|\d{4,})|\d{4,}\.\d+|0\.\d+|\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,})') THEN 'en'
         WHEN regexp_full_match(c, '[+-]?(\d+,(\d{1,2}|\d{4,})|\d{4,},\d+|0,\d+|\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,})') THEN 'vi'
         WHEN regexp_full_match(c, '[+-]?[1-9]\d{0,2}[.,]\d{3}') THEN 'ambiguous' END;
CREATE OR REPLACE TEMP MACRO ct_numform(x) AS
    CASE WHEN x IS NULL OR regexp_full_match(x, '-?\d+') THEN NULL ELSE ct_numform_c(ct_clean(x)) END;
CREATE OR REPLACE TEMP MACRO ct_year(y) AS
    CASE WHEN regexp_full_match(y, '\d{4}') THEN CAST(y AS INTEGER)
         WHEN regexp_full_match(y, '\d{4}\.0+') THEN CAST(CAST(y AS DOUBLE) AS INTEGER) END;
CREATE OR REPLACE TEMP MACRO ct_fold(x) AS
    lower(trim(regexp_replace(nfc_normalize(x), '\s+', ' ', 'g')));
`

func prepareSession(ctx context.Context, c *data.Conn) error {
	if _, err := c.ExecContext(ctx, sessionMacros); err != nil {
		return fmt.Errorf("ingest: session macros: %w", err)
	}
	return nil
}

// dropTemps drops the temporary views and tables a load made, so the pooled
// connection goes back clean and its memory is freed.
func dropTemps(ctx context.Context, c *data.Conn) {
	for _, q := range []struct{ list, drop string }{
		{`SELECT view_name FROM duckdb_views() WHERE database_name = 'temp' AND NOT internal`, "DROP VIEW IF EXISTS temp."},
		{`SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'`, "DROP TABLE IF EXISTS temp."},
	} {
		rows, err := c.QueryContext(ctx, q.list)
		if err != nil {
			return
		}
		var names []string
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				names = append(names, n)
			}
		}
		rows.Close()
		for _, n := range names {
			c.ExecContext(ctx, q.drop+data.QuoteIdent(n))
		}
	}
}

// inTransaction runs fn inside a transaction on c and commits when fn says
// so; when fn fails, asks for none, or panics, it rolls back.
func inTransaction(ctx context.Context, c *data.Conn, fn func() (commit bool, err error)) error {
	if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("ingest: begin: %w", err)
	}
	done := false
	defer func() {
		if !done {
			c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	commit, err := fn()
	if err != nil || !commit {
		return err
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("ingest: commit: %w", err)
	}
	done = true
	return nil
}

// sqlList is vals as SQL string literals, comma-separated, for an IN list.
func sqlList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = data.QuoteString(v)
	}
	return strings.Join(q, ", ")
}
