package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"chitieu/auth"
	"chitieu/dashboards"
	"chitieu/msg"
	"chitieu/server"
)

func (e *environment) serve(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "serve", "serve")
	db := fs.String("db", "", fs.help("db"))
	addr := fs.String("addr", "127.0.0.1:8080", fs.help("addr"))
	queryTimeout := fs.Duration("query-timeout", 30*time.Second, fs.help("query-timeout"))
	maxQueries := fs.Int("max-queries", 4, fs.help("max-queries"))
	memoryLimit := fs.String("memory-limit", "2GB", fs.help("memory-limit"))
	verbose := fs.Bool("v", false, fs.help("v"))
	withSample := fs.Bool("sample", false, fs.help("sample"))
	maxUploadFlag := fs.String("max-upload", "256MiB", fs.help("max-upload"))
	if _, err := fs.parse(args); err != nil {
		return err
	}
	maxUpload, err := parseSize(*maxUploadFlag)
	if err != nil {
		return fmt.Errorf("--max-upload: %w", err)
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := e.logger(level)
	path := e.dbPath(*db)

	a, err := openApp(ctx, path, appOptions{sandbox: true, memoryLimit: *memoryLimit, sample: *withSample}, log)
	if err != nil {
		return err
	}
	defer a.close()
	assets, err := dashboards.NewAssets()
	if err != nil {
		return err
	}
	if !assets.Has(dashboards.AssetECharts) {
		log.Warn(msg.Text(langOf(ctx), "cli.no_echarts", nil))
	}
	pages, err := dashboards.NewPages(a.analytics, assets, dashboards.NewCatalog())
	if err != nil {
		return err
	}
	cat := dashboards.NewCatalog()
	renderer := dashboards.NewRenderer(assets, 2)
	go renderer.Warm(ctx) // the first SVG then waits for no JavaScript engine to start
	open, err := a.auth.Open(ctx)
	if err != nil {
		return err
	}
	if open && !loopback(*addr) {
		return cliErr("cli.serve_open", nil, "addr", *addr, "db", path)
	}
	localToken := auth.NewSecret("cl_")
	a.auth.SetLocalToken(localToken)
	srv, err := server.New(ctx, server.Deps{
		Log: log, Store: a.store, Private: a.private, Auth: a.auth, Analytics: a.analytics, Pages: pages, Assets: assets,
		Exporter: dashboards.NewExporter(a.analytics, assets, cat, renderer),
		Ingester: a.ingester, Spool: a.spool, QueryTimeout: *queryTimeout, MaxQueries: *maxQueries, MaxUpload: maxUpload,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return cliErr("cli.listen", err, "addr", *addr)
	}
	if err := writeServerFile(path, ln.Addr().String(), localToken); err != nil {
		ln.Close()
		return err
	}
	defer os.Remove(serverFile(path))
	if open {
		log.Warn(msg.Text(langOf(ctx), "cli.serve_no_users", nil))
	}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "db", path)
	fmt.Fprintln(e.stdout, msg.New("cli.serving", "url", "http://"+ln.Addr().String(), "db", path).Text(langOf(ctx)))
	return srv.Serve(ctx, ln)
}

// loopback reports whether addr listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
