package dashboards

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"chitieu/analytics"
	"chitieu/data"
)

// The chart's CSV neutralises text that a spreadsheet would run as a
// formula, and leaves its numbers, negative ones included, as they are.
func TestChartCSVNeutralizesFormulas(t *testing.T) {
	actual, yoy := 5119291.0, -12.5
	rows := []analytics.Row{{Year: 2018, UnitCode: "SYT", UnitNameVI: "=HYPERLINK(\"http://evil.example\",\"Sở Y tế\")",
		IndicatorCode: "KHAM_BENH", IndicatorNameVI: "@SUM(A1)", Measure: "-lượt", Actual: &actual, YoYPct: &yoy, Status: "no plan"}}
	var b strings.Builder
	if err := NewCatalog().WritePerformanceCSV(&b, rows, VI, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	for _, want := range []string{`"'=HYPERLINK(""http://evil.example"",""Sở Y tế"")"`, `,'@SUM(A1),`, `,'-lượt,`, `,5119291,`, `,-12.5,`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("the row lacks %s:\n%s", want, lines[1])
		}
	}
}

// At most MaxPNGRenders pictures are drawn at once: with every slot taken,
// another PNG waits, and gives up busy when its request ends, without
// drawing anything.
func TestPNGRendersAreBounded(t *testing.T) {
	e := NewExporter(nil, nil, NewCatalog(), nil)
	for range MaxPNGRenders {
		e.pngSlots <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := e.PNG(ctx, io.Discard, Chart{}, VI, DefaultW, DefaultH)
	if !errors.Is(err, data.ErrBusy) {
		t.Errorf("a third PNG: %v, want busy", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the refusal took %v", took)
	}
}
