package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"

	"chitieu/msg"
)

// sample loads the bundled sample into a store, or with --remove takes its
// rows out again; a unit, indicator or observation a user loaded is never
// touched either way.
func (e *environment) sample(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", "", "database file (default $CHITIEU_DB, else chitieu.duckdb)")
	remove := fs.Bool("remove", false, "take the sample's rows out of the database")
	lang := fs.String("lang", "vi", "language of the messages: vi or en")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	l := msg.Lang(*lang)
	path := e.dbPath(*db)
	if _, ok := findServer(ctx, path); ok {
		return fmt.Errorf("%s", msg.Text(l, "cli.sample_server", map[string]string{"db": path}))
	}
	a, err := openApp(ctx, path, appOptions{}, e.logger(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.close()
	if *remove {
		n, err := a.ingester.RemoveSample(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, msg.Text(l, "cli.sample_removed", map[string]string{
			"observations": strconv.FormatInt(n.Observations, 10), "units": strconv.FormatInt(n.Units, 10),
			"indicators": strconv.FormatInt(n.Indicators, 10)}))
		return nil
	}
	rep, err := a.ingester.LoadSample(ctx, a.spool, l)
	if err != nil {
		return err
	}
	if rep == nil {
		fmt.Fprintln(e.stdout, msg.Text(l, "cli.sample_nothing", nil))
		return nil
	}
	fmt.Fprint(e.stdout, rep.Summary())
	if !rep.OK {
		return fmt.Errorf("%s", msg.Text(l, "cli.sample_refused", nil))
	}
	return nil
}
