// Package ingest loads the files agencies send into the store: one reader per
// format produces a raw relation, its headers say what it holds and how it is
// laid out, then one staging relation, one validation and one merge in SQL.
// A load is all or nothing: every file of one call in one transaction.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"chitieu/data"
	"chitieu/msg"
)

// Store is what the ingester needs of the store: a dedicated connection.
type Store interface {
	WithConn(ctx context.Context, fn func(*data.Conn) error) error
}

// Input is one file to load.
type Input struct {
	Name string // as the user knows it, for reports
	Path string // where it can be read; for CSV, DuckDB reads it from here
	// SHA256 is the file's hash when the caller worked it out already (an
	// upload is hashed as it is spooled); empty, the load reads the file.
	SHA256 string
}

// Options of one load.
type Options struct {
	DryRun bool
	// Locale is vi or en to say how a file's text numbers are written, or ""
	// to decide from the evidence of the values (and, when every value could
	// be read either way, from the headers).
	Locale string
	// Strict turns warnings (scale_jump, rate_over_100…) into refusals.
	Strict bool
	// Lang is the language of the report's messages: vi (default) or en.
	Lang  string
	Sheet string // XLSX: only this sheet
	// Sheets, when given, are the only sheets read (Sheet adds one more).
	Sheets []string
	// Unit says whose figures a report table holds; Indicator says which
	// indicator, its rows being units. Either makes files report tables.
	Unit, Indicator string
	// CreateMissing makes unknown row labels indicators (or units) of their
	// own, listed as new in the report.
	CreateMissing bool
	// Partial loads the sheets and files that pass and lists the refused.
	Partial bool
	// Page words the report for the load page, naming its fields where a
	// message would name the command's options (--unit, --locale).
	Page bool
	User string // who loads, for the record
	// Units, when set, are the only units the user may load rows of: a data
	// officer's. Such a user loads observations only, not catalogs.
	Units []string
	// Progress, when set, hears of each step of each file as it ends.
	Progress func(Progress) `json:"-"`
}

// MergeHook runs inside a load's transaction after observations are
// written; the table touched lists the (unit_code, indicator_code) series the
// load changed, with may_gap false for a series the load cannot have given a
// gap: it gave all its years in a row and the store held nothing of it
// before, or it only updated figures without giving an actual to a year that
// had none (an update never takes an actual away). Analytics keeps its
// derived tables in step this way.
type MergeHook func(ctx context.Context, c *data.Conn, touched string) error

// Ingester loads files into a store.
type Ingester struct {
	store Store
	log   *slog.Logger
	now   func() time.Time
	hooks []MergeHook
	// beforeRead, when set, runs as a file's reader starts; tests make it panic.
	beforeRead func(Input)
	// writing makes the loads and removals of one store one at a time, so a
	// diff made before a load's transaction still holds when it writes.
	writing sync.Mutex
}

// New returns an Ingester writing to store, running hooks after each merge
// of observations.
func New(store Store, log *slog.Logger, hooks ...MergeHook) *Ingester {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Ingester{store: store, log: log, now: time.Now, hooks: hooks}
}

// fileWork is one file in the course of a load.
type fileWork struct {
	in     Input
	report *FileReport
	raw    rawTable
	shape  shape
	diff   string
	stage  string   // the narrow stage of observations
	units  []string // Options.Units
	staged *staged
	// insertOnly: the store held nothing for the file's years, so the diff
	// is a view and every row an insert.
	insertOnly bool
	compared   bool // warnings and diff done (compare)
	localeHead bool // the locale was settled by the file's first rows
	// headersLocale is the headers' locale, which the first rows overrode.
	headersLocale string
	phase         func(name string) // logs the time since the last phase, at debug level
	preShaped     bool              // a report table: its shape is set, not read from headers
	rt            *rtShared         // the catalogs a report table's names resolve in
	batch         *rtBatch          // a report table: the sheets of its file staged and merged with it
}

