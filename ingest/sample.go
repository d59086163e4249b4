package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"chitieu/data"
	"chitieu/data/sample"
)

// SampleUser is who the sample's loads are recorded as loaded by; removing
// the sample removes the rows those loads wrote and nothing else.
const SampleUser = "sample"

// LoadSample loads the bundled sample into the store, leaving alone every
// unit, indicator and observation the store already holds: the sample's rows
// of those are left out, so it never overwrites what a user loaded. It
// returns nil and no error when nothing of the sample is left to load.
func (in *Ingester) LoadSample(ctx context.Context, spool string, lang string) (*Report, error) {
	have := map[string]map[string]bool{"units": {}, "indicators": {}, "observations": {}}
	err := in.store.WithConn(ctx, func(c *data.Conn) error {
		for _, q := range []struct{ table, sql string }{
			{"units", "SELECT code FROM units"},
			{"indicators", "SELECT code FROM indicators"},
			// Only the sample's own units: a national store holds 10⁸ figures.
			{"observations", `SELECT concat_ws(chr(31), year, unit_code, indicator_code) FROM observations
				WHERE unit_code IN (SELECT code FROM units WHERE load_id IN (SELECT id FROM loads WHERE loaded_by = ` +
				data.QuoteString(SampleUser) + `))`},
		} {
			rows, err := c.QueryContext(ctx, q.sql)
			if err != nil {
				return fmt.Errorf("ingest: sample: %w", err)
			}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				have[q.table][k] = true
			}
			rows.Close()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	skipped := map[string]bool{} // codes of the user's, whose sample rows are left out
	var ups []Upload
	for _, name := range sample.Order() {
		b, err := sample.Files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) == 0 {
			return nil, fmt.Errorf("ingest: sample %s: %v", name, err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		keep := recs[:1]
		for _, r := range recs[1:] {
			switch name {
			case "units.csv", "indicators.csv":
				code := r[col["code"]]
				if have[strings.TrimSuffix(name, ".csv")][code] {
					skipped[code] = true
					continue
				}
			default:
				u, ind := r[col["unit"]], r[col["indicator"]]
				if skipped[u] || skipped[ind] || have["observations"][r[col["year"]]+"\x1f"+u+"\x1f"+ind] {
					continue
				}
			}
			keep = append(keep, r)
		}
		if len(keep) == 1 {
			continue
		}
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		if err := w.WriteAll(keep); err != nil {
			return nil, err
		}
		content := out.Bytes()
		ups = append(ups, Upload{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }})
	}
	if len(ups) == 0 {
		return nil, nil
	}
	return in.LoadUploads(ctx, spool, ups, Options{User: SampleUser, Lang: lang})
}

// SampleRemoved counts the rows RemoveSample took out.
type SampleRemoved struct {
	Observations, Units, Indicators int64
}

// RemoveSample takes the sample's rows out of the store: the observations
// its loads wrote and still hold, and its units and indicators that no
// observation left refers to. Everything else stays.
func (in *Ingester) RemoveSample(ctx context.Context) (SampleRemoved, error) {
	var n SampleRemoved
	in.writing.Lock()
	defer in.writing.Unlock()
	err := in.store.WithConn(ctx, func(c *data.Conn) error {
		return inTransaction(ctx, c, func() (bool, error) {
			loads := "(SELECT id FROM loads WHERE loaded_by = " + data.QuoteString(SampleUser) + ")"
			touched := "ct_sample_touched"
			if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+touched+` AS
				SELECT DISTINCT unit_code, indicator_code, true AS may_gap FROM observations WHERE load_id IN `+loads); err != nil {
				return false, fmt.Errorf("ingest: remove sample: %w", err)
			}
			defer c.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+touched)
			for _, q := range []struct {
				n   *int64
				sql string
			}{
				{&n.Observations, "DELETE FROM observations WHERE load_id IN " + loads},
				{&n.Units, "DELETE FROM units WHERE load_id IN " + loads + " AND code NOT IN (SELECT DISTINCT unit_code FROM observations)"},
				{&n.Indicators, "DELETE FROM indicators WHERE load_id IN " + loads + " AND code NOT IN (SELECT DISTINCT indicator_code FROM observations)"},
			} {
				res, err := c.ExecContext(ctx, q.sql)
				if err != nil {
					return false, fmt.Errorf("ingest: remove sample: %w", err)
				}
				if *q.n, err = res.RowsAffected(); err != nil {
					return false, err
				}
			}
			for _, h := range in.hooks {
				if err := h(ctx, c, touched); err != nil {
					return false, err
				}
			}
			return true, nil
		})
	})
	return n, err
}
