package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"

	"chitieu/dashboards"
)

// reportDocument writes the year's report as one DOCX, PDF or HTML file,
// through the running server when one holds the database.
func (e *environment) reportDocument(ctx context.Context, db string, r dashboards.DocRequest, out string) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var buf bytes.Buffer
	err := e.exportVia(ctx, db, func(srv remote) error { return reportRemote(ctx, srv, r, &buf) },
		func(ex *dashboards.Exporter, version int64) error {
			if err := ex.Document(ctx, &buf, r, version); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			return nil
		})
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s, %d bytes\n", out, r.Format, buf.Len())
	return nil
}

// reportRemote asks the running server for the document.
func reportRemote(ctx context.Context, srv remote, r dashboards.DocRequest, w io.Writer) error {
	q := url.Values{"year": {strconv.Itoa(r.Year)}, "format": {r.Format}, "lang": {string(r.Lang)}}
	for k, v := range map[string]string{"block": r.Block, "unit": r.Unit, "agency": r.Agency} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return srv.download(ctx, "/api/report", q, w, "cli.report_from")
}
