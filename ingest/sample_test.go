package ingest_test

import (
	"context"
	"testing"

	"chitieu/analytics"
	"chitieu/data"
	"chitieu/data/sample"
	"chitieu/ingest"
)

func TestSampleLoads(t *testing.T) {
	ctx := context.Background()
	st, err := data.Open(ctx, "", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := analytics.Install(ctx, st.DB()); err != nil {
		t.Fatal(err)
	}
	in := ingest.New(st, nil)
	rep, err := in.LoadUploads(ctx, t.TempDir(), ingest.FSUploads(sample.Files, sample.Order()...), ingest.Options{User: "sample"})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.Summary())
	if !rep.OK {
		t.Fatal("refused")
	}
	rows, err := analytics.New(st.DB()).Performance(ctx, analytics.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		f := func(p *float64) any {
			if p == nil {
				return nil
			}
			return *p
		}
		t.Logf("%d %s %s actual=%v plan=%v att=%v yoy=%v status=%s", r.Year, r.UnitCode, r.IndicatorCode, f(r.Actual), f(r.Plan), f(r.AttainmentPct), f(r.YoYPct), r.Status)
	}
}
