package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/ingest"
	"chitieu/msg"
)

func (e *environment) ingest(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "ingest", "ingest")
	db := fs.String("db", "", fs.help("db"))
	dryRun := fs.Bool("dry-run", false, fs.help("dry-run"))
	locale := fs.String("locale", "", fs.help("locale"))
	strict := fs.Bool("strict", false, fs.help("strict"))
	lang := fs.String("lang", "vi", fs.help("lang"))
	asJSON := fs.Bool("json", false, fs.help("json"))
	var sheets stringList
	fs.Var(&sheets, "sheet", fs.help("sheet"))
	unit := fs.String("unit", "", fs.help("unit"))
	indicator := fs.String("indicator", "", fs.help("indicator"))
	create := fs.Bool("create-missing", false, fs.help("create-missing"))
	partial := fs.Bool("partial", false, fs.help("partial"))
	writeCatalog := fs.String("write-catalog", "", fs.help("write-catalog"))
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New(msg.Text(*lang, "cli.no_file", nil))
	}
	opts := ingest.Options{DryRun: *dryRun, Locale: *locale, Sheets: sheets, User: currentUser(e.getenv),
		Strict: *strict, Lang: msg.Lang(*lang), Unit: *unit, Indicator: *indicator, CreateMissing: *create, Partial: *partial}
	opts.Progress = e.progress(files)
	path := e.dbPath(*db)

	var rep *ingest.Report
	if srv, ok := findServer(ctx, path); ok {
		rep, err = ingestRemote(ctx, srv, files, opts, e.uploadBar(opts))
	} else {
		rep, err = ingestLocal(ctx, path, files, opts, e.logger(slog.LevelWarn))
	}
	if opts.Progress != nil {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return err
	}
	if *writeCatalog != "" {
		if err := os.WriteFile(*writeCatalog, []byte(rep.CatalogCSV()), 0o600); err != nil {
			return cliErr("cli.write_catalog", err)
		}
	}
	rep.Localize(opts.Lang)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprint(e.stdout, rep.Summary())
	}
	switch {
	case rep.Partial && opts.DryRun:
		return exitError{code: 3, msg: msg.Text(*lang, "cli.would_partly_load", nil)}
	case rep.Partial:
		return exitError{code: 3, msg: msg.Text(*lang, "cli.partly_loaded", nil)}
	case !rep.OK:
		n := 0
		for _, f := range rep.Files {
			n += len(f.Problems) + int(f.MoreProblems)
		}
		return errors.New(msg.Text(opts.Lang, "cli.refused", map[string]string{"n": strconv.Itoa(n)}))
	case opts.DryRun && !*asJSON:
		fmt.Fprintln(e.stdout, msg.Text(opts.Lang, "cli.dry_run", nil))
	}
	return nil
}

func ingestLocal(ctx context.Context, path string, files []string, opts ingest.Options, log *slog.Logger) (*ingest.Report, error) {
	a, err := openApp(ctx, path, appOptions{}, log)
	if err != nil {
		return nil, err
	}
	defer a.close()
	inputs := make([]ingest.Input, len(files))
	for i, f := range files {
		inputs[i] = ingest.Input{Name: filepath.Base(f), Path: f}
	}
	rep, err := a.ingester.Load(ctx, inputs, opts)
	if err == nil && !opts.DryRun {
		for _, f := range rep.Files {
			a.private.Audit(ctx, data.AuditEntry{Actor: opts.User, Action: "load", Object: f.File,
				Detail: fmt.Sprintf("%s %s from the command line: %d inserted, %d updated, %d unchanged, %d refused",
					f.Format, f.Content, f.Inserted, f.Updated, f.Unchanged, f.Refused), Rows: &f.Rows, Outcome: f.Outcome})
		}
	}
	return rep, err
}

// ingestRemote uploads the files to the running server.
func ingestRemote(ctx context.Context, srv remote, files []string, opts ingest.Options, bar io.Writer) (*ingest.Report, error) {
	q := url.Values{}
	if opts.DryRun {
		q.Set("dry_run", "true")
	}
	if opts.Locale != "" {
		q.Set("locale", opts.Locale)
	}
	for _, sh := range opts.Sheets {
		q.Add("sheet", sh)
	}
	for k, v := range map[string]string{"unit": opts.Unit, "indicator": opts.Indicator} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if opts.CreateMissing {
		q.Set("create_missing", "true")
	}
	if opts.Partial {
		q.Set("partial", "true")
	}
	if opts.Strict {
		q.Set("strict", "true")
	}
	q.Set("lang", msg.Lang(opts.Lang))
	resp, err := srv.postFiles(ctx, srv.base+"/api/ingest?"+q.Encode(), files, bar)
	if err != nil {
		return nil, cliErr("cli.upload_to", err, "url", srv.base)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnprocessableEntity {
		return nil, apiError(resp)
	}
	var rep ingest.Report
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
		return nil, cliErr("cli.read_server_report", err)
	}
	return &rep, nil
}

// progressThreshold is the size of input above which a terminal is shown how
// a load goes.
const progressThreshold = 20 << 20

// progress returns a reporter of each step of a load on stderr, when stderr
// is a terminal and the files are large; nil otherwise.
func (e *environment) progress(files []string) func(ingest.Progress) {
	f, ok := e.stderr.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	var total int64
	for _, p := range files {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	if total < progressThreshold {
		return nil
	}
	return func(p ingest.Progress) {
		line := fmt.Sprintf("%s: %s done after %.1f s", p.File, p.Phase, p.Elapsed.Seconds())
		if p.Rows > 0 && p.Elapsed > 0 {
			line += fmt.Sprintf(", %d rows, %.0f rows/s", p.Rows, float64(p.Rows)/p.Elapsed.Seconds())
		}
		fmt.Fprintf(f, "\r\033[K%s", line)
	}
}

func currentUser(getenv func(string) string) string {
	if u := getenv("USER"); u != "" {
		return u
	}
	return "cli"
}

// stringList is a flag that may repeat.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// exitError ends the program with its own status.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }
