package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the program in-process as a shell would, with a fresh folder.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	return runLang(t, "", args...)
}

// runLang is runCmd with CHITIEU_LANG set to lang.
func runLang(t *testing.T, lang string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := func(k string) string {
		if k == "CHITIEU_LANG" {
			return lang
		}
		return ""
	}
	err := run(context.Background(), args, env, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// sampleDB is a new database in a temporary folder with the bundled sample
// loaded by chitieu sample.
func sampleDB(t *testing.T, name string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), name)
	if out, errOut, err := runCmd(t, "sample", "--db", db); err != nil {
		t.Fatalf("chitieu sample: %v\n%s%s", err, out, errOut)
	}
	return db
}

func TestNewDatabaseStartsEmpty(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.duckdb")
	out, errOut, err := runCmd(t, "sql", "--db", db, "--format", "csv", "select (select count(*) from observations) || '/' || (select count(*) from units)")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if !strings.HasSuffix(out, "\n0/0\n") {
		t.Fatalf("got %q, want a new store with no observations and no units", out)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("the database was not created: %v", err)
	}
}

func TestSQLFormats(t *testing.T) {
	db := sampleDB(t, "f.duckdb")
	q := "select unit_code, round(attainment_pct, 2) as att from performance where indicator_code = 'VIEC_LAM'"
	tests := []struct {
		format string
		want   []string
	}{
		{"csv", []string{"unit_code,att\nSLDTBXH,110.08\n"}},
		{"json", []string{`"columns":[{"name":"unit_code","type":"VARCHAR"},{"name":"att","type":"DOUBLE"}]`, `"rows":[["SLDTBXH",110.08]]`, `"truncated":false`}},
		{"table", []string{"SLDTBXH", "110.08", "1 rows"}},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			out, _, err := runCmd(t, "sql", "--db", db, "--format", tc.format, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestSQLRefusesWrites(t *testing.T) {
	db := sampleDB(t, "w.duckdb")
	_, _, err := runCmd(t, "sql", "--db", db, "delete from observations")
	if err == nil || !strings.Contains(err.Error(), "không được dùng DELETE ở đây") {
		t.Fatalf("delete: got %v", err)
	}
	_, _, err = runCmd(t, "sql", "--db", db, "--lang", "en", "delete from observations")
	if err == nil || !strings.Contains(err.Error(), "DELETE is not allowed here") {
		t.Fatalf("delete, in English: got %v", err)
	}
	out, _, err := runCmd(t, "sql", "--db", db, "--format", "csv", "select count(*) from observations")
	if err != nil || out != "count_star()\n18\n" {
		t.Fatalf("after the refused delete: %q %v", out, err)
	}
}

func TestIngestCLI(t *testing.T) {
	dir := t.TempDir()
	db := sampleDB(t, "i.duckdb")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("năm,đơn vị,chỉ tiêu,thực hiện,kế hoạch\n2019,SYT,KHAM_BENH,\"5.300.000\",\"5.000.000\"\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("year,unit,indicator,actual\n2019,SYT,KHAM_BENH,12x\n2019,NOPE,KHAM_BENH,1\n"), 0o644)

	out, _, err := runCmd(t, "ingest", "--db", db, good)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "thêm 1,") {
		t.Errorf("summary: %s", out)
	}
	// Vietnamese by default, English with --lang en: the report and the error.
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"", []string{`bad.csv, dòng 2, cột "actual": "12x" không phải là số`, `bad.csv, dòng 3, cột "unit": không có đơn vị "NOPE"`, "bị từ chối: 2 lỗi"}},
		{"en", []string{`bad.csv, row 2, column "actual": "12x" is not a number`, `bad.csv, row 3, column "unit": unknown unit "NOPE"`, "refused: 2 problems"}},
	} {
		args := []string{"ingest", "--db", db, bad}
		if tc.lang != "" {
			args = append(args, "--lang", tc.lang)
		}
		out, _, err = runCmd(t, args...)
		if err == nil {
			t.Fatal("a bad file was accepted")
		}
		text := out + err.Error()
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("lang %q: report lacks %q:\n%s", tc.lang, w, text)
			}
		}
	}
	out, _, _ = runCmd(t, "sql", "--db", db, "--format", "csv", "select actual, plan from observations where year = 2019")
	if out != "actual,plan\n5300000,5000000\n" {
		t.Errorf("2019 after a good and a refused load: %q", out)
	}
}