// phaseTimer logs how long each step of a file's load took, and tells the
// caller's progress function, if any, how far the file has come.
func (in *Ingester) phaseTimer(file string, rows func() int64, progress func(Progress)) func(string) {
	start := time.Now()
	last := start
	return func(name string) {
		now := time.Now()
		in.log.Debug("ingest phase", "file", file, "phase", name, "took", now.Sub(last))
		last = now
		if progress != nil {
			progress(Progress{File: file, Phase: name, Rows: rows(), Elapsed: now.Sub(start)})
		}
	}
}

// Progress is a step a file's load has finished.
type Progress struct {
	File    string
	Phase   string // "read csv", "locale", "stage", "validate", "warnings", "diff", "write", "hooks"
	Rows    int64  // rows of the file, once read
	Elapsed time.Duration
}

// contentOrder loads catalogs before the observations that refer to them.
var contentOrder = map[string]int{ContentUnits: 0, ContentIndicators: 1}

func rank(content string) int {
	if r, ok := contentOrder[content]; ok {
		return r
	}
	return len(contentOrder)
}

// Load reads, checks and merges the files in one transaction. A file with a
// problem refuses the whole load and nothing is written but the record of the
// attempt. The report says what happened to each file; the error is for
// failures of the machinery, not of the files.
func (in *Ingester) Load(ctx context.Context, inputs []Input, opts Options) (*Report, error) {
	rep := &Report{DryRun: opts.DryRun}
	if len(inputs) == 0 {
		return nil, msg.E(data.ErrInvalid, "ingest.no_file")
	}
	in.writing.Lock()
	defer in.writing.Unlock()
	started := in.now()
	var refused []*fileWork  // with --partial: the sheets and files left out
	var skipped []FileReport // sheets with no table of yearly figures
	work := make([]*fileWork, len(inputs))
	for i, inp := range inputs {
		fr := &FileReport{File: inp.Name}
		work[i] = &fileWork{in: inp, report: fr, units: opts.Units,
			phase: in.phaseTimer(inp.Name, func() int64 { return fr.Rows }, opts.Progress)}
	}
	err := in.store.WithConn(ctx, func(c *data.Conn) error {
		if err := prepareSession(ctx, c); err != nil {
			return err
		}
		defer dropTemps(context.WithoutCancel(ctx), c)
		// Files are read before the transaction: reading needs nothing of the
		// store, and rows of a table committed in order number from zero,
		// which gives each row its line in the file.
		var ok bool
		var err error
		work, ok, err = in.readAll(ctx, c, work, opts, &skipped)
		if err == nil && !ok && opts.Partial {
			work, refused, ok = splitRefused(work)
		}
		if err == nil && !ok {
			// The files that read well are checked all the same, so that one
			// refusal lists each file's own problems, not only the unreadable
			// one's. Nothing is written; it is only their report.
			var fine []*fileWork
			for _, w := range work {
				if len(w.report.Problems) == 0 {
					fine = append(fine, w)
				}
			}
			if len(fine) > 0 {
				_, err = in.stageEarly(ctx, c, fine, opts)
			}
		}
		if err != nil || !ok {
			finish(work, opts.DryRun, false)
			return err
		}
		// Without catalog files in the load, observations can be staged and
		// checked before the transaction too: DuckDB reads temp tables made
		// outside a transaction about twice as fast as ones made inside.
		ok, err = in.stageEarly(ctx, c, work, opts)
		if err == nil && !ok && opts.Partial {
			var more []*fileWork
			work, more, ok = splitRefused(work)
			refused = append(refused, more...)
		}
		if err != nil || !ok {
			finish(work, opts.DryRun, false)
			return err
		}
		return inTransaction(ctx, c, func() (bool, error) {
			ok, err := in.mergeAll(ctx, c, work, opts, started)
			if err != nil {
				return false, err
			}
			rep.OK = ok
			// A dry run merges too, then rolls back.
			return ok && !opts.DryRun, nil
		})
	})
	if err != nil {
		return nil, err
	}
	finish(refused, opts.DryRun, false)
	for _, w := range append(work, refused...) {
		rep.Files = append(rep.Files, *w.report)
	}
	rep.Files = append(rep.Files, skipped...)
	for i := range rep.Files {
		f := &rep.Files[i]
		if f.Outcome != "refused" {
			continue
		}
		// A refused file or sheet wrote nothing, whatever its diff found.
		f.Inserted, f.Updated, f.Unchanged = 0, 0, 0
		if rep.OK {
			rep.Partial = true
		}
	}
	rep.Page = opts.Page
	rep.Localize(opts.Lang)
	if (!rep.OK || rep.Partial) && !opts.DryRun {
		if err := in.recordRefused(ctx, rep, opts, started); err != nil {
			return nil, err
		}
	}
	rep.Localize(opts.Lang)
	in.logReport(rep)
	return rep, nil
}

