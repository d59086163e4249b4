package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Backup writes the store into dir with DuckDB's EXPORT DATABASE: the schema
// (tables, views, macros, sequences) as SQL and every table as Parquet.
func (s *Store) Backup(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup to %s: %w", dir, err)
	}
	if _, err := s.db.ExecContext(ctx, "EXPORT DATABASE "+quote(dir)+" (FORMAT parquet, COMPRESSION zstd)"); err != nil {
		return fmt.Errorf("backup to %s: %w", dir, err)
	}
	return private(dir)
}

// private makes a backup its owner's only, whatever DuckDB created it with:
// folders 0700, files 0600.
func private(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := os.FileMode(0o600)
		if d.IsDir() {
			mode = 0o700
		}
		return os.Chmod(path, mode)
	})
}

// Restore creates a new database at path from a backup in dir. It refuses a
// path that exists: a restore never overwrites.
func Restore(ctx context.Context, dir, path string) error {
	if _, err := os.Stat(path); err == nil {
		return Coded("restore", ErrConflict, "restore.exists", "path", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return Coded("restore", ErrNotFound, "restore.no_backup", "dir", dir)
	}
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db := sql.OpenDB(connector)
	err = importDatabase(ctx, db, dir)
	cerr := db.Close()
	connector.Close()
	if err != nil {
		os.Remove(path)
		os.Remove(path + ".wal")
		return fmt.Errorf("restore from %s: %w", dir, err)
	}
	if cerr != nil {
		return cerr
	}
	return os.Chmod(path, 0o600)
}

// importDatabase does what IMPORT DATABASE does, in an order that works:
// DuckDB 1.5 exports table macros before the views they read, so its own
// import fails on our schema. Statements that fail for a missing catalog
// entry are retried after the others until no more succeed. Data files are
// read from dir, wherever the backup was moved.
func importDatabase(ctx context.Context, db *sql.DB, dir string) error {
	schema, err := os.ReadFile(filepath.Join(dir, "schema.sql"))
	if err != nil {
		return Coded("restore", ErrNotFound, "restore.not_backup", "dir", dir, "file", "schema.sql")
	}
	pending := exportStatements(string(schema))
	for len(pending) > 0 {
		var failed []string
		var lastErr error
		for _, stmt := range pending {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				failed, lastErr = append(failed, stmt), err
			}
		}
		if len(failed) == len(pending) {
			return lastErr
		}
		pending = failed
	}
	load, err := os.ReadFile(filepath.Join(dir, "load.sql"))
	if err != nil {
		return Coded("restore", ErrNotFound, "restore.not_backup", "dir", dir, "file", "load.sql")
	}
	for _, stmt := range exportStatements(string(load)) {
		// COPY name FROM 'path' (...): the path is where the export was written.
		open := strings.Index(stmt, " FROM '")
		if open < 0 {
			return Coded("restore", ErrInvalid, "restore.unexpected", "statement", clipText(stmt))
		}
		rest := stmt[open+len(" FROM '"):]
		end := strings.Index(rest, "'")
		if end < 0 {
			return Coded("restore", ErrInvalid, "restore.unexpected", "statement", clipText(stmt))
		}
		file := filepath.Join(dir, filepath.Base(strings.ReplaceAll(rest[:end], "''", "'")))
		stmt = stmt[:open] + " FROM " + quote(file) + rest[end+1:]
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// exportStatements splits an EXPORT DATABASE script: one statement per line.
func exportStatements(script string) []string {
	var out []string
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimRight(line, ";")
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}
