package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"chitieu/data"
	"chitieu/msg"
)

// backup is chitieu backup [--db] DIR: the data store and the private store,
// each exported as Parquet per table plus its schema, into DIR/data and
// DIR/private.
func (e *environment) backup(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "backup", "backup")
	db := fs.String("db", "", fs.help("db"))
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cliErr("cli.backup_dir", nil)
	}
	dir := pos[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return cliErr("cli.backup_not_empty", nil, "dir", dir)
	}
	path := e.dbPath(*db)
	if srv, ok := findServer(ctx, path); ok {
		return cliErr("cli.backup_server", nil, "url", srv.base, "db", path)
	}
	if _, err := os.Stat(path); err != nil {
		return cliErr("cli.backup_no_db", nil, "db", path)
	}
	a, err := openApp(ctx, path, appOptions{}, e.logger(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.close()
	// DuckDB creates only the last folder of an export path.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := a.store.Backup(ctx, filepath.Join(dir, "data")); err != nil {
		return err
	}
	if err := a.private.Backup(ctx, filepath.Join(dir, "private")); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg.New("cli.backed_up", "db", path, "dir", dir).Text(langOf(ctx)))
	return nil
}

// restore is chitieu restore DIR --db NEW.
func (e *environment) restore(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "restore", "restore")
	db := fs.String("db", "", fs.help("db"))
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *db == "" {
		return cliErr("cli.restore_usage", nil)
	}
	dir := pos[0]
	if err := data.Restore(ctx, filepath.Join(dir, "data"), *db); err != nil {
		return err
	}
	if err := data.Restore(ctx, filepath.Join(dir, "private"), data.PrivatePath(*db)); err != nil {
		os.Remove(*db)
		return err
	}
	fmt.Fprintln(e.stdout, msg.New("cli.restored", "db", *db, "dir", dir).Text(langOf(ctx)))
	return nil
}
