//go:build unix

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Everything chitieu writes is its owner's only, whatever umask it was
// started with: the store, its WAL, the private store, backups and
// exports.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	db := filepath.Join(dir, "store", "p.duckdb")
	os.MkdirAll(filepath.Dir(db), 0o755)
	steps := [][]string{
		{"sample", "--db", db},
		{"user", "add", "--db", db, "--role", "admin", "quan"},
		{"sql", "--db", db, "--format", "csv", "-o", filepath.Join(dir, "out.csv"), "select * from observations"},
		{"chart", "--db", db, "--indicator", "KHAM_BENH", "--format", "html", "-o", filepath.Join(dir, "chart.html")},
		{"report", "--db", db, "--year", "2018", "--out", filepath.Join(dir, "report")},
		{"backup", "--db", db, filepath.Join(dir, "backup")},
	}
	for _, args := range steps {
		syscall.Umask(0o022) // as a shell would leave it
		if out, err := runWithStdin(t, "mật khẩu rất dài\n", args...); err != nil {
			t.Fatalf("%v: %v %s", args, err, out)
		}
	}
	seen := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir || path == filepath.Dir(db) {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		seen++
		if info.Mode().Perm()&0o077 != 0 {
			rel, _ := filepath.Rel(dir, path)
			t.Errorf("%s is %v: others may read it", rel, info.Mode().Perm())
		}
		return nil
	})
	if seen < 10 {
		t.Errorf("only %d files checked", seen)
	}
}
