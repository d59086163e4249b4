package ingest

import (
	"context"
	"fmt"
	"strconv"

	"chitieu/data"
)

// rawTable is a file as a DuckDB relation with every column as the file has
// it, before any meaning is given to the columns.
type rawTable struct {
	Name    string
	Cols    []rawColumn
	RowExpr string // SQL giving a row's number as a spreadsheet shows it
	Sheet   string
	Rows    int64
}

// readCSV loads a CSV or TSV file into a temp table with DuckDB's own reader:
// it finds the delimiter, quoting, line ends and a BOM by itself. Every
// column is read as text so that numbers are parsed by the file's locale, not
// guessed. Rows that do not fit the table are reported by line.
func readCSV(ctx context.Context, c *data.Conn, in Input, table string) (rawTable, []Problem, error) {
	rej, rejScan := table+"_rejects", table+"_reject_scans"
	q := fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT * FROM read_csv(%s,
		header = true, all_varchar = true, normalize_names = false,
		store_rejects = true, rejects_table = %s, rejects_scan = %s, rejects_limit = 1000)`,
		data.QuoteIdent(table), data.QuoteString(in.Path), data.QuoteString(rej), data.QuoteString(rejScan))
	if _, err := c.ExecContext(ctx, q); err != nil {
		p := coded("ingest.cannot_read_csv", "detail", firstLine(err.Error()))
		p.File = in.Name
		return rawTable{}, []Problem{p}, nil
	}
	var probs []Problem
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT line, coalesce(column_name, ''), error_type, error_message
		FROM %s ORDER BY line LIMIT 1000`, data.QuoteIdent(rej)))
	if err != nil {
		return rawTable{}, nil, fmt.Errorf("csv rejects: %w", err)
	}
	for rows.Next() {
		var p Problem
		var typ, detail string
		if err := rows.Scan(&p.Row, &p.Column, &typ, &detail); err != nil {
			rows.Close()
			return rawTable{}, nil, err
		}
		// A row short of cells is rejected once for each missing one.
		if n := len(probs); n > 0 && probs[n-1].Row == p.Row {
			continue
		}
		p.File = in.Name
		p.Code, p.Args = rejectProblem(typ, detail)
		probs = append(probs, p)
	}
	rows.Close()
	c.ExecContext(ctx, "DROP TABLE IF EXISTS "+data.QuoteIdent(rej)+"; DROP TABLE IF EXISTS "+data.QuoteIdent(rejScan))
	rt, err := describeRaw(ctx, c, table)
	if err != nil {
		return rawTable{}, nil, err
	}
	// With rows rejected, row numbers of the rest no longer match the file, so
	// only the rejects are reported.
	rt.RowExpr = "rowid + 2"
	return rt, probs, nil
}

// describeRaw lists a raw table's columns and counts its rows.
func describeRaw(ctx context.Context, c *data.Conn, table string) (rawTable, error) {
	rt := rawTable{Name: table}
	rows, err := c.QueryContext(ctx, `SELECT column_name, data_type FROM duckdb_columns()
		WHERE table_name = ? AND database_name = 'temp' ORDER BY column_index`, table)
	if err != nil {
		return rt, fmt.Errorf("describe %s: %w", table, err)
	}
	for rows.Next() {
		var col rawColumn
		if err := rows.Scan(&col.Name, &col.Type); err != nil {
			rows.Close()
			return rt, err
		}
		col.Label = col.Name
		rt.Cols = append(rt.Cols, col)
	}
	rows.Close()
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM "+data.QuoteIdent(table)).Scan(&rt.Rows); err != nil {
		return rt, fmt.Errorf("count %s: %w", table, err)
	}
	return rt, nil
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

// rejectProblem words a row DuckDB's CSV reader rejected by its fault, not
// in the reader's own English: a row with more cells than the header has
// columns is most often a number written 7,100.000 without quotes.
func rejectProblem(typ, detail string) (string, map[string]string) {
	var columns, cells int
	if _, err := fmt.Sscanf(detail, "Expected Number of Columns: %d Found: %d", &columns, &cells); err == nil {
		args := map[string]string{"cells": strconv.Itoa(cells), "columns": strconv.Itoa(columns)}
		if cells > columns {
			return "ingest.row_too_many_cells", args
		}
		return "ingest.row_too_few_cells", args
	}
	if typ == "INVALID ENCODING" {
		return "ingest.row_not_utf8", nil
	}
	return "ingest.row_misfit", map[string]string{"detail": detail}
}
