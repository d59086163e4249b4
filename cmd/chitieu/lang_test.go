package main

import (
	"bytes"
	"context"
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, func(k string) string {
				if k == "CHITIEU_LANG" {
					return tc.env
				}
				return ""
			}, strings.NewReader(""), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}
