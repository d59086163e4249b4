package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chitieu/data"
)

// catalogField is a column of a catalog table and how a file's cell becomes it.
type catalogField struct {
	Field    Field
	Required bool   // for a new entry
	Norm     string // SQL turning the text x into the stored value, NULL when invalid
	Allowed  string // said when Norm gives NULL
}

func catalogFields(content string) []catalogField {
	text := catalogField{Norm: "{x}"}
	f := func(fl Field, base catalogField) catalogField { base.Field = fl; return base }
	code := catalogField{Field: FieldCode, Required: true,
		Norm: `CASE WHEN regexp_full_match({x}, '[A-Za-z0-9_.\-]+') THEN upper({x}) END`, Allowed: "letters A–Z, digits, _ . -"}
	sortOrder := catalogField{Field: FieldSortOrder, Norm: "TRY_CAST({x} AS INTEGER)::VARCHAR", Allowed: "a whole number"}
	switch content {
	case ContentUnits:
		return []catalogField{code, f(FieldNameVI, catalogField{Norm: "{x}", Required: true}),
			f(FieldNameEN, text), f(FieldBlock, text), sortOrder}
	default:
		return []catalogField{code, f(FieldNameVI, catalogField{Norm: "{x}", Required: true}),
			f(FieldNameEN, text), f(FieldMeasure, text), f(FieldMeasureEN, text),
			{Field: FieldDirection, Required: true, Allowed: "higher or lower (cao, thấp)",
				Norm: `CASE WHEN ct_fold({x}) IN ('higher', 'cao', 'tăng', 'higher is better') THEN 'higher'
				            WHEN ct_fold({x}) IN ('lower', 'thấp', 'giảm', 'lower is better') THEN 'lower' END`},
			{Field: FieldKind, Required: true, Allowed: "count, amount, rate or index (số lượng, giá trị, tỷ lệ, chỉ số)",
				Norm: `CASE WHEN ct_fold({x}) IN ('count', 'số lượng') THEN 'count'
				            WHEN ct_fold({x}) IN ('amount', 'giá trị') THEN 'amount'
				            WHEN ct_fold({x}) IN ('rate', 'tỷ lệ', 'tỉ lệ') THEN 'rate'
				            WHEN ct_fold({x}) IN ('index', 'chỉ số') THEN 'index' END`},
			f(FieldCategory, text), sortOrder}
	}
}