func (in *Ingester) logReport(rep *Report) {
	for _, f := range rep.Files {
		in.log.Info("ingest", "file", f.File, "outcome", f.Outcome, "content", f.Content,
			"inserted", f.Inserted, "updated", f.Updated, "unchanged", f.Unchanged, "problems", len(f.Problems)+int(f.MoreProblems))
	}
}

// readAll reads every file into raw relations and reads their headers; a
// workbook of several data sheets becomes one piece of work per sheet. It
// reports false when any file has a problem.
func (in *Ingester) readAll(ctx context.Context, c *data.Conn, work []*fileWork, opts Options, skipped *[]FileReport) ([]*fileWork, bool, error) {
	ok := true
	var out []*fileWork
	var shared *rtShared
	for i, w := range work {
		table := fmt.Sprintf("ct_raw_%d", i)
		var raws []rawTable
		var probs []Problem
		var err error
		format, _ := detectFormat(w.in.Path, w.in.Name)
		first := reportFirst(format, opts) || format == FormatCSV && titledCSV(w.in.Path)
		if !first {
			raws, probs, err = in.read(ctx, c, w, table, opts)
			if err != nil {
				return nil, false, err
			}
		}
		if reportCapable(format) && (first || !plainFits(raws, probs, opts)) {
			parts, skip, rprobs, err := in.readReport(ctx, c, w, format, table+"_rt", opts, &shared)
			if err != nil {
				return nil, false, err
			}
			// Unless the user said so, a report reading takes over only where
			// it found a table and the plain reading read the file but found
			// no columns it knows (a workbook's sheets: any problem).
			if first || len(parts) > 0 && (len(probs) == 0 || format == FormatXLSX) {
				*skipped = append(*skipped, skip...)
				if len(parts) == 0 {
					if len(rprobs) == 0 {
						p := coded("ingest.no_year_table")
						p.File = w.in.Name
						rprobs = []Problem{p}
					}
					w.report.Problems = rprobs
					ok = false
					out = append(out, w)
				}
				for _, p := range parts {
					p.rt = shared
					p.phase("read " + format)
					if len(p.report.Problems) > 0 {
						ok = false
					} else {
						p.readShape(opts)
					}
					out = append(out, p)
				}
				continue
			}
		}
		if len(probs) > 0 || len(raws) == 0 {
			w.report.Problems = probs
			out = append(out, w)
			ok = false
			continue
		}
		for j, raw := range raws {
			part := w
			if j > 0 {
				rep := *w.report
				part = &fileWork{in: w.in, report: &rep, phase: w.phase, units: w.units}
			}
			part.raw = raw
			probs := part.readShape(opts)
			if len(probs) == 0 {
				var warns []Problem
				if probs, warns, err = decideLocale(ctx, c, part, opts); err != nil {
					return nil, false, err
				}
				part.phase("locale")
				for i := range probs {
					probs[i].File, probs[i].Sheet = part.in.Name, part.raw.Sheet
				}
				for i := range warns {
					warns[i].File, warns[i].Sheet = part.in.Name, part.raw.Sheet
				}
				part.report.Warnings = warns
				if part.shape.Content == ContentObservations {
					part.report.Locale = part.shape.Locale
				}
			}
			if len(probs) > 0 {
				part.report.Problems = probs
				ok = false
			}
			out = append(out, part)
		}
	}
	return out, ok, nil
}

