// Package data owns the DuckDB store: opening it, its schema, and the
// connections other packages borrow. It is the only package that imports the
// DuckDB driver.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Options configure how a store is opened.
type Options struct {
	// Sandbox turns off DuckDB's access to files, network and environment for
	// every statement run on this store, except the folders in AllowedDirs,
	// and locks the configuration so no statement can turn it back on.
	Sandbox     bool
	AllowedDirs []string
	// MemoryLimit is DuckDB's memory_limit, e.g. "4GB"; empty keeps DuckDB's default.
	MemoryLimit string
	// Threads caps DuckDB's worker threads; 0 keeps DuckDB's default.
	Threads int
	Log     *slog.Logger
	// Private opens the private store (users, sessions, saved queries,
	// audit) rather than the data store.
	Private bool
	// Init, when set, runs on a store being created, before it is put in
	// place: what it writes is part of the new store or of nothing.
	Init func(ctx context.Context, s *Store) error
}

// Store is an open DuckDB database with the chitieu schema.
type Store struct {
	db        *sql.DB
	connector *duckdb.Connector
	path      string
	created   bool
	log       *slog.Logger
	guard     []string // paths analysts' SQL may not name (see guardQuery)
}

// Open opens the database at path, creating it when it does not exist, and
// brings its schema up to date. An empty path or ":memory:" opens a database
// in memory, which counts as created.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	const op = "data.Open"
	created := true
	if path != "" && path != ":memory:" {
		if _, err := os.Stat(path); err == nil {
			created = false
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, &Error{Op: op, Kind: ErrInvalid, Code: "store.cannot_read", Args: args("path", path), Err: err}
		}
	}
	if created && path != "" && path != ":memory:" {
		if err := create(ctx, path, opts); err != nil {
			return nil, err
		}
	}
	s, err := open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	if inMemory := path == "" || path == ":memory:"; inMemory && opts.Init != nil {
		if err := opts.Init(ctx, s); err != nil {
			s.Close()
			return nil, err
		}
	}
	s.created = created
	return s, nil
}

// open opens the database at path and sets it up.
func open(ctx context.Context, path string, opts Options) (*Store, error) {
	const op = "data.Open"
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dsn := path
	if dsn == ":memory:" {
		dsn = ""
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openError(op, path, err)
	}
	s := &Store{db: sql.OpenDB(connector), connector: connector, path: path, log: log,
		guard: guardedPaths(path, opts.AllowedDirs)}
	if err := s.setup(ctx, opts); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("%s %s: %w", op, path, err)
	}
	return s, nil
}

// create builds a new store under a temporary name, beside where it goes:
// schema, Init's work, then a checkpoint, so the file holds everything and
// no WAL is left; only then is it renamed into place. A process killed
// meanwhile leaves no store at path (and a stale temporary file the next
// creation removes), never a store whose WAL cannot be replayed.
func create(ctx context.Context, path string, opts Options) error {
	tmp := path + ".new"
	removeStore(tmp)
	// A WAL without its store belongs to a store removed by hand; DuckDB
	// would replay it into the new one.
	_ = os.Remove(path + ".wal")
	s, err := open(ctx, tmp, opts)
	if err != nil {
		removeStore(tmp)
		return err
	}
	if opts.Init != nil {
		err = opts.Init(ctx, s)
	}
	if err == nil {
		err = s.Checkpoint(ctx)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if fi, serr := os.Stat(tmp + ".wal"); serr == nil && fi.Size() > 0 {
			err = fmt.Errorf("data.Open %s: the new store kept a WAL after its checkpoint", path)
		}
	}
	if err != nil {
		removeStore(tmp)
		return err
	}
	_ = os.Remove(tmp + ".wal")
	if err := os.Rename(tmp, path); err != nil {
		removeStore(tmp)
		return fmt.Errorf("data.Open: put the new store in place: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func removeStore(p string) {
	_ = os.Remove(p)
	_ = os.Remove(p + ".wal")
}

// Checkpoint writes everything the WAL holds into the database file. The
// schema is never left waiting in the WAL: DuckDB 1.5 cannot replay some
// DDL (a comment on a column with a default) after a crash.
func (s *Store) Checkpoint(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("data: checkpoint: %w", err)
	}
	return nil
}

func (s *Store) setup(ctx context.Context, opts Options) error {
	dir := "migrations"
	if opts.Private {
		dir = "private_migrations"
	}
	if err := migrate(ctx, s.db, dir, s.log); err != nil {
		return err
	}
	var stmts []string
	if !opts.Private {
		// A checkpoint would otherwise merge the uneven row groups a large
		// load writes (their sizes follow the CSV reader's buffers) and so
		// write the whole load a second time: 0.3 s of a 2M-row load. The
		// store rarely deletes, so there is little else for vacuuming to do.
		stmts = append(stmts, "SET max_vacuum_tasks = 0")
	}
	if opts.MemoryLimit != "" {
		stmts = append(stmts, "SET memory_limit = "+quote(opts.MemoryLimit))
	}
	if opts.Threads > 0 {
		stmts = append(stmts, fmt.Sprintf("SET threads = %d", opts.Threads))
	}
	if opts.Sandbox {
		dirs := make([]string, len(opts.AllowedDirs))
		for i, d := range opts.AllowedDirs {
			dirs[i] = quote(strings.TrimSuffix(d, "/") + "/")
		}
		stmts = append(stmts,
			"SET allowed_directories = ["+strings.Join(dirs, ", ")+"]",
			"SET enable_external_access = false",
			"SET autoinstall_known_extensions = false",
			"SET autoload_known_extensions = false",
			"SET lock_configuration = true",
		)
	}
	// These settings are global to the database instance, so one connection
	// sets them for every connection the pool opens later.
	for _, q := range stmts {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("configure %q: %w", q, err)
		}
	}
	return nil
}

