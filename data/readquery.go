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

// statementNames names DuckDB's statement types for refusals.
var statementNames = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_INSERT:       "INSERT",
	duckdb.STATEMENT_TYPE_UPDATE:       "UPDATE",
	duckdb.STATEMENT_TYPE_DELETE:       "DELETE",
	duckdb.STATEMENT_TYPE_PREPARE:      "PREPARE",
	duckdb.STATEMENT_TYPE_CREATE:       "CREATE",
	duckdb.STATEMENT_TYPE_EXECUTE:      "EXECUTE",
	duckdb.STATEMENT_TYPE_ALTER:        "ALTER",
	duckdb.STATEMENT_TYPE_TRANSACTION:  "a transaction statement",
	duckdb.STATEMENT_TYPE_COPY:         "COPY",
	duckdb.STATEMENT_TYPE_ANALYZE:      "ANALYZE",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET VARIABLE",
	duckdb.STATEMENT_TYPE_CREATE_FUNC:  "CREATE FUNCTION",
	duckdb.STATEMENT_TYPE_DROP:         "DROP",
	duckdb.STATEMENT_TYPE_EXPORT:       "EXPORT",
	duckdb.STATEMENT_TYPE_PRAGMA:       "PRAGMA",
	duckdb.STATEMENT_TYPE_VACUUM:       "VACUUM or ANALYZE",
	duckdb.STATEMENT_TYPE_CALL:         "CALL (or CHECKPOINT)",
	duckdb.STATEMENT_TYPE_SET:          "SET, RESET or USE",
	duckdb.STATEMENT_TYPE_LOAD:         "LOAD or INSTALL",
	duckdb.STATEMENT_TYPE_EXTENSION:    "an extension statement",
	duckdb.STATEMENT_TYPE_ATTACH:       "ATTACH",
	duckdb.STATEMENT_TYPE_DETACH:       "DETACH",
	duckdb.STATEMENT_TYPE_MULTI:        "a multi-part statement",
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
			return E(op, ErrInvalid, "one statement at a time: the query holds several statements (a PIVOT without an IN list counts as several; list the values with IN (...))")
		}
		if strings.Contains(msg, "empty query") {
			return E(op, ErrInvalid, "the query is empty")
		}
		return &Error{Op: op, Kind: ErrInvalid, Msg: cleanDuckDBMessage(msg), Err: err}
	}
	defer st.Close()
	if st.NumInput() > 0 {
		return E(op, ErrInvalid, msgParameters)
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
			return E(op, ErrInvalid, "only plain EXPLAIN and EXPLAIN ANALYZE of a SELECT are allowed")
		}
		return classify(dc, inner)
	}
	name := statementNames[t]
	if name == "" {
		name = fmt.Sprintf("statement type %d", t)
	}
	hint := ""
	if t == duckdb.STATEMENT_TYPE_CALL {
		hint = "; a table function reads as SELECT * FROM f()"
	}
	return E(op, ErrForbidden, "%s is not allowed here: this console only reads (SELECT, WITH, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE, PIVOT)%s", name, hint)
}

// cleanDuckDBMessage keeps DuckDB's own explanation of a parse or bind error,
// caret line included: analysts need it, and it is about their own query.
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
			return &Error{Op: "sql", Kind: ErrInvalid, Msg: "the query ran past its time limit and was stopped", Err: err}
		}
		return &Error{Op: "sql", Kind: ErrInvalid, Msg: "the query was cancelled", Err: err}
	}
	var de *duckdb.Error
	if errors.As(err, &de) {
		return &Error{Op: "sql", Kind: ErrInvalid, Msg: cleanDuckDBMessage(de.Msg), Err: err}
	}
	return fmt.Errorf("sql: %w", err)
}
