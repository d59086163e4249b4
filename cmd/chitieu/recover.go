package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"chitieu/data"
)

// What chitieu recover says, in Vietnamese.
const (
	msgRecoverKept     = "Đã cất nhật ký ghi (WAL) của %s sang %s: giữ nguyên, không xoá.\n"
	msgRecoverLastLoad = "Kho mở lại như lần lưu cuối; lần nạp cuối kho còn giữ là lần số %d (%s).\n"
	msgRecoverNoLoad   = "Kho mở lại như lần lưu cuối; kho chưa giữ lần nạp nào.\n"
	msgRecoverFiles    = "Nhật ký nhắc đến các tệp sau; những lần nạp chúng chưa được lưu vào kho, hãy nạp lại:\n"
	msgRecoverAudit    = "Nhật ký hoạt động ghi các lần nạp sau lần nạp cuối kho còn giữ; hãy nạp lại:\n"
	msgRecoverNothing  = "không có gì cần khôi phục"
)

// recover opens a store whose WAL DuckDB cannot replay, and the private
// store beside it, keeping each WAL aside; it says which loads were lost.
func (e *environment) recover(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("recover", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", "", "database file (default $CHITIEU_DB, else chitieu.duckdb)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	path := e.dbPath(*db)
	now := time.Now()
	recovered := false
	var lastLoad time.Time
	for _, p := range []string{path, data.PrivatePath(path)} {
		rec, err := data.Recover(ctx, p, now)
		if errors.Is(err, data.ErrInvalid) || errors.Is(err, data.ErrNotFound) {
			fmt.Fprintln(e.stdout, data.PublicMessage(err))
			continue
		}
		if err != nil {
			return err
		}
		recovered = true
		reportRecovery(e.stdout, rec)
		if p == path {
			lastLoad = rec.LastLoadAt
		}
	}
	if !recovered {
		return errors.New(msgRecoverNothing)
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
		fmt.Fprint(e.stdout, msgRecoverAudit)
		for i := len(lost) - 1; i >= 0; i-- {
			fmt.Fprintf(e.stdout, "  %s  %s  %s\n", lost[i].At.Local().Format("2006-01-02 15:04:05"), lost[i].Actor, lost[i].Object)
		}
	}
	return nil
}

func reportRecovery(w io.Writer, rec *data.Recovery) {
	fmt.Fprintf(w, msgRecoverKept, rec.Path, rec.Kept)
	if rec.LastLoad > 0 {
		fmt.Fprintf(w, msgRecoverLastLoad, rec.LastLoad, rec.LastLoadAt.Local().Format("2006-01-02 15:04:05"))
	} else if rec.HasLoads {
		fmt.Fprint(w, msgRecoverNoLoad)
	}
	if len(rec.Files) > 0 {
		fmt.Fprint(w, msgRecoverFiles)
		for _, f := range rec.Files {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
}
