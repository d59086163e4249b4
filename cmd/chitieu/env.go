package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"strings"

	"chitieu/analytics"
	"chitieu/auth"
	"chitieu/data"
	"chitieu/ingest"
	"chitieu/msg"
)

// environment is what every command receives from main.
type environment struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (e *environment) logger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// dbPath is --db, else $CHITIEU_DB, else chitieu.duckdb in this folder
// (on Windows in Documents\chitieu, where a double-click keeps it).
func (e *environment) dbPath(flagValue string) string {
	switch {
	case flagValue != "":
		return flagValue
	case e.getenv("CHITIEU_DB") != "":
		return e.getenv("CHITIEU_DB")
	}
	return defaultStore(e.getenv)
}

// parseInterleaved parses flags that may come before or after the
// positional arguments, as users type them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// app is an open store with the packages wired around it.
type app struct {
	store     *data.Store
	private   *data.Store // users, sessions, saved queries, audit
	auth      *auth.Service
	analytics *analytics.Service
	ingester  *ingest.Ingester
	spool     string
	log       *slog.Logger
}

// appOptions say how a command opens the store.
type appOptions struct {
	// sandbox turns off DuckDB's own file access except the spool folder.
	sandbox     bool
	memoryLimit string
	// sample loads the bundled sample into a store this call creates
	// (chitieu serve --sample); any other new store starts empty.
	sample bool
}

// openApp opens (or creates, empty or with the sample) the database.
func openApp(ctx context.Context, path string, opts appOptions, log *slog.Logger) (*app, error) {
	spool, err := os.MkdirTemp("", "chitieu-spool-")
	if err != nil {
		return nil, err
	}
	// A new store gets its analytics (and, with --sample, the sample) before
	// it is put in place, so a store that exists always has them.
	initStore := func(ctx context.Context, s *data.Store) error {
		if err := analytics.Install(ctx, s.DB()); err != nil {
			return err
		}
		if !opts.sample {
			return nil
		}
		rep, err := newIngester(s, log).LoadSample(ctx, spool, msg.VI)
		if err == nil && rep != nil && !rep.OK {
			err = cliErr("cli.sample_bundled_refused", nil, "summary", rep.Summary())
		}
		return err
	}
	store, err := data.Open(ctx, path, data.Options{Sandbox: opts.sandbox, AllowedDirs: []string{spool},
		MemoryLimit: opts.memoryLimit, Log: log, Init: initStore})
	if err != nil {
		os.RemoveAll(spool)
		if errors.Is(err, data.ErrBusy) {
			if srv, ok := findServer(ctx, path); ok {
				return nil, cliErr("cli.db_held", nil, "db", path, "url", srv.base)
			}
			return nil, cliErr("cli.db_busy", nil, "reason", errText(langOf(ctx), err), "file", serverFile(path))
		}
		return nil, err
	}
	if store.Created() && opts.sample {
		log.Info(msg.Text(langOf(ctx), "cli.created_with_sample", nil), "db", path)
	}
	private, err := data.Open(ctx, data.PrivatePath(path), data.Options{Private: true, Log: log})
	if err != nil {
		store.Close()
		os.RemoveAll(spool)
		return nil, err
	}
	a := &app{store: store, private: private, auth: auth.New(private, log), analytics: analytics.New(store.DB()),
		ingester: newIngester(store, log), spool: spool, log: log}
	// The analytics' views are replaced at every start (a new binary brings
	// new definitions); the checkpoint keeps that DDL out of the WAL.
	if err := analytics.Install(ctx, store.DB()); err != nil {
		a.close()
		return nil, err
	}
	if err := store.Checkpoint(ctx); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// newIngester wires the ingester with the analytics' merge hook, which keeps
// report_gaps in step inside each load's transaction.
func newIngester(store *data.Store, log *slog.Logger) *ingest.Ingester {
	return ingest.New(store, log, func(ctx context.Context, c *data.Conn, touched string) error {
		return analytics.RefreshGaps(ctx, c, touched)
	})
}

func (a *app) close() error {
	err := a.store.Close()
	if perr := a.private.Close(); err == nil {
		err = perr
	}
	os.RemoveAll(a.spool)
	return err
}

// splitList splits "A,B" into its items.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
