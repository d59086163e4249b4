package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"chitieu/data"
	"chitieu/msg"
)

// recover opens a store whose WAL DuckDB cannot replay, and the private
// store beside it, keeping each WAL aside; it says which loads were lost.
func (e *environment) recover(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "recover", "recover")
	db := fs.String("db", "", fs.help("db"))
	if _, err := fs.parse(args); err != nil {
		return err
	}
	path := e.dbPath(*db)
	now := time.Now()
	recovered := false
	var lastLoad time.Time
	for _, p := range []string{path, data.PrivatePath(path)} {
		rec, err := data.Recover(ctx, p, now)
		if errors.Is(err, data.ErrInvalid) || errors.Is(err, data.ErrNotFound) {
			fmt.Fprintln(e.stdout, errText(langOf(ctx), err))
			continue
		}
		if err != nil {
			return err
		}
		recovered = true
		reportRecovery(e.stdout, langOf(ctx), rec)
		if p == path {
			lastLoad = rec.LastLoadAt
		}
	}
	if !recovered {
		return cliErr("cli.recover_nothing", nil)
	}
	// The audit lives in the private store: loads it records after the
	// newest load the store kept were in the lost WAL.
	private, err := data.Open(ctx, data.PrivatePath(path), data.Options{Private: true})
	if err != nil {
		return nil
	}
	defer private.Close()
	entries, err := private.SearchAudit(ctx, data.AuditFilter{Action: "load", Limit: 10000})
	if err != nil {
		return nil
	}
	var lost []data.AuditEntry
	for _, en := range entries {
		// The audit is written just after the load it records.
		if en.At.After(lastLoad.Add(2*time.Second)) && en.Outcome != "refused" {
			lost = append(lost, en)
		}
	}
	if len(lost) > 0 {
		fmt.Fprintln(e.stdout, msg.Text(langOf(ctx), "cli.recover_audit", nil))
		for i := len(lost) - 1; i >= 0; i-- {
			fmt.Fprintf(e.stdout, "  %s  %s  %s\n", lost[i].At.Local().Format("2006-01-02 15:04:05"), lost[i].Actor, lost[i].Object)
		}
	}
	return nil
}

func reportRecovery(w io.Writer, lang string, rec *data.Recovery) {
	say := func(code string, kv ...string) { fmt.Fprintln(w, msg.New(code, kv...).Text(lang)) }
	say("cli.recover_kept", "db", rec.Path, "kept", rec.Kept)
	if rec.LastLoad > 0 {
		say("cli.recover_last_load", "n", strconv.FormatInt(rec.LastLoad, 10), "at", rec.LastLoadAt.Local().Format("2006-01-02 15:04:05"))
	} else if rec.HasLoads {
		say("cli.recover_no_load")
	}
	if len(rec.Files) > 0 {
		say("cli.recover_files")
		for _, f := range rec.Files {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
}
