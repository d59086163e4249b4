package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"chitieu/msg"
)

// sample loads the bundled sample into a store, or with --remove takes its
// rows out again; a unit, indicator or observation a user loaded is never
// touched either way.
func (e *environment) sample(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "sample", "sample")
	db := fs.String("db", "", fs.help("db"))
	remove := fs.Bool("remove", false, fs.help("remove"))
	lang := fs.String("lang", "vi", fs.help("lang"))
	if _, err := fs.parse(args); err != nil {
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
