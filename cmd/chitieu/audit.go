package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/msg"
)

func (e *environment) audit(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "audit", "audit")
	db := fs.String("db", "", fs.help("db"))
	actor := fs.String("actor", "", fs.help("actor"))
	action := fs.String("action", "", fs.help("action"))
	text := fs.String("q", "", fs.help("q"))
	limit := fs.Int("limit", 100, fs.help("limit"))
	if _, err := fs.parse(args); err != nil {
		return err
	}
	f := data.AuditFilter{Actor: *actor, Action: *action, Text: *text, Limit: *limit}
	path := e.dbPath(*db)
	var es []data.AuditEntry
	if srv, ok := findServer(ctx, path); ok {
		q := url.Values{"actor": {f.Actor}, "action": {f.Action}, "q": {f.Text}, "limit": {strconv.Itoa(f.Limit)}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.base+"/api/audit?"+q.Encode(), nil)
		resp, err := srv.do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return apiError(resp)
		}
		var out struct{ Audit []data.AuditEntry }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return err
		}
		es = out.Audit
	} else {
		a, err := openApp(ctx, path, appOptions{sandbox: true}, e.logger(slog.LevelWarn))
		if err != nil {
			return err
		}
		defer a.close()
		if es, err = a.private.SearchAudit(ctx, f); err != nil {
			return err
		}
	}
	lang := langOf(ctx)
	for _, x := range es {
		extra := ""
		if x.DurationMS != nil {
			extra += fmt.Sprintf(" %dms", *x.DurationMS)
		}
		if x.Rows != nil {
			extra += " " + msg.Text(lang, "cli.audit_rows", map[string]string{"n": strconv.FormatInt(*x.Rows, 10)})
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\t%s%s\t%s\n", x.ID, x.At.Local().Format("2006-01-02 15:04:05"),
			x.Actor, x.Action, x.Object, dashboards.OutcomeText(dashboards.ParseLang(lang), x.Outcome), extra, x.Detail)
	}
	return nil
}