// stageCatalog stages a units or indicators file, validates it and diffs it
// with the table, filling fr's counts. It returns the diff table, or problems.
func stageCatalog(ctx context.Context, c *data.Conn, raw rawTable, sh shape, file string, fr *FileReport) (string, []Problem, int64, error) {
	table := raw.Name + "_cat"
	fields := catalogFields(sh.Content)
	var inner, outer, nonEmpty []string
	for _, cf := range fields {
		rawCol := string(cf.Field) + "_raw"
		if col, ok := sh.Cols[cf.Field]; ok {
			inner = append(inner, textExpr(col)+" AS "+rawCol)
			nonEmpty = append(nonEmpty, rawCol)
		} else {
			inner = append(inner, "NULL::VARCHAR AS "+rawCol)
		}
		outer = append(outer, strings.ReplaceAll(cf.Norm, "{x}", rawCol)+" AS "+string(cf.Field))
	}
	q := fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT *, %s FROM (SELECT %s AS src_row, %s FROM %s) WHERE coalesce(%s) IS NOT NULL",
		data.QuoteIdent(table), strings.Join(outer, ", "), raw.RowExpr, strings.Join(inner, ", "),
		data.QuoteIdent(raw.Name), strings.Join(nonEmpty, ", "))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return "", nil, 0, fmt.Errorf("stage catalog: %w", err)
	}

	t := data.QuoteIdent(table)
	var parts []string
	for _, cf := range fields {
		if cf.Allowed != "" {
			parts = append(parts, fmt.Sprintf(`SELECT src_row, '%[1]s' AS field, format('"{}" is not allowed here: use %[3]s', %[1]s_raw) AS message
				FROM %[2]s WHERE %[1]s_raw IS NOT NULL AND %[1]s IS NULL`, cf.Field, t, strings.ReplaceAll(cf.Allowed, "'", "''")))
		}
		if cf.Required {
			parts = append(parts, fmt.Sprintf(`SELECT src_row, '%[1]s', '%[1]s is empty and %[3]s is new: it needs one'
				FROM %[2]s s WHERE s.%[1]s_raw IS NULL AND NOT EXISTS (SELECT 1 FROM %[4]s e WHERE e.code = s.code)`,
				cf.Field, t, "the entry", sh.Content))
		}
	}
	distinctAny := make([]string, 0, len(fields))
	for _, cf := range fields[1:] {
		distinctAny = append(distinctAny, fmt.Sprintf("count(DISTINCT %s) > 1", cf.Field))
	}
	parts = append(parts, fmt.Sprintf(`SELECT min(src_row), 'code', format('code {} is given {} times with different values (rows {})',
			code, count(*), array_to_string(list(src_row ORDER BY src_row), ', '))
		FROM %s WHERE code IS NOT NULL GROUP BY code HAVING count(*) > 1 AND (%s)`, t, strings.Join(distinctAny, " OR ")))
	pt := table + "_problems"
	if _, err := c.ExecContext(ctx, "CREATE TEMP TABLE "+data.QuoteIdent(pt)+" AS "+strings.Join(parts, "\nUNION ALL\n")); err != nil {
		return "", nil, 0, fmt.Errorf("validate catalog: %w", err)
	}
	probs, more, err := readCatalogProblems(ctx, c, pt, sh, raw, file)
	if err != nil || len(probs) > 0 {
		return "", probs, more, err
	}

	// Diff: an empty cell leaves the stored value alone.
	diff := table + "_diff"
	var merged, changed []string
	for _, cf := range fields[1:] {
		merged = append(merged, fmt.Sprintf("coalesce(s.%[1]s, e.%[1]s::VARCHAR) AS %[1]s", cf.Field))
		changed = append(changed, fmt.Sprintf("coalesce(s.%[1]s, e.%[1]s::VARCHAR) IS DISTINCT FROM e.%[1]s::VARCHAR", cf.Field))
	}
	q = fmt.Sprintf(`CREATE TEMP TABLE %s AS
		SELECT s.code, %s, CASE WHEN e.code IS NULL THEN 'insert' WHEN %s THEN 'update' ELSE 'unchanged' END AS action
		FROM (SELECT DISTINCT ON (code) * FROM %s) s LEFT JOIN %s e ON e.code = s.code`,
		data.QuoteIdent(diff), strings.Join(merged, ", "), strings.Join(changed, " OR "), t, sh.Content)
	if _, err := c.ExecContext(ctx, q); err != nil {
		return "", nil, 0, fmt.Errorf("diff catalog: %w", err)
	}
	err = c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FILTER (WHERE action = 'insert'),
		count(*) FILTER (WHERE action = 'update'), count(*) FILTER (WHERE action = 'unchanged') FROM %s`,
		data.QuoteIdent(diff))).Scan(&fr.Inserted, &fr.Updated, &fr.Unchanged)
	if err != nil {
		return "", nil, 0, fmt.Errorf("diff catalog: %w", err)
	}
	return diff, nil, 0, nil
}

func readCatalogProblems(ctx context.Context, c *data.Conn, pt string, sh shape, raw rawTable, file string) ([]Problem, int64, error) {
	var n int64
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM "+data.QuoteIdent(pt)).Scan(&n); err != nil {
		return nil, 0, err
	}
	if n == 0 {
		return nil, 0, nil
	}
	rows, err := c.QueryContext(ctx, fmt.Sprintf("SELECT src_row, field, message FROM %s ORDER BY src_row, field LIMIT %d",
		data.QuoteIdent(pt), maxListed))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var probs []Problem
	for rows.Next() {
		var p Problem
		var field string
		if err := rows.Scan(&p.Row, &field, &p.Message); err != nil {
			return nil, 0, err
		}
		p.File, p.Sheet = file, raw.Sheet
		if col, ok := sh.Cols[Field(field)]; ok {
			p.Column = col.Label
		} else {
			p.Column = field
		}
		probs = append(probs, p)
	}
	return probs, n - int64(len(probs)), rows.Err()
}

// applyCatalog writes a catalog diff: updates, then inserts.
func applyCatalog(ctx context.Context, c *data.Conn, content, diff string, loadID int64, _ time.Time) error {
	fields := catalogFields(content)
	var set, cols, vals []string
	for _, cf := range fields[1:] {
		cast := "d." + string(cf.Field)
		if cf.Field == FieldSortOrder {
			cast = "CAST(d.sort_order AS INTEGER)"
		}
		set = append(set, fmt.Sprintf("%s = %s", cf.Field, cast))
		cols = append(cols, string(cf.Field))
		vals = append(vals, cast)
	}
	d := data.QuoteIdent(diff)
	stmts := []string{
		fmt.Sprintf("UPDATE %s e SET %s, load_id = $1 FROM %s d WHERE d.action = 'update' AND e.code = d.code",
			content, strings.Join(set, ", "), d),
		fmt.Sprintf("INSERT INTO %s (code, %s, load_id) SELECT d.code, %s, $1 FROM %s d WHERE d.action = 'insert' ORDER BY d.code",
			content, strings.Join(cols, ", "), strings.Join(vals, ", "), d),
	}
	for _, q := range stmts {
		if _, err := c.ExecContext(ctx, q, loadID); err != nil {
			return fmt.Errorf("merge %s: %w", content, err)
		}
	}
	return nil
}
