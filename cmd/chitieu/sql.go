package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"

	"chitieu/data"
	"chitieu/msg"
	"chitieu/results"

	"github.com/apache/arrow-go/v18/arrow/array"
)

const cliRowLimit = 1_000_000

func (e *environment) sql(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "sql", "sql")
	db := fs.String("db", "", fs.help("db"))
	format := fs.String("format", "table", fs.help("format"))
	out := fs.String("o", "", fs.help("o"))
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	switch *format {
	case "table", "csv", "json":
	case "arrow", "parquet", "xlsx":
		if *out == "" && isTerminal(e.stdout) {
			return cliErr("cli.sql_binary", nil, "format", *format)
		}
	default:
		return cliErr("cli.sql_format", nil, "format", strconv.Quote(*format))
	}
	if query == "" {
		if isTerminal(e.stdout) && isTerminal(e.stdin) {
			return e.sqlPrompt(ctx, e.dbPath(*db))
		}
		return cliErr("cli.sql_usage", nil)
	}
	w := e.stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	path := e.dbPath(*db)
	if srv, ok := findServer(ctx, path); ok {
		return sqlRemote(ctx, srv, query, *format, w)
	}
	a, err := openApp(ctx, path, appOptions{sandbox: true}, e.logger(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.close()
	return runQuery(ctx, a, query, *format, w)
}

// runQuery runs an analyst's query on an open store and writes the result.
func runQuery(ctx context.Context, a *app, query, format string, w io.Writer) error {
	switch format {
	case "arrow", "parquet", "xlsx":
		return a.store.ReadQueryArrow(ctx, query, func(rr array.RecordReader) error {
			var err error
			switch format {
			case "arrow":
				_, err = results.WriteArrowStream(w, rr)
			case "parquet":
				_, err = results.WriteParquet(w, rr)
			default:
				_, err = results.WriteXLSX(ctx, w, rr)
				if errors.Is(err, results.ErrTooManyRows) {
					err = msg.E(data.ErrInvalid, "api.sql.too_many_rows")
				}
			}
			return err
		})
	}
	return a.store.ReadQuery(ctx, query, func(rows *sql.Rows) error { return writeRows(w, rows, format) })
}

// sqlPrompt reads queries from a terminal, one per line or ended by ';',
// and prints each result as a table, until end of input or \q.
func (e *environment) sqlPrompt(ctx context.Context, path string) error {
	srv, isRemote := findServer(ctx, path)
	var a *app
	if !isRemote {
		var err error
		if a, err = openApp(ctx, path, appOptions{sandbox: true}, e.logger(slog.LevelWarn)); err != nil {
			return err
		}
		defer a.close()
	}
	fmt.Fprintln(e.stdout, msg.New("cli.sql_banner", "db", path).Text(langOf(ctx)))
	sc := bufio.NewScanner(e.stdin)
	var buf strings.Builder
	for {
		if buf.Len() == 0 {
			fmt.Fprint(e.stdout, "chitieu> ")
		} else {
			fmt.Fprint(e.stdout, "      -> ")
		}
		if !sc.Scan() {
			fmt.Fprintln(e.stdout)
			return sc.Err()
		}
		line := sc.Text()
		if strings.TrimSpace(line) == `\q` {
			return nil
		}
		buf.WriteString(line + "\n")
		q := strings.TrimSpace(buf.String())
		if q == "" {
			buf.Reset()
			continue
		}
		if !strings.HasSuffix(q, ";") && strings.TrimSpace(line) != "" {
			continue
		}
		buf.Reset()
		var err error
		if isRemote {
			err = sqlRemote(ctx, srv, strings.TrimSuffix(q, ";"), "table", e.stdout)
		} else {
			err = runQuery(ctx, a, strings.TrimSuffix(q, ";"), "table", e.stdout)
		}
		if err != nil {
			fmt.Fprintln(e.stdout, "error:", err)
		}
	}
}

// isTerminal reports whether f is a character device, a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	fi, err := file.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
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
func sqlRemote(ctx context.Context, srv remote, query, format string, w io.Writer) error {
	body, _ := json.Marshal(map[string]string{"sql": query})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/sql?limit=%d", srv.base, cliRowLimit), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if format != "table" && format != "json" {
		req.URL.RawQuery += "&format=" + format + "&csv=plain"
	}
	resp, err := srv.do(req)
	if err != nil {
		return cliErr("cli.query_at", err, "url", srv.base)
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
