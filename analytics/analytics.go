// Package analytics computes what a year-end review reports: year-on-year
// growth, plan attainment by the indicator's direction and a status. The
// figures live in SQL (views and macros that analysts can use too); the Go
// API reads them for the server and the dashboards.
package analytics

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// Execer runs statements; *sql.DB satisfies it.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Querier runs queries; *sql.DB satisfies it.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Install creates or replaces the analytics views and macros. It is
// idempotent and runs at every start, so a new binary brings new definitions.
func Install(ctx context.Context, db Execer) error {
	names, err := fs.Glob(sqlFiles, "sql/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := sqlFiles.ReadFile(n)
		if err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, string(b)); err != nil {
			return fmt.Errorf("analytics: install %s: %w", n, err)
		}
	}
	return nil
}

// Service answers the dashboards' and the API's questions.
type Service struct {
	db Querier
}

// New returns a Service reading from db.
func New(db Querier) *Service { return &Service{db: db} }
