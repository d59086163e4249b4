package ingest

import (
	"fmt"
	"strings"
)

// Problem is one reason a file was refused, placed as a spreadsheet shows it:
// the header is row 1 of a CSV table; an XLSX row is the sheet's own number.
type Problem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row,omitempty"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", p.Sheet)
	}
	if p.Row > 0 {
		fmt.Fprintf(&b, ", row %d", p.Row)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, ", column %q", p.Column)
	}
	return b.String() + ": " + p.Message
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
	File      string    `json:"file"`
	Sheet     string    `json:"sheet,omitempty"`
	LoadID    int64     `json:"load_id,omitempty"`
	SHA256    string    `json:"sha256"`
	Format    string    `json:"format"`
	Content   string    `json:"content"` // observations, units or indicators
	Layout    string    `json:"layout,omitempty"`
	Locale    string    `json:"locale,omitempty"`
	Rows      int64     `json:"rows_read"`
	Inserted  int64     `json:"rows_inserted"`
	Updated   int64     `json:"rows_updated"`
	Unchanged int64     `json:"rows_unchanged"`
	Refused   int64     `json:"rows_refused"`
	Outcome   string    `json:"outcome"` // loaded, unchanged, refused, or would-… in a dry run
	Problems  []Problem `json:"problems,omitempty"`
	// MoreProblems counts problems left out of the list to keep it readable.
	MoreProblems int64    `json:"more_problems,omitempty"`
	Changes      []Change `json:"changes,omitempty"`
	MoreChanges  int64    `json:"more_changes,omitempty"`
	// Reason says why a sheet was skipped.
	Reason string `json:"reason,omitempty"`
	// Table says how a report table was read, column by column and row by row.
	Table *TableReport `json:"table,omitempty"`
}

// Report is the outcome of one load command: every file in one transaction.
type Report struct {
	DryRun bool `json:"dry_run"`
	OK     bool `json:"ok"`
	// Partial: with --partial, some sheets or files were refused and the
	// rest loaded (or would load).
	Partial bool         `json:"partial,omitempty"`
	Files   []FileReport `json:"files"`
}

// Problems lists every problem of every file.
func (r *Report) Problems() []Problem {
	var ps []Problem
	for _, f := range r.Files {
		ps = append(ps, f.Problems...)
	}
	return ps
}

// Summary is one line per file for a terminal.
func (r *Report) Summary() string {
	var b strings.Builder
	for _, f := range r.Files {
		name := f.File
		if f.Sheet != "" {
			name += " [" + f.Sheet + "]"
		}
		if f.Outcome == "skipped" {
			fmt.Fprintf(&b, "%s: skipped: %s\n", name, f.Reason)
			continue
		}
		fmt.Fprintf(&b, "%s: %s %s (%s", name, f.Outcome, f.Content, f.Format)
		if f.Layout != "" {
			fmt.Fprintf(&b, ", %s", f.Layout)
		}
		if f.Locale != "" {
			fmt.Fprintf(&b, ", numbers %s", f.Locale)
		}
		fmt.Fprintf(&b, "): %d rows read, %d inserted, %d updated, %d unchanged, %d refused\n",
			f.Rows, f.Inserted, f.Updated, f.Unchanged, f.Refused)
		if f.Reason != "" {
			fmt.Fprintf(&b, "  %s\n", f.Reason)
		}
		if f.Table != nil {
			f.Table.write(&b)
		}
		for _, p := range f.Problems {
			fmt.Fprintf(&b, "  %s\n", p)
		}
		if f.MoreProblems > 0 {
			fmt.Fprintf(&b, "  … and %d more problems\n", f.MoreProblems)
		}
		for _, c := range f.Changes {
			fmt.Fprintf(&b, "  %s %d %s %s", c.Action, c.Year, c.Unit, c.Indicator)
			writeChange(&b, "actual", c.OldActual, c.NewActual)
			writeChange(&b, "plan", c.OldPlan, c.NewPlan)
			writeChange(&b, "target", c.OldTarget, c.NewTarget)
			b.WriteString("\n")
		}
		if f.MoreChanges > 0 {
			fmt.Fprintf(&b, "  … and %d more changes\n", f.MoreChanges)
		}
	}
	return b.String()
}

func writeChange(b *strings.Builder, name string, old, new *float64) {
	switch {
	case new == nil:
	case old == nil:
		fmt.Fprintf(b, " %s=%v", name, *new)
	case *old != *new:
		fmt.Fprintf(b, " %s %v → %v", name, *old, *new)
	}
}
