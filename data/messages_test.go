package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"chitieu/data"
	"chitieu/internal/testutil"
	"chitieu/msg"
)

// Every refusal of the SQL console carries a message code both catalogs
// hold, so people read it in Vietnamese or English and never a stray
// English literal; DuckDB's own parse errors, about the analyst's query,
// are kept as DuckDB wrote them, led in by a message of the catalogs.
func TestSQLRefusalsAreCoded(t *testing.T) {
	st := testutil.Store(t, "", data.Options{Sandbox: true, AllowedDirs: []string{t.TempDir()}})
	for _, tc := range []struct{ query, code, vi, en string }{
		{"SELECT * FROM read_csv('x')", "sql.file_function", "hàm read_csv đọc tệp", "the function read_csv reads files"},
		{"SELECT * FROM 'a.csv'", "sql.path_literal", `"a.csv" trông như đường dẫn tệp`, `"a.csv" looks like a file path`},
		{`SELECT * FROM U&"\0072ead_csv"('x')`, "sql.unicode_name", "mã U&", "U& escapes"},
		{"SELECT $1", "sql.parameters", "có tham số", "has parameters"},
		{"SELECT 1; SELECT 2", "sql.several_statements", "mỗi lần chỉ chạy một câu lệnh", "one statement at a time"},
		{"  ", "sql.empty", "truy vấn để trống", "the query is empty"},
		{"DELETE FROM units", "sql.not_allowed", "không được dùng DELETE ở đây", "DELETE is not allowed here"},
		{"CREATE TABLE x (a INT)", "sql.not_allowed", "không được dùng CREATE ở đây", "CREATE is not allowed here"},
		{"BEGIN TRANSACTION", "sql.not_allowed", "không được dùng BEGIN/COMMIT/ROLLBACK", "BEGIN/COMMIT/ROLLBACK is not allowed"},
		{"SET threads = 1", "sql.not_allowed", "không được dùng SET/RESET/USE", "SET/RESET/USE is not allowed"},
		{"CHECKPOINT", "sql.not_allowed_call", "SELECT * FROM f()", "SELECT * FROM f()"},
		{"SELEC 1", "sql.duckdb", "DuckDB không chạy được truy vấn", "syntax error"},
		{"EXPLAIN (FORMAT json, ANALYZE) DELETE FROM units", "", "", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			err := st.Classify(context.Background(), tc.query)
			if !errors.Is(err, data.ErrForbidden) && !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("not refused: %v", err)
			}
			m, ok := msg.Find(err)
			if !ok {
				t.Fatalf("a refusal without a message code: %v", err)
			}
			if !msg.Has(msg.VI, m.Code) || !msg.Has(msg.EN, m.Code) {
				t.Errorf("code %q is not in both catalogs", m.Code)
			}
			if tc.code == "" {
				return
			}
			vi, en := m.Text(msg.VI), m.Text(msg.EN)
			if m.Code != tc.code || !strings.Contains(vi, tc.vi) || !strings.Contains(en, tc.en) {
				t.Errorf("got %s\nvi: %s\nen: %s\nwant %s, %q, %q", m.Code, vi, en, tc.code, tc.vi, tc.en)
			}
		})
	}
}

// The data layer's other refusals people read are coded too.
func TestStoreRefusalsAreCoded(t *testing.T) {
	ctx := context.Background()
	st := testutil.PrivateStore(t)
	_, err := st.GetUser(ctx, "lan")
	checkCoded(t, err, "users.not_found", `không có người dùng "lan"`, `no user "lan"`)
	_, err = st.SaveQuery(ctx, "lan", data.SavedQuery{Name: " "})
	checkCoded(t, err, "sql.saved_needs_name", "cần có tên", "needs a name")
	err = st.DeleteQuery(ctx, "lan", 7)
	checkCoded(t, err, "sql.saved_not_found", "truy vấn lưu số 7", "no query 7")
	err = data.Restore(ctx, t.TempDir()+"/none", t.TempDir()+"/new.duckdb")
	checkCoded(t, err, "restore.no_backup", "không có bản sao lưu", "no backup")
}

func checkCoded(t *testing.T, err error, code, vi, en string) {
	t.Helper()
	m, ok := msg.Find(err)
	if !ok || m.Code != code {
		t.Errorf("%v: want code %s", err, code)
		return
	}
	if got := m.Text(msg.VI); !strings.Contains(got, vi) {
		t.Errorf("%s vi: %q, want %q", code, got, vi)
	}
	if got := m.Text(msg.EN); !strings.Contains(got, en) {
		t.Errorf("%s en: %q, want %q", code, got, en)
	}
}