// read hashes a file while DuckDB or a Go reader reads it.
func (in *Ingester) read(ctx context.Context, c *data.Conn, w *fileWork, table string, opts Options) ([]rawTable, []Problem, error) {
	type sum struct {
		hex string
		err error
	}
	sumc := make(chan sum, 1)
	go func() {
		if w.in.SHA256 != "" {
			sumc <- sum{w.in.SHA256, nil}
			return
		}
		h, err := fileSHA256(w.in.Path)
		sumc <- sum{h, err}
	}()
	raws, probs, err := in.readFormat(ctx, c, w, table, opts)
	s := <-sumc
	if s.err != nil {
		p := coded("ingest.cannot_read", "detail", s.err.Error())
		p.File = w.in.Name
		return nil, []Problem{p}, nil
	}
	w.report.SHA256 = s.hex
	return raws, probs, err
}

// readFormat checks a file's format and reads it with the reader for it. A
// reader that panics on a file refuses the file; the server lives on.
func (in *Ingester) readFormat(ctx context.Context, c *data.Conn, w *fileWork, table string, opts Options) (raws []rawTable, probs []Problem, err error) {
	defer func() {
		if p := recover(); p != nil {
			in.log.Error("ingest reader panic", "file", w.in.Name, "format", w.report.Format, "panic", p, "stack", string(debug.Stack()))
			p := coded("ingest.reader_failed", "format", w.report.Format)
			p.File = w.in.Name
			raws, probs, err = nil, []Problem{p}, nil
		}
	}()
	if in.beforeRead != nil {
		in.beforeRead(w.in)
	}
	format, m := detectFormat(w.in.Path, w.in.Name)
	if m.Code != "" {
		return nil, []Problem{{File: w.in.Name, Code: m.Code, Args: m.Args}}, nil
	}
	w.report.Format = format
	switch format {
	case FormatCSV:
		var raw rawTable
		raw, probs, err = readCSV(ctx, c, w.in, table)
		raws = []rawTable{raw}
	case FormatXLSX:
		raws, probs, err = readXLSX(ctx, c, w.in, opts.sheets(), table)
	case FormatParquet, FormatJSON:
		var raw rawTable
		raw, probs, err = readWithDuckDB(ctx, c, w.in, format, table)
		raws = []rawTable{raw}
	case FormatArrow:
		var raw rawTable
		raw, probs, err = readArrowIPC(ctx, c, w.in, table)
		raws = []rawTable{raw}
	}
	if err == nil && len(probs) == 0 {
		w.phase("read " + format)
	}
	return raws, probs, err
}

// readShape reads what a raw relation holds from its headers.
func (w *fileWork) readShape(opts Options) []Problem {
	fr := w.report
	fr.Rows, fr.Sheet = w.raw.Rows, w.raw.Sheet
	if w.preShaped {
		fr.Content, fr.Layout = ContentObservations, "report"
		return nil
	}
	if len(w.raw.Cols) == 0 || w.raw.Rows == 0 {
		p := coded("ingest.no_rows")
		p.File, p.Sheet = w.in.Name, w.raw.Sheet
		return []Problem{p}
	}
	sh, probs := detectShape(w.raw.Cols, opts.Locale)
	if len(opts.Units) > 0 && sh.Content != ContentObservations {
		probs = append(probs, coded("ingest.officer_observations_only", "content", sh.Content))
	}
	for i := range probs {
		probs[i].File, probs[i].Sheet = w.in.Name, w.raw.Sheet
	}
	w.shape = sh
	fr.Content, fr.Layout = sh.Content, sh.Layout
	if sh.Content == ContentObservations {
		fr.Locale = sh.Locale
	}
	return probs
}

