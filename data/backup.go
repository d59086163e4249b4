package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Backup writes the store into dir with DuckDB's EXPORT DATABASE: the schema
// (tables, views, macros, sequences) as SQL and every table as Parquet.
func (s *Store) Backup(ctx context.Context, dir string) error {
	if _, err := s.db.ExecContext(ctx, "EXPORT DATABASE "+quote(dir)+" (FORMAT parquet, COMPRESSION zstd)"); err != nil {
		return fmt.Errorf("backup to %s: %w", dir, err)
	}
	return nil
}

// Restore creates a new database at path from a backup in dir. It refuses a
// path that exists: a restore never overwrites.
func Restore(ctx context.Context, dir, path string) error {
	if _, err := os.Stat(path); err == nil {
		return E("restore", ErrConflict, "%s exists; restore into a new file", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return E("restore", ErrNotFound, "no backup at %s", dir)
	}
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db := sql.OpenDB(connector)
	_, err = db.ExecContext(ctx, "IMPORT DATABASE "+quote(dir))
	cerr := db.Close()
	connector.Close()
	if err != nil {
		os.Remove(path)
		os.Remove(path + ".wal")
		return fmt.Errorf("restore from %s: %w", dir, err)
	}
	return cerr
}
