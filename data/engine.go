package data

import (
	"context"
	"database/sql"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// EngineVersion is the version of the DuckDB library this program runs
// with, e.g. "v1.5.6"; on Windows that is the duckdb.dll beside the program.
func EngineVersion(ctx context.Context) (string, error) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return "", fmt.Errorf("data.EngineVersion: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var v string
	if err := db.QueryRowContext(ctx, "SELECT library_version FROM pragma_version()").Scan(&v); err != nil {
		return "", fmt.Errorf("data.EngineVersion: %w", err)
	}
	return v, nil
}
