package ingest

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"chitieu/msg"
)

// Problem is one reason a file was refused, or one warning about a figure,
// placed as a spreadsheet shows it: the header is row 1 of a CSV table; an
// XLSX row is the sheet's own number. Code and Args are the message as data
// (see package msg); Message is it rendered in the load's language. A
// problem with no code says its Message as it is.
type Problem struct {
	File    string            `json:"file"`
	Sheet   string            `json:"sheet,omitempty"`
	Row     int               `json:"row,omitempty"`
	Column  string            `json:"column,omitempty"`
	Code    string            `json:"code,omitempty"`
	Args    map[string]string `json:"args,omitempty"`
	Message string            `json:"message"`
}

// coded makes a problem of a message code and argument pairs.
func coded(code string, kv ...string) Problem {
	m := msg.New(code, kv...)
	return Problem{Code: m.Code, Args: m.Args}
}

func (p Problem) String() string { return p.Text(msg.VI) }

// Text is the problem in lang, placed by file, sheet, row and column.
func (p Problem) Text(lang string) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString(", " + msg.Text(lang, "pos.sheet", map[string]string{"sheet": p.Sheet}))
	}
	if p.Row > 0 {
		b.WriteString(", " + msg.Text(lang, "pos.row", map[string]string{"row": strconv.Itoa(p.Row)}))
	}
	if p.Column != "" {
		b.WriteString(", " + msg.Text(lang, "pos.column", map[string]string{"column": p.Column}))
	}
	m := p.Message
	if p.Code != "" {
		m = msg.Text(lang, p.Code, readerArgs(lang, p.Code, p.Args))
	}
	return b.String() + ": " + m
}

// figureArgs are the arguments of a message code that are figures the
// program worked out or read as numbers, not a cell's text as written.
func figureArgs(code string) []string {
	switch code {
	case "scale_jump":
		return []string{"value", "prev"}
	case "rate_over_100", "negative_count":
		return []string{"value"}
	case "ingest.estimate_over_official", "ingest.estimate_over_official_load",
		"ingest.estimate_over_official_row", "ingest.estimate_over_official_load_row":
		return []string{"value", "old"}
	}
	return nil
}

// readerArgs are a message's arguments with its figures written the way
// of lang (1.234,5 and 6.081.405 in Vietnamese), as the rest of the report.
func readerArgs(lang, code string, args map[string]string) map[string]string {
	names := figureArgs(code)
	if len(names) == 0 {
		return args
	}
	out := maps.Clone(args)
	for _, n := range names {
		if v, err := strconv.ParseFloat(out[n], 64); err == nil {
			out[n] = figure(lang, roundShow(v))
		}
	}
	return out
}

// localize renders each coded problem's message in lang.
func localize(ps []Problem, lang string, page bool) {
	for i := range ps {
		if ps[i].Code != "" {
			code := ps[i].Code
			if page && msg.Has(lang, code+".page") {
				code += ".page"
			}
			ps[i].Message = msg.Text(lang, code, readerArgs(lang, ps[i].Code, ps[i].Args))
		}
	}
}

// Change is one observation a load inserts or changes, for the dry run.
type Change struct {
	Action    string   `json:"action"` // insert or update
	Year      int      `json:"year"`
	Unit      string   `json:"unit"`
	Indicator string   `json:"indicator"`
	OldActual *float64 `json:"old_actual,omitempty"`
	NewActual *float64 `json:"new_actual,omitempty"`
	OldPlan   *float64 `json:"old_plan,omitempty"`
	NewPlan   *float64 `json:"new_plan,omitempty"`
	OldTarget *float64 `json:"old_target,omitempty"`
	NewTarget *float64 `json:"new_target,omitempty"`
}

// FileReport says what a load did, or would do, with one file.
type FileReport struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet,omitempty"`
	LoadID  int64  `json:"load_id,omitempty"`
	SHA256  string `json:"sha256"`
	Format  string `json:"format"`
	Content string `json:"content"` // observations, units or indicators
	Layout  string `json:"layout,omitempty"`
	Locale  string `json:"locale,omitempty"`
	// LocaleBy says what decided Locale: option (--locale), values (the
	// file's numbers prove it) or headers (every number was ambiguous or
	// plain, so the headers' language did).
	LocaleBy  string    `json:"locale_by,omitempty"`
	Rows      int64     `json:"rows_read"`
	Inserted  int64     `json:"rows_inserted"`
	Updated   int64     `json:"rows_updated"`
	Unchanged int64     `json:"rows_unchanged"`
	Refused   int64     `json:"rows_refused"`
	Outcome   string    `json:"outcome"` // loaded, unchanged, refused, or would-… in a dry run
	Problems  []Problem `json:"problems,omitempty"`
	// Warnings are figures that load but look wrong, each with a stable
	// code (scale_jump, rate_over_100, negative_count, ambiguous_locale…);
	// with Options.Strict they are problems instead.
	Warnings     []Problem `json:"warnings,omitempty"`
	MoreWarnings int64     `json:"more_warnings,omitempty"`
	// OutcomeText is Outcome in the load's language.
	OutcomeText string `json:"outcome_text,omitempty"`
	// MoreProblems counts problems left out of the list to keep it readable.
	MoreProblems int64    `json:"more_problems,omitempty"`
	Changes      []Change `json:"changes,omitempty"`
	MoreChanges  int64    `json:"more_changes,omitempty"`
	// Reason says why a sheet was skipped; ReasonCode is it as a message code.
	Reason     string `json:"reason,omitempty"`
	ReasonCode string `json:"reason_code,omitempty"`
	// Table says how a report table was read, column by column and row by row.
	Table *TableReport `json:"table,omitempty"`
}