// stageEarly stages and validates the observation files of a load that
// changes no catalog; it reports false when one is refused.
func (in *Ingester) stageEarly(ctx context.Context, c *data.Conn, work []*fileWork, opts Options) (bool, error) {
	for _, w := range work {
		if w.shape.Content != ContentObservations || w.creates() {
			return true, nil
		}
	}
	ok := true
	for _, w := range work {
		if err := in.stageAndValidate(ctx, c, w); err != nil {
			return false, err
		}
		if len(w.report.Problems) > 0 {
			ok = false
		}
	}
	// A lone file is compared with the store here too: the diff, made
	// outside the transaction, is read about twice as fast by the writes.
	// No other load or removal can change the store meanwhile (in.writing).
	if ok && len(work) == 1 && work[0].batch == nil {
		w := work[0]
		if stop, err := in.compare(ctx, c, w, opts); err != nil || stop {
			return len(w.report.Problems) == 0, err
		}
	}
	return ok, nil
}

// mergeAll merges the files, catalogs first, inside the load's transaction.
// It reports false when any file has a problem; the caller then rolls back.
func (in *Ingester) mergeAll(ctx context.Context, c *data.Conn, work []*fileWork, opts Options, started time.Time) (bool, error) {
	order := append([]*fileWork(nil), work...)
	sort.SliceStable(order, func(i, j int) bool {
		return rank(order[i].shape.Content) < rank(order[j].shape.Content)
	})
	// Every sheet's new entries first: a later sheet may name what an
	// earlier one creates.
	var units, indicators []NewEntry
	for _, w := range order {
		if w.report.Table != nil && len(w.report.Problems) == 0 {
			units, indicators = append(units, w.report.Table.NewUnits...), append(indicators, w.report.Table.NewIndicators...)
		}
	}
	if err := createEntries(ctx, c, units, indicators); err != nil {
		return false, err
	}
	ok, loaded := true, 0
	for _, w := range order {
		if err := in.stageAndMerge(ctx, c, w, opts, started); err != nil {
			return false, err
		}
		if len(w.report.Problems) > 0 {
			ok = false
			if opts.Partial {
				continue
			}
			// Later files may refer to what this one would have added, so
			// their problems would only repeat this one's.
			break
		}
		loaded++
	}
	if opts.Partial && loaded > 0 {
		ok = true
		// What the refused sheets would have added goes, unless a loaded
		// sheet uses it.
		for _, w := range order {
			if t := w.report.Table; t != nil && len(w.report.Problems) > 0 {
				if err := dropUnused(ctx, c, t.NewUnits, t.NewIndicators); err != nil {
					return false, err
				}
			}
		}
	}
	finish(work, opts.DryRun, ok)
	return ok, nil
}

// stageAndValidate stages a file of observations and checks it.
func (in *Ingester) stageAndValidate(ctx context.Context, c *data.Conn, w *fileWork) error {
	if w.batch != nil {
		return in.stageBatch(ctx, c, w.batch)
	}
	st, err := stageObservations(ctx, c, w.raw, w.shape, w.raw.Name+"_stage", w.units)
	if err != nil {
		return err
	}
	w.phase("stage")
	fr := w.report
	if fr.Problems, fr.MoreProblems, err = validateObservations(ctx, c, st, w.in.Name); err != nil {
		return err
	}
	if len(fr.Problems) > 0 && w.localeHead {
		// The first rows settled the locale: all of the values say whether
		// they prove both ways, the refusal then.
		w.shape.Locale = w.headersLocale
		probs, _, err := decideLocale(ctx, c, w, Options{})
		if err != nil {
			return err
		}
		fr.Locale = w.shape.Locale
		if len(probs) > 0 {
			for i := range probs {
				probs[i].File, probs[i].Sheet = w.in.Name, w.raw.Sheet
			}
			fr.Problems, fr.MoreProblems = probs, 0
		}
	}
	w.phase("validate")
	if len(fr.Problems) > 0 {
		fr.Refused = fr.Rows
	}
	w.staged = st
	return nil
}

