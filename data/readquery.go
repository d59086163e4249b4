package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// statementNames names DuckDB's statement types for refusals, in SQL's
// own words: they read the same in every language.
var statementNames = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_INSERT:       "INSERT",
	duckdb.STATEMENT_TYPE_UPDATE:       "UPDATE",
	duckdb.STATEMENT_TYPE_DELETE:       "DELETE",
	duckdb.STATEMENT_TYPE_PREPARE:      "PREPARE",
	duckdb.STATEMENT_TYPE_CREATE:       "CREATE",
	duckdb.STATEMENT_TYPE_EXECUTE:      "EXECUTE",
	duckdb.STATEMENT_TYPE_ALTER:        "ALTER",
	duckdb.STATEMENT_TYPE_TRANSACTION:  "BEGIN/COMMIT/ROLLBACK",
	duckdb.STATEMENT_TYPE_COPY:         "COPY",
	duckdb.STATEMENT_TYPE_ANALYZE:      "ANALYZE",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET VARIABLE",
	duckdb.STATEMENT_TYPE_CREATE_FUNC:  "CREATE FUNCTION",
	duckdb.STATEMENT_TYPE_DROP:         "DROP",
	duckdb.STATEMENT_TYPE_EXPORT:       "EXPORT",
	duckdb.STATEMENT_TYPE_PRAGMA:       "PRAGMA",
	duckdb.STATEMENT_TYPE_VACUUM:       "VACUUM/ANALYZE",
	duckdb.STATEMENT_TYPE_CALL:         "CALL/CHECKPOINT",
	duckdb.STATEMENT_TYPE_SET:          "SET/RESET/USE",
	duckdb.STATEMENT_TYPE_LOAD:         "LOAD/INSTALL",
	duckdb.STATEMENT_TYPE_EXTENSION:    "EXTENSION",
	duckdb.STATEMENT_TYPE_ATTACH:       "ATTACH",
	duckdb.STATEMENT_TYPE_DETACH:       "DETACH",
	duckdb.STATEMENT_TYPE_MULTI:        "MULTI",
	// Types duckdb-go has no name for yet, by their number in duckdb.h.
	duckdb.StmtType(28): "COPY FROM DATABASE",
	duckdb.StmtType(29): "UPDATE EXTENSIONS",
	duckdb.StmtType(30): "MERGE INTO",
}

// explainPrefix peels EXPLAIN [ANALYZE] off a statement so that what it
// explains is classified too: EXPLAIN ANALYZE runs its statement.
var explainPrefix = regexp.MustCompile(`(?is)^\s*EXPLAIN\s+(ANALY[SZ]E\s+|\([^)]*\)\s*)?`)

// classify asks DuckDB's own parser and binder what the statement is, without
// running it, and refuses anything but a single statement that reads.
func classify(dc driver.Conn, query string) error {
	const op = "sql"
	st, err := dc.Prepare(query)
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, "multi-statement") {
			return Coded(op, ErrInvalid, "sql.several_statements")
		}
		if strings.Contains(msg, "empty query") {
			return Coded(op, ErrInvalid, "sql.empty")
		}
		return &Error{Op: op, Kind: ErrInvalid, Code: "sql.duckdb", Args: args("detail", cleanDuckDBMessage(msg)), Err: err}
	}
	defer st.Close()
	if st.NumInput() > 0 {
		return Coded(op, ErrInvalid, "sql.parameters")
	}
	ds, ok := st.(*duckdb.Stmt)
	if !ok {
		return fmt.Errorf("%s: unexpected statement type %T", op, st)
	}
	t, err := ds.StatementType()
	if err != nil {
		return fmt.Errorf("%s: statement type: %w", op, err)
	}
	switch t {
	case duckdb.STATEMENT_TYPE_SELECT:
		return nil
	case duckdb.STATEMENT_TYPE_EXPLAIN:
		inner := explainPrefix.ReplaceAllString(query, "")
		if inner == query {
			return Coded(op, ErrInvalid, "sql.explain_only")
		}
		return classify(dc, inner)
	}
	name := statementNames[t]
	if name == "" {
		name = fmt.Sprintf("#%d", t)
	}
	if t == duckdb.STATEMENT_TYPE_CALL {
		return Coded(op, ErrForbidden, "sql.not_allowed_call", "statement", name)
	}
	return Coded(op, ErrForbidden, "sql.not_allowed", "statement", name)
}

// cleanDuckDBMessage keeps DuckDB's own explanation of a parse or bind error,
// caret line included: analysts need it, and it is about their own query.
// It stays in DuckDB's English, led in by the catalog's sql.duckdb.
func cleanDuckDBMessage(msg string) string { return strings.TrimSpace(msg) }

// ReadQuery runs one statement that only reads, as decided by DuckDB's parser,
// inside a read-only transaction that is always rolled back, and hands its
// rows to fn. Anything else is refused with ErrForbidden or ErrInvalid.
func (s *Store) ReadQuery(ctx context.Context, query string, fn func(*sql.Rows) error) error {
	return s.readSession(ctx, query, func(c *Conn) error {
		rows, err := c.QueryContext(ctx, query)
		if err != nil {
			return queryError(ctx, err)
		}
		defer rows.Close()
		if err := fn(rows); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return queryError(ctx, err)
		}
		return nil
	})
}

// readSession classifies query and, when it only reads, runs fn on a
// connection inside a read-only transaction that is rolled back afterwards.
func (s *Store) readSession(ctx context.Context, query string, fn func(*Conn) error) error {
	if err := guardQuery(query, s.guard); err != nil {
		return err
	}
	return s.WithConn(ctx, func(c *Conn) error {
		if err := c.Raw(func(dc any) error { return classify(dc.(driver.Conn), query) }); err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION READ ONLY"); err != nil {
			return fmt.Errorf("sql: begin: %w", err)
		}
		defer c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return fn(c)
	})
}

// Classify reports whether query would be allowed, without running it.
func (s *Store) Classify(ctx context.Context, query string) error {
	if err := guardQuery(query, s.guard); err != nil {
		return err
	}
	return s.WithConn(ctx, func(c *Conn) error {
		return c.Raw(func(dc any) error { return classify(dc.(driver.Conn), query) })
	})
}

// queryError makes DuckDB's error for an analyst's query safe and useful.
func queryError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &Error{Op: "sql", Kind: ErrInvalid, Code: "sql.timeout", Err: err}
		}
		return &Error{Op: "sql", Kind: ErrInvalid, Code: "sql.cancelled", Err: err}
	}
	var de *duckdb.Error
	if errors.As(err, &de) {
		return &Error{Op: "sql", Kind: ErrInvalid, Code: "sql.duckdb", Args: args("detail", cleanDuckDBMessage(de.Msg)), Err: err}
	}
	return fmt.Errorf("sql: %w", err)
}