// Report is the outcome of one load command: every file in one transaction.
type Report struct {
	Lang   string       `json:"lang,omitempty"` // the language of its messages
	DryRun bool         `json:"dry_run"`
	OK     bool         `json:"ok"`
	Files  []FileReport `json:"files"`
	// Partial: with --partial, some sheets or files were refused and the
	// rest loaded (or would load).
	Partial bool `json:"partial,omitempty"`
	// Page: the messages are worded for the load page (Options.Page).
	Page bool `json:"-"`
}

// Problems lists every problem of every file.
func (r *Report) Problems() []Problem {
	var ps []Problem
	for _, f := range r.Files {
		ps = append(ps, f.Problems...)
	}
	return ps
}

// Localize renders every coded message of the report in lang.
func (r *Report) Localize(lang string) {
	r.Lang = msg.Lang(lang)
	for i := range r.Files {
		f := &r.Files[i]
		localize(f.Problems, r.Lang, r.Page)
		localize(f.Warnings, r.Lang, r.Page)
		if f.ReasonCode != "" {
			f.Reason = msg.Text(r.Lang, f.ReasonCode, nil)
		}
		if f.Table != nil {
			f.Table.localize(r.Lang)
		}
		f.OutcomeText = ""
		if f.Outcome != "" {
			f.OutcomeText = msg.Text(r.Lang, "outcome."+strings.ReplaceAll(f.Outcome, " ", "_"), nil)
		}
	}
}

// Summary is one line per file for a terminal, in the report's language.
func (r *Report) Summary() string {
	lang := msg.Lang(r.Lang)
	t := func(code string, kv ...string) string { return msg.New(code, kv...).Text(lang) }
	var b strings.Builder
	for _, f := range r.Files {
		name := f.File
		if f.Sheet != "" {
			name += " [" + f.Sheet + "]"
		}
		if f.Outcome == "skipped" {
			b.WriteString(name + ": " + t("outcome.skipped") + ": " + f.Reason + "\n")
			continue
		}
		detail := f.Format
		if f.Layout != "" {
			layout := f.Layout
			if msg.Has(lang, "layout."+layout) {
				layout = t("layout." + layout)
			}
			detail += ", " + layout
		}
		if f.Locale != "" {
			detail += ", " + t("sum.numbers."+f.Locale)
			if f.LocaleBy != "" {
				detail += " " + t("sum.by."+f.LocaleBy)
			}
		}
		outcome := f.Outcome
		if outcome != "" {
			outcome = t("outcome." + strings.ReplaceAll(f.Outcome, " ", "_"))
		}
		content := f.Content
		if content != "" && msg.Has(lang, "content."+content) {
			content = t("content." + content)
		}
		b.WriteString(t("sum.file", "name", name, "outcome", outcome, "content", content, "detail", detail,
			"rows", strconv.FormatInt(f.Rows, 10), "inserted", strconv.FormatInt(f.Inserted, 10),
			"updated", strconv.FormatInt(f.Updated, 10), "unchanged", strconv.FormatInt(f.Unchanged, 10),
			"refused", strconv.FormatInt(f.Refused, 10)) + "\n")
		if f.Reason != "" {
			fmt.Fprintf(&b, "  %s\n", f.Reason)
		}
		if f.Table != nil {
			f.Table.write(&b, lang)
		}
		for _, p := range f.Problems {
			fmt.Fprintf(&b, "  %s\n", p.Text(lang))
		}
		if f.MoreProblems > 0 {
			b.WriteString("  " + t("sum.more_problems", "n", strconv.FormatInt(f.MoreProblems, 10)) + "\n")
		}
		for _, p := range f.Warnings {
			fmt.Fprintf(&b, "  %s: %s\n", t("sum.warning"), p.Text(lang))
		}
		if f.MoreWarnings > 0 {
			b.WriteString("  " + t("sum.more_warnings", "n", strconv.FormatInt(f.MoreWarnings, 10)) + "\n")
		}
		for _, c := range f.Changes {
			fmt.Fprintf(&b, "  %s %d %s %s", t("change."+c.Action), c.Year, c.Unit, c.Indicator)
			writeChange(&b, lang, t("field.actual"), c.OldActual, c.NewActual)
			writeChange(&b, lang, t("field.plan"), c.OldPlan, c.NewPlan)
			writeChange(&b, lang, t("field.target"), c.OldTarget, c.NewTarget)
			b.WriteString("\n")
		}
		if f.MoreChanges > 0 {
			b.WriteString("  " + t("sum.more_changes", "n", strconv.FormatInt(f.MoreChanges, 10)) + "\n")
		}
	}
	return b.String()
}

func writeChange(b *strings.Builder, lang, name string, old, new *float64) {
	switch {
	case new == nil:
	case old == nil:
		fmt.Fprintf(b, " %s=%s", name, figure(lang, *new))
	case *old != *new:
		fmt.Fprintf(b, " %s %s → %s", name, figure(lang, *old), figure(lang, *new))
	}
}

// figure writes a number as a person reads it in the report's language,
// every digit and no exponent: 8.100.000 and 12,5 in Vietnamese, 8,100,000
// and 12.5 in English.
func figure(lang string, v float64) string {
	group, point := ".", ","
	if lang == "en" {
		group, point = ",", "."
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var out strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			out.WriteString(group)
		}
		out.WriteRune(d)
	}
	if frac != "" {
		out.WriteString(point + frac)
	}
	return sign + out.String()
}
