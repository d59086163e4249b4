package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chitieu/data"
)

// Contents a file can hold besides observations: the catalog and the tables
// the rankings and plan periods read. Each is upserted on its key.
const (
	ContentPeriodTargets   = "period_targets"
	ContentCriterionScores = "criterion_scores"
	ContentSettings        = "settings"
)

// tableField is a column of a keyed table and how a file's cell becomes it.
type tableField struct {
	Field    Field
	Column   string // the table's column; the field's name when empty
	Required bool   // for a new row (a key field is always required)
	Always   bool   // required on every row
	Norm     string // SQL turning the text {x} into the stored value, NULL when invalid
	Number   bool   // {x} is a number written in the file's locale
	Ref      string // units or indicators: {x} names an entry of that catalog
	Allowed  string // said when Norm gives NULL
	Cast     string // SQL type to store as, when not VARCHAR
}

func (f tableField) column() string {
	if f.Column != "" {
		return f.Column
	}
	return string(f.Field)
}

// tableSpec is a table files can add rows to or update, on its key.
type tableSpec struct {
	Content  string
	Table    string
	Key      []Field
	Fields   []tableField // key fields first
	NoLoadID bool         // the table does not record the load that set a row
}

func tableSpecFor(content string) tableSpec {
	text := func(f Field) tableField { return tableField{Field: f, Norm: "{x}"} }
	// A code is any text of up to 64 characters without control characters,
	// trimmed and in NFC: 01, Hong Kong, China and SỞ-YT are codes.
	code := tableField{Field: FieldCode, Norm: `CASE WHEN length(nfc_normalize(trim({x}))) BETWEEN 1 AND 64
		AND NOT regexp_matches({x}, '[\x00-\x1f\x7f]') THEN nfc_normalize(trim({x})) END`,
		Allowed: "any text of up to 64 characters without control characters"}
	nameVI := tableField{Field: FieldNameVI, Norm: "{x}", Required: true}
	sortOrder := tableField{Field: FieldSortOrder, Norm: "TRY_CAST({x} AS INTEGER)::VARCHAR", Allowed: "a whole number", Cast: "INTEGER"}
	year := tableField{Field: FieldYear, Norm: `CASE WHEN regexp_full_match({x}, '\d{4}') AND CAST({x} AS INTEGER) BETWEEN 1900 AND 2100 THEN {x} END`,
		Allowed: "a year between 1900 and 2100", Cast: "INTEGER"}
	unit := tableField{Field: FieldUnit, Column: "unit_code", Norm: "{x}", Ref: "units"}
	indicator := tableField{Field: FieldIndicator, Column: "indicator_code", Norm: "{x}", Ref: "indicators"}
	switch content {
	case ContentUnits:
		return tableSpec{Content: content, Table: "units", Key: []Field{FieldCode},
			Fields: []tableField{code, nameVI, text(FieldNameEN), text(FieldBlock), sortOrder}}
	case ContentIndicators:
		return tableSpec{Content: content, Table: "indicators", Key: []Field{FieldCode},
			Fields: []tableField{code, nameVI, text(FieldNameEN), text(FieldMeasure), text(FieldMeasureEN),
				{Field: FieldDirection, Required: true, Allowed: "higher or lower (cao, thấp)",
					Norm: `CASE WHEN ct_fold({x}) IN ('higher', 'cao', 'tăng', 'higher is better') THEN 'higher'
					            WHEN ct_fold({x}) IN ('lower', 'thấp', 'giảm', 'lower is better') THEN 'lower' END`},
				{Field: FieldKind, Required: true, Allowed: "count, amount, rate or index (số lượng, giá trị, tỷ lệ, chỉ số)",
					Norm: `CASE WHEN ct_fold({x}) IN ('count', 'số lượng') THEN 'count'
					            WHEN ct_fold({x}) IN ('amount', 'giá trị') THEN 'amount'
					            WHEN ct_fold({x}) IN ('rate', 'tỷ lệ', 'tỉ lệ') THEN 'rate'
					            WHEN ct_fold({x}) IN ('index', 'chỉ số') THEN 'index' END`},
				text(FieldCategory), sortOrder,
				{Field: FieldWeight, Number: true, Norm: "CASE WHEN {x} >= 0 THEN {x}::VARCHAR END", Allowed: "a number of at least 0", Cast: "DOUBLE"}}}
	case ContentPeriodTargets:
		return tableSpec{Content: content, Table: "period_targets", Key: []Field{FieldPeriod, FieldUnit, FieldIndicator},
			Fields: []tableField{
				{Field: FieldPeriod, Norm: `(SELECT code FROM plan_periods WHERE code = replace(replace({x}, ' ', ''), '–', '-'))`,
					Allowed: "a plan period such as 2021-2025 (see the table plan_periods)"},
				unit, indicator,
				{Field: FieldTarget, Number: true, Always: true, Norm: "{x}::VARCHAR", Allowed: "a number", Cast: "DOUBLE"},
				text(FieldNote)}}
	case ContentSettings:
		// A file "setting,value" tunes the analytics: near_pct (the status
		// threshold, 95 by default) and ranking_attainment_cap (200).
		return tableSpec{Content: content, Table: "settings", Key: []Field{FieldSetting}, NoLoadID: true,
			Fields: []tableField{
				{Field: FieldSetting, Column: "key", Norm: "CASE WHEN lower({x}) IN ('near_pct', 'ranking_attainment_cap') THEN lower({x}) END",
					Allowed: "near_pct or ranking_attainment_cap"},
				{Field: FieldActual, Column: "value", Number: true, Always: true,
					Norm: "CASE WHEN {x} > 0 AND {x} <= 1000 THEN {x}::VARCHAR END", Allowed: "a number above 0"}}}
	case ContentCriterionScores:
		return tableSpec{Content: content, Table: "criterion_scores", Key: []Field{FieldYear, FieldUnit, FieldCriterion},
			Fields: []tableField{year, unit, {Field: FieldCriterion, Norm: "{x}"},
				{Field: FieldScore, Number: true, Always: true, Norm: "CASE WHEN {x} BETWEEN 0 AND 100 THEN {x}::VARCHAR END",
					Allowed: "a score between 0 and 100", Cast: "DOUBLE"},
				text(FieldNote)}}
	}
	return tableSpec{}
}

