package analytics_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/data"
	"chitieu/internal/testutil"
)

// bigStore builds 10,010,000 observations (700 units × 550 indicators × 26
// years) in a file database, inserted in (year, indicator, unit) order as a
// load inserts them (a file whose years come in blocks keeps them). Built with DuckDB's own range(), not the ingest path: this
// measures the analytics, not the load.
func bigStore(b *testing.B) *data.Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.duckdb")
	st := testutil.Store(b, path, data.Options{})
	ctx := context.Background()
	_, err := st.DB().ExecContext(ctx, `
	INSERT INTO units SELECT 'U' || i, 'Đơn vị ' || i, 'Unit ' || i, 'B' || (i % 20), i, 0, FROM range(700) t(i);
	INSERT INTO indicators (code, name_vi, name_en, measure, measure_en, direction, kind, category, sort_order, load_id)
	SELECT 'I' || i, 'Chỉ tiêu ' || i, 'Indicator ' || i, 'lượt', 'times',
	       CASE WHEN i % 7 = 0 THEN 'lower' ELSE 'higher' END, CASE WHEN i % 5 = 0 THEN 'rate' ELSE 'count' END, 'C' || (i % 10), i, 0
	FROM range(550) t(i);
	INSERT INTO observations
	SELECT y, 'U' || u, 'I' || i, 1000 + hash(y, u, i) % 1000, 1000 + hash(u, i, y) % 900, NULL, NULL, NULL, NULL, NULL, 0, now()
	FROM range(2000, 2026) a(y), range(550) b(i), range(700) c(u) ORDER BY y, i, u;
	CHECKPOINT;`)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkPerformance measures, on 10M observations: the performance rows
// of one year read as Arrow (target ≤ 0.3 s), and the full year-on-year and
// attainment pass through the view against the best hand-written query for
// the same result on the same table (target ≤ 1.2×).
func BenchmarkPerformance(b *testing.B) {
	if testing.Short() {
		b.Skip("10M rows")
	}
	st := bigStore(b)
	ctx := context.Background()

	b.Run("one-year-arrow", func(b *testing.B) {
		var rows int64
		for b.Loop() {
			rows = 0
			err := st.WithConn(ctx, func(c *data.Conn) error {
				rr, err := c.QueryArrow(ctx, `SELECT * FROM performance WHERE year = 2020`)
				if err != nil {
					return err
				}
				defer rr.Release()
				for rr.Next() {
					rows += rr.RecordBatch().NumRows()
				}
				return rr.Err()
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if rows != 385000 {
			b.Fatalf("%d rows", rows)
		}
		b.ReportMetric(float64(rows), "rows")
	})

	b.Run("full-pass-vs-hand", func(b *testing.B) {
		run := func(q string) time.Duration {
			start := time.Now()
			if _, err := st.DB().ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE bench_out AS "+q); err != nil {
				b.Fatal(err)
			}
			return time.Since(start)
		}
		var view, hand time.Duration
		for b.Loop() {
			view += run(`SELECT * FROM performance`)
			hand += run(handWritten)
		}
		b.ReportMetric(float64(view.Milliseconds())/float64(b.N), "view-ms")
		b.ReportMetric(float64(hand.Milliseconds())/float64(b.N), "hand-ms")
		b.ReportMetric(float64(view)/float64(hand), "ratio")
	})
}

// handWritten is the performance view's result written out by hand with no
// macro or view in between: the reference the view is measured against.
const handWritten = `
SELECT o.year, o.unit_code, u.name_vi AS unit_name_vi, u.name_en AS unit_name_en, u.block,
       o.indicator_code, i.name_vi AS indicator_name_vi, i.name_en AS indicator_name_en,
       i.measure, i.measure_en, i.direction, i.kind, i.category,
       o.actual, o.plan, o.target, o.numerator, o.denominator,
       p.actual AS prev_actual,
       o.actual - p.actual AS yoy_change,
       CASE WHEN p.actual <> 0 THEN (o.actual - p.actual) / abs(p.actual) * 100 END AS yoy_pct,
       CASE WHEN i.kind = 'rate' THEN o.actual - p.actual END AS yoy_pp,
       CASE WHEN p.actual IS NOT NULL THEN o.year - 1 ELSE g.prev_year END AS prev_report_year,
       coalesce(p.actual, g.prev_actual) AS prev_report_actual,
       NULL::INTEGER AS report_gap_years, NULL::DOUBLE AS change_since_prev_report,
       NULL::DOUBLE AS change_since_prev_report_pct, NULL::DOUBLE AS cagr_since_prev_report_pct,
       CASE WHEN i.direction = 'lower' THEN CASE WHEN o.actual > 0 THEN o.plan / o.actual * 100 END
            ELSE CASE WHEN o.plan > 0 THEN o.actual / o.plan * 100 END END AS attainment_pct,
       CASE WHEN o.plan IS NULL THEN 'no plan' END AS attainment_reason,
       NULL::DOUBLE AS exceed_pct,
       CASE WHEN i.direction = 'lower' THEN CASE WHEN o.actual > 0 THEN o.target / o.actual * 100 END
            ELSE CASE WHEN o.target > 0 THEN o.actual / o.target * 100 END END AS target_attainment_pct,
       CASE WHEN o.target IS NULL THEN 'no plan' END AS target_attainment_reason,
       NULL::DOUBLE AS target_exceed_pct,
       CASE WHEN o.plan IS NOT NULL THEN 'plan' END AS status_basis,
       CASE WHEN o.plan IS NULL THEN 'no plan'
            WHEN (CASE WHEN i.direction = 'lower' THEN o.plan / o.actual ELSE o.actual / o.plan END) * 100 >= 100 THEN 'exceeded'
            WHEN (CASE WHEN i.direction = 'lower' THEN o.plan / o.actual ELSE o.actual / o.plan END) * 100 >= 95 THEN 'near'
            ELSE 'missed' END AS status,
       o.derived, o.note, o.load_id
FROM observations o
JOIN indicators i ON i.code = o.indicator_code
LEFT JOIN units u ON u.code = o.unit_code
LEFT JOIN observations p ON p.unit_code = o.unit_code AND p.indicator_code = o.indicator_code AND p.year = o.year - 1
LEFT JOIN report_gaps g ON g.unit_code = o.unit_code AND g.indicator_code = o.indicator_code AND g.year = o.year`

func TestMain(m *testing.M) {
	if os.Getenv("CHITIEU_BENCH_INFO") != "" {
		fmt.Println("benchmarks build 10M observations; this takes a minute")
	}
	os.Exit(m.Run())
}
