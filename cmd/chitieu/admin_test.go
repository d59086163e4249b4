package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/internal/testutil"
)

func runWithStdin(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), err
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.duckdb")
	out, err := runWithStdin(t, "mật khẩu rất dài\n", "user", "add", "--db", db, "--role", "analyst", "--units", "syt", "lan")
	if err != nil {
		t.Fatalf("%v %s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if !strings.HasPrefix(token, "ct_") || len(token) != 67 {
		t.Errorf("the last line is not a token: %q", token)
	}
	if _, err := runWithStdin(t, "ngắn\n", "user", "add", "--db", db, "--role", "admin", "x"); err == nil || !strings.Contains(err.Error(), "Mật khẩu phải có ít nhất 10 ký tự") {
		t.Errorf("a short password: %v", err)
	}
	if _, err := runWithStdin(t, "mật khẩu rất dài\n", "user", "add", "--db", db, "--role", "boss", "y"); err == nil || !strings.Contains(err.Error(), `vai trò phải là viewer, analyst hoặc admin (xem, phân tích, quản trị), không phải "boss"`) {
		t.Errorf("an unknown role: %v", err)
	}
	out, _ = runWithStdin(t, "", "user", "list", "--db", db)
	if !strings.Contains(out, "lan") || !strings.Contains(out, "analyst") || !strings.Contains(out, "SYT") {
		t.Errorf("list: %s", out)
	}
	out, err = runWithStdin(t, "", "user", "token", "--db", db, "lan")
	second := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	if err != nil || !strings.HasPrefix(second, "ct_") || second == token {
		t.Errorf("token: %v %q", err, out)
	}
	if _, err := runWithStdin(t, "", "user", "revoke", "--db", db, token); err != nil {
		t.Errorf("revoke: %v", err)
	}
	if _, err := runWithStdin(t, "", "user", "revoke", "--db", db, token); err == nil {
		t.Error("a token revoked twice")
	}
	out, err = runWithStdin(t, "", "audit", "--db", db)
	for _, w := range []string{"user-add", "token-new", "token-revoke"} {
		if !strings.Contains(out, w) {
			t.Errorf("the audit lacks %s: %s %v", w, out, err)
		}
	}
	// The last user stays: removing them would turn logins off.
	if _, err := runWithStdin(t, "", "user", "remove", "--db", db, "lan"); err == nil || !strings.Contains(err.Error(), "người dùng cuối cùng") {
		t.Errorf("removing the last user: %v", err)
	}
	if _, err := runWithStdin(t, "mật khẩu rất dài\n", "user", "add", "--db", db, "--role", "admin", "quan"); err != nil {
		t.Fatal(err)
	}
	if _, err := runWithStdin(t, "", "user", "remove", "--db", db, "lan"); err != nil {
		t.Errorf("remove: %v", err)
	}
}

func TestServeRefusesAnOpenNetworkAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.duckdb")
	ctx := context.Background() // it refuses before it listens, so this returns
	var out, errOut bytes.Buffer
	err := run(ctx, []string{"serve", "--db", db, "--addr", "0.0.0.0:0"}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "từ chối phục vụ tại 0.0.0.0:0 khi chưa có người dùng") {
		t.Errorf("%v", err)
	}
}

// A backup restored into a new file holds every table as it was.
func TestBackupRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := sampleDB(t, "b.duckdb")
	if _, err := runWithStdin(t, "mật khẩu rất dài\n", "user", "add", "--db", db, "--role", "admin", "quan"); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "v2.csv")
	writeFile(t, csv, "year,unit,indicator,actual\n", func(w *bufio.Writer) { w.WriteString("2018,SYT,KHAM_BENH,5200000\n2019,SYT,KHAM_BENH,5300000\n") })
	if _, _, err := runCmd(t, "ingest", "--db", db, csv); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup")
	if out, err := runWithStdin(t, "", "backup", "--db", db, backup); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	// A backup is a folder to carry: it restores from where it was moved.
	moved := filepath.Join(dir, "carried")
	if err := os.Rename(backup, moved); err != nil {
		t.Fatal(err)
	}
	backup = moved
	restored := filepath.Join(dir, "restored.duckdb")
	if out, err := runWithStdin(t, "", "restore", backup, "--db", restored); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if _, err := runWithStdin(t, "", "restore", backup, "--db", restored); err == nil {
		t.Error("a restore overwrote an existing file")
	}
	for _, pair := range [][2]string{{db, restored}, {data.PrivatePath(db), data.PrivatePath(restored)}} {
		a, b := fingerprintOf(t, pair[0], pair[0] != db), fingerprintOf(t, pair[1], pair[0] != db)
		if a != b {
			t.Errorf("%s and %s differ:\n%s\n%s", pair[0], pair[1], a, b)
		}
	}
	// The restored database works: a new load continues its numbering.
	out, _, err := runCmd(t, "sql", "--db", restored, "--format", "csv", "select max(id) from loads")
	if err != nil || !strings.Contains(out, "\n4\n") {
		t.Errorf("%v %q", err, out)
	}
	if _, _, err := runCmd(t, "ingest", "--db", restored, csv); err != nil {
		t.Errorf("a load into the restored database: %v", err)
	}
}

func fingerprintOf(t *testing.T, path string, private bool) string {
	t.Helper()
	st, err := data.Open(context.Background(), path, data.Options{Private: private})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return testutil.FingerprintAll(t, st)
}
