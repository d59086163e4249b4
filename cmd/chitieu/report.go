package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"chitieu/dashboards"
)

func (e *environment) report(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", "", "database file (default $CHITIEU_DB, else chitieu.duckdb)")
	year := fs.Int("year", 0, "the year under review (required)")
	block := fs.String("block", "", "only this emulation block")
	unit := fs.String("unit", "", "only this agency (unit code)")
	format := fs.String("format", "", "docx, pdf or html: one document (default: from the --out extension; none: the pack folder)")
	agency := fs.String("agency", "", "the agency named in the heading block (default: the unit or the block)")
	lang := fs.String("lang", "vi", "vi or en")
	out := fs.String("out", "", "file to write the document to, or folder for the pack (required)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if *year < 1900 || *year > 2100 || *out == "" {
		return cliErr("cli.report_usage", nil)
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	if *format == "" && *unit != "" {
		*format = dashboards.DocDOCX
	}
	if *format != "" {
		return e.reportDocument(ctx, *db, dashboards.DocRequest{Year: *year, Block: *block, Unit: strings.ToUpper(*unit),
			Lang: dashboards.ParseLang(*lang), Format: *format, Agency: *agency}, *out)
	}
	path := e.dbPath(*db)
	if srv, ok := findServer(ctx, path); ok {
		return cliErr("cli.report_server", nil, "url", srv.base, "db", path)
	}
	ex, version, done, err := e.localExporter(ctx, path)
	if err != nil {
		return err
	}
	defer done()
	files, err := ex.Report(ctx, dashboards.ReportRequest{Year: *year, Block: *block, Lang: dashboards.ParseLang(*lang), Dir: *out}, version)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s: %d files; open %s\n", *out, len(files), filepath.Join(*out, "index.html"))
	return nil
}
