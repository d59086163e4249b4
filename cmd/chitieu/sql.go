package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"chitieu/results"
)

const cliRowLimit = 1_000_000

func (e *environment) sql(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", "", "database file (default $CHITIEU_DB, else chitieu.duckdb)")
	format := fs.String("format", "table", "table, csv or json")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return fmt.Errorf("sql: give a query, e.g. chitieu sql \"SELECT * FROM performance LIMIT 5\"")
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return fmt.Errorf("sql: unknown format %q: use table, csv or json", *format)
	}
	w := e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	path := e.dbPath(*db)
	if base, ok := findServer(ctx, path); ok {
		return sqlRemote(ctx, base, query, *format, w)
	}
	a, err := openApp(ctx, path, true, e.logger(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.close()
	return a.store.ReadQuery(ctx, query, func(rows *sql.Rows) error { return writeRows(w, rows, *format) })
}

func writeRows(w io.Writer, rows *sql.Rows, format string) error {
	switch format {
	case "csv":
		_, err := results.WriteCSV(w, rows)
		return err
	case "json":
		t, err := results.ReadTable(rows, cliRowLimit)
		if err != nil {
			return err
		}
		return results.WriteJSON(w, t)
	}
	return results.WriteText(w, rows, 1000)
}

// sqlRemote runs the query on the server that holds the database.
func sqlRemote(ctx context.Context, base, query, format string, w io.Writer) error {
	body, _ := json.Marshal(map[string]string{"sql": query})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/sql?limit=%d", base, cliRowLimit), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if format == "csv" {
		req.Header.Set("Accept", "text/csv")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("query %s: %w", base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	if format != "table" {
		_, err = io.Copy(w, resp.Body)
		return err
	}
	var t results.Table
	if err := json.NewDecoder(resp.Body).Decode(&t); err != nil {
		return err
	}
	return results.WriteTableValue(w, &t)
}
