package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"chitieu/data"
)

// The quick path serves the large load that is usually clean: one long CSV
// of observations the store does not hold yet, units and indicators by code,
// numbers written plainly. DuckDB reads the file straight into observations
// inside the load's transaction, its typed reader parsing the numbers, and
// the checks then run on what was written. Anything the quick path is not
// sure of (a name instead of a code, an empty row, a number the strict
// readers would refuse, years out of order, an observation the store already
// has) rolls it back and the full path loads the file, saying exactly what is
// wrong when something is. Both give the same rows: a test holds them to it.

// errNotQuick says the quick path stepped aside; it never reaches a caller.
var errNotQuick = errors.New("not for the quick path")

// quickFields are the columns the quick path reads; any other meaning sends
// the file to the full path.
var quickFields = map[Field]bool{FieldYear: true, FieldUnit: true, FieldIndicator: true,
	FieldActual: true, FieldPlan: true, FieldTarget: true, FieldMeasure: true}

// quickPlan is what the head of a file told the quick path.
type quickPlan struct {
	head          csvHead
	names         []string      // the columns as DuckDB's reader names them
	quote, escape string        // as DuckDB's sniffer found them, "" for none
	locale        string        // vi or en, as the headers or the user say
	index         map[Field]int // column positions
	decimal       byte
}

// quickCandidate: only the single CSV of a load that is not a dry run.
func quickCandidate(inputs []Input, opts Options) bool {
	if len(inputs) != 1 || opts.DryRun {
		return false
	}
	format, m := detectFormat(inputs[0].Path, inputs[0].Name)
	return format == FormatCSV && m.Code == ""
}

// planQuick asks DuckDB's sniffer how the full path would read the file
// (its dialect and column names, from the same options), reads its head,
// and says whether the quick path may try it: errNotQuick if not.
func planQuick(ctx context.Context, c *data.Conn, path string, opts Options) (quickPlan, error) {
	var delim, quote, escape, comment string
	var skip int64
	var names []any
	err := c.QueryRowContext(ctx, `SELECT Delimiter, Quote, Escape, Comment, SkipRows, list_transform(Columns, c -> c.name)
		FROM sniff_csv(?, header = true, all_varchar = true, normalize_names = false)`, path).Scan(&delim, &quote, &escape, &comment, &skip, &names)
	if err != nil {
		if ctx.Err() != nil {
			return quickPlan{}, ctx.Err()
		}
		return quickPlan{}, notQuick("DuckDB's sniffer: " + firstLine(err.Error()))
	}
	none := func(s string) string {
		if s == "(empty)" {
			return ""
		}
		return s
	}
	quote, escape = none(quote), none(escape)
	if len(delim) != 1 || skip != 0 || none(comment) != "" || (quote != "" && quote != `"`) || (escape != "" && escape != `"`) {
		return quickPlan{}, notQuick("an unusual dialect")
	}
	p := quickPlan{quote: quote, escape: escape, index: map[Field]int{}, decimal: '.'}
	var ok bool
	if p.head, ok = readCSVHead(path, delim[0], 100); !ok || len(p.head.Records) == 0 || len(p.head.Header) != len(names) {
		return quickPlan{}, notQuick("the head of the file is not plain CSV to Go's reader")
	}
	cols := make([]rawColumn, len(names))
	for i, n := range names {
		name, _ := n.(string)
		p.names = append(p.names, name)
		cols[i] = rawColumn{Name: name, Type: "VARCHAR", Label: name}
	}
	sh, probs := detectShape(cols, opts.Locale)
	if len(probs) > 0 || sh.Content != ContentObservations || sh.Layout != "long" {
		return quickPlan{}, notQuick("not long observations, or a problem with the headers")
	}
	p.locale = sh.Locale
	if sh.Locale == "vi" {
		p.decimal = ','
	}
	if p.decimal == p.head.Delim {
		return quickPlan{}, notQuick("decimal commas between comma delimiters")
	}
	for f, c := range sh.Cols {
		if !quickFields[f] {
			return quickPlan{}, notQuick("a column the quick path does not read: " + string(f))
		}
		for i, n := range p.names {
			if n == c.Name {
				p.index[f] = i
			}
		}
	}
	for _, rec := range p.head.Records {
		if len(rec) != len(p.names) {
			return quickPlan{}, notQuick("a ragged row in the head")
		}
	}
	return p, nil
}

// column gives the head's values of a field, distinct.
func (p quickPlan) column(f Field) []string {
	i, ok := p.index[f]
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, rec := range p.head.Records {
		if !seen[rec[i]] {
			seen[rec[i]] = true
			out = append(out, rec[i])
		}
	}
	return out
}

