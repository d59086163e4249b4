package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/data"
)

func TestPhases3(t *testing.T) {
	if os.Getenv("PHASES") == "" {
		t.Skip()
	}
	ctx := context.Background()
	dir := t.TempDir()
	csv := filepath.Join(dir, "long.csv")
	f, _ := os.Create(csv)
	fmt.Fprintln(f, "year,unit,indicator,actual,plan,target")
	for y := 0; y < 10; y++ {
		for i := 0; i < 400; i++ {
			for u := 0; u < 500; u++ {
				fmt.Fprintf(f, "%d,U%d,I%d,%d.5,%d,\n", 2010+y, u, i, 1000+(u*7+i*13+y)%977, 1000+(u+i)%500)
			}
		}
	}
	f.Close()
	st, _ := data.Open(ctx, filepath.Join(dir, "f.duckdb"), data.Options{})
	defer st.Close()
	st.WithConn(ctx, func(c *data.Conn) error {
		prepareSession(ctx, c)
		c.ExecContext(ctx, `INSERT INTO units SELECT 'U'||i, 'Đơn vị '||i, NULL, 'K', 0, 0 FROM range(500) t(i); INSERT INTO indicators (code, name_vi, direction, kind) SELECT 'I'||i, 'CT '||i, 'higher', 'count' FROM range(400) t(i)`)
		raw, _, err := readCSV(ctx, c, Input{Name: "long.csv", Path: csv}, "raw")
		if err != nil {
			t.Fatal(err)
		}
		sh, _ := detectShape(raw.Cols, "")
		s := time.Now()
		stg, err := stageObservations(ctx, c, raw, sh, "stage")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("stage %v", time.Since(s))
		var plan string
		var k string
		row := c.QueryRowContext(ctx, "EXPLAIN ANALYZE CREATE TEMP TABLE stage2 AS SELECT * FROM "+stg.View)
		var ns sql.NullString
		row.Scan(&k, &ns)
		plan = ns.String
		lines := strings.Split(plan, "\n")
		for _, l := range lines {
			if strings.Contains(l, "s)") || strings.Contains(l, "Time") || strings.Contains(l, "│") && strings.Contains(l, "─") == false {
				// keep
			}
		}
		os.WriteFile("/tmp/plan.txt", []byte(plan), 0o644)
		fr := &FileReport{}
		s = time.Now()
		diff, _, err := diffObservations(ctx, c, stg, fr)
		t.Logf("diff %v %v", time.Since(s), err)
		s = time.Now()
		if err := applyObservations(ctx, c, diff, true, 1, time.Now()); err != nil {
			t.Fatal(err)
		}
		t.Logf("apply %v", time.Since(s))
		os.WriteFile("/tmp/plan2.txt", []byte(ns.String), 0o644)
		s = time.Now()
		c.ExecContext(ctx, "COMMIT")
		t.Logf("commit %v", time.Since(s))
		s = time.Now()
		c.ExecContext(ctx, "SELECT count(*) FROM (SELECT unit_code, indicator_code FROM stage GROUP BY unit_code, indicator_code HAVING count(*) <> count(DISTINCT year))")
		t.Logf("dups %v", time.Since(s))
		return nil
	})
}
