package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"

	"chitieu/dashboards"
)

func (e *environment) report(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", "", "database file (default $CHITIEU_DB, else chitieu.duckdb)")
	year := fs.Int("year", 0, "the year under review (required)")
	block := fs.String("block", "", "only this emulation block")
	lang := fs.String("lang", "vi", "vi or en")
	out := fs.String("out", "", "folder to write the pack into (required)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if *year < 1900 || *year > 2100 || *out == "" {
		return fmt.Errorf("report: give --year YEAR and --out DIR")
	}
	path := e.dbPath(*db)
	if srv, ok := findServer(ctx, path); ok {
		return fmt.Errorf("report: the server at %s holds %s; stop it for the report, or draw single charts with chitieu chart, which goes through it", srv.base, path)
	}
	a, err := openApp(ctx, path, appOptions{sandbox: true}, e.logger(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.close()
	assets, err := dashboards.NewAssets()
	if err != nil {
		return err
	}
	info, err := a.store.Info(ctx)
	if err != nil {
		return err
	}
	ex := dashboards.NewExporter(a.analytics, assets, dashboards.NewCatalog(), dashboards.NewRenderer(assets, 1))
	files, err := ex.Report(ctx, dashboards.ReportRequest{Year: *year, Block: *block, Lang: dashboards.ParseLang(*lang), Dir: *out}, info.Version)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s: %d files; open %s\n", *out, len(files), filepath.Join(*out, "index.html"))
	return nil
}
