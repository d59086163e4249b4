package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"chitieu/dashboards"
)

func (e *environment) report(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "report", "report")
	db := fs.String("db", "", fs.help("db"))
	year := fs.Int("year", 0, fs.help("year"))
	block := fs.String("block", "", fs.help("block"))
	unit := fs.String("unit", "", fs.help("unit"))
	format := fs.String("format", "", fs.help("format"))
	agency := fs.String("agency", "", fs.help("agency"))
	lang := fs.String("lang", "vi", fs.help("lang"))
	out := fs.String("out", "", fs.help("out"))
	if _, err := fs.parse(args); err != nil {
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
