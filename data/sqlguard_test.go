package data

import (
	"errors"
	"testing"
)

func TestGuardQuery(t *testing.T) {
	paths := []string{"/srv/chitieu/kho.duckdb", "/tmp/chitieu-spool-123", "kho.duckdb"}
	refused := []string{
		"SELECT * FROM read_csv('x')",
		"SELECT * FROM READ_CSV_AUTO('x')",
		`SELECT * FROM "read_blob"('x')`,
		"SELECT * FROM read_text ('x')",
		"SELECT * FROM read_json_objects('x')",
		"SELECT * FROM glob('*')",
		"SELECT * FROM main.glob/**/('*')",
		"SELECT * FROM parquet_metadata('x')",
		"SELECT * FROM sniff_csv('x')",
		"SELECT * FROM query('SELECT 1')",
		"SELECT * FROM query_table('units')",
		"SELECT getenv('HOME')",
		"SELECT * FROM '/tmp/chitieu-spool-123/load-1/000-a.csv'",
		"SELECT * FROM 'a.csv'",
		"SELECT * FROM units JOIN 'a.parquet' USING (code)",
		"SELECT * FROM units, 'a.json'",
		`SELECT * FROM "a.parquet"`,
		"SELECT * FROM 'C:\\Users\\x'",
		"SELECT * FROM 'https://example.org/x'",
		"SELECT 'ok' || 'x', '/etc/passwd'",
		"SELECT $$/srv/chitieu/kho.duckdb$$",
		"SELECT $t$~/x$t$",
		"SELECT E'it\\'s', '/etc/passwd'",
		"SELECT 'KHO.DUCKDB'",
		"SELECT '../x'",
		`SELECT * FROM U&"\0072ead_csv"('x')`,
	}
	for _, q := range refused {
		if err := guardQuery(q, paths); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: not refused (%v)", q, err)
		}
	}
	allowed := []string{
		"SELECT 1",
		"SELECT * FROM loads WHERE file = 'bao-cao-2019.xlsx' OR file LIKE '%.csv'",
		"SELECT 'read_csv(''/etc/passwd'')' AS text_only",
		"SELECT '2019/2020', 'km/h', '/', 'a / b', '5.300.000', 'Tỷ lệ %'",
		"SELECT * FROM units -- read_csv('/etc/passwd')",
		"SELECT * FROM units /* glob('*') */",
		"SELECT reader_count FROM (SELECT 1 AS reader_count)",
		"SELECT $1",
		"SELECT x.glob FROM (SELECT 1 AS glob) x",
		`SELECT "Đơn vị/năm" FROM (SELECT 1 AS "Đơn vị/năm")`,
		"PIVOT (SELECT unit_code, year, actual FROM observations) ON year IN (2017, 2018) USING sum(actual)",
	}
	for _, q := range allowed {
		if err := guardQuery(q, paths); err != nil {
			t.Errorf("%s: refused: %v", q, err)
		}
	}
}

// The lexer never panics and always ends, whatever the text.
func FuzzGuardQuery(f *testing.F) {
	for _, s := range []string{"SELECT 'a''b'", "$$", "$a$x", "E'\\", "/* /* */", "--", `"a""b"`, "read_csv(", "'/x'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		guardQuery(q, []string{"/x"})
	})
}