// stageAndMerge validates a read file against the store as it stands after
// the files before it, and merges it.
func (in *Ingester) stageAndMerge(ctx context.Context, c *data.Conn, w *fileWork, opts Options, started time.Time) error {
	if w.batch != nil {
		return in.mergeBatch(ctx, c, w.batch, opts, started)
	}
	fr := w.report
	var err error
	if w.shape.Content == ContentObservations {
		if w.staged == nil {
			if err := in.stageAndValidate(ctx, c, w); err != nil {
				return err
			}
		}
		if len(fr.Problems) > 0 {
			return nil
		}
		if !w.compared {
			if stop, err := in.compare(ctx, c, w, opts); stop || err != nil {
				return err
			}
		}
		if len(fr.Problems) > 0 {
			return nil
		}
	} else {
		if strictRefusal(fr, opts) {
			return nil
		}
		w.diff, fr.Problems, fr.MoreProblems, err = stageTable(ctx, c, w.raw, w.shape, w.in.Name, fr)
		if err != nil {
			return err
		}
		if len(fr.Problems) > 0 {
			fr.Refused = fr.Rows
			return nil
		}
	}
	fr.Outcome = "unchanged"
	if fr.Inserted+fr.Updated > 0 {
		fr.Outcome = "loaded"
	}
	// A dry run merges too, inside the transaction it then rolls back, so that
	// a file's catalog entries count for the files after it.
	if !opts.DryRun {
		if fr.LoadID, err = in.recordLoad(ctx, c, fr, opts, started); err != nil {
			return err
		}
	}
	if fr.Outcome == "unchanged" {
		return nil
	}
	if w.shape.Content != ContentObservations {
		return applyTable(ctx, c, w.shape.Content, w.diff, fr.LoadID, in.now())
	}
	write := func() error { return applyObservations(ctx, c, w.staged, w.diff, fr.LoadID, in.now()) }
	if w.insertOnly {
		write = func() error { return insertFresh(ctx, c, w.staged, fr.LoadID, in.now()) }
	}
	if err := write(); err != nil {
		return err
	}
	w.phase("write")
	defer w.phase("hooks")
	return in.runHooks(ctx, c, w.diff, w.staged, w.insertOnly)
}

// compare checks a valid stage against the store: its warnings, then the
// diff, then what the diff may refuse. It reports stop when the file is
// refused, its problems in its report.
func (in *Ingester) compare(ctx context.Context, c *data.Conn, w *fileWork, opts Options) (stop bool, err error) {
	fr, st := w.report, w.staged
	w.compared = true
	if err := yearBlocks(ctx, c, st); err != nil {
		return true, err
	}
	warns, more, err := warnObservations(ctx, c, st, w.in.Name)
	if err != nil {
		return true, err
	}
	fr.Warnings, fr.MoreWarnings = append(fr.Warnings, warns...), fr.MoreWarnings+more
	w.phase("warnings")
	if strictRefusal(fr, opts) {
		return true, nil
	}
	w.stage = st.Table
	if w.diff, w.insertOnly, err = diffObservations(ctx, c, st, fr); err != nil {
		return true, err
	}
	w.phase("diff")
	// Only a file that may give estimates (a column of releases, or a wide
	// column of estimates) may put one over an official figure.
	if !w.insertOnly && st.Shape.has(FieldRelease) {
		if fr.Problems, err = estimateOverOfficial(ctx, c, w.diff, st, fr); err != nil || len(fr.Problems) > 0 {
			if len(fr.Problems) > 0 {
				fr.Refused = fr.Rows
			}
			return true, err
		}
	}
	if opts.DryRun {
		if err := listChanges(ctx, c, w.diff, fr); err != nil {
			return true, err
		}
	}
	return false, nil
}

// runHooks tells the merge hooks which series a write touched.
func (in *Ingester) runHooks(ctx context.Context, c *data.Conn, diff string, st *staged, insertOnly bool) error {
	if len(in.hooks) == 0 {
		return nil
	}
	touched := diff + "_touched"
	q := fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT unit_code, indicator_code,
		bool_or(action = 'insert' OR old_actual IS NULL AND actual IS NOT NULL) AS may_gap
		FROM %s WHERE action <> 'unchanged' GROUP BY ALL`,
		data.QuoteIdent(touched), data.QuoteIdent(diff))
	if insertOnly {
		// A series given its years in a row, by a load into a store that
		// held no observation, cannot have a gap (unless some actuals are
		// worked out from counts, which the series table does not see).
		q = fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT unit_code, indicator_code,
			%t OR (n_actual > 0 AND n_actual <> last_actual - first_actual + 1) AS may_gap FROM %s`,
			data.QuoteIdent(touched), st.Stored || st.countsOverTotals(), data.QuoteIdent(st.Series))
	}
	if _, err := c.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("ingest: touched series: %w", err)
	}
	for _, h := range in.hooks {
		if err := h(ctx, c, touched); err != nil {
			return err
		}
	}
	return nil
}

