package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

// errWALReplay marks the error of a store whose WAL cannot be replayed.
var errWALReplay = errors.New("the WAL cannot be replayed")

// walReplayFailure reports whether DuckDB's error says it could not replay
// a store's WAL.
func walReplayFailure(msg string) bool {
	return strings.Contains(msg, "replaying WAL") || strings.Contains(msg, "Failure while replaying")
}

// Recovery says what Recover did.
type Recovery struct {
	Path string // the store
	Kept string // where its WAL now is
	// LastLoad and LastLoadAt are the newest load the recovered store
	// holds (0 and zero when none).
	LastLoad   int64
	LastLoadAt time.Time
	HasLoads   bool // the store has a loads table (the private store has none)
	// Files are the names of loaded files the kept WAL mentions: loads it
	// held, now to be loaded again. A best effort: DuckDB's WAL is not
	// read as data, only searched for file names.
	Files []string
}

// Recover opens a store whose WAL DuckDB cannot replay: the WAL is moved
// aside, kept under a name with the time, and the store opens as of its
// last checkpoint. It refuses when the store opens as it is, or has no WAL.
func Recover(ctx context.Context, path string, now time.Time) (*Recovery, error) {
	const op = "recover"
	if _, err := os.Stat(path); err != nil {
		return nil, &Error{Op: op, Kind: ErrNotFound, Code: "store.none", Args: args("path", path), Err: err}
	}
	wal := path + ".wal"
	if _, err := os.Stat(wal); err != nil {
		return nil, &Error{Op: op, Kind: ErrInvalid, Code: "store.no_wal", Args: args("path", path), Err: err}
	}
	s, err := open(ctx, path, Options{})
	if err == nil {
		s.Close()
		return nil, Coded(op, ErrInvalid, "store.opens_fine", "path", path)
	}
	if !errors.Is(err, errWALReplay) {
		return nil, err
	}
	rec := &Recovery{Path: path, Kept: fmt.Sprintf("%s.%s.kept", wal, now.UTC().Format("20060102T150405Z"))}
	if b, err := os.ReadFile(wal); err == nil {
		rec.Files = fileNamesIn(b)
	}
	if err := os.Rename(wal, rec.Kept); err != nil {
		return nil, fmt.Errorf("%s: keep the WAL aside: %w", op, err)
	}
	s, err = open(ctx, path, Options{})
	if err != nil {
		return rec, &Error{Op: op, Code: "store.still_broken", Args: args("path", path, "kept", rec.Kept), Err: err}
	}
	defer s.Close()
	var id int64
	var at *time.Time
	// The private store has no loads table; its audit says what was loaded.
	if s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), max(finished_at) FROM loads`).Scan(&id, &at) == nil {
		rec.LastLoad, rec.HasLoads = id, true
		if at != nil {
			rec.LastLoadAt = *at
		}
	}
	return rec, s.Checkpoint(ctx)
}

// dataFileName finds names of the files chitieu loads among a WAL's bytes.
var dataFileName = regexp.MustCompile(`(?i)[\p{L}\p{N} _.,()+\-]{1,120}\.(csv|tsv|txt|xlsx|xls|parquet|json|ndjson|jsonl|arrow|arrows|ipc|feather)`)

func fileNamesIn(b []byte) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range dataFileName.FindAll(b, 1000) {
		name := strings.TrimSpace(string(m))
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