// guardedPaths are the files analysts' SQL may not name: the store, the
// private store and their WALs, and the folders the server reads uploads from.
func guardedPaths(path string, dirs []string) []string {
	var out []string
	if path != "" && path != ":memory:" {
		for _, p := range []string{path, PrivatePath(path)} {
			out = append(out, p)
			if abs, err := filepath.Abs(p); err == nil && abs != p {
				out = append(out, abs)
			}
		}
	}
	for _, d := range dirs {
		if d = strings.TrimSuffix(d, "/"); len(d) > 1 {
			out = append(out, d)
		}
	}
	return out
}

// openError turns DuckDB's lock conflict into ErrBusy with a plain reason.
func openError(op, path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") || sharingViolation(msg) {
		return &Error{Op: op, Kind: ErrBusy, Code: "store.busy", Args: args("path", path, "holder", conflictHolder(msg)), Err: err}
	}
	if walReplayFailure(msg) {
		return &Error{Op: op, Code: "store.wal_replay", Args: args("path", path), Err: fmt.Errorf("%w: %w", errWALReplay, err)}
	}
	return &Error{Op: op, Code: "store.cannot_open", Args: args("path", path), Err: err}
}

// conflictHolder extracts "PID n" from DuckDB's lock message when present.
func conflictHolder(msg string) string {
	if i := strings.Index(msg, "(PID "); i >= 0 {
		if j := strings.Index(msg[i:], ")"); j > 0 {
			return msg[i+1 : i+j]
		}
	}
	return "another chitieu or duckdb process"
}

// PrivatePath is where the private store of a data store at path lives.
func PrivatePath(path string) string {
	if path == "" || path == ":memory:" {
		return path
	}
	return strings.TrimSuffix(path, ".duckdb") + ".private.duckdb"
}

// Path is the database file, or "" in memory.
func (s *Store) Path() string { return s.path }

// Created reports whether Open created a new database.
func (s *Store) Created() bool { return s.created }

// DB is the connection pool; every query on it runs under the store's settings.
func (s *Store) DB() *sql.DB { return s.db }

// Close checkpoints and closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if cerr := s.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

// quote makes a SQL string literal. DuckDB's parser ends a statement at a
// NUL byte, so a NUL in the text (a file may hold one) is spliced in with
// chr(0).
func quote(s string) string {
	parts := strings.Split(s, "\x00")
	for i, p := range parts {
		parts[i] = "'" + strings.ReplaceAll(p, "'", "''") + "'"
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " || chr(0) || ") + ")"
}

// QuoteIdent makes a SQL identifier.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// QuoteString makes a SQL string literal.
func QuoteString(s string) string { return quote(s) }