// promising asks the store whether the head's units and indicators are all
// codes and none of its observations is stored yet; errNotQuick if not.
func (p quickPlan) promising(ctx context.Context, c *data.Conn) error {
	yi, ui, ii := p.index[FieldYear], p.index[FieldUnit], p.index[FieldIndicator]
	var keys []string
	for _, rec := range p.head.Records {
		y := rec[yi]
		if n, err := strconv.Atoi(y); err != nil || len(y) != 4 || n < 1900 || n > 2100 {
			return notQuick("a year in the head is not one")
		}
		keys = append(keys, fmt.Sprintf("(%s, %s, %s)", y, data.QuoteString(rec[ui]), data.QuoteString(rec[ii])))
	}
	units, inds := p.column(FieldUnit), p.column(FieldIndicator)
	var nu, ni, old int
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM units WHERE code IN (%s)),
		(SELECT count(*) FROM indicators WHERE code IN (%s)),
		(SELECT count(*) FROM observations WHERE (year, unit_code, indicator_code) IN (%s))`,
		sqlList(units), sqlList(inds), strings.Join(keys, ", "))).Scan(&nu, &ni, &old)
	switch {
	case err != nil:
		return fmt.Errorf("ingest: quick path: %w", err)
	case nu != len(units) || ni != len(inds):
		return notQuick("a unit or indicator in the head is not a code")
	case old > 0:
		return notQuick("the store holds an observation of the head: an update")
	}
	return nil
}

// digest is a file's SHA-256 and whether its numbers are all plainly written.
type digest struct {
	sha   string
	plain bool
	err   error
}

func digestFile(path string, delim, decimal byte) digest {
	scan := newPlainScan(delim, decimal)
	sha, err := hashFile(path, scan)
	return digest{sha: sha, plain: err == nil && scan.plain(), err: err}
}

// quickLoad tries the quick path. It reports whether it loaded the file; when
// not, nothing was written and the caller takes the full path.
func (in *Ingester) quickLoad(ctx context.Context, inputs []Input, opts Options, started time.Time) (*Report, bool, error) {
	if !quickCandidate(inputs, opts) {
		return nil, false, nil
	}
	file := inputs[0]
	fr := &FileReport{File: file.Name, Format: FormatCSV, Content: ContentObservations, Layout: "long"}
	// Steps are told to the caller's progress function once the file is
	// loaded: an attempt the full path takes over is no progress.
	var steps []Progress
	phase := in.phaseTimer(file.Name, func() int64 { return fr.Rows }, func(p Progress) { steps = append(steps, p) })
	digc := make(chan digest, 1)
	err := in.store.WithConn(ctx, func(c *data.Conn) error {
		if err := prepareSession(ctx, c); err != nil {
			return err
		}
		defer dropTemps(context.WithoutCancel(ctx), c)
		p, err := planQuick(ctx, c, file.Path, opts)
		if err != nil {
			return err
		}
		fr.Locale = p.locale
		if fr.LocaleBy, err = p.evidence(ctx, c, file.Path, opts); err != nil {
			return err
		}
		if err := p.promising(ctx, c); err != nil {
			return err
		}
		go func() { digc <- digestFile(file.Path, p.head.Delim, p.decimal) }()
		return inTransaction(ctx, c, func() (bool, error) {
			err := in.quickWrite(ctx, c, p, file, opts, started, fr, phase, digc)
			return err == nil, err
		})
	})
	if errors.Is(err, errNotQuick) {
		in.log.Debug("ingest: full path", "file", file.Name, "reason", err.Error())
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if opts.Progress != nil {
		for _, p := range steps {
			opts.Progress(p)
		}
	}
	return &Report{OK: true, Files: []FileReport{*fr}}, true, nil
}

// quickWrite inserts the file and checks what it wrote, inside the load's
// transaction; errNotQuick asks the caller to roll back.
func (in *Ingester) quickWrite(ctx context.Context, c *data.Conn, p quickPlan, file Input, opts Options, started time.Time,
	fr *FileReport, phase func(string), digc <-chan digest) error {
	var id int64
	if err := c.QueryRowContext(ctx, "SELECT nextval('load_id_seq')").Scan(&id); err != nil {
		return fmt.Errorf("ingest: load id: %w", err)
	}
	res, err := c.ExecContext(ctx, p.insertSQL(file.Path), id, in.now())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return notQuick("the reader or a rule stopped the insert: " + firstLine(err.Error()))
	}
	if fr.Rows, err = res.RowsAffected(); err != nil {
		return err
	}
	phase("write")
	if err := quickCheck(ctx, c, id, opts.Units); err != nil {
		return err
	}
	if err := quickPlausible(ctx, c, id); err != nil {
		return err
	}
	d := <-digc
	if d.err != nil || !d.plain {
		return notQuick("a number may be written in a form the strict readers refuse")
	}
	phase("validate")
	fr.SHA256, fr.Inserted, fr.Outcome, fr.LoadID = d.sha, fr.Rows, "loaded", id
	if err := in.quickHooks(ctx, c, id); err != nil {
		return err
	}
	phase("hooks")
	_, err = c.ExecContext(ctx, `INSERT INTO loads (id, file_name, sha256, format, content, rows_read, rows_inserted,
		started_at, finished_at, outcome, message, loaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', '', ?)`,
		id, fr.File, fr.SHA256, fr.Format, fr.Content, fr.Rows, fr.Inserted, started, in.now(), opts.User)
	if err != nil {
		return fmt.Errorf("ingest: record load: %w", err)
	}
	return nil
}

