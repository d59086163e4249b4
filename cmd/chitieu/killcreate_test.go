package main

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // to leave a broken WAL, as a killed process does
)

// serve killed with SIGKILL at any moment from its first instant on a new
// store leaves either no store or one that opens with everything a new
// store has (the sample's 7 units): never a WAL DuckDB cannot replay.
func TestKillFromCreationReopens(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts serve a dozen times")
	}
	bin := buildBinary(t)
	states := map[string]int{}
	for _, ms := range []int{0, 20, 50, 100, 150, 200, 300, 450, 600, 800, 1200, 2000, 4000} {
		delay := time.Duration(ms) * time.Millisecond
		db := filepath.Join(t.TempDir(), "kho.duckdb")
		cmd := exec.Command(bin, "serve", "--sample", "--db", db, "--addr", "127.0.0.1:0")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(db); os.IsNotExist(err) {
			t.Logf("killed after %v: no store yet", delay)
			states["none"]++
			continue
		}
		// Open it as a second process would, WAL and all.
		out, err := exec.Command(bin, "sql", "--db", db, "--format", "csv", "SELECT count(*) FROM units").CombinedOutput()
		if err != nil {
			t.Fatalf("killed after %v: the store does not reopen: %v\n%s", delay, err, out)
		}
		if got := strings.TrimSpace(string(out)); !strings.HasSuffix(got, "\n7") {
			t.Errorf("killed after %v: the store reopens with %q units, want the sample's 7", delay, got)
		}
		t.Logf("killed after %v: reopens with the sample", delay)
		states["opens"]++
	}
	if states["none"] == 0 || states["opens"] == 0 {
		t.Errorf("kills %v: want some before the store was in place and some after, else the test proved little", states)
	}
}

// chitieu recover keeps an unreplayable WAL aside, opens the store as of
// its last checkpoint and names the loads the WAL held.
func TestRecoverCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kho.duckdb")
	if _, errOut, err := runCmd(t, "sample", "--db", db); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	brokenWAL(t, db, "so-lieu-2020.xlsx")
	_, _, err := runCmd(t, "sql", "--db", db, "SELECT count(*) FROM units")
	if err == nil || !strings.Contains(err.Error(), "chitieu recover --db "+db) {
		t.Fatalf("opening a store with a broken WAL: %v", err)
	}
	out, errOut, err := runCmd(t, "recover", "--db", db)
	if err != nil {
		t.Fatalf("recover: %v\n%s%s", err, out, errOut)
	}
	t.Logf("recover says:\n%s", out)
	for _, want := range []string{"Đã cất nhật ký ghi", ".kept", "so-lieu-2020.xlsx", "hãy nạp lại", "lần nạp cuối kho còn giữ là lần số 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("recover's report lacks %q", want)
		}
	}
	if m, _ := filepath.Glob(db + ".wal.*.kept"); len(m) != 1 {
		t.Errorf("kept WALs: %v", m)
	}
	if out, _, err := runCmd(t, "sql", "--db", db, "--format", "csv", "SELECT count(*) FROM units"); err != nil || out != "count_star()\n7\n" {
		t.Errorf("after recover: %v %q", err, out)
	}
	if _, _, err := runCmd(t, "recover", "--db", db); err == nil {
		t.Error("a second recover found something to do")
	}
}

// brokenWAL leaves a WAL DuckDB 1.5 cannot replay beside the store at db,
// as a process killed after a migration did: a load, then a comment on a
// column of a table with defaults, never checkpointed.
func brokenWAL(t *testing.T, db, file string) {
	t.Helper()
	conn, err := sql.Open("duckdb", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		"PRAGMA disable_checkpoint_on_shutdown",
		"SET checkpoint_threshold = '10GB'",
		"INSERT INTO loads (file_name, started_at, outcome) VALUES ('" + file + "', now(), 'loaded')",
		"COMMENT ON COLUMN loads.outcome IS 'changed by a migration'",
	} {
		if _, err := conn.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
