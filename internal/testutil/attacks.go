package testutil

import (
	"context"
	"strings"
	"testing"

	"chitieu/data"
)

// The hostile files of issue 12 are written at test time by package
// chitieu/internal/testutil/hostile.

// AttackDir is where attacks try to write; a test checks nothing appears.
const AttackDir = "/tmp/chitieu-attack"

// Attacks are statements analysts' SQL must never run: every class of write,
// of file, network and environment access, of configuration change, and
// batches that hide one behind a read.
func Attacks() []string {
	return []string{
		"INSERT INTO observations (year, unit_code, indicator_code, actual) VALUES (2030, 'SYT', 'KHAM_BENH', 1)",
		"UPDATE observations SET actual = 0",
		"DELETE FROM observations",
		"MERGE INTO units USING (SELECT 'X' AS code) s ON units.code = s.code WHEN NOT MATCHED THEN INSERT (code, name_vi) VALUES ('X', 'x')",
		"CREATE TABLE stolen AS SELECT * FROM observations",
		"CREATE OR REPLACE VIEW performance AS SELECT 1 AS year",
		"CREATE TEMP TABLE t AS SELECT 1",
		"CREATE MACRO evil(x) AS x",
		"DROP TABLE observations",
		"ALTER TABLE observations ADD COLUMN x INTEGER",
		"ATTACH '" + AttackDir + ".duckdb' AS a",
		"DETACH a",
		"COPY observations TO '" + AttackDir + ".csv'",
		"COPY (SELECT 1) TO '" + AttackDir + ".parquet' (FORMAT parquet)",
		"EXPORT DATABASE '" + AttackDir + "-export'",
		"IMPORT DATABASE '" + AttackDir + "-export'",
		"INSTALL httpfs",
		"LOAD httpfs",
		"SET enable_external_access = true",
		"RESET enable_external_access",
		"SET lock_configuration = false",
		"SET threads = 1",
		"SET VARIABLE x = 1",
		"USE memory",
		"PRAGMA enable_profiling",
		"CHECKPOINT",
		"FORCE CHECKPOINT",
		"VACUUM",
		"ANALYZE",
		"BEGIN TRANSACTION",
		"PREPARE p AS DELETE FROM observations",
		"SELECT 1; DELETE FROM observations",
		"EXPLAIN ANALYZE DELETE FROM observations",
		"SELECT * FROM read_csv('/etc/passwd')",
		"SELECT * FROM read_text('/etc/hostname')",
		"SELECT * FROM glob('/etc/*')",
		"SELECT * FROM read_parquet('/tmp/x.parquet')",
		"SELECT * FROM read_json('http://127.0.0.1:1/x.json')",
		"SELECT getenv('HOME')",
		"SELECT nextval('load_id_seq')",
		"SELECT * FROM query('DELETE FROM observations')",
		"CALL pragma_version()",
	}
}

// Fingerprint is the content of every table of the store but the audit,
// which records the attempts themselves.
func Fingerprint(tb testing.TB, st *data.Store) string {
	tb.Helper()
	return fingerprint(tb, st, "audit")
}

// FingerprintAll is the content of every table of the store.
func FingerprintAll(tb testing.TB, st *data.Store) string {
	tb.Helper()
	return fingerprint(tb, st, "")
}

func fingerprint(tb testing.TB, st *data.Store, except string) string {
	ctx := context.Background()
	rows, err := st.DB().QueryContext(ctx, `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()
		AND schema_name = 'main' AND table_name <> ? ORDER BY 1`, except)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var t string
		rows.Scan(&t)
		tables = append(tables, t)
	}
	rows.Close()
	var out []string
	for _, t := range tables {
		var s string
		q := `SELECT count(*) || ':' || coalesce(md5(string_agg(x::VARCHAR, '|' ORDER BY x::VARCHAR)), '') FROM "` + t + `" x`
		if err := st.DB().QueryRowContext(ctx, q).Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, t+"="+s)
	}
	var objs string
	st.DB().QueryRowContext(ctx, `SELECT string_agg(sql, ';' ORDER BY sql) FROM (
		SELECT sql FROM duckdb_views() WHERE NOT internal UNION ALL SELECT sql FROM duckdb_tables()
		UNION ALL SELECT macro_definition FROM duckdb_functions() WHERE function_type LIKE '%macro%' AND NOT internal)`).Scan(&objs)
	return strings.Join(out, " ") + " objects=" + objs
}
