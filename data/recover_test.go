package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"chitieu/msg"

	_ "github.com/duckdb/duckdb-go/v2"
)

// unreplayableWAL leaves beside the store at path a WAL DuckDB 1.5 cannot
// replay, as a process killed after a migration did: a load, then a comment
// on a column of a table with defaults, never checkpointed.
func unreplayableWAL(tb testing.TB, path, file string) {
	tb.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		tb.Fatal(err)
	}
	for _, q := range []string{
		"PRAGMA disable_checkpoint_on_shutdown",
		"SET checkpoint_threshold = '10GB'",
		"INSERT INTO loads (file_name, started_at, outcome) VALUES ('" + file + "', now(), 'loaded')",
		"COMMENT ON COLUMN loads.outcome IS 'changed by a migration'",
	} {
		if _, err := db.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	if fi, err := os.Stat(path + ".wal"); err != nil || fi.Size() == 0 {
		tb.Fatalf("no WAL was left: %v", err)
	}
}

func TestRecoverUnreplayableWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kho.duckdb")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	if err := s.db.QueryRowContext(ctx, `INSERT INTO loads (file_name, started_at, finished_at, outcome)
		VALUES ('bao-cao-2019.xlsx', now(), now(), 'loaded') RETURNING id`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	s.Close()
	unreplayableWAL(t, path, "so-lieu-2020.csv")

	_, err = Open(ctx, path, Options{})
	if err == nil {
		t.Fatal("DuckDB replayed the WAL: the test no longer shows the failure")
	}
	// Read as people read it: rendered from the catalogs, in Vietnamese.
	if text, _ := msg.Render(msg.VI, err); !strings.Contains(text, "chitieu recover --db "+path) || !strings.Contains(text, "nhật ký ghi") {
		t.Errorf("the failure does not say what to do: %s", text)
	}
	now := time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)
	rec, err := Recover(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Kept != path+".wal.20261207T010203Z.kept" {
		t.Errorf("kept as %s", rec.Kept)
	}
	if fi, err := os.Stat(rec.Kept); err != nil || fi.Size() == 0 {
		t.Errorf("the WAL was not kept: %v", err)
	}
	if !slices.Contains(rec.Files, "so-lieu-2020.csv") {
		t.Errorf("the WAL's load is not named: %v", rec.Files)
	}
	if rec.LastLoad != first {
		t.Errorf("last load %d, want %d", rec.LastLoad, first)
	}
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("after recover: %v", err)
	}
	var files string
	s.db.QueryRowContext(ctx, `SELECT string_agg(file_name, ',') FROM loads`).Scan(&files)
	s.Close()
	if files != "bao-cao-2019.xlsx" {
		t.Errorf("loads after recover: %s", files)
	}
	if _, err := Recover(ctx, path, now); !errors.Is(err, ErrInvalid) {
		t.Errorf("a second recover: %v", err)
	}
}

// A new store is put in place whole: no temporary file and no WAL stay,
// and a stale temporary file or orphan WAL from before does no harm.
func TestCreateInPlaceWhole(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kho.duckdb")
	os.WriteFile(path+".new", []byte("left by a killed creation"), 0o600)
	os.WriteFile(path+".wal", []byte("an orphan WAL"), 0o600)
	s, err := Open(ctx, path, Options{Init: func(ctx context.Context, s *Store) error {
		if s.Path() == path {
			t.Error("Init ran on the store in place")
		}
		_, err := s.DB().ExecContext(ctx, `INSERT INTO units (code, name_vi) VALUES ('SYT', 'Sở Y tế')`)
		return err
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Created() {
		t.Error("not reported as created")
	}
	s.Close()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"kho.duckdb"}) {
		t.Errorf("files after creation: %v", names)
	}
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM units`).Scan(&n)
	if n != 1 || s.Created() {
		t.Errorf("%d units, created %v", n, s.Created())
	}
	t.Run("an Init that fails leaves nothing", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.duckdb")
		_, err := Open(ctx, p, Options{Init: func(context.Context, *Store) error { return errors.New("no") }})
		if err == nil {
			t.Fatal("opened")
		}
		if m, _ := filepath.Glob(p + "*"); len(m) > 0 {
			t.Errorf("left %v", m)
		}
	})
}