func (ts tableSpec) isKey(f Field) bool {
	for _, k := range ts.Key {
		if k == f {
			return true
		}
	}
	return false
}

// stageTable stages a file for a keyed table, validates it and diffs it with
// the table, filling fr's counts. It returns the diff table, or problems.
func stageTable(ctx context.Context, c *data.Conn, raw rawTable, sh shape, file string, fr *FileReport) (string, []Problem, int64, error) {
	ts := tableSpecFor(sh.Content)
	table := raw.Name + "_tab"
	var inner, outer, nonEmpty, joins []string
	for _, tf := range ts.Fields {
		rawCol := string(tf.Field) + "_raw"
		x := rawCol
		col, ok := sh.Cols[tf.Field]
		if ok {
			inner = append(inner, textExpr(col)+" AS "+rawCol)
			nonEmpty = append(nonEmpty, rawCol)
			if tf.Number {
				typed := string(tf.Field) + "_typed"
				inner = append(inner, typedExpr(col)+" AS "+typed)
				x = fmt.Sprintf("CASE WHEN %[1]s IS NOT NULL THEN %[1]s ELSE ct_num_%[2]s(%[3]s) END", typed, sh.Locale, rawCol)
			}
		} else {
			inner = append(inner, "NULL::VARCHAR AS "+rawCol)
			if tf.Number {
				x = "NULL::DOUBLE"
			}
		}
		if tf.Ref != "" && ok {
			m := table + "_" + tf.Ref
			if err := buildNameMap(ctx, c, raw.Name, col, tf.Ref, m); err != nil {
				return "", nil, 0, err
			}
			joins = append(joins, fmt.Sprintf("LEFT JOIN %s AS %s ON %s.raw = s.%s", data.QuoteIdent(m), tf.Ref+"_map", tf.Ref+"_map", rawCol))
			x = tf.Ref + "_map.code"
			outer = append(outer, tf.Ref+"_map.candidates AS "+string(tf.Field)+"_candidates")
		}
		outer = append(outer, strings.ReplaceAll(tf.Norm, "{x}", x)+" AS "+string(tf.Field))
	}
	q := fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT s.*, %s FROM (SELECT %s AS src_row, %s FROM %s) s %s WHERE coalesce(%s) IS NOT NULL",
		data.QuoteIdent(table), strings.Join(outer, ", "), raw.RowExpr, strings.Join(inner, ", "),
		data.QuoteIdent(raw.Name), strings.Join(joins, " "), strings.Join(nonEmpty, ", "))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return "", nil, 0, fmt.Errorf("stage %s: %w", ts.Table, err)
	}

	t := data.QuoteIdent(table)
	var keyMatch []string
	for _, k := range ts.Key {
		keyMatch = append(keyMatch, fmt.Sprintf("e.%s = s.%s", ts.field(k).column(), k))
	}
	var parts []string
	for _, tf := range ts.Fields {
		switch {
		case tf.Ref != "":
			what := strings.TrimSuffix(tf.Ref, "s")
			parts = append(parts, fmt.Sprintf(`SELECT src_row, '%[1]s' AS field,
				CASE WHEN %[1]s_candidates IS NOT NULL THEN %[3]s ELSE %[4]s END AS message
				FROM %[2]s WHERE %[1]s_raw IS NOT NULL AND %[1]s IS NULL`, tf.Field, t,
				sqlMsg("ingest."+what+"_ambiguous", "value", string(tf.Field)+"_raw", "candidates", string(tf.Field)+"_candidates"),
				sqlMsg("ingest."+what+"_unknown", "value", string(tf.Field)+"_raw")))
		case tf.Allowed != "":
			parts = append(parts, fmt.Sprintf(`SELECT src_row, '%[1]s' AS field, %[3]s AS message
				FROM %[2]s WHERE %[1]s_raw IS NOT NULL AND %[1]s IS NULL`, tf.Field, t,
				sqlMsg("ingest.not_allowed."+string(tf.Field), "value", string(tf.Field)+"_raw")))
		}
		switch {
		case ts.isKey(tf.Field) || tf.Always:
			parts = append(parts, fmt.Sprintf(`SELECT src_row, '%[1]s' AS field, %[3]s AS message FROM %[2]s WHERE %[1]s_raw IS NULL`,
				tf.Field, t, sqlMsg("ingest.field_empty", "field", data.QuoteString(string(tf.Field)))))
		case tf.Required:
			parts = append(parts, fmt.Sprintf(`SELECT src_row, '%[1]s' AS field, %[5]s AS message
				FROM %[2]s s WHERE s.%[1]s_raw IS NULL AND NOT EXISTS (SELECT 1 FROM %[3]s e WHERE %[4]s)`,
				tf.Field, t, ts.Table, strings.Join(keyMatch, " AND "), sqlMsg("ingest.field_empty_new", "field", data.QuoteString(string(tf.Field)))))
		}
	}
	keys := make([]string, len(ts.Key))
	for i, k := range ts.Key {
		keys[i] = string(k)
	}
	var distinctAny []string
	for _, tf := range ts.Fields {
		if !ts.isKey(tf.Field) {
			distinctAny = append(distinctAny, fmt.Sprintf("count(DISTINCT %s) > 1", tf.Field))
		}
	}
	parts = append(parts, fmt.Sprintf(`SELECT min(src_row), '%[1]s', `+sqlMsg("ingest.duplicate", "key", "concat_ws(' ', %[2]s)",
		"count", "count(*)", "rows", "array_to_string(list(src_row ORDER BY src_row), ', ')")+`
		FROM %[3]s WHERE %[4]s GROUP BY %[2]s HAVING count(*) > 1 AND (%[5]s)`,
		ts.Key[len(ts.Key)-1], strings.Join(keys, ", "), t, notNull(keys), strings.Join(distinctAny, " OR ")))
	pt := table + "_problems"
	// The columns are named once for every part: the first part's own
	// names depend on which checks the file's columns call for.
	if _, err := c.ExecContext(ctx, "CREATE TEMP TABLE "+data.QuoteIdent(pt)+" AS SELECT * FROM ("+
		strings.Join(parts, "\nUNION ALL\n")+") AS p(src_row, field, message)"); err != nil {
		return "", nil, 0, fmt.Errorf("validate %s: %w", ts.Table, err)
	}
	probs, more, err := readTableProblems(ctx, c, pt, sh, raw, file)
	if err != nil || len(probs) > 0 {
		return "", probs, more, err
	}

	// Diff: an empty cell leaves the stored value alone.
	diff := table + "_diff"
	var sel, changed []string
	for _, tf := range ts.Fields {
		if ts.isKey(tf.Field) {
			sel = append(sel, "s."+string(tf.Field))
			continue
		}
		sel = append(sel, fmt.Sprintf("coalesce(s.%s, e.%s::VARCHAR) AS %s", tf.Field, tf.column(), tf.Field))
		changed = append(changed, fmt.Sprintf("coalesce(s.%s, e.%s::VARCHAR) IS DISTINCT FROM e.%s::VARCHAR", tf.Field, tf.column(), tf.column()))
	}
	q = fmt.Sprintf(`CREATE TEMP TABLE %s AS
		SELECT %s, CASE WHEN e.%s IS NULL THEN 'insert' WHEN %s THEN 'update' ELSE 'unchanged' END AS action
		FROM (SELECT DISTINCT ON (%s) * FROM %s) s LEFT JOIN %s e ON %s`,
		data.QuoteIdent(diff), strings.Join(sel, ", "), ts.field(ts.Key[0]).column(), strings.Join(changed, " OR "),
		strings.Join(keys, ", "), t, ts.Table, strings.Join(keyMatch, " AND "))
	if _, err := c.ExecContext(ctx, q); err != nil {
		return "", nil, 0, fmt.Errorf("diff %s: %w", ts.Table, err)
	}
	err = c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FILTER (WHERE action = 'insert'),
		count(*) FILTER (WHERE action = 'update'), count(*) FILTER (WHERE action = 'unchanged') FROM %s`,
		data.QuoteIdent(diff))).Scan(&fr.Inserted, &fr.Updated, &fr.Unchanged)
	if err != nil {
		return "", nil, 0, fmt.Errorf("diff %s: %w", ts.Table, err)
	}
	return diff, nil, 0, nil
}

func (ts tableSpec) field(f Field) tableField {
	for _, tf := range ts.Fields {
		if tf.Field == f {
			return tf
		}
	}
	return tableField{Field: f}
}

func notNull(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c + " IS NOT NULL"
	}
	return strings.Join(out, " AND ")
}

func readTableProblems(ctx context.Context, c *data.Conn, pt string, sh shape, raw rawTable, file string) ([]Problem, int64, error) {
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
		var field, m string
		if err := rows.Scan(&p.Row, &field, &m); err != nil {
			return nil, 0, err
		}
		parseMsg(&p, m)
		p.File, p.Sheet = file, raw.Sheet
		if col, ok := sh.Cols[Field(field)]; ok {
			p.Column = col.Label
		} else {
			p.Column = field
		}
		probs = append(probs, p)
	}
	if err := suggestNames(ctx, c, probs); err != nil {
		return nil, 0, err
	}
	return probs, n - int64(len(probs)), rows.Err()
}

// applyTable writes a table diff: updates, then inserts.
func applyTable(ctx context.Context, c *data.Conn, content, diff string, loadID int64, _ time.Time) error {
	ts := tableSpecFor(content)
	var set, cols, vals, keyMatch []string
	for _, tf := range ts.Fields {
		v := "d." + string(tf.Field)
		if tf.Cast != "" {
			v = fmt.Sprintf("CAST(d.%s AS %s)", tf.Field, tf.Cast)
		}
		cols = append(cols, tf.column())
		vals = append(vals, v)
		if ts.isKey(tf.Field) {
			keyMatch = append(keyMatch, fmt.Sprintf("e.%s = %s", tf.column(), v))
		} else {
			set = append(set, fmt.Sprintf("%s = %s", tf.column(), v))
		}
	}
	d := data.QuoteIdent(diff)
	var args []any
	if !ts.NoLoadID {
		set, cols, vals = append(set, "load_id = $1"), append(cols, "load_id"), append(vals, "$1")
		args = []any{loadID}
	}
	stmts := []string{
		fmt.Sprintf("UPDATE %s e SET %s FROM %s d WHERE d.action = 'update' AND %s",
			ts.Table, strings.Join(set, ", "), d, strings.Join(keyMatch, " AND ")),
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s d WHERE d.action = 'insert'",
			ts.Table, strings.Join(cols, ", "), strings.Join(vals, ", "), d),
	}
	for _, q := range stmts {
		if _, err := c.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("merge %s: %w", ts.Table, err)
		}
	}
	return nil
}