// strictRefusal, with Options.Strict, makes a file's warnings its problems
// and reports whether it did.
func strictRefusal(fr *FileReport, opts Options) bool {
	if !opts.Strict || len(fr.Warnings) == 0 {
		return false
	}
	fr.Problems, fr.MoreProblems = fr.Warnings, fr.MoreWarnings
	fr.Warnings, fr.MoreWarnings = nil, 0
	fr.Refused = fr.Rows
	return true
}

// creates says a piece of work adds units or indicators to the catalog.
func (w *fileWork) creates() bool {
	t := w.report.Table
	return t != nil && len(t.NewUnits)+len(t.NewIndicators) > 0
}

// splitRefused takes the refused pieces of work out, for --partial.
func splitRefused(work []*fileWork) (ok, refused []*fileWork, any bool) {
	for _, w := range work {
		if len(w.report.Problems) > 0 {
			refused = append(refused, w)
		} else {
			ok = append(ok, w)
		}
	}
	return ok, refused, len(ok) > 0
}

// finish sets each file's outcome once the load's fate is known.
func finish(work []*fileWork, dryRun, ok bool) {
	for _, w := range work {
		fr := w.report
		switch {
		case len(fr.Problems) > 0:
			fr.Outcome = "refused"
		case !ok:
			fr.Outcome = "refused"
			if len(fr.Problems) == 0 {
				p := coded("ingest.other_file_refused")
				p.File = fr.File
				fr.Problems = []Problem{p}
			}
		case dryRun && fr.Inserted+fr.Updated > 0:
			fr.Outcome = "would load"
		case dryRun:
			fr.Outcome = "unchanged"
		}
	}
}

func (in *Ingester) recordLoad(ctx context.Context, c *data.Conn, fr *FileReport, opts Options, started time.Time) (int64, error) {
	var id int64
	msg := ""
	if len(fr.Problems) > 0 {
		msg = fr.Problems[0].String()
	}
	err := c.QueryRowContext(ctx, `INSERT INTO loads (file_name, sha256, format, content, rows_read, rows_inserted,
		rows_updated, rows_unchanged, rows_refused, started_at, finished_at, outcome, message, loaded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		fr.File, fr.SHA256, fr.Format, fr.Content, fr.Rows, fr.Inserted, fr.Updated, fr.Unchanged, fr.Refused,
		started, in.now(), fr.Outcome, msg, opts.User).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("ingest: record load: %w", err)
	}
	return id, nil
}

// recordRefused writes the record of a refused load, after its transaction
// was rolled back, or of the files and sheets a partial load refused.
func (in *Ingester) recordRefused(ctx context.Context, rep *Report, opts Options, started time.Time) error {
	return in.store.WithConn(ctx, func(c *data.Conn) error {
		for i := range rep.Files {
			fr := &rep.Files[i]
			if rep.OK && (fr.Outcome != "refused" || fr.LoadID != 0) {
				continue
			}
			fr.Inserted, fr.Updated, fr.Unchanged = 0, 0, 0
			fr.Refused = fr.Rows
			id, err := in.recordLoad(ctx, c, fr, opts, started)
			if err != nil {
				return err
			}
			fr.LoadID = id
		}
		return nil
	})
}

func fileSHA256(path string) (string, error) { return hashFile(path, io.Discard) }

// hashFile gives a file's SHA-256, handing its bytes to also as it reads them.
func hashFile(path string, also io.Writer) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(h, also), f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// IsRefusal reports whether err says the input, not the machinery, was wrong.
func IsRefusal(err error) bool { return errors.Is(err, data.ErrInvalid) }
