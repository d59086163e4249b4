package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCliLangFindsTheLanguage(t *testing.T) {
	for _, tc := range []struct {
		name, cmd, env string
		args           []string
		lang           string
		rest           []string
	}{
		{"default", "sql", "", []string{"--db", "x", "SELECT 1"}, "vi", []string{"--db", "x", "SELECT 1"}},
		{"flag taken out", "sql", "", []string{"--lang", "en", "SELECT 1"}, "en", []string{"SELECT 1"}},
		{"flag= taken out", "backup", "", []string{"DIR", "--lang=en"}, "en", []string{"DIR"}},
		{"kept for ingest", "ingest", "", []string{"--lang", "en", "a.csv"}, "en", []string{"--lang", "en", "a.csv"}},
		{"environment", "sql", "en", []string{"SELECT 1"}, "en", []string{"SELECT 1"}},
		{"environment to ingest", "ingest", "EN", []string{"a.csv"}, "en", []string{"--lang", "en", "a.csv"}},
		{"flag beats environment", "sql", "en", []string{"--lang", "vi", "SELECT 1"}, "vi", []string{"SELECT 1"}},
		{"after -- untouched", "sql", "", []string{"--", "--lang", "en"}, "vi", []string{"--", "--lang", "en"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lang, rest := cliLang(tc.cmd, tc.args, func(k string) string {
				if k == "CHITIEU_LANG" {
					return tc.env
				}
				return ""
			})
			if lang != tc.lang || !slices.Equal(rest, tc.rest) {
				t.Errorf("got %q %q, want %q %q", lang, rest, tc.lang, tc.rest)
			}
		})
	}
}

func TestCommandLineErrorsInBothLanguages(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.duckdb")
	for _, tc := range []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"unknown vi", []string{"frobnicate"}, "", `không có lệnh "frobnicate"`},
		{"unknown en", []string{"frobnicate", "--lang", "en"}, "", `unknown command "frobnicate"`},
		{"serve vi", []string{"serve", "--db", db, "--addr", "0.0.0.0:0"}, "", "từ chối phục vụ tại 0.0.0.0:0 khi chưa có người dùng"},
		{"serve en", []string{"serve", "--lang", "en", "--db", db, "--addr", "0.0.0.0:0"}, "", "refusing to serve on 0.0.0.0:0 without users"},
		{"serve env en", []string{"serve", "--db", db, "--addr", "0.0.0.0:0"}, "en", "refusing to serve on 0.0.0.0:0 without users"},
		{"size en, wrapped", []string{"serve", "--db", db, "--max-upload", "lots", "--lang", "en"}, "", `--max-upload: "lots" is not a size: write it like 256MiB, 512MB or 1GB`},
		{"sql vi", []string{"sql", "--db", db}, "", "sql: hãy nêu một truy vấn"},
		{"sql en", []string{"sql", "--db", db, "--lang=en"}, "", "sql: give a query"},
		{"start en", []string{"start", "--lang", "en", "--db", db, "--addr", "0.0.0.0:8080"}, "", "start serves on this machine only"},
		{"sheet too small vi", []string{"sql", "--db", db, "--format", "xlsx", "-o", filepath.Join(filepath.Dir(db), "big.xlsx"), "SELECT * FROM range(1048576)"}, "", "nhiều dòng hơn một trang tính chứa được (1.048.575)"},
		{"sheet too small en", []string{"sql", "--lang", "en", "--db", db, "--format", "xlsx", "-o", filepath.Join(filepath.Dir(db), "big.xlsx"), "SELECT * FROM range(1048576)"}, "", "more rows than a sheet holds (1,048,575)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runLang(t, tc.env, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// The usage, the flags' help and parse errors, and the refusals of the
// layers below (the SQL guard, the store, users) read in Vietnamese by
// default and in English with --lang en or CHITIEU_LANG=en.
func TestUsageAndRefusalsInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	for _, tc := range []struct {
		name  string
		args  []string
		env   string
		where string // "out", "err" (standard error) or "error" (what run returns)
		want  string
	}{
		{"usage vi", []string{"help"}, "", "out", "chitieu: chỉ tiêu hằng năm, tăng trưởng và mức đạt kế hoạch"},
		{"usage en", []string{"help", "--lang", "en"}, "", "out", "chitieu: yearly indicators, growth and plan attainment"},
		{"usage env en", []string{"help"}, "en", "out", "--db defaults to $CHITIEU_DB"},
		{"no command vi", []string{"frobnicate"}, "", "err", "chitieu ingest [--db ĐƯỜNG_DẪN]"},
		{"flag help vi", []string{"ingest", "-h"}, "", "err", "cho biết những gì sẽ được thêm, sửa và bị từ chối; không ghi gì"},
		{"flag help en", []string{"ingest", "-h", "--lang", "en"}, "", "err", "show what would be inserted, updated and refused; write nothing"},
		{"flag default vi", []string{"serve", "-h"}, "", "err", "địa chỉ lắng nghe (mặc định: 127.0.0.1:8080)"},
		{"flag help env en", []string{"sql", "-h"}, "en", "err", "Usage: chitieu sql [options]"},
		{"unknown flag vi", []string{"sql", "--bogus", "x"}, "", "error", "không có tuỳ chọn --bogus"},
		{"unknown flag en", []string{"sql", "--bogus", "x", "--lang", "en"}, "", "error", "no such option: --bogus"},
		{"bad value vi", []string{"chart", "--width", "rộng"}, "", "error", `giá trị "rộng" không dùng được cho tuỳ chọn --width`},
		{"missing value en", []string{"audit", "--limit"}, "en", "error", "the option --limit needs a value"},
		{"sql guard vi", []string{"sql", "--db", db, "DELETE FROM units"}, "", "error", "không được dùng DELETE ở đây: bảng điều khiển này chỉ đọc"},
		{"sql guard en", []string{"sql", "--db", db, "--lang", "en", "DELETE FROM units"}, "", "error", "DELETE is not allowed here: this console only reads"},
		{"sql file vi", []string{"sql", "--db", db, "SELECT * FROM read_csv('/etc/passwd')"}, "", "error", "hàm read_csv đọc tệp"},
		{"restore vi", []string{"restore", filepath.Join(dir, "none"), "--db", filepath.Join(dir, "new.duckdb")}, "", "error", "không có bản sao lưu tại"},
		{"restore en", []string{"restore", filepath.Join(dir, "none"), "--db", filepath.Join(dir, "new.duckdb"), "--lang", "en"}, "", "error", "no backup at"},
		{"recover vi", []string{"recover", "--db", filepath.Join(dir, "none.duckdb")}, "", "out", "không có kho"},
		{"recover en", []string{"recover", "--db", filepath.Join(dir, "none.duckdb")}, "en", "out", "no store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runLang(t, tc.env, tc.args...)
			got := map[string]string{"out": out, "err": errOut}[tc.where]
			if tc.where == "error" {
				if err == nil {
					t.Fatal("no error")
				}
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s: got %q (error %v), want %q", tc.where, got, err, tc.want)
			}
		})
	}
}
