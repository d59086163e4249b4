package ingest

import (
	"context"
	"fmt"

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
// stored as 99.06), and U+2212 counts as a minus.
const sessionMacros = `
CREATE OR REPLACE TEMP MACRO ct_text(x) AS
    CASE WHEN trim(x) IN ('', '-', '–', '—') THEN NULL ELSE trim(x) END;
CREATE OR REPLACE TEMP MACRO ct_clean(x) AS
    regexp_replace(replace(x, '−', '-'), '[\s\x{00a0}\x{202f}]|%$', '', 'g');
CREATE OR REPLACE TEMP MACRO ct_num_vi(x) AS
    CASE WHEN regexp_full_match(ct_clean(x), '[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?')
         THEN CAST(replace(replace(ct_clean(x), '.', ''), ',', '.') AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO ct_num_en(x) AS
    CASE WHEN regexp_full_match(ct_clean(x), '[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?')
         THEN CAST(replace(ct_clean(x), ',', '') AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO ct_fold(x) AS
    lower(trim(regexp_replace(nfc_normalize(x), '\s+', ' ', 'g')));
`

func prepareSession(ctx context.Context, c *data.Conn) error {
	if _, err := c.ExecContext(ctx, sessionMacros); err != nil {
		return fmt.Errorf("ingest: session macros: %w", err)
	}
	return nil
}

// dropTemps drops the temporary tables a load made, so the pooled connection
// goes back clean and its memory is freed.
func dropTemps(ctx context.Context, c *data.Conn) {
	rows, err := c.QueryContext(ctx, `SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'`)
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
		c.ExecContext(ctx, "DROP TABLE IF EXISTS temp."+data.QuoteIdent(n))
	}
}