// insertSQL reads the file with DuckDB's reader, numbers as DOUBLE in the
// file's locale, everything else as text, into observations. A year that is
// not four characters, or not a number, or an empty unit or indicator, stops
// the statement (NOT NULL); the other rules are checked on what was written.
func (p quickPlan) insertSQL(path string) string {
	types := make([]string, len(p.names))
	for i := range types {
		types[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i)
	}
	col := func(f Field) string {
		i, ok := p.index[f]
		if !ok {
			return "NULL::DOUBLE"
		}
		return fmt.Sprintf("c%d", i)
	}
	for _, f := range []Field{FieldActual, FieldPlan, FieldTarget} {
		if i, ok := p.index[f]; ok {
			types[i] = fmt.Sprintf("'c%d': 'DOUBLE'", i)
		}
	}
	return fmt.Sprintf(`INSERT INTO observations (year, unit_code, indicator_code, actual, plan, target,
	numerator, denominator, derived, note, load_id, updated_at)
SELECT CASE WHEN length(%[1]s) = 4 THEN TRY_CAST(%[1]s AS INTEGER) END, %[2]s, %[3]s, %[4]s, %[5]s, %[6]s,
       NULL, NULL, NULL, NULL, $1, $2
FROM %[7]s`,
		col(FieldYear), col(FieldUnit), col(FieldIndicator), col(FieldActual), col(FieldPlan), col(FieldTarget),
		p.readCSV(path, types))
}

// readCSV is the SQL reading the file with DuckDB's reader in the plan's
// dialect, each column typed as types says.
func (p quickPlan) readCSV(path string, types []string) string {
	return fmt.Sprintf(`read_csv(%s, auto_detect = false, header = true, delim = %s, quote = %s, escape = %s,
              decimal_separator = %s, columns = {%s})`,
		data.QuoteString(path), data.QuoteString(string(p.head.Delim)), data.QuoteString(p.quote), data.QuoteString(p.escape),
		data.QuoteString(string(p.decimal)), strings.Join(types, ", "))
}

// evidence reads the file's value columns as text and classes every value
// as the full path does (ct_numform), and follows the same rule
// (localeByEvidence): when the values do not bear out the headers' locale
// without doubt, the quick path steps aside, and the full path says what it
// found. It returns what decided the locale.
func (p quickPlan) evidence(ctx context.Context, c *data.Conn, path string, opts Options) (string, error) {
	if opts.Locale != "" {
		return "option", nil
	}
	var forms []string
	for _, f := range []Field{FieldActual, FieldPlan, FieldTarget} {
		if i, ok := p.index[f]; ok {
			forms = append(forms, fmt.Sprintf("ct_text(c%d)", i))
		}
	}
	if len(forms) == 0 {
		return "headers", nil
	}
	types := make([]string, len(p.names))
	for i := range types {
		types[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i)
	}
	var en, vi, amb bool
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT coalesce(bool_or(f = 'en'), false), coalesce(bool_or(f = 'vi'), false),
		coalesce(bool_or(f = 'ambiguous'), false)
		FROM (SELECT ct_numform(s) AS f FROM (SELECT DISTINCT %s AS s FROM (%s)))`,
		numberShape("t"), distinctMarked(fmt.Sprintf("SELECT unnest([%s]) AS t FROM %s", strings.Join(forms, ", "), p.readCSV(path, types))))).Scan(&en, &vi, &amb)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", notQuick("the reader stopped on the text: " + firstLine(err.Error()))
	}
	locale, by, v := localeByEvidence(en, vi, amb, p.locale)
	if v != evidenceSure || locale != p.locale {
		return "", notQuick("the values do not bear out the headers' locale without doubt")
	}
	return by, nil
}
