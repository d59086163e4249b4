package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"chitieu/dashboards"
)

func (e *environment) chart(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "chart", "chart")
	db := fs.String("db", "", fs.help("db"))
	indicator := fs.String("indicator", "", fs.help("indicator"))
	unit := fs.String("unit", "", fs.help("unit"))
	from := fs.Int("from", 0, fs.help("from"))
	to := fs.Int("to", 0, fs.help("to"))
	kind := fs.String("kind", "line", fs.help("kind"))
	lang := fs.String("lang", "vi", fs.help("lang"))
	format := fs.String("format", "", fs.help("format"))
	width := fs.Int("width", 0, fs.help("width"))
	height := fs.Int("height", 0, fs.help("height"))
	title := fs.String("title", "", fs.help("title"))
	out := fs.String("o", "", fs.help("o"))
	if _, err := fs.parse(args); err != nil {
		return err
	}
	if *out == "" {
		return cliErr("cli.chart_out", nil)
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	r := dashboards.ChartRequest{Spec: dashboards.Spec{Indicators: upperList(*indicator), Units: upperList(*unit), From: *from, To: *to,
		Kind: *kind, Lang: dashboards.ParseLang(*lang), Title: *title}, Format: *format, Width: *width, Height: *height}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	var buf bytes.Buffer
	err := e.exportVia(ctx, *db, func(srv remote) error { return chartRemote(ctx, srv, r, &buf) },
		func(ex *dashboards.Exporter, version int64) error {
			if err := ex.Export(ctx, &buf, r, version); err != nil {
				return fmt.Errorf("chart: %w", err)
			}
			return nil
		})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s, %d bytes\n", *out, r.Format, buf.Len())
	return nil
}

func upperList(s string) []string {
	out := splitList(s)
	for i := range out {
		out[i] = strings.ToUpper(out[i])
	}
	return out
}

// chartRemote asks the running server for the chart.
func chartRemote(ctx context.Context, srv remote, r dashboards.ChartRequest, w io.Writer) error {
	q := url.Values{"indicator": {strings.Join(r.Indicators, ",")}, "kind": {r.Kind}, "format": {r.Format},
		"lang": {string(r.Lang)}, "width": {strconv.Itoa(r.Width)}, "height": {strconv.Itoa(r.Height)}}
	if len(r.Units) > 0 {
		q.Set("unit", strings.Join(r.Units, ","))
	}
	if r.From != 0 {
		q.Set("from", strconv.Itoa(r.From))
	}
	if r.To != 0 {
		q.Set("to", strconv.Itoa(r.To))
	}
	if r.Title != "" {
		q.Set("title", r.Title)
	}
	return srv.download(ctx, "/api/charts/compare", q, w, "cli.chart_from")
}

// localExporter opens the database at path for drawing charts in this
// process; done closes it.
// exportVia makes a chart or document through the server holding the store
// when one runs, else from the store itself.
func (e *environment) exportVia(ctx context.Context, db string, viaServer func(remote) error, viaStore func(*dashboards.Exporter, int64) error) error {
	path := e.dbPath(db)
	if srv, ok := findServer(ctx, path); ok {
		return viaServer(srv)
	}
	ex, version, done, err := e.localExporter(ctx, path)
	if err != nil {
		return err
	}
	defer done()
	return viaStore(ex, version)
}

func (e *environment) localExporter(ctx context.Context, path string) (ex *dashboards.Exporter, version int64, done func(), err error) {
	a, err := openApp(ctx, path, appOptions{sandbox: true}, e.logger(slog.LevelWarn))
	if err != nil {
		return nil, 0, nil, err
	}
	assets, err := dashboards.NewAssets()
	if err != nil {
		a.close()
		return nil, 0, nil, err
	}
	info, err := a.store.Info(ctx)
	if err != nil {
		a.close()
		return nil, 0, nil, err
	}
	return dashboards.NewExporter(a.analytics, assets, dashboards.NewCatalog(), dashboards.NewRenderer(assets, 1)), info.Version, func() { a.close() }, nil
}
